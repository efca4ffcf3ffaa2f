# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import maintenance


class AmcInstanceReport(models.Model):
    """One snapshot of an instance's facts: the payload as received, plus the
    summary columns lists and the dashboard need."""

    _name = "amc.instance.report"
    _inherit = ["amc.guard.mixin"]
    _description = "Instance Report"
    _order = "date desc, id desc"
    _rec_name = "date"

    instance_id = fields.Many2one("amc.instance", required=True, ondelete="cascade", index=True, readonly=True)
    agreement_id = fields.Many2one(related="instance_id.agreement_id", store=True, index=True)
    company_id = fields.Many2one(related="instance_id.company_id", store=True, index=True)
    date = fields.Datetime(string="Collected", required=True, readonly=True, index=True)
    received_date = fields.Datetime(string="Received", required=True, readonly=True)
    source = fields.Selection(
        [("http", "Reported over HTTP"), ("local", "Collected locally")], required=True, readonly=True
    )
    remote_addr = fields.Char(string="Reported From", readonly=True)
    schema_version = fields.Integer(readonly=True)
    payload = fields.Json(readonly=True)
    odoo_version = fields.Char(readonly=True)
    cron_failing_count = fields.Integer(string="Failing Scheduled Actions", readonly=True)
    module_pending_count = fields.Integer(string="Modules to Update", readonly=True)
    change_count = fields.Integer(string="Configuration Changes", readonly=True)
    db_size_mb = fields.Float(string="Database Size (MB)", readonly=True, digits=(16, 2))
    filestore_size_mb = fields.Float(string="Filestore Size (MB)", readonly=True, digits=(16, 2))
    active_users = fields.Integer(string="Active Internal Users", readonly=True)
    graded = fields.Boolean(readonly=True, index=True, help="A health check graded this report: it is kept.")

    @api.model
    def _cron_purge(self):
        """Delete the reports older than the retention, except graded ones, each instance's latest, and
        those the next health check still reads (:meth:`_pending_check_sql`). One query to find them,
        one to delete."""
        days = self.env["amc.settings"]._get("instance_report_retention_days")
        now = fields.Datetime.now()
        limit = fields.Datetime.subtract(now, days=days)
        self.flush_model(["instance_id", "date", "graded"])
        self.env["amc.instance"].flush_model(["agreement_id", "last_report_id"])
        self.env["amc.agreement"].flush_model(["health_check_interval"])
        self.env.cr.execute(
            SQL(
                """
                WITH graded AS (
                    SELECT instance_id, MAX(date) AS date FROM amc_instance_report WHERE graded GROUP BY instance_id
                )
                SELECT r.id
                  FROM amc_instance_report r
                  JOIN amc_instance i ON i.id = r.instance_id
             LEFT JOIN amc_agreement a ON a.id = i.agreement_id
             LEFT JOIN graded g ON g.instance_id = r.instance_id
                 WHERE r.date < %(limit)s
                   AND r.graded IS NOT TRUE
                   AND r.id IS DISTINCT FROM i.last_report_id
                   AND NOT %(pending)s
                """,
                limit=limit,
                pending=self._pending_check_sql(now),
            )
        )
        old = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        count = len(old)
        old.unlink()
        return count

    @api.model
    def _pending_check_sql(self, now):
        """The condition (on ``r``, the report, ``a``, its agreement, and ``g``, its instance's latest graded
        report) of a report the agreement's next scheduled health check reads: newer than the latest graded one
        (a check adds up the changes reported since the previous check, :meth:`amc.health.check._report_periods`),
        and at most two of the agreement's intervals old, so that an agreement whose checks stopped does not keep
        its reports for ever. A quarterly check reads 92 days back, past the 90-day default retention."""
        since = SQL(" ").join(
            SQL("WHEN %s THEN %s::timestamp", interval, fields.Datetime.subtract(now, months=2 * months))
            for interval, months in maintenance.INTERVAL_MONTHS.items()
        )
        return SQL(
            "(COALESCE(r.date >= (CASE a.health_check_interval %s END), FALSE)"
            " AND r.date > COALESCE(g.date, '-infinity'::timestamp))",
            since,
        )
