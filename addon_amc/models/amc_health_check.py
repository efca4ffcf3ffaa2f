# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime

from ..lib import instance_grading, maintenance

CRON_FAIL_AFTER_HOURS = 24
DETAILS_LIMIT = 20


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
    """A health check of an agreement's instances.

    Each active instance of the agreement reports its facts (a customer's
    database over HTTP, or this database collected locally); the check grades
    the latest report of each (lib/instance_grading.py) into result lines, one
    per check and instance, next to the agreement's backup reports.
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
        compute="_compute_is_latest",
        help="Only the agreement's latest check can run again; older ones are history.",
    )
    is_latest = fields.Boolean(
        string="Latest of Its Agreement",
        compute="_compute_is_latest",
        search="_search_is_latest",
        help="The agreement's latest done check: what the dashboard's health figures read.",
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
    def _get_runway_window_days(self):
        """Warn about end of support within the upgrade planning period plus 8 weeks (seeds: 4–8)."""
        return (self.env["amc.settings"]._get("upgrade_planning_weeks") + 8) * 7

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

    @api.model
    def _latest_done_query(self):
        """SQL of the ids of each agreement's latest done check (by date, then id) among those the user may
        read: one set-based query, whatever the number of agreements (the dashboard's and the filter's)."""
        self.flush_model(["agreement_id", "date", "state"])
        done = self._search([("state", "=", "done")])
        return SQL(
            "SELECT DISTINCT ON (c.agreement_id) c.id FROM amc_health_check c WHERE c.id IN %s "
            "ORDER BY c.agreement_id, c.date DESC, c.id DESC",
            done.subselect(),
        )

    def _search_is_latest(self, operator, value):
        if operator != "in":
            return NotImplemented
        ids = [row[0] for row in self.env.execute_query(self._latest_done_query())]
        return Domain("id", "in", ids) if True in value else Domain("id", "not in", ids)

    @api.depends("state", "date", "agreement_id")
    def _compute_is_latest(self):
        """The latest done check of its agreement, which alone can run again."""
        latest = self._latest_done_by_agreement(self.agreement_id)
        for check in self:
            check.is_latest = check.can_run_again = (
                check.state == "done" and latest.get(check.agreement_id.id) == check.id
            )

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
        """Grade the latest report of each active instance of each check's agreement.

        Local instances ("This database") are collected first, without HTTP.
        Lines: the agreement's backups, then per instance "instance reporting"
        and, when it has a report, the checks graded from it (lib/instance_grading).
        """
        if not self:
            return
        now = fields.Datetime.now()
        checks = self.sudo()
        checks.line_ids.unlink()
        instances = checks.agreement_id.instance_ids.filtered("active")
        instances._collect_local_reports()
        reports = instances.last_report_id
        period_starts = {
            report: fields.Datetime.subtract(
                check.date or now, months=maintenance.INTERVAL_MONTHS.get(check.agreement_id.health_check_interval, 1)
            )
            for check in checks
            for report in reports
            if report.instance_id.agreement_id == check.agreement_id
        }
        periods = self._report_periods(period_starts)
        backups = checks.agreement_id._get_backup_summary()
        Settings = self.env["amc.settings"]
        limits = {
            "db_size_limit_mb": Settings._get("db_size_limit_mb"),
            "filestore_size_limit_mb": Settings._get("filestore_size_limit_mb"),
            "cron_late_hours": Settings._get("cron_late_hours"),
            "runway_warn_days": self._get_runway_window_days(),
            "silent_hours": Settings._get("instance_silent_hours"),
        }
        versions = {
            version.series: version
            for version in self.env["amc.odoo.version"].with_context(active_test=False).search([])
        }
        line_vals = []
        results_by_instance = {}
        graded = self.env["amc.instance.report"].sudo()
        for check in checks:
            interval = check.agreement_id.health_check_interval
            since = fields.Datetime.subtract(check.date or now, months=maintenance.INTERVAL_MONTHS.get(interval, 1))
            results = [
                check._grade_backup(backups.get(check.agreement_id.id), now, Settings._get("backup_max_age_hours"))
            ]
            own = instances.filtered(lambda instance, check=check: instance.agreement_id == check.agreement_id)
            if not own:
                results.append(check._render_no_instance())
            for instance in own.sorted(lambda instance: (instance.role != "production", instance.name, instance.id)):
                report = instance.last_report_id
                instance_lines = [check._render_reporting(instance, now, limits["silent_hours"])]
                if report:
                    before, payload = periods[report]
                    instance_lines += check._render_report(instance, payload, before, now, since, limits, versions)
                    graded |= report
                for vals in instance_lines:
                    vals.update(instance_id=instance.id, report_id=report.id or False)
                results_by_instance.setdefault(instance, []).extend(vals["status"] for vals in instance_lines)
                results += instance_lines
            for sequence, vals in enumerate(results):
                line_vals.append({**vals, "check_id": check.id, "sequence": sequence})
            production = own.filtered(lambda instance: instance.role == "production")[:1] or own[:1]
            check.write(
                {
                    "state": "done",
                    "date": now,
                    "period_start": since,
                    "db_size_mb": production.last_report_id.db_size_mb,
                    "filestore_size_mb": production.last_report_id.filestore_size_mb,
                }
            )
        self.env["amc.health.check.line"].sudo().create(line_vals)
        graded.write({"graded": True})
        by_result = {}
        for instance, statuses in results_by_instance.items():
            by_result.setdefault(maintenance.worst(statuses), instances.browse())
            by_result[maintenance.worst(statuses)] |= instance
        for result, group in by_result.items():
            group.sudo().write({"health_result": result})
        checks._schedule_follow_up()

    @api.model
    def _report_periods(self, period_starts):
        """For each instance's latest report, ``{report: period_start}``: ``(baseline, payload)``.

        ``baseline`` is the report the check compares with: the latest before it that a check graded
        (the previous check's), or else the latest at or before the period's start, or else the
        instance's first report; it may be empty. ``payload`` is the report's, with the configuration
        changes of every report after the baseline (or the period's start) up to it added up: a
        customer reports every hour what changed in that hour, and a check tells what changed since
        the previous check. A fixed number of queries; the rows read are the period's, not the history.
        """
        if not period_starts:
            return {}
        Report = self.env["amc.instance.report"].sudo()
        Report.flush_model(["instance_id", "date", "graded", "payload"])
        reports = list(period_starts)
        self.env.cr.execute(
            SQL(
                """
            WITH wanted AS (SELECT * FROM unnest(%(ids)s::int[], %(starts)s::timestamp[]) AS w(id, period_start))
            SELECT r.id, COALESCE(base.id, first.id), COALESCE(changes.items, '[]'::jsonb), changes.since
              FROM wanted w
              JOIN amc_instance_report r ON r.id = w.id
         LEFT JOIN LATERAL (
                   SELECT p.id, p.date FROM amc_instance_report p
                    WHERE p.instance_id = r.instance_id
                      AND (p.date, p.id) < (r.date, r.id)
                      AND (p.graded OR p.date <= w.period_start)
                 ORDER BY p.date DESC, p.id DESC LIMIT 1
                   ) base ON TRUE
         LEFT JOIN LATERAL (
                   SELECT p.id FROM amc_instance_report p
                    WHERE p.instance_id = r.instance_id
                      AND (p.date, p.id) < (r.date, r.id)
                 ORDER BY p.date, p.id LIMIT 1
                   ) first ON base.id IS NULL
         LEFT JOIN LATERAL (
                   SELECT jsonb_agg(item ORDER BY p.date, p.id) AS items, MIN(p.payload->>'changes_since') AS since
                     FROM amc_instance_report p
               CROSS JOIN LATERAL jsonb_array_elements(COALESCE(p.payload->'changes', '[]'::jsonb)) AS item
                    WHERE p.instance_id = r.instance_id
                      AND (p.date, p.id) <= (r.date, r.id)
                      AND (CASE WHEN base.id IS NULL THEN p.date > w.period_start
                                ELSE (p.date, p.id) > (base.date, base.id) END)
                   ) changes ON TRUE
            """,
                ids=[report.id for report in reports],
                starts=[period_starts[report] for report in reports],
            )
        )
        rows = {report_id: row for report_id, *row in self.env.cr.fetchall()}
        baselines = Report.browse([row[0] for row in rows.values() if row[0]])
        periods = {}
        for report in reports:
            baseline_id, changes, since = rows[report.id]
            payload = dict(report.payload)
            payload["changes"] = instance_grading.merge_changes(changes)
            if since:
                payload["changes_since"] = since
            baseline = baselines.browse(baseline_id).with_prefetch(baselines._prefetch_ids)
            periods[report] = (baseline, payload)
        return periods

    def _format_dt(self, value):
        return format_datetime(self.env, value, dt_format="short") if value else ""

    def _details(self, items, total):
        """The first DETAILS_LIMIT items as an HTML list, and how many were left out."""
        shown = items[:DETAILS_LIMIT]
        more = self.env._("… and %(count)s more.", count=total - len(shown)) if total > len(shown) else None
        return _html_list(shown, more)

    # --- instances -------------------------------------------------------
    def _render_no_instance(self):
        return {
            "code": "instance_reporting",
            "status": "warn",
            "value": self.env._("no instance registered"),
            "threshold": False,
            "advice": self.env._(
                "Register the customer's databases on the agreement (Instances tab) and configure their reporter, "
                "or register this database if the agreement covers it."
            ),
            "details": False,
        }

    def _render_reporting(self, instance, now, limit_hours):
        status, reason = instance_grading.grade_reporting(now, instance.last_report_date, limit_hours)
        value = {
            "never": self.env._("%(instance)s: no report yet", instance=instance.name),
            "silent": self.env._(
                "%(instance)s: silent since %(date)s",
                instance=instance.name,
                date=self._format_dt(instance.last_report_date),
            ),
            "ok": self.env._(
                "%(instance)s: last report %(date)s",
                instance=instance.name,
                date=self._format_dt(instance.last_report_date),
            ),
        }[reason]
        advice = False
        if status != "pass":
            advice = self.env._(
                "Check the instance's reporter in its Settings (hub URL, token, last failure) and that its "
                "scheduled actions run."
            )
        return {
            "code": "instance_reporting",
            "status": status,
            "value": value,
            "threshold": self.env._("a report within %(hours)s h", hours=limit_hours),
            "advice": advice,
            "details": False,
        }

    def _label(self, instance, item_id, model, label):
        """A link to the record when the instance is this database, else its name."""
        return _link(model, item_id, label) if instance.is_local and item_id else escape(label)

    def _render_report(self, instance, payload, previous, now, since, limits, versions):
        """The lines graded from one instance report's payload, its changes those of the period
        (:meth:`_report_periods`), against ``previous`` (rendering only)."""
        since = instance_grading.parse_datetime(payload["changes_since"]) if payload.get("changes_since") else since
        previous_payload = previous.payload if previous else None
        crons = instance_grading.grade_crons(
            payload,
            now,
            previous.date if previous else since,
            previous_payload["crons"]["active_ids"] if previous_payload else (),
            CRON_FAIL_AFTER_HOURS,
            limits["cron_late_hours"],
        )
        prefix = instance.name
        lines = self._render_crons(instance, crons, limits)
        for code, key, limit in (
            ("db_size", "database_bytes", limits["db_size_limit_mb"]),
            ("filestore_size", "filestore_bytes", limits["filestore_size_limit_mb"]),
        ):
            status, size_mb, previous_mb = instance_grading.grade_size(
                payload["sizes"][key], previous_payload["sizes"][key] if previous_payload else None, limit
            )
            lines.append(self._render_size(code, status, size_mb, previous_mb, limit))
        lines.append(self._render_modules(instance, instance_grading.grade_modules(payload)))
        lines.append(self._render_changes(instance_grading.grade_changes(payload), since))
        lines.append(self._render_runway(payload, versions, limits["runway_warn_days"]))
        for line in lines:
            line["value"] = f"{prefix}: {line['value']}"
        return lines

    # --- scheduled actions ------------------------------------------------
    def _render_crons(self, instance, crons, limits):
        failing_items = [
            Markup("%s — %s")
            % (
                self._label(instance, cron["id"], "ir.cron", cron["name"]),
                self.env._(
                    "failed %(count)s times in a row since %(since)s",
                    count=cron["failure_count"],
                    since=self._format_dt(instance_grading.parse_datetime(cron["first_failure_date"]))
                    if cron.get("first_failure_date")
                    else "?",
                ),
            )
            for cron in crons["failing"]
        ]
        failures = {
            "code": "cron_failures",
            "status": crons["failing_status"],
            "value": self.env._(
                "%(count)s failing, the oldest for %(hours)s h",
                count=len(crons["failing"]),
                hours=crons["failing_hours"],
            )
            if crons["failing"]
            else self.env._("none failing"),
            "threshold": self.env._("fail after %(hours)s h of failures", hours=CRON_FAIL_AFTER_HOURS),
            "advice": self.env._(
                "Read the server log around the first failure and fix the job before Odoo switches it off "
                "(after 5 failures over 7 days)."
            )
            if crons["failing"]
            else False,
            "details": self._details(failing_items, len(failing_items)),
        }
        reasons = {
            "previous": lambda cron: self.env._("active at the previous report"),
            "ran": lambda cron: self.env._(
                "last ran %(date)s", date=self._format_dt(instance_grading.parse_datetime(cron["lastcall"]))
            ),
            "edited": lambda cron: self.env._(
                "edited by %(user)s on %(date)s",
                user=cron["edited_by"],
                date=self._format_dt(instance_grading.parse_datetime(cron["edited_at"])),
            ),
        }
        switched_items = [
            Markup("%s — %s") % (self._label(instance, cron["id"], "ir.cron", cron["name"]), reasons[reason](cron))
            for cron, reason in crons["switched_off"]
        ]
        switched = {
            "code": "cron_switched_off",
            "status": crons["switched_status"],
            "value": self.env._("%(count)s switched off", count=len(switched_items)),
            "threshold": self.env._("since the previous report"),
            "advice": self.env._(
                "Check that each job was switched off on purpose; a job Odoo switched off after failures "
                "stays off until someone fixes and reactivates it."
            )
            if switched_items
            else False,
            "details": self._details(switched_items, len(switched_items)),
        }
        late_items = [
            Markup("%s — %s")
            % (
                self._label(instance, cron["id"], "ir.cron", cron["name"]),
                self.env._(
                    "due since %(date)s", date=self._format_dt(instance_grading.parse_datetime(cron["nextcall"]))
                ),
            )
            for cron in crons["late"]
        ]
        late = {
            "code": "cron_late",
            "status": crons["late_status"],
            "value": self.env._("%(count)s late", count=len(late_items)),
            "threshold": self.env._("due more than %(hours)s h ago", hours=limits["cron_late_hours"]),
            "advice": self.env._(
                "Jobs far past their next run mean the cron runner is down: check the server's "
                "--max-cron-threads and its worker processes."
            )
            if late_items
            else False,
            "details": self._details(late_items, len(late_items)),
        }
        return [failures, switched, late]

    # --- sizes -------------------------------------------------------------
    def _render_size(self, code, status, size_mb, previous_mb, limit_mb):
        growth = maintenance.growth_percent(previous_mb, size_mb)
        value = maintenance.format_size(size_mb)
        if growth is not None:
            value = self.env._(
                "%(size)s (%(growth)+.1f%% since the previous report, was %(previous)s)",
                size=value,
                growth=growth,
                previous=maintenance.format_size(previous_mb),
            )
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
    @api.model
    @tools.ormcache("self.env.lang")
    def _module_state_labels(self):
        return dict(self.env["ir.module.module"]._fields["state"]._description_selection(self.env))

    def _render_modules(self, instance, grading):
        outdated, pending = grading["outdated"], grading["pending"]
        state_labels = self._module_state_labels()
        items = [
            Markup("%s — %s")
            % (
                escape(module["name"]),
                self.env._(
                    "%(name)s: %(installed)s installed, %(files)s on disk",
                    name=module["name"],
                    installed=module["installed_version"],
                    files=module["disk_version"],
                ),
            )
            for module in outdated
        ] + [
            Markup("%s — %s")
            % (
                escape(module["name"]),
                self.env._(
                    "%(name)s is left in state %(state)s",
                    name=module["name"],
                    state=state_labels.get(module["state"], module["state"]),
                ),
            )
            for module in pending
        ]
        count = len(outdated) + len(pending)
        return {
            "code": "module_updates",
            "status": grading["status"],
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

    # --- configuration changes -------------------------------------------
    def _render_changes(self, grading, since):
        items = [
            Markup("%s: %s")
            % (
                change.get("label") or change["model"],
                self.env._(
                    "%(count)s created or changed by %(users)s", count=change["count"], users=", ".join(change["users"])
                ),
            )
            for change in grading["changes"]
        ]
        return {
            "code": "config_drift",
            "status": grading["status"],
            "value": self.env._(
                "%(count)s changes in %(models)s",
                count=grading["count"],
                models=", ".join(change.get("label") or change["model"] for change in grading["changes"]),
            )
            if grading["changes"]
            else self.env._("no changes"),
            "threshold": self.env._("since %(date)s", date=self._format_dt(since)),
            "advice": self.env._(
                "Review each change with the key users: configuration changed outside a change request "
                "is the usual cause of problems found later (e.g. a stock location without putaway rules)."
            )
            if grading["changes"]
            else False,
            "details": self._details(items, len(items)),
        }

    # --- version runway ------------------------------------------------
    def _render_runway(self, payload, versions, warn_days):
        series = payload["odoo"]["series"]
        version = versions.get(series, self.env["amc.odoo.version"])
        today = self.company_id._amc_today()
        status = maintenance.runway_status(today, version.end_of_support, warn_days)
        if version.end_of_support:
            value = self.env._(
                "%(series)s: support ends %(date)s (%(days)s days)",
                series=series,
                date=fields.Date.to_string(version.end_of_support),
                days=(version.end_of_support - today).days,
            )
        else:
            value = self.env._("%(series)s: end of support unknown", series=series)
        advice = False
        if status == "fail":
            advice = self.env._("This series no longer gets security fixes: upgrade now.")
        elif status == "warn" and version.end_of_support:
            advice = self.env._(
                "Support ends within the upgrade planning window: create an upgrade plan so that "
                "testing starts before the end of support forces an emergency upgrade."
            )
        elif status == "warn":
            advice = self.env._("Add the series %(series)s and its end of support to the Odoo versions.", series=series)
        recorded = self.agreement_id.odoo_version_id
        if recorded and recorded.series != series:
            note = self.env._("The agreement records series %(series)s.", series=recorded.series)
            advice = f"{advice} {note}" if advice else note
        return {
            "code": "version_runway",
            "status": status,
            "value": value,
            "threshold": self.env._("warn %(days)s days before the end", days=warn_days),
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
