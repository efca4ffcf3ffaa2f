# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_amc_scope import AmcScopeCommon


@tagged("post_install", "-at_install")
class TestAmcScopeAccess(AmcScopeCommon):
    def test_agent_can_override_and_reset(self):
        request = self._request("Import of data for the customers", user=self.agent)
        self.assertEqual(request.scope, "billable")
        request.with_user(self.agent).action_override_scope("included", "A bug in the import code")
        self.assertEqual(request.scope, "included")
        self.assertEqual(request.scope_overridden_by, self.agent)
        log = request.with_user(self.agent).scope_override_ids
        self.assertEqual(log.user_id, self.agent)
        request.with_user(self.agent).action_reset_scope()
        self.assertEqual(request.scope, "billable")

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_employee_without_support_rights_cannot_override(self):
        request = self._request("Import of data for the customers")
        with self.assertRaises(AccessError):
            request.with_user(self.employee).action_override_scope("included", "reason")
        with self.assertRaises(AccessError):
            request.with_user(self.employee).action_reset_scope()
        self.assertFalse(request.scope_overridden)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_agent_of_another_company_cannot_override(self):
        request = self._request("Import of data for the customers")
        with self.assertRaises(AccessError):
            request.with_user(self.agent_b).action_override_scope("included", "reason")
        self.assertEqual(request.scope, "billable")

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_only_managers_edit_rules(self):
        Rule = self.env["amc.scope.rule"]
        vals = {"name": "Agent rule", "scope": "billable", "category": "X", "terms": "xyz"}
        # agents read the rules (the request form shows the matching rule) but cannot change them
        self.assertTrue(self.rule_import.with_user(self.agent).name)
        with self.assertRaises(AccessError):
            Rule.with_user(self.agent).create(vals)
        with self.assertRaises(AccessError):
            self.rule_import.with_user(self.agent).write({"terms": "nothing"})
        with self.assertRaises(AccessError):
            self.rule_import.with_user(self.agent).unlink()
        self.assertIn("import", self.rule_import.terms)
        # managers can
        rule = Rule.with_user(self.manager).create(vals)
        rule.with_user(self.manager).write({"terms": "xyz\nabc"})
        rule.with_user(self.manager).unlink()
        self.assertFalse(rule.exists())
        with self.assertRaises(AccessError):
            Rule.with_user(self.employee).search([])

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_override_log_is_read_only_and_per_company(self):
        request = self._request("Import of data for the customers")
        request.action_override_scope("included", "A bug in the import code")
        log = request.scope_override_ids
        Log = self.env["amc.scope.override"]
        self.assertEqual(Log.with_user(self.agent).search([("id", "=", log.id)]), log)
        with self.assertRaises(AccessError):
            log.with_user(self.agent).write({"reason": "forged"})
        with self.assertRaises(AccessError):
            log.with_user(self.manager).write({"reason": "forged"})
        with self.assertRaises(AccessError):
            Log.with_user(self.agent).create(
                {
                    "request_id": request.id,
                    "from_scope": "billable",
                    "to_scope": "config",
                    "reason": "forged",
                }
            )
        with self.assertRaises(AccessError):
            log.with_user(self.agent).unlink()
        self.assertEqual(log.reason, "A bug in the import code")
        # another company's agent does not see it
        self.assertFalse(Log.with_user(self.agent_b).search([("id", "=", log.id)]))
