# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError
from pytz import timezone, utc

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import AmcTestCommon
from .sla_plan_check import checked_plan_batch

STOCKHOLM = timezone("Europe/Stockholm")


def local(*args):
    """A wall-clock time in Stockholm as Odoo stores it (UTC, naive)."""
    return STOCKHOLM.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


class AmcSlaCommon(AmcTestCommon):
    """A Stockholm calendar 08–12 and 13–17 on weekdays, a test policy and an agreement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # every business deadline planned by the SLA tests must equal plan_hours's
        cls.classPatch(type(cls.env["amc.request"]), "_sla_plan_batch", checked_plan_batch)
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "SLA Test Hours (Stockholm)",
                "tz": "Europe/Stockholm",
                "company_id": cls.company_a.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.policy = cls.env["amc.sla.policy"].create(
            {
                "name": "Test SLA",
                "company_id": cls.company_a.id,
                "target_ids": [
                    Command.create(
                        {
                            "priority": "critical",
                            "response_time": 4,
                            "response_unit": "hours",
                            "resolution_time": 6,
                            "resolution_unit": "business_hours",
                        }
                    ),
                    Command.create(
                        {
                            "priority": "high",
                            "response_time": 1,
                            "response_unit": "business_days",
                            "resolution_time": 3,
                            "resolution_unit": "business_days",
                        }
                    ),
                    Command.create(
                        {
                            "priority": "standard",
                            "response_time": 3,
                            "response_unit": "business_days",
                            "resolution_time": 0,
                            "resolution_unit": "business_days",
                        }
                    ),
                ],
            }
        )
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="SLA Agreement",
                state="active",
                calendar_id=cls.calendar.id,
                sla_policy_id=cls.policy.id,
                user_id=cls.manager.id,
            )
        )

    def _request(self, start, priority="high", **vals):
        return self.env["amc.request"].create(
            {
                "name": "Printer on fire",
                "agreement_id": self.agreement.id,
                "priority": priority,
                "user_id": self.agent.id,
                "sla_start_date": start,
                **vals,
            }
        )

    def _replan(self):
        """Run the background re-planning that policy, calendar and holiday changes queue."""
        self.env["amc.request"]._cron_sla_replan()

    def _holiday(self, date_from, date_to, company=None):
        """A company-wide leave (no resource, no calendar): a public holiday."""
        return (
            self.env["resource.calendar.leaves"]
            .with_company(company or self.company_a)
            .create(
                {
                    "name": "Public holiday",
                    "date_from": date_from,
                    "date_to": date_to,
                    "calendar_id": False,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestAmcSlaDeadlines(AmcSlaCommon):
    def test_calendar_is_eight_hours_a_day(self):
        self.assertEqual(self.calendar.hours_per_day, 8.0)

    def test_lunch_break(self):
        """Business hours skip the lunch break; wall-clock hours do not."""
        request = self._request(local(2026, 5, 5, 10, 0), priority="critical")
        # 6 business hours from 10:00: 10–12, 13–17
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 5, 17, 0))
        self.assertEqual(request._sla_clock("resolution").clock, "business")
        self.assertEqual(request._sla_clock("resolution").target_hours, 6.0)
        # 4 wall-clock hours, lunch included
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 5, 14, 0))
        self.assertEqual(request._sla_clock("response").clock, "wall")
        evening = self._request(local(2026, 5, 5, 15, 0), priority="critical")
        self.assertEqual(evening._sla_clock("response").deadline, local(2026, 5, 5, 19, 0))

    def test_weekend(self):
        request = self._request(local(2026, 5, 8, 15, 0))  # a Friday
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 11, 15, 0))
        self.assertEqual(request._sla_clock("response").target_hours, 8.0)
        # 3 business days = 24 h: Fri 2 h, Mon 8, Tue 8, Wed 6
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 13, 15, 0))

    def test_two_day_public_holiday(self):
        """High priority at 15:00 before a two-day holiday is due at 15:00 on the next working day."""
        self._holiday(local(2026, 5, 12, 0, 0), local(2026, 5, 13, 23, 59, 59))
        # holidays of another company and of a single resource do not stop this agreement's clock
        self._holiday(local(2026, 5, 14, 0, 0), local(2026, 5, 14, 23, 59, 59), company=self.company_b)
        request = self._request(local(2026, 5, 11, 15, 0))  # Monday
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 14, 15, 0))  # Thursday

    def test_holiday_added_later_replans_open_requests(self):
        request = self._request(local(2026, 5, 11, 15, 0))
        closed = self._request(local(2026, 5, 11, 15, 0), state="closed")
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 12, 15, 0))
        holiday = self._holiday(local(2026, 5, 12, 0, 0), local(2026, 5, 12, 23, 59, 59))
        self.assertTrue(request.sla_replan_pending)
        self.assertFalse(closed.sla_replan_pending)
        self._replan()
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 13, 15, 0))
        self.assertEqual(closed._sla_clock("response").deadline, local(2026, 5, 12, 15, 0))
        holiday.unlink()
        self._replan()
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 12, 15, 0))

    def test_new_working_hours_replan_open_requests(self):
        """Summer hours (afternoons end at 15:00): the open requests on the calendar are planned again."""
        self.policy.target_ids.filtered(lambda target: target.priority == "high").write(
            {"response_time": 8, "response_unit": "business_hours"}
        )
        self._replan()
        request = self._request(local(2026, 5, 18, 9, 0))
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 9, 0))
        self.calendar.attendance_ids.filtered(lambda attendance: attendance.hour_to == 17).write({"hour_to": 15})
        self.assertTrue(request.sla_replan_pending)
        self._replan()
        # Monday 09–12 and 13–15, Tuesday 08–11
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 11, 0))
        # and so does a new time zone: Monday 09:00 in Stockholm is 03:00 in New York, before its working day;
        # Monday 08–12 and 13–15, Tuesday 08–10 there, 16:00 in Stockholm
        self.calendar.tz = "America/New_York"
        self.assertTrue(request.sla_replan_pending)
        self._replan()
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 16, 0))

    def test_daylight_saving_spring(self):
        """Stockholm goes from UTC+1 to UTC+2 on Sunday 29 March 2026."""
        start = local(2026, 3, 27, 15, 0)
        self.assertEqual(start, datetime(2026, 3, 27, 14, 0))
        request = self._request(start, priority="standard")
        # 24 business hours: Fri 2, Mon 8, Tue 8, Wed 08–12 and 13–15 — 15:00 summer time is 13:00 UTC
        self.assertEqual(request._sla_clock("response").deadline, datetime(2026, 4, 1, 13, 0))

    def test_daylight_saving_autumn(self):
        """Stockholm goes from UTC+2 back to UTC+1 on Sunday 25 October 2026."""
        request = self._request(local(2026, 10, 23, 15, 0))
        self.assertEqual(request.sla_start_date, datetime(2026, 10, 23, 13, 0))
        self.assertEqual(request._sla_clock("response").deadline, datetime(2026, 10, 26, 14, 0))

    def test_no_target_no_deadline(self):
        with freeze_time(local(2026, 5, 5, 10, 0)):
            request = self._request(local(2026, 5, 5, 10, 0), priority="standard")
            self.assertFalse(request._sla_clock("resolution").deadline)
            self.assertFalse(request._sla_clock("resolution").status)
            self.assertEqual(request._sla_clock("response").status, "ongoing")

    def test_company_default_policy(self):
        default = self.env.ref("addon_amc.amc_sla_policy_default")
        self.company_a.amc_sla_policy_id = default
        agreement = self.env["amc.agreement"].create(
            self._agreement_vals(name="No own policy", calendar_id=self.calendar.id, state="active")
        )
        request = self.env["amc.request"].create(
            {
                "name": "Default policy",
                "agreement_id": agreement.id,
                "priority": "critical",
                "sla_start_date": local(2026, 5, 5, 10, 0),
            }
        )
        self.assertEqual(request.sla_policy_id, default)
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 5, 14, 0))  # 4 hours, seeded
        # a company default set in Settings replans the open requests of agreements without a policy
        self.env["res.config.settings"].create({"amc_sla_policy_id": self.policy.id}).execute()
        self._replan()
        self.assertEqual(self.company_a.amc_sla_policy_id, self.policy)
        self.assertEqual(request.sla_policy_id, self.policy)
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 5, 17, 0))

    def test_changing_policy_or_calendar_replans_open_requests_only(self):
        open_request = self._request(local(2026, 5, 5, 10, 0), priority="critical")
        closed_request = self._request(local(2026, 5, 5, 10, 0), priority="critical", state="closed")
        old_closed = closed_request._sla_clock("resolution").deadline
        slower = self.policy.copy({"name": "Slower SLA"})
        slower.target_ids.filtered(lambda t: t.priority == "critical").write({"resolution_time": 8})
        self.agreement.sla_policy_id = slower
        self._replan()
        self.assertEqual(open_request._sla_clock("resolution").deadline, local(2026, 5, 6, 10, 0))
        self.assertEqual(closed_request._sla_clock("resolution").deadline, old_closed)
        # editing a target of the policy in use replans too
        slower.target_ids.filtered(lambda t: t.priority == "critical").write({"resolution_time": 3})
        self._replan()
        self.assertEqual(open_request._sla_clock("resolution").deadline, local(2026, 5, 5, 14, 0))
        # a 24/7 calendar: business hours run around the clock
        round_the_clock = self.env["resource.calendar"].create(
            {
                "name": "24/7",
                "tz": "Europe/Stockholm",
                "company_id": self.company_a.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create({"name": f"Day {day}", "dayofweek": str(day), "hour_from": 0, "hour_to": 24})
                    for day in range(7)
                ],
            }
        )
        self.agreement.calendar_id = round_the_clock
        self._replan()
        self.assertEqual(open_request._sla_clock("resolution").deadline, local(2026, 5, 5, 13, 0))
        self.assertEqual(closed_request._sla_clock("resolution").deadline, old_closed)

    @mute_logger("odoo.sql_db")
    def test_target_validation(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["amc.sla.target"].create(
                {
                    "policy_id": self.policy.id,
                    "priority": "high",
                    "response_time": 2,
                }
            )
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.policy.target_ids[0].response_time = 0
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestAmcSlaPauses(AmcSlaCommon):
    def test_pause_and_resume_moves_the_deadline_by_business_time(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):  # Monday
            request = self._request(local(2026, 5, 18, 9, 0))
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 9, 0))
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.state = "waiting"
            self.assertEqual(request._sla_clock("response").status, "paused")
            self.assertEqual(request._sla_clock("resolution").status, "paused")
        self.assertEqual(len(request.sla_pause_ids), 1)
        self.assertEqual(request.sla_pause_ids.date_start, local(2026, 5, 18, 10, 0))
        self.assertFalse(request.sla_pause_ids.date_end)
        with freeze_time(local(2026, 5, 18, 14, 30)):
            request.state = "in_progress"
            self.assertEqual(request._sla_clock("response").status, "ongoing")
        pause = request.sla_pause_ids
        self.assertEqual(pause.date_end, local(2026, 5, 18, 14, 30))
        self.assertAlmostEqual(pause.duration_hours, 4.5)
        self.assertAlmostEqual(pause.business_hours, 3.5)  # 10–12 and 13–14:30
        # 8 + 3.5 business hours from Monday 09:00: Mon 7 h, Tue 08–12 and 13–13:30
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 13, 30))

    def test_wall_clock_target_moves_by_wall_time(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="critical")
        with freeze_time(local(2026, 5, 18, 12, 0)):
            request.state = "waiting"
        with freeze_time(local(2026, 5, 18, 12, 45)):  # lunch: 45 wall minutes, no business time
            request.state = "in_progress"
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 18, 13, 45))
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 18, 16, 0))  # unchanged

    def test_pause_after_response_does_not_move_the_response(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 9, 30)):
            request.action_sla_acknowledge()
            request.state = "waiting"
        with freeze_time(local(2026, 5, 18, 11, 30)):
            request.state = "in_progress"
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 9, 0))
        self.assertEqual(request._sla_clock("response").status, "met")
        # resolution: 24 + 2 business hours from Monday 09:00
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 21, 11, 0))

    def test_pause_after_a_breach_does_not_undo_it(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="critical")
        with freeze_time(local(2026, 5, 18, 14, 0)):  # response was due at 13:00
            request.state = "waiting"
            self.assertEqual(request._sla_clock("response").status, "breached")
        with freeze_time(local(2026, 5, 18, 15, 0)):
            request.state = "in_progress"
            self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 18, 13, 0))
            self.assertEqual(request._sla_clock("response").status, "breached")

    def test_priority_change_replans_from_creation_keeping_pauses(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="standard")
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.state = "waiting"
        with freeze_time(local(2026, 5, 18, 11, 0)):
            request.state = "in_progress"
        # standard: 24 + 1 business hours from Monday 09:00
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 21, 10, 0))
        with freeze_time(local(2026, 5, 18, 16, 0)):
            request.priority = "high"
        # 8 + 1 business hours from Monday 09:00 (not from 16:00, the time of the change)
        self.assertEqual(request._sla_clock("response").deadline, local(2026, 5, 19, 10, 0))
        self.assertEqual(len(request.sla_pause_ids), 1)
        self.assertEqual(request._sla_clock("resolution").deadline, local(2026, 5, 21, 10, 0))

    def test_created_waiting_and_resolved_from_waiting(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), state="waiting")
        self.assertEqual(len(request.sla_pause_ids), 1)
        self.assertEqual(request._sla_clock("resolution").status, "paused")
        with freeze_time(local(2026, 5, 18, 13, 0)):
            request.state = "resolved"
        self.assertEqual(request.resolved_date, local(2026, 5, 18, 13, 0))
        self.assertEqual(request.sla_pause_ids.date_end, local(2026, 5, 18, 13, 0))
        self.assertEqual(request._sla_clock("resolution").status, "met")
        self.assertEqual(request._sla_clock("response").status, "met")  # resolved counts as answered
        with freeze_time(local(2026, 5, 18, 14, 0)):
            request.state = "in_progress"  # reopened
            self.assertFalse(request.resolved_date)
            self.assertEqual(request._sla_clock("resolution").status, "ongoing")
            self.assertEqual(request._sla_clock("response").status, "ongoing")

    def test_pauses_are_read_only(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), state="waiting")
        pause = request.sla_pause_ids.with_user(self.manager)
        self.assertEqual(pause.company_id, self.company_a)
        with self.assertRaises(AccessError), self.cr.savepoint():
            pause.write({"date_end": local(2026, 5, 18, 10, 0)})


@tagged("post_install", "-at_install")
class TestAmcSlaFirstResponse(AmcSlaCommon):
    def test_public_reply_by_agent_counts(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 18, 9, 20)):
            request.with_user(self.agent).message_post(
                body="We are on it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.first_response_date, local(2026, 5, 18, 9, 20))
        self.assertEqual(request._sla_clock("response").status, "met")
        with freeze_time(local(2026, 5, 18, 10, 0)):
            request.with_user(self.agent).message_post(
                body="Still on it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.first_response_date, local(2026, 5, 18, 9, 20))  # the first one stays

    def test_internal_note_and_customer_message_do_not_count(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
            request.with_user(self.agent).message_post(
                body="Looks like the patch.", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            self.assertFalse(request.first_response_date)
            request.message_post(
                body="Any news?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.customer.id,
            )
            self.assertFalse(request.first_response_date)
            request.with_user(self.agent).message_post(body="A notification", message_type="notification")
            self.assertFalse(request.first_response_date)
            self.assertEqual(request._sla_clock("response").status, "ongoing")

    def test_acknowledge_button(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        with freeze_time(local(2026, 5, 19, 10, 0)):  # an hour late
            request.with_user(self.agent).action_sla_acknowledge()
        self.assertEqual(request.first_response_date, local(2026, 5, 19, 10, 0))
        self.assertEqual(request._sla_clock("response").status, "breached")
        self.assertIn("acknowledged", request.message_ids[0].body)
        with self.assertRaises(UserError):
            request.with_user(self.agent).action_sla_acknowledge()


@tagged("post_install", "-at_install")
class TestAmcSlaCron(AmcSlaCommon):
    def _activities(self, requests, summary):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "amc.request"),
                ("res_id", "in", requests.ids),
                ("summary", "=", summary),
            ]
        )

    def _breach_messages(self, requests):
        return self.env["mail.message"].search(
            [
                ("model", "=", "amc.request"),
                ("res_id", "in", requests.ids),
                ("body", "ilike", "SLA breached"),
            ]
        )

    def test_warning_then_breach_once(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        # warning at 75 % of 8 business hours: Monday 16:00
        self.assertEqual(request._sla_clock("response").warning_date, local(2026, 5, 18, 16, 0))
        Request = self.env["amc.request"]
        with freeze_time(local(2026, 5, 18, 15, 55)):
            Request._cron_sla_check()
        self.assertFalse(self._activities(request, "Response SLA due soon"))
        with freeze_time(local(2026, 5, 18, 16, 5)):
            Request._cron_sla_check()
            Request._cron_sla_check()
        warnings = self._activities(request, "Response SLA due soon")
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings.user_id, self.agent)
        self.assertTrue(request._sla_clock("response").warned)
        self.assertEqual(request._sla_clock("response").status, "ongoing")
        self.assertFalse(self._breach_messages(request))
        with freeze_time(local(2026, 5, 19, 9, 5)):
            Request._cron_sla_check()
            self.assertEqual(request._sla_clock("response").status, "breached")
            Request._cron_sla_check()
        self.assertEqual(len(self._breach_messages(request)), 1)
        breaches = self._activities(request, "Response SLA breached")
        self.assertEqual(breaches.user_id, self.manager)  # the agreement's account manager
        self.assertEqual(len(self._activities(request, "Response SLA due soon")), 1)
        self.assertEqual(request._sla_clock("resolution").status, "ongoing")
        self.assertFalse(self._activities(request, "Resolution SLA breached"))

    def test_a_deadline_moved_later_is_notified_again(self):
        """Breached on Tuesday, then Tuesday becomes a public holiday: the deadline moves to Wednesday, and
        Wednesday's breach is notified (the first notice's flag no longer applies)."""
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        Request = self.env["amc.request"]
        with freeze_time(local(2026, 5, 19, 9, 5)):
            Request._cron_sla_check()
        self.assertEqual(len(self._breach_messages(request)), 1)
        with freeze_time(local(2026, 5, 19, 9, 10)):
            self._holiday(local(2026, 5, 19, 0, 0), local(2026, 5, 19, 23, 59, 59))
            self._replan()
            clock = request._sla_clock("response")
            self.assertEqual(clock.deadline, local(2026, 5, 20, 9, 0))
            self.assertEqual(clock.status, "ongoing")
            self.assertFalse(clock.breach_notified)
        with freeze_time(local(2026, 5, 20, 9, 5)):
            Request._cron_sla_check()
        self.assertEqual(len(self._breach_messages(request)), 2)

    def test_a_cancelled_agreement_owes_no_sla(self):
        """Its open requests are neither warned nor breached, and the dashboard does not count them."""
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="critical")
        Agreement = self.env["amc.agreement"].with_user(self.manager)
        with freeze_time(local(2026, 5, 18, 14, 0)):
            before = Agreement._sla_dashboard_counts(fields.Datetime.now())["open_breached"]
        self.agreement.action_cancel()
        self.assertFalse(any(request.sla_ids.mapped("next_check")), "nothing left to check")
        with freeze_time(local(2026, 5, 18, 14, 0)):
            self.env["amc.request"]._cron_sla_check()
            after = Agreement._sla_dashboard_counts(fields.Datetime.now())["open_breached"]
        self.assertFalse(self._breach_messages(request))
        self.assertEqual(after, before - 1)

    def test_update_clears_the_checks_of_agreements_no_longer_active(self):
        from .test_amc_scope import _migration

        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="critical")
        self.agreement.action_cancel()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE amc_request_sla SET next_check = %s WHERE request_id = %s", (local(2026, 5, 18, 13, 0), request.id)
        )
        _migration("19.0.1.22.0", "post-sla_next_check").migrate(self.env.cr, "19.0.1.21.0")
        self.env.invalidate_all()
        self.assertFalse(any(request.sla_ids.mapped("next_check")))

    def test_breach_without_account_manager_goes_to_support_managers(self):
        self.agreement.user_id = False
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0), priority="critical")
        with freeze_time(local(2026, 5, 18, 14, 0)):
            self.env["amc.request"]._cron_sla_check()
        users = self._activities(request, "Response SLA breached").user_id
        self.assertIn(self.manager, users)
        self.assertNotIn(self.agent, users)
        self.assertTrue(all(user.has_group("addon_amc.group_amc_manager") for user in users))

    def test_warning_share_setting(self):
        self.env["res.config.settings"].create({"amc_sla_warning_percent": 50}).execute()
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._request(local(2026, 5, 18, 9, 0))
        self.assertEqual(request._sla_clock("response").warning_date, local(2026, 5, 18, 14, 0))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["res.config.settings"].create({"amc_sla_warning_percent": 120})

    def _overdue(self, count):
        with freeze_time(local(2026, 5, 4, 9, 0)):
            return self.env["amc.request"].create(
                [
                    {
                        "name": f"Overdue {index}",
                        "agreement_id": self.agreement.id,
                        "priority": "high",
                        "user_id": self.agent.id,
                        "sla_start_date": local(2026, 5, 4, 9, 0),
                    }
                    for index in range(count)
                ]
            )

    def _run_cron_counting(self, budget):
        Request = self.env["amc.request"]
        self.env.flush_all()
        self.env.cr.flush()  # pending pre-commit work (bus, tracking) too
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        Request._sla_warning_share()  # system parameters are cached apart: warm them
        before = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            Request._cron_sla_check()
        return self.cr.sql_log_count - before

    def test_cron_query_count_is_flat(self):
        """Three and thirty overdue requests: the same number of queries."""
        # from cold caches: the search, one batched status update, the managers, then per SLA
        # kind one message batch, one activity batch (and its followers), one flag update; the
        # activities are due on their company's today (res.company._amc_today: its working hours)
        budget = 43
        with freeze_time(local(2026, 5, 20, 12, 0)):
            # settle whatever the database already holds, and warm the caches that registry resets keep
            # (one overdue request takes every path: statuses, messages, activities, flags)
            self._overdue(1)
            self.env["amc.request"]._cron_sla_check()
            few = self._overdue(3)
            queries_few = self._run_cron_counting(budget)
            many = self._overdue(30)
            queries_many = self._run_cron_counting(budget)
        self.assertEqual(queries_few, queries_many)
        self.assertEqual(
            set((few | many).sla_ids.filtered(lambda c: c.kind == "response").mapped("status")), {"breached"}
        )
        # one message per request and SLA
        self.assertEqual(len(self._breach_messages(few | many)), 66)
        self.assertEqual(len(self._activities(few | many, "Response SLA breached")), 33)
        # resolution (3 business days, due Thursday 7 May) is breached too: one message each
        self.assertEqual(
            set((few | many).sla_ids.filtered(lambda c: c.kind == "resolution").mapped("status")), {"breached"}
        )
        self.assertEqual(len(self._activities(few | many, "Resolution SLA breached")), 33)


@tagged("post_install", "-at_install")
class TestAmcSlaIdleTick(AmcSlaCommon):
    """The 5-minute tick reads only what is due, through an index: its cost follows the due requests."""

    def _open_requests(self, count):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            return self.env["amc.request"].create(
                [
                    {"name": f"Quiet {index}", "agreement_id": self.agreement.id, "priority": "high"}
                    for index in range(count)
                ]
            )

    def _idle_tick_queries(self):
        Request = self.env["amc.request"]
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        Request._sla_warning_share()
        before = self.cr.sql_log_count
        with freeze_time(local(2026, 5, 18, 9, 30)):
            Request._cron_sla_check()
        return self.cr.sql_log_count - before

    def test_idle_tick_costs_the_same_whatever_the_open_requests(self):
        with freeze_time(local(2026, 5, 18, 9, 30)):
            self.env["amc.request"]._cron_sla_check()  # settle what the database already holds
        self._open_requests(3)
        few = self._idle_tick_queries()
        self._open_requests(60)
        many = self._idle_tick_queries()
        self.assertEqual(few, many)
        self.assertLessEqual(many, 1, "an idle tick is one indexed search")

    def test_next_check_follows_warning_deadline_and_notification(self):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            request = self._open_requests(1)
            request.flush_recordset()
            self.assertEqual(request._sla_clock("response").status, "ongoing")
            for kind in ("response", "resolution"):
                self.assertEqual(request._sla_clock(kind).next_check, request._sla_clock(kind).warning_date)
        with freeze_time(local(2026, 5, 25, 9, 0)):  # long after both deadlines
            self.env["amc.request"]._cron_sla_check()
        self.assertEqual(request._sla_clock("response").status, "breached")
        self.assertTrue(
            request._sla_clock("response").breach_notified and request._sla_clock("resolution").breach_notified
        )
        self.assertFalse(any(request.sla_ids.mapped("next_check")), "nothing more can happen to its clocks")

    def test_the_due_search_can_use_the_index(self):
        self._open_requests(5)
        self.env.flush_all()
        query = (
            self.env["amc.request.sla"]
            .sudo()
            ._search(self.env["amc.request"]._sla_check_domain(local(2026, 5, 18, 9, 30)))
        )
        sql = query.select()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", sql))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("amc_request_sla__next_check_index", plan)


@tagged("post_install", "-at_install")
class TestAmcSlaReplanInBackground(AmcSlaCommon):
    """Editing a target marks the open requests and wakes a cron; the user's call does not plan them."""

    def _open_requests(self, count):
        with freeze_time(local(2026, 5, 18, 9, 0)):
            return self.env["amc.request"].create(
                [
                    {"name": f"Open {index}", "agreement_id": self.agreement.id, "priority": "high"}
                    for index in range(count)
                ]
            )

    def _edit_target_queries(self, hours):
        target = self.policy.target_ids.filtered(lambda target: target.priority == "high")
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with freeze_time(local(2026, 5, 18, 10, 0)):
            target.with_user(self.manager).write({"response_time": hours})
            self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_a_target_edit_marks_and_the_cron_plans(self):
        requests = self._open_requests(4)
        before = requests.sla_ids.filtered(lambda c: c.kind == "response").mapped("deadline")
        self._edit_target_queries(2)
        self.assertTrue(all(requests.mapped("sla_replan_pending")))
        self.assertEqual(
            requests.sla_ids.filtered(lambda c: c.kind == "response").mapped("deadline"),
            before,
            "not planned inside the user's call",
        )
        cron = self.env.ref("addon_amc.amc_request_ir_cron_sla_replan")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]), "the cron is woken")
        with freeze_time(local(2026, 5, 18, 10, 0)):
            self.env["amc.request"]._cron_sla_replan(batch_size=3)
        self.assertFalse(any(requests.mapped("sla_replan_pending")))
        # 2 business days from Monday 09:00: Wednesday 09:00
        self.assertEqual(
            set(requests.sla_ids.filtered(lambda c: c.kind == "response").mapped("deadline")),
            {local(2026, 5, 20, 9, 0)},
        )

    def test_a_request_to_triage_is_not_left_to_replan(self):
        """No agreement, no deadline: a holiday neither marks it nor keeps the cron finding it."""
        triage = self.env["amc.request"].create({"name": "From an unknown sender", "triage": True})
        self.assertFalse(triage.agreement_id)
        self._holiday(local(2026, 5, 25, 0, 0), local(2026, 5, 25, 23, 59))
        self.assertFalse(triage.sla_replan_pending, "nothing to plan: not marked")
        # a mark left by an earlier version is cleared by the cron's pass instead of found again
        triage.sudo().with_context(amc_sla_internal=True).write({"sla_replan_pending": True})
        self.env["amc.request"].sudo().search([("sla_replan_pending", "=", True)])._sla_compute_deadlines()
        self.assertFalse(triage.sla_replan_pending)
        self._replan()  # returns: nothing left marked

    def test_the_edit_costs_the_same_whatever_the_open_requests(self):
        self._open_requests(3)
        self._edit_target_queries(4)  # warm what a running server keeps (cron, access rules)
        self.env["amc.request"]._cron_sla_replan()
        few = self._edit_target_queries(2)
        self.env["amc.request"]._cron_sla_replan()
        self._open_requests(60)
        many = self._edit_target_queries(3)
        self.assertEqual(few, many)


@tagged("post_install", "-at_install")
class TestAmcSlaBatch(AmcSlaCommon):
    def test_planning_a_batch_reuses_the_plans(self):
        """Requests created together plan their deadlines once per calendar and target."""
        counts = []
        for size in (3, 30):
            with freeze_time(local(2026, 5, 18, 9, 0)):
                requests = self.env["amc.request"].create(
                    [
                        {"name": f"Batch {size} {index}", "agreement_id": self.agreement.id, "priority": "high"}
                        for index in range(size)
                    ]
                )
                self.env.flush_all()
                self.env.cr.flush()  # pending pre-commit work (bus, tracking) too
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                # the policy, the calendar, its working intervals once, one batched INSERT
                # of the clocks, their statuses and one batched UPDATE
                with self.assertQueryCount(17):
                    requests._sla_compute_deadlines()
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(
                set(requests.sla_ids.filtered(lambda c: c.kind == "response").mapped("deadline")),
                {local(2026, 5, 19, 9, 0)},
            )
        self.assertEqual(counts[0], counts[1])
