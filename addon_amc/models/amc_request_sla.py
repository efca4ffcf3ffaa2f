# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA of support requests: response and resolution deadlines on business calendars.

Deadlines are planned on the agreement's working hours with the company's public
holidays (as ``resource``'s ``plan_hours`` would: each calendar's work intervals are
read once per batch, every deadline is walked in ``lib/sla.py``), stored, and moved
later by the pauses (``amc.sla.pause``) while the request waits on the customer.
Statuses are stored computed fields; the cron ``_cron_sla_check`` makes them
follow the clock and sends each warning and breach notification once.
"""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_datetime

from ..lib import sla
from .amc_request import DONE_STATES

DEFAULT_WARNING_PERCENT = 75.0
CRON_BATCH_SIZE = 500
REPLAN_BATCH_SIZE = 200
#: The browser asks for at most this many days of working intervals at once.
MAX_INTERVAL_DAYS = 93
MAX_INTERVAL_CALENDARS = 50

#: A planning batch reads each calendar's working intervals from its first start to its
#: last plus this margin (longer when a deadline lies further).
PREFETCH_SPAN = timedelta(days=21)
_WINDOWS = "amc_sla_windows"

SLA_STATUS_SELECTION = sla.STATUS_SELECTION
SLA_CLOCK_SELECTION = sla.CLOCK_SELECTION


def _aware(value):
    """An Odoo UTC-naive datetime as an aware UTC datetime."""
    return value.replace(tzinfo=utc) if value.tzinfo is None else value.astimezone(utc)


def _naive(value):
    """An aware datetime as Odoo stores it: UTC, naive, whole seconds."""
    return value.astimezone(utc).replace(tzinfo=None, microsecond=0) if value else False


def _domain_key(domain):
    return tuple(tuple(clause) if isinstance(clause, (list, tuple)) else clause for clause in domain)


class _SlaWindow:
    """Working intervals of one calendar from ``low`` to ``high`` (aware UTC), sorted."""

    __slots__ = ("high", "intervals", "low", "starts")

    def __init__(self, low, high):
        self.low, self.high = low, high
        self.intervals = self.starts = ()

    def fetch(self, calendar, domain):
        found = calendar._work_intervals_batch(self.low, self.high, domain=domain)[False]
        self.intervals = [(begin.astimezone(utc), stop.astimezone(utc)) for begin, stop, _meta in found]
        self.starts = [begin for begin, _stop in self.intervals]

    def plan(self, start, hours):
        return sla.plan_business_hours(self.intervals, self.starts, self.high, start, hours)


class AmcRequest(models.Model):
    _inherit = "amc.request"

    sla_policy_id = fields.Many2one(
        "amc.sla.policy",
        string="SLA Policy",
        readonly=True,
        copy=False,
        index=True,
        help="The policy the deadlines were planned with: the agreement's, or the company default.",
    )
    sla_calendar_id = fields.Many2one(related="agreement_id.calendar_id", string="SLA Working Hours")
    sla_start_date = fields.Datetime(
        string="SLA Start",
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        copy=False,
        help="When the SLA clocks started: the creation of the request.",
    )
    first_response_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="First public reply of an internal user, or the acknowledgement.",
    )
    resolved_date = fields.Datetime(readonly=True, copy=False, index=True)
    sla_pause_ids = fields.One2many("amc.sla.pause", "request_id", string="SLA Pauses", readonly=True)

    sla_response_deadline = fields.Datetime(string="Response Due", readonly=True, copy=False, index=True)
    sla_response_warning_date = fields.Datetime(readonly=True, copy=False)
    sla_response_target_hours = fields.Float(
        readonly=True, copy=False, help="Size of the response target, in hours of its clock."
    )
    sla_response_clock = fields.Selection(SLA_CLOCK_SELECTION, readonly=True, copy=False)
    sla_response_status = fields.Selection(
        SLA_STATUS_SELECTION,
        string="Response SLA",
        compute="_compute_sla_status",
        store=True,
        index=True,
    )
    sla_response_warned = fields.Boolean(readonly=True, copy=False)
    sla_response_breach_notified = fields.Boolean(readonly=True, copy=False)

    sla_resolution_deadline = fields.Datetime(string="Resolution Due", readonly=True, copy=False, index=True)
    sla_resolution_warning_date = fields.Datetime(readonly=True, copy=False)
    sla_resolution_target_hours = fields.Float(
        readonly=True, copy=False, help="Size of the resolution target, in hours of its clock."
    )
    sla_resolution_clock = fields.Selection(SLA_CLOCK_SELECTION, readonly=True, copy=False)
    sla_resolution_status = fields.Selection(
        SLA_STATUS_SELECTION,
        string="Resolution SLA",
        compute="_compute_sla_status",
        store=True,
        index=True,
    )
    sla_resolution_warned = fields.Boolean(readonly=True, copy=False)
    sla_resolution_breach_notified = fields.Boolean(readonly=True, copy=False)
    sla_replan_pending = fields.Boolean(
        string="SLA Re-planning",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Its policy, calendar or holidays changed: the deadlines are being planned again in the "
        "background, and the badges say so until then.",
    )
    sla_replan_reset = fields.Boolean(readonly=True, copy=False)
    sla_next_check = fields.Datetime(
        compute="_compute_sla_next_check",
        store=True,
        copy=False,
        index="btree_not_null",
        help="When the SLA cron looks at the request next: its next warning, deadline or "
        "unnotified breach. Empty while nothing can happen to its clocks.",
    )

    # ------------------------------------------------------------------
    # Statuses
    # ------------------------------------------------------------------
    @api.depends(
        "state",
        "first_response_date",
        "resolved_date",
        "sla_response_deadline",
        "sla_resolution_deadline",
        "sla_pause_ids.date_start",
        "sla_pause_ids.date_end",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for request in self:
            paused_since = False
            if request.state == "waiting":
                open_pauses = request.sla_pause_ids.filtered(lambda pause: not pause.date_end)
                paused_since = min(open_pauses.mapped("date_start"), default=now)
            request.sla_response_status = sla.status(
                request.sla_response_deadline,
                request.first_response_date or request.resolved_date,
                now,
                paused_since,
            )
            request.sla_resolution_status = sla.status(
                request.sla_resolution_deadline, request.resolved_date, now, paused_since
            )

    @api.depends(
        *(
            f"sla_{kind}_{suffix}"
            for kind in sla.KINDS
            for suffix in ("status", "deadline", "warning_date", "warned", "breach_notified")
        )
    )
    def _compute_sla_next_check(self):
        for request in self:
            moments = [
                sla.next_check(
                    request[f"sla_{kind}_status"],
                    request[f"sla_{kind}_deadline"],
                    request[f"sla_{kind}_warning_date"],
                    request[f"sla_{kind}_warned"],
                    request[f"sla_{kind}_breach_notified"],
                )
                for kind in sla.KINDS
            ]
            request.sla_next_check = min(filter(None, moments), default=False)

    # ------------------------------------------------------------------
    # CRUD: pauses, resolution, deadlines
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        now = fields.Datetime.now()
        requests._sla_open_pauses(requests.filtered(lambda request: request.state == "waiting"), now)
        done = requests.filtered(lambda request: request.state in DONE_STATES and not request.resolved_date)
        if done:
            done.sudo().with_context(amc_sla_internal=True).write({"resolved_date": now})
        requests._sla_compute_deadlines()
        return requests

    def write(self, vals):
        if self.env.su and self.env.context.get("amc_sla_internal"):
            return super().write(vals)
        old_states = {request.id: request.state for request in self} if "state" in vals else None
        result = super().write(vals)
        recompute = self.browse()
        if old_states is not None:
            recompute = self._sla_on_state_change(old_states)
        if {"priority", "agreement_id", "sla_start_date"} & vals.keys():
            self._sla_compute_deadlines(reset_flags=True)
        elif recompute:
            recompute._sla_compute_deadlines()
        return result

    def _sla_open_pauses(self, requests, now):
        if requests:
            self.env["amc.sla.pause"].sudo().create(
                [{"request_id": request.id, "date_start": now} for request in requests]
            )

    def _sla_on_state_change(self, old_states):
        """Open and close pauses, set or clear the resolution date.

        Returns the requests whose deadlines must be planned again (a pause ended).
        """
        now = fields.Datetime.now()
        Internal = self.sudo().with_context(amc_sla_internal=True)
        entering = self.filtered(lambda r: r.state == "waiting" and old_states.get(r.id) != "waiting")
        leaving = self.filtered(lambda r: r.state != "waiting" and old_states.get(r.id) == "waiting")
        self._sla_open_pauses(entering, now)
        open_pauses = leaving.sla_pause_ids.filtered(lambda pause: not pause.date_end)
        if open_pauses:
            open_pauses.sudo().write({"date_end": now})
        resolved = self.filtered(lambda r: r.state in DONE_STATES and not r.resolved_date)
        if resolved:
            Internal.browse(resolved.ids).write({"resolved_date": now})
        reopened = self.filtered(lambda r: r.state not in DONE_STATES and r.resolved_date)
        if reopened:
            Internal.browse(reopened.ids).write({"resolved_date": False})
        return leaving

    # ------------------------------------------------------------------
    # Business time
    # ------------------------------------------------------------------
    def _sla_calendar(self):
        self.ensure_one()
        return self.agreement_id.sudo().calendar_id

    def _sla_leave_domain(self, calendar=None):
        """Public holidays: company-wide leaves (no resource) of the calendar's company."""
        self.ensure_one()
        calendar = calendar if calendar is not None else self._sla_calendar()
        return self.env["resource.calendar.leaves"]._amc_public_holiday_domain(calendar, self.agreement_id.company_id)

    @api.model
    def _sla_open_on_company_default(self, companies):
        """Open requests of these companies whose agreement relies on the company's default policy."""
        if not companies:
            return self.browse()
        return self.sudo().search(
            [
                ("state", "not in", DONE_STATES),
                ("company_id", "in", companies.ids),
                ("agreement_id.sla_policy_id", "=", False),
            ]
        )

    def _sla_business_hours(self, date_start, date_end):
        """Working hours between two UTC-naive datetimes on the request's calendar."""
        self.ensure_one()
        calendar = self._sla_calendar()
        if not calendar or date_end <= date_start:
            return 0.0
        return calendar.get_work_hours_count(
            _aware(date_start), _aware(date_end), compute_leaves=True, domain=self._sla_leave_domain(calendar)
        )

    def _sla_planner(self, clock, memo=None):
        """``plan(hours) -> aware datetime`` from the SLA start, on ``clock``: the one entry point
        that turns (calendar, start, hours) into deadlines.

        ``memo`` (a dict shared by a batch, see :meth:`_sla_plan_memo`) keeps the working
        intervals fetched for the batch and the plans already made: the business clock reads
        each calendar's intervals once per batch and walks them in the pure ``sla.plan_business_hours``,
        with the result ``resource.calendar.plan_hours`` gives. The wall clock (24/7: no
        calendar, or "hours" targets such as critical around the clock) adds hours to the start.
        """
        self.ensure_one()
        start = _aware(self.sla_start_date or fields.Datetime.now())
        if clock == "wall":
            return lambda hours: start + timedelta(hours=hours)
        calendar = self._sla_calendar()
        domain = self._sla_leave_domain(calendar)
        memo = {} if memo is None else memo

        def plan(hours):
            key = (calendar.id, _domain_key(domain), start, round(hours, 6))
            if key not in memo:
                memo[key] = self._sla_plan_batch(calendar, domain, [(start, hours)], memo)[0]
            return memo[key]

        return plan

    @api.model
    def _sla_plan_batch(self, calendar, domain, queries, memo=None):
        """Business deadlines of ``queries`` (``[(aware start, hours)]``) on ``calendar`` with the
        public holidays of ``domain``: ``[aware UTC datetime or None]``, as ``plan_hours`` would.

        The intervals come from ``memo``'s windows (fetched by :meth:`_sla_plan_memo`, or here for a
        start outside them); a deadline past a window's end refetches that window twice as long.
        """
        if not calendar:
            return [None] * len(queries)
        if calendar.flexible_hours:
            # flexible hours spread the week's hours from the start of each window: plan_hours alone knows
            return [
                calendar.plan_hours(hours, start, compute_leaves=True, domain=domain) or None
                for start, hours in queries
            ]
        windows = (memo if memo is not None else {}).setdefault(_WINDOWS, {})
        windows = windows.setdefault((calendar.id, _domain_key(domain)), [])
        result = []
        for start, hours in queries:
            window = next((w for w in windows if w.low <= start < w.high), None)
            if window is None:
                window = _SlaWindow(start, start + PREFETCH_SPAN)
                window.fetch(calendar, domain)
                windows.append(window)
            while True:
                try:
                    result.append(window.plan(start, hours))
                    break
                except sla.BeyondHorizon:
                    window.high = min(
                        max(window.high + (window.high - window.low), start + 2 * (window.high - start)),
                        start + sla.PLAN_HORIZON,
                    )
                    window.fetch(calendar, domain)
        return result

    def _sla_plan_memo(self):
        """A planning memo for the requests in ``self``: each calendar's working intervals (with its
        public holidays) fetched once, over windows that cover the requests' starts.

        Starts are grouped into windows from the first to the last start of a group plus a margin
        (``PREFETCH_SPAN``); a gap longer than the margin starts another window, so a batch of
        requests years apart does not read the years between them.
        """
        memo = {}
        groups = defaultdict(list)
        now = fields.Datetime.now()
        for request in self.sudo():
            calendar = request._sla_calendar()
            if not calendar or calendar.flexible_hours:
                continue
            domain = request._sla_leave_domain(calendar)
            groups[calendar, _domain_key(domain)].append((_aware(request.sla_start_date or now), domain))
        windows = memo.setdefault(_WINDOWS, {})
        for (calendar, key), starts in groups.items():
            starts.sort(key=lambda item: item[0])
            domain = starts[0][1]
            found = windows.setdefault((calendar.id, key), [])
            low = high = None
            for start, _domain in starts:
                if high is not None and start > high + PREFETCH_SPAN:
                    found.append(_SlaWindow(low, high + PREFETCH_SPAN))
                    low = None
                if low is None:
                    low = start
                high = start
            found.append(_SlaWindow(low, high + PREFETCH_SPAN))
            for window in found:
                window.fetch(calendar, domain)
        return memo

    @api.model
    def _sla_warning_share(self):
        value = self.env["ir.config_parameter"].sudo().get_param("addon_amc.sla_warning_percent")
        try:
            percent = float(value) if value else DEFAULT_WARNING_PERCENT
        except ValueError:
            percent = DEFAULT_WARNING_PERCENT
        return percent / 100.0 if 0 < percent < 100 else DEFAULT_WARNING_PERCENT / 100.0

    def _sla_compute_deadlines(self, reset_flags=False):
        """Plan the response and resolution deadlines (and warning dates) of ``self``.

        Targets come from the agreement's policy (or the company default) for
        the request's priority; they are planned from ``sla_start_date`` on
        the agreement's calendar, keeping the pauses. With ``reset_flags``
        (new targets: priority, agreement or policy changed), a warning or
        breach that no longer applies may be notified again later.
        """
        if not self:
            return
        now = fields.Datetime.now()
        share = self._sla_warning_share()
        memo = self._sla_plan_memo()
        for request in self.sudo():
            policy = request.agreement_id._get_sla_policy()
            target = policy._get_target(request.priority) if policy else policy
            calendar = request._sla_calendar()
            vals = {"sla_policy_id": policy.id, "sla_replan_pending": False, "sla_replan_reset": False}
            reset = reset_flags or request.sla_replan_reset
            for kind in sla.KINDS:
                value = target[f"{kind}_time"] if target else 0.0
                unit = target[f"{kind}_unit"] if target else False
                due = warning = False
                hours, clock = 0.0, False
                # business days need a calendar with working hours: no deadline otherwise
                plannable = unit == "hours" or (calendar and (unit != "business_days" or calendar.hours_per_day > 0))
                if value and plannable:
                    hours, clock = sla.target_hours(value, unit, calendar.hours_per_day if calendar else 0.0)
                    plan = request._sla_planner(clock, memo)
                    hour_field = "duration_hours" if clock == "wall" else "business_hours"
                    pauses = [
                        sla.Pause(_aware(pause.date_start), pause[hour_field])
                        for pause in request.sla_pause_ids
                        if pause.date_end
                    ]
                    if kind == "response":
                        done = request.first_response_date or request.resolved_date
                    else:
                        done = request.resolved_date
                    due_aware, paused = sla.deadline(hours, plan, pauses, _aware(done) if done else None)
                    due = _naive(due_aware)
                    warning = _naive(plan(hours * share + paused)) if due_aware else False
                vals.update(
                    {
                        f"sla_{kind}_deadline": due,
                        f"sla_{kind}_warning_date": warning,
                        f"sla_{kind}_target_hours": hours if due else 0.0,
                        f"sla_{kind}_clock": clock if due else False,
                    }
                )
                if reset:
                    if not warning or warning > now:
                        vals[f"sla_{kind}_warned"] = False
                    if not due or due > now:
                        vals[f"sla_{kind}_breach_notified"] = False
            request.with_context(amc_sla_internal=True).write(vals)

    # ------------------------------------------------------------------
    # Re-planning in the background
    # ------------------------------------------------------------------
    def _sla_queue_replan(self, reset_flags=False):
        """Plan the deadlines of these requests again, off the user's call.

        A policy, calendar or holiday change can touch thousands of open requests: they are
        marked (one UPDATE) and the re-planning cron is woken; until it reaches them, their
        badges say "re-planning", so a deadline is never wrong without saying so.
        """
        if not self:
            return
        vals = {"sla_replan_pending": True}
        if reset_flags:
            vals["sla_replan_reset"] = True
        self.sudo().with_context(amc_sla_internal=True).write(vals)
        self.env.ref("addon_amc.amc_request_ir_cron_sla_replan").sudo()._trigger()

    @api.model
    def _cron_sla_replan(self, batch_size=REPLAN_BATCH_SIZE):
        """Re-plan the marked requests in batches, committing each batch with its progress."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        Request = self.sudo()
        domain = Domain("sla_replan_pending", "=", True)
        while True:
            requests = Request.search(domain, limit=batch_size, order="id")
            if not requests:
                return
            requests._sla_compute_deadlines()
            if (
                in_cron
                and self.env["ir.cron"]._commit_progress(len(requests), remaining=Request.search_count(domain)) <= 0
            ):
                return

    # ------------------------------------------------------------------
    # First response
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        pending = self.filtered(lambda request: not request.first_response_date)
        if pending and self._sla_is_public_reply(msg_values):
            pending.sudo().with_context(amc_sla_internal=True).write(
                {"first_response_date": message.date or fields.Datetime.now()}
            )
        return result

    def _sla_is_public_reply(self, msg_values):
        """A comment or an email with the Discussions subtype (not a note) by an internal user."""
        if msg_values.get("message_type") not in ("comment", "email"):
            return False
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        if msg_values.get("subtype_id") != comment:
            return False
        author = self.env["res.partner"].sudo().browse(msg_values.get("author_id"))
        return any(not user.share for user in author.user_ids)

    def action_sla_acknowledge(self):
        """The agent acknowledges the request: this counts as the first response."""
        if self.env.user.share:
            raise AccessError(self.env._("Only internal users can acknowledge a request."))
        todo = self.filtered(lambda request: not request.first_response_date)
        if not todo:
            raise UserError(self.env._("This request has already been responded to."))
        todo.check_access("write")
        now = fields.Datetime.now()
        todo.sudo().with_context(amc_sla_internal=True).write({"first_response_date": now})
        for request in todo:
            request.message_post(body=self.env._("Request acknowledged."), subtype_xmlid="mail.mt_note")
        return True

    # ------------------------------------------------------------------
    # Warnings and breaches
    # ------------------------------------------------------------------
    @api.model
    def _cron_sla_check(self, batch_size=CRON_BATCH_SIZE):
        """Statuses follow the clock; one warning and one breach notice per request and SLA.

        Runs in batches of ``batch_size`` requests; each batch uses the same
        number of queries whatever its size. Inside the cron runner every
        batch is committed (``ir.cron._commit_progress``).
        """
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        while True:
            processed, remaining = self._sla_check_batch(batch_size, count_remaining=in_cron)
            if not in_cron or not processed or not remaining:
                return
            if self.env["ir.cron"]._commit_progress(processed, remaining=remaining) <= 0:
                return

    @api.model
    def _sla_check_domain(self, now):
        """The requests whose warning, deadline or unnotified breach has come: one index range."""
        return Domain("sla_next_check", "<=", now)

    @api.model
    def _sla_check_batch(self, batch_size=CRON_BATCH_SIZE, count_remaining=False):
        now = fields.Datetime.now()
        Request = self.sudo()
        domain = self._sla_check_domain(now)
        requests = Request.search(domain, limit=batch_size, order="id")
        if not requests:
            return 0, 0
        # time passed: statuses of the due requests are computed again (in one batch)
        for kind in sla.KINDS:
            self.env.add_to_compute(self._fields[f"sla_{kind}_status"], requests)
        requests.flush_recordset()
        managers = self._sla_fallback_managers(requests.company_id)
        for kind in sla.KINDS:
            requests._sla_notify(kind, now, managers)
        remaining = Request.search_count(domain) if count_remaining else 0
        return len(requests), remaining

    @api.model
    def _sla_fallback_managers(self, companies):
        """Support managers per company, for agreements without an account manager."""
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("all_group_ids", "in", self.env.ref("addon_amc.group_amc_manager").id),
                    ("share", "=", False),
                    ("company_ids", "in", companies.ids),
                ]
            )
        )
        result = dict.fromkeys(companies, self.env["res.users"])
        for user in users:
            for company in user.company_ids & companies:
                result[company] |= user
        return result

    def _sla_breach_recipients(self, managers):
        """Who is told of a breach: the account manager, else the company's support managers."""
        self.ensure_one()
        account_manager = self.agreement_id.user_id
        if account_manager and account_manager.active and not account_manager.share:
            return account_manager
        return managers.get(self.company_id, self.env["res.users"])

    def _sla_notify(self, kind, now, managers):
        """Warning activities and breach messages/activities of ``kind`` for ``self`` (sudo)."""
        status_field = f"sla_{kind}_status"
        warned_field = f"sla_{kind}_warned"
        notified_field = f"sla_{kind}_breach_notified"
        breached = self.filtered(lambda r: r[status_field] == "breached" and not r[notified_field])
        to_warn = self.filtered(
            lambda r: (
                r[status_field] == "ongoing"
                and not r[warned_field]
                and r[f"sla_{kind}_warning_date"]
                and r[f"sla_{kind}_warning_date"] <= now
            )
        )
        label = self.env._("Response") if kind == "response" else self.env._("Resolution")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        activities = []
        for request in to_warn:
            user = request.user_id or request.agreement_id.user_id
            if not user:
                continue
            activities.append(
                {
                    "res_model_id": model_id,
                    "res_id": request.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._("%(kind)s SLA due soon", kind=label),
                    "note": self.env._(
                        "%(kind)s of %(request)s is due on %(deadline)s.",
                        kind=label,
                        request=request.display_name,
                        deadline=request._sla_format(request[f"sla_{kind}_deadline"]),
                    ),
                }
            )
        bodies = {}
        for request in breached:
            body = self.env._(
                "%(kind)s SLA breached: it was due on %(deadline)s.",
                kind=label,
                deadline=request._sla_format(request[f"sla_{kind}_deadline"]),
            )
            bodies[request.id] = body
            for user in request._sla_breach_recipients(managers):
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": request.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": self.env._("%(kind)s SLA breached", kind=label),
                        "note": body,
                    }
                )
        if bodies:
            breached._message_log_batch(bodies=bodies)
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        Internal = self.sudo().with_context(amc_sla_internal=True)
        if to_warn:
            Internal.browse(to_warn.ids).write({warned_field: True})
        if breached:
            Internal.browse(breached.ids).write({warned_field: True, notified_field: True})

    def _sla_format(self, value):
        """A deadline in the calendar's time zone, for messages."""
        self.ensure_one()
        tz = self._sla_calendar().tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format="medium") if value else ""

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    @api.model
    def _demo_sla_history(self, seed=13):
        """Give the demo requests an SLA history: started on the day of their
        first time entry, answered and resolved some hours or days later, so
        that the SLA analysis shows both met and breached targets.

        Deterministic for a given seed. Finished requests are marked as
        notified: the cron only tells about what happens after the demo loads.
        """
        rng = random.Random(seed)
        now = fields.Datetime.now()
        requests = self.search([("time_entry_ids", "!=", False)], order="id")
        Internal = self.sudo().with_context(amc_sla_internal=True)
        for request in requests:
            day = min(request.time_entry_ids.mapped("date"))
            start = min(datetime.combine(day, time(7, 0)) + timedelta(minutes=rng.randrange(0, 8 * 60)), now)
            vals = {"sla_start_date": start}
            if request.state in DONE_STATES:
                resolved = min(start + timedelta(hours=rng.choice([3, 6, 20, 30, 50, 90, 150, 260])), now)
                vals["resolved_date"] = resolved
                vals["first_response_date"] = min(
                    start + timedelta(hours=rng.choice([0.5, 1, 2, 3, 5, 9, 26])), resolved
                )
            Internal.browse(request.id).write(vals)
        requests._sla_compute_deadlines()
        Internal.browse(requests.filtered(lambda r: r.state in DONE_STATES).ids).write(
            {
                "sla_response_warned": True,
                "sla_response_breach_notified": True,
                "sla_resolution_warned": True,
                "sla_resolution_breach_notified": True,
            }
        )
        return requests

    # ------------------------------------------------------------------
    # Working intervals for the browser's countdowns
    # ------------------------------------------------------------------
    @api.model
    def get_sla_work_intervals(self, calendar_ids, start, end):
        """Working intervals of several calendars, for the SLA countdown badges.

        :param list calendar_ids: ids of ``resource.calendar`` records
        :param str start: UTC datetime ``"YYYY-MM-DD HH:MM:SS"`` (or ISO)
        :param str end: same, after ``start``, at most 93 days later
        :return: ``{calendar_id: [[start_ms, end_ms], ...]}`` (UTC epoch
            milliseconds, sorted, holidays removed), one entry per readable calendar
        """
        self.check_access("read")
        if not isinstance(calendar_ids, (list, tuple)) or not all(isinstance(cid, int) for cid in calendar_ids):
            raise UserError(self.env._("Calendar ids must be a list of integers."))
        if len(calendar_ids) > MAX_INTERVAL_CALENDARS:
            raise UserError(self.env._("Ask for at most %(count)s calendars at once.", count=MAX_INTERVAL_CALENDARS))
        try:
            start_dt = _aware(fields.Datetime.to_datetime(start.replace("T", " ").rstrip("Z")[:19]))
            end_dt = _aware(fields.Datetime.to_datetime(end.replace("T", " ").rstrip("Z")[:19]))
        except (AttributeError, TypeError, ValueError):
            raise UserError(self.env._("Start and end must be UTC datetimes.")) from None
        if not start_dt or not end_dt or end_dt <= start_dt:
            raise UserError(self.env._("The end of the period must come after its start."))
        if end_dt - start_dt > timedelta(days=MAX_INTERVAL_DAYS):
            raise UserError(self.env._("Ask for at most %(days)s days of working hours.", days=MAX_INTERVAL_DAYS))
        # calendars the user may read (multi-company rules), computed as superuser
        calendars = self.env["resource.calendar"].browse(calendar_ids).exists()._filtered_access("read").sudo()
        result = {}
        for calendar in calendars:
            domain = self.env["resource.calendar.leaves"]._amc_public_holiday_domain(calendar, self.env.company)
            intervals = calendar._work_intervals_batch(start_dt, end_dt, domain=domain)[False]
            result[calendar.id] = [
                [int(begin.timestamp() * 1000), int(stop.timestamp() * 1000)]
                for begin, stop, _meta in intervals
                if stop > begin
            ]
        return result
