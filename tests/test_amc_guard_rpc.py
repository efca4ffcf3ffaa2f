# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The guard holds over the wire: JSON-RPC (the web client's route) and ``/json/2/`` (API keys)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAmcGuardOverRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "RPC Company B"})
        customer = cls.env["res.partner"].create({"name": "RPC customer", "is_company": True})
        cls.agent = new_test_user(
            cls.env, login="amc_rpc_agent", groups="addon_amc.group_amc_user", company_id=cls.company_a.id
        )
        Agreement = cls.env["amc.agreement"]
        cls.agreement = Agreement.create(
            {"name": "RPC A", "partner_id": customer.id, "state": "active", "hourly_rate": 1000}
        )
        cls.agreement_b = Agreement.create(
            {"name": "RPC B", "partner_id": customer.id, "state": "active", "company_id": cls.company_b.id}
        )
        cls.env["amc.hour.pack"].create({"agreement_id": cls.agreement_b.id, "hours": 100})
        cls.request = cls.env["amc.request"].create({"name": "RPC request", "agreement_id": cls.agreement.id})
        cls.entry = (
            cls.env["amc.time.entry"]
            .with_user(cls.agent)
            .create({"request_id": cls.request.id, "duration": 2.0})
            .sudo()
        )

    def _call_kw(self, model, method, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    @mute_logger("odoo.http")  # the refusals are logged as warnings
    def test_json_rpc_refuses_moving_money_and_forging_totals(self):
        self.authenticate("amc_rpc_agent", "amc_rpc_agent")
        billed = self.entry.billed_hours
        for model, record, vals in (
            ("amc.request", self.request, {"agreement_id": self.agreement_b.id}),
            ("amc.request", self.request, {"company_id": self.company_b.id}),
            ("amc.request", self.request, {"hours_billed": 0}),
            ("amc.time.entry", self.entry, {"billed_hours": 0, "amount": 0}),
            ("amc.time.entry", self.entry, {"duration": float("1e308")}),
        ):
            with self.subTest(model=model, vals=vals), self.assertRaises(JsonRpcException):
                self._call_kw(model, "write", [record.ids, vals])
        self.request.invalidate_recordset()
        self.entry.invalidate_recordset()
        self.assertEqual(self.request.agreement_id, self.agreement)
        self.assertEqual(self.request.company_id, self.company_a)
        self.assertEqual(self.entry.billed_hours, billed)
        self.assertEqual(self.entry.duration, 2.0)
        # the normal flow still works over the same route
        self._call_kw("amc.time.entry", "write", [self.entry.ids, {"duration": 1.5}])
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.duration, 1.5)

    @mute_logger("odoo.http")
    def test_json2_refuses_the_same(self):
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.agent)
            ._generate(None, "addon_amc rpc test", fields.Datetime.now() + timedelta(days=1))
        )
        headers = {"Authorization": f"bearer {key}", "X-Odoo-Database": self.env.cr.dbname}

        def post(model, method, payload):
            return self.url_open(f"/json/2/{model}/{method}", json=payload, headers=headers)

        refused = post("amc.request", "write", {"ids": self.request.ids, "vals": {"agreement_id": self.agreement_b.id}})
        self.assertGreaterEqual(refused.status_code, 400, refused.text)
        refused = post("amc.time.entry", "write", {"ids": self.entry.ids, "vals": {"bucket": "maintenance"}})
        self.assertGreaterEqual(refused.status_code, 400, refused.text)
        created = post(
            "amc.request", "create", {"vals_list": [{"name": "Sneaky", "agreement_id": self.agreement_b.id}]}
        )
        self.assertGreaterEqual(created.status_code, 400, created.text)
        self.request.invalidate_recordset()
        self.assertEqual(self.request.agreement_id, self.agreement)
        self.assertFalse(self.env["amc.request"].search([("name", "=", "Sneaky")]))
        allowed = post("amc.time.entry", "write", {"ids": self.entry.ids, "vals": {"description": "Checked the logs"}})
        self.assertEqual(allowed.status_code, 200, allowed.text)
