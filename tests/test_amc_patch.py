# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmcTestCommon, dashboard_section


@tagged("post_install", "-at_install")
class TestAmcPatch(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Mon-Fri 8-17 in Stockholm
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Stockholm office",
                "tz": "Europe/Stockholm",
                "company_id": cls.company_a.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 17,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Patch Agreement",
                calendar_id=cls.calendar.id,
                user_id=cls.manager.id,
                has_maintenance=True,
            )
        )
        cls.agreement.action_activate()
        cls.Patch = cls.env["amc.patch"]

    def _patch(self, severity, release, **extra):
        return self.Patch.create(
            {
                "agreement_id": self.agreement.id,
                "title": f"{severity} patch of {release}",
                "severity": severity,
                "release_date": release,
                **extra,
            }
        )

    def _christmas(self):
        """Public holidays (company-wide leaves, no resource): 24-26 December 2026, Stockholm time."""
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Christmas",
                "company_id": self.company_a.id,
                "calendar_id": False,
                "resource_id": False,
                "date_from": "2026-12-23 23:00:00",
                "date_to": "2026-12-26 22:59:59",
            }
        )

    def test_sla_defaults(self):
        self.assertEqual(self.agreement.patch_sla_critical_days, 15)
        self.assertEqual(self.agreement.patch_sla_high_days, 30)

    def test_critical_deadline_in_business_days(self):
        # released Friday 2026-03-06: 15 business days from Monday 9 March -> Friday 27 March
        self.assertEqual(self._patch("critical", "2026-03-06").date_deadline, date(2026, 3, 27))
        # high: 30 business days -> Friday 17 April
        self.assertEqual(self._patch("high", "2026-03-06").date_deadline, date(2026, 4, 17))

    def test_deadline_skips_public_holidays(self):
        self.agreement.patch_sla_critical_days = 5
        before = self._patch("critical", "2026-12-18")
        # Mon 21, Tue 22, Wed 23, Thu 24, Fri 25
        self.assertEqual(before.date_deadline, date(2026, 12, 25))
        self._christmas()
        after = self._patch("critical", "2026-12-18")
        # Mon 21, Tue 22, Wed 23, (24 and 25 are holidays, 26-27 weekend) Mon 28, Tue 29
        self.assertEqual(after.date_deadline, date(2026, 12, 29))

    def test_holidays_of_another_company_do_not_count(self):
        self.agreement.patch_sla_critical_days = 5
        self.env["resource.calendar.leaves"].with_company(self.company_b).create(
            {
                "name": "Other company holiday",
                "company_id": self.company_b.id,
                "calendar_id": False,
                "resource_id": False,
                "date_from": "2026-12-23 23:00:00",
                "date_to": "2026-12-26 22:59:59",
            }
        )
        self.assertEqual(self._patch("critical", "2026-12-18").date_deadline, date(2026, 12, 25))

    def test_sla_is_editable_per_agreement(self):
        patch = self._patch("critical", "2026-03-06")
        self.agreement.patch_sla_critical_days = 3
        self.assertEqual(patch.date_deadline, date(2026, 3, 11))

    def test_applied_patches_keep_the_deadline_they_were_judged_against(self):
        """Regression: a later change of the agreement's SLA rewrote applied patches' state."""
        applied = self._patch("critical", "2026-01-02", staging_tested=True)
        applied.applied_date = "2026-01-20"  # 15 business days: due 23 January, on time
        self.assertEqual(applied.state, "applied_on_time")
        pending = self._patch("critical", "2026-03-06")
        self.agreement.patch_sla_critical_days = 5
        self.assertEqual(applied.date_deadline, date(2026, 1, 23))
        self.assertEqual(applied.state, "applied_on_time")
        self.assertEqual(pending.date_deadline, date(2026, 3, 13))

    def test_a_new_holiday_moves_pending_deadlines(self):
        """Regression: adding a public holiday left pending patches on their old deadline."""
        self.agreement.patch_sla_critical_days = 5
        patch = self._patch("critical", "2026-12-18")
        self.assertEqual(patch.date_deadline, date(2026, 12, 25))
        self._christmas()
        self.assertEqual(patch.date_deadline, date(2026, 12, 29))

    def test_a_moved_deadline_rearms_the_warning_and_applying_closes_it(self):
        today = self.agreement.company_id._amc_today()
        self.agreement.patch_window_day = today.day
        patch = self._patch("low", today)
        self.Patch._cron_patch_sla()
        self.assertTrue(patch.warning_sent)
        self.assertEqual(len(patch.activity_ids), 1)
        patch.severity = "critical"  # 15 business days away: the old to-do is void
        self.assertFalse(patch.warning_sent)
        self.assertFalse(patch.activity_ids)
        patch.severity = "low"
        self.Patch._cron_patch_sla()
        self.assertEqual(len(patch.activity_ids), 1)
        patch.write({"staging_tested": True})
        patch.action_mark_applied()
        self.assertFalse(patch.activity_ids, "applying closes the to-do")

    def test_medium_and_low_wait_for_the_patch_window(self):
        self.agreement.patch_window_day = 15
        self.assertEqual(self._patch("medium", "2026-03-02").date_deadline, date(2026, 3, 15))
        self.assertEqual(self._patch("low", "2026-03-15").date_deadline, date(2026, 3, 15))
        self.assertEqual(self._patch("low", "2026-03-16").date_deadline, date(2026, 4, 15))
        self.agreement.patch_window_day = 31
        self.assertEqual(self._patch("low", "2026-02-02").date_deadline, date(2026, 2, 28))

    def test_next_patch_window(self):
        today = self.agreement.company_id._amc_today()
        self.agreement.patch_window_day = today.day
        self.assertEqual(self.agreement.patch_window_next_date, today)
        yesterday = today - timedelta(days=1)
        self.agreement.patch_window_day = yesterday.day
        self.assertGreater(self.agreement.patch_window_next_date, today)
        self.assertLessEqual(self.agreement.patch_window_next_date, today + timedelta(days=31))

    def test_warning_date_in_business_days(self):
        self._christmas()
        patch = self._patch("critical", "2026-12-07")
        # 15 business days from Tue 8 Dec, 24-25 Dec excluded -> Wed 30 Dec
        self.assertEqual(patch.date_deadline, date(2026, 12, 30))
        # 3 business days before: Tue 29, Mon 28, (holidays, weekend) Wed 23
        self.assertEqual(patch.date_warning, date(2026, 12, 23))
        self.env["ir.config_parameter"].set_param("addon_amc.patch_warning_days", 1)
        self.assertEqual(self._patch("critical", "2026-12-07").date_warning, date(2026, 12, 29))

    def test_states(self):
        patch = self._patch("critical", "2026-03-06", staging_tested=True)
        self.assertEqual(
            patch.state, "overdue" if self.agreement.company_id._amc_today() > date(2026, 3, 27) else "pending"
        )
        patch.applied_date = "2026-03-27"
        self.assertEqual(patch.state, "applied_on_time")
        patch.applied_date = "2026-03-30"
        self.assertEqual(patch.state, "applied_late")

    def test_mark_applied_needs_staging(self):
        patch = self._patch("high", self.agreement.company_id._amc_today())
        with self.assertRaises(UserError):
            patch.with_user(self.manager).action_mark_applied()
        self.assertFalse(patch.applied_date)
        patch.staging_tested = True
        patch.with_user(self.manager).action_mark_applied()
        self.assertEqual(patch.applied_date, patch.company_id._amc_today())
        self.assertEqual(patch.applied_by_id, self.manager)
        self.assertEqual(patch.state, "applied_on_time")
        with self.assertRaises(UserError):
            patch.action_mark_applied()

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self._patch("high", "2026-03-06", cve="CVE-26-1")
        patch = self._patch("high", "2026-03-06", cve="CVE-2026-12345")
        self.assertEqual(patch.cve, "CVE-2026-12345")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            patch.applied_date = "2026-03-01"
            patch.flush_recordset()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.agreement.patch_sla_critical_days = 0
            self.agreement.flush_recordset()
        # a day the month cannot have is refused with a clear message before the database sees it
        with self.assertRaisesRegex(ValidationError, "at most 31"), self.env.cr.savepoint():
            self.agreement.patch_window_day = 32
            self.agreement.flush_recordset()

    def test_the_due_soon_card_opens_the_patches_it_counts(self):
        with freeze_time("2026-03-03 10:00:00"):
            self._patch("critical", "2026-03-02")  # due 2026-03-23
            self._patch("high", "2026-03-02")  # due later, no warning yet
        with freeze_time("2026-03-20 10:00:00"):
            Agreement = self.env["amc.agreement"].with_user(self.manager)
            section = dashboard_section(Agreement.get_dashboard_data(), "patches")
            card = next(card for card in section["cards"] if card["key"] == "due_soon")
            context = card["action"]["context"]
            self.assertEqual(context.get("search_default_filter_due_soon"), 1)
            due_soon = self.env["amc.patch"].with_user(self.manager).search_count([("is_due_soon", "=", True)])
            self.assertEqual(card["value"], due_soon)
            self.assertGreaterEqual(due_soon, 1)
            todo = self.env["amc.patch"].with_user(self.manager).search_count([("state", "in", ("pending", "overdue"))])
            self.assertGreater(todo, due_soon, "the card no longer opens every patch to apply")

    def test_a_cancelled_agreement_owes_no_patch(self):
        with freeze_time("2026-03-03 10:00:00"):
            patch = self._patch("critical", "2026-03-02")
            self.assertEqual(patch.state, "pending")
        with freeze_time("2026-04-30 10:00:00"):
            patch.invalidate_recordset()
            self.assertTrue(patch.is_overdue)
            before = self.env["amc.agreement"]._get_dashboard_patches(date(2026, 4, 30))["overdue"]
            self.agreement.action_cancel()
            patch.invalidate_recordset()
            self.Patch._cron_patch_sla()
            self.assertNotEqual(patch.state, "overdue")
            self.assertFalse(self.Patch.search([("id", "=", patch.id), ("is_overdue", "=", True)]))
            self.assertEqual(self.env["amc.agreement"]._get_dashboard_patches(date(2026, 4, 30))["overdue"], before - 1)

    def test_applied_is_a_fact_not_a_plan(self):
        with freeze_time("2026-03-10 10:00:00"):
            patch = self._patch("critical", "2026-03-06")
            with self.assertRaisesRegex(ValidationError, "a day still to come"), self.env.cr.savepoint():
                patch.applied_date = "2026-03-25"
                patch.flush_recordset()
            patch.invalidate_recordset()
            self.assertFalse(patch.applied_date)
            patch.applied_date = "2026-03-10"
            self.assertEqual(patch.state, "applied_on_time")

    def test_an_ended_agreement_is_not_activated_again(self):
        with freeze_time("2026-03-10 10:00:00"):
            ended = self.env["amc.agreement"].create(
                self._agreement_vals(name="Ended", date_start="2025-01-01", date_end="2026-02-28")
            )
            with self.assertRaisesRegex(UserError, "extend its end date"):
                ended.action_activate()
            self.assertEqual(ended.state, "draft")
            ended.date_end = "2026-12-31"
            ended.action_activate()
            self.assertEqual(ended.state, "active")

    def test_cron_marks_overdue_and_warns_once(self):
        today = self.agreement.company_id._amc_today()
        self.agreement.patch_window_day = today.day
        # a patch whose deadline passed without anyone recomputing it
        stale = self._patch("high", today)
        self.assertEqual(stale.state, "pending")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE amc_patch SET date_deadline = %s, date_warning = %s WHERE id = %s",
            [today - timedelta(days=1), today - timedelta(days=4), stale.id],
        )
        stale.invalidate_recordset()
        self.assertEqual(stale.state, "pending")
        # a patch in its warning period: low severity, window today, released today
        soon = self._patch("low", today)
        self.assertEqual(soon.date_deadline, today)
        self.assertLessEqual(soon.date_warning, today)
        quiet = self._patch("critical", today)
        self.Patch._cron_patch_sla()
        self.assertEqual(stale.state, "overdue")
        self.assertEqual(len(soon.activity_ids), 1)
        self.assertEqual(soon.activity_ids.user_id, self.manager)
        self.assertTrue(soon.warning_sent)
        self.assertFalse(quiet.activity_ids, "far from its deadline")
        self.Patch._cron_patch_sla()
        self.assertEqual(len(soon.activity_ids), 1, "warned once")

    def test_dashboard_patch_section(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        today = self.agreement.company_id._amc_today()
        before = Agreement._get_dashboard_patches(today)
        self._patch("critical", today - timedelta(days=60))  # overdue
        self.agreement.patch_window_day = today.day
        self._patch("medium", today)  # due today, in its warning period
        on_time = self._patch("critical", today - timedelta(days=10), staging_tested=True)
        on_time.applied_date = today - timedelta(days=5)
        late = self._patch("critical", today - timedelta(days=90), staging_tested=True)
        late.applied_date = today - timedelta(days=2)
        after = Agreement._get_dashboard_patches(today)
        self.assertEqual(after["overdue"], before["overdue"] + 1)
        self.assertEqual(after["due_soon"], before["due_soon"] + 1)
        self.assertIsNotNone(after["compliance_percent"])
        self.assertLess(after["compliance_percent"], 100)
        self.assertGreater(after["compliance_percent"], 0)
