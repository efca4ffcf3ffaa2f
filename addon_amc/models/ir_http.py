# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal's burn-down chart and SLA badges speak the customer's language too."""
        return [*super()._get_translation_frontend_modules_name(), "addon_amc"]
