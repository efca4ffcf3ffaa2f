# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import file_path, ormcache

from ..lib import billing, scope_classifier, scope_seed_history

# the scopes a rule can give (needs_review is the absence of a match)
RULE_SCOPE_SELECTION = [item for item in billing.SCOPE_SELECTION if item[0] in scope_classifier.RULE_SCOPES]
#: The seed rules the module installs (``noupdate``: an update does not reload them).
SEED_RULES_PATH = "addon_amc/addon_amc/data/amc_scope_rule_data.xml"


def migrate_seed_terms(cr, version):
    """Give the seed rules the terms ``version`` gave them, where they still hold the ones it replaced.

    Called by the migration script of each version of :data:`scope_seed_history.CHANGES`. A rule
    whose terms an administrator edited (they parse to other terms) is left alone. The newest
    version writes the seed file's own text; an older one, on a database skipping versions, its
    terms one per line, which the next step recognises.
    """
    texts = {rule.id: rule.terms for rule in scope_classifier.load_rules_xml(file_path(SEED_RULES_PATH))}
    step = scope_seed_history.steps({xml_id: scope_classifier.parse_terms(text) for xml_id, text in texts.items()})
    newest = version == scope_seed_history.CHANGES[-1][0]
    for xml_id, (before, after) in step[version].items():
        cr.execute(
            """
            SELECT rule.id, rule.terms
              FROM amc_scope_rule AS rule
              JOIN ir_model_data AS data
                ON data.res_id = rule.id AND data.model = 'amc.scope.rule'
             WHERE data.module = 'addon_amc' AND data.name = %s
            """,
            [xml_id],
        )
        for rule_id, terms in cr.fetchall():
            try:
                stored = set(scope_classifier.parse_terms(terms))
            except ValueError:
                continue
            if stored == set(before):
                new_text = texts[xml_id] if newest else "\n".join(after)
                cr.execute("UPDATE amc_scope_rule SET terms = %s WHERE id = %s", [new_text, rule_id])


def seed_terms_migration(target):
    """The ``migrate(cr, version)`` of ``target``'s migration script: :func:`migrate_seed_terms`, on an update only.

    Odoo calls it with the version installed before (none on a new install) and accepts only the
    parameter names ``cr`` and ``version`` (``odoo.modules.migration.exec_script``).
    """

    def migrate(cr, version):
        if version:
            migrate_seed_terms(cr, target)

    return migrate


class AmcScopeRule(models.Model):
    _name = "amc.scope.rule"
    _inherit = ["amc.guard.mixin"]
    _description = "Scope Rule"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10, help="Breaks ties between equally specific matches: lowest first.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="The company whose requests the rule classifies; empty, every company's (a shared rule, which only "
        "an administrator changes; a user's new rule is their company's unless they say otherwise).",
    )
    terms = fields.Text(
        string="Match Terms",
        help="One word or phrase per line, matched on word boundaries, ignoring case and accents. "
        "A word ending in * matches any ending (import* matches imports, importing). "
        "Lines starting with # are comments.",
    )
    regex = fields.Char(
        string="Regular Expression",
        help="Optional, matched against the normalised text: lower case, no accents, punctuation replaced by spaces. "
        f"Limits: at most {scope_classifier.MAX_REGEX_LENGTH} characters; no backreferences and no nested "
        f"repetitions such as (a+)+; each match may run at most {scope_classifier.REGEX_TIMEOUT:g} s on a text, "
        "otherwise the rule is skipped for that text (the reason says so). A regular expression that takes "
        "longer than that on a short test text is refused when the rule is saved.",
    )
    scope = fields.Selection(RULE_SCOPE_SELECTION, required=True, default="billable")
    category = fields.Char(required=True, help='Shown in the reason, e.g. "Data import/export".')
    explanation = fields.Text(help="Why requests matching this rule get its scope; shown to agents.")
    always_charged = fields.Boolean(
        help='From the agreement\'s "always charged as incurred" list: when such a rule matches, '
        "it wins over every other rule, however specific.",
    )
    override_ids = fields.One2many("amc.scope.override", "rule_id", string="Overrides")
    override_count = fields.Integer(compute="_compute_override_count")
    request_count = fields.Integer(compute="_compute_request_count")

    def _compute_override_count(self):
        counts = dict(
            self.env["amc.scope.override"]._read_group([("rule_id", "in", self.ids)], ["rule_id"], ["__count"])
        )
        for rule in self:
            rule.override_count = counts.get(rule, 0)

    def _compute_request_count(self):
        counts = dict(
            self.env["amc.request"]._read_group([("scope_rule_id", "in", self.ids)], ["scope_rule_id"], ["__count"])
        )
        for rule in self:
            rule.request_count = counts.get(rule, 0)

    def _to_classifier_rule(self):
        self.ensure_one()
        return scope_classifier.Rule(
            id=self.id,
            name=self.name,
            scope=self.scope,
            terms=self.terms or "",
            regex=self.regex or "",
            category=self.category or "",
            explanation=self.explanation or "",
            always_charged=self.always_charged,
            sequence=self.sequence,
        )

    @api.constrains("terms", "regex", "scope", "always_charged")
    def _check_terms(self):
        for rule in self:
            if rule.always_charged and rule.scope != "billable":
                raise ValidationError(
                    self.env._(
                        "Scope rule %(name)s is always charged, so its scope must be Billable.", name=rule.display_name
                    )
                )
            try:
                scope_classifier.compile_rule(rule._to_classifier_rule(), probe=True)
            except ValueError as error:
                raise ValidationError(
                    self.env._("Scope rule %(name)s cannot be used: %(error)s", name=rule.display_name, error=error)
                ) from error

    # ------------------------------------------------------------------
    # Compiled rules, cached per registry
    # ------------------------------------------------------------------
    @api.model
    def _get_compiled_rules(self, company_id):
        """The active rules of ``company_id`` (and the shared ones), compiled once.

        The result is cached per registry and company; any change to a rule
        clears the cache (:meth:`create`, :meth:`write`, :meth:`unlink`).
        """
        return self._compiled_rules_cached(company_id or False)

    @ormcache("company_id")
    def _compiled_rules_cached(self, company_id):
        rules = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [("company_id", "in", [False, company_id] if company_id else [False])],
                ["name", "sequence", "terms", "regex", "scope", "category", "explanation", "always_charged"],
            )
        )
        return scope_classifier.compile_rules(rule._to_classifier_rule() for rule in rules)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # a user's new rule classifies their company's requests; sharing it is said, and an administrator's
            vals_list = [{"company_id": self.env.company.id, **vals} for vals in vals_list]
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_overrides(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("addon_amc.amc_scope_override_action")
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("addon_amc.amc_request_action")
        action["domain"] = [("scope_rule_id", "=", self.id)]
        action["context"] = {}
        return action
