# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

CHECK_CODES = [
    ("cron_failures", "Failing scheduled actions"),
    ("cron_switched_off", "Scheduled actions switched off"),
    ("cron_late", "Late scheduled actions"),
    ("db_size", "Database size"),
    ("filestore_size", "Filestore size"),
    ("backup", "Backups"),
    ("module_updates", "Pending module updates"),
    ("config_drift", "Configuration changes"),
    ("version_runway", "Version support runway"),
    ("instance_reporting", "Instance reporting"),
]


class AmcHealthCheckLine(models.Model):
    _name = "amc.health.check.line"
    _inherit = ["amc.guard.mixin"]
    _description = "Health Check Result"
    _order = "check_id, sequence, id"

    check_id = fields.Many2one("amc.health.check", string="Health Check", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="check_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    instance_id = fields.Many2one("amc.instance", index="btree_not_null", help="The instance this result is about.")
    report_id = fields.Many2one(
        "amc.instance.report", string="Graded Report", index="btree_not_null", ondelete="set null"
    )
    code = fields.Selection(CHECK_CODES, string="Check", required=True)
    status = fields.Selection(
        [("pass", "Pass"), ("warn", "Warning"), ("fail", "Fail")],
        required=True,
        default="pass",
    )
    value = fields.Char(string="Measured", help="What the check measured.")
    threshold = fields.Char(help="The limit the measure is compared with.")
    advice = fields.Text()
    details = fields.Html(sanitize=True, help="The records behind the result, with links.")
