# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import os
from datetime import timedelta

from odoo.addons.addon_amc.addon_amc.lib import dashboard
from odoo.tests import TransactionCase, tagged

from .common import AmcTestCommon, dashboard_section, dashboard_values

#: The real payload of the demo data, rendered by the jest tests (test/dashboard.test.ts).
FIXTURE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test", "fixtures", "dashboard_payload.json")
SECTION_KEYS = {
    "key", "sequence", "title", "icon", "width", "subtitle", "badge", "action", "cards", "bar",
    "columns", "rows", "empty", "more", "footer", "widget", "widget_data",
}  # fmt: skip
CARD_KEYS = {"key", "label", "value", "formatted", "tone", "icon", "action", "hint", "share"}


def payload_shape(value, path="$", shape=None):
    """``{path: types}`` of a payload: its structure without its values.

    Lists merge their items (``sections[].cards[].value``), so the shape does not
    depend on how many rows the data gives; ``None`` and ``False`` (Odoo's "no
    value") add no type, so a figure that is missing today does not change it.
    """
    shape = {} if shape is None else shape
    types = shape.setdefault(path, set())
    if isinstance(value, dict):
        types.add("object")
        for key, item in value.items():
            payload_shape(item, f"{path}.{key}", shape)
    elif isinstance(value, list):
        types.add("array")
        for item in value:
            payload_shape(item, f"{path}[]", shape)
    elif value is not None and value is not False:
        types.add("boolean" if isinstance(value, bool) else "number" if isinstance(value, int | float) else "string")
    return shape


def shape_lines(payload):
    return sorted(f"{path}: {'|'.join(sorted(types))}" for path, types in payload_shape(payload).items())


