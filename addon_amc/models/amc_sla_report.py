# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..lib import sla
from .amc_request import PRIORITY_SELECTION


class AmcSlaReport(models.Model):
    """One row per SLA clock of a request (``amc.request.sla``), for pivot and graph views.

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
        "amc.request": ["agreement_id", "company_id", "customer_id", "priority", "sla_policy_id", "user_id"],
        "amc.request.sla": ["company_id", "deadline", "done_date", "kind", "request_id", "status"],
    }

    request_id = fields.Many2one("amc.request", readonly=True)
    kind = fields.Selection(sla.KIND_SELECTION, string="SLA", readonly=True)
    status = fields.Selection(sla.STATUS_SELECTION, readonly=True)
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

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT s.id,
                           s.request_id,
                           s.kind,
                           s.status,
                           CASE WHEN s.status = 'met' THEN s.done_date ELSE s.deadline END AS date,
                           s.deadline,
                           r.customer_id AS partner_id,
                           r.agreement_id,
                           r.sla_policy_id,
                           r.priority,
                           r.user_id,
                           s.company_id,
                           CASE WHEN s.status = 'met' THEN 1 ELSE 0 END AS met_count,
                           CASE WHEN s.status = 'breached' THEN 1 ELSE 0 END AS breached_count,
                           CASE s.status WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END AS compliance
                      FROM amc_request_sla s
                      JOIN amc_request r ON r.id = s.request_id
                     WHERE s.deadline IS NOT NULL
                )
                """,
                SQL.identifier(self._table),
            )
        )
