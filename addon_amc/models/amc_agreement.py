# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date

from ..lib import billing

DEFAULT_EXPIRING_DAYS = 60
DASHBOARD_EXPIRING_LIMIT = 20
# days of pack use behind the burn rate of the depletion forecast
FORECAST_WINDOW_DAYS = 30

DEMO_SCOPE_WEIGHTS = [("included", 3), ("first_line", 3), ("config", 2), ("billable", 2), ("needs_review", 1)]
DEMO_SUBJECTS = {
    "included": [
        "Invoice posting raises an error after the monthly patch",
        "Scheduled backup reported as failed",
        "Bug in the custom delivery slip report",
        "Apply Odoo hot-fix for the stock valuation bug",
    ],
    "first_line": [
        "How do I reset a user's password?",
        "Where do I find the aged receivables report?",
        "Cannot print the picking list",
        "Hur lägger jag till en ny användare?",
    ],
    "config": [
        "Add a new product category with its accounts",
        "New approval step for purchase orders over 50 000 kr",
        "Adjust the quotation email template",
        "Set up a new sales report",
    ],
    "billable": [
        "Import 2 000 customer records from the old CRM",
        "Training session for the new warehouse staff",
        "Connect the webshop to the inventory",
        "Restore yesterday's backup to a test database",
    ],
    "needs_review": [
        "Something is wrong with the numbers",
        "Question about next year's setup",
    ],
}


