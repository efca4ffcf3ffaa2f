# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .amc_request import DONE_STATES


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amc_sla_policy_id = fields.Many2one(
        related="company_id.amc_sla_policy_id",
        readonly=False,
        string="Default SLA Policy",
    )
    amc_sla_warning_percent = fields.Float(
        string="SLA Warning (%)",
        config_parameter="addon_amc.sla_warning_percent",
        default=75.0,
        help="The assignee gets one activity when this share of a response or resolution target has elapsed.",
    )

    @api.constrains("amc_sla_warning_percent")
    def _check_amc_sla_warning_percent(self):
        for settings in self:
            if not 0 < settings.amc_sla_warning_percent < 100:
                raise ValidationError(self.env._("The SLA warning is a percentage between 1 and 99."))

    def set_values(self):
        Request = self.env["amc.request"]
        old = Request._sla_warning_share()
        result = super().set_values()
        if Request._sla_warning_share() != old:
            # warning dates of open requests follow the new share
            open_requests = self.env["amc.request"].sudo().search([("state", "not in", DONE_STATES)])
            open_requests._sla_queue_replan()
        return result
