# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import tour_test


@tour_test
@tagged("post_install", "-at_install")
class TestAmcSlaTour(HttpCase):
    def test_sla_badges_tick(self):
        """The request list shows countdown badges that move with the shared clock."""
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
        self.assertEqual(request.sla_response_clock, "wall")
        self.assertEqual(request.sla_response_status, "ongoing")
        self.start_tour("/odoo/support-requests", "addon_amc_sla_tour", login="admin")
