# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    amc_sla_policy_id = fields.Many2one(
        "amc.sla.policy",
        string="Default SLA Policy",
        domain="[('company_id', 'in', [id, False])]",
        help="SLA policy of the support agreements that do not set their own.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "amc_sla_policy_id" in vals:
            requests = self.env["amc.request"]._sla_open_on_company_default(self)
            requests._sla_queue_replan(reset_flags=True)
        return result
