# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmcTestCommon, dashboard_section


class AmcBillingCommon(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Billing agreement",
                state="active",
                hourly_rate=1000.0,
                min_billable_minutes=15,
                billing_increment_minutes=15,
            )
        )

    def _request(self, scope="billable", agreement=None, **vals):
        return self.env["amc.request"].create(
            {
                "name": f"Request {scope}",
                "agreement_id": (agreement or self.agreement).id,
                "scope": scope,
                "scope_override_reason": "Billing test: scope set by hand",
                **vals,
            }
        )

    def _log(self, request, hours, day="2026-03-10", user=None):
        Entry = self.env["amc.time.entry"]
        if user:
            Entry = Entry.with_user(user)
        return Entry.create({"request_id": request.id, "duration": hours, "date": day})

    def _pack(self, hours, purchased="2026-01-01", expiry=False, agreement=None):
        return self.env["amc.hour.pack"].create(
            {
                "agreement_id": (agreement or self.agreement).id,
                "hours": hours,
                "date_purchase": purchased,
                "date_expiry": expiry,
            }
        )

    def _lines(self, request):
        return sorted((line.bucket, line.pack_id.id or False, line.minutes) for line in request.allocation_ids)


@tagged("post_install", "-at_install")
class TestAmcBillingRules(AmcBillingCommon):
    def test_five_minutes_are_billed_as_fifteen(self):
        request = self._request()
        entry = self._log(request, 5 / 60)
        self.assertEqual(self._lines(request), [("billable", False, 15)])
        self.assertAlmostEqual(entry.billed_hours, 0.25)
        self.assertAlmostEqual(entry.amount, 250.0)
        self.assertEqual(entry.bucket, "billable")
        self.assertAlmostEqual(request.billable_amount, 250.0)

    def test_twenty_minutes_round_up_to_thirty(self):
        request = self._request()
        self._log(request, 20 / 60)
        self.assertEqual(self._lines(request), [("billable", False, 30)])

    def test_rounding_applies_to_the_request_total_not_each_entry(self):
        request = self._request()
        self._log(request, 10 / 60, day="2026-03-10")
        self._log(request, 10 / 60, day="2026-03-11")
        # 20 minutes in all → 30, not 15 + 15
        self.assertEqual(sum(request.allocation_ids.mapped("minutes")), 30)
        self.assertAlmostEqual(request.hours_billed, 0.5)

    def test_agreement_rounding_settings_are_used(self):
        self.agreement.write({"min_billable_minutes": 30, "billing_increment_minutes": 6})
        request = self._request()
        self._log(request, 40 / 60)
        self.assertEqual(self._lines(request), [("billable", False, 42)])

    def test_allocation_across_maintenance_allowance_two_packs_and_overage(self):
        self.agreement.write(
            {
                "has_maintenance": True,
                "config_allowance_hours": 1.0,
                "config_allowance_period": "month",
            }
        )
        pack_old = self._pack(1.0, purchased="2026-01-01", expiry="2026-06-30")
        pack_new = self._pack(2.0, purchased="2026-02-01", expiry="2026-12-31")
        covered = self._request("included")
        self._log(covered, 2.0, day="2026-03-02")
        config = self._request("config")
        self._log(config, 1.5, day="2026-03-03")  # 1 h allowance, 0.5 h from the oldest-expiry pack
        billable = self._request("billable")
        self._log(billable, 3.0, day="2026-03-04")  # 0.5 h old pack, 2 h new pack, 0.5 h overage
        self.assertEqual(self._lines(covered), [("maintenance", False, 120)])
        self.assertEqual(self._lines(config), sorted([("config", False, 60), ("pack", pack_old.id, 30)]))
        self.assertEqual(
            self._lines(billable),
            sorted([("pack", pack_old.id, 30), ("pack", pack_new.id, 120), ("billable", False, 30)]),
        )
        self.assertAlmostEqual(billable.billable_amount, 500.0)
        self.assertAlmostEqual(pack_old.hours_used, 1.0)
        self.assertEqual(pack_old.state, "depleted")
        self.assertAlmostEqual(pack_new.hours_remaining, 0.0)
        self.assertAlmostEqual(self.agreement.pack_hours_remaining, 0.0)

    def test_services_must_match_the_scope(self):
        # an "included" request on an agreement without maintenance is not covered
        request = self._request("included")
        self._log(request, 1.0)
        self.assertEqual(self._lines(request), [("billable", False, 60)])
        # first line is covered only when the agreement has it
        self.agreement.has_first_line = True
        first_line = self._request("first_line")
        self._log(first_line, 0.5)
        self.assertEqual(self._lines(first_line), [("first_line", False, 30)])

    def test_allowance_resets_each_period(self):
        self.agreement.write({"config_allowance_hours": 1.0, "config_allowance_period": "quarter"})
        january = self._request("config")
        self._log(january, 0.75, day="2026-01-15")
        march = self._request("config")
        self._log(march, 0.75, day="2026-03-15")  # same quarter: 15 min left of the allowance
        april = self._request("config")
        self._log(april, 0.75, day="2026-04-15")  # new quarter
        self.assertEqual(self._lines(january), [("config", False, 45)])
        self.assertEqual(self._lines(march), sorted([("config", False, 15), ("billable", False, 30)]))
        self.assertEqual(self._lines(april), [("config", False, 45)])

    def test_expired_pack_is_never_consumed(self):
        expired = self._pack(10.0, purchased="2026-01-01", expiry="2026-02-28")
        request = self._request()
        self._log(request, 1.0, day="2026-03-10")
        self.assertEqual(self._lines(request), [("billable", False, 60)])
        self.assertEqual(expired.state, "expired")
        self.assertAlmostEqual(expired.hours_used, 0.0)
        self.assertAlmostEqual(expired.hours_expired, 10.0)
        self.assertAlmostEqual(expired.hours_remaining, 0.0)

    def test_expired_pack_reports_unused_hours_as_expired_not_used(self):
        pack = self._pack(2.0, purchased="2026-01-01", expiry="2026-02-28")
        request = self._request()
        self._log(request, 0.5, day="2026-02-10")
        self.assertAlmostEqual(pack.hours_used, 0.5)
        self.assertAlmostEqual(pack.hours_expired, 1.5)
        self.assertEqual(pack.state, "expired")

    def test_reallocation_is_deterministic_when_entries_change(self):
        pack = self._pack(1.0)
        first = self._request()
        second = self._request()
        self._log(first, 0.5, day="2026-03-01")
        entry = self._log(second, 1.0, day="2026-03-02")
        self.assertEqual(self._lines(second), sorted([("pack", pack.id, 30), ("billable", False, 30)]))
        # moving the second request's work before the first gives it the pack first
        entry.date = "2026-02-15"
        self.assertEqual(self._lines(second), [("pack", pack.id, 60)])
        self.assertEqual(self._lines(first), [("billable", False, 30)])
        entry.unlink()
        self.assertEqual(self._lines(first), [("pack", pack.id, 30)])

    def test_reclassifying_a_request_reallocates_its_time(self):
        self.agreement.has_maintenance = True
        request = self._request("billable")
        self._log(request, 1.0)
        self.assertEqual(self._lines(request), [("billable", False, 60)])
        request.action_override_scope("included", "A bug in our module")
        self.assertEqual(self._lines(request), [("maintenance", False, 60)])
        self.assertAlmostEqual(request.billable_amount, 0.0)

    def test_monthly_statement(self):
        self.agreement.write(
            {
                "has_maintenance": True,
                "maintenance_fee": 5000.0,
                "has_first_line": True,
                "first_line_price_per_user": 200.0,
                "support_contact_ids": [
                    (6, 0, (self.customer | self.env["res.partner"].create({"name": "Key user"})).ids)
                ],
            }
        )
        self._pack(1.0)
        self._log(self._request("included"), 2.0, day="2026-03-02")
        self._log(self._request("billable"), 1.5, day="2026-03-03")
        self.env.flush_all()
        statement = self.env["amc.statement"].search(
            [("agreement_id", "=", self.agreement.id), ("month", "=", "2026-03-01")]
        )
        self.assertEqual(len(statement), 1)
        self.assertAlmostEqual(statement.maintenance_fee, 5000.0)
        self.assertEqual(statement.first_line_users, 2)
        self.assertAlmostEqual(statement.first_line_fee, 400.0)
        self.assertAlmostEqual(statement.maintenance_hours, 2.0)
        self.assertAlmostEqual(statement.pack_hours, 1.0)
        self.assertAlmostEqual(statement.billable_hours, 0.5)
        self.assertAlmostEqual(statement.billable_amount, 500.0)
        self.assertAlmostEqual(statement.total_amount, 5900.0)
        balances = statement._get_pack_balances()
        self.assertEqual([(b["hours"], b["used"], b["left"]) for b in balances], [(1.0, 1.0, 0.0)])
        # months without time still owe the fixed fees
        february = self.env["amc.statement"].search(
            [("agreement_id", "=", self.agreement.id), ("month", "=", "2026-02-01")]
        )
        self.assertAlmostEqual(february.total_amount, 5400.0)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("addon_amc.amc_statement_report_document", statement.ids)[0]
            .decode()
        )
        self.assertIn("Billing agreement", html)
        self.assertIn("Total to invoice", html)
        # the month's own figures, whatever the agreement's terms are today: its rows still add up to its total
        self.agreement.write({"has_maintenance": False, "has_first_line": False})
        statement.sudo().write({"maintenance_fee": 5000.0, "first_line_fee": 400.0})  # as invoiced
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("addon_amc.amc_statement_report_document", statement.ids)[0]
            .decode()
        )
        self.assertIn("Maintenance (monthly fee)", html)
        self.assertIn("First-line support (registered users)", html)
        self.assertIn("5,000.00", html)
        # the customer's document, in the customer's language, whoever prints it
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"]._load_module_terms(["addon_amc"], ["sv_SE"], overwrite=True)
        statement.partner_id.lang = "sv_SE"
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html("addon_amc.amc_statement_report_document", statement.ids)[0]
            .decode()
        )
        self.assertIn("Supportrapport —", html)
        self.assertNotIn("Support Statement —", html)


