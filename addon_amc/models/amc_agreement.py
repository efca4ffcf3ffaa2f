# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_amount, format_date, format_duration, formatLang

from ..lib import billing, dashboard

DASHBOARD_EXPIRING_LIMIT = 20
AGREEMENT_ACTION = "addon_amc.amc_agreement_action"
PACK_ACTION = "addon_amc.amc_hour_pack_action"
# days of pack use behind the burn rate of the depletion forecast
FORECAST_WINDOW_DAYS = 30


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
        default=lambda self: self.env.company._amc_today(),
        tracking=True,
    )
    date_end = fields.Date(string="End Date", tracking=True, index=True)
    is_expiring_soon = fields.Boolean(
        string="Expiring Soon",
        compute="_compute_is_expiring_soon",
        search="_search_is_expiring_soon",
        help="Active and ending within the expiring window of Settings.",
    )
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
        todays = self.company_id._amc_todays()
        for agreement in self:
            if agreement.date_end and agreement.date_end < todays[agreement.company_id]:
                # requests would be opened on it that no one could log time on (its period is over)
                raise UserError(
                    self.env._(
                        "%(name)s ended on %(date)s: extend its end date to activate it again.",
                        name=agreement.display_name,
                        date=agreement.date_end,
                    )
                )
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
        """Move active agreements whose end date has passed (at their company) to ``expired``."""
        ended = self.env["res.company"]._amc_today_domain(lambda today: [("date_end", "<", today)])
        self.search(Domain.AND([[("state", "=", "active")], ended])).state = "expired"

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

    def _lock_for_allocation(self, wait=True):
        """Serialize allocations per agreement (:meth:`amc.allocation.lock._acquire`).

        A concurrent transaction waiting on the lock fails with a serialization error
        once this one commits, and Odoo retries it on a fresh snapshot that sees this
        allocation: packs are never consumed twice. With ``wait=False``, returns False
        instead of failing; the caller then defers its allocation until after its commit.
        """
        return self.env["amc.allocation.lock"].sudo()._acquire(self.ids, wait=wait)

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
        """The pack alert thresholds of Settings, as sorted fractions (e.g. [0.8, 0.95])."""
        Settings = self.env["amc.settings"]
        percents = {Settings._get("pack_threshold_warning"), Settings._get("pack_threshold_critical")}
        return sorted(percent / 100.0 for percent in percents)

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
        todays = self.company_id._amc_todays()
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
                Domain("bucket", "=", "pack")
                & Domain.OR(
                    Domain("agreement_id", "in", agreements.ids)
                    & Domain("date", ">", today - timedelta(days=window))
                    & Domain("date", "<=", today)
                    for today, agreements in self.grouped(lambda agreement: todays[agreement.company_id]).items()
                ),
                ["agreement_id"],
                ["minutes:sum"],
            )
        )
        for agreement in self.sudo():
            remaining = billing.hours_to_minutes(agreement.pack_hours_remaining)
            if remaining <= 0:  # no prepaid hours left to forecast: the pack thresholds already told
                continue
            today = todays[agreement.company_id]
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
        today = self.company_id._amc_today()
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
    # Dashboard
    # ------------------------------------------------------------------
    @api.model
    def _get_expiring_days(self):
        return self.env["amc.settings"]._get("expiring_days")

    @api.model
    def _get_expiring_domain(self, days=None):
        """Active agreements ending within ``days`` (Settings by default) from their company's today."""
        days = days or self._get_expiring_days()
        ending = self.env["res.company"]._amc_today_domain(
            lambda today: [("date_end", ">=", today), ("date_end", "<=", today + timedelta(days=days))]
        )
        return Domain.AND([[("state", "=", "active")], ending])

    @api.depends("state", "date_end", "company_id")
    def _compute_is_expiring_soon(self):
        days = timedelta(days=self._get_expiring_days())
        todays = self.company_id._amc_todays()
        for agreement in self:
            today = todays[agreement.company_id]
            agreement.is_expiring_soon = (
                agreement.state == "active" and bool(agreement.date_end) and today <= agreement.date_end <= today + days
            )

    def _search_is_expiring_soon(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._get_expiring_domain()

    @api.model
    def _get_dashboard_sections(self, today):
        """Extension point: the list of the dashboard's sections (see ``lib/dashboard.py``).

        Each feature's override calls ``super()`` and appends its own sections;
        every section must use a fixed number of queries, whatever the amount of data.
        """
        return [
            *self._get_dashboard_agreement_sections(today),
            *self._get_dashboard_hour_sections(today),
        ]

    @api.model
    def _dashboard_days_label(self, days_left):
        """Days until a date: "Today", "Tomorrow", "12 days", or "3 days late" once past."""
        if days_left < 0:
            return self.env._("1 day late") if days_left == -1 else self.env._("%s days late", -days_left)
        if days_left == 0:
            return self.env._("Today")
        return self.env._("Tomorrow") if days_left == 1 else self.env._("%s days", days_left)

    @api.model
    def _dashboard_count(self, count):
        return formatLang(self.env, count, digits=0)

    @api.model
    def _get_dashboard_agreement_sections(self, today):
        """Agreements per state and those expiring soon: one grouped count, one count, one limited fetch."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        counts = dict(self._read_group([], ["state"], ["__count"]))
        days = self._get_expiring_days()
        domain = self._get_expiring_domain(days)
        expiring = self.search_fetch(
            domain,
            ["name", "partner_id", "date_end", "user_id"],
            order="date_end asc, id asc",
            limit=DASHBOARD_EXPIRING_LIMIT,
        )
        expiring_count = self.search_count(domain)
        expiring_action = dashboard.xml_action(AGREEMENT_ACTION, search_default_filter_expiring_soon=1)
        look = {
            "draft": ("fa-pencil-square-o", "secondary"),
            "active": ("fa-check-circle", "success"),
            "expired": ("fa-hourglass-end", "danger"),
            "cancelled": ("fa-ban", "muted"),
        }
        title = self.env._("Expiring in %s days", days)
        cards = [
            dashboard.card(
                key,
                label,
                counts.get(key, 0),
                self._dashboard_count(counts.get(key, 0)),
                icon=look[key][0],
                tone=look[key][1],
                action=dashboard.xml_action(AGREEMENT_ACTION, **{f"search_default_filter_state_{key}": 1}),
            )
            for key, label in labels.items()
        ]
        cards.append(
            dashboard.card(
                "expiring",
                title,
                expiring_count,
                self._dashboard_count(expiring_count),
                icon="fa-clock-o",
                tone="warning" if expiring_count else "muted",
                action=expiring_action,
            )
        )
        more = expiring_count - len(expiring)
        return [
            dashboard.section("agreements", 10, self.env._("Agreements by state"), icon="fa-handshake-o", cards=cards),
            dashboard.section(
                "expiring",
                20,
                title,
                icon="fa-clock-o",
                columns=[
                    dashboard.column("name", self.env._("Agreement")),
                    dashboard.column("partner", self.env._("Customer")),
                    dashboard.column("date_end", self.env._("End date")),
                    dashboard.column("days_left", self.env._("Days left"), align="end"),
                    dashboard.column("user", self.env._("Responsible")),
                ],
                rows=[
                    dashboard.row(
                        agreement.id,
                        [
                            agreement.name,
                            agreement.partner_id.display_name,
                            format_date(self.env, agreement.date_end),
                            dashboard.cell(
                                self._dashboard_days_label(max((agreement.date_end - today).days, 0)),
                                tone=dashboard.days_left_tone((agreement.date_end - today).days),
                            ),
                            agreement.user_id.name,
                        ],
                        action=dashboard.form_action(self._name, agreement.id),
                    )
                    for agreement in expiring
                ],
                empty=not expiring and self.env._("No agreement expires in the next %s days.", days),
                more=more > 0
                and {"label": self.env._("%s more: show all expiring agreements", more), "action": expiring_action},
            ),
        ]

    @api.model
    def _get_dashboard_hour_sections(self, today):
        """This month's hours and billable amounts, the packs past their threshold, the
        agreements running out of prepaid hours and the burn-down: a fixed number of grouped queries."""
        Allocation = self.env["amc.time.allocation"]
        Pack = self.env["amc.hour.pack"]
        month_start, month_end = billing.period_bounds(today, "month")
        month_domain = [("date", ">=", month_start), ("date", "<=", month_end)]
        bucket_labels = dict(Allocation._fields["bucket"]._description_selection(self.env))
        minutes_by_bucket = dict(Allocation._read_group(month_domain, ["bucket"], ["minutes:sum"]))
        amounts = Allocation._read_group(month_domain + [("bucket", "=", "billable")], ["currency_id"], ["amount:sum"])
        thresholds = self._get_pack_thresholds()
        critical = thresholds[-1] * 100 if thresholds else 100.0
        alert_domain = Pack._get_alert_domain()
        alert_packs = Pack.search_fetch(
            alert_domain,
            ["name", "agreement_id", "partner_id", "hours", "hours_remaining", "usage_percent"],
            order="usage_percent desc, id",
            limit=DASHBOARD_EXPIRING_LIMIT,
        )
        alert_count = Pack.search_count(alert_domain)
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
                forecasts.append((depletion, agreement.id, agreement, hours_left))
        forecasts.sort(key=lambda forecast: forecast[:2])
        burndown = sorted(remaining, key=lambda agreement: agreement.display_name)
        minutes_total = sum(max(minutes, 0) for minutes in minutes_by_bucket.values())
        pack_action = dashboard.xml_action(PACK_ACTION, search_default_filter_threshold=1)
        shown_forecasts = forecasts[:DASHBOARD_EXPIRING_LIMIT]
        sections = [
            dashboard.section(
                "hours",
                30,
                self.env._("Hours this month"),
                icon="fa-clock-o",
                width="two_thirds",
                subtitle=format_date(self.env, month_start, date_format="MMMM y"),
                bar=True,
                cards=[
                    dashboard.card(
                        key,
                        label,
                        minutes_by_bucket.get(key, 0) / 60.0,
                        format_duration(minutes_by_bucket.get(key, 0) / 60.0),
                        share=dashboard.share(minutes_by_bucket.get(key, 0), minutes_total),
                    )
                    for key, label in bucket_labels.items()
                ],
                empty=not minutes_total and self.env._("No time logged this month."),
                footer=self.env._("%s in total", format_duration(minutes_total / 60.0)),
            ),
            dashboard.section(
                "billable",
                40,
                self.env._("Billable this month"),
                icon="fa-money",
                width="third",
                cards=[
                    dashboard.card(
                        f"currency_{currency.id}",
                        currency.name,
                        amount,
                        format_amount(self.env, amount, currency),
                        tone="success",
                    )
                    for currency, amount in amounts
                    if currency
                ],
                empty=not any(currency for currency, _amount in amounts) and self.env._("Nothing billable yet"),
            ),
            dashboard.section(
                "pack_alerts",
                50,
                self.env._("Packs past threshold"),
                icon="fa-battery-quarter",
                width="half",
                badge=dashboard.badge(alert_count, "danger" if alert_count else "secondary"),
                action=pack_action,
                columns=[
                    dashboard.column("name", self.env._("Pack")),
                    dashboard.column("partner", self.env._("Customer")),
                    dashboard.column("usage", self.env._("Used"), align="end"),
                    dashboard.column("hours_remaining", self.env._("Hours left"), align="end"),
                ],
                rows=[
                    dashboard.row(
                        pack.id,
                        [
                            dashboard.cell(pack.name, note=pack.agreement_id.display_name),
                            pack.partner_id.display_name,
                            dashboard.cell(
                                dashboard.percent_label(pack.usage_percent),
                                tone="danger"
                                if pack.usage_percent >= critical or pack.hours_remaining <= 0
                                else "warning",
                            ),
                            format_duration(pack.hours_remaining),
                        ],
                        action=dashboard.form_action(Pack._name, pack.id),
                    )
                    for pack in alert_packs
                ],
                empty=not alert_packs and self.env._("No prepaid pack has passed its usage threshold."),
                more=alert_count > len(alert_packs)
                and {
                    "label": self.env._("%s more: show all packs past their threshold", alert_count - len(alert_packs)),
                    "action": pack_action,
                },
            ),
            dashboard.section(
                "forecasts",
                60,
                self.env._("Run out within %s days", window),
                icon="fa-hourglass-half",
                width="half",
                badge=dashboard.badge(len(forecasts), dashboard.count_tone(len(forecasts), "warning")),
                columns=[
                    dashboard.column("name", self.env._("Agreement")),
                    dashboard.column("hours_remaining", self.env._("Hours left"), align="end"),
                    dashboard.column("date", self.env._("Runs out")),
                    dashboard.column("days_left", self.env._("Days left"), align="end"),
                ],
                rows=[
                    dashboard.row(
                        agreement.id,
                        [
                            agreement.display_name,
                            format_duration(hours_left),
                            format_date(self.env, depletion),
                            dashboard.cell(
                                self._dashboard_days_label(max((depletion - today).days, 0)),
                                tone=dashboard.days_left_tone((depletion - today).days),
                            ),
                        ],
                        action=dashboard.form_action(self._name, agreement.id),
                    )
                    for depletion, _id, agreement, hours_left in shown_forecasts
                ],
                empty=not forecasts and self.env._("No agreement runs out of prepaid hours within %s days.", window),
                more=len(forecasts) > len(shown_forecasts)
                and {"label": self.env._("and %s more", len(forecasts) - len(shown_forecasts)), "action": False},
            ),
        ]
        if burndown:  # the chart of one agreement at a time, drawn by its own component
            sections.append(
                dashboard.section(
                    "burndown",
                    1000,
                    self.env._("Prepaid hours burn-down"),
                    icon="fa-line-chart",
                    widget="burndown",
                    widget_data={
                        "agreements": [{"id": agreement.id, "name": agreement.display_name} for agreement in burndown],
                        # charted first: the agreement that runs out first, else the first listed
                        "default_id": shown_forecasts[0][2].id if shown_forecasts else burndown[0].id,
                    },
                )
            )
        return sections

    @api.model
    def get_dashboard_data(self):
        """Everything the Support dashboard shows, in one call: the sections of
        every feature, ordered by sequence (see ``lib/dashboard.py``).

        The number of queries does not depend on the number of agreements. Its "today"
        (this month's hours, what is due) is the one of the company the user works in
        (:meth:`res.company._amc_today`), whatever the user's own timezone.
        """
        today = self.env.company._amc_today()
        sections = sorted(self._get_dashboard_sections(today), key=lambda section: section["sequence"])
        states = next(section for section in sections if section["key"] == "agreements")
        return {
            "total": sum(card["value"] for card in states["cards"] if card["key"] != "expiring"),
            "create_action": dashboard.form_action(self._name),
            "sections": sections,
        }
