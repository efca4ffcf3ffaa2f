# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # hub side
    amc_instance_silent_hours = fields.Integer(
        string="Instance Silent After (h)",
        config_parameter="addon_amc.instance_silent_hours",
        default=26,
        help='An instance without a report for this long is silent and fails the "instance reporting" check.',
    )
    amc_instance_report_retention_days = fields.Integer(
        string="Keep Instance Reports (days)",
        config_parameter="addon_amc.instance_report_retention_days",
        default=90,
        help="Older reports are purged, except those a health check graded and each instance's latest.",
    )
    # reporting side: system administrators only
    amc_hub_url = fields.Char(
        string="Hub URL",
        config_parameter="addon_amc.hub_url",
        groups="base.group_system",
        help="The address of the support partner's Odoo, e.g. https://support.example.com",
    )
    amc_hub_token = fields.Char(
        string="Instance Token",
        config_parameter="addon_amc.hub_token",
        groups="base.group_system",
        help="The token the hub generated for this instance.",
    )
    amc_hub_database = fields.Char(
        string="Hub Database",
        config_parameter="addon_amc.hub_database",
        groups="base.group_system",
        help="Only when the hub's server hosts several databases.",
    )
    amc_reporter_last_success = fields.Char(
        string="Last Report Sent", compute="_compute_amc_reporter_status", groups="base.group_system"
    )
    amc_reporter_last_failure = fields.Char(
        string="Last Failure", compute="_compute_amc_reporter_status", groups="base.group_system"
    )

    @api.depends("amc_hub_url")
    def _compute_amc_reporter_status(self):
        params = self.env["amc.instance.collector"]._get_reporter_params()
        for settings in self:
            settings.amc_reporter_last_success = (
                f"{params['reporter_last_success']} UTC — {params['reporter_last_success_message']}"
                if params["reporter_last_success"]
                else self.env._("never")
            )
            settings.amc_reporter_last_failure = (
                f"{params['reporter_last_failure']} UTC — {params['reporter_last_failure_message']}"
                if params["reporter_last_failure"]
                else self.env._("none")
            )

    @api.constrains("amc_instance_silent_hours", "amc_instance_report_retention_days", "amc_hub_url")
    def _check_amc_instance_settings(self):
        for settings in self:
            if settings.amc_instance_silent_hours < 1:
                raise ValidationError(self.env._("An instance is silent after at least 1 hour."))
            if settings.amc_instance_report_retention_days < 1:
                raise ValidationError(self.env._("Instance reports are kept at least 1 day."))
            url = settings.sudo().amc_hub_url
            if url and not url.startswith(("https://", "http://")):
                raise ValidationError(self.env._("The hub URL starts with https:// (or http:// on a local network)."))

    def action_amc_send_report_now(self):
        if not self.env.user._is_system():
            raise AccessError(self.env._("Only system administrators send instance reports."))
        self.execute()
        return self.env["amc.instance.collector"].action_send_report_now()
