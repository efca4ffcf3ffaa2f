# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, UserError

from .amc_statement_invoicing import open_invoice_action

PAID_STATES = ("paid", "in_payment")


class AmcHourPack(models.Model):
    _inherit = "amc.hour.pack"

    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, index="btree_not_null", ondelete="set null")
    invoice_state = fields.Selection(related="invoice_id.state", string="Invoice Status")
    invoice_payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment Status", store=True)

    @api.model
    def _packs_paid_only(self):
        return self.env["amc.settings"]._get("packs_paid_only")

    def _is_usable_paid(self):
        """Paid, and not taken back by a posted credit note (a refunded pack stays "paid": the credit note is
        reconciled with the refund, not with the invoice)."""
        self.ensure_one()
        invoice = self.invoice_id
        return (
            invoice.state == "posted"
            and self.invoice_payment_state in PAID_STATES
            and not invoice.sudo().reversal_move_ids.filtered(lambda move: move.state == "posted")
        )

    def _invoice_taken_back(self):
        """The pack's invoice is cancelled or reversed by a posted credit note: the pack may be invoiced again."""
        self.ensure_one()
        invoice = self.invoice_id.sudo()
        return invoice.state == "cancel" or bool(invoice.reversal_move_ids.filtered(lambda m: m.state == "posted"))

    def _filter_allocatable(self):
        """The packs the allocation may consume: all of them, or only the paid ones (Settings)."""
        if not self._packs_paid_only():
            return self
        return self.filtered(lambda pack: pack._is_usable_paid())

    def _usable_before(self):
        """``{pack id: usable}`` now, to hand to :meth:`_on_payment_change` once the invoice changed."""
        return {pack.id: pack._is_usable_paid() for pack in self.sudo()}

    def _on_payment_change(self, before):
        """A pack's invoice was created, paid, unpaid, cancelled or deleted. With paid-only packs, a pack
        whose usability flipped (``before``: :meth:`_usable_before`) is allocated again from its purchase
        date, as any change of a pack is; an invoice event that changes nothing (a draft, a partial
        payment, a second reconciliation) allocates nothing. The cost is not the agreement's history."""
        if not self or not self._packs_paid_only():
            return
        flipped = self.exists().filtered(lambda pack: pack._is_usable_paid() != before.get(pack.id, False))
        flipped._reallocate_from_purchase()

    def _get_invoice_product(self):
        self.ensure_one()
        key = f"product_pack_{self.size}" if self.size in ("25", "50", "100") else "product_pack_other"
        return self.env["amc.statement"]._get_product(key)

    def action_create_invoice(self):
        """Invoice the pack at its price, with the pack's product."""
        Statement = self.env["amc.statement"]
        Statement._check_invoice_rights()
        self.check_access("read")
        moves = self.env["account.move"]
        before = self._usable_before()
        for pack in self:
            if pack.invoice_id and not pack._invoice_taken_back():
                raise RedirectWarning(
                    self.env._(
                        "%(pack)s is already invoiced (%(invoice)s).",
                        pack=pack.name,
                        invoice=pack.invoice_id.display_name,
                    ),
                    open_invoice_action(pack.invoice_id),
                    self.env._("Open the invoice"),
                )
            agreement = pack.agreement_id
            if not agreement.partner_id:
                raise UserError(
                    self.env._("%(agreement)s has no customer to invoice.", agreement=agreement.display_name)
                )
            journal = agreement._get_invoice_journal()
            if not journal:
                raise UserError(
                    self.env._(
                        "%(company)s has no sales journal to invoice in.", company=agreement.company_id.display_name
                    )
                )
            move = (
                self.env["account.move"]
                .sudo()
                .with_company(agreement.company_id)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": agreement.partner_id.id,
                        "company_id": agreement.company_id.id,
                        "currency_id": agreement.currency_id.id,
                        "journal_id": journal.id,
                        "invoice_origin": f"{agreement.name}: {pack.name}",
                        "invoice_line_ids": [
                            fields.Command.create(
                                {
                                    "product_id": pack._get_invoice_product().id,
                                    "name": self.env._(
                                        "Prepaid support pack of %(hours)s hours (%(agreement)s)",
                                        hours=f"{pack.hours:g}",
                                        agreement=agreement.name,
                                    ),
                                    "quantity": 1.0,
                                    "price_unit": pack.price,
                                }
                            )
                        ],
                    }
                )
            )
            if pack.invoice_id.state == "cancel":  # replaced: it must not come back through a reset to draft
                pack.invoice_id.sudo().amc_released = True
            pack.sudo().invoice_id = move
            moves |= move
        moves.amc_pack_ids._on_payment_change(before)
        if len(moves) == 1:
            return open_invoice_action(moves)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices"),
            "res_model": "account.move",
            "domain": [("id", "in", moves.ids)],
            "views": [[False, "list"], [False, "form"]],
        }

    def action_view_invoice(self):
        self.ensure_one()
        return open_invoice_action(self.invoice_id)
