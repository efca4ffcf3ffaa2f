# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAmcViewLayout(TransactionCase):
    """A feature's fields live in its model's own views: a view of addon_amc inherits only
    views of other modules (base's settings form, portal templates), never one of addon_amc."""

    def _module_views(self):
        data = self.env["ir.model.data"].search([("module", "=", "addon_amc"), ("model", "=", "ir.ui.view")])
        xmlids = {row.res_id: row.complete_name for row in data}
        return self.env["ir.ui.view"].browse(list(xmlids)).exists(), xmlids

    def test_no_view_of_the_module_inherits_another_of_its_views(self):
        views, xmlids = self._module_views()
        self.assertTrue(views.filtered("inherit_id"), "the module's inheriting views (settings, portal) are found")
        offenders = sorted(
            f"{xmlids[view.id]} inherits {xmlids[view.inherit_id.id]}" for view in views if view.inherit_id.id in xmlids
        )
        self.assertEqual(offenders, [], "inherit the module's own views by editing them, not by xpath")

    def test_request_views_carry_each_feature(self):
        """SLA badges, scope classifier, email intake, the learned scope and the coverage are in the base views."""
        kinds = ("form", "list", "kanban", "search")
        views = self.env["amc.request"].get_views([(False, kind) for kind in kinds])
        arch = {kind: etree.fromstring(data["arch"]) for kind, data in views["views"].items()}
        expected = {
            "form": [
                "//header/button[@name='action_sla_acknowledge']",
                "//group[@name='handling']/field[@name='scope'][@widget='amc_scope_classifier']",
                "//group[@name='sla']/field[@name='sla_ids'][@widget='amc_sla_badges']",
                "//group[@name='customer']/field[@name='email_from']",
                "//div[contains(@class, 'oe_title')]//field[@name='reference']",
                "//page[@name='sla_pauses']",
                "//page[@name='scope']//group[@name='scope_classification']/field[@name='scope_source']",
                "//sheet/widget[@name='web_ribbon']",
                # a public reply sets the first response and restarts the update clock: the badges follow
                "//chatter[@reload_on_post='True']",
            ],
            "list": [
                "//field[@name='reference']",
                "//field[@name='sla_ids'][@widget='amc_sla_badges']",
                "//field[@name='scope_source']",
                "//field[@name='scope_confidence']",
                "//field[@name='coverage'][@widget='badge']",
            ],
            "kanban": [
                "//t[@t-name='card']/field[@name='reference']",
                "//t[@t-name='card']//field[@name='sla_ids'][@widget='amc_sla_badges']",
            ],
            "search": [
                "//filter[@name='filter_triage']",
                "//filter[@name='filter_sla_breached']",
                "//filter[@name='filter_scope_overridden']",
                "//filter[@name='groupby_scope_rule']",
            ],
        }
        for kind, paths in expected.items():
            for path in paths:
                with self.subTest(kind=kind, path=path):
                    self.assertTrue(arch[kind].xpath(path), f"{kind} view has {path}")
