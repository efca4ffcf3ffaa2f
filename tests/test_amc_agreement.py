# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmcTestCommon


@tagged("post_install", "-at_install")
class TestAmcAgreement(AmcTestCommon):
    def test_defaults(self):
        agreement = self.env["amc.agreement"].with_user(self.manager).create({"name": "Defaults"})
        self.assertEqual(agreement.state, "draft")
        self.assertEqual(agreement.company_id, self.company_a)
        self.assertEqual(agreement.currency_id, self.company_a.currency_id)
        self.assertEqual(agreement.user_id, self.manager)
        self.assertEqual(agreement.date_start, agreement.company_id._amc_today())

    def _assert_create_refused(self, vals, message):
        """The database refuses the row; the RPC layer shows the constraint's message."""
        Agreement = self.env["amc.agreement"]
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                Agreement.create(vals)
        self.assertIn(message, Agreement._sql_error_to_message(caught.exception))
        self.assertFalse(Agreement.search([("name", "=", vals["name"])]))

    def test_end_before_start_is_refused_on_create(self):
        self._assert_create_refused(
            self._agreement_vals(date_start="2026-05-01", date_end="2026-04-30"),
            "An agreement cannot end before it starts.",
        )

    def test_end_before_start_is_refused_on_write(self):
        agreement = self.env["amc.agreement"].create(self._agreement_vals())
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            agreement.write({"date_end": "2025-12-31"})

    def test_same_day_agreement_is_allowed(self):
        agreement = self.env["amc.agreement"].create(
            self._agreement_vals(date_start="2026-05-01", date_end="2026-05-01")
        )
        self.assertEqual(agreement.date_end, agreement.date_start)

    def test_active_agreement_needs_customer(self):
        Agreement = self.env["amc.agreement"]
        self._assert_create_refused(
            self._agreement_vals(partner_id=False, state="active"),
            "An active agreement needs a customer.",
        )
        agreement = Agreement.create(self._agreement_vals(state="active"))
        with self.assertRaisesRegex(ValidationError, "needs a customer"):
            agreement.write({"partner_id": False})
        # a draft agreement may be prepared before the customer is known
        draft = Agreement.create(self._agreement_vals(partner_id=False))
        self.assertEqual(draft.state, "draft")

    def test_activate_requires_customer(self):
        agreement = self.env["amc.agreement"].create(self._agreement_vals(partner_id=False))
        with self.assertRaisesRegex(UserError, "Set a customer"):
            agreement.action_activate()
        self.assertEqual(agreement.state, "draft")
        agreement.partner_id = self.customer
        agreement.action_activate()
        self.assertEqual(agreement.state, "active")
        with self.assertRaises(UserError):
            agreement.action_activate()

    def test_cancel_and_reset(self):
        agreement = self.env["amc.agreement"].create(self._agreement_vals(state="active"))
        agreement.action_cancel()
        self.assertEqual(agreement.state, "cancelled")
        with self.assertRaises(UserError):
            agreement.action_cancel()
        agreement.action_reset_to_draft()
        self.assertEqual(agreement.state, "draft")

    def test_cron_expires_ended_agreements_only(self):
        today = self.env.company._amc_today()
        Agreement = self.env["amc.agreement"]
        ended = Agreement.create(
            self._agreement_vals(
                state="active", date_start=today - timedelta(days=30), date_end=today - timedelta(days=1)
            )
        )
        ends_today = Agreement.create(
            self._agreement_vals(state="active", date_start=today - timedelta(days=30), date_end=today)
        )
        open_ended = Agreement.create(self._agreement_vals(state="active", date_start=today, date_end=False))
        draft = Agreement.create(
            self._agreement_vals(date_start=today - timedelta(days=30), date_end=today - timedelta(days=1))
        )
        Agreement._cron_expire_agreements()
        self.assertEqual(ended.state, "expired")
        self.assertEqual(ends_today.state, "active")
        self.assertEqual(open_ended.state, "active")
        self.assertEqual(draft.state, "draft")
