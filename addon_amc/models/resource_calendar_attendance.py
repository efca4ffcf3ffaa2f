# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

#: what of a working period a deadline is planned on
PLANNING_FIELDS = frozenset(
    {
        "calendar_id",
        "dayofweek",
        "hour_from",
        "hour_to",
        "duration_hours",
        "duration_days",
        "duration_based",
        "day_period",
        "week_type",
        "display_type",
    }
)


class ResourceCalendarAttendance(models.Model):
    """An edited working period moves the deadlines of its calendar (``resource_calendar``)."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances.calendar_id._amc_sla_replan()
        return attendances

    def write(self, vals):
        if not PLANNING_FIELDS & vals.keys():  # a name, a display order: no deadline moves
            return super().write(vals)
        calendars = self.calendar_id
        result = super().write(vals)
        (calendars | self.calendar_id)._amc_sla_replan()
        return result

    def unlink(self):
        calendars = self.calendar_id
        result = super().unlink()
        calendars._amc_sla_replan()
        return result
