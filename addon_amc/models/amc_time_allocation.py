# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..lib.billing import BUCKET_SELECTION


class AmcTimeAllocation(models.Model):
    """Who pays for a slice of a time entry.

    Written only by the allocation (``amc_agreement_allocation.py``: incremental
    ``_reallocate_requests``, full ``_recompute_allocations``); one entry has
    several lines when its request is split (allowance, two packs, overage).
    """

    _name = "amc.time.allocation"
    _inherit = ["amc.guard.mixin"]
    _description = "Support Time Allocation"
    _order = "date, id"

    agreement_id = fields.Many2one("amc.agreement", required=True, index=True, ondelete="cascade")
    request_id = fields.Many2one("amc.request", required=True, index=True, ondelete="cascade")
    entry_id = fields.Many2one("amc.time.entry", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id", store=True)
    date = fields.Date(required=True, index=True)
    # no index of its own: five values, and the planner combined it with the (agreement, date)
    # range in bitmap scans that read every pack row of the database
    bucket = fields.Selection(BUCKET_SELECTION, required=True)
    pack_id = fields.Many2one("amc.hour.pack", index=True, ondelete="cascade")
    minutes = fields.Integer(required=True)
    hours = fields.Float(compute="_compute_hours", store=True, aggregator="sum")
    amount = fields.Monetary(currency_field="currency_id", aggregator="sum")

    # the allocation reads an agreement's rows by date: balances before a position, the walk
    # forward from it, and the months a change touched
    _agreement_date_idx = models.Index("(agreement_id, date, request_id)")
    # the limited buckets' balances (the allowance used in a period, the pack time of the last
    # month): one bucket of one agreement over a range of days
    _agreement_bucket_date_idx = models.Index("(agreement_id, bucket, date)")
    _minutes_positive = models.Constraint("CHECK(minutes > 0)", "An allocation covers a positive number of minutes.")
    _pack_bucket = models.Constraint(
        "CHECK((bucket = 'pack') = (pack_id IS NOT NULL))",
        "Pack allocations, and only they, point to a pack.",
    )

    @api.depends("minutes")
    def _compute_hours(self):
        for line in self:
            line.hours = line.minutes / 60.0
