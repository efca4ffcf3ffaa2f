# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
import os
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.migration import exec_script
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import file_path

from ..addon_amc.lib import scope_classifier, scope_model, scope_seed_history
from ..addon_amc.models.amc_scope_rule import SEED_RULES_PATH
from .common import AmcTestCommon

IMPORT_REASON = 'matched "import of data" → Data import/export, always charged'


class AmcScopeCommon(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.env["amc.agreement"].create(
            cls._agreement_vals(
                name="Scope agreement",
                state="active",
                hourly_rate=1000.0,
                has_maintenance=True,
            )
        )
        cls.rule_import = cls.env.ref("addon_amc.amc_scope_rule_data_import")
        cls.rule_bug = cls.env.ref("addon_amc.amc_scope_rule_bug_fix")
        cls.rule_first_line = cls.env.ref("addon_amc.amc_scope_rule_first_line")

    def _request(self, name, description=False, user=None, **vals):
        Request = self.env["amc.request"]
        if user:
            Request = Request.with_user(user)
        return Request.create({"name": name, "description": description, "agreement_id": self.agreement.id, **vals})

    def _log(self, request, hours, day="2026-03-10"):
        return self.env["amc.time.entry"].create({"request_id": request.id, "duration": hours, "date": day})

    def _buckets(self, request):
        return sorted((line.bucket, line.minutes) for line in request.allocation_ids)

    def flush_tracking(self):
        """Run the end-of-transaction hooks that turn tracked changes into chatter messages."""
        self.env.flush_all()
        self.env.cr.precommit.run()


@tagged("post_install", "-at_install")
class TestAmcScopeClassification(AmcScopeCommon):
    def test_classified_on_create(self):
        request = self._request("Import of data: 2 000 customer records from the old CRM")
        self.assertEqual(request.scope, "billable")
        self.assertEqual(request.scope_rule_id, self.rule_import)
        self.assertEqual(request.scope_category, "Data import/export")
        self.assertEqual(request.scope_reason, IMPORT_REASON)
        self.assertEqual(request.scope_matched_terms, "import of data")
        self.assertAlmostEqual(request.scope_confidence, 0.85)  # a three-word phrase
        self.assertFalse(request.scope_overridden)
        self.assertFalse(request.scope_override_ids)

    def test_description_html_is_classified_too(self):
        request = self._request("Invoice problem", "<p>We get a <b>Traceback</b> when posting</p>")
        self.assertEqual(request.scope, "included")
        self.assertEqual(request.scope_rule_id, self.rule_bug)
        self.assertEqual(request.scope_matched_terms, "traceback")

    def test_swedish_request(self):
        request = self._request("Hur gör jag för att makulera en faktura?")
        self.assertEqual(request.scope, "first_line")
        self.assertEqual(request.scope_rule_id, self.rule_first_line)

    def test_nothing_matches_needs_review(self):
        request = self._request("Something is wrong with the numbers")
        self.assertEqual(request.scope, "needs_review")
        self.assertFalse(request.scope_rule_id)
        self.assertEqual(request.scope_confidence, 0.0)
        # the model learned such requests as vague: the reason says so, and what it would have said next
        self.assertRegex(
            request.scope_reason,
            r"^no rule matched → needs review \(learned: needs review \d+ %(, next "
            r"(included in maintenance|first line|minor configuration|billable) \d+ %)?\)$",
        )

    def test_batch_create_classifies_each_request(self):
        requests = self.env["amc.request"].create(
            [
                {"name": "End user training for the new staff", "agreement_id": self.agreement.id},
                {"name": "Where do I find the aged receivables report?", "agreement_id": self.agreement.id},
                {"name": "Add a new product category", "agreement_id": self.agreement.id},
                {"name": "Hello", "agreement_id": self.agreement.id},
            ]
        )
        self.assertEqual(requests.mapped("scope"), ["billable", "first_line", "config", "needs_review"])

    def test_reclassified_when_the_subject_or_description_changes(self):
        request = self._request("Hello")
        self.assertEqual(request.scope, "needs_review")
        request.description = "<p>Odoo shows a traceback when we open the invoice</p>"
        self.assertEqual(request.scope, "included")
        self.assertEqual(request.scope_matched_terms, "traceback")
        request.name = "Please do an import of data for our customers"
        self.assertEqual(request.scope, "billable")
        self.assertEqual(request.scope_rule_id, self.rule_import)
        self.assertIn('over "traceback"', request.scope_reason)
        request.write({"name": "Hello", "description": False})
        self.assertEqual(request.scope, "needs_review")
        self.assertFalse(request.scope_rule_id)

    def test_other_edits_do_not_reclassify(self):
        request = self._request("Import of data for the customers")
        request.scope_reason = "kept"  # readonly in the UI, written here to detect a reclassification
        request.priority = "high"
        self.assertEqual(request.scope_reason, "kept")

    def test_overridden_request_is_not_reclassified(self):
        request = self._request("Import of data for the customers")
        request.action_override_scope("included", "A bug in the import code")
        request.description = "<p>Still the import</p>"
        request.name = "Training course"
        self.assertEqual(request.scope, "included")
        self.assertTrue(request.scope_overridden)

    def test_explicit_scope_on_create_is_an_override_when_the_rules_disagree(self):
        with self.assertRaisesRegex(UserError, "reason is required"):
            self._request("Something odd", scope="billable")
        request = self._request("Something odd", scope="billable", scope_override_reason="Agreed with the customer")
        self.assertEqual(request.scope, "billable")
        self.assertTrue(request.scope_overridden)
        self.assertEqual(request.scope_override_reason, "Agreed with the customer")
        self.assertEqual(request.scope_overridden_by, self.env.user)
        log = request.scope_override_ids
        self.assertEqual((log.from_scope, log.to_scope, log.auto_scope), ("needs_review", "billable", "needs_review"))
        # the same scope as the rules: automatic; needs_review given: the rules decide
        agreeing = self._request("Import of data for the customers", scope="billable")
        self.assertFalse(agreeing.scope_overridden)
        self.assertFalse(agreeing.scope_override_ids)
        undecided = self._request("Import of data for the customers", scope="needs_review")
        self.assertEqual(undecided.scope, "billable")
        self.assertFalse(undecided.scope_overridden)

    def test_direct_scope_write_is_an_audited_override(self):
        request = self._request("Import of data for the customers")
        with self.assertRaises(UserError):
            request.scope = "config"  # an override needs a reason
        request.write({"scope": "config", "scope_override_reason": "Only a setting"})
        self.assertTrue(request.scope_overridden)
        self.assertEqual(request.scope_override_reason, "Only a setting")
        log = request.scope_override_ids
        self.assertEqual((log.rule_id, log.from_scope, log.to_scope), (self.rule_import, "billable", "config"))
        request.name = "Training course"
        self.assertEqual(request.scope, "config")
        # writing the same scope again is no change, hence no new override (and no reason needed)
        request.scope = "config"
        self.assertEqual(len(request.scope_override_ids), 1)


@tagged("post_install", "-at_install")
class TestAmcScopeOverride(AmcScopeCommon):
    def test_override_with_a_reason(self):
        request = self._request("Import of data for the customers")
        self.assertTrue(request.action_override_scope("included", "  The import crashes: a bug in our module  "))
        self.assertEqual(request.scope, "included")
        self.assertTrue(request.scope_overridden)
        self.assertEqual(request.scope_override_reason, "The import crashes: a bug in our module")
        self.assertEqual(request.scope_overridden_by, self.env.user)
        self.assertTrue(request.scope_overridden_date)
        # the automatic explanation stays visible
        self.assertEqual(request.scope_rule_id, self.rule_import)
        log = request.scope_override_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(log.rule_id, self.rule_import)
        self.assertEqual(log.category, "Data import/export")
        self.assertEqual((log.from_scope, log.to_scope, log.auto_scope), ("billable", "included", "billable"))
        self.assertEqual(log.reason, "The import crashes: a bug in our module")
        self.assertEqual(log.user_id, self.env.user)
        self.assertEqual(log.company_id, self.agreement.company_id)

    def test_override_without_a_reason_is_refused_and_writes_nothing(self):
        request = self._request("Import of data for the customers")
        for reason in ("", "   ", None, False):
            with self.subTest(reason=reason), self.assertRaisesRegex(UserError, "reason is required"):
                request.action_override_scope("included", reason)
        with self.assertRaisesRegex(UserError, "Unknown scope"):
            request.action_override_scope("free", "because")
        self.assertEqual(request.scope, "billable")
        self.assertFalse(request.scope_overridden)
        self.assertFalse(self.env["amc.scope.override"].search([("request_id", "=", request.id)]))

    def test_override_is_tracked_in_the_chatter(self):
        request = self._request("Import of data for the customers")
        self.flush_tracking()
        messages_before = request.message_ids
        request.action_override_scope("included", "A bug in the import code")
        self.flush_tracking()
        message = request.message_ids - messages_before
        self.assertEqual(len(message), 1)
        self.assertIn("Scope overridden (Billable → Included in Maintenance): A bug in the import code", message.body)
        tracking = message.tracking_value_ids.filtered(lambda value: value.field_id.name == "scope")
        self.assertEqual(tracking.old_value_char, "Billable")
        self.assertEqual(tracking.new_value_char, "Included in Maintenance")

    def test_override_to_the_same_scope_is_logged_in_the_chatter_too(self):
        request = self._request("Import of data for the customers")
        self.flush_tracking()
        messages_before = request.message_ids
        request.action_override_scope("billable", "Confirmed with the customer")
        self.flush_tracking()
        message = request.message_ids - messages_before
        self.assertEqual(len(message), 1)
        self.assertIn("Scope overridden (Billable → Billable): Confirmed with the customer", message.body)
        self.assertTrue(request.scope_overridden)

    def test_back_to_automatic_classification(self):
        request = self._request("Import of data for the customers")
        request.action_override_scope("included", "A bug in the import code")
        request.name = "End user training for the new staff"
        self.assertEqual(request.scope, "included")
        self.flush_tracking()
        messages_before = request.message_ids
        request.action_reset_scope()
        self.assertFalse(request.scope_overridden)
        self.assertFalse(request.scope_override_reason)
        self.assertFalse(request.scope_overridden_by)
        self.assertFalse(request.scope_overridden_date)
        self.assertEqual(request.scope, "billable")
        self.assertEqual(request.scope_category, "Training and testing")
        self.flush_tracking()
        message = request.message_ids - messages_before
        self.assertIn("Scope back to automatic classification (Billable)", message.body)
        # automatic again: edits reclassify
        request.name = "The delivery slip no longer works"
        self.assertEqual(request.scope, "included")

    def test_reclassification_reallocates_the_time(self):
        """Time logged as billable moves to maintenance when the text makes the request included."""
        request = self._request("Something odd")  # vague: no rule, and the model says needs review too
        self.assertEqual(request.scope, "needs_review")
        self._log(request, 1.0)
        self.assertEqual(self._buckets(request), [("billable", 60)])
        self.assertAlmostEqual(request.billable_amount, 1000.0)
        request.description = "<p>It raises a traceback when posting</p>"
        self.assertEqual(request.scope, "included")
        self.assertEqual(self._buckets(request), [("maintenance", 60)])
        self.assertAlmostEqual(request.billable_amount, 0.0)
        # and back: the import makes it billable again
        request.description = "<p>Please import the invoices</p>"
        self.assertEqual(self._buckets(request), [("billable", 60)])

    def test_override_and_reset_reallocate_the_time(self):
        request = self._request("Import of data for the customers")
        self._log(request, 0.5)
        self.assertEqual(self._buckets(request), [("billable", 30)])
        request.action_override_scope("included", "A bug in the import code")
        self.assertEqual(self._buckets(request), [("maintenance", 30)])
        request.action_reset_scope()
        self.assertEqual(self._buckets(request), [("billable", 30)])


@tagged("post_install", "-at_install")
class TestAmcScopePreview(AmcScopeCommon):
    def test_preview_returns_the_classification_and_writes_nothing(self):
        Request = self.env["amc.request"].with_user(self.agent)
        count = Request.search_count([])
        preview = Request.classify_scope_preview(
            "How do I do an import of data for prices?", "<p>from Excel</p>", self.agreement.id
        )
        self.assertEqual(
            preview,
            {
                "scope": "billable",
                "scope_label": "Billable",
                "category": "Data import/export",
                "reason": 'matched "import of data" → Data import/export, always charged (over "how do i": first line)',
                "matched_terms": ["import of data"],
                "confidence": 0.43,  # 0.85 (a three-word phrase) × 3 of 6 words agreeing
                "rule_id": self.rule_import.id,
                "always_charged": True,
                "source": "rules",
            },
        )
        self.assertEqual(Request.search_count([]), count)
        self.assertEqual(Request.classify_scope_preview("", False)["scope"], "needs_review")

    def test_preview_checks_access(self):
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.employee).classify_scope_preview("bug", "")
        agreement_b = self.env["amc.agreement"].create(
            self._agreement_vals(company_id=self.company_b.id, state="active")
        )
        with self.assertRaises(AccessError):
            self.env["amc.request"].with_user(self.agent).classify_scope_preview("bug", "", agreement_b.id)


