# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmcTestCommon


@tagged("post_install", "-at_install")
class TestAmcOpsAccess(AmcTestCommon):
    """Maintenance operations: agents read, managers edit, each company sees its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.env.company._amc_today()
        cls.records = {}
        for company in (cls.company_a, cls.company_b):
            agreement = cls.env["amc.agreement"].create(
                cls._agreement_vals(
                    name=f"Ops {company.name}",
                    company_id=company.id,
                    has_maintenance=True,
                )
            )
            instance = agreement._register_this_database()
            check = cls.env["amc.health.check"].create({"agreement_id": agreement.id})
            check._run_checks()
            plan = cls.env["amc.upgrade.plan"].create(
                {
                    "agreement_id": agreement.id,
                    "from_version_id": cls.env.ref("addon_amc.amc_odoo_version_18").id,
                    "to_version_id": cls.env.ref("addon_amc.amc_odoo_version_19").id,
                    "date_planning_start": today,
                    "date_target": today + timedelta(weeks=12),
                }
            )
            cls.records[company] = {
                "amc.agreement": agreement,
                "amc.health.check": check,
                "amc.health.check.line": check.line_ids[:1],
                "amc.backup.log": cls.env["amc.backup.log"].create(
                    {
                        "agreement_id": agreement.id,
                        "status": "success",
                        "finished_at": fields.Datetime.now(),
                    }
                ),
                "amc.patch": cls.env["amc.patch"].create(
                    {
                        "agreement_id": agreement.id,
                        "title": "Patch",
                        "severity": "high",
                        "release_date": today,
                    }
                ),
                "amc.upgrade.plan": plan,
                "amc.upgrade.milestone": plan.milestone_ids[:1],
                "amc.instance": instance,
                "amc.instance.report": instance.last_report_id,
                "amc.upgrade.module": plan.module_ids[:1],
            }
        cls.ops_models = [name for name in cls.records[cls.company_a] if name != "amc.agreement"]

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_agents_read_but_do_not_edit(self):
        for model in self.ops_models:
            record = self.records[self.company_a][model].with_user(self.agent)
            self.assertTrue(record.read(["display_name"]), model)
            with self.assertRaises(AccessError, msg=model):
                record.unlink()
        with self.assertRaises(AccessError):
            self.env["amc.patch"].with_user(self.agent).create(
                {
                    "agreement_id": self.records[self.company_a]["amc.agreement"].id,
                    "title": "By an agent",
                }
            )
        for model, vals in (
            ("amc.patch", {"title": "Renamed"}),
            ("amc.health.check", {"state": "draft"}),
            ("amc.upgrade.plan", {"notes": "By an agent"}),
            ("amc.upgrade.milestone", {"done": True}),
            ("amc.backup.log", {"message": "By an agent"}),
        ):
            with self.assertRaises(AccessError, msg=model):
                self.records[self.company_a][model].with_user(self.agent).write(vals)
        with self.assertRaises(AccessError):
            self.records[self.company_a]["amc.agreement"].with_user(self.agent).action_run_health_check()
        with self.assertRaises(AccessError):
            self.records[self.company_a]["amc.instance"].with_user(self.agent).action_generate_token()
        with self.assertRaises(AccessError):
            self.env["amc.odoo.version"].with_user(self.agent).create({"series": "42.0"})
        self.assertTrue(self.env["amc.odoo.version"].with_user(self.agent).search([]))

    def test_managers_edit(self):
        records = self.records[self.company_a]
        records["amc.patch"].with_user(self.manager).write({"title": "Renamed by a manager"})
        self.assertEqual(records["amc.patch"].title, "Renamed by a manager")
        records["amc.upgrade.milestone"].with_user(self.manager).write({"done": True})
        action = records["amc.agreement"].with_user(self.manager).action_run_health_check()
        self.assertEqual(self.env["amc.health.check"].browse(action["res_id"]).state, "done")
        self.env["amc.odoo.version"].with_user(self.manager).create({"series": "42.0"})
        records["amc.health.check"].with_user(self.manager).unlink()

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_managers_cannot_forge_evidence(self):
        """Backup reports and check results are written by the endpoint and the check runner only."""
        records = self.records[self.company_a]
        agreement, check = records["amc.agreement"], records["amc.health.check"]
        for model, vals in (
            (
                "amc.backup.log",
                {"agreement_id": agreement.id, "status": "success", "finished_at": fields.Datetime.now()},
            ),
            ("amc.health.check.line", {"check_id": check.id, "code": "backup", "status": "pass"}),
        ):
            record = records[model].with_user(self.manager)
            self.assertTrue(record.read(["display_name"]), model)
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.manager).create(vals)
            with self.assertRaises(AccessError, msg=model):
                record.write({"status": "success" if model == "amc.backup.log" else "pass"})
            with self.assertRaises(AccessError, msg=model):
                record.unlink()
        # the check runner still writes its lines, also when run again by a manager
        action = agreement.with_user(self.manager).action_run_health_check()
        new_check = self.env["amc.health.check"].browse(action["res_id"])
        self.assertEqual(len(new_check.line_ids), 10)
        new_check.with_user(self.manager).action_run()
        self.assertEqual(len(new_check.line_ids), 10)
        # deleting a whole check (with its lines) stays a manager's right
        new_check.with_user(self.manager).unlink()

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_employee_without_support_group(self):
        for model in self.ops_models:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.employee).search([])

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_multi_company(self):
        for model in self.ops_models:
            mine = self.records[self.company_b][model]
            theirs = self.records[self.company_a][model]
            Model = self.env[model].with_user(self.agent_b)
            found = Model.search([("id", "in", (mine | theirs).ids)])
            self.assertEqual(found.ids, mine.ids, model)
            with self.assertRaises(AccessError, msg=model):
                Model.browse(theirs.id).read(["display_name"])

    def test_token_hash_is_not_readable(self):
        instance = self.records[self.company_a]["amc.instance"]
        instance.with_user(self.manager).action_generate_token()
        self.assertNotIn("token_hash", instance.with_user(self.manager).fields_get())
        self.assertTrue(instance.sudo().token_hash)
