# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    amc_statement_ids = fields.One2many("amc.statement", "invoice_id", string="Support Statements", readonly=True)
    amc_pack_ids = fields.One2many("amc.hour.pack", "invoice_id", string="Prepaid Packs", readonly=True)

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
        released.exists().invoice_id = False
        agreements = (released | sources).exists().agreement_id
        if released:
            statements._sync_statements({(s.agreement_id.id, s.month) for s in released.exists()})
        if agreements:
            statements._refresh_adjustments(agreements)
        packs.exists()._on_payment_change(before)
        return result

    def _amc_release(self, before):
        moves = self.filtered(lambda move: move.state == "cancel")
        if moves.amc_statement_ids or moves.line_ids.amc_adjustment_statement_id:
            self.env["amc.statement"]._release_invoices(moves)
        moves.sudo().amc_pack_ids._on_payment_change(before)
