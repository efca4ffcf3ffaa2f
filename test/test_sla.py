# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/sla.py (stdlib unittest, no Odoo).

Run from the repository root:
    python3 -m unittest discover -s test -p 'test_*.py' -t . -v
"""

import os
import random
import sys
import unittest
from datetime import datetime, timedelta

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import sla  # noqa: E402
from sla import Pause, deadline, status, target_hours  # noqa: E402

START = datetime(2026, 5, 18, 9, 0)


def wall(hours):
    """A 24/7 planner from START."""
    return START + timedelta(hours=hours)


class TestShowsBadge(unittest.TestCase):
    def test_every_clock_with_a_deadline_but_a_done_update(self):
        due, done = datetime(2026, 5, 18, 9, 0), datetime(2026, 5, 18, 10, 0)
        self.assertTrue(sla.shows_badge("update", due, None))
        self.assertFalse(sla.shows_badge("update", due, done))
        self.assertTrue(sla.shows_badge("resolution", due, done), "its outcome shows")
        self.assertTrue(sla.shows_badge("response", due, done))
        self.assertFalse(sla.shows_badge("response", None, None))
        self.assertFalse(sla.shows_badge("update", False, False))


class TestTargetHours(unittest.TestCase):
    def test_units(self):
        self.assertEqual(target_hours(4, "hours", 8), (4.0, "wall"))
        self.assertEqual(target_hours(6, "business_hours", 8), (6.0, "business"))
        self.assertEqual(target_hours(3, "business_days", 7.5), (22.5, "business"))

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            target_hours(1, "weeks", 8)
        with self.assertRaises(ValueError):
            target_hours(-1, "hours", 8)
        with self.assertRaises(ValueError):
            target_hours(1, "business_days", 0)


class TestDeadline(unittest.TestCase):
    def test_no_pause(self):
        self.assertEqual(deadline(4, wall), (START + timedelta(hours=4), 0.0))

    def test_pauses_move_the_deadline_in_start_order(self):
        pauses = [Pause(START + timedelta(hours=3), 2.0), Pause(START + timedelta(hours=1), 0.5)]
        self.assertEqual(deadline(4, wall, pauses), (START + timedelta(hours=6.5), 2.5))

    def test_pause_after_the_deadline_or_the_outcome_does_not_count(self):
        late = [Pause(START + timedelta(hours=5), 3.0)]
        self.assertEqual(deadline(4, wall, late), (START + timedelta(hours=4), 0.0))
        # the first pause moves the deadline to 6 h, so a pause at 5 h still counts
        chained = [Pause(START + timedelta(hours=1), 2.0), Pause(START + timedelta(hours=5), 1.0)]
        self.assertEqual(deadline(4, wall, chained)[0], START + timedelta(hours=7))
        done = START + timedelta(hours=2)
        self.assertEqual(deadline(4, wall, [Pause(done, 1.0)], done), (START + timedelta(hours=4), 0.0))

    def test_calendar_without_hours(self):
        self.assertEqual(deadline(4, lambda hours: None, [Pause(START, 1.0)]), (None, 0.0))


class TestStatus(unittest.TestCase):
    def test_statuses(self):
        due = START + timedelta(hours=4)
        self.assertFalse(status(False, None, START))
        self.assertEqual(status(due, None, START), "ongoing")
        self.assertEqual(status(due, None, due + timedelta(seconds=1)), "breached")
        self.assertEqual(status(due, due, due + timedelta(days=1)), "met")
        self.assertEqual(status(due, due + timedelta(minutes=1), due), "breached")
        self.assertEqual(status(due, None, due + timedelta(days=1), paused_since=START), "paused")
        self.assertEqual(status(due, None, due + timedelta(days=1), paused_since=due + timedelta(hours=1)), "breached")

    def test_kinds(self):
        self.assertEqual(sla.KINDS, ("response", "resolution", "update"))


if __name__ == "__main__":
    unittest.main()


class TestNextCheck(unittest.TestCase):
    """When the SLA cron looks at a clock next (the indexed ``sla_next_check``)."""

    DUE = START + timedelta(hours=8)
    WARN = START + timedelta(hours=6)

    def test_ongoing_is_due_at_its_warning_then_at_its_deadline(self):
        self.assertEqual(sla.next_check("ongoing", self.DUE, self.WARN, False, False), self.WARN)
        self.assertEqual(sla.next_check("ongoing", self.DUE, self.WARN, True, False), self.DUE)
        self.assertEqual(sla.next_check("ongoing", self.DUE, None, False, False), self.DUE)

    def test_a_breach_is_due_until_notified(self):
        self.assertEqual(sla.next_check("breached", self.DUE, self.WARN, True, False), self.DUE)
        self.assertIsNone(sla.next_check("breached", self.DUE, self.WARN, True, True))

    def test_paused_met_and_untargeted_clocks_wait_for_a_change(self):
        for state in ("paused", "met", False):
            with self.subTest(state=state):
                self.assertIsNone(sla.next_check(state, self.DUE, self.WARN, False, False))


def _week_intervals(first_day, days, attendances, holidays=()):
    """Working intervals of a weekly calendar (UTC, ``attendances``: weekday -> [(from_h, to_h)]),
    holidays (``(start, stop)``) removed, sorted: a stand-in for ``_work_intervals_batch``."""
    result = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for hour_from, hour_to in attendances.get(day.weekday(), ()):
            pieces = [(day + timedelta(hours=hour_from), day + timedelta(hours=hour_to))]
            for off_start, off_stop in holidays:
                pieces = [
                    part
                    for begin, stop in pieces
                    for part in ((begin, min(stop, off_start)), (max(begin, off_stop), stop))
                    if part[0] < part[1]
                ]
            result.extend(pieces)
    return sorted(result)


def _clip(intervals, start, stop):
    return [(max(a, start), min(b, stop)) for a, b in intervals if max(a, start) < min(b, stop)]


def _reference_plan_hours(intervals, hours, day_dt):
    """``resource.calendar.plan_hours`` (forward, with leaves), on clipped windows of ``intervals``."""
    delta = timedelta(days=14)
    for n in range(100):
        dt = day_dt + delta * n
        for start, stop in _clip(intervals, dt, dt + delta):
            interval_hours = (stop - start).total_seconds() / 3600
            if hours <= interval_hours:
                return start + timedelta(hours=hours)
            hours -= interval_hours
    return None


class TestPlanBusinessHours(unittest.TestCase):
    """The batch planner walks the intervals exactly as ``plan_hours`` does."""

    OFFICE = {day: [(8, 12), (13, 17)] for day in range(5)}
    FIRST = datetime(2026, 1, 5)

    def _plan(self, intervals, horizon, start, hours):
        return sla.plan_business_hours(intervals, [a for a, _b in intervals], horizon, start, hours)

    def test_lunch_weekend_and_holiday(self):
        holiday = (datetime(2026, 1, 13), datetime(2026, 1, 14))  # Tuesday
        intervals = _week_intervals(self.FIRST, 60, self.OFFICE, [holiday])
        horizon = self.FIRST + timedelta(days=60)
        friday = datetime(2026, 1, 9, 15, 0)
        self.assertEqual(self._plan(intervals, horizon, friday, 6), datetime(2026, 1, 12, 12, 0))
        self.assertEqual(self._plan(intervals, horizon, friday, 8), datetime(2026, 1, 12, 15, 0))
        # 10 h: Fri 2, Mon 8, Tuesday off, Wednesday from 08:00
        self.assertEqual(self._plan(intervals, horizon, friday, 10), datetime(2026, 1, 12, 17, 0))
        self.assertEqual(self._plan(intervals, horizon, friday, 10.5), datetime(2026, 1, 14, 8, 30))
        # a start in the lunch break or the night begins at the next interval
        self.assertEqual(self._plan(intervals, horizon, datetime(2026, 1, 5, 12, 30), 1), datetime(2026, 1, 5, 14, 0))
        self.assertEqual(self._plan(intervals, horizon, datetime(2026, 1, 5, 3, 0), 0.5), datetime(2026, 1, 5, 8, 30))

    def test_beyond_the_horizon_asks_for_more(self):
        intervals = _week_intervals(self.FIRST, 7, self.OFFICE)
        horizon = self.FIRST + timedelta(days=7)
        self.assertEqual(self._plan(intervals, horizon, self.FIRST, 40), datetime(2026, 1, 9, 17, 0))
        with self.assertRaises(sla.BeyondHorizon):
            self._plan(intervals, horizon, self.FIRST, 40.5)
        # an interval cut by the horizon answers what lies inside it, asks for the rest
        cut = _clip(intervals, self.FIRST, datetime(2026, 1, 5, 10, 0))
        self.assertEqual(self._plan(cut, datetime(2026, 1, 5, 10, 0), self.FIRST, 1), datetime(2026, 1, 5, 9, 0))
        with self.assertRaises(sla.BeyondHorizon):
            self._plan(cut, datetime(2026, 1, 5, 10, 0), self.FIRST, 3)

    def test_no_working_hours_gives_up_after_1400_days(self):
        start = datetime(2026, 1, 5, 9, 0)
        self.assertIsNone(self._plan([], start + sla.PLAN_HORIZON, start, 1))
        with self.assertRaises(sla.BeyondHorizon):
            self._plan([], start + sla.PLAN_HORIZON - timedelta(days=1), start, 1)
        # an hour that exists only after 1,400 days is not found, as with plan_hours
        late = [(start + sla.PLAN_HORIZON + timedelta(hours=1), start + sla.PLAN_HORIZON + timedelta(hours=5))]
        self.assertIsNone(self._plan(late, start + sla.PLAN_HORIZON + timedelta(days=1), start, 1))
        self.assertIsNone(_reference_plan_hours(late, 1, start))

    def test_negative_hours_are_refused(self):
        with self.assertRaises(ValueError):
            self._plan([], self.FIRST, self.FIRST, -1)

    def test_identical_to_plan_hours_on_random_calendars(self):
        """Random calendars (odd fractions of hours, around-the-clock days), holidays, starts and hours:
        every result equals ``plan_hours``'s to the microsecond, 14-day window cuts included."""
        rng = random.Random(20261130)
        for case in range(300):
            attendances = {}
            for day in range(7):
                if rng.random() < 0.75:
                    if rng.random() < 0.15:
                        attendances[day] = [(0, 24)]
                    else:
                        first = rng.uniform(0, 10)
                        middle = first + rng.uniform(0.1, 6)
                        attendances[day] = [
                            (first, middle),
                            (middle + rng.choice([0, 0.5, 1 / 3]), rng.uniform(middle + 1, 24)),
                        ]
                        attendances[day] = [(a, b) for a, b in attendances[day] if a < b]
            holidays = []
            for _ in range(rng.randrange(0, 6)):
                off = self.FIRST + timedelta(hours=rng.uniform(0, 24 * 200))
                holidays.append((off, off + timedelta(hours=rng.uniform(1, 24 * 5))))
            days = 400
            intervals = _week_intervals(self.FIRST - timedelta(days=1), days, attendances, holidays)
            horizon = self.FIRST - timedelta(days=1) + timedelta(days=days)
            starts = [a for a, _b in intervals]
            for _ in range(20):
                start = self.FIRST + timedelta(seconds=rng.randrange(0, 86400 * 120))
                hours = rng.choice([0.25, 1, 4, 8, 7.5, 22.5, 24, 40]) + rng.choice([0, 0, 0.1, 1 / 3, 2.75, 16.6])
                expected = _reference_plan_hours(_clip(intervals, start, horizon), hours, start)
                try:
                    got = sla.plan_business_hours(intervals, starts, horizon, start, hours)
                except sla.BeyondHorizon:
                    self.assertTrue(expected is None or expected > horizon - timedelta(days=200), (case, start, hours))
                    continue
                self.assertEqual(got, expected, (case, start, hours))

    def test_plan_many(self):
        intervals = _week_intervals(self.FIRST, 30, self.OFFICE)
        queries = [(datetime(2026, 1, 5, 9, 0), 8), (datetime(2026, 1, 9, 16, 0), 2)]
        self.assertEqual(
            sla.plan_many(intervals, self.FIRST + timedelta(days=30), queries),
            [datetime(2026, 1, 6, 9, 0), datetime(2026, 1, 12, 9, 0)],
        )
