# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/sla.py (stdlib unittest, no Odoo).

Run from the repository root:
    python3 -m unittest discover -s test -p 'test_*.py' -t . -v
"""

import os
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
