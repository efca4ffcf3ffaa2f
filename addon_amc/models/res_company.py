# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain


class ResCompany(models.Model):
    _inherit = "res.company"

    amc_sla_policy_id = fields.Many2one(
        "amc.sla.policy",
        string="Default SLA Policy",
        domain="[('company_id', 'in', [id, False])]",
        help="SLA policy of the support agreements that do not set their own.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "amc_sla_policy_id" in vals:
            requests = self.env["amc.request"]._sla_open_on_company_default(self)
            requests._sla_queue_replan(reset_flags=True)
        return result

    def _amc_today(self, timestamp=None):
        """The company's date today, or at ``timestamp`` (a naive UTC datetime, as stored).

        A support agreement's business dates (its period, its statement months, what is
        due or expired today, pack expiry, patch deadlines, health-check dates, the
        defaults of date fields) are in the timezone of the agreement's company: the one
        of its working hours, else of its address, else UTC. Never the timezone of the
        user who looks or of the cron's user: between midnight in UTC and midnight at the
        company they see different days, and the module would disagree with itself
        (an entry dated before the period it belongs to, a statement month the check
        does not expect, a stored state that depends on who recomputed it).
        """
        self.ensure_one()
        company = self.sudo()  # the working hours are not readable by every user (portal)
        tz = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz), timestamp)

    def _amc_todays(self):
        """``{company: today}`` for these companies (:meth:`_amc_today`), for loops over the
        records of several companies. The empty company (a record being created, its company
        not set yet) has the current company's today, as the defaults of date fields."""
        todays = {company: company._amc_today() for company in self}
        todays[self.browse()] = self.env.company._amc_today()
        return todays

    @api.model
    def _amc_today_domain(self, condition):
        """``condition(today)`` on records with a ``company_id``, each company's with its own
        today (:meth:`_amc_today`): one domain for the searches across companies (crons,
        search filters). Companies on the same day share one branch."""
        companies = self.sudo().with_context(active_test=False).search_fetch([], ["resource_calendar_id", "partner_id"])
        by_day = defaultdict(list)
        for company in companies:
            by_day[company._amc_today()].append(company.id)
        return Domain.OR(Domain("company_id", "in", ids) & Domain(condition(today)) for today, ids in by_day.items())
