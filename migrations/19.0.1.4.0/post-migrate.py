# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.4.0: requests created before request numbers get their reference (per company, oldest first)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["amc.request"].with_context(active_test=False).search([("reference", "=", False)])._assign_missing_references()
