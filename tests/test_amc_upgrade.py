# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, release
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AmcTestCommon


@tagged("post_install", "-at_install")
class TestAmcUpgrade(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.env.company._amc_today()
        Version = cls.env["amc.odoo.version"]
        cls.v17 = cls.env.ref("addon_amc.amc_odoo_version_17")
        cls.v18 = cls.env.ref("addon_amc.amc_odoo_version_18")
        cls.v19 = cls.env.ref("addon_amc.amc_odoo_version_19")
        # a series whose support ends soon, whatever today's date
        cls.ending = Version.create(
            {
                "series": "90.0",
                "release_date": cls.today - timedelta(days=900),
                "end_of_support": cls.today + timedelta(days=60),
            }
        )
        cls.target = Version.create({"series": "91.0", "release_date": cls.today - timedelta(days=30)})
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Upgrade Agreement",
                odoo_version_id=cls.ending.id,
                date_start=cls.today - timedelta(days=100),
                date_end=cls.today + timedelta(days=300),
            )
        )
        cls.agreement.action_activate()
        # the inventory comes from the production instance: this database here
        cls.agreement._register_this_database()
        cls.Plan = cls.env["amc.upgrade.plan"]

    def _plan(self, weeks=10, **extra):
        return self.Plan.create(
            {
                "agreement_id": self.agreement.id,
                "to_version_id": self.target.id,
                "date_planning_start": self.today,
                "date_target": self.today + timedelta(weeks=weeks),
                **extra,
            }
        )

    def test_seeded_versions(self):
        expected = {"16.0": "2025-09-01", "17.0": "2026-09-01", "18.0": "2027-09-01", "19.0": "2028-09-01"}
        for series, end in expected.items():
            version = self.env["amc.odoo.version"].search([("series", "=", series)])
            self.assertEqual(fields.Date.to_string(version.end_of_support), end, series)
        self.assertEqual(self.env["amc.odoo.version"]._get_running().series, release.serie)
        self.assertTrue(self.v19.is_running or release.serie != "19.0")

    def test_new_agreement_records_the_running_series(self):
        agreement = self.env["amc.agreement"].create(self._agreement_vals(name="New"))
        self.assertEqual(agreement.odoo_version_id.series, release.serie)

    def test_series_validation(self):
        with self.assertRaises(ValidationError):
            self.env["amc.odoo.version"].create({"series": "nineteen"})

    def test_plan_defaults_and_milestones(self):
        plan = self._plan()
        self.assertEqual(plan.from_version_id, self.ending)
        self.assertIn("91.0", plan.name)
        self.assertEqual(
            plan.milestone_ids.mapped("kind"), ["assessment", "custom_review", "test_migration", "uat", "go_live"]
        )
        self.assertEqual(plan.milestone_ids[0].date, plan.date_planning_start)
        self.assertEqual(plan.milestone_ids[-1].date, plan.date_target)
        self.assertEqual(plan.planning_weeks, 10)
        self.assertTrue(plan.after_end_of_support, "go-live in 10 weeks, support ends in 60 days")

    def test_planning_starts_eight_weeks_before(self):
        with self.assertRaises(ValidationError):
            self._plan(weeks=7)
        self._plan(weeks=8)
        self.env["ir.config_parameter"].set_param("addon_amc.upgrade_planning_weeks", 12)
        with self.assertRaises(ValidationError):
            self._plan(weeks=10)

    def test_target_series_must_be_newer(self):
        with self.assertRaises(ValidationError):
            self._plan(to_version_id=self.v17.id, from_version_id=self.v18.id)

    def test_milestones_stay_in_the_plan(self):
        plan = self._plan()
        with self.assertRaises(ValidationError):
            plan.milestone_ids[0].date = plan.date_target + timedelta(days=1)
        # the plan's dates moved: its milestones must still fall between them
        go_live = plan.milestone_ids[-1].date
        with self.assertRaisesRegex(ValidationError, "must fall between"), self.env.cr.savepoint():
            plan.date_target = go_live - timedelta(weeks=1)
            plan.flush_recordset()
        with self.assertRaisesRegex(ValidationError, "must fall between"), self.env.cr.savepoint():
            plan.date_planning_start = plan.date_planning_start + timedelta(days=3)
            plan.flush_recordset()
        # moved together, the milestone first, it is fine
        plan.milestone_ids[-1].date = go_live - timedelta(weeks=1)
        plan.date_target = go_live - timedelta(weeks=1)
        plan.flush_recordset()

    def test_close_needs_every_milestone(self):
        plan = self._plan()
        plan.action_start()
        with self.assertRaises(UserError):
            plan.action_done()
        plan.milestone_ids.done = True
        self.assertEqual(plan.milestone_ids.mapped("date_done"), [self.today] * 5)
        plan.action_done()
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.milestone_progress, 100)

    def test_module_inventory(self):
        plan = self._plan()
        by_name = {line.name: line for line in plan.module_ids}
        # this module lives outside Odoo's addons directories, by another author
        self.assertIn("addon_amc", by_name)
        self.assertTrue(by_name["addon_amc"].outside_odoo)
        self.assertTrue(by_name["addon_amc"].is_custom)
        self.assertEqual(by_name["addon_amc"].author, "addon_amc developers")
        # Odoo's own modules are not listed
        self.assertNotIn("base", by_name)
        self.assertNotIn("mail", by_name)
        self.assertEqual(plan.custom_module_count, len(plan.module_ids.filtered("is_custom")))
        # refreshing replaces the inventory
        plan.module_ids.unlink()
        plan.action_refresh_inventory()
        self.assertIn("addon_amc", plan.module_ids.mapped("name"))

    def test_refresh_inventory_keeps_the_review(self):
        plan = self._plan()
        line = plan.module_ids.filtered(lambda line: line.name == "addon_amc")
        line.write({"reviewed": True, "note": "Ported and reviewed", "version": "0.0"})
        other = plan.module_ids - line
        gone = self.env["amc.upgrade.module"].create({"plan_id": plan.id, "name": "amc_test_uninstalled_module"})
        other[:1].unlink()  # a module installed since the inventory was taken
        plan.with_user(self.manager).action_refresh_inventory()
        self.assertTrue(line.exists(), "the line of a module still installed is kept")
        self.assertEqual((line.reviewed, line.note), (True, "Ported and reviewed"))
        self.assertNotEqual(line.version, "0.0", "its data is refreshed")
        self.assertFalse(gone.exists(), "a module no longer installed leaves the inventory")
        self.assertTrue(other[1:] <= plan.module_ids)
        self.assertEqual(len(plan.module_ids), len(other) + 1)
        self.assertEqual(len(set(plan.module_ids.mapped("name"))), len(plan.module_ids))

    def test_dashboard_warns_without_plan(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        versions = Agreement._get_dashboard_versions(self.today)
        self.assertEqual(versions["window_days"], 16 * 7)
        row = next(row for row in versions["runway"] if row["agreement_id"] == self.agreement.id)
        self.assertEqual(row["series"], "90.0")
        self.assertEqual(row["days_left"], 60)
        self.assertTrue(row["warning"])
        self.assertFalse(row["has_plan"])
        plans_due = versions["plans_due"]
        self.assertGreaterEqual(plans_due, 1)
        self._plan()
        versions = Agreement._get_dashboard_versions(self.today)
        row = next(row for row in versions["runway"] if row["agreement_id"] == self.agreement.id)
        self.assertFalse(row["warning"])
        self.assertTrue(row["has_plan"])
        self.assertEqual(versions["plans_due"], plans_due - 1)

    def test_dashboard_window_follows_the_setting(self):
        self.ending.end_of_support = self.today + timedelta(days=20 * 7)
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        ids = [row["agreement_id"] for row in Agreement._get_dashboard_versions(self.today)["runway"]]
        self.assertNotIn(self.agreement.id, ids, "support ends after 8 + 8 weeks")
        self.env["ir.config_parameter"].set_param("addon_amc.upgrade_planning_weeks", 12)
        versions = Agreement._get_dashboard_versions(self.today)
        row = next(row for row in versions["runway"] if row["agreement_id"] == self.agreement.id)
        # 140 days left: past the client's former fixed 90 days, inside the Settings' window
        self.assertEqual(row["status"], "warn", "within 12 + 8 weeks")
        self.ending.end_of_support = self.today - timedelta(days=1)
        versions = Agreement._get_dashboard_versions(self.today)
        row = next(row for row in versions["runway"] if row["agreement_id"] == self.agreement.id)
        self.assertEqual(row["status"], "fail")
        running = self.env["amc.odoo.version"]._get_running()
        running.end_of_support = self.today + timedelta(days=versions["window_days"] + 1)
        self.assertEqual(Agreement._get_dashboard_versions(self.today)["instance"]["status"], "pass")
        running.end_of_support = self.today + timedelta(days=versions["window_days"])
        self.assertEqual(Agreement._get_dashboard_versions(self.today)["instance"]["status"], "warn")

    def test_the_agreement_follows_the_series_its_production_reports(self):
        """Never the hub's series: a new agreement starts with this database's own (the default), and the
        first report of its production instance sets the customer's; a staging copy changes nothing."""
        agreement = self.env["amc.agreement"].create(self._agreement_vals(name="Remote on 17"))
        self.assertEqual(agreement.odoo_version_id.series, release.serie, "the default before any report")
        production = self.env["amc.instance"].create({"agreement_id": agreement.id, "name": "Production"})
        staging = self.env["amc.instance"].create({"agreement_id": agreement.id, "name": "Staging", "role": "staging"})
        Collector = self.env["amc.instance.collector"]

        def report(instance, series, minutes_ago):
            payload = Collector._collect_payload(fields.Datetime.now())
            payload["collected_at"] = Collector._iso(
                fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=minutes_ago)
            )
            payload["odoo"] = {"series": series, "version": f"{series}-20260110", "build_date": "2026-01-10"}
            instance._record_report(payload, "http")

        report(production, "17.0", 30)
        self.assertEqual(agreement.odoo_version_id, self.env.ref("addon_amc.amc_odoo_version_17"))
        report(staging, "18.0", 20)
        self.assertEqual(agreement.odoo_version_id.series, "17.0", "a staging copy says nothing of production")
        report(production, "15.0", 10)
        self.assertEqual(agreement.odoo_version_id.series, "17.0", "a series not listed: kept (the check asks)")
        plan = self.env["amc.upgrade.plan"].create(
            {
                "agreement_id": agreement.id,
                "to_version_id": self.env.ref("addon_amc.amc_odoo_version_18").id,
                "date_planning_start": self.today,
                "date_target": self.today + timedelta(weeks=12),
            }
        )
        self.assertEqual(plan.from_version_id.series, "17.0")

    def test_inventory_of_a_reporting_production_instance(self):
        """A customer's production instance: its reported modules, not the hub's."""
        agreement = self.env["amc.agreement"].create(self._agreement_vals(name="Remote"))
        instance = self.env["amc.instance"].create({"agreement_id": agreement.id, "name": "Customer Production"})
        Collector = self.env["amc.instance.collector"]
        payload = Collector._collect_payload(fields.Datetime.now())
        payload["modules"] = [
            {
                "name": "base",
                "state": "installed",
                "installed_version": "17.0.1.3",
                "disk_version": "17.0.1.3",
                "author": "Odoo S.A.",
                "license": "LGPL-3",
                "odoo": True,
            },
            {
                "name": "timber_grading",
                "state": "installed",
                "installed_version": "17.0.1.4.0",
                "disk_version": "17.0.1.4.0",
                "author": "Nordic Timber AB",
                "license": "OPL-1",
                "odoo": False,
            },
        ]
        plan = self.env["amc.upgrade.plan"].create(
            {
                "agreement_id": agreement.id,
                "from_version_id": self.env.ref("addon_amc.amc_odoo_version_18").id,
                "to_version_id": self.env.ref("addon_amc.amc_odoo_version_19").id,
                "date_planning_start": self.today,
                "date_target": self.today + timedelta(weeks=12),
            }
        )
        self.assertFalse(plan.module_ids, "no report yet: no inventory (never the hub's own modules)")
        instance._record_report(payload, "http")
        plan.action_refresh_inventory()
        self.assertEqual(plan.module_ids.mapped("name"), ["timber_grading"])
        line = plan.module_ids
        self.assertEqual((line.version, line.author, line.license), ("17.0.1.4.0", "Nordic Timber AB", "OPL-1"))
        self.assertTrue(line.is_custom)
