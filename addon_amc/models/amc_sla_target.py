# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .amc_request import PRIORITY_SELECTION

SLA_UNIT_SELECTION = [
    ("hours", "Hours (24/7)"),
    ("business_hours", "Business Hours"),
    ("business_days", "Business Days"),
]


class AmcSlaTarget(models.Model):
    _name = "amc.sla.target"
    _inherit = ["amc.guard.mixin"]
    _description = "SLA Target"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one("amc.sla.policy", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    priority = fields.Selection(PRIORITY_SELECTION, required=True)
    response_time = fields.Float(
        required=True,
        default=1.0,
        amc_bounds=(None, 8760),
        help="How soon the first public reply (or an acknowledgement) is due.",
    )
    response_unit = fields.Selection(SLA_UNIT_SELECTION, required=True, default="business_days")
    resolution_time = fields.Float(
        help="How soon the request must be resolved. Zero: no resolution target.", amc_bounds=(None, 8760)
    )
    resolution_unit = fields.Selection(SLA_UNIT_SELECTION, required=True, default="business_days")
    update_time = fields.Float(
        help="While the request is open and not waiting on the customer, the customer gets a public "
        "update at least this often; the clock starts again at each public reply. Zero: no update target.",
        amc_bounds=(None, 8760),
    )
    update_unit = fields.Selection(SLA_UNIT_SELECTION, required=True, default="business_hours")

    _policy_priority_unique = models.Constraint(
        "UNIQUE(policy_id, priority)",
        "A policy has one target per priority.",
    )
    _times_positive = models.Constraint(
        "CHECK(response_time > 0 AND resolution_time >= 0)",
        "The response time must be positive and the resolution time cannot be negative.",
    )
    _update_time_positive = models.Constraint(
        "CHECK(update_time >= 0)",
        "The update time cannot be negative.",
    )

    def _get_time(self, kind):
        """``(value, unit)`` of the target of ``kind`` (response, resolution or update)."""
        self.ensure_one()
        if kind == "response":
            return self.response_time, self.response_unit
        if kind == "resolution":
            return self.resolution_time, self.resolution_unit
        return self.update_time, self.update_unit

    @api.depends("priority")
    def _compute_sequence(self):
        order = {"critical": 1, "high": 2, "standard": 3}
        for target in self:
            target.sequence = order.get(target.priority, 10)

    @api.model_create_multi
    def create(self, vals_list):
        targets = super().create(vals_list)
        targets.policy_id._sla_recompute_open_requests()
        return targets

    def write(self, vals):
        policies = self.policy_id
        result = super().write(vals)
        (policies | self.policy_id)._sla_recompute_open_requests()
        return result

    def unlink(self):
        policies = self.policy_id
        result = super().unlink()
        policies.exists()._sla_recompute_open_requests()
        return result
