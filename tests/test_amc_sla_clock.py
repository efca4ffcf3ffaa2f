# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SLA clocks as records (``amc.request.sla``): the update target, flat reads, the migration."""

import importlib.util
import os
from datetime import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import SQL

from .test_amc_sla import AmcSlaCommon, local

#: What the list and kanban badges read (ts_src/components/sla_badges, relatedFields).
BADGE_SPEC = {
    "sla_ids": {
        "fields": {
            "display_name": {},
            "kind": {},
            "deadline": {},
            "warning_date": {},
            "clock": {},
            "status": {},
            "done_date": {},
        }
    },
    "sla_calendar_id": {"fields": {"display_name": {}}},
    "sla_replan_pending": {},
    "name": {},
}


def _load_migration(name):
    path = os.path.join(get_module_path("addon_amc"), "migrations", "19.0.1.6.0", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"addon_amc_migration_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class AmcSlaUpdateCommon(AmcSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # high: a public update at least every 2 business hours
        cls.policy.target_ids.filtered(lambda target: target.priority == "high").write(
            {"update_time": 2, "update_unit": "business_hours"}
        )
        cls.env["amc.request"]._cron_sla_replan()

    def _reply(self, request, subtype="mail.mt_comment", **kwargs):
        return request.with_user(self.agent).message_post(
            body="News", message_type="comment", subtype_xmlid=subtype, **kwargs
        )

    def _activities(self, request, summary):
        return self.env["mail.activity"].search(
            [("res_model", "=", "amc.request"), ("res_id", "=", request.id), ("summary", "=", summary)]
        )

    def _breach_messages(self, request):
        return self.env["mail.message"].search(
            [("model", "=", "amc.request"), ("res_id", "=", request.id), ("body", "ilike", "Update SLA breached")]
        )


@tagged("post_install", "-at_install")
class TestAmcSlaUpdate(AmcSlaUpdateCommon):
    """The update target: a public reply at least every N business hours while the request is open."""

    def test_one_clock_per_kind_and_update_planned_from_the_start(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        self.assertEqual(sorted(request.sla_ids.mapped("kind")), ["resolution", "response", "update"])
        update = request._sla_clock("update")
        self.assertEqual(update.deadline, local(2026, 5, 18, 11, 0))
        self.assertEqual(update.warning_date, local(2026, 5, 18, 10, 30))  # 75 % of 2 h
        self.assertEqual(update.clock, "business")
        self.assertEqual(update.target_hours, 2.0)
        self.assertEqual(update.status, "ongoing")

    def test_absent_when_the_priority_has_no_update_target(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="critical")
        self.assertFalse(request._sla_clock("update"))
        self.assertEqual(sorted(request.sla_ids.mapped("kind")), ["resolution", "response"])
        # a public reply does not make one either
        with freeze_time(local(2026, 5, 18, 9, 30)):
            self._reply(request)
        self.assertFalse(request._sla_clock("update"))
        # the target removed: the clock goes
        with freeze_time(local(2026, 5, 18, 9, 0)):
            high = self._request(local(2026, 5, 18, 9, 0))
        self.policy.target_ids.filtered(lambda target: target.priority == "high").update_time = 0
        self._replan()
        self.assertFalse(high._sla_clock("update"))

    def test_public_reply_restarts_the_clock(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 10, 30)):
            self._reply(request)
        update = request._sla_clock("update")
        self.assertEqual(request.last_update_date, local(2026, 5, 18, 10, 30))
        self.assertEqual(update.start_date, local(2026, 5, 18, 10, 30))
        # 10:30 + 2 business hours, over the lunch break
        self.assertEqual(update.deadline, local(2026, 5, 18, 13, 30))
        # the response clock is met, and stays where it was
        self.assertEqual(request._sla_clock("response").status, "met")
        with freeze_time(local(2026, 5, 18, 14, 0)):
            self._reply(request)
        self.assertEqual(update.deadline, local(2026, 5, 18, 16, 0))

    def test_internal_note_and_customer_message_do_not_restart(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 10, 30)):
            self._reply(request, subtype="mail.mt_note")
            request.message_post(
                body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment", author_id=self.customer.id
            )
        self.assertFalse(request.last_update_date)
        self.assertEqual(request._sla_clock("update").deadline, local(2026, 5, 18, 11, 0))

    def test_pauses_while_waiting_on_the_customer(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.with_user(self.agent).state = "waiting"
            self.assertEqual(request._sla_clock("update").status, "paused")
        with freeze_time(local(2026, 5, 18, 14, 0)):
            request.with_user(self.agent).state = "in_progress"
        update = request._sla_clock("update")
        self.assertEqual(update.status, "ongoing")
        # paused 10:00-14:00 = 3 business hours: 2 + 3 from 09:00 is 15:00
        self.assertEqual(update.deadline, local(2026, 5, 18, 15, 0))
        # a reply during a later pause: only the part of the pause after it counts
        with freeze_time(local(2026, 5, 19, 9, 0)):
            request.with_user(self.agent).state = "waiting"
        with freeze_time(local(2026, 5, 19, 10, 0)):
            self._reply(request)
        with freeze_time(local(2026, 5, 19, 11, 0)):
            request.with_user(self.agent).state = "in_progress"
        # clock restarted at 10:00, stood still until 11:00: due 13:00 + 1 h lunch = 14:00
        self.assertEqual(update.deadline, local(2026, 5, 19, 14, 0))

    def test_warning_and_breach_notified_once_per_period(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        Request = self.env["amc.request"]
        with freeze_time(local(2026, 5, 18, 10, 25)):
            Request._cron_sla_check()
        self.assertFalse(self._activities(request, "Update SLA due soon"))
        with freeze_time(local(2026, 5, 18, 10, 35)):
            Request._cron_sla_check()
            Request._cron_sla_check()
        self.assertEqual(len(self._activities(request, "Update SLA due soon")), 1)
        self.assertTrue(request._sla_clock("update").warned)
        with freeze_time(local(2026, 5, 18, 11, 5)):
            Request._cron_sla_check()
            Request._cron_sla_check()
        update = request._sla_clock("update")
        self.assertEqual(update.status, "breached")
        self.assertTrue(update.breach_notified)
        self.assertFalse(update.next_check)
        self.assertEqual(len(self._breach_messages(request)), 1)
        self.assertEqual(self._activities(request, "Update SLA breached").user_id, self.manager)
        # a late reply starts a new period, which warns and breaches again
        with freeze_time(local(2026, 5, 18, 11, 30)):
            self._reply(request)
        self.assertEqual(update.status, "ongoing")
        self.assertFalse(update.warned or update.breach_notified)
        self.assertEqual(update.deadline, local(2026, 5, 18, 14, 30))
        with freeze_time(local(2026, 5, 18, 14, 35)):
            Request._cron_sla_check()
            Request._cron_sla_check()
        self.assertEqual(len(self._breach_messages(request)), 2)
        # the responses and resolutions were not touched by the update clock
        self.assertFalse(request._sla_clock("response").breach_notified)

    def test_resolution_stops_the_update_clock(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.with_user(self.agent).state = "resolved"
        update = request._sla_clock("update")
        self.assertEqual(update.done_date, local(2026, 5, 18, 10, 0))
        self.assertEqual(update.status, "met")
        self.assertFalse(update.next_check)
        # the analysis counts it
        report = self.env["amc.sla.report"].search([("request_id", "=", request.id), ("kind", "=", "update")])
        self.assertEqual((report.status, report.compliance), ("met", 100.0))

    def test_reopening_starts_a_new_update_period(self):
        """No update is owed while a request is resolved: reopened on Wednesday, its update clock runs from
        then, not from Monday's last update, and no breach is logged for the days it was resolved."""
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.with_user(self.agent).state = "resolved"
        with freeze_time(local(2026, 5, 20, 9, 0)):
            request.with_user(self.agent).state = "in_progress"
            update = request._sla_clock("update")
            self.assertFalse(update.done_date)
            self.assertEqual(update.start_date, local(2026, 5, 20, 9, 0))
            self.assertEqual(update.deadline, local(2026, 5, 20, 11, 0))
            self.assertEqual(update.status, "ongoing")
            self.env["amc.request"]._cron_sla_check()
        self.assertFalse(self._breach_messages(request))
        # the new period is watched: past its deadline, one breach
        with freeze_time(local(2026, 5, 20, 11, 30)):
            self.env["amc.request"]._cron_sla_check()
        self.assertEqual(len(self._breach_messages(request)), 1)

    def test_portal_badge_props_of_the_update_clock(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        self.assertEqual(request._portal_sla_kinds(), ["response", "resolution", "update"])
        props = request._portal_sla_badge_props("update")
        self.assertIn('"deadline": "2026-05-18 09:00:00"', props)  # 11:00 in Stockholm
        self.assertIn('"label": "Update"', props)
        # resolved past its update deadline: the portal drops the update badge, as the back office does
        with freeze_time(local(2026, 5, 18, 14, 0)):
            request.with_user(self.agent).state = "resolved"
        self.assertEqual(request._sla_clock("update").status, "breached")
        self.assertFalse(request._sla_clock("update").shows_badge)
        self.assertEqual(request._portal_sla_kinds(), ["response", "resolution"])


@tagged("post_install", "-at_install")
class TestAmcSlaClockReads(AmcSlaUpdateCommon):
    """The badges, the cron, the analysis and the dashboard read the clocks with a flat query count."""

    def _create(self, count, priority="high", start=None):
        start = start or local(2026, 5, 18, 9, 0)
        with freeze_time(start):
            return self.env["amc.request"].create(
                [
                    {
                        "name": f"Clock {index}",
                        "agreement_id": self.agreement.id,
                        "priority": priority,
                        "user_id": self.agent.id,
                        "sla_start_date": start,
                    }
                    for index in range(count)
                ]
            )

    def _cold(self):
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()

    def test_list_badges_payload_is_flat(self):
        Request = self.env["amc.request"].with_user(self.agent)
        counts = []
        for size in (3, 30):
            requests = self._create(size)
            domain = [("id", "in", requests.ids)]
            Request.web_search_read(domain, BADGE_SPEC)  # warm the registry caches
            self._cold()
            before = self.cr.sql_log_count
            result = Request.web_search_read(domain, BADGE_SPEC)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(result["length"], size)
            kinds = {clock["kind"] for record in result["records"] for clock in record["sla_ids"]}
            self.assertEqual(kinds, {"response", "resolution", "update"})
        self.assertEqual(counts[0], counts[1])

    def test_portal_badges_are_flat(self):
        """The portal's list renders the badges of every request (amc_portal_templates.xml) in a flat count."""

        def render(requests):
            return [
                request._portal_sla_badge_props(kind)
                for request in self.env["amc.request"].with_user(self.agent).browse(requests.ids)
                for kind in request._portal_sla_kinds()
            ]

        render(self._create(1))  # warm the registry caches
        counts = []
        for size in (3, 30):
            requests = self._create(size)
            self._cold()
            before = self.cr.sql_log_count
            props = render(requests)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(props), 3 * size)
        self.assertEqual(counts[0], counts[1])

    def test_cron_tick_with_update_clocks_is_flat(self):
        Request = self.env["amc.request"]
        with freeze_time(local(2026, 5, 25, 12, 0)):
            self._create(1)
            Request._cron_sla_check()  # settle and warm every path
        counts = []
        for size in (3, 30):
            requests = self._create(size)
            self._cold()
            Request._sla_warning_share()
            before = self.cr.sql_log_count
            with freeze_time(local(2026, 5, 25, 12, 0)):
                Request._cron_sla_check()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(set(requests.sla_ids.mapped("status")), {"breached"})
            self.assertTrue(all(requests.sla_ids.mapped("breach_notified")))
        self.assertEqual(counts[0], counts[1])

    def test_report_and_dashboard_reads_are_flat(self):
        Report = self.env["amc.sla.report"].with_user(self.agent)
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        counts = []
        with freeze_time(local(2026, 5, 20, 12, 0)):
            # warm what a running server keeps (access rights and rules, registry caches)
            Report._read_group([], ["kind", "status"], ["__count"])
            Agreement._sla_dashboard_counts(fields.Datetime.now())
            for size in (3, 30):
                self._create(size)
                self._cold()
                before = self.cr.sql_log_count
                groups = Report._read_group([], ["kind", "status"], ["__count"])
                counts_now = Agreement._sla_dashboard_counts(fields.Datetime.now())
                counts.append(self.cr.sql_log_count - before)
                self.assertIn("update", {kind for kind, _status, _count in groups})
                self.assertGreaterEqual(counts_now["update_breached"], size)
        self.assertEqual(counts[0], counts[1])


@tagged("post_install", "-at_install")
class TestAmcSlaMigration(AmcSlaCommon):
    """19.0.1.6.0: the old ``sla_{kind}_*`` columns of amc_request become amc.request.sla records."""

    OLD_COLUMNS = {
        "deadline": "timestamp",
        "warning_date": "timestamp",
        "target_hours": "double precision",
        "clock": "varchar",
        "status": "varchar",
        "warned": "boolean",
        "breach_notified": "boolean",
    }

    def test_old_columns_become_clocks(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            answered = self._request(local(2026, 5, 18, 9, 0))
            late = self._request(local(2026, 5, 18, 9, 0), priority="standard")
        requests = answered | late
        self.env.flush_all()
        cr = self.env.cr
        # the shape of 19.0.1.5.0: the clocks are columns of the request, there are no records
        for kind in ("response", "resolution"):
            for suffix, sql_type in self.OLD_COLUMNS.items():
                cr.execute(
                    SQL(
                        "ALTER TABLE amc_request ADD COLUMN %s %s",
                        SQL.identifier(f"sla_{kind}_{suffix}"),
                        SQL(sql_type),
                    )
                )
        cr.execute("DELETE FROM amc_request_sla WHERE request_id IN %s", [tuple(requests.ids)])
        cr.execute(
            """
            UPDATE amc_request
               SET sla_response_deadline = '2026-05-19 07:00:00', sla_response_warning_date = '2026-05-18 14:00:00',
                   sla_response_target_hours = 8, sla_response_clock = 'business', sla_response_status = 'met',
                   sla_response_warned = TRUE, sla_response_breach_notified = FALSE,
                   sla_resolution_deadline = '2026-05-21 07:00:00',
                   sla_resolution_warning_date = '2026-05-20 13:00:00', sla_resolution_target_hours = 24,
                   sla_resolution_clock = 'business', sla_resolution_status = 'ongoing'
             WHERE id = %s
            """,
            [answered.id],
        )
        cr.execute(
            """
            UPDATE amc_request
               SET sla_response_deadline = '2026-05-18 11:00:00', sla_response_warning_date = '2026-05-18 10:00:00',
                   sla_response_target_hours = 4, sla_response_clock = 'wall', sla_response_status = 'breached',
                   sla_response_warned = TRUE, sla_response_breach_notified = TRUE
             WHERE id = %s
            """,
            [late.id],
        )
        self.env.invalidate_all()
        self.assertFalse(requests.sla_ids)
        pre, post = _load_migration("pre-migrate"), _load_migration("post-migrate")
        self.assertTrue(pre.save_legacy_columns(cr))
        self.assertGreaterEqual(post.create_clocks(cr), 3)
        self.env.invalidate_all()
        self.assertEqual(sorted(answered.sla_ids.mapped("kind")), ["resolution", "response"])
        response = answered._sla_clock("response")
        self.assertEqual(
            (response.deadline, response.warning_date, response.target_hours, response.clock, response.status),
            (datetime(2026, 5, 19, 7, 0), datetime(2026, 5, 18, 14, 0), 8.0, "business", "met"),
        )
        self.assertEqual((response.warned, response.breach_notified), (True, False))
        self.assertEqual(response.company_id, answered.company_id)
        self.assertEqual(response.start_date, answered.sla_start_date)
        resolution = answered._sla_clock("resolution")
        self.assertEqual((resolution.deadline, resolution.status), (datetime(2026, 5, 21, 7, 0), "ongoing"))
        self.assertEqual(resolution.next_check, datetime(2026, 5, 20, 13, 0), "computed: its warning is next")
        # no resolution target then: no resolution clock now
        self.assertEqual(late.sla_ids.mapped("kind"), ["response"])
        clock = late._sla_clock("response")
        self.assertEqual((clock.status, clock.clock, clock.breach_notified), ("breached", "wall", True))
        self.assertFalse(clock.next_check, "a notified breach waits for nothing")
        cr.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'amc_request_sla_legacy'")
        self.assertFalse(cr.fetchone(), "the copy is dropped")
        # an update from a database without the old columns does nothing
        cr.execute("ALTER TABLE amc_request DROP COLUMN sla_response_deadline")
        self.assertFalse(pre.save_legacy_columns(cr))
        self.assertEqual(post.create_clocks(cr), 0)

    def test_folded_views_are_dropped_before_the_views_load(self):
        """An old extension of the request list names a removed field: it goes before the update reloads the list."""
        cr = self.env.cr
        base = self.env.ref("addon_amc.amc_request_view_list")
        cr.execute(
            """
            INSERT INTO ir_ui_view (name, model, type, inherit_id, mode, active, priority, arch_db)
            VALUES ('amc.request.view.list.sla', 'amc.request', 'list', %s, 'extension', TRUE, 16,
                    jsonb_build_object('en_US', %s))
            RETURNING id
            """,
            [base.id, '<xpath expr="//list" position="inside"><field name="sla_resolution_deadline"/></xpath>'],
        )
        old_view = cr.fetchone()[0]
        cr.execute(
            "INSERT INTO ir_model_data (module, name, model, res_id, noupdate) "
            "VALUES ('addon_amc', 'amc_request_view_list_sla', 'ir.ui.view', %s, FALSE)",
            [old_view],
        )
        self.env.invalidate_all()
        self.env.registry.clear_cache("templates")
        with self.assertRaisesRegex(ValidationError, "sla_resolution_deadline"):  # the update failed on this
            base._check_xml()
        pre = _load_migration("pre-migrate")
        self.assertEqual(pre.drop_folded_views(cr), 1)
        self.env.invalidate_all()
        self.env.registry.clear_cache("templates")
        self.assertFalse(self.env["ir.ui.view"].browse(old_view).exists())
        self.assertFalse(self.env.ref("addon_amc.amc_request_view_list_sla", raise_if_not_found=False))
        base._check_xml()
        self.assertIn("sla_ids", self.env["amc.request"].get_views([(False, "list")])["views"]["list"]["arch"])
