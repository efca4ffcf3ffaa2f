# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import AmcTestCommon


@tagged("post_install", "-at_install")
class TestAmcAccess(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Agreement = cls.env["amc.agreement"]
        cls.agreement_a = Agreement.create(cls._agreement_vals(name="Company A agreement"))
        cls.agreement_b = Agreement.create(cls._agreement_vals(name="Company B agreement", company_id=cls.company_b.id))

    def test_manager_implies_user(self):
        self.assertTrue(self.manager.has_group("addon_amc.group_amc_user"))
        self.assertFalse(self.agent.has_group("addon_amc.group_amc_manager"))

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_support_user_cannot_create_or_edit_agreements(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        self.assertEqual(Agreement.browse(self.agreement_a.id).name, "Company A agreement")
        with self.assertRaises(AccessError):
            Agreement.create(self._agreement_vals(name="Made by an agent"))
        with self.assertRaises(AccessError):
            Agreement.browse(self.agreement_a.id).write({"name": "Renamed by an agent"})
        with self.assertRaises(AccessError):
            Agreement.browse(self.agreement_a.id).unlink()
        self.assertEqual(self.agreement_a.name, "Company A agreement")

    def test_support_manager_creates_and_edits(self):
        Agreement = self.env["amc.agreement"].with_user(self.manager)
        agreement = Agreement.create(self._agreement_vals(name="Made by a manager"))
        agreement.write({"name": "Edited by a manager"})
        self.assertEqual(agreement.name, "Edited by a manager")

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_employee_without_support_group_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["amc.agreement"].with_user(self.employee).search([])

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_company_b_user_cannot_read_company_a(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent_b)
        self.assertEqual(Agreement.search([]), self.agreement_b.with_user(self.agent_b))
        with self.assertRaises(AccessError):
            Agreement.browse(self.agreement_a.id).read(["name"])
        data = Agreement.get_dashboard_data()
        self.assertEqual(data["total"], 1)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_allocation_lock_and_pending_rows_follow_the_agreement_company(self):
        """The allocation's lock rows and deferred allocations name agreements: a manager sees
        those of the companies they work in, as for the agreements themselves."""
        for agreement in (self.agreement_a, self.agreement_b):
            agreement._lock_for_allocation()
            self.env["amc.allocation.pending"].sudo().create(
                {"agreement_id": agreement.id, "date_from": "2026-03-01", "request_ids": [], "months": []}
            )
        manager_b = new_test_user(
            self.env,
            login="amc_manager_b_only",
            groups="addon_amc.group_amc_manager",
            company_id=self.company_b.id,
            company_ids=[(6, 0, self.company_b.ids)],
        )
        for model in ("amc.allocation.lock", "amc.allocation.pending"):
            with self.subTest(model=model):
                self.assertEqual(self.env[model].with_user(manager_b).search([]).agreement_id, self.agreement_b)
                row_a = self.env[model].search([("agreement_id", "=", self.agreement_a.id)])
                with self.assertRaises(AccessError):
                    row_a.with_user(manager_b).read(["agreement_id"])
                # a manager of both companies sees both
                both = self.env[model].with_user(self.manager).search([]).agreement_id
                self.assertTrue(self.agreement_a | self.agreement_b <= both)
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.agent).search([])

    def test_company_a_user_sees_only_allowed_companies(self):
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        names = Agreement.search([("name", "in", ["Company A agreement", "Company B agreement"])]).mapped("name")
        self.assertEqual(names, ["Company A agreement"])
        # a manager allowed in both companies sees both once B is active
        both = (
            self.env["amc.agreement"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
            .search([("name", "in", ["Company A agreement", "Company B agreement"])])
        )
        self.assertEqual(len(both), 2)

    def test_new_records_offer_the_agreements_of_the_user(self):
        """On a new request, pack, patch, health check or upgrade plan, the company comes
        from the agreement, so the agreement field must not be limited to the (still empty)
        record company. Regression: the field's domain found no agreement at all."""
        active = self.env["amc.agreement"].create(self._agreement_vals(name="Pickable agreement", state="active"))
        for model in ("amc.request", "amc.hour.pack", "amc.patch", "amc.health.check", "amc.upgrade.plan"):
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.manager)
                domain = Model.fields_get(["agreement_id"])["agreement_id"].get("domain") or []
                if isinstance(domain, str):
                    domain = safe_eval(domain, {"company_id": False, "id": False, "context": {}})
                found = self.env["amc.agreement"].with_user(self.manager).search(domain)
                self.assertIn(active, found)
