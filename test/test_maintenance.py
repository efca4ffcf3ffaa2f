# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/maintenance.py (stdlib unittest, no Odoo).

Run from the repository root:
    python3 -m unittest discover -s test -p 'test_*.py' -t . -v
"""

import os
import sys
import unittest
from datetime import date, datetime, timedelta

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import maintenance  # noqa: E402
from maintenance import (  # noqa: E402
    add_months,
    backup_status,
    cron_failure_status,
    default_milestones,
    format_size,
    growth_percent,
    next_check_date,
    next_window_date,
    patch_state,
    runway_status,
    size_status,
    worst,
)


class TestWorst(unittest.TestCase):
    def test_order(self):
        self.assertEqual(worst([]), "pass")
        self.assertEqual(worst(["pass", "pass"]), "pass")
        self.assertEqual(worst(["pass", "warn"]), "warn")
        self.assertEqual(worst(["fail", "warn", "pass"]), "fail")

    def test_unknown_status_is_an_error(self):
        with self.assertRaises(ValueError):
            worst(["broken"])


class TestDates(unittest.TestCase):
    def test_add_months_clamps(self):
        self.assertEqual(add_months(date(2026, 1, 31), 1), date(2026, 2, 28))
        self.assertEqual(add_months(date(2028, 1, 31), 1), date(2028, 2, 29))
        self.assertEqual(add_months(date(2026, 11, 15), 3), date(2027, 2, 15))
        self.assertEqual(add_months(date(2026, 3, 15), -3), date(2025, 12, 15))

    def test_next_check_date(self):
        self.assertEqual(next_check_date(date(2026, 5, 10), "month"), date(2026, 6, 10))
        self.assertEqual(next_check_date(date(2026, 11, 30), "quarter"), date(2027, 2, 28))
        with self.assertRaises(ValueError):
            next_check_date(date(2026, 5, 10), "week")

    def test_next_window_same_month(self):
        self.assertEqual(next_window_date(date(2026, 3, 2), 15), date(2026, 3, 15))
        self.assertEqual(next_window_date(date(2026, 3, 15), 15), date(2026, 3, 15))

    def test_next_window_following_month(self):
        self.assertEqual(next_window_date(date(2026, 3, 16), 15), date(2026, 4, 15))
        self.assertEqual(next_window_date(date(2026, 12, 20), 15), date(2027, 1, 15))

    def test_next_window_short_month(self):
        self.assertEqual(next_window_date(date(2026, 2, 10), 31), date(2026, 2, 28))
        self.assertEqual(next_window_date(date(2026, 1, 31), 30), date(2026, 2, 28))

    def test_next_window_rejects_bad_day(self):
        for day in (0, 32):
            with self.assertRaises(ValueError):
                next_window_date(date(2026, 1, 1), day)


class TestGrading(unittest.TestCase):
    def test_size(self):
        self.assertEqual(size_status(100, 1000), "pass")
        self.assertEqual(size_status(800, 1000), "warn")
        self.assertEqual(size_status(1000, 1000), "warn")
        self.assertEqual(size_status(1000.5, 1000), "fail")
        self.assertEqual(size_status(10**9, 0), "pass")

    def test_growth(self):
        self.assertIsNone(growth_percent(None, 10))
        self.assertIsNone(growth_percent(0, 10))
        self.assertEqual(growth_percent(100, 125), 25.0)
        self.assertEqual(growth_percent(200, 150), -25.0)

    def test_backup(self):
        now = datetime(2026, 6, 10, 12, 0)
        self.assertEqual(backup_status(now, None, None, 26, monitored=False), ("warn", "not_monitored"))
        self.assertEqual(backup_status(now, None, None, 26), ("fail", "never"))
        recent = now - timedelta(hours=3)
        self.assertEqual(backup_status(now, recent, True, 26), ("pass", "ok"))
        self.assertEqual(backup_status(now, recent, False, 26), ("fail", "last_failed"))
        old = now - timedelta(hours=27)
        self.assertEqual(backup_status(now, old, True, 26), ("fail", "too_old"))
        self.assertEqual(backup_status(now, now - timedelta(hours=26), True, 26), ("pass", "ok"))

    def test_cron_failures(self):
        now = datetime(2026, 6, 10, 12, 0)
        self.assertEqual(cron_failure_status(now, [], 24), "pass")
        self.assertEqual(cron_failure_status(now, [now - timedelta(hours=2), None], 24), "warn")
        self.assertEqual(cron_failure_status(now, [now - timedelta(hours=2), now - timedelta(days=2)], 24), "fail")

    def test_runway(self):
        today = date(2026, 6, 10)
        self.assertEqual(runway_status(today, date(2026, 6, 10), 100), "fail")
        self.assertEqual(runway_status(today, date(2026, 9, 1), 100), "warn")
        self.assertEqual(runway_status(today, date(2028, 9, 1), 100), "pass")
        self.assertEqual(runway_status(today, None, 100), "warn")

    def test_format_size(self):
        self.assertEqual(format_size(12.345), "12.3 MB")
        self.assertEqual(format_size(1536), "1.50 GB")


class TestPatches(unittest.TestCase):
    def test_states(self):
        today = date(2026, 6, 10)
        deadline = date(2026, 6, 5)
        self.assertEqual(patch_state(today, deadline, None), "overdue")
        self.assertEqual(patch_state(today, date(2026, 6, 10), None), "pending")
        self.assertEqual(patch_state(today, deadline, date(2026, 6, 5)), "applied_on_time")
        self.assertEqual(patch_state(today, deadline, date(2026, 6, 6)), "applied_late")
        self.assertEqual(patch_state(today, None, None), "pending")


class TestUpgrades(unittest.TestCase):
    def test_milestones_span_the_period(self):
        start, target = date(2026, 1, 1), date(2026, 3, 1)
        milestones = default_milestones(start, target)
        self.assertEqual([code for code, _day in milestones], [code for code, _share in maintenance.MILESTONES])
        self.assertEqual(milestones[0][1], start)
        self.assertEqual(milestones[-1][1], target)
        days = [day for _code, day in milestones]
        self.assertEqual(days, sorted(days))

    def test_milestones_reject_reversed_period(self):
        with self.assertRaises(ValueError):
            default_milestones(date(2026, 3, 1), date(2026, 1, 1))


if __name__ == "__main__":
    unittest.main()
