# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.6.0: the SLA clocks of a request become records (``amc.request.sla``).

Before the update, the ``sla_{response,resolution}_*`` columns of ``amc_request``
are copied into a side table: the ORM drops the columns of removed fields at
the end of the update, and the post-migration script builds the records from
this copy.
"""

from odoo.tools import SQL

KINDS = ("response", "resolution")
LEGACY_TABLE = "amc_request_sla_legacy"
SUFFIXES = ("deadline", "warning_date", "target_hours", "clock", "status", "warned", "breach_notified")


def _has_column(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


def save_legacy_columns(cr):
    """Copy the old clock columns of the requests into ``amc_request_sla_legacy``; False if there are none."""
    if not _has_column(cr, "amc_request", "sla_response_deadline"):
        return False
    columns = SQL(", ").join(SQL.identifier(f"sla_{kind}_{suffix}") for kind in KINDS for suffix in SUFFIXES)
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(LEGACY_TABLE)))
    cr.execute(
        SQL(
            "CREATE TABLE %s AS SELECT id AS request_id, sla_start_date, %s FROM amc_request",
            SQL.identifier(LEGACY_TABLE),
            columns,
        )
    )
    return True


def migrate(cr, version):
    if not version:
        return
    save_legacy_columns(cr)
