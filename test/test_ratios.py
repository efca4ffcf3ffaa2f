# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/ratios.py (stdlib unittest, no Odoo)."""

import os
import sys
import unittest

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

from ratios import compliance_percent  # noqa: E402


class TestCompliancePercent(unittest.TestCase):
    def test_nothing_measured(self):
        self.assertIsNone(compliance_percent(0, 0))
        self.assertIsNone(compliance_percent(0, -1))

    def test_share_rounded_to_one_decimal(self):
        self.assertEqual(compliance_percent(3, 4), 75.0)
        self.assertEqual(compliance_percent(2, 3), 66.7)
        self.assertEqual(compliance_percent(28, 30), 93.3)  # SLAs: 28 met, 2 breached

    def test_all_and_none_on_time(self):
        self.assertEqual(compliance_percent(1, 1), 100.0)
        self.assertEqual(compliance_percent(0, 5), 0.0)


if __name__ == "__main__":
    unittest.main()
