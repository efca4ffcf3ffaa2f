# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.addon_amc.addon_amc.lib import instance_schema
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AmcTestCommon, dashboard_values

SECRET_PARTNER = "Zyxwvut Confidential Customer"
SECRET_VALUE = "s3cr3t-value-4711"


@tagged("post_install", "-at_install")
class TestAmcInstanceCollector(AmcTestCommon):
    """The reporting side: what the payload holds, and what it never holds."""

    def test_fresh_payload_validates_and_holds_no_record_content(self):
        admin_like = new_test_user(
            self.env, login="amc_collector_admin", name="Config Changer", groups="base.group_user,base.group_system"
        )
        since = fields.Datetime.now() - timedelta(hours=1)
        self.env["res.partner"].create({"name": SECRET_PARTNER, "email": "secret@customer.example.com"})
        self.env["ir.config_parameter"].with_user(admin_like).create({"key": "amc.secret.key", "value": SECRET_VALUE})
        payload = self.env["amc.instance.collector"]._collect_payload(since - timedelta(days=1))
        self.assertEqual(instance_schema.validate(payload), payload)
        self.assertEqual(set(payload), set(instance_schema.SCHEMA["properties"]))
        text = json.dumps(payload)
        for secret in (SECRET_PARTNER, "secret@customer.example.com", SECRET_VALUE, "amc.secret.key"):
            self.assertNotIn(secret, text, "no record content leaves the database")
        # the configuration change is counted, with who made it
        change = next(change for change in payload["changes"] if change["model"] == "ir.config_parameter")
        self.assertGreaterEqual(change["count"], 1)
        self.assertIn("Config Changer", change["users"])
        # modules: name, versions, state, author, licence, whether Odoo ships it
        modules = {module["name"]: module for module in payload["modules"]}
        self.assertTrue(modules["base"]["odoo"])
        self.assertFalse(modules["addon_amc"]["odoo"])
        self.assertEqual(modules["addon_amc"]["license"], "LGPL-3")
        self.assertEqual(payload["database"]["name"], self.env.cr.dbname)
        self.assertGreaterEqual(payload["users"]["active_internal"], 1)

    def test_failing_and_overdue_crons_are_reported(self):
        cron = self.env.ref("addon_amc.amc_agreement_ir_cron_expire")
        now = fields.Datetime.now()
        cron.write({"failure_count": 3, "first_failure_date": now - timedelta(days=2)})
        payload = self.env["amc.instance.collector"]._collect_payload(now - timedelta(hours=1))
        item = next(item for item in payload["crons"]["items"] if item["id"] == cron.id)
        self.assertEqual((item["failure_count"], item["active"]), (3, True))
        self.assertIn(cron.id, payload["crons"]["active_ids"])

    def test_shared_files_count_once_in_the_filestore_size(self):
        """Odoo keeps one file per content, shared by every attachment with its checksum."""
        Collector = self.env["amc.instance.collector"]
        before = Collector._collect_sizes()["filestore_bytes"]
        content = b"Nordic Timber logo " + b"x" * 300_000
        Attachment = self.env["ir.attachment"]
        first = Attachment.create({"name": "logo.png", "raw": content})
        second = Attachment.create({"name": "logo copy.png", "raw": content})
        self.assertTrue(first.store_fname)
        self.assertEqual(first.store_fname, second.store_fname, "one file for both")
        self.assertEqual(Collector._collect_sizes()["filestore_bytes"] - before, len(content))

    def test_the_next_report_starts_when_the_delivered_one_was_collected(self):
        """What changes while a report travels to the hub is in the next report: the reporter's mark
        is the delivered report's collection time, not the hub's answer."""
        Collector = self.env["amc.instance.collector"]
        Collector._remember(True, "ok", "stored", now="2026-12-03T10:00:00Z")
        self.assertEqual(Collector._get_reporter_params()["reporter_last_success"], "2026-12-03 10:00:00")
        logger = "odoo.addons.addon_amc.addon_amc.models.amc_instance_collector"
        with self.assertLogs(logger, level=logging.WARNING):
            Collector._remember(False, "unreachable", "down")
        self.assertEqual(Collector._get_reporter_params()["reporter_last_success"], "2026-12-03 10:00:00")

    def test_unreachable_hub_is_logged_once_and_recorded(self):
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param("addon_amc.hub_url", "http://127.0.0.1:9")  # discard port: refused at once
        icp.set_param("addon_amc.hub_token", "amci_whatever")
        Collector = self.env["amc.instance.collector"]
        logger = "odoo.addons.addon_amc.addon_amc.models.amc_instance_collector"
        with self.assertLogs(logger, level=logging.INFO) as logs:
            ok, message = Collector._send_report()
            Collector._cron_send_report()
            logging.getLogger(logger).info("end")
        self.assertFalse(ok)
        self.assertIn("cannot be reached", message)
        warnings = [record for record in logs.records if record.levelno >= logging.WARNING]
        self.assertEqual(len(warnings), 1, "logged once per state change")
        self.assertIsNone(warnings[0].exc_info, "no traceback")
        params = Collector._get_reporter_params()
        self.assertTrue(params["reporter_last_failure"])
        self.assertEqual(params["reporter_state"], "unreachable")


