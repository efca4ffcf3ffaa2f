# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The company's support alias (e.g. ``support@``): emails to it become requests."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    amc_alias_id = fields.Many2one(
        "mail.alias",
        string="Support Alias",
        ondelete="set null",
        copy=False,
        help="Emails to this address become support requests of the company.",
    )

    def _amc_set_alias_name(self, name):
        """Create, rename or (empty name) delete the company's support alias."""
        self.ensure_one()
        Alias = self.env["mail.alias"].sudo()
        alias = self.sudo().amc_alias_id
        if not name:
            if alias:
                self.sudo().amc_alias_id = False
                alias.unlink()
            return
        if alias:
            if alias.alias_name != name:
                alias.alias_name = name
            return
        self.sudo().amc_alias_id = Alias.create(
            {
                "alias_name": name,
                "alias_model_id": self.env["ir.model"]._get_id("amc.request"),
                "alias_defaults": repr({"company_id": self.id}),
                "alias_domain_id": self.alias_domain_id.id,
                "alias_contact": "everyone",
            }
        )
