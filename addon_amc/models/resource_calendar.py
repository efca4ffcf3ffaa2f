# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.fields import Domain

#: what a calendar's deadlines are planned on (besides its attendances, ``resource.calendar.attendance``)
PLANNING_FIELDS = frozenset(
    {"tz", "hours_per_day", "flexible_hours", "schedule_type", "two_weeks_calendar", "full_time_required_hours"}
)


class ResourceCalendar(models.Model):
    """Working hours decide every SLA and patch deadline planned on them: changing them (hours, time zone,
    hours per day) re-plans the open requests and the patches not applied yet of the agreements on the
    calendar, as a public holiday does."""

    _inherit = "resource.calendar"

    def write(self, vals):
        result = super().write(vals)
        if PLANNING_FIELDS & vals.keys():
            self._amc_sla_replan()
        return result

    def _amc_sla_replan(self):
        calendars = self.exists()
        if calendars:
            self.env["resource.calendar.leaves"]._amc_sla_replan_where(
                Domain("agreement_id.calendar_id", "in", calendars.ids)
            )
