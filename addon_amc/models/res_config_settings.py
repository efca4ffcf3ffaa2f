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

    @api.constrains("amc_expiring_days")
    def _check_amc_expiring_days(self):
        for settings in self:
            if settings.amc_expiring_days <= 0:
                raise ValidationError(self.env._("The expiring window must be at least one day."))
