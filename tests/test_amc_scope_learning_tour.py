# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from ..addon_amc.lib import settings as registry
from .common import AmcHttpCase

# the tour opens the row that contains its own SCOPE_LEARNING_TOUR_TAUGHT ("Zorblax ledger quibble is back")
TAUGHT = "Question: Zorblax ledger quibble is back"
SIMILAR = "The zorblax ledger quibble again"
REASON = "Zorblax is the customer's own system"


@tagged("post_install", "-at_install")
class TestAmcScopeLearningTour(AmcHttpCase):
    def test_scope_learning_tour(self):
        """An override visibly teaches the classifier: a similar new request is Billable, "learned"."""
        customer = self.env["res.partner"].create({"name": "Tour Learning Customer AB", "is_company": True})
        agreement = self.env["amc.agreement"].create(
            {"name": "Tour Learning Agreement", "partner_id": customer.id, "state": "active", "has_maintenance": True}
        )
        # a company that wants the model surer than the default 50 %: the base model reads the similar
        # request (made-up words only) as billable at about 40 %, so it stays undecided.
        # The words are made up so that the training set does not decide them: with "sync" the base model
        # learned enough about connected systems (billable, 99 %) to decide the request before any override,
        # and since 19.0.1.8.0 "failed again" alone reads as a breakage (included, 99 %); since 19.0.1.11.0 (20,521
        # training requests) "... is late" reads as a first-line question (77 %), "... is back" stays below 50 %.
        self.env["ir.config_parameter"].sudo().set_param(registry.get("scope_model_threshold").key, "70")
        taught = self.env["amc.request"].create({"name": TAUGHT, "agreement_id": agreement.id})
        self.assertEqual(taught.scope, "needs_review")
        # before the override the similar request is undecided too: what the tour shows was taught
        before = self.env["amc.request"].classify_scope_preview(SIMILAR, "", agreement.id)
        self.assertEqual(before["scope"], "needs_review")
        self.start_tour("/odoo/support-agreements", "addon_amc_scope_learning_tour", login="admin")
        self.assertEqual((taught.scope, taught.scope_override_reason), ("billable", REASON))
        similar = self.env["amc.request"].search([("name", "=", SIMILAR)])
        self.assertEqual((similar.scope, similar.scope_source), ("billable", "model"))
        self.assertIn(f"like {taught.reference}, overridden to billable", similar.scope_reason)
