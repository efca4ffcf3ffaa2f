# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_amc_scope import AmcScopeCommon


@tagged("post_install", "-at_install")
class TestAmcScopeHardening(AmcScopeCommon):
    def test_direct_scope_change_needs_a_reason(self):
        request = self._request("Import the customers")
        with self.assertRaises(UserError):
            request.write({"scope": "config"})
        with self.assertRaises(UserError):
            request.with_user(self.agent).write({"scope": "config", "scope_override_reason": "  "})
        self.assertEqual(request.scope, "billable")
        self.assertFalse(request.scope_override_ids)
        request.write({"scope": "billable"})  # no change, no reason needed
        request.with_user(self.agent).write({"scope": "config", "scope_override_reason": "Only a setting"})
        self.assertEqual(request.scope, "config")
        self.assertTrue(request.scope_overridden)
        self.assertEqual(request.scope_override_reason, "Only a setting")
        self.assertEqual(request.scope_override_ids.reason, "Only a setting")

    def test_changing_the_agreement_reclassifies(self):
        self.env["amc.scope.rule"].create(
            {
                "name": "Zebra (company B)",
                "company_id": self.company_b.id,
                "terms": "zebra",
                "scope": "first_line",
                "category": "Zebra",
            }
        )
        agreement_b = self.env["amc.agreement"].create(
            self._agreement_vals(name="Scope agreement B", company_id=self.company_b.id, state="active")
        )
        request = self._request("The zebra report")
        overridden = self._request("The zebra report")
        overridden.action_override_scope("billable", "Decided with the customer")
        self.assertEqual(request.scope, "needs_review")
        (request | overridden).write({"agreement_id": agreement_b.id})
        self.assertEqual(request.scope, "first_line")
        self.assertEqual(request.scope_category, "Zebra")
        self.assertEqual(overridden.scope, "billable")

    def test_rule_regex_with_nested_quantifiers_is_refused(self):
        base = {"name": "Slow", "category": "Slow", "scope": "billable"}
        for regex in (r"(\w+ ?)+x", r"(a*)*b", r"(a)\1", "a" * 201):
            with self.subTest(regex=regex), self.assertRaises(ValidationError):
                self.env["amc.scope.rule"].create({**base, "regex": regex})
        rule = self.env["amc.scope.rule"].create({**base, "regex": r"\bnew( \w+){0,3} report\b"})
        self.assertTrue(rule)
