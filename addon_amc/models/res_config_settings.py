# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amc_expiring_days = fields.Integer(
        string="Expiring Window (days)",
        config_parameter="addon_amc.expiring_days",
        default=60,
        help="The dashboard lists active agreements that end within this many days.",
    )

    amc_pack_threshold_warning = fields.Float(
        string="First Pack Alert (%)",
        config_parameter="addon_amc.pack_threshold_warning",
        default=80.0,
        help="The account manager is alerted once when a prepaid pack's use reaches this share.",
    )
    amc_pack_threshold_critical = fields.Float(
        string="Second Pack Alert (%)",
        config_parameter="addon_amc.pack_threshold_critical",
        default=95.0,
    )

    amc_scope_model_threshold = fields.Float(
        string="Learned Scope Threshold (%)",
        config_parameter="addon_amc.scope_model_threshold",
        default=50.0,
        help="Where no scope rule matches a request, the model learned from agents' decisions gives the scope "
        "when it is at least this confident; below it, the request needs review.",
    )

    @api.constrains("amc_scope_model_threshold")
    def _check_amc_scope_model_threshold(self):
        for settings in self:
            if not 0 < settings.amc_scope_model_threshold <= 100:
                raise ValidationError(self.env._("The learned scope threshold is a percentage between 1 and 100."))

    def action_amc_scope_reset_learning(self):
        """Forget what the scope classifier learned in the current company (managers only)."""
        return self.env["amc.scope.example"].action_reset_learning()

    @api.constrains("amc_pack_threshold_warning", "amc_pack_threshold_critical")
    def _check_amc_pack_thresholds(self):
        for settings in self:
            for value in (settings.amc_pack_threshold_warning, settings.amc_pack_threshold_critical):
                if not 0 < value <= 100:
                    raise ValidationError(self.env._("Pack alert thresholds are percentages between 1 and 100."))
            if settings.amc_pack_threshold_warning >= settings.amc_pack_threshold_critical:
                raise ValidationError(self.env._("The first pack alert must come before the second."))

    @api.constrains("amc_expiring_days")
    def _check_amc_expiring_days(self):
        for settings in self:
            if settings.amc_expiring_days <= 0:
                raise ValidationError(self.env._("The expiring window must be at least one day."))
