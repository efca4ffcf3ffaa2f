# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import AmcHttpCase, tour_test


@tour_test
@tagged("post_install", "-at_install")
class TestAmcSlaTour(AmcHttpCase):
    def test_sla_badges_tick(self):
        """The request list shows countdown badges that move with the shared clock."""
        # a public update every 2 hours around the clock: the third badge
        self.env.ref("addon_amc.amc_sla_target_default_critical").write({"update_time": 2, "update_unit": "hours"})
        self.env["amc.request"]._cron_sla_replan()
        partner = self.env["res.partner"].create({"name": "Tour SLA Customer"})
        agreement = self.env["amc.agreement"].create(
            {
                "name": "Tour SLA Agreement",
                "partner_id": partner.id,
                "state": "active",
                "sla_policy_id": self.env.ref("addon_amc.amc_sla_policy_default").id,
            }
        )
        request = self.env["amc.request"].create(
            {
                "name": "SLA Tour – Server down",
                "agreement_id": agreement.id,
                "priority": "critical",
            }
        )
        # the seeded critical response target: 4 hours around the clock
        self.assertEqual(request._sla_clock("response").clock, "wall")
        self.assertEqual(request._sla_clock("response").status, "ongoing")
        self.assertEqual(request._sla_clock("update").clock, "wall")
        self.start_tour("/odoo/support-requests", "addon_amc_sla_tour", login="admin")
