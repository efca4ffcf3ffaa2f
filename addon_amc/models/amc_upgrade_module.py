# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AmcUpgradeModule(models.Model):
    """One installed non-standard module to review for an upgrade (inventory line)."""

    _name = "amc.upgrade.module"
    _inherit = ["amc.guard.mixin"]
    _description = "Upgrade Module Inventory"
    _order = "plan_id, is_custom desc, name"

    plan_id = fields.Many2one("amc.upgrade.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    module_id = fields.Many2one("ir.module.module", ondelete="set null")
    name = fields.Char(string="Technical Name", required=True)
    shortdesc = fields.Char(string="Module Name")
    author = fields.Char()
    version = fields.Char(string="Installed Version")
    license = fields.Char()
    path = fields.Char(string="Location on Disk")
    outside_odoo = fields.Boolean(
        string="Outside Odoo's Addons",
        help="The module is not in Odoo's own addons directories (odoo/addons and the community addons).",
    )
    is_custom = fields.Boolean(
        string="Needs Code Review",
        help="Custom or third-party code: it must be ported and reviewed for the target series.",
    )
    reviewed = fields.Boolean()
    note = fields.Char()
