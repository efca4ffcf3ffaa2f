# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import scope_model
from ..models.amc_scope_rule import RULE_SCOPE_SELECTION

#: The report reads at most this many of the company's latest learned decisions.
SUGGESTION_DECISIONS = 2000


class AmcScopeSuggestion(models.TransientModel):
    """A group of agents' decisions that no rule explains, sharing a word: a candidate rule.

    Built by :meth:`action_open` for the current company
    (``scope_model.suggest_rules``); :meth:`action_create_rule` turns a group
    into an archived (draft) rule for a manager to review and activate.
    """

    _name = "amc.scope.suggestion"
    _inherit = ["amc.guard.mixin"]
    _description = "Scope Rule Suggestion"
    _order = "count desc, word"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    word = fields.Char(required=True, readonly=True, help="The word the decisions share: a candidate match term.")
    scope = fields.Selection(RULE_SCOPE_SELECTION, required=True, readonly=True)
    count = fields.Integer(string="Decisions", readonly=True)
    requests = fields.Text(readonly=True, help="The requests whose decisions no rule explains.")
    rule_id = fields.Many2one("amc.scope.rule", string="Draft Rule", readonly=True)

    def _check_manager(self):
        if not self.env.user.has_group("addon_amc.group_amc_manager"):
            raise AccessError(self.env._("Only Support managers can turn decisions into rules."))

    @api.model
    def action_open(self):
        """Group the current company's learned decisions no rule explains; open the report."""
        self._check_manager()
        company = self.env.company
        examples = (
            self.env["amc.scope.example"]
            .sudo()
            .search_fetch(
                [("company_id", "=", company.id)], ["request_id", "text", "scope"], limit=SUGGESTION_DECISIONS
            )
        )
        rules = self.env["amc.scope.rule"]._get_compiled_rules(company.id)
        decisions = [
            (example.request_id._scope_decision_ref() if example.request_id else "", example.text, example.scope)
            for example in examples
        ]
        self.sudo().search([("company_id", "=", company.id), ("create_uid", "=", self.env.uid)]).unlink()
        # the report's lines are the module's (read-only fields); create_uid stays the manager's
        self.sudo().create(
            [
                {
                    "company_id": company.id,
                    "word": suggestion.word,
                    "scope": suggestion.scope,
                    "count": len(suggestion.refs),
                    "requests": "\n".join(ref for ref in suggestion.refs if ref),
                }
                for suggestion in scope_model.suggest_rules(decisions, rules)
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rule Suggestions"),
            "res_model": self._name,
            "view_mode": "list",
            "domain": [("company_id", "=", company.id), ("create_uid", "=", self.env.uid)],
            "context": {"create": False, "delete": False},
        }

    def action_create_rule(self):
        """One click: an archived draft rule matching the group's word, with its scope; opens it."""
        self.ensure_one()
        self._check_manager()
        if self.rule_id:
            raise UserError(self.env._("A draft rule was already made from this suggestion."))
        labels = dict(RULE_SCOPE_SELECTION)
        rule = self.env["amc.scope.rule"].create(
            {
                "name": self.env._("Suggested: %(word)s", word=self.word),
                "active": False,
                "company_id": self.company_id.id,
                "scope": self.scope,
                "terms": self.word,
                "category": self.env._("Suggested: %(word)s", word=self.word),
                "explanation": self.env._(
                    "Drafted from %(count)s decisions no rule explained, all %(scope)s:\n%(requests)s",
                    count=self.count,
                    scope=labels.get(self.scope, self.scope),
                    requests=self.requests or "",
                ),
            }
        )
        self.sudo().rule_id = rule  # the module's link (read-only for users)
        return {
            "type": "ir.actions.act_window",
            "res_model": "amc.scope.rule",
            "res_id": rule.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
