# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..lib import billing

PACK_SIZES = [("25", "25 hours"), ("50", "50 hours"), ("100", "100 hours")]


class AmcHourPack(models.Model):
    _name = "amc.hour.pack"
    _inherit = ["amc.guard.mixin"]
    _description = "Prepaid Support Pack"
    _order = "date_purchase desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    # no check_company: the pack's company comes from this agreement (see amc.request)
    agreement_id = fields.Many2one("amc.agreement", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    size = fields.Selection(
        PACK_SIZES,
        string="Pack",
        help="The standard packs: 25, 50 or 100 hours. Any positive number of hours is allowed.",
    )
    hours = fields.Float(required=True, default=25.0, amc_bounds=(None, 10000))
    price = fields.Monetary(currency_field="currency_id", amc_bounds=(None, 1e9))
    date_purchase = fields.Date(
        string="Purchased On", required=True, default=lambda self: self.env.company._amc_today()
    )
    date_expiry = fields.Date(string="Expires On")
    allocation_ids = fields.One2many("amc.time.allocation", "pack_id")
    hours_used = fields.Float(compute="_compute_usage", store=True)
    hours_remaining = fields.Float(compute="_compute_usage", store=True)
    hours_expired = fields.Float(compute="_compute_usage", store=True)
    usage_percent = fields.Float(compute="_compute_usage", store=True, aggregator="avg")
    state = fields.Selection(
        [("active", "Active"), ("depleted", "Depleted"), ("expired", "Expired")],
        compute="_compute_usage",
        store=True,
        index=True,
    )
    alert_threshold = fields.Float(
        copy=False,
        readonly=True,
        help="The highest usage threshold already notified for this pack.",
    )
    past_alert_threshold = fields.Boolean(
        compute="_compute_past_alert_threshold",
        search="_search_past_alert_threshold",
        help="Active, and used at least as much as the first pack alert of Settings.",
    )

    _hours_positive = models.Constraint("CHECK(hours > 0)", "A prepaid pack must hold more than 0 hours.")

    @api.model
    def _alert_percent(self):
        """The first pack alert of Settings, in percent."""
        return self.env["amc.agreement"]._get_pack_thresholds()[0] * 100

    @api.model
    def _get_alert_domain(self):
        """Active packs whose use reached the first pack alert of Settings (dashboard card and filter)."""
        return [("state", "=", "active"), ("usage_percent", ">=", self._alert_percent())]

    @api.depends("state", "usage_percent")
    def _compute_past_alert_threshold(self):
        lowest = self._alert_percent()
        for pack in self:
            pack.past_alert_threshold = pack.state == "active" and pack.usage_percent >= lowest

    def _search_past_alert_threshold(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._get_alert_domain()

    @api.depends("hours", "agreement_id.name")
    def _compute_name(self):
        for pack in self:
            pack.name = self.env._("%(hours)s h pack", hours=f"{pack.hours:g}")

    @api.onchange("size")
    def _onchange_size(self):
        if self.size:
            self.hours = float(self.size)

    @api.depends("hours", "date_expiry", "allocation_ids.minutes")
    def _compute_usage(self):
        used = {
            pack.id: minutes
            for pack, minutes in self.env["amc.time.allocation"]._read_group(
                [("pack_id", "in", self.ids)], ["pack_id"], ["minutes:sum"]
            )
        }
        todays = self.company_id._amc_todays()
        for pack in self:
            if pack.hours <= 0 or not pack.date_purchase:  # being edited; the constraint refuses it on save
                pack.update(
                    {
                        "hours_used": 0.0,
                        "hours_expired": 0.0,
                        "hours_remaining": 0.0,
                        "usage_percent": 0.0,
                        "state": "active",
                    }
                )
                continue
            data = pack._billing_pack()
            used_minutes = used.get(pack.id, 0)
            today = todays[pack.company_id]
            expired_minutes = billing.pack_expired_minutes(data, used_minutes, today)
            pack.hours_used = used_minutes / 60.0
            pack.hours_expired = expired_minutes / 60.0
            pack.hours_remaining = max(data.minutes - used_minutes - expired_minutes, 0) / 60.0
            pack.usage_percent = 100.0 * used_minutes / data.minutes if data.minutes > 0 else 0.0
            pack.state = billing.pack_status(data, used_minutes, today)

    @api.constrains("hours", "date_purchase", "date_expiry")
    def _check_pack(self):
        for pack in self:
            if pack.hours <= 0:
                raise ValidationError(self.env._("A prepaid pack must hold more than 0 hours."))
            if pack.date_expiry and pack.date_expiry < pack.date_purchase:
                raise ValidationError(self.env._("A pack cannot expire before it is purchased."))

    def _billing_pack(self):
        self.ensure_one()
        return billing.Pack(
            id=self.id or 0,
            minutes=billing.hours_to_minutes(self.hours),
            date_purchase=self.date_purchase,
            date_expiry=self.date_expiry or None,
        )

    @api.model_create_multi
    def create(self, vals_list):
        packs = super().create(vals_list)
        # new hours move the forecast: let it alert again if it is still close
        packs.agreement_id.sudo().forecast_alert_date = False
        packs._reallocate_from_purchase()
        return packs

    def write(self, vals):
        if not {"hours", "date_purchase", "date_expiry", "agreement_id"} & vals.keys():
            return super().write(vals)
        before = self._purchase_dates()
        result = super().write(vals)
        self._reallocate_from_purchase(before)
        return result

    def unlink(self):
        before = self._purchase_dates()
        # the database cascade deletes the packs' rows: the requests they paid for are read before
        request_ids = set(self.sudo().allocation_ids.request_id.ids)
        snapshot = self.env["amc.agreement"]._allocation_snapshot(request_ids)
        result = super().unlink()
        self._reallocate_from_purchase(before, request_ids, snapshot)
        return result

    def _purchase_dates(self):
        """``{agreement id: earliest purchase date}`` of these packs."""
        dates = {}
        for pack in self.sudo():
            agreement_id = pack.agreement_id.id
            dates[agreement_id] = min(dates.get(agreement_id, pack.date_purchase), pack.date_purchase)
        return dates

    def _reallocate_from_purchase(self, before=None, request_ids=(), snapshot=None):
        """A pack is usable from its purchase date: the requests from there on are allocated again."""
        dates = dict(before or {})
        for agreement_id, day in self.exists()._purchase_dates().items():
            dates[agreement_id] = min(dates.get(agreement_id, day), day)
        self.env["amc.agreement"].browse(dates)._reallocate_requests(request_ids, snapshot or {}, dates)

    @api.model
    def _cron_update_states(self):
        """Expiry depends on today (the pack's company's): refresh the packs that may have expired."""
        expired = self.env["res.company"]._amc_today_domain(lambda today: [("date_expiry", "<", today)])
        packs = self.search(Domain.AND([[("state", "=", "active")], expired]))
        packs._refresh_usage()

    def _refresh_usage(self):
        for fname in ("hours_used", "hours_remaining", "hours_expired", "usage_percent", "state"):
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset()
