# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.fields import Domain

from .amc_request import DONE_STATES


class ResourceCalendarLeaves(models.Model):
    """Public holidays stop SLA clocks: adding, moving or removing one replans the open requests
    and the patches not applied yet."""

    _inherit = "resource.calendar.leaves"

    @api.model
    def _amc_public_holiday_domain(self, calendar, company):
        """The one rule for which public holidays count for a deadline of ``company`` on ``calendar``.

        As ``resource`` reads ``resource.calendar.leaves`` for a company's resources: leaves
        of the whole company (no resource), of that company only (a leave of another company,
        or of none, is skipped), on this calendar or on every calendar (``resource`` adds the
        calendar condition itself). A shared calendar (no company) takes ``company``'s.
        Every deadline of the module (SLA clocks, the browser's countdown, patch deadlines)
        plans with this domain.
        """
        company = calendar.company_id or company or self.env.company
        return [("time_type", "=", "leave"), ("resource_id", "=", False), ("company_id", "=", company.id)]

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._amc_sla_replan()
        return leaves

    def write(self, vals):
        before = self._amc_sla_scope()
        result = super().write(vals)
        if {"date_from", "date_to", "calendar_id", "resource_id", "time_type", "company_id"} & vals.keys():
            self._amc_sla_replan(before)
        return result

    def unlink(self):
        scope = self._amc_sla_scope()
        result = super().unlink()
        self.env["resource.calendar.leaves"]._amc_sla_replan(scope)
        return result

    def _amc_sla_scope(self):
        """``{(company, calendar or False)}`` of the public holidays in ``self``."""
        return {
            (leave.company_id.id, leave.calendar_id.id)
            for leave in self.sudo()
            if not leave.resource_id and leave.time_type == "leave"
        }

    def _amc_sla_replan(self, scope=frozenset()):
        scope = set(scope) | self._amc_sla_scope()
        if not scope:
            return
        domain = Domain.OR(
            Domain("company_id", "=", company_id)
            & (Domain("agreement_id.calendar_id", "=", calendar_id) if calendar_id else Domain.TRUE)
            for company_id, calendar_id in scope
        )
        self._amc_sla_replan_where(domain)

    @api.model
    def _amc_sla_replan_where(self, domain):
        """Re-plan the open requests and the patches not applied yet that ``domain`` selects (on
        ``amc.request`` and ``amc.patch`` alike: their company and agreement)."""
        requests = self.env["amc.request"].sudo().search(Domain("state", "not in", DONE_STATES) & domain)
        # the business hours of the closed pauses change with the holidays: count them again first
        Pause = self.env["amc.sla.pause"]
        self.env.add_to_compute(Pause._fields["business_hours"], requests.sla_pause_ids.filtered("date_end"))
        requests._sla_queue_replan()
        # patch deadlines count business days on the same calendars
        patches = self.env["amc.patch"].sudo().search(Domain("applied_date", "=", False) & domain)
        patches._replan_deadlines()
