# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MILESTONE_KINDS = [
    ("assessment", "Assessment"),
    ("custom_review", "Custom-module Review"),
    ("test_migration", "Test Migration"),
    ("uat", "User Acceptance Tests"),
    ("go_live", "Go-live"),
]


class AmcUpgradeMilestone(models.Model):
    _name = "amc.upgrade.milestone"
    _inherit = ["amc.guard.mixin"]
    _description = "Upgrade Milestone"
    _order = "plan_id, sequence, date, id"

    plan_id = fields.Many2one("amc.upgrade.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(MILESTONE_KINDS, string="Milestone", required=True)
    date = fields.Date(required=True)
    done = fields.Boolean()
    date_done = fields.Date(string="Done On", compute="_compute_date_done", store=True, readonly=False)
    note = fields.Char()

    @api.depends("done")
    def _compute_date_done(self):
        todays = self.company_id._amc_todays()
        for milestone in self:
            if not milestone.done:
                milestone.date_done = False
            elif not milestone.date_done:
                milestone.date_done = todays[milestone.company_id]

    @api.constrains("date", "plan_id")
    def _check_date_in_plan(self):
        for milestone in self:
            plan = milestone.plan_id
            if milestone.date > plan.date_target or milestone.date < plan.date_planning_start:
                raise ValidationError(
                    self.env._(
                        "Milestone %(milestone)s (%(date)s) must fall between the planning start %(start)s "
                        "and the go-live %(target)s.",
                        milestone=dict(self._fields["kind"]._description_selection(self.env))[milestone.kind],
                        date=fields.Date.to_string(milestone.date),
                        start=fields.Date.to_string(plan.date_planning_start),
                        target=fields.Date.to_string(plan.date_target),
                    )
                )