@tagged("post_install", "-at_install")
class TestAmcDashboard(AmcTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # start from an empty table so the counts below are exact, demo data or not
        cls.env["amc.request"].search([]).unlink()
        cls.env["amc.agreement"].search([]).unlink()
        cls.today = cls.env.company._amc_today()

    def _make(self, count, state="active", days_left=30, **extra):
        vals = [
            self._agreement_vals(
                name=f"Agreement {state} {days_left} {index}",
                state=state,
                date_start=self.today - timedelta(days=300),
                date_end=self.today + timedelta(days=days_left),
                **extra,
            )
            for index in range(count)
        ]
        return self.env["amc.agreement"].create(vals)

    def test_empty(self):
        data = self.env["amc.agreement"].with_user(self.agent).get_dashboard_data()
        self.assertEqual(data["total"], 0)
        self.assertEqual(
            dashboard_values(data, "agreements"),
            {"draft": 0, "active": 0, "expired": 0, "cancelled": 0, "expiring": 0},
        )
        expiring = dashboard_section(data, "expiring")
        self.assertEqual(expiring["rows"], [])
        self.assertEqual(expiring["empty"], "No agreement expires in the next 60 days.")
        self.assertEqual(data["create_action"]["res_model"], "amc.agreement")

    def test_counts_and_expiring(self):
        self._make(2, state="draft")
        soon = self._make(1, days_left=10)
        later = self._make(1, days_left=59)
        self._make(1, days_left=61)  # outside the window
        self._make(1, state="expired", days_left=-5)
        self._make(1, state="cancelled", days_left=5)  # cancelled agreements do not expire
        data = self.env["amc.agreement"].with_user(self.agent).get_dashboard_data()
        self.assertEqual(
            dashboard_values(data, "agreements"),
            {"draft": 2, "active": 3, "expired": 1, "cancelled": 1, "expiring": 2},
        )
        self.assertEqual(data["total"], 7)
        states = dashboard_section(data, "agreements")["cards"]
        self.assertEqual(
            [card["label"] for card in states], ["Draft", "Active", "Expired", "Cancelled", "Expiring in 60 days"]
        )
        self.assertEqual(
            states[0]["action"],
            {"xml_id": "addon_amc.amc_agreement_action", "context": {"search_default_filter_state_draft": 1}},
        )
        expiring = dashboard_section(data, "expiring")
        self.assertEqual([row["key"] for row in expiring["rows"]], [str(soon.id), str(later.id)])
        first = expiring["rows"][0]
        self.assertEqual(first["cells"][1]["text"], "AMC Test Customer")
        self.assertEqual(first["cells"][3], {"text": "10 days", "tone": "warning", "note": False})
        self.assertEqual(first["action"]["res_id"], soon.id)
        self.assertEqual(expiring["rows"][1]["cells"][3]["tone"], "info")
        self.assertFalse(expiring["more"])
        self.assertFalse(expiring["empty"])

    def test_expiring_window_setting(self):
        self._make(1, days_left=80)
        self.env["res.config.settings"].create({"amc_expiring_days": 90}).execute()
        data = self.env["amc.agreement"].get_dashboard_data()
        card = dashboard_section(data, "agreements")["cards"][-1]
        self.assertEqual((card["key"], card["value"], card["label"]), ("expiring", 1, "Expiring in 90 days"))
        # the filter it opens reads the same window on the server
        self.assertEqual(card["action"]["context"], {"search_default_filter_expiring_soon": 1})

    def test_expiring_filter_follows_settings(self):
        """The agreements' "Expiring Soon" filter (opened by the dashboard card) uses the same window."""
        soon, later = self._make(1, days_left=10), self._make(1, days_left=80)
        self._make(1, state="cancelled", days_left=5)
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        self.assertEqual(Agreement.search([("is_expiring_soon", "=", True)]), soon)
        self.assertNotIn(soon, Agreement.search([("is_expiring_soon", "=", False)]))
        self.env["res.config.settings"].create({"amc_expiring_days": 90}).execute()
        self.assertEqual(Agreement.search([("is_expiring_soon", "=", True)]), soon | later)
        later.invalidate_recordset(["is_expiring_soon"])
        self.assertTrue(later.is_expiring_soon)
        data = self.env["amc.agreement"].get_dashboard_data()
        self.assertEqual(
            {row["key"] for row in dashboard_section(data, "expiring")["rows"]}, {str(i) for i in (soon | later).ids}
        )

    def test_expiring_list_is_capped_but_counted(self):
        self._make(25, days_left=20)
        data = self.env["amc.agreement"].get_dashboard_data()
        expiring = dashboard_section(data, "expiring")
        self.assertEqual(len(expiring["rows"]), 20)
        self.assertEqual(dashboard_values(data, "agreements")["expiring"], 25)
        self.assertEqual(expiring["more"]["label"], "5 more: show all expiring agreements")

    def test_days_left_labels_and_tones_come_from_the_server(self):
        Agreement = self.env["amc.agreement"]
        labels = [Agreement._dashboard_days_label(days) for days in (-3, -1, 0, 1, 12)]
        self.assertEqual(labels, ["3 days late", "1 day late", "Today", "Tomorrow", "12 days"])
        self._make(1, days_left=1)
        row = dashboard_section(Agreement.get_dashboard_data(), "expiring")["rows"][0]
        self.assertEqual(row["cells"][3], {"text": "Tomorrow", "tone": "danger", "note": False})

    def test_hours_and_pack_alerts(self):
        """A 1:45 pack with 1:30 used (86 %): past the first threshold, not the critical one."""
        agreement = self._make(1, days_left=200)
        pack = self._add_support_work(agreement, 3)
        data = self.env["amc.agreement"].with_user(self.agent).get_dashboard_data()
        hours = dashboard_section(data, "hours")
        self.assertTrue(hours["bar"])
        cards = {card["key"]: card for card in hours["cards"]}
        self.assertEqual((cards["pack"]["formatted"], cards["pack"]["share"]), ("01:30", 100.0))
        self.assertEqual(hours["footer"], "01:30 in total")
        alerts = dashboard_section(data, "pack_alerts")
        self.assertEqual(alerts["badge"], {"text": "1", "tone": "danger"})
        row = alerts["rows"][0]
        self.assertEqual(row["action"], {**dashboard.form_action("amc.hour.pack", pack.id)})
        self.assertEqual(row["cells"][0]["note"], agreement.display_name)
        self.assertEqual(row["cells"][2], {"text": "86 %", "tone": "warning", "note": False})
        self.assertEqual(row["cells"][3]["text"], "00:15")
        burndown = dashboard_section(data, "burndown")
        self.assertEqual(burndown["widget"], "burndown")
        self.assertEqual(burndown["widget_data"]["default_id"], agreement.id)

    def test_every_section_keeps_the_contract(self):
        """Fixed keys, cells matching the columns, known tones, and every drill-down opens
        an existing action whose search view has the filters it turns on."""
        self._make(2, days_left=20, has_maintenance=True, maintenance_fee=100.0)
        self._add_support_work(self._make(1, days_left=200), 3)
        data = self.env["amc.agreement"].get_dashboard_data()
        sections = data["sections"]
        self.assertEqual([s["sequence"] for s in sections], sorted(s["sequence"] for s in sections))
        self.assertEqual(len({s["key"] for s in sections}), len(sections))
        actions = [data["create_action"]]
        for section in sections:
            with self.subTest(section=section["key"]):
                self.assertEqual(set(section), SECTION_KEYS)
                self.assertIn(section["width"], dashboard.WIDTHS)
                for card in section["cards"]:
                    self.assertEqual(set(card), CARD_KEYS)
                    self.assertIn(card["tone"], dashboard.TONES)
                    self.assertIsInstance(card["formatted"], str)
                    actions.append(card["action"])
                for row in section["rows"]:
                    self.assertEqual(len(row["cells"]), len(section["columns"]))
                    actions.append(row["action"])
                actions += [section["action"], section["more"] and section["more"]["action"]]
        for action in filter(None, actions):
            with self.subTest(action=action):
                if "xml_id" in action:
                    record = self.env.ref(action["xml_id"])
                    arch = self.env[record.res_model].get_view(record.search_view_id.id, "search")["arch"]
                    for key in action["context"]:
                        if key.startswith("search_default_"):
                            self.assertIn(f'name="{key.removeprefix("search_default_")}"', arch)
                else:
                    self.assertEqual(action["type"], "ir.actions.act_window")
                    self.assertIn(action["res_model"], self.env)
                    if action.get("res_id"):
                        self.assertTrue(self.env[action["res_model"]].browse(action["res_id"]).exists())

    def _assert_dashboard_queries(self, budget):
        """Measure one dashboard call from cold caches, as after a server restart.

        Cold record and registry caches make the measurement the same
        whatever the previous steps of the test left behind.
        """
        Agreement = self.env["amc.agreement"].with_user(self.agent)
        self.env.flush_all()
        # system parameters live in a cache that outlives registry resets, as on a
        # running server: one call warms them, then everything else is made cold
        Agreement.get_dashboard_data()
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        with self.assertQueryCount(budget):
            data = Agreement.get_dashboard_data()
        return data

    def _add_support_work(self, agreements, requests_per_agreement):
        """A 1:45 pack and half-hour billable requests this month on each agreement (3 requests: 86 % used)."""
        packs = self.env["amc.hour.pack"].create(
            [
                {"agreement_id": agreement.id, "hours": 1.75, "date_purchase": self.today - timedelta(days=20)}
                for agreement in agreements
            ]
        )
        requests = self.env["amc.request"].create(
            [
                {
                    "name": f"Request {agreement.id}-{index}",
                    "agreement_id": agreement.id,
                    "scope": "billable",
                    "scope_override_reason": "Dashboard test: billable work",
                }
                for agreement in agreements
                for index in range(requests_per_agreement)
            ]
        )
        self.env["amc.time.entry"].create(
            [{"request_id": request.id, "duration": 0.5, "date": self.today} for request in requests]
        )
        # customers rated the work on every other request (satisfaction section)
        self.env["rating.rating"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("amc.request"),
                    "res_id": request.id,
                    "rating": 5 if index % 4 else 1,
                    "consumed": True,
                }
                for index, request in enumerate(requests[::2])
            ]
        )
        return packs

    def test_query_count_is_flat(self):
        """The same query budget holds for 5 and for 500 agreements, with packs and time."""
        # From cold record and registry caches: the access rules and records of every model
        # read (agreements, packs, time, requests, SLA, scope, health checks, patches,
        # versions, instances), the user and companies, then a fixed set of grouped queries per section
        # (the instances card: one query of four counts, with its access rule and the silent-instance setting).
        # The satisfaction card adds one grouped query on the ratings.
        # The "To invoice" section adds the statements' access rules, two grouped queries
        # and the names and currencies it shows.
        # The SLA section reads the SLA clocks (amc.request.sla): their access rights and rule, and
        # the rules of their requests, from cold caches (at most 3 more queries, whatever the data).
        # Today is the companies' (res.company._amc_today): their working hours, and the companies
        # behind the per-company domain of the expiring agreements.
        budget = 77
        # with a monthly fee: their closed months are to invoice (the "To invoice" section)
        self._make(3, days_left=20, user_id=self.manager.id, has_maintenance=True, maintenance_fee=100.0)
        self._make(1, state="draft")
        # packs on agreements that are not in the expiring list, at both sizes
        self._add_support_work(self._make(1, days_left=200), 3)
        data = self._assert_dashboard_queries(budget)
        self.assertEqual(data["total"], 5)
        self.assertIn("of 3 agreements", dashboard_section(data, "to_invoice")["subtitle"])
        self.assertEqual(dashboard_section(data, "pack_alerts")["badge"]["text"], "1")
        self.assertEqual(len(dashboard_section(data, "burndown")["widget_data"]["agreements"]), 1)
        self._make(300, days_left=20, user_id=self.manager.id, has_maintenance=True, maintenance_fee=100.0)
        self._make(135, state="expired", days_left=-20)
        self._add_support_work(self._make(60, days_left=200), 3)
        data = self._assert_dashboard_queries(budget)
        self.assertIn("of 92 ratings", dashboard_section(data, "satisfaction")["cards"][0]["hint"])
        self.assertEqual(data["total"], 500)
        # the 303 agreements with a fee started 300 days ago: at least 8 closed months each to invoice
        to_invoice = dashboard_section(data, "to_invoice")
        self.assertGreaterEqual(int(to_invoice["badge"]["text"]), 303 * 8)
        self.assertIn("of 303 agreements", to_invoice["subtitle"])
        self.assertEqual(len(to_invoice["rows"]), 5)
        self.assertEqual(dashboard_values(data, "agreements")["expiring"], 303)
        pack_alerts = dashboard_section(data, "pack_alerts")
        self.assertEqual(pack_alerts["badge"]["text"], "61")
        self.assertEqual(len(pack_alerts["rows"]), 20)
        self.assertEqual(len(dashboard_section(data, "burndown")["widget_data"]["agreements"]), 61)
        hours = dashboard_values(data, "hours")
        self.assertAlmostEqual(hours["pack"], 61 * 1.5)
        self.assertAlmostEqual(hours["billable"], 0.0)