class AmcAgreement(models.Model):
    _name = "amc.agreement"
    _description = "Support Agreement"
    _inherit = ["amc.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="End Date", tracking=True, index=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    notes = fields.Html()

    # On-demand support: always available as the fallback
    hourly_rate = fields.Monetary(currency_field="currency_id", tracking=True, amc_bounds=(None, 1e9))
    min_billable_minutes = fields.Integer(
        string="Minimum per Request (min)",
        default=15,
        help="Each request is charged at least this many minutes.",
        amc_bounds=(None, 1440),
    )
    billing_increment_minutes = fields.Integer(
        string="Billing Increment (min)",
        default=15,
        help="Billed time is rounded up to a multiple of this many minutes.",
        amc_bounds=(None, 1440),
    )
    # Maintenance
    has_maintenance = fields.Boolean(string="Maintenance", tracking=True)
    maintenance_fee = fields.Monetary(
        string="Monthly Maintenance Fee", currency_field="currency_id", tracking=True, amc_bounds=(None, 1e9)
    )
    # First-line support
    has_first_line = fields.Boolean(string="First-line Support", tracking=True)
    first_line_price_per_user = fields.Monetary(
        string="Price per User / Month",
        currency_field="currency_id",
        default=200.0,
        tracking=True,
        amc_bounds=(None, 1e9),
    )
    support_contact_ids = fields.Many2many(
        "res.partner",
        "amc_agreement_support_contact_rel",
        "agreement_id",
        "partner_id",
        string="Registered Users",
        help="Customer contacts registered for first-line support and allowed to open requests.",
    )
    first_line_user_count = fields.Integer(string="Registered Users Count", compute="_compute_first_line")
    first_line_monthly_fee = fields.Monetary(currency_field="currency_id", compute="_compute_first_line")
    # Minor configuration allowance
    config_allowance_hours = fields.Float(string="Configuration Allowance (h)", amc_bounds=(None, 2208))
    config_allowance_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")],
        string="Allowance Period",
        default="month",
        required=True,
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        compute="_compute_calendar_id",
        store=True,
        readonly=False,
        check_company=True,
        help="Business hours and public holidays used for SLAs and patch deadlines.",
    )
    pack_ids = fields.One2many("amc.hour.pack", "agreement_id", string="Prepaid Packs")
    request_ids = fields.One2many("amc.request", "agreement_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    pack_hours_remaining = fields.Float(string="Prepaid Hours Left", compute="_compute_pack_hours")
    pack_hours_total = fields.Float(string="Prepaid Hours Bought", compute="_compute_pack_hours")
    allocation_version = fields.Integer(
        default=0,
        copy=False,
        readonly=True,
        help="Bumped by every billing allocation; concurrent allocations on the same agreement serialize on it.",
    )
    forecast_alert_date = fields.Date(
        copy=False,
        readonly=True,
        help="Forecast depletion date last notified, so that the alert is not repeated.",
    )

    _date_end_after_start = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "An agreement cannot end before it starts.",
    )
    _active_has_customer = models.Constraint(
        "CHECK(state != 'active' OR partner_id IS NOT NULL)",
        "An active agreement needs a customer.",
    )

    _hourly_rate_positive = models.Constraint(
        "CHECK(hourly_rate >= 0)",
        "The hourly rate cannot be negative.",
    )
    _billing_minutes_positive = models.Constraint(
        "CHECK(min_billable_minutes >= 0 AND billing_increment_minutes >= 0)",
        "The minimum and the billing increment cannot be negative.",
    )
    _fees_positive = models.Constraint(
        "CHECK(maintenance_fee >= 0 AND first_line_price_per_user >= 0 AND config_allowance_hours >= 0)",
        "Fees, prices and allowances cannot be negative.",
    )

    @api.depends("company_id")
    def _compute_calendar_id(self):
        for agreement in self:
            calendar = agreement.calendar_id
            if not calendar or (calendar.company_id and calendar.company_id != agreement.company_id):
                agreement.calendar_id = agreement.company_id.resource_calendar_id

    @api.depends("has_first_line", "support_contact_ids", "first_line_price_per_user")
    def _compute_first_line(self):
        for agreement in self:
            count = len(agreement.support_contact_ids) if agreement.has_first_line else 0
            agreement.first_line_user_count = count
            agreement.first_line_monthly_fee = count * agreement.first_line_price_per_user

    def _compute_request_count(self):
        counts = dict(
            self.env["amc.request"]._read_group([("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"])
        )
        for agreement in self:
            agreement.request_count = counts.get(agreement, 0)

    @api.depends("pack_ids.hours_remaining", "pack_ids.hours", "pack_ids.state")
    def _compute_pack_hours(self):
        for agreement in self:
            packs = agreement.pack_ids
            agreement.pack_hours_total = sum(packs.mapped("hours"))
            agreement.pack_hours_remaining = sum(
                packs.filtered(lambda p: p.state == "active").mapped("hours_remaining")
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._(
                        "Agreement %(name)s cannot end (%(end)s) before it starts (%(start)s).",
                        name=agreement.display_name,
                        end=agreement.date_end,
                        start=agreement.date_start,
                    )
                )

    @api.constrains("state", "partner_id")
    def _check_active_customer(self):
        for agreement in self:
            if agreement.state == "active" and not agreement.partner_id:
                raise ValidationError(
                    self.env._("Agreement %(name)s is active, so it needs a customer.", name=agreement.display_name)
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_activate(self):
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(self.env._("Only draft agreements can be activated."))
            if not agreement.partner_id:
                raise UserError(self.env._("Set a customer before activating %(name)s.", name=agreement.display_name))
        self.state = "active"

    def action_cancel(self):
        if any(agreement.state == "cancelled" for agreement in self):
            raise UserError(self.env._("This agreement is already cancelled."))
        self.state = "cancelled"

    def action_reset_to_draft(self):
        self.state = "draft"

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("addon_amc.amc_request_action")
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    def action_view_packs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("addon_amc.amc_hour_pack_action")
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    @api.model
    def _cron_expire_agreements(self):
        """Move active agreements whose end date has passed to ``expired``."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).state = "expired"

    # ------------------------------------------------------------------
    # Billing allocation
    # ------------------------------------------------------------------
    def _billing_services(self):
        self.ensure_one()
        return billing.Services(
            hourly_rate=self.hourly_rate,
            min_billable_minutes=self.min_billable_minutes,
            billing_increment_minutes=self.billing_increment_minutes,
            has_maintenance=self.has_maintenance,
            has_first_line=self.has_first_line,
            config_allowance_minutes=billing.hours_to_minutes(self.config_allowance_hours),
            config_allowance_period=self.config_allowance_period or "month",
        )

    def _lock_for_allocation(self):
        """Serialize allocations per agreement.

        The agreement and pack rows are locked, and the agreement row is
        updated: a concurrent transaction waiting on the lock then fails
        with a serialization error once this one commits, and Odoo retries
        it on a fresh snapshot that sees this allocation. Packs are never
        consumed twice.
        """
        ids = tuple(sorted(self.ids))
        self.env.cr.execute(SQL("SELECT id FROM amc_agreement WHERE id IN %s ORDER BY id FOR UPDATE", ids))
        self.env.cr.execute(SQL("SELECT id FROM amc_hour_pack WHERE agreement_id IN %s ORDER BY id FOR UPDATE", ids))
        self.env.cr.execute(
            SQL("UPDATE amc_agreement SET allocation_version = allocation_version + 1 WHERE id IN %s", ids)
        )
        self.invalidate_recordset(["allocation_version"])

    def write(self, vals):
        result = super().write(vals)
        billing_fields = {
            "hourly_rate",
            "min_billable_minutes",
            "billing_increment_minutes",
            "has_maintenance",
            "has_first_line",
            "config_allowance_hours",
            "config_allowance_period",
        }
        if billing_fields & vals.keys():
            self._recompute_allocations()
        return result

    # ------------------------------------------------------------------
    # Prepaid pack alerts
    # ------------------------------------------------------------------
    @api.model
    def _get_pack_thresholds(self):
        params = self.env["ir.config_parameter"].sudo()
        thresholds = []
        for key, default in (("addon_amc.pack_threshold_warning", 80), ("addon_amc.pack_threshold_critical", 95)):
            try:
                value = float(params.get_param(key) or default)
            except ValueError:
                value = default
            if 0 < value <= 100:
                thresholds.append(value / 100.0)
        return sorted(set(thresholds))

    def _notify_account_manager(self, summary, body):
        """One chatter message and one activity for the account manager."""
        self.ensure_one()
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=body,
            user_id=(self.user_id or self.env.user).id,
        )

    def _check_pack_alerts(self):
        thresholds = self._get_pack_thresholds()
        today = fields.Date.context_today(self)
        packs = (
            self.env["amc.hour.pack"]
            .sudo()
            .search([("agreement_id", "in", self.ids), ("state", "in", ("active", "depleted"))])
        )
        for pack in packs:
            crossed = billing.thresholds_crossed(
                billing.hours_to_minutes(pack.hours_used), billing.hours_to_minutes(pack.hours), thresholds
            )
            new = [threshold for threshold in crossed if threshold > pack.alert_threshold]
            if not new:
                continue
            # one notification per threshold; crossing several at once tells the highest only
            threshold = max(new)
            summary = self.env._(
                "Prepaid pack %(pack)s is %(percent)s%% used", pack=pack.name, percent=round(threshold * 100)
            )
            body = self.env._(
                "%(pack)s of %(customer)s has used %(used).2f of %(hours).2f hours; %(left).2f hours are left.",
                pack=pack.name,
                customer=pack.agreement_id.partner_id.display_name or pack.agreement_id.display_name,
                used=pack.hours_used,
                hours=pack.hours,
                left=pack.hours_remaining,
            )
            pack.agreement_id.sudo()._notify_account_manager(summary, body)
            pack.alert_threshold = threshold
        window = FORECAST_WINDOW_DAYS
        used_recent = dict(
            self.env["amc.time.allocation"]
            .sudo()
            ._read_group(
                [
                    ("agreement_id", "in", self.ids),
                    ("bucket", "=", "pack"),
                    ("date", ">", today - timedelta(days=window)),
                    ("date", "<=", today),
                ],
                ["agreement_id"],
                ["minutes:sum"],
            )
        )
        for agreement in self.sudo():
            remaining = billing.hours_to_minutes(agreement.pack_hours_remaining)
            if remaining <= 0:  # no prepaid hours left to forecast: the pack thresholds already told
                continue
            depletion = billing.forecast_depletion(remaining, used_recent.get(agreement, 0), today, window)
            if not depletion or depletion > today + timedelta(days=window) or agreement.forecast_alert_date:
                continue
            date_label = format_date(self.env, depletion)
            summary = self.env._("Prepaid hours run out around %(date)s", date=date_label)
            body = self.env._(
                "At the burn rate of the last %(days)s days, the %(left).2f prepaid hours of %(name)s "
                "run out around %(date)s.",
                days=window,
                left=agreement.pack_hours_remaining,
                name=agreement.display_name,
                date=date_label,
            )
            agreement._notify_account_manager(summary, body)
            agreement.forecast_alert_date = depletion

    # ------------------------------------------------------------------
    # Burn-down
    # ------------------------------------------------------------------
    def get_burndown_data(self):
        """The burn-down chart of one agreement, computed by ``billing.burndown``:
        the daily balance, the window usage, the forecast line and the threshold
        levels. The client only draws it.

        Two queries whatever the history: the packs, and the pack use grouped by day.
        """
        self.ensure_one()
        self.check_access("read")
        today = fields.Date.context_today(self)
        packs = self.env["amc.hour.pack"].search_fetch(
            [("agreement_id", "=", self.id)],
            ["hours", "date_purchase", "date_expiry", "hours_expired", "state"],
            order="date_purchase, id",
        )
        usage = self.env["amc.time.allocation"]._read_group(
            [("agreement_id", "=", self.id), ("bucket", "=", "pack")],
            ["date:day"],
            ["minutes:sum"],
            order="date:day",
        )
        model = billing.burndown(
            [
                billing.PackBalance(
                    minutes=billing.hours_to_minutes(pack.hours),
                    date_purchase=pack.date_purchase,
                    date_expiry=pack.date_expiry or None,
                    expired_minutes=billing.hours_to_minutes(pack.hours_expired),
                    active=pack.state == "active",
                )
                for pack in packs
            ],
            usage,
            today,
            window_days=FORECAST_WINDOW_DAYS,
            thresholds=self._get_pack_thresholds(),
        )
        return {"agreement": {"id": self.id, "name": self.display_name}, **model}

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    @api.model
    def _demo_generate_history(self, agreement_xmlid, days=90, seed=7, daily_rate=0.4):
        """Create ``days`` of requests and time on a demo agreement.

        Deterministic for a given seed. All entries are created in one batch,
        so the agreement is allocated once.
        """
        rng = random.Random(seed)
        agreement = self.env.ref(agreement_xmlid)
        today = fields.Date.context_today(self)
        first_day = max(agreement.date_start, today - timedelta(days=days))
        scopes = [scope for scope, weight in DEMO_SCOPE_WEIGHTS for _index in range(weight)]
        agents = self.env.ref("base.user_admin") | self.env.ref("base.user_demo")
        request_vals, entry_plans, close_flags = [], [], []
        day = first_day
        while day <= today:
            if day.weekday() < 5:
                for _index in range(1 if rng.random() < daily_rate else 0):
                    scope = rng.choice(scopes)
                    subject = rng.choice(DEMO_SUBJECTS[scope])
                    old = day < today - timedelta(days=10)
                    close_flags.append(old)
                    request_vals.append(
                        {
                            "name": subject,
                            "agreement_id": agreement.id,
                            "partner_id": agreement.partner_id.id,
                            "priority": rng.choice(["standard", "standard", "standard", "high", "critical"]),
                            # no scope: the classifier decides from the subject, as for real requests
                            "state": "in_progress" if old else rng.choice(["new", "in_progress", "waiting"]),
                            "user_id": rng.choice(agents).id,
                        }
                    )
                    entries = []
                    for offset in range(rng.choice([1, 1, 2, 3])):
                        entry_day = min(day + timedelta(days=offset), today)
                        entries.append((entry_day, rng.choice([0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])))
                    entry_plans.append(entries)
            day += timedelta(days=1)
        requests = self.env["amc.request"].create(request_vals)
        self.env["amc.time.entry"].create(
            [
                {
                    "request_id": request.id,
                    "date": entry_day,
                    "duration": duration,
                    "user_id": request.user_id.id,
                    "description": self.env._("Analysis and follow-up"),
                }
                for request, entries in zip(requests, entry_plans, strict=True)
                for entry_day, duration in entries
            ]
        )
        # time is logged on open requests only: the old ones are closed afterwards
        closing = [request.id for request, close in zip(requests, close_flags, strict=True) if close]
        self.env["amc.request"].browse(closing).write({"state": "closed"})
        return requests

    # ------------------------------------------------------------------
    # Dashboard
    # ------------------------------------------------------------------
    @api.model
    def _get_expiring_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param("addon_amc.expiring_days")
        try:
            days = int(value) if value else DEFAULT_EXPIRING_DAYS
        except ValueError:
            days = DEFAULT_EXPIRING_DAYS
        return days if days > 0 else DEFAULT_EXPIRING_DAYS

    @api.model
    def _get_expiring_domain(self, days=None):
        today = fields.Date.context_today(self)
        days = days or self._get_expiring_days()
        return [
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=days)),
        ]

    @api.model
    def _get_dashboard_sections(self, today):
        """Extension point: each feature adds its own keys to the dashboard payload.

        Overrides call ``super()`` and update the dict; every section must use
        a fixed number of queries, whatever the amount of data.
        """
        return self._get_dashboard_hours(today)

    @api.model
    def _get_dashboard_hours(self, today):
        """The support-hours part of the dashboard: a fixed number of grouped queries."""
        Allocation = self.env["amc.time.allocation"]
        Pack = self.env["amc.hour.pack"]
        month_start, month_end = billing.period_bounds(today, "month")
        month_domain = [("date", ">=", month_start), ("date", "<=", month_end)]
        bucket_labels = dict(Allocation._fields["bucket"]._description_selection(self.env))
        minutes_by_bucket = dict(Allocation._read_group(month_domain, ["bucket"], ["minutes:sum"]))
        amounts = Allocation._read_group(month_domain + [("bucket", "=", "billable")], ["currency_id"], ["amount:sum"])
        thresholds = self._get_pack_thresholds()
        lowest = thresholds[0] * 100 if thresholds else 100.0
        alert_domain = [("state", "=", "active"), ("usage_percent", ">=", lowest)]
        alert_packs = Pack.search_fetch(
            alert_domain,
            ["name", "agreement_id", "partner_id", "hours", "hours_remaining", "usage_percent"],
            order="usage_percent desc, id",
            limit=DASHBOARD_EXPIRING_LIMIT,
        )
        window = FORECAST_WINDOW_DAYS
        remaining = defaultdict(float)
        for agreement, state, hours in Pack._read_group([], ["agreement_id", "state"], ["hours_remaining:sum"]):
            remaining[agreement] += hours if state == "active" else 0.0
        recent = dict(
            Allocation._read_group(
                [("bucket", "=", "pack"), ("date", ">", today - timedelta(days=window)), ("date", "<=", today)],
                ["agreement_id"],
                ["minutes:sum"],
            )
        )
        forecasts = []
        for agreement, hours_left in remaining.items():
            depletion = billing.forecast_depletion(
                billing.hours_to_minutes(hours_left), recent.get(agreement, 0), today, window
            )
            if hours_left > 0 and depletion and depletion <= today + timedelta(days=window):
                forecasts.append(
                    {
                        "id": agreement.id,
                        "name": agreement.display_name,
                        "hours_remaining": hours_left,
                        "date": fields.Date.to_string(depletion),
                        "days_left": (depletion - today).days,
                    }
                )
        forecasts.sort(key=lambda row: (row["date"], row["id"]))
        return {
            "month": fields.Date.to_string(month_start),
            "hours_by_bucket": [
                {"key": key, "label": label, "hours": minutes_by_bucket.get(key, 0) / 60.0}
                for key, label in bucket_labels.items()
            ],
            "billable_amounts": [
                {
                    "currency_id": currency.id,
                    "amount": amount,
                    "formatted": format_amount(self.env, amount, currency),
                }
                for currency, amount in amounts
                if currency
            ],
            "pack_alerts": [
                {
                    "id": pack.id,
                    "name": pack.name,
                    "agreement_id": pack.agreement_id.id,
                    "agreement_name": pack.agreement_id.display_name,
                    "partner_name": pack.partner_id.display_name or False,
                    "usage_percent": pack.usage_percent,
                    "hours_remaining": pack.hours_remaining,
                }
                for pack in alert_packs
            ],
            "pack_alert_count": Pack.search_count(alert_domain),
            "pack_thresholds": thresholds,
            "forecasts": forecasts[:DASHBOARD_EXPIRING_LIMIT],
            "forecast_count": len(forecasts),
            "burndown_agreements": sorted(
                ({"id": agreement.id, "name": agreement.display_name} for agreement in remaining),
                key=lambda row: row["name"],
            ),
        }

    @api.model
    def get_dashboard_data(self):
        """Everything the Support dashboard shows, in one call.

        The number of queries does not depend on the number of agreements:
        one grouped count, one count and one limited fetch (plus the
        name reads of the fetched page).
        """
        today = fields.Date.context_today(self)
        labels = dict(self._fields["state"]._description_selection(self.env))
        counts = dict(self._read_group([], ["state"], ["__count"]))
        states = [{"key": key, "label": labels[key], "count": counts.get(key, 0)} for key in labels]
        days = self._get_expiring_days()
        domain = self._get_expiring_domain(days)
        expiring = self.search_fetch(
            domain,
            ["name", "partner_id", "date_end", "user_id"],
            order="date_end asc, id asc",
            limit=DASHBOARD_EXPIRING_LIMIT,
        )
        expiring_count = self.search_count(domain)
        return {
            **self._get_dashboard_sections(today),
            "states": states,
            "total": sum(state["count"] for state in states),
            "expiring_days": days,
            "expiring": [
                {
                    "id": agreement.id,
                    "name": agreement.name,
                    "partner_name": agreement.partner_id.display_name or False,
                    "date_end": fields.Date.to_string(agreement.date_end),
                    "days_left": (agreement.date_end - today).days,
                    "user_name": agreement.user_id.name or False,
                }
                for agreement in expiring
            ],
            "expiring_count": expiring_count,
        }
