# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One SLA clock of a request: its response, its resolution or its customer updates.

As Odoo Helpdesk's ``helpdesk.sla.status``: one record per request and target
kind, planned by the request (``amc.request._sla_compute_deadlines``), read by
the badges, the cron, the analysis and the dashboard. Everything here is
written by the module only (read-only for everybody).
"""

from odoo import api, fields, models

from ..lib import sla


class AmcRequestSla(models.Model):
    _name = "amc.request.sla"
    _inherit = ["amc.guard.mixin"]
    _description = "SLA Clock of a Request"
    _order = "request_id, id"
    _rec_name = "kind"

    request_id = fields.Many2one("amc.request", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    kind = fields.Selection(sla.KIND_SELECTION, string="SLA", required=True, readonly=True)
    start_date = fields.Datetime(
        string="Clock Start",
        readonly=True,
        help="When the clock started: the creation of the request, or the last public reply for updates.",
    )
    deadline = fields.Datetime(string="Due", readonly=True, index=True)
    warning_date = fields.Datetime(readonly=True)
    target_hours = fields.Float(readonly=True, help="Size of the target, in hours of its clock.")
    clock = fields.Selection(sla.CLOCK_SELECTION, readonly=True)
    done_date = fields.Datetime(
        string="Done",
        compute="_compute_done_date",
        store=True,
        index=True,
        help="When the clock stopped: the first response (or the resolution) for the response, "
        "the resolution for the others.",
    )
    status = fields.Selection(sla.STATUS_SELECTION, compute="_compute_status", store=True, index=True)
    shows_badge = fields.Boolean(
        compute="_compute_shows_badge",
        help="The clock shows a countdown badge (back office and portal): see sla.shows_badge.",
    )
    warned = fields.Boolean(readonly=True)
    breach_notified = fields.Boolean(readonly=True)
    next_check = fields.Datetime(
        compute="_compute_next_check",
        store=True,
        index="btree_not_null",
        help="When the SLA cron looks at the clock next: its warning, its deadline or its "
        "unnotified breach. Empty while nothing can happen to it.",
    )

    _request_kind_unique = models.Constraint(
        "UNIQUE(request_id, kind)",
        "A request has one clock of each kind.",
    )

    @api.depends("kind", "request_id.first_response_date", "request_id.resolved_date")
    def _compute_done_date(self):
        for clock in self:
            clock.done_date = clock.request_id._sla_clock_done(clock.kind)

    @api.depends(
        "deadline",
        "done_date",
        "request_id.state",
        "request_id.sla_pause_ids.date_start",
        "request_id.sla_pause_ids.date_end",
    )
    def _compute_status(self):
        now = fields.Datetime.now()
        for clock in self:
            request = clock.request_id
            paused_since = False
            if request.state == "waiting":
                open_pauses = request.sla_pause_ids.filtered(lambda pause: not pause.date_end)
                paused_since = min(open_pauses.mapped("date_start"), default=now)
            clock.status = sla.status(clock.deadline, clock.done_date, now, paused_since)

    @api.depends("kind", "deadline", "done_date")
    def _compute_shows_badge(self):
        for clock in self:
            clock.shows_badge = sla.shows_badge(clock.kind, clock.deadline, clock.done_date)

    @api.depends("status", "deadline", "warning_date", "warned", "breach_notified", "request_id.agreement_id.state")
    def _compute_next_check(self):
        for clock in self:
            if clock.request_id.agreement_id.state != "active":
                # the agreement ended or was cancelled: no SLA is owed any more, nothing is warned or breached
                clock.next_check = False
                continue
            clock.next_check = (
                sla.next_check(clock.status, clock.deadline, clock.warning_date, clock.warned, clock.breach_notified)
                or False
            )

    @api.depends("kind")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for clock in self:
            clock.display_name = labels.get(clock.kind, clock.kind or "")

    def _kind_label(self):
        """The translated name of the clock's kind, for messages and badges."""
        self.ensure_one()
        return self.display_name

    def _sla_notify(self, now, managers):
        """Warning activities and breach messages/activities for these clocks of one kind (sudo).

        :param dict managers: support managers per company, for agreements without an account manager
        """
        breached = self.filtered(lambda clock: clock.status == "breached" and not clock.breach_notified)
        to_warn = self.filtered(
            lambda clock: (
                clock.status == "ongoing" and not clock.warned and clock.warning_date and clock.warning_date <= now
            )
        )
        if not breached and not to_warn:
            return
        label = (breached or to_warn)[0]._kind_label()
        Request = self.env["amc.request"]
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(Request._name)
        # due today at the request's company, whoever runs the check
        todays = (breached | to_warn).company_id._amc_todays()
        activities = []
        for clock in to_warn:
            request = clock.request_id
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
                    "date_deadline": todays[clock.company_id],
                    "summary": self.env._("%(kind)s SLA due soon", kind=label),
                    "note": self.env._(
                        "%(kind)s of %(request)s is due on %(deadline)s.",
                        kind=label,
                        request=request.display_name,
                        deadline=request._sla_format(clock.deadline),
                    ),
                }
            )
        bodies = {}
        for clock in breached:
            request = clock.request_id
            body = self.env._(
                "%(kind)s SLA breached: it was due on %(deadline)s.",
                kind=label,
                deadline=request._sla_format(clock.deadline),
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
                        "date_deadline": todays[clock.company_id],
                        "summary": self.env._("%(kind)s SLA breached", kind=label),
                        "note": body,
                    }
                )
        if bodies:
            breached.request_id._message_log_batch(bodies=bodies)
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(activities)
        if to_warn:
            to_warn.sudo().write({"warned": True})
        if breached:
            breached.sudo().write({"warned": True, "breach_notified": True})
