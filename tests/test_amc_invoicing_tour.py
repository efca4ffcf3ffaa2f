# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from ..addon_amc.lib import billing
from .common import AmcHttpCase


@tagged("post_install", "-at_install")
class TestAmcInvoicingTour(AmcHttpCase):
    def test_invoicing_tour(self):
        """Monthly Statements → last month's statement → Create Invoice → the invoice."""
        today = self.env.company._amc_today()
        last_month_start = billing.period_bounds(billing.period_bounds(today, "month")[0] - timedelta(days=1), "month")[
            0
        ]
        customer = self.env["res.partner"].create({"name": "Tour Invoicing Customer AB", "is_company": True})
        agreement = self.env["amc.agreement"].create(
            {
                "name": "Tour Invoicing Agreement",
                "partner_id": customer.id,
                "state": "active",
                "date_start": last_month_start,
                "date_end": billing.period_bounds(last_month_start, "month")[1],
                "has_maintenance": True,
                "maintenance_fee": 4000.0,
                "hourly_rate": 1000.0,
            }
        )
        request = self.env["amc.request"].create(
            {
                "name": "Tour: export report",
                "agreement_id": agreement.id,
                "scope": "billable",
                "scope_override_reason": "Set by the tour",
            }
        )
        self.env["amc.time.entry"].create(
            {"request_id": request.id, "duration": 1.0, "date": last_month_start + timedelta(days=3)}
        )
        statement = agreement.statement_ids
        self.assertEqual(len(statement), 1)
        self.start_tour("/odoo/support-statements", "addon_amc_invoicing_tour", login="admin")
        self.assertTrue(statement.invoice_id)
        self.assertEqual(statement.invoice_id.state, "draft")
        self.assertAlmostEqual(statement.invoice_id.amount_untaxed, statement.total_amount)
        self.assertAlmostEqual(statement.total_amount, 5000.0)