@tagged("post_install", "-at_install")
class TestAmcBillingBadInput(AmcBillingCommon):
    def _table_model(self, table):
        return next(self.env[name] for name in self.env.registry if self.env[name]._table == table)

    def _assert_refused(self, create, message):
        """The ORM (ValidationError) or the database (IntegrityError, shown by
        the RPC layer with the constraint's message) refuses, and nothing is kept."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                create()
        except (ValidationError, IntegrityError) as caught:
            error = caught
        else:
            self.fail(f"not refused; expected: {message}")
        text = (
            self._table_model(error.diag.table_name)._sql_error_to_message(error)
            if isinstance(error, IntegrityError)
            else str(error)
        )
        self.assertIn(message, text)

    def test_zero_or_negative_duration(self):
        request = self._request()
        for hours in (0.0, -1.0):
            self._assert_refused(lambda hours=hours: self._log(request, hours), "positive duration")
        self.assertFalse(request.time_entry_ids)
        self.assertFalse(request.allocation_ids)
        entry = self._log(request, 1.0)
        with self.assertRaisesRegex(ValidationError, "positive duration"), self.env.cr.savepoint():
            entry.duration = 0
        self.assertAlmostEqual(entry.duration, 1.0)

    def test_no_time_on_draft_or_cancelled_agreements(self):
        # requests are opened on active agreements only; the agreement goes back to draft later
        draft = self.env["amc.agreement"].create(self._agreement_vals(name="Draft agreement", state="active"))
        request = self._request(agreement=draft)
        draft.state = "draft"
        self._assert_refused(lambda: self._log(request, 1.0), "the agreement is Draft")
        draft.state = "cancelled"
        self._assert_refused(lambda: self._log(request, 1.0), "the agreement is Cancelled")
        self.assertFalse(request.time_entry_ids)

    def test_dates_outside_the_period(self):
        request = self._request()
        self._assert_refused(lambda: self._log(request, 1.0, day="2025-12-31"), "outside the period")
        self._assert_refused(lambda: self._log(request, 1.0, day="2027-01-01"), "outside the period")
        self.assertFalse(request.time_entry_ids)

    def test_packs_need_positive_hours(self):
        for hours in (0.0, -5.0):
            self._assert_refused(lambda hours=hours: self._pack(hours), "more than 0 hours")
        self.assertFalse(self.agreement.pack_ids)
        pack = self._pack(25.0)
        with self.assertRaisesRegex(ValidationError, "more than 0 hours"), self.env.cr.savepoint():
            pack.hours = 0
        with self.assertRaisesRegex(ValidationError, "expire before"), self.env.cr.savepoint():
            pack.date_expiry = "2025-12-01"
        self.assertAlmostEqual(pack.hours, 25.0)


@tagged("post_install", "-at_install")
class TestAmcBillingAccess(AmcBillingCommon):
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_support_user_logs_time_but_cannot_edit_rates_or_packs(self):
        request = self._request().with_user(self.agent)
        entry = self._log(request, 0.5, user=self.agent)
        self.assertEqual(entry.user_id, self.agent)
        self.assertEqual(entry.bucket, "billable")
        entry.duration = 1.0
        self.assertAlmostEqual(entry.billed_hours, 1.0)
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.agent).write({"hourly_rate": 1.0})
        with self.assertRaises(AccessError):
            self._pack(25.0).with_user(self.agent).write({"hours": 100.0})
        with self.assertRaises(AccessError):
            self.env["amc.hour.pack"].with_user(self.agent).create(
                {
                    "agreement_id": self.agreement.id,
                    "hours": 25.0,
                }
            )
        with self.assertRaises(AccessError):
            request.allocation_ids.with_user(self.agent).write({"minutes": 1})
        self.assertAlmostEqual(self.agreement.hourly_rate, 1000.0)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_agents_edit_only_their_own_time(self):
        request = self._request()
        colleague = self._log(request, 1.0, user=self.manager)
        with self.assertRaises(AccessError):
            colleague.with_user(self.agent).write({"duration": 5.0})
        with self.assertRaises(AccessError):
            colleague.with_user(self.agent).unlink()
        self.assertAlmostEqual(colleague.duration, 1.0)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_company_b_agent_cannot_see_company_a_work(self):
        request = self._request()
        self._log(request, 1.0)
        pack = self._pack(5.0)
        for records in (request, request.time_entry_ids, request.allocation_ids, pack):
            with self.assertRaises(AccessError):
                records.with_user(self.agent_b).read(["id"])
        self.assertFalse(self.env["amc.time.entry"].with_user(self.agent_b).search([]))


@tagged("post_install", "-at_install")
class TestAmcPackAlerts(AmcBillingCommon):
    def _alerts(self, text):
        activities = self.agreement.activity_ids.filtered(lambda activity: text in (activity.summary or ""))
        messages = self.agreement.message_ids.filtered(lambda message: text in (message.body or ""))
        return activities, messages

    def test_each_threshold_alerts_once(self):
        self.agreement.user_id = self.manager
        pack = self._pack(10.0, purchased="2026-01-01")
        request = self._request()
        self._log(request, 7.5, day="2026-03-02")
        self.assertEqual(self._alerts("% used")[0], self.env["mail.activity"])
        self._log(request, 0.5, day="2026-03-03")  # 80 %
        activities, messages = self._alerts("is 80% used")
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.manager)
        self.assertEqual(len(self._alerts("has used 8.00 of 10.00 hours")[1]), 1)
        self._log(request, 0.25, day="2026-03-04")  # 82.5 %: nothing new
        request.time_entry_ids[:1].description = "recomputed"
        self.agreement._recompute_allocations()
        self.assertEqual(len(self._alerts("is 80% used")[0]), 1)
        self.assertFalse(self._alerts("is 95% used")[0])
        self._log(request, 1.25, day="2026-03-05")  # 95 %
        self.assertEqual(len(self._alerts("is 95% used")[0]), 1)
        self.assertAlmostEqual(pack.alert_threshold, 0.95)
        self.agreement._recompute_allocations()
        self.assertEqual(len(self._alerts("% used")[0]), 2)

    def test_crossing_both_thresholds_at_once_tells_the_highest(self):
        self._pack(4.0, purchased="2026-01-01")
        self._log(self._request(), 4.0, day="2026-03-02")
        self.assertFalse(self._alerts("is 80% used")[0])
        self.assertEqual(len(self._alerts("is 95% used")[0]), 1)

    def test_thresholds_come_from_settings(self):
        self.env["res.config.settings"].create(
            {"amc_pack_threshold_warning": 50.0, "amc_pack_threshold_critical": 90.0}
        ).execute()
        self._pack(10.0, purchased="2026-01-01")
        self._log(self._request(), 5.0, day="2026-03-02")
        self.assertEqual(len(self._alerts("is 50% used")[0]), 1)
        with self.assertRaisesRegex(ValidationError, "must come before"):
            self.env["res.config.settings"].create(
                {"amc_pack_threshold_warning": 90.0, "amc_pack_threshold_critical": 50.0}
            )

    def test_threshold_filter_follows_settings(self):
        """The packs' "Past Alert Threshold" filter (opened by the dashboard card) uses the first alert."""
        pack = self._pack(10.0, purchased="2026-01-01")
        self._log(self._request(), 6.0, day="2026-03-02")
        Pack = self.env["amc.hour.pack"].with_user(self.agent)
        self.assertNotIn(pack, Pack.search([("past_alert_threshold", "=", True)]))
        self.env["res.config.settings"].create(
            {"amc_pack_threshold_warning": 50.0, "amc_pack_threshold_critical": 90.0}
        ).execute()
        self.assertIn(pack, Pack.search([("past_alert_threshold", "=", True)]))
        pack.invalidate_recordset(["past_alert_threshold"])
        self.assertTrue(pack.past_alert_threshold)
        data = self.env["amc.agreement"].get_dashboard_data()
        self.assertIn(str(pack.id), [row["key"] for row in dashboard_section(data, "pack_alerts")["rows"]])

    def test_forecast_depletion_alerts_once(self):
        today = self.agreement.company_id._amc_today()
        self.agreement.date_start = today - timedelta(days=60)
        self._pack(40.0, purchased=today - timedelta(days=40))
        request = self._request()
        # 20 h in the last 30 days: 20 h left at 2 h / 3 days → runs out in 30 days
        for offset in range(1, 21):
            self._log(request, 1.0, day=today - timedelta(days=offset))
        activities = self._alerts("Prepaid hours run out")[0]
        self.assertEqual(len(activities), 1)
        self.assertEqual(self.agreement.forecast_alert_date, today + timedelta(days=30))
        self._log(request, 0.25, day=today)
        self.assertEqual(len(self._alerts("Prepaid hours run out")[0]), 1)
        # a new pack moves the forecast: it may alert again later, not now
        self._pack(25.0, purchased=today)
        self.assertFalse(self.agreement.forecast_alert_date)
        self.assertEqual(len(self._alerts("Prepaid hours run out")[0]), 1)


