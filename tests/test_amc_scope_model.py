# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import file_path, mute_logger

from ..addon_amc.lib import scope_model
from ..addon_amc.lib import settings as registry
from ..addon_amc.models import amc_scope_example
from ..addon_amc.models.amc_scope_example import get_base_model
from .test_amc_scope import AmcScopeCommon

TAUGHT = "Recalibrate the flux capacitor of the time machine"
SIMILAR = "The flux capacitor needs recalibrating again"


@tagged("post_install", "-at_install")
class TestAmcScopeModel(AmcScopeCommon):
    """The learned layer: what agents decide teaches their company's classifier, and only theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_b = cls.env["amc.agreement"].create(
            cls._agreement_vals(name="Scope agreement B", state="active", company_id=cls.company_b.id)
        )

    def _preview(self, text, agreement=None, user=None):
        return (
            self.env["amc.request"]
            .with_user(user or self.agent)
            .classify_scope_preview(text, "", (agreement or self.agreement).id)
        )

    def _teach(self, text=TAUGHT, scope="config", user=None):
        request = self._request(text, user=user or self.agent)
        request.with_user(user or self.agent).action_override_scope(scope, "A setting, not a bug")
        return request

    def _base_model_of_module_files(self):
        return amc_scope_example.base_model_of(
            amc_scope_example.EVAL_SET_PATH,
            amc_scope_example.SEED_RULES_PATH,
            amc_scope_example.WEIGHTS_PATH,
            amc_scope_example.COUNTS_PATH,
        )

    def test_the_base_model_is_read_from_the_shipped_counts(self):
        # each server process reads the naive Bayes half from the module's counts file (about a second) instead
        # of counting the 45,000 requests of the training part again (half a minute, in every worker)
        with patch.object(scope_model, "base_model", side_effect=AssertionError("counted again")):
            read = self._base_model_of_module_files()
        base = get_base_model()
        self.assertEqual(
            (read.examples, read.doc_weight, read.kind_totals), (base.examples, base.doc_weight, base.kind_totals)
        )
        self.assertEqual(read.triples, base.triples)
        self.assertIsNotNone(read.weights)
        text = "Kunden får ett ValueError när fakturan bokförs"
        self.assertEqual(read.predict(text), base.predict(text))
        # counts made from another training part are never read: counted again, and the log says what to run
        shipped = scope_model.load_counts(file_path(amc_scope_example.COUNTS_PATH))
        stale = {**shipped, "source": "another training part"}
        with (
            patch.object(scope_model, "load_counts", return_value=stale),
            patch.object(scope_model, "base_model", return_value=base) as counting,
            self.assertLogs(amc_scope_example.__name__, "WARNING") as logs,
        ):
            self.assertIs(self._base_model_of_module_files(), base)
        counting.assert_called_once()
        self.assertIn("npm run train:classifier", logs.output[0])

    def test_an_override_teaches_a_similar_new_request(self):
        before = self._preview(SIMILAR)
        self.assertNotEqual(before["scope"], "config")
        taught = self._teach()
        example = self.env["amc.scope.example"].search([("request_id", "=", taught.id)])
        self.assertEqual((example.scope, example.kind, example.user_id), ("config", "override", self.agent))
        self.assertEqual(example.company_id, self.company_a)
        after = self._preview(SIMILAR)
        self.assertEqual((after["scope"], after["source"]), ("config", "model"))
        self.assertIn("flux", after["matched_terms"])
        self.assertIn(
            f"like {taught.reference}, overridden to minor configuration by {self.agent.name}", after["reason"]
        )
        self.assertTrue(after["reason"].startswith('learned from "'))
        # a new request is classified, and explained, the same way
        request = self._request(SIMILAR, user=self.agent)
        self.assertEqual((request.scope, request.scope_source), ("config", "model"))
        self.assertFalse(request.scope_rule_id)
        self.assertEqual(request.scope_reason, after["reason"])

    def test_the_learned_reason_spells_words_as_the_request_does(self):
        """The words that weighed most are named as written ("flödeskondensatorn"), not as the model's features
        ("flodeskondensatorn"): on the form, in the preview, on the portal and in the stored matched terms."""
        self._teach("Kalibrera om flödeskondensatorn i tidsmaskinen", "billable")
        similar = "Flödeskondensatorn i tidsmaskinen behöver kalibreras igen efter resan"
        preview = self._preview(similar)
        self.assertEqual((preview["scope"], preview["source"]), ("billable", "model"))
        self.assertIn("flödeskondensatorn", preview["matched_terms"])
        self.assertNotIn("flodeskondensatorn", preview["reason"])
        request = self._request(similar, user=self.agent)
        self.assertEqual(request.scope_reason, preview["reason"])
        self.assertIn('"flödeskondensatorn"', request.scope_reason)
        self.assertIn("flödeskondensatorn", request.scope_matched_terms)
        self.assertIn('"flödeskondensatorn"', request.scope_reason_public)

    def test_a_repeated_request_follows_the_agent_over_a_charged_rule(self):
        """A request with the words of an earlier decision (scope_model.FOLLOW_MIN_SIMILARITY) follows it, even
        where a billable rule that is not always charged matches ("windows update": PC clients and hardware)."""
        repeated = "The zorblax label template prints blank after the Windows update"
        before = self._preview(repeated)
        self.assertEqual((before["scope"], before["source"]), ("billable", "rules"))
        taught = self._teach("After the windows update, the zorblax label template prints blank", "included")
        after = self._preview(repeated)
        self.assertEqual((after["scope"], after["source"], after["confidence"]), ("included", "model", 1.0))
        self.assertEqual(
            after["reason"],
            f"follows {taught.reference}, overridden to included in maintenance by {self.agent.name} (100 % alike)"
            ' (over "windows update": billable)',
        )
        request = self._request(repeated, user=self.agent)
        self.assertEqual(
            (request.scope, request.scope_source, request.scope_reason), ("included", "model", after["reason"])
        )
        # a request sharing fewer of the words is not carried: the rule decides
        self.assertEqual(self._preview("After the windows update the label printer is slow")["scope"], "billable")
        # back to automatic, the taught request does not follow its own decision: the rule decides again
        taught.with_user(self.agent).action_reset_scope()
        self.assertEqual((taught.scope, taught.scope_source), ("billable", "rules"))
        self.assertNotIn(taught.reference, taught.scope_reason)
        # and its form's preview, which names the request, says the same as saving would
        Request = self.env["amc.request"].with_user(self.agent)
        own = Request.classify_scope_preview(repeated, "", self.agreement.id, request_id=taught.id)
        self.assertEqual((own["scope"], own["reason"]), ("billable", taught.scope_reason))
        self.assertEqual(Request.classify_scope_preview(repeated, "", self.agreement.id)["scope"], "included")
        # an id is a whole number, whatever a direct call sends
        for bad in ("7; drop", -3, 1.5, True, [taught.id]):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                Request.classify_scope_preview(repeated, "", self.agreement.id, request_id=bad)
            with self.subTest(bad=bad), self.assertRaises(UserError):
                Request.classify_scope_preview(repeated, "", bad)
        self.assertEqual(Request.classify_scope_preview(repeated, "", str(self.agreement.id))["scope"], "included")
        # a request the user cannot read cannot be named
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.agent_b).classify_scope_preview(
                repeated, "", self.agreement_b.id, request_id=taught.id
            )

    def test_only_the_latest_decisions_move_the_discriminative_half(self):
        # everyday wording, against what the model learned: counting them is not enough, the regression moves
        first = self._teach("Add a new field on the sales order form", "included")
        second = self._teach("The server is down and nobody can log in", "billable")
        Example = self.env["amc.scope.example"]
        examples = Example.search([("company_id", "=", self.company_a.id)])
        texts = {example.request_id: example.text for example in examples}
        model = Example._get_scope_model(self.company_a.id)
        self.assertIsNotNone(model.weights)
        self.assertIs(model.weights, get_base_model().weights)
        self.assertTrue(model.delta, "an override moves the company's copy of the regression")
        self.assertEqual(get_base_model().delta, {}, "the shared base model is never taught")
        # with one decision taught to the regression, only the latest (second) moves it; both still count
        with patch.object(amc_scope_example, "MAX_TAUGHT_DECISIONS", 1):
            self.env.registry.clear_cache()
            bounded = Example._get_scope_model(self.company_a.id)
        self.env.registry.clear_cache()
        self.assertEqual(len(bounded.decisions), 2)
        only_second = get_base_model().clone()
        only_second.learn_decision(texts[first], "included", regression=False)
        only_second.learn_decision(texts[second], "billable")
        self.assertEqual(bounded.delta, only_second.delta)
        self.assertNotEqual(bounded.delta, model.delta)

    def test_a_confirmation_teaches_too(self):
        request = self._request("Zorblax quantum quibble", user=self.agent)
        self.assertEqual(request.scope, "needs_review")
        request.with_user(self.agent).write({"scope": "billable", "scope_override_reason": "External system"})
        confirmed = self._request("Zorblax quantum quibble", user=self.agent)
        self.assertEqual(confirmed.scope, "billable")
        confirmed.with_user(self.agent).action_override_scope("billable", "Yes, billable")
        kinds = self.env["amc.scope.example"].search([("request_id", "in", (request | confirmed).ids)]).mapped("kind")
        self.assertEqual(sorted(kinds), ["confirm", "override"])

    def test_needs_review_set_by_hand_teaches_nothing(self):
        """An agent who sets "needs review" has not decided: the model does not learn the text as vague."""
        request = self._request("Quarterly ledger export stops at the warehouse", user=self.agent)
        if request.scope == "needs_review":
            request.with_user(self.agent).action_override_scope("billable", "First thought")
        before = self.env["amc.scope.example"].search_count([("request_id", "=", request.id)])
        request.with_user(self.agent).action_override_scope("needs_review", "Not sure after all")
        self.assertEqual(request.scope, "needs_review")
        self.assertEqual(self.env["amc.scope.example"].search_count([("request_id", "=", request.id)]), before)
        self.assertIn("needs_review", request.scope_override_ids.mapped("to_scope"), "the override itself is audited")

    def test_a_rule_is_refused_terms_that_would_slow_every_classification(self):
        Rule = self.env["amc.scope.rule"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "at most 200"):
            Rule.create(
                {
                    "name": "Huge",
                    "category": "Huge",
                    "scope": "billable",
                    "terms": "\n".join(f"zq{n:06d}" for n in range(201)),
                }
            )
        with self.assertRaisesRegex(ValidationError, "fuzzy"):
            Rule.create({"name": "Fuzzy", "category": "Fuzzy", "scope": "billable", "regex": r"(?:a+b){e<=9}"})

    def test_what_a_company_learned_never_changes_another_company(self):
        before_b = self._preview(SIMILAR, self.agreement_b, self.agent_b)
        self._teach()
        self.assertEqual(self._preview(SIMILAR)["scope"], "config")
        after_b = self._preview(SIMILAR, self.agreement_b, self.agent_b)
        self.assertEqual(after_b, before_b)
        request_b = (
            self.env["amc.request"]
            .with_user(self.agent_b)
            .create({"name": SIMILAR, "agreement_id": self.agreement_b.id})
        )
        self.assertEqual(request_b.scope, before_b["scope"])
        self.assertFalse(self.env["amc.scope.example"].search([("company_id", "=", self.company_b.id)]))

    def test_a_company_that_learned_nothing_shares_the_base_model(self):
        """No copy of the base model (about 25 MB with 20,521 training requests) for a company with no decisions."""
        Example = self.env["amc.scope.example"]
        self.env.registry.clear_cache()
        base = get_base_model()
        self.assertIs(Example._get_scope_model(self.company_b.id), base)
        self.assertIs(Example._get_scope_model(False), base)
        examples = base.examples
        self._teach()
        own = Example._get_scope_model(self.company_a.id)
        self.assertIsNot(own, base)
        self.assertEqual(own.examples, examples + 1)
        # what company A learned is in its copy only: the shared model, and company B's, learned nothing
        self.assertEqual(base.examples, examples)
        self.assertIs(Example._get_scope_model(self.company_b.id), base)

    def test_an_always_charged_rule_still_wins(self):
        # teach the model, strongly, that importing customers is included: the rule still decides
        for _index in range(5):
            self._teach("Import of data for the customers from the old CRM", "included")
        preview = self._preview("Import of data for the customers from the old CRM")
        self.assertEqual((preview["scope"], preview["source"]), ("billable", "rules"))
        self.assertTrue(preview["always_charged"])

    def test_a_covered_rule_yields_to_review_when_the_model_finds_the_request_charged(self):
        """scope_model.RULE_COVERED_MAX_BILLABLE on a stored request: no rule is stored, the reason names the rule
        and what the model gave billable, in the agent's language and on the portal's line."""
        text = "We get a traceback when we validate the invoice"
        Request = self.env["amc.request"].with_user(self.agent)
        result = Request._scope_classify_text(text, "", self.company_a.id)
        self.assertEqual(result.rules.scope, "included")  # the rule "traceback", Bug fixes
        billable = result.prediction.probability("billable")
        self.assertGreater(billable, 0.0)
        # the guard just above what the model gives: the rule decides, as before the guard
        with patch.object(scope_model, "RULE_COVERED_MAX_BILLABLE", billable + 1e-9):
            kept = self._request(text, user=self.agent)
        self.assertEqual((kept.scope, kept.scope_source), ("included", "rules"))
        self.assertEqual(kept.scope_rule_id.category, "Bug fixes")
        # at what the model gives: needs review, and the reason says why
        percent = round(billable * 100)
        with patch.object(scope_model, "RULE_COVERED_MAX_BILLABLE", billable):
            guarded = self._request(text, user=self.agent)
            preview = self._preview(text)
        self.assertEqual((guarded.scope, guarded.scope_source), ("needs_review", "none"))
        self.assertFalse(guarded.scope_rule_id)
        self.assertFalse(guarded.scope_matched_terms)
        self.assertEqual(
            guarded.scope_reason,
            'matched "traceback" → Bug fixes, included in maintenance, '
            f"but learned billable {percent} % → needs review",
        )
        self.assertEqual(guarded.scope_reason_public, guarded.scope_reason)  # names no other request nor agent
        self.assertEqual((preview["scope"], preview["reason"]), ("needs_review", guarded.scope_reason))
        # in Swedish
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"]._load_module_terms(["addon_amc"], ["sv_SE"], overwrite=True)
        with patch.object(scope_model, "RULE_COVERED_MAX_BILLABLE", billable):
            swedish = Request.with_context(lang="sv_SE")._scope_format_reason(
                Request._scope_classify_text(text, "", self.company_a.id)
            )
        self.assertIn(f"men inlärt debiterbar {percent} % → behöver granskas", swedish)

    def test_threshold_from_settings(self):
        self._teach()
        Config = self.env["ir.config_parameter"].sudo()
        THRESHOLD_PARAM = registry.get("scope_model_threshold").key
        Config.set_param(THRESHOLD_PARAM, "100")
        preview = self._preview("Flux capacitor")
        self.assertIn(preview["scope"], ("config", "needs_review"))
        if preview["source"] != "model":  # below 100 %: needs review, and the reason says why
            self.assertEqual(preview["scope"], "needs_review")
            self.assertIn("below 100 %", preview["reason"])
        Config.set_param(THRESHOLD_PARAM, "1")
        self.assertEqual(self._preview("Flux capacitor")["source"], "model")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.amc_scope_model_threshold, 1.0)
        for bad in (0.0, -5.0, 150.0):
            with self.subTest(threshold=bad), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"amc_scope_model_threshold": bad})

    def test_reset_clears_what_was_learned(self):
        before = self._preview(SIMILAR)
        taught = self._teach()
        other = (
            self.env["amc.request"]
            .with_user(self.agent_b)
            .create({"name": "Zorblax sync with the quantum ledger", "agreement_id": self.agreement_b.id})
        )
        other.with_user(self.agent_b).action_override_scope("billable", "External system")
        self.assertEqual(self._preview(SIMILAR)["scope"], "config")
        with self.assertRaises(AccessError):
            self.env["amc.scope.example"].with_user(self.agent).action_reset_learning()
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.agent).create({}).action_amc_scope_reset_learning()
        self.assertEqual(self._preview(SIMILAR)["scope"], "config")
        # a Support manager (the Learned Scope Decisions list), or an administrator (Settings)
        self.env["amc.scope.example"].with_user(self.manager).action_reset_learning()
        self.assertEqual(self._preview(SIMILAR), before)
        self._teach()
        self.assertEqual(self._preview(SIMILAR)["scope"], "config")
        admin = self.env.ref("base.user_admin")
        self.env["res.config.settings"].with_user(admin).create({}).action_amc_scope_reset_learning()
        self.assertEqual(self._preview(SIMILAR), before)
        Example = self.env["amc.scope.example"]
        self.assertFalse(Example.search([("company_id", "=", self.company_a.id)]))
        # the audit log stays; company B keeps what it learned
        self.assertTrue(taught.scope_override_ids)
        self.assertTrue(Example.search([("company_id", "=", self.company_b.id)]))

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_learned_decisions_are_written_by_the_module_only(self):
        request = self._teach()
        Example = self.env["amc.scope.example"]
        vals = {"company_id": self.company_a.id, "text": "forged", "scope": "billable", "kind": "override"}
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Example.with_user(user).create({**vals, "user_id": user.id})
        example = Example.search([("request_id", "=", request.id)])
        with self.assertRaises(AccessError):
            example.with_user(self.manager).write({"scope": "billable"})
        with self.assertRaises(AccessError):
            request.with_user(self.agent).write({"scope_source": "rules"})
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.agent).create(
                {"name": "Forged", "agreement_id": self.agreement.id, "scope_source": "model"}
            )
        self.assertEqual(example.scope, "config")

    def test_batch_classification_makes_a_flat_number_of_queries(self):
        """Classifying 10 or 100 requests in a batch right after an override (cold caches): the same queries."""
        for index in range(3):
            self._teach(f"{TAUGHT} number {index}")
        requests = self.env["amc.request"].create(
            [{"name": f"{SIMILAR} #{index}", "agreement_id": self.agreement.id} for index in range(100)]
        )
        self.assertEqual(set(requests.mapped("scope")), {"config"})

        def classify(batch):
            self.env.registry.clear_cache()  # what an override does: every worker retrains
            return batch._scope_classify_records()

        self.env.flush_all()
        start = self.cr.sql_log_count
        classify(requests[:10])
        cold = self.cr.sql_log_count - start
        with self.assertQueryCount(cold):
            results = classify(requests)
        self.assertEqual({result.source for result in results.values()}, {"model"})
        with self.assertQueryCount(0):  # warm: nothing to read again
            requests._scope_classify_records()

    def test_rule_suggestions_and_a_draft_rule_in_one_click(self):
        for text in ("The gizmotron sync failed", "Gizmotron does not sync the orders", "Check the gizmotron feed"):
            self._teach(text, "billable")
        Suggestion = self.env["amc.scope.suggestion"]
        with self.assertRaises(AccessError):
            Suggestion.with_user(self.agent).action_open()
        action = Suggestion.with_user(self.manager).action_open()
        rows = Suggestion.with_user(self.manager).search(action["domain"])
        row = rows.filtered(lambda suggestion: suggestion.word == "gizmotron")
        self.assertEqual((row.scope, row.count), ("billable", 3))
        opened = row.with_user(self.manager).action_create_rule()
        rule = self.env["amc.scope.rule"].with_context(active_test=False).browse(opened["res_id"])
        self.assertFalse(rule.active)  # a draft: a manager reviews and activates it
        self.assertEqual((rule.scope, rule.terms, rule.company_id), ("billable", "gizmotron", self.company_a))
        self.assertEqual(row.rule_id, rule)
        rule.active = True
        preview = self._preview("gizmotron down")
        self.assertEqual((preview["scope"], preview["source"], preview["rule_id"]), ("billable", "rules", rule.id))
