# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Batch SLA planning gives the deadlines of ``resource.calendar.plan_hours``, to the microsecond."""

import random
from datetime import datetime, timedelta

from pytz import utc

from odoo import Command
from odoo.tests import tagged

from . import sla_plan_check
from .sla_plan_check import CHECKED, plan_hours
from .test_amc_sla import AmcSlaCommon, local


@tagged("post_install", "-at_install")
class TestAmcSlaPlanning(AmcSlaCommon):
    def _random_calendar(self, rng, index):
        attendances = []
        for day in range(7):
            if rng.random() < 0.3:
                continue
            if rng.random() < 0.15:
                attendances.append((day, 0.0, 24.0, "morning"))
                continue
            first = round(rng.uniform(5, 10), 2)
            lunch = round(first + rng.uniform(2, 5), 2)
            back = round(lunch + rng.choice([0.0, 0.5, 0.75, 1.0]), 2)
            attendances.append((day, first, lunch, "morning"))
            attendances.append((day, back, round(rng.uniform(back + 1, 23.5), 2), "afternoon"))
        return self.env["resource.calendar"].create(
            {
                "name": f"Random hours {index}",
                "tz": rng.choice(["Europe/Stockholm", "UTC", "America/New_York", "Asia/Kolkata"]),
                "company_id": self.company_a.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day, hour_from, hour_to, period in attendances
                ],
            }
        )

    def test_random_starts_hours_and_holidays_equal_plan_hours(self):
        """Seeded random calendars (time zones, odd minutes, around-the-clock days), public holidays,
        starts over a year (both DST changes) and targets with paused hours: the batch planner, with
        its windows fetched once and grown when a deadline lies further, equals plan_hours on each."""
        rng = random.Random(1130)
        first = datetime(2026, 1, 1, tzinfo=utc)
        for _ in range(25):
            begin = local(2026, 1, 1) + timedelta(hours=rng.uniform(0, 24 * 365))
            self._holiday(begin, begin + timedelta(hours=rng.choice([4, 24, 24, 48, 24 * 7])))
        Request = self.env["amc.request"]
        planned = 0
        for index in range(4):
            calendar = self._random_calendar(rng, index)
            domain = self.env["resource.calendar.leaves"]._amc_public_holiday_domain(calendar, self.company_a)
            queries = [
                (
                    first + timedelta(seconds=rng.randrange(0, 365 * 86400)),
                    rng.choice([0.25, 1, 4, 6, 8, 16, 24, 40, 120]) + rng.choice([0, 0, 0.5, 1 / 3, 3.7]),
                )
                for _ in range(60)
            ]
            memo = {}
            batch = Request._sla_plan_batch(calendar, domain, queries, memo)
            for (start, hours), got in zip(queries, batch, strict=True):
                self.assertEqual(got, plan_hours(calendar, domain, start, hours), (calendar.name, start, hours))
                planned += got is not None
        self.assertGreater(planned, 200)

    def test_requests_planned_together_equal_plan_hours(self):
        """Requests created in one batch at random starts, priorities and pauses: the suite's check
        compares every business deadline planned with plan_hours (``sla_plan_check``)."""
        rng = random.Random(7)
        self._holiday(local(2026, 5, 12, 0, 0), local(2026, 5, 13, 23, 59, 59))
        before = CHECKED["queries"]
        starts = [local(2026, 5, 1, 0, 0) + timedelta(minutes=rng.randrange(0, 60 * 24 * 90)) for _ in range(40)]
        requests = self.env["amc.request"].create(
            [
                {
                    "name": f"Random {index}",
                    "agreement_id": self.agreement.id,
                    "priority": rng.choice(["critical", "high", "standard"]),
                    "sla_start_date": start,
                }
                for index, start in enumerate(starts)
            ]
        )
        self.assertGreater(CHECKED["queries"] - before, 40)
        self.assertTrue(all(requests.mapped("sla_response_deadline")))

    def test_a_different_deadline_fails_the_check(self):
        """The suite's check is not vacuous: a planner off by a second is caught."""
        calendar = self.calendar
        domain = self.env["resource.calendar.leaves"]._amc_public_holiday_domain(calendar, self.company_a)
        start = datetime(2026, 5, 18, 7, 0, tzinfo=utc)
        Request = self.env["amc.request"]
        original = sla_plan_check.ORIGINAL_PLAN_BATCH

        def off_by_a_second(self, *args, **kwargs):
            return [due + timedelta(seconds=1) for due in original(self, *args, **kwargs)]

        self.patch(sla_plan_check, "ORIGINAL_PLAN_BATCH", off_by_a_second)
        with self.assertRaises(AssertionError):
            Request._sla_plan_batch(calendar, domain, [(start, 8)], {})
