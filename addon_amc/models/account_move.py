# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    amc_statement_ids = fields.One2many("amc.statement", "invoice_id", string="Support Statements", readonly=True)
    amc_pack_ids = fields.One2many("amc.hour.pack", "invoice_id", string="Prepaid Packs", readonly=True)
    amc_released = fields.Boolean(
        string="Released by Support",
        readonly=True,
        copy=False,
        help="Cancelled, and what it invoiced (a support month, its adjustments, a prepaid pack) was given back "
        "to be invoiced again: it cannot be reset to draft, which would bill it twice.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("amc_released" in vals for vals in vals_list):
            raise AccessError(self.env._("Only the Support app marks an invoice as released."))
        moves = super().create(vals_list)
        modify = self.env.context.get("amc_modify")
        if modify is not None:
            # "Reverse and Create Invoice": the values copy_data gave (by identity) name the invoice replaced
            for vals, move in zip(vals_list, moves, strict=True):
                if id(vals) in modify["values"]:
                    modify["copies"][modify["values"][id(vals)]] = move.id
        return moves

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        modify = self.env.context.get("amc_modify")
        if modify is not None and not (default or {}).get("reversed_entry_id"):
            # account.move.reversal.reverse_moves: the copy replacing a support invoice (not the credit note,
            # which reverses it) takes over what it invoiced
            # (the credit note has given the month back already: the wizard said which invoices it replaces)
            for move, vals in zip(self, vals_list, strict=True):
                if move.id in modify["sources"]:
                    modify["values"][id(vals)] = move.id
        return vals_list

    def write(self, vals):
        if "amc_released" in vals and not self.env.su:
            raise AccessError(self.env._("Only the Support app marks an invoice as released."))
        return super().write(vals)

    def button_draft(self):
        released = self.filtered("amc_released")
        if released:
            raise UserError(
                self.env._(
                    "%(invoices)s was cancelled and what it invoiced was given back to Support: resetting it would "
                    "bill it twice. Create the invoice again from the monthly statement or the prepaid pack.",
                    invoices=", ".join(released.mapped("display_name")),
                )
            )
        return super().button_draft()

    def button_cancel(self):
        before = self.sudo().amc_pack_ids._usable_before()
        result = super().button_cancel()
        self._amc_release(before)
        return result

    def unlink(self):
        moves = self.filtered(lambda move: move.amc_statement_ids or move.line_ids.amc_adjustment_statement_id)
        statements = self.env["amc.statement"].sudo()
        # read before the delete: the lines and links go with it
        released = statements.search([("invoice_id", "in", moves.ids)])
        sources = moves.sudo().line_ids.amc_adjustment_statement_id
        packs = self.sudo().amc_pack_ids
        before = packs._usable_before()
        result = super().unlink()
        if released or sources:
            statements._release_statements(released.exists(), sources.exists())
        packs.exists()._on_payment_change(before)
        return result

    def _post(self, soft=True):
        # a credit note that reverses a pack's invoice takes the pack's hours back (paid-only packs)
        packs = self.sudo().reversed_entry_id.amc_pack_ids
        before = packs._usable_before()
        result = super()._post(soft=soft)
        packs._on_payment_change(before)
        return result

    def _amc_release_reversed(self):
        """Invoices of a support month (or carrying adjustments) that a credit note now fully reverses give the
        month back, as a cancellation does: it can be invoiced again, and the adjustments they carried are owed
        again (when a lock date forbids cancelling, reversing is how an accountant takes an invoice back)."""
        self.filtered(lambda move: move.payment_state == "reversed" and not move.amc_released)._amc_give_back()

    def _amc_give_back(self):
        """The moves of a support month or carrying its adjustments, taken back (cancelled or reversed): marked
        released (never reset to draft) and their months given back to the allocation."""
        released = self.filtered(lambda move: move.amc_statement_ids or move.line_ids.amc_adjustment_statement_id)
        if released:
            released.sudo().amc_released = True
            self.env["amc.statement"]._release_invoices(released)

    def _amc_take_over(self, source, months):
        """This draft invoice replaces ``source``, which a credit note just reversed ("Reverse and Create
        Invoice"): it takes over what ``source`` invoiced and the reversal gave back, its ``months`` (the
        statements it invoiced), its prepaid packs and the adjustments its lines carried (matched line by line:
        the copy's lines are the source's, in order), so that the months are invoiced by it, closed once it is
        posted, and nothing is owed twice."""
        self.ensure_one()
        source, move, months = source.sudo(), self.sudo(), months.sudo()
        lines = source.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        twins = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        for line, twin in zip(lines, twins, strict=False):
            if line.amc_adjustment_statement_id and (line.name, line.price_unit) == (twin.name, twin.price_unit):
                twin.write(
                    {
                        "amc_adjustment_statement_id": line.amc_adjustment_statement_id.id,
                        "amc_adjustment_amount": line.amc_adjustment_amount,
                    }
                )
        if months:
            months.write({"invoice_id": move.id, "invoice_released": False})
        packs = source.amc_pack_ids
        if packs:
            before = packs._usable_before()
            packs.write({"invoice_id": move.id})
            packs._on_payment_change(before)
        agreements = months.agreement_id | lines.amc_adjustment_statement_id.agreement_id
        if agreements:
            self.env["amc.statement"]._refresh_adjustments(agreements)

    def _amc_release(self, before):
        moves = self.filtered(lambda move: move.state == "cancel")
        moves._amc_give_back()
        moves.sudo().amc_pack_ids._on_payment_change(before)
