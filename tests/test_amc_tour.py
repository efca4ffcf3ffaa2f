# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import AmcHttpCase, tour_test


@tour_test
@tagged("post_install", "-at_install")
class TestAmcTour(AmcHttpCase):
    def test_dashboard_tour(self):
        """Open Support, read the dashboard, create an agreement, see the count go up."""
        Agreement = self.env["amc.agreement"]
        before = Agreement.search_count([("state", "=", "draft")])
        self.start_tour("/odoo", "addon_amc_dashboard_tour", login="admin")
        self.assertEqual(Agreement.search_count([("state", "=", "draft")]), before + 1)
        self.assertTrue(Agreement.search([("name", "=", "Tour Agreement – Blåbär AB")]))

    def test_billing_tour(self):
        """Log an hour on a request; the pack, the dashboard and the burn-down follow."""
        today = self.env.company._amc_today()
        customer = self.env["res.partner"].create({"name": "Tour Customer AB", "is_company": True})
        agreement = self.env["amc.agreement"].create(
            {
                "name": "Prepaid Support – Tour Customer AB",
                "partner_id": customer.id,
                "state": "active",
                "date_start": today - timedelta(days=30),
                "hourly_rate": 1000.0,
            }
        )
        pack = self.env["amc.hour.pack"].create(
            {"agreement_id": agreement.id, "hours": 10.0, "date_purchase": today - timedelta(days=10)}
        )
        self.start_tour("/odoo", "addon_amc_billing_tour", login="admin")
        request = self.env["amc.request"].search([("name", "=", "Tour request: export the stock report")])
        self.assertEqual(request.agreement_id, agreement)
        self.assertAlmostEqual(pack.hours_used, 1.0)
        self.assertAlmostEqual(pack.hours_remaining, 9.0)
