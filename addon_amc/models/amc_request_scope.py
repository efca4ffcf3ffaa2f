# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import scope_classifier
from .amc_guard_mixin import AmcVetted
from .amc_request import SCOPE_SELECTION

# context key of the classifier's own writes (as superuser): they are not manual overrides
SCOPE_AUTO_CONTEXT = "amc_scope_auto_write"
# the fields the classification depends on (the agreement gives the company, hence the rules)
TEXT_FIELDS = frozenset(("name", "description", "agreement_id"))


class AmcRequest(models.Model):
    _inherit = "amc.request"

    scope_rule_id = fields.Many2one(
        "amc.scope.rule",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The rule that classified the request's subject and description.",
    )
    scope_category = fields.Char(readonly=True, copy=False)
    scope_reason = fields.Char(
        readonly=True,
        copy=False,
        help="Why the rules gave this scope, in one line.",
    )
    scope_matched_terms = fields.Char(readonly=True, copy=False)
    scope_confidence = fields.Float(
        readonly=True,
        copy=False,
        aggregator="avg",
        help="From 0 to 1: grows with the specificity of the match, shrinks when rules for other scopes matched too.",
    )
    scope_overridden = fields.Boolean(
        readonly=True,
        copy=False,
        help="An agent set the scope by hand: edits of the subject or description no longer change it.",
    )
    scope_override_reason = fields.Text(readonly=True, copy=False)
    scope_overridden_by = fields.Many2one("res.users", readonly=True, copy=False)
    scope_overridden_date = fields.Datetime(readonly=True, copy=False)
    scope_override_ids = fields.One2many("amc.scope.override", "request_id", string="Scope Overrides", readonly=True)

    # ------------------------------------------------------------------
    # Classification
    # ------------------------------------------------------------------
    @api.model
    def _scope_text(self, name, description):
        return f"{name or ''}\n{description or ''}"

    @api.model
    def _scope_classify_text(self, name, description, company_id):
        rules = self.env["amc.scope.rule"]._get_compiled_rules(company_id)
        return scope_classifier.classify(self._scope_text(name, description), rules)

    def _scope_classify_records(self):
        """``{request: Classification}`` of the requests' current subject and description."""
        return {
            request: self._scope_classify_text(request.name, request.description, request.company_id.id)
            for request in self
        }

    @api.model
    def _scope_format_reason(self, result):
        return scope_classifier.format_reason(
            result,
            scope_labels={
                "included": self.env._("included in maintenance"),
                "first_line": self.env._("first line"),
                "config": self.env._("minor configuration"),
                "billable": self.env._("billable"),
                "needs_review": self.env._("needs review"),
            },
            templates={
                "matched": self.env._("matched {terms} → {category}, {scope}"),
                "beats": self.env._(" (over {terms}: {scope})"),
                "none": self.env._("no rule matched → needs review"),
                "always": self.env._("always charged"),
            },
        )

    @api.model
    def _scope_result_vals(self, result):
        """The explanation fields of a classification (everything but ``scope``)."""
        return {
            "scope_rule_id": result.rule.id if result.rule else False,
            "scope_category": result.category or False,
            "scope_reason": self._scope_format_reason(result),
            "scope_matched_terms": ", ".join(result.matched_terms) or False,
            "scope_confidence": result.confidence,
        }

    def _scope_apply(self, results):
        """Store classifications ``{request: Classification}``, scope included.

        Goes through :meth:`write`, so the time of requests whose scope
        changes is allocated again (``amc.request.write``). Writes are grouped:
        one per distinct explanation, one per new scope.
        """
        auto = self.sudo().with_context(**{SCOPE_AUTO_CONTEXT: True})
        explanations = defaultdict(list)
        new_scopes = defaultdict(list)
        for request, result in results.items():
            vals = self._scope_result_vals(result)
            explanations[tuple(sorted(vals.items()))].append(request.id)
            if request.scope != result.scope:
                new_scopes[result.scope].append(request.id)
        for vals, ids in explanations.items():
            auto.browse(ids).write(dict(vals))
        for scope, ids in new_scopes.items():
            auto.browse(ids).write({"scope": scope})

    def _scope_reclassify(self):
        """Classify the requests again; overridden requests keep their scope."""
        requests = self.filtered(lambda request: not request.scope_overridden)
        if requests:
            requests._scope_apply(requests._scope_classify_records())

    @api.model
    def _scope_companies_of_vals(self, vals_list):
        """The company of each request about to be created (its agreement's, else the current one)."""
        default_agreement = self.env.context.get("default_agreement_id")
        agreement_ids = {vals.get("agreement_id") or default_agreement for vals in vals_list} - {None, False}
        agreements = self.env["amc.agreement"].sudo().browse(agreement_ids)
        company_of = {agreement.id: agreement.company_id.id for agreement in agreements}
        return [
            company_of.get(vals.get("agreement_id") or default_agreement, self.env.company.id) for vals in vals_list
        ]

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Classify every new request; a different scope given explicitly counts as an override."""
        # the caller's values are checked here, before the classification completes them
        self._amc_check_vals(vals_list)
        overrides = []
        now = fields.Datetime.now()
        for vals, company_id in zip(vals_list, self._scope_companies_of_vals(vals_list), strict=True):
            result = self._scope_classify_text(vals.get("name"), vals.get("description"), company_id)
            vals.update(self._scope_result_vals(result))
            given = vals.get("scope")
            if given and given not in ("needs_review", result.scope):
                reason = vals.get("scope_override_reason") or self.env._("Scope set when the request was created.")
                vals.update(
                    scope_overridden=True,
                    scope_override_reason=reason,
                    scope_overridden_by=self.env.uid,
                    scope_overridden_date=now,
                )
                overrides.append((vals, result))
            elif not vals.get("scope_overridden"):
                vals["scope"] = result.scope
        vetted = self.with_context(**{AmcVetted.KEY: AmcVetted(self._name, vals_list)})
        requests = super(AmcRequest, vetted).create(vals_list).with_env(self.env)
        if overrides:
            by_vals = {id(vals): request for vals, request in zip(vals_list, requests, strict=True)}
            self.env["amc.scope.override"].sudo().create(
                [
                    {
                        "request_id": by_vals[id(vals)].id,
                        "rule_id": result.rule.id if result.rule else False,
                        "category": result.category or False,
                        "auto_scope": result.scope,
                        "from_scope": result.scope,
                        "to_scope": vals["scope"],
                        "reason": vals["scope_override_reason"],
                        "user_id": self.env.uid,
                        "date": now,
                    }
                    for vals, result in overrides
                ]
            )
        return requests

    def write(self, vals):
        if self.env.su and self.env.context.get(SCOPE_AUTO_CONTEXT):
            return super().write(vals)
        if "scope_override_reason" in vals and "scope" not in vals and not self.env.su:
            raise AccessError(self.env._("A scope override reason is given with the new scope, never on its own."))
        manual = self.browse()
        if "scope" in vals:
            # someone sets the scope directly: that is an override too, and needs a reason
            manual = self.filtered(lambda request: request.scope != vals["scope"])
            reason = (vals.get("scope_override_reason") or "").strip()
            if manual and not reason:
                raise UserError(self.env._("Say why the scope is overridden: a reason is required."))
            if manual:
                manual._scope_log_overrides(vals["scope"], reason)
        result = super().write(vals)
        if manual:
            manual.sudo().with_context(**{SCOPE_AUTO_CONTEXT: True}).write(self._scope_override_vals(reason))
        if TEXT_FIELDS & vals.keys():
            (self - manual)._scope_reclassify()
        return result

    # ------------------------------------------------------------------
    # Overrides
    # ------------------------------------------------------------------
    def _scope_override_vals(self, reason):
        return {
            "scope_overridden": True,
            "scope_override_reason": reason,
            "scope_overridden_by": self.env.uid,
            "scope_overridden_date": fields.Datetime.now(),
        }

    def _scope_log_overrides(self, scope, reason):
        """Audit an override to ``scope`` before it is written: log records and chatter.

        The log names the rule the requests' text matches now (the rule being
        overridden). The chatter message goes with the scope's tracking when
        the scope changes (old → new), or is posted on its own otherwise.
        """
        labels = dict(self._fields["scope"]._description_selection(self.env))
        results = self._scope_classify_records()
        now = fields.Datetime.now()
        for request in self:
            body = self.env._(
                "Scope overridden (%(old)s → %(new)s): %(reason)s",
                old=labels.get(request.scope, request.scope),
                new=labels.get(scope, scope),
                reason=reason,
            )
            if request.scope != scope:
                request._track_set_log_message(body)
            else:
                request.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.env["amc.scope.override"].sudo().create(
            [
                {
                    "request_id": request.id,
                    "rule_id": results[request].rule.id if results[request].rule else False,
                    "category": results[request].category or False,
                    "auto_scope": results[request].scope,
                    "from_scope": request.scope,
                    "to_scope": scope,
                    "reason": reason,
                    "user_id": self.env.uid,
                    "date": now,
                }
                for request in self
            ]
        )

    def action_override_scope(self, scope, reason):
        """Set the scope by hand, with a reason; automatic classification stops for these requests."""
        if scope not in dict(SCOPE_SELECTION):
            raise UserError(self.env._("Unknown scope %(scope)s.", scope=scope))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the scope is overridden: a reason is required."))
        if not self:
            return True
        self.check_access("write")
        self._scope_log_overrides(scope, reason)
        self.sudo().with_context(**{SCOPE_AUTO_CONTEXT: True}).write(
            {"scope": scope, **self._scope_override_vals(reason)}
        )
        return True

    def action_reset_scope(self):
        """Back to automatic classification: the rules decide the scope again."""
        self.check_access("write")
        results = self._scope_classify_records()
        labels = dict(self._fields["scope"]._description_selection(self.env))
        for request in self.filtered("scope_overridden"):
            result = results[request]
            body = self.env._(
                "Scope back to automatic classification (%(scope)s): %(reason)s",
                scope=labels.get(result.scope, result.scope),
                reason=self._scope_format_reason(result),
            )
            if request.scope != result.scope:
                request._track_set_log_message(body)
            else:
                request.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.sudo().with_context(**{SCOPE_AUTO_CONTEXT: True}).write(
            {
                "scope_overridden": False,
                "scope_override_reason": False,
                "scope_overridden_by": False,
                "scope_overridden_date": False,
            }
        )
        self._scope_apply(results)
        return True

    # ------------------------------------------------------------------
    # Live preview (the amc_scope_classifier widget)
    # ------------------------------------------------------------------
    @api.model
    def classify_scope_preview(self, name, description, agreement_id=None):
        """What the rules say for a subject and a description; writes nothing."""
        self.browse().check_access("read")
        company_id = self.env.company.id
        if agreement_id:
            agreement = self.env["amc.agreement"].browse(int(agreement_id)).exists()
            if agreement:
                agreement.check_access("read")
                company_id = agreement.company_id.id
        result = self._scope_classify_text(name, description, company_id)
        labels = dict(self._fields["scope"]._description_selection(self.env))
        return {
            "scope": result.scope,
            "scope_label": labels.get(result.scope, result.scope),
            "category": result.category or False,
            "reason": self._scope_format_reason(result),
            "matched_terms": list(result.matched_terms),
            "confidence": result.confidence,
            "rule_id": result.rule.id if result.rule else False,
            "always_charged": bool(result.rule and result.rule.always_charged),
        }
