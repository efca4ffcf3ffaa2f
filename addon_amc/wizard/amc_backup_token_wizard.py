# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AmcBackupTokenWizard(models.TransientModel):
    """Shows a freshly generated instance token once.

    The dialog is opened on a new record filled from the action's context and
    closed without saving: the clear token never reaches the database, only
    its hash on the instance. The token serves the instance's health reports
    (set it with the hub URL in the instance's Settings) and its backup job.
    """

    _name = "amc.backup.token.wizard"
    _inherit = ["amc.guard.mixin"]
    _description = "Instance Token"

    agreement_id = fields.Many2one("amc.agreement", readonly=True)
    instance_id = fields.Many2one("amc.instance", readonly=True)
    hub_url = fields.Char(string="Hub URL", readonly=True)
    token = fields.Char(readonly=True)
    report_url = fields.Char(string="Report URL", readonly=True)
    example = fields.Text(compute="_compute_example")

    @api.depends("token", "report_url")
    def _compute_example(self):
        for wizard in self:
            wizard.example = (
                f"curl -fsS -X POST '{wizard.report_url}' -H 'Authorization: Bearer {wizard.token}' "
                f"-H 'Content-Type: application/json' -H 'X-Odoo-Database: {self.env.cr.dbname}' "
                """-d '{"status": "success", "finished_at": "2026-01-31T02:00:00Z", "size_bytes": 1073741824}'"""
            )

    @api.model_create_multi
    def create(self, vals_list):
        # a user naming the token is refused (amc.guard.mixin); nobody's is kept, even if the dialog gets saved
        self._amc_check_vals(vals_list)
        for vals in vals_list:
            vals.pop("token", None)
        return super().create(vals_list)
