# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AmcRequest(models.Model):
    _inherit = "amc.request"

    def write(self, vals):
        if "agreement_id" not in vals:
            return super().write(vals)
        Statement = self.env["amc.statement"]
        entries = self.sudo().time_entry_ids
        # out of a closed month of the current agreement, and into one of the new agreement
        Statement._check_months_open({(entry.agreement_id.id, entry.date) for entry in entries})
        Statement._check_months_open({(vals["agreement_id"], entry.date) for entry in entries})
        return super().write(vals)
