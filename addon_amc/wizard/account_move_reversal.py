# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        """ "Reverse and Create Invoice" (``is_modify``): the credit note gives the invoiced month back, as any
        reversal does, and the draft copy that replaces the invoice takes it again (:meth:`account.move.
        _amc_take_over`): the copy invoices the same month, pack and adjustments, so nothing is billed twice."""
        if not is_modify:
            return super().reverse_moves(is_modify=is_modify)
        # the months each support invoice invoiced, read before the credit note gives them back
        months = {
            move.id: move.amc_statement_ids
            for move in self.move_ids.sudo()
            if move.amc_statement_ids or move.amc_pack_ids or move.line_ids.amc_adjustment_statement_id
        }
        if not months:
            return super().reverse_moves(is_modify=is_modify)
        # copy_data records which invoice each copy's values come from, and create which copy they became
        modify = {"sources": set(months), "values": {}, "copies": {}}
        result = super(AccountMoveReversal, self.with_context(amc_modify=modify)).reverse_moves(is_modify=is_modify)
        Move = self.env["account.move"]
        for source_id, copy_id in modify["copies"].items():
            Move.browse(copy_id)._amc_take_over(Move.browse(source_id), months[source_id])
        return result
