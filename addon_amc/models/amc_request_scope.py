# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import scope_classifier, scope_model
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
        groups="addon_amc.group_amc_user",
        help="Why the rules or the learned model gave this scope, in one line.",
    )
    scope_reason_public = fields.Char(
        string="Reason Shown to the Customer",
        readonly=True,
        copy=False,
        help="The reason as the customer's portal shows it: the same line without earlier decisions, "
        "which are other requests (often another customer's) and name the agent who decided.",
    )
    scope_matched_terms = fields.Char(readonly=True, copy=False)
    scope_confidence = fields.Float(
        readonly=True,
        copy=False,
        aggregator="avg",
        help="From 0 to 1. A rule's grows with the specificity of the match and shrinks when rules for other "
        "scopes matched too; the learned model's is its probability.",
    )
    scope_source = fields.Selection(
        [("rules", "Rules"), ("model", "Learned"), ("none", "Undecided")],
        string="Decided By",
        readonly=True,
        copy=False,
        help="Who gave the automatic scope: a rule, the model learned from agents' decisions, "
        "or nobody (needs review).",
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
    def _scope_classify_text(self, name, description, company_id, exclude=None):
        """The rules and the company's learned model, combined (``scope_model.combine``). ``exclude``: the
        reference of a request whose own decisions are neither followed nor named (the request classified)."""
        rules = self.env["amc.scope.rule"]._get_compiled_rules(company_id)
        Example = self.env["amc.scope.example"]
        raw = self._scope_text(name, description)
        text = scope_classifier.normalize(raw)
        by_rules = scope_classifier.classify(text, rules, normalized=True)
        prediction = Example._get_scope_model(company_id).predict(text, normalized=True, exclude=exclude)
        # the words of the reason as the request spells them ("råkade", not the feature "rakade")
        return scope_model.spelled(scope_model.combine(by_rules, prediction, Example._get_threshold()), raw)

    def _scope_decision_ref(self):
        """How explanations name an earlier decision's request: "like SR-00031, overridden to ..."."""
        self.ensure_one()
        return self.reference or self.display_name

    def _scope_classify_records(self):
        """``{request: scope_model.Combined}`` of the requests' current subject and description."""
        return {
            request: self._scope_classify_text(
                request.name, request.description, request.company_id.id, exclude=request._scope_decision_ref()
            )
            for request in self
        }

    @api.model
    def _scope_format_reason(self, result, public=False):
        """The one-line reason of a classification: the rule's, or the model's (in the rules' style).
        ``public``: the customer's line (:func:`scope_model.format_reason`)."""
        rule_labels, rule_templates = self._scope_reason_texts()
        return scope_model.format_reason(
            result,
            scope_labels=rule_labels,
            rule_templates=rule_templates,
            public=public,
            templates=self._scope_model_templates(),
        )

    @api.model
    def _scope_model_templates(self):
        """The learned model's reason templates (``scope_model.MODEL_TEMPLATES``), in the user's language."""
        return {
            "learned": self.env._("learned from {words} → {scope} ({confidence} %)"),
            "learned_no_words": self.env._("learned → {scope} ({confidence} %)"),
            "like": self.env._("like {ref}, {decision} to {scope} by {user}"),
            "like_no_user": self.env._("like {ref}, {decision} to {scope}"),
            "follows": self.env._("follows {ref}, {decision} to {scope} by {user} ({similarity} % alike)"),
            "follows_no_user": self.env._("follows {ref}, {decision} to {scope} ({similarity} % alike)"),
            "follows_public": self.env._(
                "follows an earlier decision of the support team → {scope} ({similarity} % alike)"
            ),
            "override": self.env._("overridden"),
            "confirm": self.env._("confirmed"),
            "over_rule": self.env._(" (over {terms}: {scope})"),
            "below": self.env._(
                "no rule matched → needs review (learned: {scope} {confidence} %, below {threshold} %)"
            ),
            "unsafe": self.env._(
                "no rule matched → needs review (learned: {scope} {confidence} %, but billable {billable} %)"
            ),
            "rule_unsafe": self.env._(", but learned billable {billable} % → needs review"),
            "vague": self.env._("no rule matched → needs review (learned: needs review {confidence} %)"),
            "vague_next": self.env._(
                "no rule matched → needs review (learned: needs review {confidence} %, next {scope} {next} %)"
            ),
        }

    @api.model
    def _scope_reason_texts(self):
        return (
            {
                "included": self.env._("included in maintenance"),
                "first_line": self.env._("first line"),
                "config": self.env._("minor configuration"),
                "billable": self.env._("billable"),
                "needs_review": self.env._("needs review"),
            },
            {
                "matched": self.env._("matched {terms} → {category}, {scope}"),
                "beats": self.env._(" (over {terms}: {scope})"),
                "none": self.env._("no rule matched → needs review"),
                "always": self.env._("always charged"),
                "skipped": self.env._(" ({rules}: skipped, its regular expression took too long)"),
            },
        )

    @api.model
    def _scope_result_vals(self, result):
        """The explanation fields of a classification (everything but ``scope``)."""
        return {
            "scope_rule_id": result.rule.id if result.rule else False,
            "scope_category": result.category or False,
            "scope_reason": self._scope_format_reason(result),
            "scope_reason_public": self._scope_format_reason(result, public=True),
            "scope_matched_terms": ", ".join(result.matched_terms) or False,
            "scope_confidence": result.confidence,
            "scope_source": result.source,
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
        """Classify every new request; the same rules as :meth:`write` for a scope given by hand.

        A scope given that differs from what the rules say is an override: it
        needs a reason (``scope_override_reason``) and is audited. ``needs_review``
        (the field's default, sent by the form) leaves the decision to the rules.
        A reason given without an override is refused, as in :meth:`write`, and
        never stored. ``default_scope*`` context keys count as given.
        """
        # the caller's values are checked here (amc.guard.mixin), before the classification completes them
        self = self._amc_vet(vals_list)
        context = self.env.context
        overrides = []
        now = fields.Datetime.now()
        for vals, company_id in zip(vals_list, self._scope_companies_of_vals(vals_list), strict=True):
            given = vals.get("scope", context.get("default_scope"))
            has_reason = "scope_override_reason" in vals or "default_scope_override_reason" in context
            reason = vals.get("scope_override_reason", context.get("default_scope_override_reason"))
            result = self._scope_classify_text(vals.get("name"), vals.get("description"), company_id)
            vals.update(self._scope_result_vals(result))
            if given and given not in ("needs_review", result.scope):
                reason = self._scope_check_override(given, reason)
                vals.update(scope=given, **self._scope_override_vals(reason))
                vals["scope_overridden_date"] = now
                overrides.append((vals, result))
                continue
            if has_reason and reason and "scope" not in vals and "default_scope" not in context:
                # as in write: a reason without a scope is refused; with the scope the rules give, dropped
                if not self.env.su:
                    raise AccessError(
                        self.env._("A scope override reason is given with the new scope, never on its own.")
                    )
            if not vals.get("scope_overridden"):  # (the superuser may create an overridden request)
                vals.update(scope=result.scope, scope_override_reason=False)
        requests = super().create(vals_list)
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
            Example = self.env["amc.scope.example"]
            for scope in sorted({vals["scope"] for vals, _result in overrides}):
                Example._learn(
                    self.browse(by_vals[id(vals)].id for vals, _result in overrides if vals["scope"] == scope), scope
                )
        return requests

    def write(self, vals):
        if self.env.su and self.env.context.get(SCOPE_AUTO_CONTEXT):
            return super().write(vals)
        if "scope_override_reason" in vals and "scope" not in vals and not self.env.su:
            raise AccessError(self.env._("A scope override reason is given with the new scope, never on its own."))
        manual = self.browse()
        if "scope" in vals:
            # someone sets the scope directly: that is an override too, and needs a reason;
            # the reason is stored only on the requests whose scope it overrides
            vals = dict(vals)
            given_reason = vals.pop("scope_override_reason", None)
            manual = self.filtered(lambda request: request.scope != vals["scope"])
            if manual:
                reason = self._scope_check_override(vals["scope"], given_reason)
                manual._scope_log_overrides(vals["scope"], reason)
        result = super().write(vals)
        if manual:
            manual.sudo().with_context(**{SCOPE_AUTO_CONTEXT: True}).write(self._scope_override_vals(reason))
            self.env["amc.scope.example"]._learn(manual, vals["scope"])
        if TEXT_FIELDS & vals.keys():
            (self - manual)._scope_reclassify()
        return result

    # ------------------------------------------------------------------
    # Overrides
    # ------------------------------------------------------------------
    @api.model
    def _scope_check_override(self, scope, reason):
        """The stripped reason of a manual change to ``scope``; UserError for a bad scope or reason.

        The one check of create, write and :meth:`action_override_scope`.
        """
        if not isinstance(scope, str) or scope not in dict(SCOPE_SELECTION):
            raise UserError(self.env._("Unknown scope %(scope)s.", scope=repr(scope)))
        if reason not in (None, False) and not isinstance(reason, str):
            raise UserError(self.env._("The reason of a scope override must be a text."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the scope is overridden: a reason is required."))
        return reason

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
        reason = self._scope_check_override(scope, reason)
        if not self:
            return True
        self.check_access("write")
        # the same scope set by hand confirms it: the model learns either way
        kinds = {request: "confirm" if request.scope == scope else "override" for request in self}
        self._scope_log_overrides(scope, reason)
        self.sudo().with_context(**{SCOPE_AUTO_CONTEXT: True}).write(
            {"scope": scope, **self._scope_override_vals(reason)}
        )
        self.env["amc.scope.example"]._learn(self, scope, kinds)
        return True

    def action_reset_scope(self):
        """Back to automatic classification: the rules and the learned model decide the scope again."""
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
    def _scope_preview_id(self, value, name):
        """A record id given to the preview (None or False: none); UserError for anything but a whole number."""
        if value is None or value is False:
            return False
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
            raise UserError(self.env._("%(name)s must be a record id, not %(value)s.", name=name, value=repr(value)))
        return int(value)

    @api.model
    def classify_scope_preview(self, name, description, agreement_id=None, request_id=None):
        """What the rules and the learned model say for a subject and a description; writes nothing.

        ``request_id``: the request being edited, whose own earlier decision is not followed (as when it is
        saved, ``_scope_classify_records``); the user must be able to read it."""
        self.browse().check_access("read")
        if not self.env.su and not self.env.user.has_group("addon_amc.group_amc_user"):
            # the reason names other requests and agents: a portal user must not probe the learned decisions
            raise AccessError(self.env._("The scope preview is for the support team."))
        agreement_id = self._scope_preview_id(agreement_id, "agreement_id")
        request_id = self._scope_preview_id(request_id, "request_id")
        company_id = self.env.company.id
        if agreement_id:
            agreement = self.env["amc.agreement"].browse(agreement_id).exists()
            if agreement:
                agreement.check_access("read")
                company_id = agreement.company_id.id
        exclude = None
        if request_id:
            request = self.browse(request_id).exists()
            if request:
                request.check_access("read")
                exclude = request._scope_decision_ref()
        result = self._scope_classify_text(name, description, company_id, exclude=exclude)
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
            "source": result.source,
        }
