# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""amc.statement was an SQL view: drop it so that the ORM creates the stored table."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP VIEW IF EXISTS amc_statement CASCADE")
