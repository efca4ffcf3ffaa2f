# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Maintenance operations on agreements: health checks, backups, patch SLA, upgrades."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, release
from odoo.fields import Domain
from odoo.tools import SQL, format_date, format_datetime

from ..lib import dashboard, maintenance, ratios

DASHBOARD_OPS_LIMIT = 20


class AmcAgreement(models.Model):
    _inherit = "amc.agreement"

    # Health checks
    health_check_interval = fields.Selection(
        [("none", "Not Scheduled"), ("month", "Monthly"), ("quarter", "Quarterly")],
        string="Health Check Schedule",
        compute="_compute_health_check_interval",
        store=True,
        readonly=False,
        tracking=True,
        help="How often the scheduled health check of the instance runs for this agreement.",
    )
    health_check_next_date = fields.Date(
        string="Next Health Check",
        compute="_compute_health_check_next_date",
        store=True,
        readonly=False,
        index=True,
        copy=False,
    )
    health_check_ids = fields.One2many("amc.health.check", "agreement_id", string="Health Checks")
    health_check_last_date = fields.Datetime(
        string="Last Health Check", compute="_compute_health_check_last", store=True, copy=False
    )
    health_check_last_result = fields.Selection(
        [("pass", "Pass"), ("warn", "Warning"), ("fail", "Fail")],
        string="Last Result",
        compute="_compute_health_check_last",
        store=True,
        copy=False,
    )
    health_check_count = fields.Integer(compute="_compute_ops_counts")
    # Backups (reported with the token of one of the agreement's instances)
    backup_log_ids = fields.One2many("amc.backup.log", "agreement_id", string="Backup Reports")
    backup_log_count = fields.Integer(compute="_compute_ops_counts")
    # Patches
    patch_sla_critical_days = fields.Integer(
        string="Critical Patch SLA (business days)",
        default=15,
        tracking=True,
        amc_bounds=(None, 365),
        help="Critical patches are applied within this many business days after release.",
    )
    patch_sla_high_days = fields.Integer(
        string="High Patch SLA (business days)",
        default=30,
        tracking=True,
        amc_bounds=(None, 365),
    )
    patch_window_day = fields.Integer(
        string="Monthly Patch Window (day)",
        default=15,
        tracking=True,
        amc_bounds=(None, 31),
        help="Day of the month of the patch window; medium and low patches are batched into it "
        "(the last day of shorter months).",
    )
    patch_window_next_date = fields.Date(string="Next Patch Window", compute="_compute_patch_window_next_date")
    patch_ids = fields.One2many("amc.patch", "agreement_id", string="Patches")
    patch_count = fields.Integer(compute="_compute_ops_counts")
    patch_overdue_count = fields.Integer(compute="_compute_ops_counts")
    # Versions and upgrades
    odoo_version_id = fields.Many2one(
        "amc.odoo.version",
        string="Odoo Series",
        default=lambda self: self.env["amc.odoo.version"]._get_running(),
        tracking=True,
        help="The Odoo series the customer runs.",
    )
    odoo_end_of_support = fields.Date(
        related="odoo_version_id.end_of_support", store=True, string="Series Support Ends"
    )
    upgrade_plan_ids = fields.One2many("amc.upgrade.plan", "agreement_id", string="Upgrade Plans")
    upgrade_plan_count = fields.Integer(compute="_compute_ops_counts")

    _patch_sla_positive = models.Constraint(
        "CHECK(patch_sla_critical_days > 0 AND patch_sla_high_days > 0)",
        "Patch SLAs are at least one business day.",
    )
    _patch_window_day_valid = models.Constraint(
        "CHECK(patch_window_day BETWEEN 1 AND 31)",
        "The patch window is a day of the month, from 1 to 31.",
    )

    def _follow_reported_series(self, series):
        """The series the agreement's production instance reports is the one the customer runs: the
        upgrade plans, the end of support and the dashboard's runway read the agreement's series, which
        until a report comes is only what someone set (or this database's own series, the default).
        A series missing from the Odoo versions leaves it as it is (the health check asks to add it)."""
        self.ensure_one()
        version = (
            self.env["amc.odoo.version"]
            .sudo()
            .with_context(active_test=False)
            .search([("series", "=", series)], limit=1)
        )
        if version and self.odoo_version_id != version:
            self.sudo().odoo_version_id = version

    @api.depends("has_maintenance")
    def _compute_health_check_interval(self):
        for agreement in self:
            if not agreement.has_maintenance:
                agreement.health_check_interval = agreement.health_check_interval or "none"
            elif agreement.health_check_interval in (False, "none"):
                agreement.health_check_interval = "month"

    @api.depends("health_check_interval", "health_check_last_date", "date_start")
    def _compute_health_check_next_date(self):
        todays = self.company_id._amc_todays()
        for agreement in self:
            interval = agreement.health_check_interval
            if interval not in maintenance.INTERVAL_MONTHS:
                agreement.health_check_next_date = False
            elif agreement.health_check_last_date:
                # the day of the last check at the company, as the cron that compares it with today
                last_day = agreement.company_id._amc_today(agreement.health_check_last_date)
                agreement.health_check_next_date = maintenance.next_check_date(last_day, interval)
            elif not agreement.health_check_next_date:
                today = todays[agreement.company_id]
                agreement.health_check_next_date = max(agreement.date_start or today, today)

    @api.depends("health_check_ids.state", "health_check_ids.date", "health_check_ids.result")
    def _compute_health_check_last(self):
        for agreement in self:
            done = agreement.health_check_ids.filtered(lambda check: check.state == "done")
            last = max(done, key=lambda check: (check.date, check.id), default=None)
            agreement.health_check_last_date = last.date if last else False
            agreement.health_check_last_result = last.result if last else False

    def _compute_ops_counts(self):
        domain = [("agreement_id", "in", self.ids)]
        checks = dict(self.env["amc.health.check"]._read_group(domain, ["agreement_id"], ["__count"]))
        backups = dict(self.env["amc.backup.log"]._read_group(domain, ["agreement_id"], ["__count"]))
        plans = dict(self.env["amc.upgrade.plan"]._read_group(domain, ["agreement_id"], ["__count"]))
        patches = {}
        patch_groups = self.env["amc.patch"]._read_group(domain, ["agreement_id", "state"], ["__count"])
        for agreement, state, count in patch_groups:
            patches.setdefault(agreement, {})[state] = count
        for agreement in self:
            agreement.health_check_count = checks.get(agreement, 0)
            agreement.backup_log_count = backups.get(agreement, 0)
            agreement.upgrade_plan_count = plans.get(agreement, 0)
            agreement.patch_count = sum(patches.get(agreement, {}).values())
            agreement.patch_overdue_count = patches.get(agreement, {}).get("overdue", 0)

    def write(self, vals):
        result = super().write(vals)
        if {
            "patch_sla_critical_days",
            "patch_sla_high_days",
            "patch_window_day",
            "calendar_id",
            "company_id",
        } & vals.keys():
            self.env["amc.patch"].search([("agreement_id", "in", self.ids)])._replan_deadlines()
        return result

    @api.depends("patch_window_day", "company_id")
    def _compute_patch_window_next_date(self):
        todays = self.company_id._amc_todays()
        for agreement in self:
            day = agreement.patch_window_day
            agreement.patch_window_next_date = (
                maintenance.next_window_date(todays[agreement.company_id], day) if 1 <= day <= 31 else False
            )

    # ------------------------------------------------------------------
    # Business days
    # ------------------------------------------------------------------
    def _add_business_days(self, day, days, cache=None):
        """The date ``days`` business days after ``day`` (before it when negative).

        Counted with ``resource.calendar.plan_days`` on the agreement's working
        hours, public holidays excluded (``_amc_public_holiday_domain``, as for SLAs). ``day`` itself
        never counts: +15 from a Friday release is the 15th working day from
        the Monday after; -3 from a deadline is the 3rd working day before it.
        Without a calendar, calendar days are used.
        """
        self.ensure_one()
        if not days:
            return day
        calendar = (self.calendar_id or self.company_id.resource_calendar_id).sudo()
        key = (calendar.id, self.company_id.id, day, days)
        if cache is not None and key in cache:
            return cache[key]
        result = False
        if calendar:
            tz = pytz.timezone(calendar.tz or "UTC")
            start_day = day + timedelta(days=1) if days > 0 else day
            start = tz.localize(datetime.combine(start_day, time.min))
            end = calendar.plan_days(
                days,
                start,
                compute_leaves=True,
                domain=self.env["resource.calendar.leaves"]._amc_public_holiday_domain(calendar, self.company_id),
            )
            result = end.astimezone(tz).date() if end else False
        if not result:
            result = day + timedelta(days=days)
        if cache is not None:
            cache[key] = result
        return result

    # ------------------------------------------------------------------
    # Health checks
    # ------------------------------------------------------------------
    def action_run_health_check(self):
        """Run a health check now and open it."""
        self.ensure_one()
        self.check_access("write")
        # the trigger is the module's to set: a manual run is the default
        check = self.env["amc.health.check"].create({"agreement_id": self.id})
        check._run_checks()
        return {
            "type": "ir.actions.act_window",
            "res_model": "amc.health.check",
            "res_id": check.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_health_checks(self):
        return self._ops_action("addon_amc.amc_health_check_action")

    def action_view_backup_logs(self):
        return self._ops_action("addon_amc.amc_backup_log_action")

    def action_view_patches(self):
        return self._ops_action("addon_amc.amc_patch_action")

    def action_view_upgrade_plans(self):
        return self._ops_action("addon_amc.amc_upgrade_plan_action")

    def _ops_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    @api.model
    def _cron_run_health_checks(self):
        """Create and run the health checks that are due (at the agreement's company), in one batch."""
        due = self.search(
            Domain.AND(
                [
                    [
                        ("state", "=", "active"),
                        ("health_check_interval", "in", list(maintenance.INTERVAL_MONTHS)),
                    ],
                    self.env["res.company"]._amc_today_domain(lambda today: [("health_check_next_date", "<=", today)]),
                ]
            )
        )
        if not due:
            return self.env["amc.health.check"]
        checks = (
            self.env["amc.health.check"]
            .sudo()
            .create([{"agreement_id": agreement.id, "trigger": "scheduled"} for agreement in due])
            .with_env(self.env)
        )
        checks._run_checks()
        return checks

    # ------------------------------------------------------------------
    # Backups
    # ------------------------------------------------------------------
    def _get_backup_summary(self):
        """Per agreement id: last report, last success time, whether a production instance has a token.

        The production system's backups only: a report sent with a staging or test instance's token
        describes that copy (its log stays on the instance), never whether production is backed up; a
        log recorded without an instance counts. Three queries whatever the number of agreements.
        """
        if not self:
            return {}
        self.env["amc.backup.log"].flush_model(["agreement_id", "instance_id", "status", "finished_at"])
        self.env["amc.instance"].flush_model(["role"])
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT ON (log.agreement_id) log.agreement_id, log.id
              FROM amc_backup_log log
         LEFT JOIN amc_instance instance ON instance.id = log.instance_id
             WHERE log.agreement_id IN %(ids)s
               AND (log.instance_id IS NULL OR instance.role = 'production')
          ORDER BY log.agreement_id, log.finished_at DESC, log.id DESC
            """,
                ids=tuple(self.ids),
            )
        )
        last_ids = dict(self.env.cr.fetchall())
        production = Domain("instance_id", "=", False) | Domain("instance_id.role", "=", "production")
        successes = dict(
            self.env["amc.backup.log"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                Domain.AND([[("agreement_id", "in", self.ids), ("status", "=", "success")], production]),
                ["agreement_id"],
                ["finished_at:max"],
            )
        )
        logs = self.env["amc.backup.log"].sudo().browse(list(last_ids.values()))
        monitored = {
            agreement.id
            for [agreement] in self.env["amc.instance"]
            .sudo()
            ._read_group(
                [("agreement_id", "in", self.ids), ("token_state", "=", "active"), ("role", "=", "production")],
                ["agreement_id"],
            )
        }
        summary = {}
        for agreement in self:
            last = logs.browse(last_ids.get(agreement.id)) if agreement.id in last_ids else None
            summary[agreement.id] = {
                "last": last.with_prefetch(logs.ids) if last else None,
                "last_ok": (last.status == "success") if last else None,
                "last_success": successes.get(agreement.sudo()),
                "monitored": agreement.id in monitored,
            }
        return summary

    # ------------------------------------------------------------------
    # Dashboard
    # ------------------------------------------------------------------
    @api.model
    def _get_dashboard_sections(self, today):
        """Adds the health checks (last results, next checks), patches and Odoo versions."""
        return [
            *super()._get_dashboard_sections(today),
            *self._dashboard_health_sections(self._get_dashboard_health(today)),
            self._dashboard_patches_section(self._get_dashboard_patches(today)),
            self._dashboard_versions_section(self._get_dashboard_versions(today)),
        ]

    @api.model
    def _dashboard_health_sections(self, health):
        results = dict(self.env["amc.health.check"]._fields["result"]._description_selection(self.env))
        intervals = dict(self._fields["health_check_interval"]._description_selection(self.env))
        result_tones = {"pass": "success", "warn": "warning", "fail": "danger"}
        failures = health["failures"]
        last = dashboard.section(
            "health",
            120,
            self.env._("Health checks"),
            icon="fa-heartbeat",
            width="half",
            subtitle=self.env._("Last check failed"),
            badge=dashboard.badge(failures, "danger" if failures else "success"),
            action=dashboard.xml_action("addon_amc.amc_health_check_action", search_default_filter_latest_fail=1),
            columns=[
                dashboard.column("agreement", self.env._("Agreement")),
                dashboard.column("date", self.env._("Last check")),
                dashboard.column("result", self.env._("Result"), align="end"),
            ],
            rows=[
                dashboard.row(
                    row["id"],
                    [
                        row["agreement_name"],
                        format_datetime(self.env, row["date"]),
                        dashboard.cell(
                            results.get(row["result"], ""),
                            tone=result_tones.get(row["result"], "secondary"),
                            note=(row["fail_count"] or row["warn_count"])
                            and self.env._(
                                "%(fail)s failed, %(warn)s warnings", fail=row["fail_count"], warn=row["warn_count"]
                            ),
                        ),
                    ],
                    action=dashboard.form_action("amc.health.check", row["id"]),
                )
                for row in health["last"]
            ],
            empty=not health["last"] and self.env._("No health check has run yet."),
        )
        due = dashboard.section(
            "health_due",
            130,
            self.env._("Next health checks"),
            icon="fa-calendar-check-o",
            width="half",
            columns=[
                dashboard.column("agreement", self.env._("Agreement")),
                dashboard.column("interval", self.env._("Interval")),
                dashboard.column("date", self.env._("Date")),
                dashboard.column("days_left", self.env._("Due"), align="end"),
            ],
            rows=[
                dashboard.row(
                    row["agreement_id"],
                    [
                        row["agreement_name"],
                        intervals.get(row["interval"], row["interval"]),
                        format_date(self.env, row["date"]),
                        dashboard.cell(
                            self._dashboard_days_label(row["days_left"]),
                            tone="danger" if row["overdue"] else ("warning" if row["days_left"] <= 7 else "secondary"),
                        ),
                    ],
                    action=dashboard.form_action(self._name, row["agreement_id"]),
                    tone=row["overdue"] and "danger",
                )
                for row in health["next_due"]
            ],
            empty=not health["next_due"] and self.env._("No health check is scheduled."),
        )
        return [last, due]

    @api.model
    def _dashboard_patches_section(self, patches):
        action = "addon_amc.amc_patch_action"
        percent = patches["compliance_percent"]
        return dashboard.section(
            "patches",
            100,
            self.env._("Patches"),
            icon="fa-shield",
            width="third",
            cards=[
                dashboard.card(
                    "overdue",
                    self.env._("Overdue"),
                    patches["overdue"],
                    str(patches["overdue"]),
                    tone=dashboard.count_tone(patches["overdue"], "danger"),
                    action=dashboard.xml_action(action, search_default_filter_overdue=1),
                ),
                dashboard.card(
                    "due_soon",
                    self.env._("Due soon"),
                    patches["due_soon"],
                    str(patches["due_soon"]),
                    tone=dashboard.count_tone(patches["due_soon"], "warning"),
                    action=dashboard.xml_action(action, search_default_filter_due_soon=1),
                ),
                dashboard.card(
                    "compliance",
                    self.env._("Applied on time, last 12 months"),
                    percent,
                    dashboard.percent_label(percent),
                    tone=dashboard.compliance_tone(percent),
                ),
            ],
        )

    @api.model
    def _dashboard_versions_section(self, versions):
        instance = versions["instance"]
        tones = {"fail": "danger", "warn": "warning", "pass": "info"}
        if not instance["series"]:
            instance_card = dashboard.card(
                "instance",
                self.env._("This database runs"),
                None,
                self.env._("Odoo series not in the versions list"),
                icon="fa-database",
            )
        else:
            if instance["days_left"] is False:
                support = self.env._("End of support unknown")
            elif instance["days_left"] <= 0:
                support = self.env._("Support ended on %s", format_date(self.env, instance["end_of_support"]))
            else:
                support = self.env._(
                    "Support ends on %(date)s, in %(days)s days",
                    date=format_date(self.env, instance["end_of_support"]),
                    days=instance["days_left"],
                )
            instance_card = dashboard.card(
                "instance",
                self.env._("This database runs"),
                None,
                self.env._("Odoo %s", instance["series"]),
                tone=tones.get(instance["status"], "secondary"),
                icon="fa-database",
                hint=support,
            )
        plans_due = versions["plans_due"]
        return dashboard.section(
            "versions",
            140,
            self.env._("Odoo versions"),
            icon="fa-level-up",
            width="half",
            subtitle=self.env._("Upgrade plans due"),
            badge=dashboard.badge(plans_due, dashboard.count_tone(plans_due, "warning")),
            action=dashboard.xml_action("addon_amc.amc_upgrade_plan_action"),
            cards=[instance_card],
            columns=[
                dashboard.column("agreement", self.env._("Agreement")),
                dashboard.column("series", self.env._("Series")),
                dashboard.column("end_of_support", self.env._("End of support")),
                dashboard.column("days_left", self.env._("Days left"), align="end"),
                dashboard.column("plan", self.env._("Upgrade plan"), align="end"),
            ],
            rows=[
                dashboard.row(
                    row["agreement_id"],
                    [
                        dashboard.cell(row["agreement_name"], note=row["partner_name"]),
                        row["series"],
                        format_date(self.env, row["end_of_support"]),
                        dashboard.cell(
                            self.env._("Ended") if row["days_left"] <= 0 else self.env._("%s days", row["days_left"]),
                            tone=tones[row["status"]],
                        ),
                        dashboard.cell(self.env._("Planned"), tone="success")
                        if row["has_plan"]
                        else dashboard.cell(self.env._("No plan"), tone="warning"),
                    ],
                    action=dashboard.form_action(self._name, row["agreement_id"]),
                )
                for row in versions["runway"]
            ],
            empty=not versions["runway"]
            and self.env._(
                "No agreement's Odoo series reaches its end of support within %s days.", versions["window_days"]
            ),
        )

    @api.model
    def _get_dashboard_health(self, today):
        Check = self.env["amc.health.check"]
        # the latest done check of each agreement by date, then id (as health_check_last_date):
        # one set-based query over the checks the user may read, whatever the number of agreements
        last_ids = [row[0] for row in self.env.execute_query(Check._latest_done_query())]
        last_checks = Check.search_fetch(
            [("id", "in", last_ids)],
            ["agreement_id", "date", "result", "fail_count", "warn_count"],
            order="fail_count desc, warn_count desc, date desc, id desc",
            limit=DASHBOARD_OPS_LIMIT,
        )
        failures = Check.search_count([("id", "in", last_ids), ("result", "=", "fail")])
        due = self.search_fetch(
            [
                ("state", "=", "active"),
                ("health_check_interval", "in", list(maintenance.INTERVAL_MONTHS)),
                ("health_check_next_date", "!=", False),
            ],
            ["name", "health_check_next_date", "health_check_interval"],
            order="health_check_next_date asc, id asc",
            limit=DASHBOARD_OPS_LIMIT,
        )
        return {
            "last": [
                {
                    "id": check.id,
                    "agreement_id": check.agreement_id.id,
                    "agreement_name": check.agreement_id.display_name,
                    "date": fields.Datetime.to_string(check.date),
                    "result": check.result,
                    "fail_count": check.fail_count,
                    "warn_count": check.warn_count,
                }
                for check in last_checks
            ],
            "failures": failures,
            "next_due": [
                {
                    "agreement_id": agreement.id,
                    "agreement_name": agreement.name,
                    "date": fields.Date.to_string(agreement.health_check_next_date),
                    "days_left": (agreement.health_check_next_date - today).days,
                    "overdue": agreement.health_check_next_date < today,
                    "interval": agreement.health_check_interval,
                }
                for agreement in due
            ],
        }

    @api.model
    def _get_dashboard_patches(self, today):
        Patch = self.env["amc.patch"]
        overdue_domain = Patch._overdue_domain(today)
        due_soon_domain = Patch._due_soon_domain(today)
        year_ago = today - timedelta(days=365)
        # patches that had to be applied in the last 12 months, or were applied in them
        compliance_domain = [
            "|",
            "&",
            ("applied_date", ">", year_ago),
            ("applied_date", "<=", today),
            "&",
            ("date_deadline", ">", year_ago),
            ("date_deadline", "<", today),
        ]
        by_state = dict(Patch._read_group(compliance_domain, ["state"], ["__count"]))
        return {
            "overdue": Patch.search_count(overdue_domain),
            "due_soon": Patch.search_count(due_soon_domain),
            "compliance_percent": ratios.compliance_percent(by_state.get("applied_on_time", 0), sum(by_state.values())),
        }

    @api.model
    def _get_dashboard_versions(self, today):
        window_days = self.env["amc.health.check"]._get_runway_window_days()
        limit_date = today + timedelta(days=window_days)
        risk_domain = [
            ("state", "=", "active"),
            ("odoo_version_id", "!=", False),
            ("odoo_end_of_support", "<=", limit_date),
        ]
        open_plan = [("state", "in", ("draft", "in_progress"))]
        # the few series in one query: the running one and those of the agreements below
        versions = (
            self.env["amc.odoo.version"].with_context(active_test=False).search_fetch([], ["series", "end_of_support"])
        )
        running = versions.filtered(lambda version: version.series == release.serie)[:1]
        at_risk = self.search_fetch(
            risk_domain,
            ["name", "partner_id", "odoo_version_id", "odoo_end_of_support"],
            order="odoo_end_of_support asc, id asc",
            limit=DASHBOARD_OPS_LIMIT,
        )
        planned = {
            agreement.id
            for [agreement] in self.env["amc.upgrade.plan"]._read_group(
                [("agreement_id", "in", at_risk.ids), *open_plan], ["agreement_id"]
            )
        }
        plans_due = self.search_count([*risk_domain, ("upgrade_plan_ids", "not any", open_plan)])
        return {
            "window_days": window_days,
            "instance": {
                "series": running.series or False,
                "end_of_support": fields.Date.to_string(running.end_of_support) if running.end_of_support else False,
                "days_left": (running.end_of_support - today).days if running.end_of_support else False,
                # the tone of the badge, by the Settings' runway window (pass, warn, fail)
                "status": (
                    maintenance.runway_status(today, running.end_of_support, window_days)
                    if running.end_of_support
                    else False
                ),
            },
            "runway": [
                {
                    "agreement_id": agreement.id,
                    "agreement_name": agreement.name,
                    "partner_name": agreement.partner_id.display_name or False,
                    "series": agreement.odoo_version_id.series,
                    "end_of_support": fields.Date.to_string(agreement.odoo_end_of_support),
                    "days_left": (agreement.odoo_end_of_support - today).days,
                    "status": maintenance.runway_status(today, agreement.odoo_end_of_support, window_days),
                    "has_plan": agreement.id in planned,
                    "warning": agreement.id not in planned,
                }
                for agreement in at_risk
            ],
            "plans_due": plans_due,
        }