@tagged("post_install", "-at_install")
class TestAmcBillingReviewFixes(AmcBillingCommon):
    """Regressions found in review; each failed before its fix."""

    def test_zero_decimal_currency_keeps_its_allocation_lines(self):
        jpy = self.env.ref("base.JPY")
        jpy.active = True
        self.agreement.write({"currency_id": jpy.id, "hourly_rate": 100.0, "min_billable_minutes": 7})
        self.agreement.billing_increment_minutes = 1
        request = self._request()
        self._log(request, 7 / 60)
        lines = request.allocation_ids
        self.assertEqual(lines.amount, 12.0)  # 11.67 kept at the currency's precision
        self.agreement._recompute_allocations()
        self.assertEqual(request.allocation_ids, lines, "an unchanged allocation is not rewritten")

    def test_deleting_a_request_gives_its_pack_hours_back(self):
        pack = self._pack(1.0)
        first = self._request()
        self._log(first, 1.0, day="2026-03-01")
        second = self._request()
        self._log(second, 0.5, day="2026-03-02")
        self.assertEqual(pack.state, "depleted")
        self.assertEqual(self._lines(second), [("billable", False, 30)])
        first.unlink()
        self.assertAlmostEqual(pack.hours_used, 0.5)
        self.assertEqual(pack.state, "active")
        self.assertEqual(self._lines(second), [("pack", pack.id, 30)])

    def test_moving_a_request_checks_its_time_against_the_new_agreement(self):
        request = self._request()
        self._log(request, 1.0, day="2026-03-01")
        later = self.env["amc.agreement"].create(
            self._agreement_vals(name="Starts later", state="active", date_start="2026-06-01")
        )
        with self.assertRaisesRegex(ValidationError, "outside the period"), self.env.cr.savepoint():
            request.agreement_id = later
        self.assertEqual(request.agreement_id, self.agreement)

    def test_a_duration_under_a_minute_is_refused_clearly(self):
        request = self._request()
        with self.assertRaisesRegex(ValidationError, "at least one minute"), self.env.cr.savepoint():
            self._log(request, 0.008)
        self.assertFalse(request.time_entry_ids)

    def test_statement_counts_active_registered_users_and_keeps_cancelled_months(self):
        contact = self.env["res.partner"].create({"name": "Former key user"})
        self.agreement.write(
            {
                "has_first_line": True,
                "first_line_price_per_user": 200.0,
                "support_contact_ids": [(6, 0, (self.customer | contact).ids)],
            }
        )
        contact.active = False
        self._log(self._request(), 1.0, day="2026-02-10")
        self.env.flush_all()
        Statement = self.env["amc.statement"]
        february = Statement.search([("agreement_id", "=", self.agreement.id), ("month", "=", "2026-02-01")])
        self.assertEqual(february.first_line_users, 1)
        self.assertAlmostEqual(february.first_line_fee, 200.0)
        self.agreement.action_cancel()
        self.env.flush_all()
        kept = Statement.search([("agreement_id", "=", self.agreement.id)])
        self.assertEqual(kept.mapped("period"), ["2026-02"])
        self.assertAlmostEqual(kept.billable_amount, 1000.0)
