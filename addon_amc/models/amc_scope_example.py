# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import file_path, ormcache

from ..lib import scope_classifier, scope_model
from .amc_request import SCOPE_SELECTION
from .amc_scope_rule import SEED_RULES_PATH

_logger = logging.getLogger(__name__)

#: The files the base model is trained from (the same for every database: built once per process).
EVAL_SET_PATH = "addon_amc/test/scope_eval_set.json"
WEIGHTS_PATH = "addon_amc/" + scope_model.WEIGHTS_FILE
COUNTS_PATH = "addon_amc/" + scope_model.COUNTS_FILE
#: A company's model learns from at most this many of its latest decisions.
MAX_LEARNED_DECISIONS = 5000
#: ... and the latest this many also move its copy of the discriminative half (scope_model.learn_decision): a few
#: milliseconds each in pure Python (about 7 s for 1,000 contrary decisions) against 0.5 ms for the naive Bayes
#: alone, so that rebuilding a company's model after a new decision stays within seconds however long its history.
MAX_TAUGHT_DECISIONS = 1000


@functools.cache
def get_base_model():
    """The model every company starts from (seed rules' texts and the evaluation set's training part, and the
    shipped weights of its discriminative half).

    Built once per process: it depends on the module's files only. Callers clone it.
    """
    return base_model_of(EVAL_SET_PATH, SEED_RULES_PATH, WEIGHTS_PATH, COUNTS_PATH)


def base_model_of(eval_set_path, rules_path, weights_path, counts_path):
    """:func:`get_base_model` from these module files: the naive Bayes half read from the shipped counts while they
    are current (about a second), else counted from the set again (half a minute), with a warning."""
    try:
        items = scope_model.load_eval_set(file_path(eval_set_path))
    except FileNotFoundError:  # a copy of the module without its test/ folder: the seed rules' texts only
        _logger.warning("scope classifier: %s not found, the learned model starts from the rules only", eval_set_path)
        items = []
    rules = scope_classifier.load_rules_xml(file_path(rules_path))
    try:
        weights = scope_model.load_weights(file_path(weights_path))
    except FileNotFoundError:  # the naive Bayes half alone
        _logger.warning("scope classifier: %s not found, the learned model has no discriminative half", weights_path)
        weights = None
    try:
        counts = scope_model.load_counts(file_path(counts_path))
    except FileNotFoundError:
        counts = None
    model = scope_model.base_model_from_counts(items, rules, weights, counts) if counts is not None else None
    if model is None:
        _logger.warning(
            "scope classifier: %s is missing or not made from the current training set and seed rules "
            "(npm run train:classifier): counting them again",
            counts_path,
        )
        model = scope_model.base_model(items, rules, weights)
    return model


class AmcScopeExample(models.Model):
    """One scope decision of an agent, learned by the company's model: an override or a confirmation.

    Written by the server only, when a scope is set by hand (``amc.request``):
    the request's text is kept as it was then. Managers can read them and
    clear a company's (:meth:`action_reset_learning`); the override log
    (``amc.scope.override``) keeps the audit trail either way.
    """

    _name = "amc.scope.example"
    _inherit = ["amc.guard.mixin"]
    _description = "Learned Scope Decision"
    _order = "id desc"
    _rec_name = "request_id"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    request_id = fields.Many2one("amc.request", index="btree_not_null", ondelete="set null", readonly=True)
    text = fields.Text(required=True, readonly=True, help="The request's subject and description when decided.")
    scope = fields.Selection(SCOPE_SELECTION, required=True, readonly=True)
    kind = fields.Selection(
        [("override", "Override"), ("confirm", "Confirmation")],
        required=True,
        readonly=True,
        help="Override: the agent changed the automatic scope. Confirmation: the agent set the same scope by hand.",
    )
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    # ------------------------------------------------------------------
    # The company's model, cached per registry
    # ------------------------------------------------------------------
    @api.model
    def _get_scope_model(self, company_id):
        """The base model plus what ``company_id``'s agents decided; cleared with the registry cache.

        Any new decision or reset calls ``registry.clear_cache()``, so every
        worker retrains on its next classification.
        """
        return self._scope_model_cached(company_id or False)

    @ormcache("company_id")
    def _scope_model_cached(self, company_id):
        base = get_base_model()
        if not company_id:
            return base
        examples = self.sudo().search_fetch(
            [("company_id", "=", company_id)],
            ["request_id", "text", "scope", "kind", "user_id"],
            order="id desc",
            limit=MAX_LEARNED_DECISIONS,
        )
        if not examples:
            # nothing learned: the shared base model (read only, as every cached model), not a full copy
            # of it per company
            return base
        model = base.clone()
        taught_from = len(examples) - MAX_TAUGHT_DECISIONS
        for position, example in enumerate(reversed(examples)):
            # a deleted request still teaches, but is not named in explanations
            decision = (
                scope_model.Decision(
                    ref=example.request_id._scope_decision_ref(),
                    scope=example.scope,
                    kind=example.kind,
                    user=example.user_id.name or "",
                )
                if example.request_id
                else None
            )
            model.learn_decision(example.text, example.scope, decision, regression=position >= taught_from)
        return model

    @api.model
    def _get_threshold(self):
        """The Settings threshold (0 to 1): where no rule matches, the model decides from this confidence on."""
        return self.env["amc.settings"]._get("scope_model_threshold") / 100.0

    @api.model
    def _learn(self, requests, scope, kind_of=None):
        """Record the agent's decision ``scope`` on ``requests`` and make every worker retrain.

        ``kind_of``: ``{request: "override" | "confirm"}`` (default override).
        Requests without text and ``needs_review`` teach nothing.
        """
        # "needs review" set by hand says the agent has not decided: nothing to learn (the model learns vague
        # requests from the labelled set, not from an agent's pause)
        if scope not in scope_classifier.RULE_SCOPES:
            return self.browse()
        vals_list = []
        for request in requests:
            text = request._scope_text(request.name, request.description)
            if not scope_classifier.normalize(text):
                continue
            vals_list.append(
                {
                    "company_id": request.company_id.id or self.env.company.id,
                    "request_id": request.id,
                    "text": text,
                    "scope": scope,
                    "kind": (kind_of or {}).get(request, "override"),
                    "user_id": self.env.uid,
                }
            )
        examples = self.sudo().create(vals_list) if vals_list else self.browse()
        if examples:
            self.env.registry.clear_cache()
        return examples

    # ------------------------------------------------------------------
    # Reset
    # ------------------------------------------------------------------
    def action_reset_learning(self):
        """Forget what the current company's model learned (Support managers, administrators).

        The override log stays. Called from the Learned Scope Decisions list
        (the selected records do not matter) and from Settings.
        """
        user = self.env.user
        if not (user.has_group("addon_amc.group_amc_manager") or user.has_group("base.group_system")):
            raise AccessError(self.env._("Only Support managers can clear what the scope classifier learned."))
        company = self.env.company
        examples = self.sudo().search([("company_id", "=", company.id)])
        count = len(examples)
        examples.unlink()
        self.env.registry.clear_cache()
        _logger.info("scope classifier: %s learned decisions of company %s cleared", count, company.id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The scope classifier forgot %(count)s learned decisions of %(company)s.",
                    count=count,
                    company=company.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Learned scope decisions are recorded by the module only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Learned scope decisions cannot be edited."))
        return super().write(vals)
