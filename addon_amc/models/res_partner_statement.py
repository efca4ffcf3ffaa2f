# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        if "active" not in vals:
            return super().write(vals)
        # archived contacts are no longer registered first-line users: the fees of open months change
        agreements = (
            self.env["amc.agreement"]
            .sudo()
            .with_context(active_test=False)
            .search([("has_first_line", "=", True), ("support_contact_ids", "in", self.ids)])
        )
        result = super().write(vals)
        self.env["amc.statement"]._sync_open_months(agreements.with_context(active_test=True))
        return result