@tagged("post_install", "-at_install")
class TestAmcInstanceHub(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.env["amc.agreement"].create(cls._agreement_vals(has_maintenance=True))
        cls.agreement_b = cls.env["amc.agreement"].create(
            cls._agreement_vals(name="Company B Agreement", company_id=cls.company_b.id)
        )
        cls.instance = cls.env["amc.instance"].create({"agreement_id": cls.agreement.id, "name": "Production"})
        cls.instance_b = cls.env["amc.instance"].create({"agreement_id": cls.agreement_b.id, "name": "Production"})
        cls.Collector = cls.env["amc.instance.collector"]

    def _report(self, instance, hours_ago=0, **changes):
        payload = self.Collector._collect_payload(fields.Datetime.now() - timedelta(days=1))
        payload["collected_at"] = self.Collector._iso(
            fields.Datetime.now().replace(microsecond=0) - timedelta(hours=hours_ago)
        )
        for key, value in changes.items():
            payload[key] = value
        return instance._record_report(instance_schema.validate(payload), "http")

    def test_agents_see_their_companies_only(self):
        report_b = self._report(self.instance_b)
        self._report(self.instance)
        Instance = self.env["amc.instance"].with_user(self.agent)
        self.assertIn(self.instance, Instance.search([]))
        self.assertNotIn(self.instance_b, Instance.search([]))
        Report = self.env["amc.instance.report"].with_user(self.agent)
        self.assertNotIn(self.instance_b, Report.search([]).instance_id)
        self.assertIn(self.instance, Report.search([]).instance_id)
        with self.assertRaises(AccessError):
            report_b.with_user(self.agent).read(["payload"])
        self.assertEqual(self.env["amc.instance"].with_user(self.agent_b).search([]), self.instance_b)
        self.assertFalse(self.env["amc.instance.report"].with_user(self.agent_b).search([]) - report_b)

    def test_only_managers_handle_tokens(self):
        with self.assertRaises(AccessError):
            self.instance.with_user(self.agent).action_generate_token()
        with self.assertRaises(AccessError):
            self.instance.with_user(self.agent).write({"name": "Renamed"})
        self.assertEqual(self.instance.token_state, "none")
        self.instance.with_user(self.manager).action_generate_token()
        self.assertEqual(self.instance.token_state, "active")
        with self.assertRaises(AccessError):
            self.instance.with_user(self.agent).action_revoke_token()
        self.assertNotIn("token_hash", self.instance.with_user(self.manager).fields_get())

    def test_module_written_fields_are_refused_over_rpc(self):
        Instance = self.env["amc.instance"].with_user(self.manager)
        for field, value in (
            ("token_hash", "0" * 64),
            ("token_state", "active"),
            ("last_report_date", fields.Datetime.now()),
            ("db_name", "forged"),
            ("health_result", "pass"),
        ):
            with self.assertRaises(AccessError):
                self.instance.with_user(self.manager).write({field: value})
            with self.assertRaises(AccessError):
                Instance.create({"agreement_id": self.agreement.id, "name": f"New {field}", field: value})
            # a context default of such a field is ignored (forms hand their context to their lines)
            created = Instance.with_context(**{f"default_{field}": value}).create(
                {"agreement_id": self.agreement.id, "name": f"Default {field}"}
            )
            self.assertNotEqual(created.sudo()[field], value)
            created.sudo().unlink()
        self.assertEqual(self.instance.token_state, "none")
        self.assertFalse(self.instance.db_name)
        self.assertEqual(self.env["amc.instance"].search_count([("agreement_id", "=", self.agreement.id)]), 1)

    def test_rotate_and_revoke(self):
        first = self.instance.action_generate_token()["context"]["default_token"]
        self.assertEqual(self.env["amc.instance"]._find_by_token(first), self.instance)
        second = self.instance.action_generate_token()["context"]["default_token"]
        self.assertFalse(self.env["amc.instance"]._find_by_token(first), "a rotated token stops working")
        self.assertEqual(self.env["amc.instance"]._find_by_token(second), self.instance)
        self.instance.action_revoke_token()
        self.assertFalse(self.env["amc.instance"]._find_by_token(second))
        self.assertEqual(self.instance.state, "revoked")

    def test_states_and_filters(self):
        self.assertEqual(self.instance.state, "waiting")
        self._report(self.instance)
        self.assertEqual(self.instance.state, "reporting")
        self.instance.sudo().last_report_date = fields.Datetime.now() - timedelta(hours=27)
        self.assertEqual(self.instance.state, "silent")
        Instance = self.env["amc.instance"]
        self.assertIn(self.instance, Instance.search([("state", "=", "silent")]))
        self.assertNotIn(self.instance, Instance.search([("state", "=", "reporting")]))
        self.assertIn(self.instance_b, Instance.search([("state", "=", "waiting")]))

    def test_backup_token_migration(self):
        """19.0.1.2.0: an agreement's backup token becomes a production instance's token."""
        self.env.cr.execute("ALTER TABLE amc_agreement ADD COLUMN IF NOT EXISTS backup_token_hash varchar")
        self.env.cr.execute("ALTER TABLE amc_agreement ADD COLUMN IF NOT EXISTS backup_token_date timestamp")
        old_token = "amcb_legacy-token-of-the-backup-job"
        from odoo.addons.addon_amc.addon_amc.models.amc_instance import hash_token

        self.env.cr.execute(
            "UPDATE amc_agreement SET backup_token_hash = %s, backup_token_date = now() WHERE id = %s",
            [hash_token(old_token), self.agreement_b.id],
        )
        created = self.env["amc.instance"]._migrate_agreement_backup_tokens()
        self.assertEqual(created.agreement_id, self.agreement_b)
        self.assertEqual(self.env["amc.instance"]._find_by_token(old_token), created)
        self.assertFalse(self.env["amc.instance"]._migrate_agreement_backup_tokens(), "runs once")

    def test_local_instance_collects_without_http(self):
        local = self.agreement.with_user(self.manager)._register_this_database()
        self.assertTrue(local.is_local)
        with self.assertRaises(UserError):
            self.agreement.with_user(self.manager)._register_this_database()
        with self.assertRaises(AccessError):
            self.agreement_b.with_user(self.agent_b).action_register_this_database()
        self.agreement.action_activate()
        check = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        check._run_checks()
        report = local.last_report_id
        self.assertEqual(report.source, "local")
        self.assertTrue(report.graded)
        self.assertEqual(
            set(check.line_ids.filtered(lambda line: line.instance_id == local).mapped("code")),
            {
                "instance_reporting",
                "cron_failures",
                "cron_switched_off",
                "cron_late",
                "db_size",
                "filestore_size",
                "module_updates",
                "config_drift",
                "version_runway",
            },
        )
        # the remote instance without a report fails "instance reporting", named
        line = check.line_ids.filtered(lambda line: line.instance_id == self.instance)
        self.assertEqual((line.code, line.status), ("instance_reporting", "fail"))
        self.assertIn("Production", line.value)

    def test_purge_keeps_graded_and_latest_reports(self):
        old = self._report(self.instance, hours_ago=24 * 200)
        graded = self._report(self.instance, hours_ago=24 * 150)
        graded.sudo().graded = True
        latest = self._report(self.instance, hours_ago=24 * 120)
        recent = self._report(self.instance_b, hours_ago=1)
        purged = self.env["amc.instance.report"]._cron_purge()
        self.assertEqual(purged, 1)
        self.assertFalse(old.exists())
        self.assertTrue((graded | latest | recent).exists() == (graded | latest | recent))

    def test_purge_keeps_what_the_next_quarterly_check_reads(self):
        """A check reads what changed since the previous one (at most one interval back): with a retention
        shorter than the interval (30 days here; 90 by default against a quarter of 89 to 92 days), the changes
        reported early in the period were purged before the check could tell them. A report newer than its
        instance's latest graded one stays until a check grades it, for at most two of its agreement's
        intervals; without scheduled checks the retention alone counts."""
        self.env["ir.config_parameter"].set_param("addon_amc.instance_report_retention_days", 30)
        self.agreement.health_check_interval = "quarter"
        now = fields.Datetime.now().replace(microsecond=0)
        period_start = now - relativedelta(months=3)
        mail_server = {"model": "ir.mail_server", "label": "Outgoing Mail Servers", "count": 1, "users": ["Eva Admin"]}

        def report(collected, changes=()):
            return self._report(
                self.instance,
                hours_ago=(now - collected).total_seconds() / 3600,
                changes_since=self.Collector._iso(collected - timedelta(hours=1)),
                changes=list(changes),
            )

        report(now - timedelta(days=260)).sudo().graded = True  # a check long ago, none since
        beyond = report(now - timedelta(days=200))  # not graded yet, but more than two quarters old: purged
        waiting = report(now - timedelta(days=150))
        report(now)
        self.assertEqual(self.env["amc.instance.report"]._cron_purge(), 1)
        self.assertFalse(beyond.exists())
        self.assertTrue(waiting.exists())
        report(period_start - timedelta(hours=2)).sudo().graded = True  # the previous check, a quarter ago
        pending = report(period_start + timedelta(days=2), [mail_server]) | report(now - timedelta(days=40))
        report(now)
        self.assertEqual(self.env["amc.instance.report"]._cron_purge(), 1)  # before the previous check
        self.assertFalse(waiting.exists())
        self.assertEqual(pending.exists(), pending)
        check = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        check.action_run()
        drift = check.line_ids.filtered(lambda line: line.code == "config_drift" and line.instance_id == self.instance)
        self.assertEqual(drift.status, "warn", drift.value)
        self.assertIn("Outgoing Mail Servers", drift.details)
        # graded now: the next purge takes them
        self.assertEqual(self.env["amc.instance.report"]._cron_purge(), 2)
        self.assertFalse(pending.exists())
        # no scheduled checks: the retention alone
        self.agreement.health_check_interval = "none"
        unscheduled = report(now - timedelta(days=40))
        report(now)
        self.assertEqual(self.env["amc.instance.report"]._cron_purge(), 1)
        self.assertFalse(unscheduled.exists())

    def test_the_purge_costs_the_same_for_5_or_50_old_reports(self):
        """A daily cron over every instance's history: its queries must not grow with the reports it reads."""
        self.agreement.health_check_interval = "quarter"  # the pending rule is read too
        Report = self.env["amc.instance.report"]

        def purge(count):
            for _index in range(count):
                self._report(self.instance, hours_ago=24 * 200)
            self._report(self.instance)
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            purged = Report._cron_purge()
            return purged, self.env.cr.sql_log_count - start

        purge(0)  # the settings' cache warm
        few, few_queries = purge(5)
        many, many_queries = purge(50)
        self.assertEqual((few, many), (5, 50))
        self.assertEqual(many_queries, few_queries)

    def test_patch_applied_from_reported_build_date(self):
        patch = self.env["amc.patch"].create(
            {"agreement_id": self.agreement.id, "title": "Fix", "severity": "high", "release_date": "2026-01-05"}
        )
        payload_odoo = {"series": "19.0", "version": "19.0-20260110", "build_date": "2026-01-10"}
        report = self._report(self.instance, odoo=payload_odoo)
        self.assertEqual(patch.instance_application_ids.instance_id, self.instance)
        self.assertEqual(patch.instance_application_ids.report_id, report)
        self.assertTrue(patch.applied_date, "the production instance has it")
        # an instance without a build date keeps the manual flow
        later = self.env["amc.patch"].create(
            {"agreement_id": self.agreement.id, "title": "Later", "severity": "high", "release_date": "2026-01-05"}
        )
        self._report(self.instance, hours_ago=-0.01, odoo={"series": "19.0", "version": "19.0", "build_date": None})
        self.assertFalse(later.applied_date)
        self.assertFalse(later.instance_application_ids)

    def test_a_build_date_applies_odoo_patches_only(self):
        """The build date is Odoo's: an OCA or own-code fix released before it may not be deployed at all."""
        patches = self.env["amc.patch"].create(
            [
                {
                    "agreement_id": self.agreement.id,
                    "title": title,
                    "severity": "critical",
                    "release_date": "2026-01-05",
                    "source": source,
                }
                for title, source in (("Odoo fix", "odoo_fix"), ("OCA fix", "oca"), ("Our fix", "own"))
            ]
        )
        self._report(self.instance, odoo={"series": "19.0", "version": "19.0-20260110", "build_date": "2026-01-10"})
        odoo_fix, oca, own = patches
        self.assertTrue(odoo_fix.applied_date)
        self.assertEqual((oca.applied_date, own.applied_date), (False, False), "the manual flow for these")
        self.assertFalse((oca | own).instance_application_ids)

    def test_first_line_users_from_the_production_instance(self):
        contact = self.env["res.partner"].create({"name": "Key User", "parent_id": self.customer.id})
        self.agreement.write(
            {"has_first_line": True, "first_line_price_per_user": 100, "support_contact_ids": [(6, 0, contact.ids)]}
        )
        self.assertEqual(self.agreement.first_line_user_count, 1)
        payload_users = {"active_internal": 17}
        self._report(self.instance, users=payload_users)
        self.assertEqual(self.agreement.first_line_instance_users, 17)
        self.assertEqual(self.agreement.first_line_user_count, 1, "contacts stay the default source")
        self.agreement.first_line_user_source = "instance"
        self.assertEqual((self.agreement.first_line_user_count, self.agreement.first_line_monthly_fee), (17, 1700))
        self.agreement.action_activate()
        self.env.flush_all()
        statement = self.env["amc.statement"].search([("agreement_id", "=", self.agreement.id)], limit=1)
        self.assertEqual((statement.first_line_users, statement.first_line_user_source), (17, "instance"))
        self.assertEqual(statement.first_line_fee, 1700)

    def test_a_check_reads_the_period_of_an_hourly_reporter(self):
        """A customer reports every hour what changed in that hour: the check tells what changed, and
        which scheduled action was switched off, since the previous check, not in the last hour."""
        cron = {
            "id": 7,
            "name": "Mail: Email Queue Manager",
            "active": True,
            "failure_count": 0,
            "first_failure_date": None,
            "lastcall": None,
            "nextcall": None,
            "edited_at": None,
            "edited_by": None,
        }

        def report(days_ago, active, changes=()):
            payload = self.Collector._collect_payload(fields.Datetime.now() - timedelta(days=days_ago + 1))
            collected = fields.Datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
            payload["collected_at"] = self.Collector._iso(collected)
            payload["changes_since"] = self.Collector._iso(collected - timedelta(hours=1))
            payload["crons"] = {"total": 1, "active_ids": [7] if active else [], "items": [{**cron, "active": active}]}
            payload["changes"] = list(changes)
            return self.instance._record_report(instance_schema.validate(payload), "http")

        report(30, True).sudo().graded = True  # what the previous check graded
        mail_server = {"model": "ir.mail_server", "label": "Outgoing Mail Servers", "count": 1, "users": ["Eva Admin"]}
        report(5, True, [mail_server])
        report(1, False)
        report(0, False)
        check = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        check.action_run()
        lines = {line.code: line for line in check.line_ids}
        self.assertEqual(lines["config_drift"].status, "warn", lines["config_drift"].value)
        self.assertIn("Eva Admin", lines["config_drift"].details)
        self.assertIn("Outgoing Mail Servers", lines["config_drift"].details)
        self.assertEqual(lines["cron_switched_off"].status, "warn", lines["cron_switched_off"].value)
        self.assertIn("Mail: Email Queue Manager", lines["cron_switched_off"].details)
        # the next check starts from this one: nothing new since
        report(0, False)
        again = self.env["amc.health.check"].create({"agreement_id": self.agreement.id})
        again.action_run()
        lines = {line.code: line for line in again.line_ids}
        self.assertEqual(lines["config_drift"].status, "pass", lines["config_drift"].value)
        self.assertEqual(lines["cron_switched_off"].status, "pass", lines["cron_switched_off"].value)

    def test_a_report_syncs_the_open_months_only_when_the_users_change(self):
        """An hourly report must not read the agreement's history: the same count changes no fee and
        reads nothing; a new count moves the open months' first-line fees, from those months alone."""
        self.agreement.write(
            {"has_first_line": True, "first_line_price_per_user": 100, "first_line_user_source": "instance"}
        )
        self._report(self.instance, hours_ago=2, users={"active_internal": 5})
        if self.agreement.state == "draft":
            self.agreement.action_activate()
        Statement = self.env["amc.statement"]
        Allocation = type(self.env["amc.time.allocation"])
        calls, reads = [], []
        sync, read_group = type(Statement)._sync_statements, Allocation._read_group

        def spy_sync(model, pairs, delta=None):
            calls.append(set(pairs))
            return sync(model, pairs, delta)

        def spy_read(model, domain, *args, **kwargs):
            reads.append(domain)
            return read_group(model, domain, *args, **kwargs)

        with (
            patch.object(type(Statement), "_sync_statements", spy_sync),
            patch.object(Allocation, "_read_group", spy_read),
        ):
            self._report(self.instance, hours_ago=1, users={"active_internal": 5})
            self.assertEqual((calls, reads), ([], []), "as many users as the last report: nothing is read")
            self._report(self.instance, users={"active_internal": 7})
        open_months = Statement.search([("agreement_id", "=", self.agreement.id), ("invoice_id", "=", False)])
        self.assertTrue(open_months)
        self.assertEqual(calls, [{(self.agreement.id, month) for month in open_months.mapped("month")}])
        self.assertEqual(set(open_months.mapped("first_line_fee")), {700.0})
        self.assertEqual(Statement._check_statements(self.agreement), [])

    def test_dashboard_instances_card_in_the_single_rpc(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        before = dashboard_values(Agreement.get_dashboard_data(), "instances")
        waiting = Agreement._get_dashboard_instances()["waiting"]
        self._report(self.instance)
        after = dashboard_values(Agreement.get_dashboard_data(), "instances")
        self.assertEqual(after["reporting"], before["reporting"] + 1)
        self.assertEqual(Agreement._get_dashboard_instances()["waiting"], waiting - 1)

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            Agreement._get_dashboard_instances()
            return self.env.cr.sql_log_count - start

        Agreement._get_dashboard_instances()  # warm the access rules
        few = queries()
        agreements = self.env["amc.agreement"].create(
            [self._agreement_vals(name=f"Bench {index}") for index in range(20)]
        )
        for agreement in agreements:
            self._report(self.env["amc.instance"].create({"agreement_id": agreement.id, "name": "Production"}))
        self.assertEqual(queries(), few, "the card's cost does not grow with the instances")

    def test_a_cancelled_agreements_instances_are_not_counted_silent(self):
        self._report(self.instance, hours_ago=30)
        before = self.env["amc.agreement"]._get_dashboard_instances()["silent"]
        self.assertGreaterEqual(before, 1)
        self.agreement.action_cancel()
        self.assertEqual(self.env["amc.agreement"]._get_dashboard_instances()["silent"], before - 1)

    def test_reporter_settings_for_system_administrators_only(self):
        settings_fields = self.env["res.config.settings"].with_user(self.manager).fields_get()
        for field in ("amc_hub_url", "amc_hub_token", "amc_reporter_last_failure"):
            self.assertNotIn(field, settings_fields)
        self.assertIn("amc_instance_silent_hours", self.env["res.config.settings"].fields_get())
        with self.assertRaises(AccessError):
            self.env["amc.instance.collector"].with_user(self.manager).action_send_report_now()
        self.env["ir.config_parameter"].sudo().set_param("addon_amc.hub_token", "amci_secret")
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.manager).search([("key", "=", "addon_amc.hub_token")])
        admin_like = new_test_user(self.env, login="amc_sysadmin", groups="base.group_user,base.group_system")
        self.assertIn("amc_hub_token", self.env["res.config.settings"].with_user(admin_like).fields_get())
        action = self.env["amc.instance.collector"].with_user(admin_like).action_send_report_now()
        self.assertEqual(action["params"]["type"], "danger", "no hub configured: a plain refusal, no traceback")

    def test_health_check_cost_does_not_grow_with_instances(self):
        self.agreement.action_activate()

        def run_with(count):
            agreement = self.env["amc.agreement"].create(self._agreement_vals(name=f"Scale {count}", state="active"))
            instances = self.env["amc.instance"].create(
                [{"agreement_id": agreement.id, "name": f"Instance {index}"} for index in range(count)]
            )
            for instance in instances:
                self._report(instance, hours_ago=2)
                self._report(instance, hours_ago=1)
            check = self.env["amc.health.check"].create({"agreement_id": agreement.id})
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            check._run_checks()
            self.env.flush_all()
            self.assertEqual(len(check.line_ids), 1 + 9 * count)
            return self.env.cr.sql_log_count - start

        run_with(1)  # warm the registry caches
        few, many = run_with(2), run_with(10)
        # a query per instance would add at least 8; one query of slack absorbs a registry
        # cache entry refilled between the two runs
        self.assertLessEqual(many, few + 1, f"{few} queries for 2 instances, {many} for 10")

    def test_instances_only_on_agreements_of_the_users_companies(self):
        manager_a = new_test_user(
            self.env,
            login="amc_manager_a_only",
            groups="addon_amc.group_amc_manager",
            company_id=self.company_a.id,
            company_ids=[(6, 0, self.company_a.ids)],
        )
        Instance = self.env["amc.instance"].with_user(manager_a)
        before = self.env["amc.instance"].search_count([])
        with self.assertRaises(AccessError):
            Instance.create({"agreement_id": self.agreement_b.id, "name": "Sneaky"})
        with self.assertRaises(AccessError):
            self.instance.with_user(manager_a).write({"agreement_id": self.agreement_b.id, "name": "Moved"})
        self.assertEqual(self.env["amc.instance"].search_count([]), before)
        self.assertEqual(self.instance.agreement_id, self.agreement)
        # a cancelled agreement gets no instance
        self.agreement_b.action_cancel()
        with self.assertRaises(UserError):
            self.env["amc.instance"].create({"agreement_id": self.agreement_b.id, "name": "Late"})

    def test_demo_health_check_shows_a_reporting_customer_instance(self):
        instance = self.env.ref("addon_amc.amc_instance_nordic_timber_prod", raise_if_not_found=False)
        if not instance:
            self.skipTest("no demo data")
        check = instance.agreement_id.health_check_ids.sorted(lambda check: (check.date, check.id))[-1]
        lines = check.line_ids.filtered(lambda line: line.instance_id == instance)
        self.assertFalse(instance.is_local, "a customer's database, not the hub")
        status = {line.code: line.status for line in lines}
        self.assertEqual(status["cron_failures"], "fail")
        self.assertEqual(status["module_updates"], "warn")
        self.assertIn("Nordic Timber Production", lines[0].value)
