# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from odoo import fields, release
from odoo.addons.addon_amc.addon_amc.lib import maintenance
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import AmcTestCommon, dashboard_section

# the three dashboard sections of maintenance operations (the last check of each
# agreement is chosen by date, then id: one DISTINCT ON query, whatever the number of agreements)
DASHBOARD_QUERIES = 14


class AmcHealthCommon(AmcTestCommon):
    """A maintenance agreement and an instance put in a known, healthy state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key_user = cls.env["res.partner"].create(
            {
                "name": "Key User",
                "email": "key.user@customer.example.com",
                "parent_id": cls.customer.id,
            }
        )
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Health Agreement",
                has_maintenance=True,
                user_id=cls.manager.id,
                support_contact_ids=[(6, 0, cls.key_user.ids)],
                date_start=cls.env.company._amc_today() - timedelta(days=200),
                date_end=cls.env.company._amc_today() + timedelta(days=200),
            )
        )
        cls.agreement.action_activate()
        # the checks grade this database, registered as the agreement's instance
        cls.instance = cls.agreement._register_this_database()
        cls.now = fields.Datetime.now()
        # a healthy instance: no failing or late cron, no pending module, generous limits
        cls.env["ir.cron"].with_context(active_test=False).search([]).write(
            {
                "failure_count": 0,
                "first_failure_date": False,
            }
        )
        cls.env["ir.cron"].search([]).write({"nextcall": cls.now + timedelta(hours=1)})
        cls.env["ir.module.module"].search([("state", "in", ("to install", "to upgrade", "to remove"))]).write(
            {"state": "uninstalled"}
        )
        cls.cron = cls.env.ref("addon_amc.amc_agreement_ir_cron_expire")
        cls.admin_like = new_test_user(
            cls.env, login="amc_settings_user", name="Settings User", groups="base.group_user,base.group_system"
        )

    def _run(self, agreement=None):
        agreement = agreement or self.agreement
        action = agreement.with_user(self.manager).action_run_health_check()
        return self.env["amc.health.check"].browse(action["res_id"])

    def _line(self, check, code):
        line = check.line_ids.filtered(lambda line: line.code == code)
        self.assertEqual(len(line), 1, f"one {code} line expected")
        return line

    def _rewind(self, instance=None):
        """(in a test, every write of the transaction is dated at its start: date the
        instance's last report before the changes the next report must count)"""
        (instance or self.instance).sudo().last_report_date = self.now - timedelta(days=1)

    def assertStatus(self, check, code, status):
        line = self._line(check, code)
        self.assertEqual(line.status, status, f"{code}: {line.value} {line.details or ''}")
        return line


@tagged("post_install", "-at_install")
class TestAmcHealthChecks(AmcHealthCommon):
    def test_every_check_writes_one_line(self):
        check = self._run()
        self.assertEqual(check.state, "done")
        self.assertEqual(
            check.line_ids.mapped("code"),
            [
                "backup",
                "instance_reporting",
                "cron_failures",
                "cron_switched_off",
                "cron_late",
                "db_size",
                "filestore_size",
                "module_updates",
                "config_drift",
                "version_runway",
            ],
        )
        for code in ("cron_failures", "cron_late", "module_updates", "db_size"):
            self.assertEqual(self._line(check, code).status, "pass", code)
        # no token, no report: backups are not monitored yet
        self.assertEqual(self._line(check, "backup").status, "warn")
        self.assertEqual(check.result, "warn")
        self.assertEqual(self.agreement.health_check_last_result, "warn")

    def test_failing_cron(self):
        self.assertNotIn(self.cron.name, self._line(self._run(), "cron_failures").details or "")
        self.cron.write({"failure_count": 3, "first_failure_date": self.now - timedelta(days=2)})
        line = self._line(self._run(), "cron_failures")
        self.assertEqual(line.status, "fail")
        self.assertIn(self.cron.name, line.details)
        self.assertIn(f'href="/odoo/ir.cron/{self.cron.id}"', line.details)
        self.assertIn("failed 3 times", line.details)
        # failing for a short while only: a warning
        self.cron.write({"first_failure_date": self.now - timedelta(hours=2)})
        self.assertEqual(self._line(self._run(), "cron_failures").status, "warn")

    def test_cron_switched_off_since_previous_check(self):
        self._run()
        self.assertIn(self.cron.id, self.instance.last_report_id.payload["crons"]["active_ids"])
        self.assertStatus(self._run(), "cron_switched_off", "pass")
        # Odoo switches a failing cron off with a SQL UPDATE (write_date untouched)
        self.env.cr.execute("UPDATE ir_cron SET active = false WHERE id = %s", [self.cron.id])
        self.cron.invalidate_recordset()
        line = self._line(self._run(), "cron_switched_off")
        self.assertEqual(line.status, "warn")
        self.assertIn(self.cron.name, line.details)

    def test_cron_switched_off_without_previous_check(self):
        """No snapshot yet: a cron that ran in the period and is off now, or that a user switched off."""
        ran = self.env.ref("addon_amc.amc_health_check_ir_cron")
        ran.write({"lastcall": self.now - timedelta(days=3)})
        self.env.cr.execute("UPDATE ir_cron SET active = false WHERE id = %s", [ran.id])
        self.cron.with_user(self.admin_like).write({"active": False})
        self.env.invalidate_all()
        line = self._line(self._run(), "cron_switched_off")
        self.assertEqual(line.status, "warn")
        self.assertIn(ran.name, line.details)
        self.assertIn(self.cron.name, line.details)
        self.assertIn("Settings User", line.details)

    def test_late_cron_means_runner_down(self):
        self.cron.nextcall = self.now - timedelta(days=3)
        line = self._line(self._run(), "cron_late")
        self.assertEqual(line.status, "fail")
        self.assertIn(self.cron.name, line.details)

    def test_database_size_threshold_and_growth(self):
        self.assertEqual(self._line(self._run(), "db_size").status, "pass")
        self.env["ir.config_parameter"].set_param("addon_amc.db_size_limit_mb", 1)
        check = self._run()
        line = self._line(check, "db_size")
        self.assertEqual(line.status, "fail")
        self.assertEqual(line.threshold, "1.0 MB")
        self.assertGreater(check.db_size_mb, 1)
        # the next check shows the growth against the previous report
        report = self.instance.last_report_id
        payload = dict(report.payload)
        payload["sizes"] = {**payload["sizes"], "database_bytes": payload["sizes"]["database_bytes"] // 2}
        report.sudo().payload = payload
        value = self._line(self._run(), "db_size").value
        self.assertIn("since the previous report", value)
        self.assertIn(self.instance.name, value, "the line names its instance")

    def test_filestore_size_threshold(self):
        self.env["ir.config_parameter"].set_param("addon_amc.filestore_size_limit_mb", 1000)
        before = self._run()
        self.assertEqual(self._line(before, "filestore_size").status, "pass")
        self.env["ir.config_parameter"].set_param(
            "addon_amc.filestore_size_limit_mb", int(before.filestore_size_mb) + 2
        )
        self.env["ir.attachment"].create(
            {
                "name": "big.bin",
                "datas": base64.b64encode(b"x" * 3 * 1024 * 1024),
            }
        )
        after = self._run()
        self.assertGreater(after.filestore_size_mb, before.filestore_size_mb + 2.9)
        self.assertEqual(self._line(after, "filestore_size").status, "fail")

    def _backup(self, status, hours_ago, agreement=None):
        return self.env["amc.backup.log"].create(
            {
                "agreement_id": (agreement or self.agreement).id,
                "status": status,
                "finished_at": self.now - timedelta(hours=hours_ago),
                "size_mb": 512,
            }
        )

    def test_backups(self):
        self.instance.action_generate_token()
        line = self._line(self._run(), "backup")
        self.assertEqual((line.status, line.value), ("fail", "no backup reported"))
        self._backup("success", 30)
        line = self._line(self._run(), "backup")
        self.assertEqual(line.status, "fail", "the last success is older than 26 hours")
        self._backup("success", 2)
        self.assertEqual(self._line(self._run(), "backup").status, "pass")
        self._backup("failed", 1)
        line = self._line(self._run(), "backup")
        self.assertEqual(line.status, "fail", "the last run failed")
        self.assertIn("failed", line.advice)
        # the age limit is a setting
        self.env["ir.config_parameter"].set_param("addon_amc.backup_max_age_hours", 48)
        self._backup("success", 0.5)
        self.assertEqual(self._line(self._run(), "backup").status, "pass")

    def test_pending_module_update(self):
        mail = self.env["ir.module.module"].search([("name", "=", "mail")])
        self.assertNotIn("mail:", self._line(self._run(), "module_updates").details or "")
        mail.latest_version = "19.0.0.1"  # the database says an older version than the files
        line = self._line(self._run(), "module_updates")
        self.assertEqual(line.status, "warn")
        self.assertIn("mail: 19.0.0.1 installed", line.details)
        self.assertIn(mail.installed_version, line.details)

    def test_module_left_in_transient_state(self):
        module = self.env["ir.module.module"].search([("state", "=", "uninstalled")], limit=1)
        module.state = "to install"
        line = self._line(self._run(), "module_updates")
        self.assertEqual(line.status, "warn")
        self.assertIn(module.name, line.details)

    def test_configuration_drift(self):
        self.assertStatus(self._run(), "config_drift", "pass")
        # the superuser (module loading, crons) is not drift, nor a user's own preferences
        self._rewind()
        self.env["ir.config_parameter"].set_param("amc.test.superuser", "1")
        self.manager.with_user(self.manager).write({"tz": "Europe/Stockholm"})
        self.assertStatus(self._run(), "config_drift", "pass")
        self._rewind()
        # a non-admin internal user changes the configuration
        self.env["ir.config_parameter"].with_user(self.admin_like).create({"key": "amc.test.drift", "value": "1"})
        self.env["ir.mail_server"].with_user(self.admin_like).create(
            {"name": "Drift SMTP", "smtp_host": "smtp.example.com"}
        )
        self.env["ir.ui.view"].with_user(self.admin_like).create(
            {
                "name": "amc drift view",
                "model": "res.partner",
                "type": "list",
                "arch": "<list><field name='name'/></list>",
            }
        )
        line = self.assertStatus(self._run(), "config_drift", "warn")
        self.assertIn("Settings User", line.details)
        self.assertIn("3 changes", line.value)
        for label in ("System Parameter", "Mail Server", "View"):
            self.assertIn(label, line.details)
        # counts and users only: no record names or values
        self.assertNotIn("amc.test.drift", line.details)
        self.assertNotIn("Drift SMTP", line.details)
        self.assertNotIn(self.manager.name, line.details)
        # the list of configuration models is a setting
        self.env["ir.config_parameter"].set_param("addon_amc.drift_models", "res.company")
        self._rewind()
        self.assertStatus(self._run(), "config_drift", "pass")

    def test_drift_stock_locations_without_putaway(self):
        """Where `stock` is installed, new internal locations without putaway rules are drift.

        `stock` is not a dependency, so the default suite skips this; run it with
        `node build/odoo.mjs test -- -i addon_amc,stock --test-tags /addon_amc:TestAmcHealthChecks`.
        """
        if "stock.putaway.rule" not in self.env:
            self.skipTest("stock is not installed")
        self.env["ir.config_parameter"].set_param("addon_amc.drift_models", "stock.location")
        self.admin_like.group_ids = [(4, self.env.ref("stock.group_stock_manager").id)]
        self._rewind()
        parent = self.env.ref("stock.stock_location_stock")
        Location = self.env["stock.location"].with_user(self.admin_like)
        Location.create({"name": "AMC bare shelf", "location_id": parent.id, "usage": "internal"})
        ruled = Location.create({"name": "AMC ruled shelf", "location_id": parent.id, "usage": "internal"})
        self.env["stock.putaway.rule"].create({"location_in_id": parent.id, "location_out_id": ruled.id})
        line = self.assertStatus(self._run(), "config_drift", "warn")
        self.assertIn("1 changes", line.value, "the shelf with a putaway rule is not drift")

    def test_drift_period_starts_at_previous_report(self):
        self._rewind()
        self.env["ir.config_parameter"].with_user(self.admin_like).create({"key": "amc.test.old", "value": "1"})
        self.assertEqual(self._line(self._run(), "config_drift").status, "warn")
        # the change was made before the previous report: not reported again
        self.assertEqual(self._line(self._run(), "config_drift").status, "pass")

    def test_version_runway(self):
        version = self.env["amc.odoo.version"].search([("series", "=", release.serie)])
        today = self.agreement.company_id._amc_today()
        version.end_of_support = today + timedelta(days=1000)
        self.assertEqual(self._line(self._run(), "version_runway").status, "pass")
        version.end_of_support = today + timedelta(days=60)
        line = self._line(self._run(), "version_runway")
        self.assertEqual(line.status, "warn")
        self.assertIn("upgrade plan", line.advice)
        version.end_of_support = today - timedelta(days=1)
        self.assertEqual(self._line(self._run(), "version_runway").status, "fail")
        version.series = "1.0"  # the running series is not in the table
        line = self._line(self._run(), "version_runway")
        self.assertEqual(line.status, "warn")
        self.assertIn("end of support unknown", line.value)

    def test_one_follow_up_activity_for_the_account_manager(self):
        self.cron.write({"failure_count": 2, "first_failure_date": self.now - timedelta(days=2)})
        check = self._run()
        self.assertEqual(check.result, "fail")
        self.assertEqual(len(check.activity_ids), 1)
        self.assertEqual(check.activity_ids.user_id, self.manager)
        self.assertIn("Failing scheduled actions", str(check.activity_ids.note))
        check.with_user(self.manager).action_run()
        self.assertEqual(len(check.activity_ids), 1, "running the check again keeps one activity")

    def _open_follow_ups(self, agreement=None):
        checks = (agreement or self.agreement).health_check_ids
        return self.env["mail.activity"].search([("res_model", "=", "amc.health.check"), ("res_id", "in", checks.ids)])

    def test_one_open_follow_up_per_agreement(self):
        self.cron.write({"failure_count": 2, "first_failure_date": self.now - timedelta(days=2)})
        first = self._run()
        self.assertEqual(len(first.activity_ids), 1)
        second = self._run()  # the same lasting problem a month later
        self.assertEqual(self._open_follow_ups(), second.activity_ids)
        self.assertEqual(len(second.activity_ids), 1)
        self.assertFalse(first.activity_ids, "the previous follow-up is closed")
        # another agreement's follow-up is left alone
        other = self.agreement.copy({"name": "Other Follow-up"})
        other_check = self._run(other)
        self.assertEqual(len(other_check.activity_ids), 1)
        # the problem is fixed: running the latest check again closes its follow-up
        self.cron.write({"failure_count": 0, "first_failure_date": False})
        self.instance.action_generate_token()
        self._backup("success", 1)
        second.with_user(self.manager).action_run()
        self.assertEqual(
            second.result, "pass", second.line_ids.filtered(lambda line: line.status != "pass").mapped("code")
        )
        self.assertFalse(self._open_follow_ups())
        self.assertEqual(len(other_check.activity_ids), 1)
        # a problem again, then a passing check closes the follow-up too
        self.cron.write({"failure_count": 2, "first_failure_date": self.now - timedelta(days=2)})
        third = self._run()
        self.assertEqual(self._open_follow_ups(), third.activity_ids)
        self.cron.write({"failure_count": 0, "first_failure_date": False})
        fourth = self._run()
        self.assertEqual(fourth.result, "pass")
        self.assertFalse(self._open_follow_ups())

    def test_run_again_only_the_latest_check(self):
        old = self._run()
        old_date = old.date = self.now - timedelta(days=31)
        latest = self._run()
        # the form offers "Run Again" on the latest check only
        self.assertEqual((old | latest).mapped("can_run_again"), [False, True])
        with self.assertRaisesRegex(UserError, "latest"):
            old.with_user(self.manager).action_run()
        self.assertEqual(old.date, old_date, "the old check keeps its date")
        self.assertEqual(self.agreement.health_check_last_date, latest.date)
        latest.with_user(self.manager).action_run()
        self.assertEqual(latest.state, "done")
        # among checks of the same date the last created is the latest
        same_date = self._run()
        same_date.date = latest.date
        with self.assertRaisesRegex(UserError, "latest"):
            latest.with_user(self.manager).action_run()
        same_date.with_user(self.manager).action_run()

    def test_no_activity_when_everything_passes(self):
        self.instance.action_generate_token()
        self._backup("success", 1)
        check = self._run()
        problems = check.line_ids.filtered(lambda line: line.status != "pass").mapped("code")
        self.assertEqual(check.result, "pass", problems)
        self.assertFalse(check.activity_ids)

    def test_scheduled_checks(self):
        today = self.agreement.company_id._amc_today()
        self.assertEqual(self.agreement.health_check_interval, "month")
        self.agreement.health_check_next_date = today
        quarterly = self.agreement.copy({"name": "Quarterly", "health_check_interval": "quarter"})
        quarterly.write({"state": "active", "health_check_next_date": today - timedelta(days=3)})
        later = self.agreement.copy({"name": "Later"})
        later.write({"state": "active", "health_check_next_date": today + timedelta(days=3)})
        Agreement = self.env["amc.agreement"]
        checks = Agreement._cron_run_health_checks()
        mine = self.agreement | quarterly | later
        self.assertEqual(checks.agreement_id & mine, self.agreement | quarterly)
        self.assertEqual(set(checks.mapped("trigger")), {"scheduled"})
        for agreement, months in ((self.agreement, 1), (quarterly, 3)):
            last = agreement.company_id._amc_today(agreement.health_check_last_date)
            self.assertEqual(agreement.health_check_next_date, maintenance.add_months(last, months))
        self.assertFalse(Agreement._cron_run_health_checks().agreement_id & mine, "nothing is due twice")

    def test_interval_follows_maintenance(self):
        agreement = self.env["amc.agreement"].create(self._agreement_vals(name="No maintenance"))
        self.assertEqual(agreement.health_check_interval, "none")
        self.assertFalse(agreement.health_check_next_date)
        agreement.has_maintenance = True
        self.assertEqual(agreement.health_check_interval, "month")
        self.assertTrue(agreement.health_check_next_date)

    def test_report_renders_the_lines(self):
        self.cron.write({"failure_count": 1, "first_failure_date": self.now})
        check = self._run()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("addon_amc.amc_health_check_report_document", check.ids)[0]
            .decode()
        )
        self.assertIn("Health Agreement", html)
        self.assertIn("Failing scheduled actions", html)
        self.assertIn(self.cron.name, html)
        self.assertIn("1 failing", html)

    def test_send_report_to_key_users(self):
        check = self._run()
        action = check.with_user(self.manager).action_send_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = self.env["mail.compose.message"].with_user(self.manager).with_context(**action["context"]).create({})
        self.assertEqual(composer.template_id, self.env.ref("addon_amc.amc_health_check_mail_template"))
        self.assertEqual(composer.partner_ids, self.key_user)
        self.assertIn("Health Agreement", composer.subject)
        composer._action_send_mail()
        message = check.message_ids.filtered(lambda message: message.message_type == "comment")[:1]
        self.assertEqual(message.partner_ids, self.key_user)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn("Health check", message.attachment_ids.name)

    def test_cannot_send_a_draft_check(self):
        draft = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        with self.assertRaises(UserError):
            draft.action_send_email()

    def test_collecting_costs_the_same_for_5_or_50_changes(self):
        """Collecting the facts of the instance does not grow with its history."""
        Collector = self.env["amc.instance.collector"]
        since = self.now - timedelta(days=30)
        Param = self.env["ir.config_parameter"].with_user(self.admin_like)
        # the default model list, less stock.location: the cost must not depend on
        # whether `stock` happens to be installed in the database under test
        self.env["ir.config_parameter"].set_param(
            "addon_amc.drift_models",
            "res.company,res.users,res.groups,ir.config_parameter,ir.mail_server,ir.cron,ir.ui.view",
        )
        Collector._collect_payload(since)  # warm the registry caches (ir.model, manifests)

        def measure():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            payload = Collector._collect_payload(since)
            return self.env.cr.sql_log_count - before, payload

        Param.create([{"key": f"amc.bench.{index}", "value": "x"} for index in range(5)])
        queries, payload = measure()
        Param.create([{"key": f"amc.bench.more.{index}", "value": "x"} for index in range(45)])
        more_queries, more = measure()
        count = {change["model"]: change["count"] for change in payload["changes"]}
        more_count = {change["model"]: change["count"] for change in more["changes"]}
        self.assertEqual(more_count["ir.config_parameter"], count["ir.config_parameter"] + 45)
        self.assertEqual(more_queries, queries)

    def test_batch_run_of_many_agreements(self):
        agreements = self.agreement
        for index in range(4):
            copy = self.agreement.copy({"name": f"Batch {index}"})
            copy._register_this_database()
            agreements |= copy
        checks = self.env["amc.health.check"].create([{"agreement_id": agreement.id} for agreement in agreements])
        checks._run_checks()
        self.assertEqual(set(checks.mapped("state")), {"done"})
        # the backup line, then one line per check of the agreement's instance
        self.assertEqual(len(checks.line_ids), 10 * 5)


@tagged("post_install", "-at_install")
class TestAmcHealthDashboard(AmcHealthCommon):
    def test_health_section(self):
        check = self._run()
        other = self.agreement.copy({"name": "Other"})
        other.state = "active"
        other._register_this_database()
        self.cron.write({"failure_count": 1, "first_failure_date": self.now - timedelta(days=3)})
        failed = self._run(other)
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        today = Agreement.env.company._amc_today()
        health = Agreement._get_dashboard_health(today)
        rows = {row["agreement_id"]: row for row in health["last"]}
        self.assertEqual(rows[other.id]["result"], "fail")
        self.assertEqual(rows[other.id]["id"], failed.id)
        self.assertEqual(rows[self.agreement.id]["id"], check.id)
        self.assertEqual(health["last"][0]["result"], "fail", "failures come first")
        failures_before = health["failures"]
        self._run()  # the first agreement now fails too
        health = Agreement._get_dashboard_health(today)
        self.assertEqual(health["failures"], failures_before + 1)
        due = {row["agreement_id"]: row for row in health["next_due"]}
        self.assertIn(self.agreement.id, due)
        self.assertEqual(due[self.agreement.id]["date"], fields.Date.to_string(self.agreement.health_check_next_date))
        self.assertFalse(due[self.agreement.id]["overdue"])

    def test_the_failed_badge_opens_the_checks_it_counts(self):
        """A check that failed and was followed by a passing one is history: the badge does not count it, and
        its button opens the latest failed checks only (it opened every failed check ever)."""
        self.cron.write({"failure_count": 1, "first_failure_date": self.now - timedelta(days=3)})
        failed = self._run()
        self.assertEqual(failed.result, "fail")
        self.cron.write({"failure_count": 0, "first_failure_date": False})
        passed = self._run()
        self.assertNotEqual(passed.result, "fail")
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        section = dashboard_section(Agreement.get_dashboard_data(), "health")
        self.assertEqual(section["action"]["context"], {"search_default_filter_latest_fail": 1})
        Check = self.env["amc.health.check"].with_user(self.agent)
        latest_failed = Check.search([("is_latest", "=", True), ("result", "=", "fail")])
        self.assertNotIn(failed, latest_failed)
        self.assertEqual(len(latest_failed), int(section["badge"]["text"] or 0))
        self.assertIn(passed, Check.search([("is_latest", "=", True)]))
        self.assertTrue(passed.is_latest)
        self.assertFalse(failed.is_latest)

    def test_last_check_is_the_latest_by_date(self):
        newer = self._run()
        older = self._run()
        older.date = self.now - timedelta(days=30)  # e.g. a check recorded afterwards for an earlier date
        self.assertEqual(self.agreement.health_check_last_date, newer.date)
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        health = Agreement._get_dashboard_health(Agreement.env.company._amc_today())
        rows = {row["agreement_id"]: row for row in health["last"]}
        self.assertEqual(rows[self.agreement.id]["id"], newer.id)

    def test_dashboard_sections_use_a_fixed_number_of_queries(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        today = Agreement.env.company._amc_today()

        def sections():
            Agreement._get_dashboard_health(today)
            Agreement._get_dashboard_patches(today)
            Agreement._get_dashboard_versions(today)

        def measure():
            self.env.flush_all()
            sections()  # warm the registry caches (access rules, settings)
            self.env.invalidate_all()
            with self.assertQueryCount(DASHBOARD_QUERIES):
                Agreement._get_dashboard_health(today)
                Agreement._get_dashboard_patches(today)
                Agreement._get_dashboard_versions(today)

        self._run()
        measure()
        agreements = self.env["amc.agreement"].create(
            [self._agreement_vals(name=f"Bench {index}", has_maintenance=True, state="active") for index in range(30)]
        )
        self.env["amc.health.check"].create([{"agreement_id": agreement.id} for agreement in agreements])._run_checks()
        self.env["amc.patch"].create(
            [
                {
                    "agreement_id": agreement.id,
                    "title": "Bench",
                    "severity": "critical",
                    "release_date": today - timedelta(days=40),
                }
                for agreement in agreements
            ]
        )
        measure()
