# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AmcTestCommon


@tagged("post_install", "-at_install")
class TestAmcDashboard(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # start from an empty table so the counts below are exact, demo data or not
        cls.env["amc.request"].search([]).unlink()
        cls.env["amc.agreement"].search([]).unlink()
        cls.today = fields.Date.context_today(cls.env["amc.agreement"])

    def _make(self, count, state="active", days_left=30, **extra):
        vals = [
            self._agreement_vals(
                name=f"Agreement {state} {days_left} {index}",
                state=state,
                date_start=self.today - timedelta(days=300),
                date_end=self.today + timedelta(days=days_left),
                **extra,
            )
            for index in range(count)
        ]
        return self.env["amc.agreement"].create(vals)

    def test_empty(self):
        data = self.env["amc.agreement"].with_user(self.agent).get_dashboard_data()
        self.assertEqual(data["total"], 0)
        self.assertEqual([state["key"] for state in data["states"]], ["draft", "active", "expired", "cancelled"])
        self.assertEqual([state["count"] for state in data["states"]], [0, 0, 0, 0])
        self.assertEqual(data["expiring"], [])
        self.assertEqual(data["expiring_count"], 0)
        self.assertEqual(data["expiring_days"], 60)
        self.assertEqual(data["pack_thresholds"], [0.8, 0.95])

    def test_counts_and_expiring(self):
        self._make(2, state="draft")
        soon = self._make(1, days_left=10)
        later = self._make(1, days_left=59)
        self._make(1, days_left=61)  # outside the window
        self._make(1, state="expired", days_left=-5)
        self._make(1, state="cancelled", days_left=5)  # cancelled agreements do not expire
        data = self.env["amc.agreement"].with_user(self.agent).get_dashboard_data()
        counts = {state["key"]: state["count"] for state in data["states"]}
        self.assertEqual(counts, {"draft": 2, "active": 3, "expired": 1, "cancelled": 1})
        self.assertEqual(data["total"], 7)
        self.assertEqual([row["id"] for row in data["expiring"]], [soon.id, later.id])
        self.assertEqual(data["expiring"][0]["days_left"], 10)
        self.assertEqual(data["expiring"][0]["partner_name"], "AMC Test Customer")
        self.assertEqual(data["expiring"][0]["date_end"], fields.Date.to_string(self.today + timedelta(days=10)))
        self.assertEqual(data["expiring_count"], 2)

    def test_expiring_window_setting(self):
        self._make(1, days_left=80)
        self.env["res.config.settings"].create({"amc_expiring_days": 90}).execute()
        data = self.env["amc.agreement"].get_dashboard_data()
        self.assertEqual(data["expiring_days"], 90)
        self.assertEqual(data["expiring_count"], 1)

    def test_expiring_filter_follows_settings(self):
        """The agreements' "Expiring Soon" filter (opened by the dashboard card) uses the same window."""
        soon, later = self._make(1, days_left=10), self._make(1, days_left=80)
        self._make(1, state="cancelled", days_left=5)
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        self.assertEqual(Agreement.search([("is_expiring_soon", "=", True)]), soon)
        self.assertNotIn(soon, Agreement.search([("is_expiring_soon", "=", False)]))
        self.env["res.config.settings"].create({"amc_expiring_days": 90}).execute()
        self.assertEqual(Agreement.search([("is_expiring_soon", "=", True)]), soon | later)
        later.invalidate_recordset(["is_expiring_soon"])
        self.assertTrue(later.is_expiring_soon)
        data = self.env["amc.agreement"].get_dashboard_data()
        self.assertEqual({row["id"] for row in data["expiring"]}, set((soon | later).ids))

    def test_expiring_list_is_capped_but_counted(self):
        self._make(25, days_left=20)
        data = self.env["amc.agreement"].get_dashboard_data()
        self.assertEqual(len(data["expiring"]), 20)
        self.assertEqual(data["expiring_count"], 25)

    def _assert_dashboard_queries(self, budget):
        """Measure one dashboard call from cold caches, as after a server restart.

        Cold record and registry caches make the measurement the same
        whatever the previous steps of the test left behind.
        """
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        self.env.flush_all()
        # system parameters live in a cache that outlives registry resets, as on a
        # running server: one call warms them, then everything else is made cold
        Agreement.get_dashboard_data()
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        with self.assertQueryCount(budget):
            data = Agreement.get_dashboard_data()
        return data

    def _add_support_work(self, agreements, requests_per_agreement):
        """A 1:45 pack and half-hour billable requests this month on each agreement (3 requests: 86 % used)."""
        packs = self.env["amc.hour.pack"].create(
            [
                {"agreement_id": agreement.id, "hours": 1.75, "date_purchase": self.today - timedelta(days=20)}
                for agreement in agreements
            ]
        )
        requests = self.env["amc.request"].create(
            [
                {
                    "name": f"Request {agreement.id}-{index}",
                    "agreement_id": agreement.id,
                    "scope": "billable",
                    "scope_override_reason": "Dashboard test: billable work",
                }
                for agreement in agreements
                for index in range(requests_per_agreement)
            ]
        )
        self.env["amc.time.entry"].create(
            [{"request_id": request.id, "duration": 0.5, "date": self.today} for request in requests]
        )
        # customers rated the work on every other request (satisfaction section)
        self.env["rating.rating"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("amc.request"),
                    "res_id": request.id,
                    "rating": 5 if index % 4 else 1,
                    "consumed": True,
                }
                for index, request in enumerate(requests[::2])
            ]
        )
        return packs

    def test_query_count_is_flat(self):
        """The same query budget holds for 5 and for 500 agreements, with packs and time."""
        # From cold record and registry caches: the access rules and records of every model
        # read (agreements, packs, time, requests, SLA, scope, health checks, patches,
        # versions, instances), the user and companies, then a fixed set of grouped queries per section
        # (the instances card: one query of four counts, with its access rule and the silent-instance setting).
        # The satisfaction card adds one grouped query on the ratings.
        # The "To invoice" section adds the statements' access rules, two grouped queries
        # and the names and currencies it shows.
        # The SLA section reads the SLA clocks (amc.request.sla): their access rights and rule, and
        # the rules of their requests, from cold caches (at most 3 more queries, whatever the data).
        budget = 74
        # with a monthly fee: their closed months are to invoice (the "To invoice" section)
        self._make(3, days_left=20, user_id=self.manager.id, has_maintenance=True, maintenance_fee=100.0)
        self._make(1, state="draft")
        # packs on agreements that are not in the expiring list, at both sizes
        self._add_support_work(self._make(1, days_left=200), 3)
        data = self._assert_dashboard_queries(budget)
        self.assertEqual(data["total"], 5)
        self.assertEqual(data["to_invoice"]["agreement_count"], 3)
        self.assertEqual(data["pack_alert_count"], 1)
        self.assertEqual(len(data["burndown_agreements"]), 1)
        self._make(300, days_left=20, user_id=self.manager.id, has_maintenance=True, maintenance_fee=100.0)
        self._make(135, state="expired", days_left=-20)
        self._add_support_work(self._make(60, days_left=200), 3)
        data = self._assert_dashboard_queries(budget)
        self.assertEqual(data["satisfaction"]["count"], 92)
        self.assertEqual(data["total"], 500)
        # the 303 agreements with a fee started 300 days ago: at least 8 closed months each to invoice
        self.assertGreaterEqual(data["to_invoice"]["statement_count"], 303 * 8)
        self.assertEqual(data["to_invoice"]["agreement_count"], 303)
        self.assertEqual(len(data["to_invoice"]["agreements"]), 5)
        self.assertEqual(data["expiring_count"], 303)
        self.assertEqual(data["pack_alert_count"], 61)
        self.assertEqual(len(data["pack_alerts"]), 20)
        self.assertEqual(len(data["burndown_agreements"]), 61)
        hours = {bucket["key"]: bucket["hours"] for bucket in data["hours_by_bucket"]}
        self.assertAlmostEqual(hours["pack"], 61 * 1.5)
        self.assertAlmostEqual(hours["billable"], 0.0)
