# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import dashboard_section
from .test_amc_sla import AmcSlaCommon, local


@tagged("post_install", "-at_install")
class TestAmcSlaAccess(AmcSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy_b = cls.env["amc.sla.policy"].create(
            {
                "name": "Company B SLA",
                "company_id": cls.company_b.id,
                "target_ids": [Command.create({"priority": "standard", "response_time": 2, "response_unit": "hours"})],
            }
        )
        cls.agreement_b = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="B agreement", company_id=cls.company_b.id, sla_policy_id=cls.policy_b.id, state="active"
            )
        )
        with freeze_time(local(2026, 5, 18, 9, 0)):
            cls.request_a = cls.env["amc.request"].create(
                {
                    "name": "A waits",
                    "agreement_id": cls.agreement.id,
                    "state": "waiting",
                    "sla_start_date": local(2026, 5, 18, 9, 0),
                }
            )
            cls.request_b = cls.env["amc.request"].create(
                {
                    "name": "B waits",
                    "agreement_id": cls.agreement_b.id,
                    "state": "waiting",
                    "sla_start_date": local(2026, 5, 18, 9, 0),
                }
            )

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_agent_reads_but_cannot_edit_policies(self):
        policy = self.policy.with_user(self.agent)
        self.assertEqual(policy.name, "Test SLA")
        self.assertEqual(len(policy.target_ids), 3)
        with self.assertRaises(AccessError):
            policy.write({"name": "Faster"})
        with self.assertRaises(AccessError):
            policy.target_ids[0].write({"response_time": 1})
        with self.assertRaises(AccessError):
            self.env["amc.sla.policy"].with_user(self.agent).create({"name": "Agent SLA"})
        with self.assertRaises(AccessError):
            policy.unlink()
        self.assertEqual(self.policy.name, "Test SLA")

    def test_manager_edits_policies(self):
        policy = (
            self.env["amc.sla.policy"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Manager SLA",
                    "target_ids": [
                        Command.create({"priority": "critical", "response_time": 1, "response_unit": "hours"})
                    ],
                }
            )
        )
        policy.target_ids.response_time = 2
        self.assertEqual(policy.target_ids.response_time, 2)
        self.assertEqual(policy.company_id, self.company_a)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_employee_without_support_group_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["amc.sla.policy"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.env["amc.sla.pause"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.employee).get_sla_work_intervals(
                [self.calendar.id], "2026-05-18 00:00:00", "2026-05-19 00:00:00"
            )

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_shared_policies_and_rules_are_changed_by_administrators_only(self):
        """Records without a company are every company's: a Support Manager changes their companies' own, an
        administrator the shared ones too (the seeded rules, the default SLA)."""
        manager_b = new_test_user(
            self.env,
            login="amc_manager_b_only",
            groups="addon_amc.group_amc_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        default = self.env.ref("addon_amc.amc_sla_policy_default")
        shared_rule = self.env["amc.scope.rule"].search([("company_id", "=", False)], limit=1)
        self.assertTrue(shared_rule)
        for change in (
            lambda: default.target_ids[:1].with_user(manager_b).write({"response_time": 99}),
            lambda: default.with_user(manager_b).write({"name": "Mine now"}),
            lambda: shared_rule.with_user(manager_b).write({"scope": "billable"}),
            lambda: (
                self.env["amc.scope.rule"]
                .with_user(manager_b)
                .create(
                    {"name": "Everything", "category": "All", "scope": "billable", "regex": ".+", "company_id": False}
                )
            ),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                change()
        # their own company's records, as before
        self.policy_b.with_user(manager_b).write({"name": "Company B SLA, renamed"})
        self.env["amc.scope.rule"].with_user(manager_b).create(
            {"name": "B only", "category": "B", "scope": "billable", "terms": "b-only", "company_id": self.company_b.id}
        )
        admin = new_test_user(self.env, login="amc_sla_admin", groups="addon_amc.group_amc_manager,base.group_system")
        default.with_user(admin).write({"name": default.name})

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_company_b_user_cannot_see_company_a_policy_or_pauses(self):
        Policy = self.env["amc.sla.policy"].with_user(self.agent_b)
        visible = Policy.search([])
        self.assertIn(self.policy_b, visible)
        self.assertNotIn(self.policy, visible)
        self.assertIn(self.env.ref("addon_amc.amc_sla_policy_default"), visible)  # shared: no company
        with self.assertRaises(AccessError):
            Policy.browse(self.policy.id).read(["name"])
        both = (self.request_a | self.request_b).ids
        Pause = self.env["amc.sla.pause"].with_user(self.agent_b)
        self.assertEqual(Pause.search([("request_id", "in", both)]), self.request_b.sla_pause_ids)
        with self.assertRaises(AccessError):
            Pause.browse(self.request_a.sla_pause_ids.id).read(["date_start"])
        Report = self.env["amc.sla.report"].with_user(self.agent_b)
        self.assertEqual(Report.search([("request_id", "in", both)]).request_id, self.request_b)
        # the agent of company A sees A's policy and pause, not B's
        self.assertNotIn(self.policy_b, self.env["amc.sla.policy"].with_user(self.agent).search([]))
        self.assertEqual(
            self.env["amc.sla.pause"].with_user(self.agent).search([("request_id", "in", both)]),
            self.request_a.sla_pause_ids,
        )

    def test_agent_changes_state_and_pauses_are_kept(self):
        """Agents have no write access on pauses, yet their state changes open and close them."""
        request = self.request_a.with_user(self.agent)
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.state = "in_progress"
        self.assertEqual(self.request_a.sla_pause_ids.date_end, local(2026, 5, 18, 10, 0))
        self.assertEqual(self.request_a.sla_pause_ids.business_hours, 1.0)


@tagged("post_install", "-at_install")
class TestAmcSlaIntervals(AmcSlaCommon):
    def test_work_intervals_per_calendar(self):
        self._holiday(local(2026, 5, 20, 0, 0), local(2026, 5, 20, 23, 59, 59))
        result = (
            self.env["amc.request"]
            .with_user(self.agent)
            .get_sla_work_intervals([self.calendar.id], "2026-05-18 00:00:00", "2026-05-23 00:00:00")
        )
        self.assertEqual(list(result), [self.calendar.id])
        intervals = result[self.calendar.id]
        # Mon, Tue, Thu, Fri (Wednesday is a holiday): two intervals a day
        self.assertEqual(len(intervals), 8)
        first_start, first_end = intervals[0]
        epoch = fields.Datetime.from_string("1970-01-01 00:00:00")
        self.assertEqual(epoch + timedelta(milliseconds=first_start), local(2026, 5, 18, 8, 0))
        self.assertEqual(epoch + timedelta(milliseconds=first_end), local(2026, 5, 18, 12, 0))
        self.assertEqual(epoch + timedelta(milliseconds=intervals[2][0]), local(2026, 5, 19, 8, 0))
        self.assertEqual(epoch + timedelta(milliseconds=intervals[4][0]), local(2026, 5, 21, 8, 0))
        self.assertEqual(sum(end - start for start, end in intervals), 32 * 3600 * 1000)

    def test_work_intervals_one_query_batch_for_many_calendars(self):
        calendars = self.calendar | self.calendar.copy({"name": "Copy"}) | self.calendar.copy({"name": "Copy 2"})
        result = self.env["amc.request"].get_sla_work_intervals(
            calendars.ids, "2026-05-18T00:00:00Z", "2026-05-19T00:00:00Z"
        )
        self.assertEqual(sorted(result), sorted(calendars.ids))
        self.assertEqual([len(intervals) for intervals in result.values()], [2, 2, 2])

    def test_work_intervals_bad_input(self):
        Request = self.env["amc.request"]
        for args in (
            ["x", "2026-05-18 00:00:00", "2026-05-19 00:00:00"],
            [[self.calendar.id], "not a date", "2026-05-19 00:00:00"],
            [[self.calendar.id], "2026-05-19 00:00:00", "2026-05-18 00:00:00"],
            [[self.calendar.id], "2026-01-01 00:00:00", "2026-12-31 00:00:00"],
            [list(range(1, 100)), "2026-05-18 00:00:00", "2026-05-19 00:00:00"],
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                Request.get_sla_work_intervals(*args)


@tagged("post_install", "-at_install")
class TestAmcSlaDashboard(AmcSlaCommon):
    def _create(self, name, priority, start):
        return self.env["amc.request"].create(
            {
                "name": name,
                "agreement_id": self.agreement.id,
                "priority": priority,
                "sla_start_date": start,
            }
        )

    @freeze_time(local(2026, 5, 20, 12, 0))  # a Wednesday
    def test_dashboard_sla_section(self):
        self.env["amc.request"].search([]).unlink()
        empty = dashboard_section(self.env["amc.agreement"].with_user(self.agent).get_dashboard_data(), "sla")
        self.assertEqual(
            [(card["key"], card["value"], card["formatted"]) for card in empty["cards"]],
            [("compliance", None, "\u2014"), ("at_risk", 0, "0"), ("open_breached", 0, "0")],
        )
        self.assertEqual(empty["cards"][0]["hint"], "0 met / 0 breached")
        # response (4 h) and resolution (6 business hours) both late, then resolved
        late = self.env["amc.request"]
        for index in range(3):
            late |= self._create(f"Resolved late {index}", "critical", local(2026, 5, 11, 9, 0))
        late.write({"state": "resolved"})
        on_time = self._create("Answered at once", "critical", local(2026, 5, 20, 12, 0))
        on_time.action_sla_acknowledge()
        # high: response due Wednesday 14:00, warned from 11:00
        at_risk = self._create("At risk", "high", local(2026, 5, 19, 14, 0))
        open_late = self._create("Open and late", "critical", local(2026, 5, 18, 9, 0))
        # measured long ago: outside the 30 days
        old = self._create("Last year", "critical", local(2025, 5, 18, 9, 0))
        old.write({"state": "closed"})
        self.assertEqual(at_risk._sla_clock("response").status, "ongoing")
        self.assertEqual(open_late._sla_clock("response").status, "breached")
        sla = dashboard_section(self.env["amc.agreement"].with_user(self.agent).get_dashboard_data(), "sla")
        cards = {card["key"]: card for card in sla["cards"]}
        self.assertEqual(cards["compliance"]["hint"], f"1 met / {3 * 2 + 2} breached")
        self.assertEqual((cards["compliance"]["value"], cards["compliance"]["formatted"]), (11.1, "11 %"))
        self.assertEqual(cards["compliance"]["tone"], "danger")
        self.assertEqual(cards["at_risk"]["value"], 1)
        self.assertEqual(cards["open_breached"]["value"], 1)
        # the same grouped data in the report, by kind and status
        Report = self.env["amc.sla.report"].with_user(self.agent)
        groups = {
            (kind, status): count
            for kind, status, count in Report._read_group(
                [("request_id", "in", (late | on_time | open_late).ids)], ["kind", "status"], ["__count"]
            )
        }
        self.assertEqual(
            groups,
            {
                ("response", "breached"): 4,
                ("response", "met"): 1,
                ("resolution", "breached"): 4,
                ("resolution", "ongoing"): 1,
            },
        )
        compliance = Report._read_group(
            [("request_id", "in", (late | on_time).ids), ("kind", "=", "response")], [], ["compliance:avg"]
        )[0][0]
        self.assertEqual(compliance, 25.0)

    def test_dashboard_sla_queries_are_flat(self):
        """The SLA part of the dashboard costs the same for 3 and for 30 requests of each kind."""
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        self.env["amc.request"].search([]).unlink()
        counts = []
        total = 0
        with freeze_time(local(2026, 5, 20, 12, 0)):
            Agreement._sla_dashboard_counts(fields.Datetime.now())  # warm the caches registry resets keep
            for size in (3, 30):
                total += size
                for priority, start in (("critical", local(2026, 5, 11, 9, 0)), ("high", local(2026, 5, 19, 14, 0))):
                    for index in range(size):
                        self._create(f"{priority} {size} {index}", priority, start)
                self.env.flush_all()
                self.env.cr.flush()  # pending pre-commit work (bus, tracking) too
                self.env.invalidate_all()
                self.env.registry.clear_cache()
                before = self.cr.sql_log_count
                # cold record and registry caches: the user, the access rights and rules (of the
                # SLA clocks, of their requests and of their agreements, whose state counts), then ONE query
                with self.assertQueryCount(12):
                    result = Agreement._sla_dashboard_counts(fields.Datetime.now())
                counts.append(self.cr.sql_log_count - before)
                self.assertEqual(result["at_risk"], total)  # the high ones
                self.assertEqual(result["open_breached"], total)  # the critical ones
                self.assertEqual(result["response_breached"], total)
        self.assertEqual(counts[0], counts[1])
