# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    amc_adjustment_statement_id = fields.Many2one(
        "amc.statement",
        string="Adjusted Statement",
        readonly=True,
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

    def reconcile(self):
        result = super().reconcile()
        self.move_id.sudo().amc_pack_ids._on_payment_change()
        return result

    def remove_move_reconcile(self):
        moves = (
            self.matched_debit_ids.debit_move_id.move_id | self.matched_credit_ids.credit_move_id.move_id | self.move_id
        )
        result = super().remove_move_reconcile()
        moves.sudo().amc_pack_ids._on_payment_change()
        return result
