# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import billing
from .amc_request import DONE_STATES
from .amc_time_allocation import BUCKET_SELECTION


class AmcTimeEntry(models.Model):
    _name = "amc.time.entry"
    _inherit = ["amc.guard.mixin"]
    _description = "Support Time Entry"
    _order = "date desc, id desc"

    request_id = fields.Many2one("amc.request", required=True, index=True, ondelete="cascade")
    agreement_id = fields.Many2one(related="request_id.agreement_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    date = fields.Date(required=True, default=lambda self: self.env.company._amc_today(), index=True)
    duration = fields.Float(
        string="Duration (h)",
        required=True,
        help="Time spent, in hours (hh:mm): at most 24 hours per entry.",
        amc_bounds=(None, 24),
    )
    description = fields.Char()
    allocation_ids = fields.One2many("amc.time.allocation", "entry_id")
    bucket = fields.Selection(BUCKET_SELECTION, compute="_compute_billing", store=True)
    pack_id = fields.Many2one("amc.hour.pack", compute="_compute_billing", store=True)
    billed_hours = fields.Float(compute="_compute_billing", store=True)
    billable_hours = fields.Float(compute="_compute_billing", store=True)
    amount = fields.Monetary(currency_field="currency_id", compute="_compute_billing", store=True)

    _duration_positive = models.Constraint("CHECK(duration > 0)", "A time entry needs a positive duration.")

    @api.depends("allocation_ids.bucket", "allocation_ids.minutes", "allocation_ids.pack_id", "allocation_ids.amount")
    def _compute_billing(self):
        for entry in self:
            minutes_by_bucket = defaultdict(int)
            minutes_by_pack = defaultdict(int)
            for line in entry.allocation_ids:
                minutes_by_bucket[line.bucket] += line.minutes
                if line.pack_id:
                    minutes_by_pack[line.pack_id] += line.minutes
            # the bucket and pack that pay for most of the entry (ties: the first in bucket order)
            entry.bucket = max(minutes_by_bucket, key=minutes_by_bucket.get, default=False)
            entry.pack_id = max(minutes_by_pack, key=minutes_by_pack.get, default=False)
            entry.billed_hours = sum(minutes_by_bucket.values()) / 60.0
            entry.billable_hours = minutes_by_bucket["billable"] / 60.0
            entry.amount = sum(entry.allocation_ids.mapped("amount"))

    @api.constrains("duration", "date", "request_id")
    def _check_entry(self):
        for entry in self:
            if billing.hours_to_minutes(entry.duration) < 1:
                raise ValidationError(
                    self.env._(
                        "Log a positive duration of at least one minute (it was %(duration)s h).",
                        duration=entry.duration,
                    )
                )
            agreement = entry.request_id.agreement_id
            if agreement.state in ("draft", "cancelled"):
                raise ValidationError(
                    self.env._(
                        "Time cannot be logged on %(agreement)s: the agreement is %(state)s.",
                        agreement=agreement.display_name,
                        state=dict(agreement._fields["state"]._description_selection(self.env))[agreement.state],
                    )
                )
            if entry.date < agreement.date_start or (agreement.date_end and entry.date > agreement.date_end):
                raise ValidationError(
                    self.env._(
                        "%(date)s is outside the period of %(agreement)s (%(start)s to %(end)s).",
                        date=entry.date,
                        agreement=agreement.display_name,
                        start=agreement.date_start,
                        end=agreement.date_end or self.env._("open-ended"),
                    )
                )

    def _check_request_open(self):
        """Time is logged, changed, moved or deleted only on an open request (a resolved request's time is what
        was done: reopen the request to correct it, which its chatter records)."""
        for entry in self:
            if entry.request_id.state in DONE_STATES:
                raise ValidationError(
                    self.env._(
                        "Time cannot be logged on %(request)s: the request is %(state)s. Reopen it first.",
                        request=entry.request_id.display_name,
                        state=dict(entry.request_id._fields["state"]._description_selection(self.env))[
                            entry.request_id.state
                        ],
                    )
                )

    @api.model
    def _lock_before_writing(self, agreements):
        """Take the allocation lock of these agreements before the change writes anything.

        Taken later (when the allocation starts), a save would already have updated its
        request's row (its hours) when it waits for the lock, while the holder of the lock
        may be waiting to update that same row: a deadlock. If the lock cannot be had (a
        concurrent allocation committed meanwhile), the allocation will be deferred
        (:meth:`amc.agreement._reallocate_requests` asks again and gets the same answer).
        """
        agreements = agreements.exists()
        if agreements:
            agreements._lock_for_allocation(wait=False)

    @api.model_create_multi
    def create(self, vals_list):
        request_ids = {vals.get("request_id") for vals in vals_list}
        requests = self.env["amc.request"].sudo().browse(rid for rid in request_ids if isinstance(rid, int))
        self._lock_before_writing(requests.exists().agreement_id)
        entries = super().create(vals_list)
        entries._check_request_open()
        # the allocation from these requests' first changed position onward (incremental)
        entries.agreement_id._reallocate_requests(set(entries.request_id.ids))
        return entries

    def write(self, vals):
        allocating = {"duration", "date", "request_id"} & vals.keys()
        agreements, requests = self.agreement_id, self.request_id
        if allocating and not self.env.su:
            self._check_request_open()
        if allocating:
            moved_id = vals.get("request_id")
            moved_to = self.env["amc.request"].sudo().browse(moved_id if isinstance(moved_id, int) else []).exists()
            moved_to = moved_to.agreement_id
            self._lock_before_writing(agreements.sudo() | moved_to)
        result = super().write(vals)
        if "request_id" in vals:
            self._check_request_open()
        if allocating:
            (agreements | self.agreement_id)._reallocate_requests(set((requests | self.request_id).ids))
        return result

    def unlink(self):
        if not self.env.su:
            self._check_request_open()
        agreements, request_ids = self.agreement_id, set(self.request_id.ids)
        self._lock_before_writing(agreements.sudo())
        # the database cascade deletes the entries' rows: what they used is read before
        snapshot = self.env["amc.agreement"]._allocation_snapshot(request_ids)
        result = super().unlink()
        agreements.exists()._reallocate_requests(request_ids, snapshot)
        return result
