# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_amc_billing import AmcBillingCommon

# at most: the agreement, its company and working hours (its today), its packs and the pack use
# grouped by day, whatever the history
BURNDOWN_QUERIES = 5


@tagged("post_install", "-at_install")
class TestAmcBurndown(AmcBillingCommon):
    """get_burndown_data returns the whole model, computed by billing.burndown."""

    def setUp(self):
        super().setUp()
        self.today = self.agreement.company_id._amc_today()
        self.agreement.date_start = self.today - timedelta(days=400)

    def _burndown(self):
        return self.agreement.with_user(self.agent).get_burndown_data()

    def _cold_burndown(self, budget):
        """One call with the record cache empty; the registry caches (access rules,
        settings) warm, as on a running server."""
        Agreement = self.agreement.with_user(self.agent)
        self.env.flush_all()
        Agreement.get_burndown_data()
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            return Agreement.get_burndown_data()

    def _history(self, days):
        request = self._request()
        self.env["amc.time.entry"].create(
            [
                {"request_id": request.id, "duration": 0.25, "date": self.today - timedelta(days=offset)}
                for offset in range(1, days + 1)
            ]
        )

    def test_series_forecast_and_thresholds_from_the_server(self):
        pack = self._pack(10.0, purchased=self.today - timedelta(days=20))
        request = self._request()
        self._log(request, 1.5, day=self.today - timedelta(days=19))
        self._log(self._request(), 2.5, day=self.today - timedelta(days=1))
        data = self._burndown()
        self.assertEqual(data["agreement"], {"id": self.agreement.id, "name": self.agreement.display_name})
        self.assertFalse(data["is_empty"])
        self.assertEqual(data["today"], fields.Date.to_string(self.today))
        self.assertEqual(len(data["series"]), 21)
        self.assertEqual(data["series"][0]["remaining"], 10.0)
        self.assertEqual(data["series"][1]["remaining"], 8.5)
        self.assertEqual(data["remaining"], pack.hours_remaining)
        self.assertEqual(data["window_hours"], 4.0)
        self.assertEqual(data["forecast"]["days_left"], 45)
        self.assertEqual(data["forecast"]["depletion_date"], fields.Date.to_string(self.today + timedelta(days=45)))
        self.assertEqual([(t["percent"], t["level"]) for t in data["thresholds"]], [(80, 2.0), (95, 0.5)])

    def test_thresholds_follow_settings(self):
        self.env["res.config.settings"].create(
            {"amc_pack_threshold_warning": 50.0, "amc_pack_threshold_critical": 90.0}
        ).execute()
        self._pack(10.0, purchased=self.today)
        self.assertEqual([t["percent"] for t in self._burndown()["thresholds"]], [50, 90])

    def test_no_pack_is_empty(self):
        data = self._burndown()
        self.assertTrue(data["is_empty"])
        self.assertIsNone(data["forecast"])

    def test_query_count_does_not_grow_with_history(self):
        self._pack(100.0, purchased=self.today - timedelta(days=300))
        self._history(5)
        small = self._cold_burndown(BURNDOWN_QUERIES)
        self._pack(50.0, purchased=self.today - timedelta(days=200))
        self._history(120)
        large = self._cold_burndown(BURNDOWN_QUERIES)
        self.assertEqual(len(small["series"]), len(large["series"]))
        self.assertLess(large["remaining"], small["remaining"] + 50)
