# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AmcBackupLog(models.Model):
    """One run of the customer's backup job, as reported to /addon_amc/backup/report."""

    _name = "amc.backup.log"
    _inherit = ["amc.guard.mixin"]
    _description = "Backup Report"
    _order = "finished_at desc, id desc"
    _rec_name = "finished_at"

    # no check_company: the company comes from the agreement (empty on a new record)
    agreement_id = fields.Many2one("amc.agreement", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    instance_id = fields.Many2one(
        "amc.instance",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The instance whose token sent the report.",
    )
    status = fields.Selection([("success", "Success"), ("failed", "Failed")], required=True, readonly=True, index=True)
    finished_at = fields.Datetime(string="Finished", required=True, readonly=True, index=True)
    size_mb = fields.Float(string="Size (MB)", readonly=True, digits=(16, 2))
    duration_seconds = fields.Integer(string="Duration (s)", readonly=True)
    database = fields.Char(readonly=True, help="Name of the database the backup job dumped, as reported.")
    message = fields.Char(readonly=True, help="What the backup job said, e.g. the error of a failed run.")
    remote_addr = fields.Char(string="Reported From", readonly=True)

    _size_positive = models.Constraint(
        "CHECK(size_mb >= 0 AND duration_seconds >= 0)",
        "A backup's size and duration cannot be negative.",
    )
