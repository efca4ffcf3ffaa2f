# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import AmcHttpCase, tour_test

TOUR_AGREEMENT = "Tour Scope Agreement"
TOUR_REQUEST = "Tour scope request"
TOUR_REASON = "The import fails because of a bug in our code"


@tour_test
@tagged("post_install", "-at_install")
class TestAmcScopeTour(AmcHttpCase):
    def test_scope_tour(self):
        """New request: type, see the badge follow the description, save, override with a reason."""
        customer = self.env["res.partner"].create({"name": "Tour Scope Customer AB", "is_company": True})
        self.env["amc.agreement"].create(
            {
                "name": TOUR_AGREEMENT,
                "partner_id": customer.id,
                "state": "active",
                "has_maintenance": True,
            }
        )
        self.start_tour("/odoo/support-agreements", "addon_amc_scope_tour", login="admin")
        request = self.env["amc.request"].search([("name", "=", TOUR_REQUEST)])
        self.assertEqual(len(request), 1)
        self.assertIn("import of data: 2 000 customer records", request.description)
        self.assertEqual(request.scope, "included")
        self.assertTrue(request.scope_overridden)
        self.assertEqual(request.scope_override_reason, TOUR_REASON)
        self.assertEqual(request.scope_overridden_by, self.env.ref("base.user_admin"))
        # the automatic classification the agent overrode is kept and logged
        rule_import = self.env.ref("addon_amc.amc_scope_rule_data_import")
        self.assertEqual(request.scope_rule_id, rule_import)
        log = request.scope_override_ids
        self.assertEqual((log.rule_id, log.from_scope, log.to_scope), (rule_import, "billable", "included"))
