# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An agreement's "today" is its company's, whoever triggers the code.

At 23:30 UTC on 30 November it is already 1 December in Stockholm (the company's working
hours), still 30 November for a user in UTC and 18:30 on 30 November in New York: every
business date the module sets or compares must be 1 December for all of them.
"""

from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo.tests import new_test_user, tagged

from .common import AmcTestCommon

COMPANY_DAY = date(2026, 12, 1)


@tagged("post_install", "-at_install")
class TestAmcToday(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(freeze_time("2026-11-30 23:30:00"))
        cls.company_a.resource_calendar_id.tz = "Europe/Stockholm"
        cls.user_utc = cls._user("amc_today_utc", "UTC")
        cls.user_ny = cls._user("amc_today_ny", "America/New_York")
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Today Agreement",
                state="active",
                date_start="2026-10-01",
                date_end=False,
                has_maintenance=True,
                maintenance_fee=1000.0,
                hourly_rate=100.0,
            )
        )
        cls.request = cls.env["amc.request"].create(
            {
                "name": "Today request",
                "agreement_id": cls.agreement.id,
                "scope": "billable",
                "scope_override_reason": "Set by the test",
            }
        )

    @classmethod
    def _user(cls, login, tz):
        return new_test_user(
            cls.env, login=login, groups="addon_amc.group_amc_manager", company_id=cls.company_a.id, tz=tz
        )

    def _as(self, user, model):
        """``model`` as ``user`` in a session: a web request puts the user's timezone in the context."""
        return self.env[model].with_user(user).with_context(tz=user.tz)

    def test_time_entries_take_the_company_day(self):
        for user in (self.user_utc, self.user_ny):
            with self.subTest(user=user.login):
                entry = self._as(user, "amc.time.entry").create({"request_id": self.request.id, "duration": 1.0})
                self.assertEqual(entry.date, COMPANY_DAY)

    def test_agreement_default_start_is_the_company_day(self):
        for user in (self.user_utc, self.user_ny):
            with self.subTest(user=user.login):
                agreement = self._as(user, "amc.agreement").create({"name": f"Started by {user.login}"})
                self.assertEqual(agreement.date_start, COMPANY_DAY)
        # an agreement started today by one user takes the time another logs today
        agreement = self._as(self.user_ny, "amc.agreement").create(
            {"name": "New today", "partner_id": self.customer.id, "state": "active"}
        )
        request = self.env["amc.request"].create({"name": "First request", "agreement_id": agreement.id})
        entry = self._as(self.user_utc, "amc.time.entry").create({"request_id": request.id, "duration": 1.0})
        self.assertEqual(entry.date, agreement.date_start)

    def test_statements_follow_the_company_month(self):
        Statement = self.env["amc.statement"]
        self._as(self.user_ny, "amc.time.entry").create({"request_id": self.request.id, "duration": 2.0})
        self._as(self.user_utc, "amc.statement")._cron_sync_months()
        self.env.flush_all()
        months = Statement.search([("agreement_id", "=", self.agreement.id)]).mapped("month")
        self.assertEqual(sorted(months), [date(2026, 10, 1), date(2026, 11, 1), COMPANY_DAY])
        december = Statement.search([("agreement_id", "=", self.agreement.id), ("month", "=", COMPANY_DAY)])
        self.assertEqual(december.billable_hours, 2.0)
        for user in (self.user_utc, self.user_ny):
            with self.subTest(user=user.login):
                self.assertEqual(self._as(user, "amc.statement")._check_statements(self.agreement), [])

    def test_patch_applied_on_the_company_day(self):
        patch = self.env["amc.patch"].create(
            {
                "agreement_id": self.agreement.id,
                "title": "Security fix",
                "severity": "high",
                "release_date": "2026-11-20",
                "staging_tested": True,
            }
        )
        patch.with_user(self.user_ny).with_context(tz=self.user_ny.tz).action_mark_applied()
        self.assertEqual(patch.applied_date, COMPANY_DAY)
        self.assertEqual(patch.applied_by_id, self.user_ny)

    def test_the_overdue_and_to_invoice_filters_take_the_company_day(self):
        """The search filters count what the dashboard counts, at each record's company's today.

        Before, they compared dates in the browser's timezone: for the New York user on 30 November
        a patch due that day was not overdue yet, and November was not a closed month to invoice.
        """
        self.agreement.patch_window_day = 30
        with freeze_time("2026-11-29 12:00:00"):  # created before its deadline: stored as pending
            patch = self.env["amc.patch"].create(
                {"agreement_id": self.agreement.id, "title": "Fix", "severity": "medium", "release_date": "2026-11-20"}
            )
            self.assertEqual((patch.date_deadline, patch.state), (date(2026, 11, 30), "pending"))
            self.env.flush_all()
        self._as(self.user_utc, "amc.statement")._cron_sync_months()
        self.env.flush_all()
        for user in (self.user_utc, self.user_ny):
            with self.subTest(user=user.login):
                Patch = self._as(user, "amc.patch")
                mine = [("agreement_id", "=", self.agreement.id)]
                self.assertEqual(Patch.search([*mine, ("is_overdue", "=", True)]), patch)
                self.assertFalse(Patch.search([("is_overdue", "=", False), ("id", "=", patch.id)]))
                self.assertTrue(Patch.browse(patch.id).is_overdue)
                to_invoice = self._as(user, "amc.statement").search(
                    [("is_to_invoice", "=", True), ("agreement_id", "=", self.agreement.id)]
                )
                self.assertEqual(to_invoice.mapped("month"), [date(2026, 11, 1), date(2026, 10, 1)])
        for view, name, field in (
            ("addon_amc.amc_patch_view_search", "filter_overdue", "is_overdue"),
            ("addon_amc.amc_statement_view_search", "filter_to_invoice", "is_to_invoice"),
        ):
            domain = etree.fromstring(self.env.ref(view).arch).xpath(f"//filter[@name='{name}']/@domain")
            self.assertEqual(domain, [f"[('{field}', '=', True)]"])

    def test_next_health_check_counts_from_the_company_day(self):
        """A check run at 23:30 UTC on 30 November ran on 1 December at the company."""
        self.agreement.action_run_health_check()
        self.assertEqual(self.agreement.health_check_last_date.date(), date(2026, 11, 30))
        self.assertEqual(self.agreement.health_check_next_date, date(2027, 1, 1))

    def test_company_today_follows_calendar_then_partner_then_utc(self):
        company = self.env["res.company"].create({"name": "Today Company"})
        company.partner_id.tz = "America/New_York"
        company.resource_calendar_id.tz = "Europe/Stockholm"
        self.assertEqual(company._amc_today(), COMPANY_DAY, "the working hours' timezone comes first")
        company.resource_calendar_id = False
        self.assertEqual(company._amc_today(), date(2026, 11, 30), "then the address' timezone")
        company.partner_id.tz = "Asia/Tokyo"
        self.assertEqual(company._amc_today(), COMPANY_DAY)
        company.partner_id.tz = False
        self.assertEqual(company._amc_today(), date(2026, 11, 30), "else UTC")
        # never the timezone of the user who asks
        for user in (self.user_ny, self.user_utc):
            self.assertEqual(self.company_a.with_user(user).with_context(tz=user.tz)._amc_today(), COMPANY_DAY)
        tokyo = self.env(context=dict(self.env.context, tz="Asia/Tokyo"))
        self.assertEqual(company.with_env(tokyo)._amc_today(), date(2026, 11, 30))
        # a stored moment, on the company's calendar
        self.assertEqual(self.company_a._amc_today(datetime(2026, 11, 30, 22, 59)), date(2026, 11, 30))
        self.assertEqual(self.company_a._amc_today(datetime(2026, 11, 30, 23, 0)), COMPANY_DAY)