@tagged("post_install", "-at_install")
def _migration_path(version, name):
    return os.path.join(get_module_path("addon_amc"), "migrations", version, f"{name}.py")


def _migration(version, name):
    """The module of one of addon_amc's migration scripts (their file names are not importable)."""
    path = _migration_path(version, name)
    spec = importlib.util.spec_from_file_location(f"addon_amc_migration_{name.replace('-', '_')}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


class TestAmcScopeRules(AmcScopeCommon):
    def _preview(self, text, agreement=None):
        return self.env["amc.request"].classify_scope_preview(text, "", (agreement or self.agreement).id)

    def test_update_teaches_the_restore_rule_recovering_unless_its_regex_was_edited(self):
        migration = _migration("19.0.1.7.0", "post-scope_restore_regex")
        rule = self.env.ref("addon_amc.amc_scope_rule_backup_restore")
        self.assertEqual(rule.regex, migration.NEW_REGEX)  # what a new database installs
        text = "Återskapa data från förra veckans säkerhetskopia"
        self.assertEqual(self._preview(text)["scope"], "billable")
        # a database installed before: the seed regex it was installed with is replaced on update
        rule.write({"regex": migration.OLD_REGEX})
        self.assertNotEqual(self._preview(text)["category"], "Backup restore")
        self.env.flush_all()
        migration.migrate(self.env.cr, "19.0.1.6.0")
        self.env.invalidate_all()
        self.assertEqual(rule.regex, migration.NEW_REGEX)
        # an administrator's own regex stays
        rule.write({"regex": r"\bgo back to (yesterday|igar)\b"})
        self.env.flush_all()
        migration.migrate(self.env.cr, "19.0.1.6.0")
        self.env.invalidate_all()
        self.assertEqual(rule.regex, r"\bgo back to (yesterday|igar)\b")

    def test_update_from_19_0_1_7_0_runs_each_seed_term_step_unless_an_administrator_edited_the_rule(self):
        """A database installed with 19.0.1.7.0 goes through every version's step and ends with the shipped terms."""
        parse = scope_classifier.parse_terms
        texts = {rule.id: rule.terms for rule in scope_classifier.load_rules_xml(file_path(SEED_RULES_PATH))}
        steps = scope_seed_history.steps({xml_id: parse(text) for xml_id, text in texts.items()})
        versions = [version for version, _changes in scope_seed_history.CHANGES]
        self.assertEqual(versions[:2], ["19.0.1.8.0", "19.0.1.9.0"])
        # what 19.0.1.7.0 installed in each rule a later version changes: its terms before the first such step
        installed = {}
        for version in versions:
            for xml_id, (before, _after) in steps[version].items():
                installed.setdefault(xml_id, before)
        rules = {xml_id: self.env.ref(f"addon_amc.{xml_id}") for xml_id in installed}
        for xml_id, rule in rules.items():  # what a new database installs
            self.assertEqual(parse(rule.terms), parse(texts[xml_id]), xml_id)
        text = "The webshop checkout button crashes since the update"
        self.assertNotEqual(self._preview(text)["category"], "External applications")
        for xml_id, rule in rules.items():
            rule.write({"terms": "\n".join(installed[xml_id])})
        self.assertEqual(self._preview(text)["category"], "External applications")
        # a new install (no version installed before) runs no step
        self.env.flush_all()
        exec_script(self.env.cr, False, _migration_path(versions[-1], "post-scope_rule_terms"), "addon_amc", "post")
        self.env.invalidate_all()
        for xml_id, rule in rules.items():
            self.assertEqual(rule.terms, "\n".join(installed[xml_id]), xml_id)
        # an administrator's own terms (one of their own added) stay through every step
        edited_rule = rules["amc_scope_rule_minor_config"]
        edited = "\n".join(installed["amc_scope_rule_minor_config"]) + "\nour old shop"
        edited_rule.write({"terms": edited})
        self.env.flush_all()
        for version in versions:  # as an update runs them, Odoo checking each script's migrate(cr, version)
            path = _migration_path(version, "post-scope_rule_terms")
            exec_script(self.env.cr, "19.0.1.7.0", path, "addon_amc", "post")
            self.env.invalidate_all()
            for xml_id, (_before, after) in steps[version].items():
                if rules[xml_id] != edited_rule:
                    self.assertEqual(set(parse(rules[xml_id].terms)), set(after), (version, xml_id))
        for xml_id, rule in rules.items():
            if rule != edited_rule:
                self.assertEqual(parse(rule.terms), parse(texts[xml_id]), xml_id)
        self.assertEqual(edited_rule.terms, edited)
        self.assertNotEqual(self._preview(text)["category"], "External applications")

    def test_cache_is_invalidated_when_a_rule_changes(self):
        # the rules alone: what the learned model reads in made-up words must not stand between a rule and the answer
        # (this text reads billable at about a third from its letters and the prior, and a covered rule yields to
        # needs review from scope_model.RULE_COVERED_MAX_BILLABLE, tested in test_amc_scope_model)
        with patch.object(scope_model, "RULE_COVERED_MAX_BILLABLE", 1.01):
            self._check_cache_is_invalidated_when_a_rule_changes()

    def _check_cache_is_invalidated_when_a_rule_changes(self):
        Rule = self.env["amc.scope.rule"]
        # made-up words: the learned model reads no known word, and leaves it undecided ("calibration" is known since
        # 19.0.1.11.0: configuration, 95 %; since 19.0.1.19.0 "Flux capacitor zorblaxing" reads billable at 55 %, from
        # its letters and the prior, and this text at 38 %)
        text = "Flux capacitor zorblaxed the grommets"
        self.assertEqual(self._preview(text)["scope"], "needs_review")
        rule = Rule.create(
            {
                "name": "Time travel",
                "scope": "config",
                "category": "Time travel",
                "terms": "flux capacitor",
            }
        )
        self.assertEqual(self._preview(text)["scope"], "config")
        rule.terms = "zorblaxed\nflux capacitor"
        self.assertEqual(self._preview(text)["matched_terms"], ["flux capacitor", "zorblaxed"])
        rule.scope = "included"
        self.assertEqual(self._preview(text)["scope"], "included")
        rule.active = False
        self.assertEqual(self._preview(text)["scope"], "needs_review")
        rule.active = True
        self.assertEqual(self._preview(text)["scope"], "included")
        rule.unlink()
        self.assertEqual(self._preview(text)["scope"], "needs_review")

    def test_compiled_rules_are_cached(self):
        Rule = self.env["amc.scope.rule"]
        company_id = self.env.company.id
        self.env.registry.clear_cache()
        with self.assertQueryCount(1):
            compiled = Rule._get_compiled_rules(company_id)
        with self.assertQueryCount(0):
            self.assertIs(Rule._get_compiled_rules(company_id), compiled)
        self.rule_import.sequence = 15
        self.assertIsNot(Rule._get_compiled_rules(company_id), compiled)

    def test_invalid_rules_are_refused(self):
        Rule = self.env["amc.scope.rule"]
        base = {"name": "Bad", "category": "Bad", "scope": "billable"}
        with self.assertRaisesRegex(ValidationError, "invalid regular expression"):
            Rule.create({**base, "regex": "(unclosed"})
        with self.assertRaisesRegex(ValidationError, "neither match terms nor a regular expression"):
            Rule.create({**base, "terms": "# only a comment"})
        with self.assertRaisesRegex(ValidationError, "may only end a word"):
            Rule.create({**base, "terms": "im*port"})
        with self.assertRaisesRegex(ValidationError, "must be Billable"):
            Rule.create({**base, "terms": "x", "scope": "included", "always_charged": True})
        with self.assertRaisesRegex(ValidationError, "invalid regular expression"):
            self.rule_bug.regex = "[a-"

    def test_company_specific_rules(self):
        agreement_b = self.env["amc.agreement"].create(
            self._agreement_vals(company_id=self.company_b.id, state="active")
        )
        rule_b = self.env["amc.scope.rule"].create(
            {
                "name": "Company B jargon",
                "scope": "first_line",
                "category": "Jargon",
                "terms": "widgetron",
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(self._preview("widgetron", agreement_b)["rule_id"], rule_b.id)
        self.assertEqual(self._preview("widgetron")["scope"], "needs_review")
        request_b = self.env["amc.request"].create({"name": "widgetron", "agreement_id": agreement_b.id})
        self.assertEqual(request_b.scope, "first_line")
        request_a = self._request("widgetron")
        self.assertEqual(request_a.scope, "needs_review")
        # agents of company A do not see company B's rules; shared rules are visible to all
        Rule = self.env["amc.scope.rule"].with_user(self.agent)
        self.assertFalse(Rule.search([("id", "=", rule_b.id)]))
        self.assertTrue(Rule.search([("id", "=", self.rule_import.id)]))
        self.assertTrue(self.env["amc.scope.rule"].with_user(self.agent_b).search([("id", "=", rule_b.id)]))

    def test_override_report_counts_per_rule(self):
        requests = self.env["amc.request"].create(
            [{"name": f"Import of data {index}", "agreement_id": self.agreement.id} for index in range(3)]
            + [{"name": "How do I print?", "agreement_id": self.agreement.id}]
        )
        requests[:3].action_override_scope("included", "Bug in the import module")
        requests[3].action_override_scope("billable", "Printer trouble")
        self.assertEqual(self.rule_import.override_count, 3)
        self.assertEqual(self.rule_first_line.override_count, 1)
        groups = dict(
            self.env["amc.scope.override"]._read_group([("request_id", "in", requests.ids)], ["rule_id"], ["__count"])
        )
        self.assertEqual(groups, {self.rule_import: 3, self.rule_first_line: 1})

    def test_dashboard_scope_section(self):
        self._request("Hello")
        request = self._request("Import of data for the customers")
        request.action_override_scope("included", "Bug")
        section = self.env["amc.agreement"]._get_dashboard_scope(self.env.company._amc_today())
        self.assertGreaterEqual(section["needs_review"], 1)
        self.assertGreaterEqual(section["override_count"], 1)
        import_row = next(row for row in section["top_overridden"] if row["rule_id"] == self.rule_import.id)
        self.assertEqual(import_row["category"], "Data import/export")
        self.assertEqual(
            {row["key"] for row in section["open_by_scope"]},
            {"included", "first_line", "config", "billable", "needs_review"},
        )

    def test_dashboard_scope_section_query_count_is_flat(self):
        """Two grouped queries, with 2 or 150 requests and overrides (warm caches)."""
        Agreement = self.env["amc.agreement"]
        today = Agreement.env.company._amc_today()
        for count in (2, 150):
            requests = self.env["amc.request"].create(
                [{"name": f"Import of data {index}", "agreement_id": self.agreement.id} for index in range(count)]
            )
            requests.action_override_scope("included", "Bug")
            Agreement._get_dashboard_scope(today)
            with self.subTest(count=count), self.assertQueryCount(2):
                section = Agreement._get_dashboard_scope(today)
            self.assertGreaterEqual(section["override_count"], count)
