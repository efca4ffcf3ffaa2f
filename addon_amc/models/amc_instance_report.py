# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Domain


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
        """Delete the reports older than the retention, except graded ones and
        each instance's latest. One query to find them, one to delete."""
        days = self.env["amc.settings"]._get("instance_report_retention_days")
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=days)
        latest = (
            self.env["amc.instance"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("last_report_id", "!=", False)], ["last_report_id"])
            .last_report_id
        )
        old = self.sudo().search(
            Domain("date", "<", limit) & Domain("graded", "=", False) & Domain("id", "not in", latest.ids)
        )
        count = len(old)
        old.unlink()
        return count
