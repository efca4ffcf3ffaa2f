# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAmcTour(HttpCase):
    def test_dashboard_tour(self):
        """Open Support, read the dashboard, create an agreement, see the count go up."""
        Agreement = self.env["amc.agreement"]
        before = Agreement.search_count([("state", "=", "draft")])
        self.start_tour("/odoo", "addon_amc_dashboard_tour", login="admin")
        self.assertEqual(Agreement.search_count([("state", "=", "draft")]), before + 1)
        self.assertTrue(Agreement.search([("name", "=", "Tour Agreement – Blåbär AB")]))
