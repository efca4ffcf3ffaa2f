# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.2.0: the per-agreement backup token becomes an instance token.

Each agreement that had a backup token gets a production instance holding the
same token hash, so the customer's backup job keeps reporting unchanged; the
token then also serves the instance's health reports.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["amc.instance"]._migrate_agreement_backup_tokens()
