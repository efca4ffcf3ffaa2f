# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fill the stored statements: one row per agreement and month, from the allocation."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["amc.statement"]._sync_agreements(env["amc.agreement"].with_context(active_test=False).search([]))
