# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DEFAULT_EXPIRING_DAYS = 60
DASHBOARD_EXPIRING_LIMIT = 20


class AmcAgreement(models.Model):
    _name = "amc.agreement"
    _description = "Support Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

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
        domain="[('share', '=', False)]",
    )
    notes = fields.Html()

    _date_end_after_start = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "An agreement cannot end before it starts.",
    )
    _active_has_customer = models.Constraint(
        "CHECK(state != 'active' OR partner_id IS NOT NULL)",
        "An active agreement needs a customer.",
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

    @api.model
    def _cron_expire_agreements(self):
        """Move active agreements whose end date has passed to ``expired``."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).state = "expired"

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
