# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, fields, models, release
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime
from odoo.tools.parse_version import parse_version

from ..lib import maintenance

CRON_FAIL_AFTER_HOURS = 24
DETAILS_LIMIT = 20
DEFAULT_DRIFT_MODELS = (
    "res.company,res.users,res.groups,ir.config_parameter,ir.mail_server,ir.cron,ir.ui.view,stock.location"
)
OPS_PARAMS = {
    # key: (default, minimum)
    "db_size_limit_mb": (20480, 0),
    "filestore_size_limit_mb": (102400, 0),
    "backup_max_age_hours": (26, 1),
    "cron_late_hours": (24, 1),
    "upgrade_planning_weeks": (8, 1),
    "patch_warning_days": (3, 0),
}


def _link(model, record_id, label):
    return Markup('<a href="/odoo/%s/%s">%s</a>') % (model, record_id, label)


def _html_list(items, more_label=None):
    """An HTML list of (already escaped) items, with an optional "and N more" line."""
    if not items:
        return False
    body = Markup("").join(Markup("<li>%s</li>") % item for item in items)
    more = Markup("<p>%s</p>") % more_label if more_label else Markup("")
    return Markup("<ul>%s</ul>%s") % (body, more)


class AmcHealthCheck(models.Model):
    """A health check of THIS Odoo instance for one agreement.

    The automated checks read the instance's own data (scheduled actions,
    database and filestore size, backup reports, module versions,
    configuration changes, support runway of the running series) and grade
    each one ``pass``, ``warn`` or ``fail`` in a result line.
    """

    _name = "amc.health.check"
    _description = "Health Check"
    _inherit = ["amc.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    # no check_company: the company comes from the agreement (empty on a new record)
    agreement_id = fields.Many2one(
        "amc.agreement",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", string="Customer")
    user_id = fields.Many2one(related="agreement_id.user_id", string="Account Manager")
    key_user_ids = fields.Many2many(
        related="agreement_id.support_contact_ids",
        string="Key Users",
        help="The customer's registered key users: the report is sent to them.",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    period_start = fields.Datetime(
        readonly=True,
        help="Changes made after this moment (the previous check, or one interval back) are reviewed.",
    )
    trigger = fields.Selection(
        [("manual", "Manual"), ("scheduled", "Scheduled")], required=True, default="manual", readonly=True
    )
    can_run_again = fields.Boolean(
        compute="_compute_can_run_again",
        help="Only the agreement's latest check can run again; older ones are history.",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], required=True, default="draft", readonly=True)
    result = fields.Selection(
        [("pass", "Pass"), ("warn", "Warning"), ("fail", "Fail")],
        compute="_compute_result",
        store=True,
        index=True,
    )
    line_ids = fields.One2many("amc.health.check.line", "check_id", string="Results", readonly=True)
    fail_count = fields.Integer(compute="_compute_result", store=True)
    warn_count = fields.Integer(compute="_compute_result", store=True)
    db_size_mb = fields.Float(string="Database Size (MB)", readonly=True, digits=(16, 2))
    filestore_size_mb = fields.Float(string="Filestore Size (MB)", readonly=True, digits=(16, 2))
    active_cron_ids = fields.Many2many(
        "ir.cron",
        "amc_health_check_active_cron_rel",
        "check_id",
        "cron_id",
        string="Active Scheduled Actions",
        readonly=True,
        help="Snapshot taken by the check: the next check reports those switched off since.",
    )

    @api.depends("agreement_id.name", "date")
    def _compute_name(self):
        for check in self:
            day = fields.Date.to_string(check.date.date()) if check.date else ""
            check.name = self.env._(
                "Health check %(date)s – %(agreement)s", date=day, agreement=check.agreement_id.name or ""
            )

    @api.depends("state", "line_ids.status")
    def _compute_result(self):
        for check in self:
            statuses = check.line_ids.mapped("status")
            check.fail_count = statuses.count("fail")
            check.warn_count = statuses.count("warn")
            check.result = maintenance.worst(statuses) if check.state == "done" else False

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _get_ops_param(self, name):
        default, minimum = OPS_PARAMS[name]
        value = self.env["ir.config_parameter"].sudo().get_param(f"addon_amc.{name}")
        try:
            number = int(float(value)) if value not in (None, False, "") else default
        except ValueError:
            number = default
        return number if number >= minimum else default

    @api.model
    def _get_runway_window_days(self):
        """Warn about end of support within the upgrade planning period plus 8 weeks (seeds: 4–8)."""
        return (self._get_ops_param("upgrade_planning_weeks") + 8) * 7

    @api.model
    def _get_drift_models(self):
        value = self.env["ir.config_parameter"].sudo().get_param("addon_amc.drift_models", DEFAULT_DRIFT_MODELS)
        names = [name.strip() for name in (value or "").split(",") if name.strip()]
        return [name for name in dict.fromkeys(names) if name in self.env]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_run(self):
        """Run the automated checks (again) and record their results."""
        self.check_access("write")
        self._check_latest_of_agreement()
        self._run_checks()
        return True

    @api.model
    def _latest_done_by_agreement(self, agreements):
        """``{agreement id: id of its latest done check}``, by date then id."""
        latest = {}
        for check in self.sudo().search_fetch(
            [("agreement_id", "in", agreements.ids), ("state", "=", "done")],
            ["agreement_id"],
            order="date desc, id desc",
        ):
            latest.setdefault(check.agreement_id.id, check.id)
        return latest

    @api.depends("state", "date", "agreement_id")
    def _compute_can_run_again(self):
        latest = self._latest_done_by_agreement(self.agreement_id)
        for check in self:
            check.can_run_again = check.state == "done" and latest.get(check.agreement_id.id) == check.id

    def _check_latest_of_agreement(self):
        """Only the latest done check of an agreement may run again: running an
        older one would re-date it and make it the agreement's latest check."""
        done = self.filtered(lambda check: check.state == "done")
        if not done:
            return
        latest = self._latest_done_by_agreement(done.agreement_id)
        for check in done:
            if latest.get(check.agreement_id.id) != check.id:
                raise UserError(
                    self.env._(
                        "Only the latest health check of %(agreement)s can run again: %(check)s is older. "
                        "Run a new health check from the agreement instead.",
                        agreement=check.agreement_id.display_name,
                        check=check.display_name,
                    )
                )

    def action_send_email(self):
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Run the health check before sending its report."))
        template = self.env.ref("addon_amc.amc_health_check_mail_template", raise_if_not_found=False)
        return {
            "name": self.env._("Send Health Check Report"),
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def _mail_get_partner_fields(self, introspect_fields=False):
        # the report goes to the customer's key users (agreement.support_contact_ids)
        return ["key_user_ids"]

    # ------------------------------------------------------------------
    # Running the checks
    # ------------------------------------------------------------------
    def _run_checks(self):
        """Measure the instance once, grade every check of every record, in batch."""
        if not self:
            return
        now = fields.Datetime.now()
        checks = self.sudo()
        checks.line_ids.unlink()
        facts = checks._collect_instance_facts(now)
        previous_by_check = checks._get_previous_checks()
        periods = {}
        for check in checks:
            previous = previous_by_check.get(check)
            if previous:
                periods[check] = previous.date
            else:
                interval = check.agreement_id.health_check_interval
                months = maintenance.INTERVAL_MONTHS.get(interval, 1)
                periods[check] = fields.Datetime.subtract(check.date or now, months=months)
        drift = checks._collect_drift(min(periods.values()))
        backups = checks.agreement_id._get_backup_summary()
        line_vals = []
        for check in checks:
            previous = previous_by_check.get(check)
            since = periods[check]
            results = [
                *check._grade_crons(facts, since, previous),
                check._grade_size(
                    "db_size", facts["db_size_mb"], previous and previous.db_size_mb, facts["db_size_limit_mb"]
                ),
                check._grade_size(
                    "filestore_size",
                    facts["filestore_size_mb"],
                    previous and previous.filestore_size_mb,
                    facts["filestore_size_limit_mb"],
                ),
                check._grade_backup(backups.get(check.agreement_id.id), now, facts["backup_max_age_hours"]),
                check._grade_modules(facts),
                check._grade_drift(drift, since),
                check._grade_runway(facts),
            ]
            for sequence, vals in enumerate(results):
                line_vals.append({**vals, "check_id": check.id, "sequence": sequence})
            check.write(
                {
                    "state": "done",
                    "date": now,
                    "period_start": since,
                    "db_size_mb": facts["db_size_mb"],
                    "filestore_size_mb": facts["filestore_size_mb"],
                    "active_cron_ids": [fields.Command.set(facts["active_cron_ids"])],
                }
            )
        self.env["amc.health.check.line"].sudo().create(line_vals)
        checks._schedule_follow_up()

    def _get_previous_checks(self):
        """The last done check of each check's agreement before it."""
        previous = {}
        candidates = self.search(
            [("agreement_id", "in", self.agreement_id.ids), ("state", "=", "done"), ("id", "not in", self.ids)],
            order="date desc, id desc",
        )
        by_agreement = defaultdict(list)
        for candidate in candidates:
            by_agreement[candidate.agreement_id].append(candidate)
        for check in self:
            reference = check.date or fields.Datetime.now()
            previous[check] = next(
                (candidate for candidate in by_agreement[check.agreement_id] if candidate.date <= reference),
                self.browse(),
            )
        return previous

    @api.model
    def _collect_instance_facts(self, now):
        """Everything the checks measure on the instance as a whole, once per run."""
        env = self.sudo().env
        Cron = env["ir.cron"].with_context(active_test=False)
        crons = Cron.search_fetch(
            [],
            [
                "name",
                "active",
                "failure_count",
                "first_failure_date",
                "nextcall",
                "lastcall",
                "write_date",
                "write_uid",
            ],
        )
        self.env.cr.execute(SQL("SELECT pg_database_size(current_database())"))
        db_size = self.env.cr.fetchone()[0] or 0
        self.env.cr.execute(SQL("SELECT COALESCE(SUM(file_size), 0) FROM ir_attachment WHERE store_fname IS NOT NULL"))
        filestore_size = self.env.cr.fetchone()[0] or 0
        Module = env["ir.module.module"]
        installed = Module.search_fetch([("state", "=", "installed")], ["name", "shortdesc", "latest_version"])
        outdated = installed.filtered(
            lambda module: (
                module.latest_version
                and module.installed_version
                and parse_version(module.installed_version) != parse_version(module.latest_version)
            )
        )
        pending = Module.search_fetch(
            [("state", "in", ("to install", "to upgrade", "to remove"))], ["name", "shortdesc", "state"]
        )
        return {
            "now": now,
            "crons": crons,
            "active_cron_ids": crons.filtered("active").ids,
            "db_size_mb": db_size / (1024.0 * 1024.0),
            "filestore_size_mb": filestore_size / (1024.0 * 1024.0),
            "outdated_modules": outdated,
            "pending_modules": pending,
            "running_version": env["amc.odoo.version"]._get_running(),
            "db_size_limit_mb": self._get_ops_param("db_size_limit_mb"),
            "filestore_size_limit_mb": self._get_ops_param("filestore_size_limit_mb"),
            "backup_max_age_hours": self._get_ops_param("backup_max_age_hours"),
            "cron_late_hours": self._get_ops_param("cron_late_hours"),
            "runway_warn_days": self._get_runway_window_days(),
        }

    def _format_dt(self, value):
        return format_datetime(self.env, value, dt_format="short") if value else ""

    def _details(self, items, total):
        """The first DETAILS_LIMIT items as an HTML list, and how many were left out."""
        shown = items[:DETAILS_LIMIT]
        more = self.env._("… and %(count)s more.", count=total - len(shown)) if total > len(shown) else None
        return _html_list(shown, more)

    # --- scheduled actions ------------------------------------------------
    def _grade_crons(self, facts, since, previous):
        self.ensure_one()
        now = facts["now"]
        crons = facts["crons"]
        failing = crons.filtered(lambda cron: cron.active and cron.failure_count > 0)
        failing_items = [
            Markup("%s — %s")
            % (
                _link("ir.cron", cron.id, cron.name),
                self.env._(
                    "failed %(count)s times in a row since %(since)s",
                    count=cron.failure_count,
                    since=self._format_dt(cron.first_failure_date) or "?",
                ),
            )
            for cron in failing
        ]
        failure_status = maintenance.cron_failure_status(
            now, failing.mapped("first_failure_date"), CRON_FAIL_AFTER_HOURS
        )
        oldest = min((date for date in failing.mapped("first_failure_date") if date), default=None)
        failures = {
            "code": "cron_failures",
            "status": failure_status,
            "value": self.env._(
                "%(count)s failing, the oldest for %(hours)s h",
                count=len(failing),
                hours=round((now - oldest).total_seconds() / 3600) if oldest else 0,
            )
            if failing
            else self.env._("none failing"),
            "threshold": self.env._("fail after %(hours)s h of failures", hours=CRON_FAIL_AFTER_HOURS),
            "advice": self.env._(
                "Read the server log around the first failure and fix the job before Odoo switches it off "
                "(after 5 failures over 7 days)."
            )
            if failing
            else False,
            "details": self._details(failing_items, len(failing_items)),
        }

        # Switched off: (1) exact between two checks: active in the previous
        # check's snapshot and inactive now; (2) otherwise from the cron's own
        # data, as ir.cron has no tracking: inactive crons that ran in the
        # period (Odoo's automatic switch-off after repeated failures is a SQL
        # UPDATE that leaves write_date alone, but lastcall is written by every
        # run) or that an internal user edited in the period (a manual switch-off
        # through the ORM sets write_date/write_uid; module loading by the
        # superuser is ignored).
        # (the snapshot's crons may be archived since: read it with active_test off)
        snapshot = set(previous.with_context(active_test=False).active_cron_ids.ids) if previous else set()
        switched_items, switched_count = [], 0
        for cron in crons.filtered(lambda cron: not cron.active):
            reason = None
            if cron.id in snapshot:
                reason = self.env._("active at the previous check")
            elif cron.lastcall and cron.lastcall >= since:
                reason = self.env._("last ran %(date)s", date=self._format_dt(cron.lastcall))
            elif cron.write_date and cron.write_date >= since and cron.write_uid.id != SUPERUSER_ID:
                reason = self.env._(
                    "edited by %(user)s on %(date)s", user=cron.write_uid.name, date=self._format_dt(cron.write_date)
                )
            if reason:
                switched_count += 1
                if len(switched_items) < DETAILS_LIMIT:
                    switched_items.append(Markup("%s — %s") % (_link("ir.cron", cron.id, cron.name), reason))
        switched = {
            "code": "cron_switched_off",
            "status": "warn" if switched_count else "pass",
            "value": self.env._("%(count)s switched off", count=switched_count),
            "threshold": self.env._("since %(date)s", date=self._format_dt(since)),
            "advice": self.env._(
                "Check that each job was switched off on purpose; a job Odoo switched off after failures "
                "stays off until someone fixes and reactivates it."
            )
            if switched_count
            else False,
            "details": self._details(switched_items, switched_count),
        }

        late_limit = now - timedelta(hours=facts["cron_late_hours"])
        late = crons.filtered(lambda cron: cron.active and cron.nextcall and cron.nextcall < late_limit)
        late_items = [
            Markup("%s — %s")
            % (
                _link("ir.cron", cron.id, cron.name),
                self.env._("due since %(date)s", date=self._format_dt(cron.nextcall)),
            )
            for cron in late[:DETAILS_LIMIT]
        ]
        late_line = {
            "code": "cron_late",
            "status": "fail" if late else "pass",
            "value": self.env._("%(count)s late", count=len(late)),
            "threshold": self.env._("due more than %(hours)s h ago", hours=facts["cron_late_hours"]),
            "advice": self.env._(
                "Jobs far past their next run mean the cron runner is down: check the server's "
                "--max-cron-threads and its worker processes."
            )
            if late
            else False,
            "details": self._details(late_items, len(late)),
        }
        return [failures, switched, late_line]

    # --- sizes -------------------------------------------------------------
    def _grade_size(self, code, size_mb, previous_mb, limit_mb):
        self.ensure_one()
        growth = maintenance.growth_percent(previous_mb, size_mb)
        value = maintenance.format_size(size_mb)
        if growth is not None:
            value = self.env._(
                "%(size)s (%(growth)+.1f%% since the last check, was %(previous)s)",
                size=value,
                growth=growth,
                previous=maintenance.format_size(previous_mb),
            )
        status = maintenance.size_status(size_mb, limit_mb)
        advice = False
        if status != "pass":
            advice = self.env._(
                "Above %(ratio)s%% of the limit: plan disk space, archive or purge old data "
                "(attachments, mail, logs) and review the backup duration.",
                ratio=round(maintenance.SIZE_WARN_RATIO * 100),
            )
        return {
            "code": code,
            "status": status,
            "value": value,
            "threshold": maintenance.format_size(limit_mb) if limit_mb > 0 else self.env._("no limit"),
            "advice": advice,
            "details": False,
        }

    # --- backups -----------------------------------------------------------
    def _grade_backup(self, summary, now, max_age_hours):
        self.ensure_one()
        summary = summary or {}
        status, reason = maintenance.backup_status(
            now,
            summary.get("last_success"),
            summary.get("last_ok"),
            max_age_hours,
            monitored=bool(summary.get("monitored")),
        )
        advice = {
            "ok": False,
            "not_monitored": self.env._(
                "No backup job reports here: generate a backup token on the agreement and let the backup "
                "script report each run."
            ),
            "never": self.env._("A backup token exists but no backup has ever reported: check the backup job."),
            "last_failed": self.env._("The last backup failed: read its message, fix it and run a backup now."),
            "too_old": self.env._("No successful backup within the allowed age: check the backup schedule."),
        }[reason]
        last = summary.get("last")
        value = self.env._("no backup reported")
        details = False
        if last:
            value = self.env._(
                "last run %(date)s: %(status)s; last success %(success)s",
                date=self._format_dt(last.finished_at),
                status=dict(last._fields["status"]._description_selection(self.env))[last.status],
                success=self._format_dt(summary.get("last_success")) or self.env._("never"),
            )
            details = _html_list(
                [
                    Markup("%s — %s %s")
                    % (
                        _link("amc.backup.log", last.id, self._format_dt(last.finished_at)),
                        maintenance.format_size(last.size_mb),
                        escape(last.message or ""),
                    )
                ]
            )
        return {
            "code": "backup",
            "status": status,
            "value": value,
            "threshold": self.env._("a success within %(hours)s h", hours=max_age_hours),
            "advice": advice,
            "details": details,
        }

    # --- modules -----------------------------------------------------------
    def _grade_modules(self, facts):
        outdated, pending = facts["outdated_modules"], facts["pending_modules"]
        state_labels = dict(pending._fields["state"]._description_selection(self.env)) if pending else {}
        items = [
            Markup("%s — %s")
            % (
                _link("ir.module.module", module.id, module.shortdesc or module.name),
                self.env._(
                    "%(name)s: %(installed)s installed, %(files)s on disk",
                    name=module.name,
                    installed=module.latest_version,
                    files=module.installed_version,
                ),
            )
            for module in outdated
        ] + [
            Markup("%s — %s")
            % (
                _link("ir.module.module", module.id, module.shortdesc or module.name),
                self.env._("%(name)s is left in state %(state)s", name=module.name, state=state_labels[module.state]),
            )
            for module in pending
        ]
        count = len(outdated) + len(pending)
        return {
            "code": "module_updates",
            "status": "warn" if count else "pass",
            "value": self.env._(
                "%(outdated)s to update, %(pending)s left pending", outdated=len(outdated), pending=len(pending)
            ),
            "threshold": self.env._("none"),
            "advice": self.env._(
                "Update the listed modules (odoo -u) in the next patch window after testing on staging; "
                "modules left 'to install/upgrade/remove' come from an interrupted operation."
            )
            if count
            else False,
            "details": self._details(items, count),
        }

    # --- configuration drift -------------------------------------------
    @api.model
    def _collect_drift(self, since):
        """Records of the configuration models created or changed after ``since``
        by internal users (the superuser/OdooBot, which loads modules and runs
        crons, and portal users are left out). Fixed queries per model.

        Each change records the companies it belongs to (``company_ids``), so
        that a check only reports its agreement's company (see _grade_drift):
        res.company: the company itself; res.users: the user's companies;
        models with a company_id: that company, or None for a shared record
        (no company: every company's users can read it anyway); models
        without a company (ir.config_parameter, ir.cron, ir.ui.view,
        ir.mail_server, res.groups): None. Those are the instance's own
        technical settings, which act on every company of this instance, like
        the scheduled actions, modules and sizes that every check reports; a
        change shows only the record's name and who changed it, never a value.
        """
        env = self.sudo().with_context(active_test=False).env
        users = env["res.users"].search([("share", "=", False), ("id", "!=", SUPERUSER_ID)])
        uids = users.ids
        drift = []
        for model_name in self._get_drift_models():
            Model = env[model_name]
            if not Model._log_access or Model._abstract:
                continue
            domain = [
                "|",
                "&",
                ("create_date", ">", since),
                ("create_uid", "in", uids),
                "&",
                ("write_date", ">", since),
                ("write_uid", "in", uids),
            ]
            if model_name == "ir.ui.view":
                # only views edited in the UI: not loaded from a module file, or changed since
                domain += ["|", ("arch_fs", "=", False), ("arch_updated", "=", True)]
            records = Model.search(domain, order="write_date desc, id desc")
            if model_name == "stock.location" and "stock.putaway.rule" in env:
                records = self._filter_locations_without_putaway(records)
            description = env["ir.model"]._get(model_name).name or model_name
            internal = set(uids)
            by_company = getattr(Model._fields.get("company_id"), "comodel_name", None) == "res.company"
            for record in records:
                if model_name == "res.company":
                    company_ids = {record.id}
                elif model_name == "res.users":
                    company_ids = set(record.company_ids.ids)
                elif by_company and record.company_id:
                    company_ids = {record.company_id.id}
                else:
                    company_ids = None  # shared record or instance-wide technical data
                drift.append(
                    {
                        "model": model_name,
                        "model_label": description,
                        "id": record.id,
                        "name": record.display_name,
                        "create_date": record.create_date if record.create_uid.id in internal else None,
                        "create_user": record.create_uid.name,
                        # users editing their own preferences are not configuration drift
                        "write_date": record.write_date
                        if record.write_uid.id in internal
                        and not (model_name == "res.users" and record.write_uid.id == record.id)
                        else None,
                        "write_user": record.write_uid.name,
                        "company_ids": company_ids,
                    }
                )
        return drift

    @api.model
    def _filter_locations_without_putaway(self, locations):
        """Internal locations that no putaway rule sends goods to or from."""
        locations = locations.filtered(lambda location: location.usage == "internal")
        if not locations:
            return locations
        rules = (
            self.env["stock.putaway.rule"]
            .sudo()
            .search_fetch(
                ["|", ("location_in_id", "in", locations.ids), ("location_out_id", "in", locations.ids)],
                ["location_in_id", "location_out_id"],
            )
        )
        covered = set(rules.location_in_id.ids) | set(rules.location_out_id.ids)
        return locations.filtered(lambda location: location.id not in covered)

    def _grade_drift(self, drift, since):
        self.ensure_one()
        changes = []
        for change in drift:
            if change["company_ids"] is not None and self.company_id.id not in change["company_ids"]:
                continue  # another company's record
            if change["write_date"] and change["write_date"] > since and change["write_date"] != change["create_date"]:
                what = self.env._(
                    "changed by %(user)s on %(date)s",
                    user=change["write_user"],
                    date=self._format_dt(change["write_date"]),
                )
            elif change["create_date"] and change["create_date"] > since:
                what = self.env._(
                    "created by %(user)s on %(date)s",
                    user=change["create_user"],
                    date=self._format_dt(change["create_date"]),
                )
            else:
                continue
            changes.append((change, what))
        items = [
            Markup("%s: %s — %s") % (change["model_label"], _link(change["model"], change["id"], change["name"]), what)
            for change, what in changes[:DETAILS_LIMIT]
        ]
        models_changed = sorted({change["model_label"] for change, _what in changes})
        advice = False
        if changes:
            advice = self.env._(
                "Review each change with the key users: configuration changed outside a change request "
                "is the usual cause of problems found later (e.g. a stock location without putaway rules)."
            )
        return {
            "code": "config_drift",
            "status": "warn" if changes else "pass",
            "value": self.env._("%(count)s changes in %(models)s", count=len(changes), models=", ".join(models_changed))
            if changes
            else self.env._("no changes"),
            "threshold": self.env._("since %(date)s", date=self._format_dt(since)),
            "advice": advice,
            "details": self._details(items, len(changes)),
        }

    # --- version runway ------------------------------------------------
    def _grade_runway(self, facts):
        self.ensure_one()
        version = facts["running_version"]
        today = fields.Date.context_today(self)
        status = maintenance.runway_status(today, version.end_of_support, facts["runway_warn_days"])
        if version.end_of_support:
            days = (version.end_of_support - today).days
            value = self.env._(
                "%(series)s: support ends %(date)s (%(days)s days)",
                series=release.serie,
                date=fields.Date.to_string(version.end_of_support),
                days=days,
            )
        else:
            value = self.env._("%(series)s: end of support unknown", series=release.serie)
        advice = False
        if status == "fail":
            advice = self.env._("This series no longer gets security fixes: upgrade now.")
        elif status == "warn" and version.end_of_support:
            advice = self.env._(
                "Support ends within the upgrade planning window: create an upgrade plan so that "
                "testing starts before the end of support forces an emergency upgrade."
            )
        elif status == "warn":
            advice = self.env._(
                "Add the series %(series)s and its end of support to the Odoo versions.", series=release.serie
            )
        recorded = self.agreement_id.odoo_version_id
        if recorded and recorded.series != release.serie:
            note = self.env._("The agreement records series %(series)s.", series=recorded.series)
            advice = f"{advice} {note}" if advice else note
        return {
            "code": "version_runway",
            "status": status,
            "value": value,
            "threshold": self.env._("warn %(days)s days before the end", days=facts["runway_warn_days"]),
            "advice": advice,
            "details": _html_list([_link("amc.odoo.version", version.id, version.series)]) if version else False,
        }

    # ------------------------------------------------------------------
    # Follow-up
    # ------------------------------------------------------------------
    def _schedule_follow_up(self):
        """At most one open follow-up to-do per agreement, for its account manager.

        The latest check of each agreement with warnings or failures carries it;
        the follow-ups of the agreement's other checks are closed (a lasting
        problem does not pile up a to-do per check), and all are closed when the
        latest check passes."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        latest = {}
        for check in self.sorted(lambda check: (check.date, check.id)):
            latest[check.agreement_id] = check
        followed = self.sudo().search(
            [
                ("agreement_id", "in", self.agreement_id.ids),
                ("activity_ids", "any", [("activity_type_id", "=", todo.id), ("automated", "=", True)]),
            ]
        )
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", followed.ids),
                    ("activity_type_id", "=", todo.id),
                    ("automated", "=", True),
                ],
                ["res_id"],
            )
        )
        has_activity = set()
        to_close = self.env["mail.activity"].sudo()
        keepers = {check.id for check in latest.values() if any(line.status != "pass" for line in check.line_ids)}
        for activity in open_activities:
            if activity.res_id in keepers and activity.res_id not in has_activity:
                has_activity.add(activity.res_id)
            else:
                to_close |= activity
        if to_close:
            to_close.action_feedback(feedback=self.env._("Superseded by the agreement's latest health check."))
        status_labels = dict(self.env["amc.health.check.line"]._fields["status"]._description_selection(self.env))
        code_labels = dict(self.env["amc.health.check.line"]._fields["code"]._description_selection(self.env))
        for check in self:
            problems = check.line_ids.filtered(lambda line: line.status != "pass")
            if not problems:
                continue
            items = Markup("").join(
                Markup("<li>%s: %s — %s</li>") % (status_labels[line.status], code_labels[line.code], line.value or "")
                for line in problems
            )
            note = Markup("<ul>%s</ul>") % items
            summary = self.env._(
                "Health check: %(fail)s failed, %(warn)s warnings", fail=check.fail_count, warn=check.warn_count
            )
            check.message_post(body=Markup("<p>%s</p>%s") % (summary, note), subtype_xmlid="mail.mt_note")
            if check.id not in keepers or check.id in has_activity:
                continue
            check.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=(check.agreement_id.user_id or self.env.user).id,
            )