@tagged("post_install", "-at_install")
class TestAmcDashboardContract(TransactionCase):
    """The contract between the server and the client: the real payload of the demo data
    is committed in test/fixtures/dashboard_payload.json, which the jest tests render
    through the real components. This test fails when the payload's structure (keys and
    types, not the values, which change every day) differs from the committed file.
    Refresh it with ``AMC_WRITE_FIXTURES=1`` (README, "The dashboard")."""

    def test_payload_matches_the_committed_fixture(self):
        if not self.env.ref("addon_amc.amc_agreement_nordic_timber", raise_if_not_found=False):
            self.skipTest("the contract fixture is made from the demo data")
        admin = self.env.ref("base.user_admin")
        payload = self.env["amc.agreement"].with_user(admin).with_context(lang="en_US").get_dashboard_data()
        payload = json.loads(json.dumps(payload))  # as the client receives it (tuples become lists)
        if os.environ.get("AMC_WRITE_FIXTURES") == "1":
            os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
            with open(FIXTURE, "w", encoding="utf-8") as file:
                json.dump(payload, file, indent=1, sort_keys=True, ensure_ascii=False)
                file.write("\n")
        with open(FIXTURE, encoding="utf-8") as file:
            committed = json.load(file)
        hint = "the dashboard payload changed: refresh the fixture with AMC_WRITE_FIXTURES=1 (see the README)"
        self.assertEqual(
            [section["key"] for section in committed["sections"]],
            [section["key"] for section in payload["sections"]],
            hint,
        )
        self.assertEqual(shape_lines(committed), shape_lines(payload), hint)

    def test_shape_sees_structure_not_values(self):
        payload = self.env["amc.agreement"].get_dashboard_data()
        same = json.loads(json.dumps(payload))
        for section in same["sections"]:
            section["title"] += " (renamed)"
            section["rows"] = section["rows"][:1]
            for card in section["cards"]:
                card["value"] = 12345 if card["value"] is not None else None
        self.assertEqual(shape_lines(same), shape_lines(payload), "values and row counts are not structure")
        renamed = json.loads(json.dumps(payload))
        card = next(card for section in renamed["sections"] for card in section["cards"])
        card["caption"] = card.pop("label")
        self.assertNotEqual(shape_lines(renamed), shape_lines(payload), "a renamed key is")
        retyped = json.loads(json.dumps(payload))
        retyped["total"] = str(retyped["total"])
        self.assertNotEqual(shape_lines(retyped), shape_lines(payload), "a changed type is")
