# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_amc_sla import AmcSlaCommon, local


@tagged("post_install", "-at_install")
class TestAmcSlaProtectedFields(AmcSlaCommon):
    """Agents change SLA and scope fields only through the module's flows, never by RPC."""

    def test_agent_cannot_write_protected_fields(self):
        request = self._request(local(2026, 5, 18, 9, 0))
        when = datetime(2026, 5, 18, 10, 0)
        forbidden = {
            "sla_start_date": when,
            "first_response_date": when,
            "resolved_date": when,
            "sla_policy_id": self.policy.id,
            "last_update_date": when,
            "sla_replan_pending": True,
            "scope_overridden": True,
            "scope_reason": "forged",
            "scope_category": "forged",
            "scope_confidence": 1.0,
            "scope_rule_id": self.env.ref("addon_amc.amc_scope_rule_data_import").id,
            "scope_overridden_by": self.agent.id,
        }
        as_agent = request.with_user(self.agent)
        for field, value in forbidden.items():
            with self.subTest(field=field), self.assertRaises(AccessError):
                as_agent.write({field: value})
        # the clocks are the module's: no agent writes, creates or deletes one
        clock = request._sla_clock("response").with_user(self.agent)
        for vals in ({"deadline": when}, {"warned": True}, {"breach_notified": True}, {"status": "met"}):
            with self.subTest(clock=vals), self.assertRaises(AccessError):
                clock.write(vals)
        with self.assertRaises(AccessError):
            clock.unlink()
        with self.assertRaises(AccessError):
            clock.create({"request_id": request.id, "kind": "update", "deadline": when})
        # the forged internal context does not help
        with self.assertRaises(AccessError):
            as_agent.with_context(amc_sla_internal=True).write({"first_response_date": when})
        with self.assertRaises(AccessError):
            as_agent.with_context(amc_scope_auto_write=True).write({"scope_overridden": True})
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.agent).create(
                {"name": "Forged", "agreement_id": self.agreement.id, "first_response_date": when}
            )
        # a default in the context is not honoured (forms hand their context down to their lines)
        forged = (
            self.env["amc.request"]
            .with_user(self.agent)
            .with_context(default_resolved_date=when)
            .create({"name": "Forged default", "agreement_id": self.agreement.id})
        )
        self.assertFalse(forged.resolved_date)
        self.assertFalse(request.first_response_date)
        self.assertFalse(request.scope_overridden)

    def test_forged_scope_context_does_not_skip_the_audit(self):
        request = self._request(local(2026, 5, 18, 9, 0))
        request.with_user(self.agent).with_context(amc_scope_auto_write=True).write(
            {"scope": "included", "scope_override_reason": "Forged context"}
        )
        self.assertEqual(request.scope, "included")
        self.assertTrue(request.scope_overridden)
        self.assertEqual(request.scope_overridden_by, self.agent)
        self.assertEqual(request.scope_override_ids.reason, "Forged context")

    def test_normal_flows_still_work_as_agent(self):
        Request = self.env["amc.request"].with_user(self.agent)
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = Request.create(
                {"name": "Import of data for the customers", "agreement_id": self.agreement.id, "priority": "high"}
            )
        self.assertEqual(request.sla_policy_id, self.policy)
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 9, 0))
        self.assertEqual(request.scope, "billable")
        with freeze_time(local(2026, 5, 18, 9, 30)):
            request.message_post(body="On it.", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertEqual(request.first_response_date, local(2026, 5, 18, 9, 30))
        with freeze_time(local(2026, 5, 18, 10, 0)):
            other = Request.create({"name": "Other", "agreement_id": self.agreement.id})
            other.action_sla_acknowledge()
        self.assertEqual(other.first_response_date, local(2026, 5, 18, 10, 0))
        with freeze_time(local(2026, 5, 18, 11, 0)):
            request.state = "waiting"
        with freeze_time(local(2026, 5, 18, 12, 0)):
            request.state = "in_progress"
        self.assertAlmostEqual(request.sla_pause_ids.business_hours, 1.0)
        request.priority = "critical"
        self.assertEqual(request._sla_clock("response").clock, "wall")
        request.action_override_scope("included", "A bug in our import module")
        self.assertEqual((request.scope, request.scope_overridden), ("included", True))
        request.action_reset_scope()
        self.assertEqual((request.scope, request.scope_overridden), ("billable", False))
        request.name = "Training for the accountants"
        self.assertNotEqual(request.scope_rule_id, self.env.ref("addon_amc.amc_scope_rule_data_import"))
        with freeze_time(local(2026, 5, 18, 15, 0)):
            request.state = "resolved"
        self.assertEqual(request.resolved_date, local(2026, 5, 18, 15, 0))
        self.assertEqual(request._sla_clock("resolution").status, "met")
        request.state = "in_progress"
        self.assertFalse(request.resolved_date)


@tagged("post_install", "-at_install")
class TestAmcSlaEdgeCases(AmcSlaCommon):
    """Defaults, first responses by email, calendars without hours and holidays inside pauses."""

    def test_new_company_falls_back_to_the_seeded_default_policy(self):
        company = self.env["res.company"].create({"name": "AMC Company Created Later"})
        self.assertFalse(company.amc_sla_policy_id)
        agreement = self.env["amc.agreement"].create(
            self._agreement_vals(name="New company", company_id=company.id, state="active")
        )
        request = self.env["amc.request"].create(
            {
                "name": "Default policy",
                "agreement_id": agreement.id,
                "priority": "critical",
                "sla_start_date": datetime(2026, 5, 5, 10, 0),
            }
        )
        self.assertEqual(request.sla_policy_id, self.env.ref("addon_amc.amc_sla_policy_default"))
        self.assertEqual(request._sla_clock("response").deadline, datetime(2026, 5, 5, 14, 0))  # 4 wall-clock hours

    def test_email_reply_by_agent_counts_as_first_response(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 9, 45)):
            request.with_user(self.agent).message_post(
                body="Answered from my mailbox.", message_type="email", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.first_response_date, local(2026, 5, 18, 9, 45))
        self.assertEqual(request._sla_clock("response").status, "met")

    def test_calendar_without_working_hours_does_not_crash(self):
        calendar = self.env["resource.calendar"].create(
            {"name": "No hours", "company_id": self.company_a.id, "attendance_ids": [Command.clear()]}
        )
        calendar.hours_per_day = 0.0
        agreement = self.env["amc.agreement"].create(
            self._agreement_vals(name="No hours", calendar_id=calendar.id, sla_policy_id=self.policy.id, state="active")
        )
        high = self.env["amc.request"].create(
            {"name": "Business days", "agreement_id": agreement.id, "priority": "high"}
        )
        self.assertFalse(high._sla_clock("response").deadline)
        self.assertFalse(high._sla_clock("resolution").deadline)
        critical = self.env["amc.request"].create(
            {
                "name": "Wall clock",
                "agreement_id": agreement.id,
                "priority": "critical",
                "sla_start_date": datetime(2026, 5, 5, 10, 0),
            }
        )
        self.assertEqual(critical._sla_clock("response").deadline, datetime(2026, 5, 5, 14, 0))

    def test_holiday_added_after_a_pause_recomputes_its_business_hours(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):  # Monday
            request = self._request(local(2026, 5, 18, 9, 0))  # resolution: 3 business days
        with freeze_time(local(2026, 5, 19, 9, 0)):  # Tuesday
            request.state = "waiting"
        with freeze_time(local(2026, 5, 21, 9, 0)):  # Thursday
            request.state = "in_progress"
        self.assertAlmostEqual(request.sla_pause_ids.business_hours, 16.0)
        # 24 + 16 business hours from Monday 09:00: next Monday 09:00
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 25, 9, 0))
        self._holiday(local(2026, 5, 20, 0, 0), local(2026, 5, 20, 23, 59, 59))  # Wednesday, inside the pause
        self.assertAlmostEqual(request.sla_pause_ids.business_hours, 8.0)
        # the pause now holds 8 h less: the holiday does not push the deadline back
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 25, 9, 0))
