# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An optional email alias per agreement: emails to it become requests on the agreement."""

from odoo import models


class AmcAgreement(models.Model):
    _name = "amc.agreement"
    _inherit = ["amc.agreement", "mail.alias.mixin.optional"]

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("amc.request")
        if self.id:
            # read by amc.request.message_new, which still checks the sender belongs to the customer
            values["alias_defaults"] = repr({"agreement_id": self.id, "company_id": self.company_id.id})
        return values
