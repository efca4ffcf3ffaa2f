# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..lib import settings as registry


class AmcSettings(models.AbstractModel):
    """The one typed reader (and writer) of the module's settings.

    Each setting is declared once in ``lib/settings.py`` (key, type, default,
    bounds). ``_get`` reads its ``ir.config_parameter`` (cached by Odoo per key)
    and parses it: a missing, malformed or out-of-bounds value reads as the
    default, so a tampered parameter never breaks a cron or a screen.
    """

    _name = "amc.settings"
    _description = "Support Settings Reader"

    @api.model
    def _get(self, name):
        setting = registry.get(name)
        return setting.from_stored(self.env["ir.config_parameter"].sudo().get_param(setting.key))

    @api.model
    def _set(self, name, value):
        """Store ``value`` (typed, checked by the registry: ``SettingError`` when refused)."""
        setting = registry.get(name)
        self.env["ir.config_parameter"].sudo().set_param(setting.key, setting.dump(value))
