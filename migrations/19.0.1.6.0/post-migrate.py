# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.6.0: one ``amc.request.sla`` record per request and planned clock.

Reads the copy the pre-migration script made of the old ``sla_{kind}_*``
columns: every response or resolution with a deadline becomes a clock with
the same deadline, warning date, target, clock, status and notification
flags; its done date and next check are then computed by the ORM.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

KINDS = ("response", "resolution")
LEGACY_TABLE = "amc_request_sla_legacy"


def _has_table(cr, table):
    cr.execute("SELECT 1 FROM information_schema.tables WHERE table_name = %s", [table])
    return bool(cr.fetchone())


def create_clocks(cr):
    """Create the clocks from ``amc_request_sla_legacy`` and drop it; returns the number created."""
    if not _has_table(cr, LEGACY_TABLE):
        return 0
    created = 0
    for kind in KINDS:

        def col(suffix, kind=kind):
            return SQL.identifier("l", f"sla_{kind}_{suffix}")

        cr.execute(
            SQL(
                """
                INSERT INTO amc_request_sla (
                    request_id, company_id, kind, start_date, deadline, warning_date, target_hours, clock,
                    status, warned, breach_notified, create_uid, create_date, write_uid, write_date
                )
                SELECT l.request_id, r.company_id, %(kind)s, l.sla_start_date, %(deadline)s, %(warning)s,
                       COALESCE(%(hours)s, 0), %(clock)s, %(status)s, COALESCE(%(warned)s, FALSE),
                       COALESCE(%(notified)s, FALSE), %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s,
                       NOW() AT TIME ZONE 'UTC'
                  FROM %(legacy)s l
                  JOIN amc_request r ON r.id = l.request_id
                 WHERE %(deadline)s IS NOT NULL
                ON CONFLICT (request_id, kind) DO NOTHING
                """,
                kind=kind,
                deadline=col("deadline"),
                warning=col("warning_date"),
                hours=col("target_hours"),
                clock=col("clock"),
                status=col("status"),
                warned=col("warned"),
                notified=col("breach_notified"),
                uid=SUPERUSER_ID,
                legacy=SQL.identifier(LEGACY_TABLE),
            )
        )
        created += cr.rowcount
    cr.execute(SQL("DROP TABLE %s", SQL.identifier(LEGACY_TABLE)))
    env = api.Environment(cr, SUPERUSER_ID, {})
    Clock = env["amc.request.sla"]
    clocks = Clock.search([])
    for name in ("done_date", "next_check"):
        env.add_to_compute(Clock._fields[name], clocks)
    clocks.flush_recordset()
    return created


def migrate(cr, version):
    if not version:
        return
    create_clocks(cr)
