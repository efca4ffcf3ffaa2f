# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amc_alias_name = fields.Char(
        string="Support Alias",
        compute="_compute_amc_alias_name",
        readonly=False,
        store=True,
        help="Emails to this address become support requests: e.g. support.",
    )
    amc_alias_domain = fields.Char(related="company_id.alias_domain_id.name", string="Support Alias Domain")

    @api.depends("company_id")
    def _compute_amc_alias_name(self):
        for settings in self:
            settings.amc_alias_name = settings.company_id.sudo().amc_alias_id.alias_name

    def set_values(self):
        result = super().set_values()
        if self.env.user.has_group("addon_amc.group_amc_manager"):
            for settings in self:
                settings.company_id._amc_set_alias_name((settings.amc_alias_name or "").strip())
        return result
