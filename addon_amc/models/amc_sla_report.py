# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .amc_request import PRIORITY_SELECTION
from .amc_request_sla import SLA_STATUS_SELECTION


class AmcSlaReport(models.Model):
    """One row per request and SLA (response, resolution), for pivot and graph views.

    ``date`` is when the outcome became known: the response or resolution for
    a met SLA, the deadline otherwise (a breach happens at the deadline).
    ``compliance`` is 100 for met, 0 for breached and empty while open, so its
    average is the share of SLAs met.
    """

    _name = "amc.sla.report"
    _inherit = ["amc.guard.mixin"]
    _description = "SLA Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "request_id"
    _depends = {
        "amc.request": [
            "agreement_id",
            "company_id",
            "customer_id",
            "first_response_date",
            "priority",
            "resolved_date",
            "sla_policy_id",
            "sla_resolution_deadline",
            "sla_resolution_status",
            "sla_response_deadline",
            "sla_response_status",
            "user_id",
        ],
    }

    request_id = fields.Many2one("amc.request", readonly=True)
    kind = fields.Selection([("response", "Response"), ("resolution", "Resolution")], string="SLA", readonly=True)
    status = fields.Selection(SLA_STATUS_SELECTION, readonly=True)
    date = fields.Datetime(string="Outcome Date", readonly=True)
    deadline = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    agreement_id = fields.Many2one("amc.agreement", readonly=True)
    sla_policy_id = fields.Many2one("amc.sla.policy", string="SLA Policy", readonly=True)
    priority = fields.Selection(PRIORITY_SELECTION, readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    compliance = fields.Float(string="Compliance (%)", aggregator="avg", readonly=True)

    def _select_kind(self, kind, offset):
        status = SQL.identifier("r", f"sla_{kind}_status")
        deadline = SQL.identifier("r", f"sla_{kind}_deadline")
        done = SQL("COALESCE(r.first_response_date, r.resolved_date)") if kind == "response" else SQL("r.resolved_date")
        return SQL(
            """
            SELECT r.id * 2 - %(offset)s AS id,
                   r.id AS request_id,
                   %(kind)s AS kind,
                   %(status)s AS status,
                   CASE WHEN %(status)s = 'met' THEN %(done)s ELSE %(deadline)s END AS date,
                   %(deadline)s AS deadline,
                   r.customer_id AS partner_id,
                   r.agreement_id,
                   r.sla_policy_id,
                   r.priority,
                   r.user_id,
                   r.company_id,
                   CASE WHEN %(status)s = 'met' THEN 1 ELSE 0 END AS met_count,
                   CASE WHEN %(status)s = 'breached' THEN 1 ELSE 0 END AS breached_count,
                   CASE %(status)s WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END AS compliance
              FROM amc_request r
             WHERE %(deadline)s IS NOT NULL
            """,
            offset=offset,
            kind=kind,
            status=status,
            deadline=deadline,
            done=done,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s UNION ALL %s)",
                SQL.identifier(self._table),
                self._select_kind("response", 1),
                self._select_kind("resolution", 0),
            )
        )
