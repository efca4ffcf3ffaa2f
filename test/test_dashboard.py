# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/dashboard.py, the dashboard's section contract (stdlib unittest, no Odoo)."""

import os
import sys
import unittest

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import dashboard  # noqa: E402


class TestDashboardContract(unittest.TestCase):
    def test_section_has_every_key_and_checks_its_table(self):
        section = dashboard.section(
            "demo",
            5,
            "Demo",
            columns=[dashboard.column("a", "A"), dashboard.column("b", "B", align="end")],
            rows=[dashboard.row(7, ["x", dashboard.cell("3 days", tone="danger")], tone="danger")],
        )
        self.assertEqual(section["rows"][0]["key"], "7")
        self.assertEqual(section["rows"][0]["cells"][0], {"text": "x", "tone": False, "note": False})
        self.assertFalse(section["widget"])
        with self.assertRaises(ValueError):
            dashboard.section("bad", 1, "Bad", columns=[dashboard.column("a", "A")], rows=section["rows"])
        with self.assertRaises(ValueError):
            dashboard.section("bad", 1, "Bad", width="quarter")

    def test_card_refuses_an_unknown_tone(self):
        card = dashboard.card("k", "Label", None, dashboard.NO_VALUE)
        self.assertEqual((card["tone"], card["action"], card["share"]), ("secondary", False, False))
        with self.assertRaises(ValueError):
            dashboard.card("k", "Label", 1, "1", tone="red")

    def test_actions(self):
        self.assertEqual(
            dashboard.xml_action("addon_amc.x", search_default_y=1),
            {"xml_id": "addon_amc.x", "context": {"search_default_y": 1}},
        )
        self.assertEqual(dashboard.form_action("amc.agreement", 4)["res_id"], 4)
        self.assertNotIn("res_id", dashboard.form_action("amc.agreement"))


class TestDashboardFigures(unittest.TestCase):
    def test_percent_label_never_rounds_to_all_or_nothing(self):
        self.assertEqual(dashboard.percent_label(None), "\u2014")
        self.assertEqual(dashboard.percent_label(99.6), "99 %")
        self.assertEqual(dashboard.percent_label(0.2), "1 %")
        self.assertEqual(dashboard.percent_label(100), "100 %")
        self.assertEqual(dashboard.percent_label(0), "0 %")
        self.assertEqual(dashboard.percent_label(84.4), "84 %")
        self.assertEqual(dashboard.percent_label(120), "100 %")

    def test_tones(self):
        self.assertEqual(dashboard.compliance_tone(None), "secondary")
        self.assertEqual(dashboard.compliance_tone(95), "success")
        self.assertEqual(dashboard.compliance_tone(80), "warning")
        self.assertEqual(dashboard.compliance_tone(79.9), "danger")
        self.assertEqual(
            [dashboard.days_left_tone(d) for d in (7, 8, 30, 31)], ["danger", "warning", "warning", "info"]
        )
        self.assertEqual(dashboard.count_tone(0, "danger"), "secondary")
        self.assertEqual(dashboard.count_tone(2, "danger"), "danger")

    def test_share(self):
        self.assertEqual(dashboard.share(30, 120), 25.0)
        self.assertEqual(dashboard.share(5, 0), 0.0)
        self.assertEqual(dashboard.share(-5, 10), 0.0)


if __name__ == "__main__":
    unittest.main()
