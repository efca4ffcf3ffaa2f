# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo: backup reports and a health check history on the demo agreements."""

from datetime import timedelta

from odoo import fields


def generate_ops_history(env, agreement_xmlid, checks=3, nights=14, failed_night=5):
    """Nightly backup reports and a monthly health check history on a demo agreement.

    The checks really run on this instance, then are dated back one month
    apart, with a smaller database each month before, to show the growth.
    """
    agreement = env.ref(agreement_xmlid)
    now = fields.Datetime.now().replace(microsecond=0)
    env["amc.backup.log"].create(
        [
            {
                "agreement_id": agreement.id,
                "status": "failed" if night == failed_night else "success",
                "finished_at": (now - timedelta(days=night)).replace(hour=2, minute=10 + night, second=0),
                "size_mb": 0.0 if night == failed_night else 850.0 + 3.5 * (nights - night),
                "duration_seconds": 40 if night == failed_night else 380 + 7 * (nights - night),
                "database": "prod",
                "message": "pg_dump: could not connect to the server" if night == failed_night else False,
            }
            for night in range(nights, 0, -1)
        ]
    )
    history = env["amc.health.check"]
    for months_ago in range(checks, 0, -1):
        check = env["amc.health.check"].sudo().create({"agreement_id": agreement.id, "trigger": "scheduled"})
        check._run_checks()
        check.write(
            {
                "date": fields.Datetime.subtract(now, months=months_ago),
                "db_size_mb": check.db_size_mb * (1 - 0.04 * months_ago),
                "filestore_size_mb": check.filestore_size_mb * (1 - 0.06 * months_ago),
            }
        )
        history |= check
    return history
