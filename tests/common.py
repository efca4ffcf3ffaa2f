# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class AmcTestCommon(TransactionCase):
    """Companies, users and a customer shared by the addon_amc tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "AMC Company B"})
        cls.customer = cls.env["res.partner"].create({"name": "AMC Test Customer", "is_company": True})
        cls.manager = new_test_user(
            cls.env,
            login="amc_manager",
            groups="addon_amc.group_amc_manager",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )
        cls.agent = new_test_user(
            cls.env,
            login="amc_agent",
            groups="addon_amc.group_amc_user",
            company_id=cls.company_a.id,
        )
        cls.agent_b = new_test_user(
            cls.env,
            login="amc_agent_b",
            groups="addon_amc.group_amc_user",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.employee = new_test_user(cls.env, login="amc_employee", groups="base.group_user")

    @classmethod
    def _agreement_vals(cls, **overrides):
        vals = {
            "name": "AMC Test Agreement",
            "partner_id": cls.customer.id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
        }
        vals.update(overrides)
        return vals
