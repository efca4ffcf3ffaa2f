# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .amc_request import DONE_STATES


class AmcSlaPolicy(models.Model):
    _name = "amc.sla.policy"
    _inherit = ["amc.guard.mixin"]
    _description = "SLA Policy"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the policy between companies.",
    )
    target_ids = fields.One2many("amc.sla.target", "policy_id", string="Targets", copy=True)
    description = fields.Text()

    def _get_target(self, priority):
        """The target of ``priority`` in this policy (empty if none)."""
        self.ensure_one()
        return self.target_ids.filtered(lambda target: target.priority == priority)[:1]

    def _sla_recompute_open_requests(self):
        """Deadlines of the open requests that use these policies follow their new targets."""
        if not self:
            return
        Request = self.env["amc.request"].sudo()
        open_domain = [("state", "not in", DONE_STATES)]
        requests = Request.search(open_domain + [("sla_policy_id", "in", self.ids)])
        # requests of agreements that fall back on a company default that is one of these policies
        companies = self.env["res.company"].sudo().search([("amc_sla_policy_id", "in", self.ids)])
        requests |= Request._sla_open_on_company_default(companies)
        requests._sla_queue_replan(reset_flags=True)

    @api.model
    def _sla_set_company_defaults(self):
        """Data hook: give every company without a default SLA policy the seeded one."""
        policy = self.env.ref("addon_amc.amc_sla_policy_default", raise_if_not_found=False)
        if policy:
            companies = (
                self.env["res.company"]
                .sudo()
                .with_context(active_test=False)
                .search([("amc_sla_policy_id", "=", False)])
            )
            companies.amc_sla_policy_id = policy
