# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

# set only by the module, as superuser, on the invoice of a statement (amc.statement._billable_lines)
ADJUSTMENT_FIELDS = ("amc_adjustment_statement_id", "amc_adjustment_amount")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    amc_adjustment_statement_id = fields.Many2one(
        "amc.statement",
        string="Adjusted Statement",
        readonly=True,
        check_company=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The invoiced support month whose change this line carries.",
    )
    amc_adjustment_amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="The change carried, as it counts on the adjusted statement (whatever the document's sign).",
    )

    def _check_adjustment_fields(self, vals_list):
        """An adjustment line moves what a support statement still owes: only the module sets it.
        A view's readonly protects nothing against a direct create or write."""
        if self.env.su:
            return
        if any(fname in vals for vals in vals_list for fname in ADJUSTMENT_FIELDS):
            raise AccessError(
                self.env._(
                    "Support adjustment lines are set by the Support app when it invoices a month, never by hand."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_adjustment_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_adjustment_fields([vals])
        return super().write(vals)

    def reconcile(self):
        packs = self.move_id.sudo().amc_pack_ids
        before = packs._usable_before()
        result = super().reconcile()
        packs._on_payment_change(before)
        self.move_id.sudo()._amc_release_reversed()
        return result

    def remove_move_reconcile(self):
        moves = (
            self.matched_debit_ids.debit_move_id.move_id | self.matched_credit_ids.credit_move_id.move_id | self.move_id
        )
        packs = moves.sudo().amc_pack_ids
        before = packs._usable_before()
        result = super().remove_move_reconcile()
        packs._on_payment_change(before)
        return result
