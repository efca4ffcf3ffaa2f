# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..lib import maintenance

CVE_RE = re.compile(r"^CVE-\d{4}-\d{4,}$")


class AmcPatch(models.Model):
    """A patch to apply on the customer's instance, with its SLA deadline.

    Critical and high patches must be applied within the agreement's number
    of BUSINESS days after release (the agreement's working-hours calendar,
    public holidays included); medium and low ones go into the next monthly
    patch window on or after their release.
    """

    _name = "amc.patch"
    _description = "Patch"
    _inherit = ["amc.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_deadline asc, id desc"
    _rec_name = "title"

    # no check_company: the company comes from the agreement (empty on a new record)
    agreement_id = fields.Many2one("amc.agreement", required=True, ondelete="cascade", index=True, tracking=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Customer")
    title = fields.Char(required=True, tracking=True)
    source = fields.Selection(
        [
            ("odoo_security", "Odoo Security Advisory"),
            ("odoo_fix", "Odoo Bug Fix"),
            ("oca", "OCA"),
            ("own", "Own Code"),
        ],
        required=True,
        default="odoo_fix",
        tracking=True,
    )
    cve = fields.Char(string="CVE", help="e.g. CVE-2025-12345")
    severity = fields.Selection(
        [("critical", "Critical"), ("high", "High"), ("medium", "Medium"), ("low", "Low")],
        required=True,
        default="medium",
        tracking=True,
    )
    release_date = fields.Date(required=True, default=lambda self: self.env.company._amc_today(), tracking=True)
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        help="Critical and high: the agreement's patch SLA in business days after release. "
        "Medium and low: the next monthly patch window on or after release.",
    )
    date_warning = fields.Date(
        string="Warning Date",
        compute="_compute_date_deadline",
        store=True,
        help="The account manager gets a to-do on this day, a few business days before the deadline.",
    )
    warning_sent = fields.Boolean(copy=False, readonly=True)
    applied_date = fields.Date(tracking=True, copy=False)
    applied_by_id = fields.Many2one("res.users", tracking=True, copy=False, check_company=True)
    staging_tested = fields.Boolean(string="Tested on Staging", tracking=True, copy=False)
    rollback_note = fields.Text(help="How to roll the patch back if production misbehaves.")
    description = fields.Html()
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("applied_on_time", "Applied on Time"),
            ("applied_late", "Applied Late"),
            ("overdue", "Overdue"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    is_due_soon = fields.Boolean(
        string="Due Soon",
        compute="_compute_today_flags",
        search="_search_is_due_soon",
        help="Pending, in its warning days and not past its deadline (at its company's today).",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_today_flags",
        search="_search_is_overdue",
        help="Overdue, or still pending past its deadline before the nightly check marked it (at its company's today).",
    )

    _applied_after_release = models.Constraint(
        "CHECK(applied_date IS NULL OR applied_date >= release_date)",
        "A patch cannot be applied before its release.",
    )

    @api.constrains("applied_date")
    def _check_applied_date(self):
        """Applied is a fact, not a plan: a date after the company's today would count the patch done before
        anyone applied it (and take it off the overdue list and the cron's warnings)."""
        todays = self.company_id._amc_todays()
        for patch in self.filtered("applied_date"):
            if patch.applied_date > todays[patch.company_id]:
                raise ValidationError(
                    self.env._(
                        "%(patch)s cannot be applied on %(date)s, a day still to come: set the date once it is "
                        "applied.",
                        patch=patch.display_name,
                        date=patch.applied_date,
                    )
                )

    @api.constrains("cve")
    def _check_cve(self):
        for patch in self:
            if patch.cve and not CVE_RE.match(patch.cve.strip()):
                raise ValidationError(self.env._("%(cve)s is not a CVE identifier (CVE-YYYY-NNNN).", cve=patch.cve))

    # Only the patch's own data triggers this compute: a change of the agreement's SLA,
    # calendar or holidays replans the patches not applied yet (_replan_deadlines), so an
    # applied patch keeps the deadline it was judged against.
    @api.depends("release_date", "severity", "agreement_id")
    def _compute_date_deadline(self):
        warning_days = self.env["amc.settings"]._get("patch_warning_days")
        cache = {}
        for patch in self:
            agreement = patch.agreement_id
            if not patch.release_date or not agreement:
                patch.date_deadline = patch.date_warning = False
                continue
            if patch.severity in ("critical", "high"):
                days = (
                    agreement.patch_sla_critical_days if patch.severity == "critical" else agreement.patch_sla_high_days
                )
                deadline = agreement._add_business_days(patch.release_date, days, cache)
            else:
                deadline = maintenance.next_window_date(patch.release_date, agreement.patch_window_day or 1)
            patch.date_deadline = deadline
            warning = agreement._add_business_days(deadline, -warning_days, cache) if warning_days else deadline
            patch.date_warning = max(warning, patch.release_date)

    def _replan_deadlines(self):
        """Recompute the deadlines of the patches in ``self`` that are not applied yet
        (the agreement's SLA, calendar or holidays changed)."""
        pending = self.filtered(lambda patch: not patch.applied_date)
        if not pending:
            return
        warnings_before = {patch.id: patch.date_warning for patch in pending}
        for fname in ("date_deadline", "date_warning"):
            self.env.add_to_compute(self._fields[fname], pending)
        pending._recompute_recordset(["date_deadline", "date_warning"])
        pending._rearm_moved_warnings(warnings_before)

    def _rearm_moved_warnings(self, warnings_before):
        """A warning whose date moved is armed again; the to-do of the old date goes."""
        moved = self.filtered(lambda patch: patch.date_warning != warnings_before.get(patch.id))
        if moved:
            moved.activity_unlink(["mail.mail_activity_data_todo"])
            moved.warning_sent = False

    def write(self, vals):
        replan = {"release_date", "severity", "agreement_id"} & vals.keys()
        warnings_before = {patch.id: patch.date_warning for patch in self} if replan else {}
        result = super().write(vals)
        if replan:
            self.filtered(lambda patch: not patch.applied_date)._rearm_moved_warnings(warnings_before)
        if vals.get("applied_date"):
            # applied: the "patch due" to-do is done
            self.activity_unlink(["mail.mail_activity_data_todo"])
        return result

    @api.depends("date_deadline", "applied_date")
    def _compute_state(self):
        todays = self.company_id._amc_todays()
        for patch in self:
            patch.state = maintenance.patch_state(todays[patch.company_id], patch.date_deadline, patch.applied_date)

    @api.model
    def _overdue_domain(self, today):
        """Overdue on ``today``: marked overdue, or still pending past its deadline before the cron
        refreshed its state (the dashboard's count and the "Overdue" search filter, one rule). A cancelled or
        ended agreement's patches are owed no more."""
        late = Domain("state", "=", "overdue") | (Domain("state", "=", "pending") & Domain("date_deadline", "<", today))
        return late & Domain("agreement_id.state", "=", "active")

    @api.depends("state", "date_deadline", "date_warning", "agreement_id.state")
    def _compute_today_flags(self):
        """``is_overdue`` and ``is_due_soon``, each patch at its company's today (their domains are the rules)."""
        todays = self.company_id._amc_todays()
        for patch in self:
            today = todays[patch.company_id]
            patch.is_overdue = patch.filtered_domain(self._overdue_domain(today)) == patch
            patch.is_due_soon = patch.filtered_domain(self._due_soon_domain(today)) == patch

    def _search_today_flag(self, condition, operator, value):
        if operator != "in":
            return NotImplemented
        flagged = self.env["res.company"]._amc_today_domain(condition)
        return flagged if True in value else ~flagged

    def _search_is_overdue(self, operator, value):
        return self._search_today_flag(self._overdue_domain, operator, value)

    @api.model
    def _due_soon_domain(self, today):
        """Due soon on ``today``: pending, in its warning days, not past its deadline (the dashboard's count and
        the "Due Soon" search filter, one rule)."""
        return (
            Domain("state", "=", "pending")
            & Domain("date_deadline", ">=", today)
            & Domain("date_warning", "<=", today)
            & Domain("agreement_id.state", "=", "active")
        )

    def _search_is_due_soon(self, operator, value):
        return self._search_today_flag(self._due_soon_domain, operator, value)

    @api.onchange("applied_date")
    def _onchange_applied_date(self):
        if self.applied_date and not self.applied_by_id:
            self.applied_by_id = self.env.user

    def action_mark_applied(self):
        for patch in self:
            if patch.applied_date:
                raise UserError(self.env._("%(patch)s is already applied.", patch=patch.display_name))
            if not patch.staging_tested:
                raise UserError(
                    self.env._("Test %(patch)s on staging before applying it to production.", patch=patch.display_name)
                )
        for company, patches in self.grouped("company_id").items():
            patches.write({"applied_date": company._amc_today(), "applied_by_id": self.env.user.id})
        return True

    def action_reset_applied(self):
        self.write({"applied_date": False, "applied_by_id": False})
        return True

    @api.model
    def _cron_patch_sla(self):
        """Mark overdue patches and warn the account manager before deadlines, once (at the patch's company)."""
        Company = self.env["res.company"]
        late = self.search(
            Domain.AND(
                [
                    [("state", "=", "pending"), ("agreement_id.state", "=", "active")],
                    Company._amc_today_domain(lambda today: [("date_deadline", "<", today)]),
                ]
            )
        )
        if late:
            self.env.add_to_compute(self._fields["state"], late)
            late._recompute_recordset(["state"])
        to_warn = self.search(
            Domain.AND(
                [
                    [("state", "=", "pending"), ("agreement_id.state", "=", "active"), ("warning_sent", "=", False)],
                    Company._amc_today_domain(lambda today: [("date_warning", "<=", today)]),
                ]
            )
        )
        severity_labels = dict(self._fields["severity"]._description_selection(self.env))
        for patch in to_warn:
            patch.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=patch.date_deadline,
                summary=self.env._(
                    "Patch due %(date)s: %(patch)s", date=fields.Date.to_string(patch.date_deadline), patch=patch.title
                ),
                note=self.env._(
                    "%(severity)s patch %(patch)s for %(customer)s must be applied by %(date)s.",
                    severity=severity_labels[patch.severity],
                    patch=patch.title,
                    customer=patch.agreement_id.partner_id.display_name or patch.agreement_id.display_name,
                    date=fields.Date.to_string(patch.date_deadline),
                ),
                user_id=(patch.agreement_id.user_id or self.env.user).id,
            )
        to_warn.warning_sent = True
        return len(late), len(to_warn)
