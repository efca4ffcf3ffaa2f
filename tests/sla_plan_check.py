# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every business deadline the SLA tests plan is checked against ``resource.calendar.plan_hours``.

``checked_plan_batch`` replaces ``_sla_plan_batch`` in the SLA test classes (``AmcSlaCommon``): it
plans as the module does, then asks ``plan_hours`` for each query and fails on any difference.
The check's own queries are taken off the cursor's count, so the query-count tests still measure
the module alone.
"""

from ..addon_amc.models.amc_request_sla_clock import AmcRequest

ORIGINAL_PLAN_BATCH = AmcRequest._sla_plan_batch
CHECKED = {"queries": 0}


def plan_hours(calendar, domain, start, hours):
    return calendar.plan_hours(hours, start, compute_leaves=True, domain=domain) or None


def checked_plan_batch(self, calendar, domain, queries, memo=None):
    result = ORIGINAL_PLAN_BATCH(self, calendar, domain, queries, memo)
    cr = self.env.cr
    count = cr.sql_log_count
    for (start, hours), planned in zip(queries, result, strict=True):
        expected = plan_hours(calendar, domain, start, hours)
        if planned != expected:
            raise AssertionError(
                f"{calendar.name}: {hours} h from {start} planned {planned}, plan_hours gives {expected}"
            )
        CHECKED["queries"] += 1
    cr.sql_log_count = count
    return result
