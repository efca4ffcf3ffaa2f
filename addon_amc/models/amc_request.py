# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import billing

# a request in these states is finished: its clocks stop and it no longer counts as open
DONE_STATES = ("resolved", "closed")
PRIORITY_SELECTION = [("standard", "Standard"), ("high", "High"), ("critical", "Critical")]
SCOPE_SELECTION = billing.SCOPE_SELECTION


class AmcRequest(models.Model):
    _name = "amc.request"
    _description = "Support Request"
    _inherit = ["amc.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    # the open requests, few beside the history: "state not in DONE_STATES" (dashboard, SLA clocks) reads this
    _open_idx = models.Index("(id) WHERE state NOT IN ('resolved', 'closed')")

    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    agreement_id = fields.Many2one(
        "amc.agreement",
        # required except for requests to triage (email from an unknown sender): see amc_request_mail.py
        index=True,
        tracking=True,
        # no check_company: the request's company comes from this agreement, so on a new
        # request it is empty and the company domain would hide every agreement. The server
        # checks the result instead: the record rules (amc.guard.mixin) and _check_agreement.
        domain="[('state', '=', 'active')]",
    )
    customer_id = fields.Many2one(related="agreement_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The agreement's company; a request to triage keeps the company that received it.",
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Key User",
        tracking=True,
        check_company=True,
        help="The customer's key user who asked for the work.",
    )
    priority = fields.Selection(PRIORITY_SELECTION, required=True, default="standard", tracking=True, index=True)
    scope = fields.Selection(
        SCOPE_SELECTION,
        required=True,
        default="needs_review",
        tracking=True,
        index=True,
        help="Who pays: included in maintenance, first line, the configuration allowance, "
        "or billable (packs first, then the hourly rate). Needs Review is counted like Billable, "
        "and its month is not invoiced until an agent decides.",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("waiting", "Waiting on Customer"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        required=True,
        default="new",
        tracking=True,
        index=True,
        group_expand=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    time_entry_ids = fields.One2many("amc.time.entry", "request_id", string="Time")
    allocation_ids = fields.One2many("amc.time.allocation", "request_id")
    hours_spent = fields.Float(compute="_compute_hours", store=True)
    hours_billed = fields.Float(
        compute="_compute_hours",
        store=True,
        help="Time charged after the minimum and the rounding increment.",
    )
    billable_amount = fields.Monetary(currency_field="currency_id", compute="_compute_hours", store=True)

    @api.depends("agreement_id")
    def _compute_company_id(self):
        for request in self:
            if request.agreement_id:
                request.company_id = request.agreement_id.company_id
            elif not request.company_id:
                request.company_id = self.env.company

    @api.depends("time_entry_ids.duration", "allocation_ids.minutes", "allocation_ids.amount")
    def _compute_hours(self):
        for request in self:
            request.hours_spent = sum(request.time_entry_ids.mapped("duration"))
            request.hours_billed = sum(request.allocation_ids.mapped("minutes")) / 60.0
            request.billable_amount = sum(request.allocation_ids.mapped("amount"))

    HOURS_FIELDS = ("hours_spent", "hours_billed", "billable_amount")

    def _defer_hours(self):
        """Leave the hours of these requests to the deferred allocation
        (``amc.allocation.pending``), which computes them again once it holds the lock."""
        for fname in self.HOURS_FIELDS:
            self.env.remove_to_compute(self._fields[fname], self)

    def _compute_hours_again(self):
        """Compute the hours of these requests now (after a deferred allocation)."""
        for fname in self.HOURS_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(list(self.HOURS_FIELDS))

    def unlink(self):
        # the database cascade removes the time and its allocation without telling the
        # packs: delete the time through the ORM, which allocates the agreements again
        self.time_entry_ids.unlink()
        return super().unlink()

    @api.constrains("agreement_id")
    def _check_agreement(self):
        """A request is opened, or moved, only on an active agreement."""
        for request in self:
            agreement = request.agreement_id
            if agreement and agreement.state != "active":
                raise ValidationError(
                    self.env._(
                        "Requests can only be opened on active agreements, and %(agreement)s is %(state)s.",
                        agreement=agreement.display_name,
                        state=dict(agreement._fields["state"]._description_selection(self.env))[agreement.state],
                    )
                )

    @api.constrains("agreement_id")
    def _check_time_on_agreement(self):
        """Moving a request moves its time: it must fit the new agreement's period and state."""
        self.time_entry_ids._check_entry()

    def write(self, vals):
        agreements = self.agreement_id if {"agreement_id", "scope"} & vals.keys() else None
        result = super().write(vals)
        if agreements is not None:
            (agreements | self.agreement_id)._reallocate_requests(set(self.ids))
        return result
