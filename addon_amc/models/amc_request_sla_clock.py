# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA of support requests: response, resolution and update deadlines on business calendars.

Deadlines are planned on the agreement's working hours (``resource``'s
``plan_hours`` with the company's public holidays), stored on the request's
clocks (``amc.request.sla``, one per target kind), and moved later by the
pauses (``amc.sla.pause``) while the request waits on the customer. The
clocks' statuses are stored computed fields; the cron ``_cron_sla_check``
makes them follow the clock and sends each warning and breach notification
once. The update clock starts again at each public reply.
"""

from collections import defaultdict
from datetime import timedelta

from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_datetime

from ..lib import sla
from .amc_request import DONE_STATES

CRON_BATCH_SIZE = 500
REPLAN_BATCH_SIZE = 200
#: The browser asks for at most this many days of working intervals at once.
MAX_INTERVAL_DAYS = 93
MAX_INTERVAL_CALENDARS = 50

#: A planning batch reads each calendar's working intervals from its first start to its
#: last plus this margin (longer when a deadline lies further).
PREFETCH_SPAN = timedelta(days=21)
_WINDOWS = "amc_sla_windows"


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

    last_update_date = fields.Datetime(
        string="Last Public Update",
        readonly=True,
        copy=False,
        help="Last public reply of an internal user: the update SLA counts from it.",
    )
    sla_ids = fields.One2many("amc.request.sla", "request_id", string="SLA Clocks", readonly=True)
    sla_response_deadline = fields.Datetime(
        string="Response Due",
        compute="_compute_sla_response_deadline",
        help="The deadline of the response clock, for messages (the acknowledgement mail).",
    )
    sla_replan_pending = fields.Boolean(
        string="SLA Re-planning",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Its policy, calendar or holidays changed: the deadlines are being planned again in the "
        "background, and the badges say so until then.",
    )
    sla_replan_reset = fields.Boolean(readonly=True, copy=False)

    @api.depends("sla_ids.kind", "sla_ids.deadline")
    def _compute_sla_response_deadline(self):
        for request in self:
            request.sla_response_deadline = request._sla_clock("response").deadline

    def _sla_clock(self, kind):
        """The clock of ``kind`` of the request (empty when its target has none)."""
        self.ensure_one()
        return self.sla_ids.filtered(lambda clock: clock.kind == kind)[:1]

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
            # no update was owed while the request was resolved: the update clock starts again now, warned and
            # notified anew (it ran from the last update before the resolution, so it was breached at once)
            Internal.browse(reopened.ids).write({"resolved_date": False, "last_update_date": now})
            reopened._sla_restart_update_clocks()
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

    def _sla_planner(self, clock, memo=None, start=None):
        """``plan(hours) -> aware datetime`` from ``start`` (default: the SLA start), on ``clock``:
        the one entry point that turns (calendar, start, hours) into deadlines.

        ``memo`` (a dict shared by a batch, see :meth:`_sla_plan_memo`) keeps the working
        intervals fetched for the batch and the plans already made: the business clock reads
        each calendar's intervals once per batch and walks them in the pure ``sla.plan_business_hours``,
        with the result ``resource.calendar.plan_hours`` gives. The wall clock (24/7: no
        calendar, or "hours" targets such as critical around the clock) adds hours to the start.
        """
        self.ensure_one()
        start = _aware(start or self.sla_start_date or fields.Datetime.now())
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
        return self.env["amc.settings"]._get("sla_warning_percent") / 100.0

    def _sla_clock_start(self, kind):
        """When the clock of ``kind`` starts: the SLA start, or the last public update for updates."""
        self.ensure_one()
        if kind == "update":
            return max(filter(None, (self.sla_start_date, self.last_update_date)))
        return self.sla_start_date

    def _sla_clock_done(self, kind):
        """When the clock of ``kind`` stopped (as ``amc.request.sla.done_date``), or False."""
        self.ensure_one()
        if kind == "response":
            return self.first_response_date or self.resolved_date
        return self.resolved_date

    def _sla_clock_pauses(self, clock, start):
        """The closed pauses, as :class:`sla.Pause` on ``clock``, of the part after ``start``."""
        self.ensure_one()
        hour_field = "duration_hours" if clock == "wall" else "business_hours"
        pauses = []
        for pause in self.sla_pause_ids:
            if not pause.date_end or pause.date_end <= start:
                continue
            if pause.date_start >= start:
                pauses.append(sla.Pause(_aware(pause.date_start), pause[hour_field]))
            elif clock == "wall":  # began before the clock (re)started: only its part after the start counts
                pauses.append(sla.Pause(_aware(start), (pause.date_end - start).total_seconds() / 3600.0))
            else:
                pauses.append(sla.Pause(_aware(start), self._sla_business_hours(start, pause.date_end)))
        return pauses

    def _sla_compute_deadlines(self, reset_flags=False):
        """Plan the clocks (deadline and warning date of each target kind) of ``self``.

        Targets come from the agreement's policy (or the company default) for
        the request's priority; they are planned from the clock's start on
        the agreement's calendar, keeping the pauses. A kind without a target
        has no clock. A warning or breach whose date moved past now is notified
        again when it comes; with ``reset_flags`` (new targets: priority,
        agreement or policy changed) any that no longer applies.
        """
        if not self:
            return
        now = fields.Datetime.now()
        share = self._sla_warning_share()
        memo = self._sla_plan_memo()
        new_clocks = []
        gone = planned = self.env["amc.request.sla"].sudo()
        for request in self.sudo():
            policy = request.agreement_id._get_sla_policy()
            target = policy._get_target(request.priority) if policy else policy
            calendar = request._sla_calendar()
            reset = reset_flags or request.sla_replan_reset
            clocks = {clock.kind: clock for clock in request.sla_ids}
            for kind in sla.KINDS:
                value, unit = target._get_time(kind) if target else (0.0, False)
                due = warning = False
                hours, clock = 0.0, False
                start = request._sla_clock_start(kind)
                # business days need a calendar with working hours: no deadline otherwise
                plannable = unit == "hours" or (calendar and (unit != "business_days" or calendar.hours_per_day > 0))
                if value and plannable:
                    hours, clock = sla.target_hours(value, unit, calendar.hours_per_day if calendar else 0.0)
                    plan = request._sla_planner(clock, memo, start)
                    done = request._sla_clock_done(kind)
                    pauses = request._sla_clock_pauses(clock, start)
                    due_aware, paused = sla.deadline(hours, plan, pauses, _aware(done) if done else None)
                    due = _naive(due_aware)
                    warning = _naive(plan(hours * share + paused)) if due_aware else False
                existing = clocks.get(kind)
                if not due:
                    if existing:
                        gone |= existing
                    continue
                vals = {
                    "start_date": start,
                    "deadline": due,
                    "warning_date": warning,
                    "target_hours": hours,
                    "clock": clock,
                }
                if not existing:
                    new_clocks.append({"request_id": request.id, "kind": kind, **vals})
                    continue
                # a warning or breach that no longer applies (new targets, or a deadline moved later by a
                # holiday or a pause) is notified again when the new one comes
                if reset or (existing.warned and warning and warning > now):
                    if not warning or warning > now:
                        vals["warned"] = False
                if reset or (existing.breach_notified and due > now):
                    if not due or due > now:
                        vals["breach_notified"] = False
                existing.write(vals)
                planned |= existing
            request.with_context(amc_sla_internal=True).write(
                {"sla_policy_id": policy.id, "sla_replan_pending": False, "sla_replan_reset": False}
            )
        if gone:
            gone.unlink()
        if new_clocks:
            planned |= self.env["amc.request.sla"].sudo().create(new_clocks)
        # statuses follow the clock of the planning (a deadline already past is breached now)
        planned.flush_recordset()

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
        if self and self._sla_is_public_reply(msg_values):
            when = message.date or fields.Datetime.now()
            Internal = self.sudo().with_context(amc_sla_internal=True)
            pending = self.filtered(lambda request: not request.first_response_date)
            if pending:
                Internal.browse(pending.ids).write({"first_response_date": when})
            Internal.write({"last_update_date": when})
            # the update clock starts again: a new period, warned and notified anew
            self._sla_restart_update_clocks()
        return result

    def _sla_restart_update_clocks(self):
        """Plan the update clocks of the open requests of ``self`` again from their last update."""
        updating = self.sudo().sla_ids.filtered(lambda clock: clock.kind == "update" and not clock.done_date)
        if updating:
            updating.write({"warned": False, "breach_notified": False})
            updating.request_id._sla_compute_deadlines()

    def _sla_is_public_reply(self, msg_values):
        """A comment or an email with the Discussions subtype (not a note) by the support team."""
        if msg_values.get("message_type") not in ("comment", "email"):
            return False
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        if msg_values.get("subtype_id") != comment:
            return False
        return self._amc_is_team_author(self.env["res.partner"].sudo().browse(msg_values.get("author_id") or []))

    def _amc_is_team_author(self, author):
        """Whether ``author`` writes for the support team: an internal user who does not speak for the
        request's customer. A contact of the customer with an internal account (the portal accepts them)
        writes as the customer: their message neither answers the request nor ends its waiting."""
        if not any(not user.share for user in author.sudo().user_ids):
            return False
        requests = self.sudo()
        customers = requests.customer_id.commercial_partner_id | requests.partner_id.commercial_partner_id
        return author.commercial_partner_id not in customers

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
        """The clocks whose warning, deadline or unnotified breach has come: one index range."""
        return Domain("next_check", "<=", now)

    @api.model
    def _sla_check_batch(self, batch_size=CRON_BATCH_SIZE, count_remaining=False):
        now = fields.Datetime.now()
        Clock = self.env["amc.request.sla"].sudo()
        domain = self._sla_check_domain(now)
        clocks = Clock.search(domain, limit=batch_size, order="id")
        if not clocks:
            return 0, 0
        # time passed: statuses of the due clocks are computed again (in one batch)
        self.env.add_to_compute(Clock._fields["status"], clocks)
        clocks.flush_recordset()
        managers = self._sla_fallback_managers(clocks.company_id)
        for kind in sla.KINDS:
            clocks.filtered(lambda clock, kind=kind: clock.kind == kind)._sla_notify(now, managers)
        remaining = Clock.search_count(domain) if count_remaining else 0
        return len(clocks), remaining

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

    def _sla_format(self, value):
        """A deadline in the calendar's time zone, for messages."""
        self.ensure_one()
        tz = self._sla_calendar().tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format="medium") if value else ""

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
