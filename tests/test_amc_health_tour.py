# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import AmcHttpCase, tour_test


@tour_test
@tagged("post_install", "-at_install")
class TestAmcHealthTour(AmcHttpCase):
    def test_health_tour(self):
        """From an agreement's Maintenance tab, run a health check and read its results."""
        partner = self.env["res.partner"].create({"name": "Tour Health Customer"})
        agreement = self.env["amc.agreement"].create(
            {
                "name": "Tour Health Agreement",
                "partner_id": partner.id,
                "has_maintenance": True,
                "user_id": self.env.ref("base.user_admin").id,
            }
        )
        agreement._register_this_database()  # the check grades this database
        self.assertFalse(agreement.health_check_ids)
        self.start_tour("/odoo/support-agreements", "addon_amc_health_tour", login="admin")
        check = agreement.health_check_ids
        self.assertEqual(len(check), 1)
        self.assertEqual(check.state, "done")
        self.assertEqual(check.trigger, "manual")
        self.assertEqual(len(check.line_ids), 10)
        self.assertEqual(check.create_uid, self.env.ref("base.user_admin"))
