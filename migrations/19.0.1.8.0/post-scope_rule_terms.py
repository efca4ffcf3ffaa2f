# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.8.0: seed rule terms that mostly matched requests of another scope are removed.

Chosen on the training part of test/scope_eval_set.json only: a term goes when it
matched at least 3 requests and at least twice as many of them were of another
scope as of the rule's, unless it is a word of the contract line the rule comes from
("bug", "consulting" stay). So: the Odoo shop, "webshop", is Odoo, not an external
application; "custom module", "developed" and "utvecklade" name existing code, whose
bugs are covered; "exporterar" was mostly Odoo's own export; price lists and "is it
possible to" were as often work as questions; "error message" named data clean-up as
often as bugs, and "duplicate" a how-to as often as duplicates.

The seed rules are ``noupdate`` data, so an update does not reload them; a rule's
terms are replaced by the module's new seed text only where they are still the
ones it was installed with (compared term by term, so re-indented text counts as
the same): terms an administrator edited are left alone.
"""

import os

from odoo.addons.addon_amc.addon_amc.lib import scope_classifier
from odoo.modules.module import get_module_path

#: XML id -> (terms removed, terms added) by this version.
CHANGES = {
    "amc_scope_rule_new_functionality": (
        ("custom module", "develop*", "utveckl*"),
        (
            "develop",
            "develops",
            "developing",
            "development",
            "utveckla",
            "utvecklar",
            "utvecklas",
            "utveckling",
            "utvecklingen",
            "utvecklingsarbete",
        ),
    ),
    "amc_scope_rule_bug_fix": (("error message",), ()),
    "amc_scope_rule_data_quality": (("duplicate*",), ("duplicates", "duplicated")),
    "amc_scope_rule_external_apps": (("webshop", "webbshop*"), ()),
    "amc_scope_rule_data_import": (("exportera*",), ("exportera", "exportering*")),
    "amc_scope_rule_first_line": (("is it possible to",), ()),
    "amc_scope_rule_minor_config": (("pricelist*", "price list", "prislist*"), ()),
}


def seed_terms():
    """``{xml id: terms text}`` of the module's seed rules as this version ships them."""
    path = os.path.join(get_module_path("addon_amc"), "addon_amc", "data", "amc_scope_rule_data.xml")
    return {rule.id: rule.terms for rule in scope_classifier.load_rules_xml(path)}


def migrate(cr, version):
    if not version:
        return
    new_texts = seed_terms()
    for xml_id, (removed, added) in CHANGES.items():
        new_text = new_texts[xml_id]
        new = set(scope_classifier.parse_terms(new_text))
        old = (new - set(added)) | set(removed)
        cr.execute(
            """
            SELECT rule.id, rule.terms
              FROM amc_scope_rule AS rule
              JOIN ir_model_data AS data
                ON data.res_id = rule.id AND data.model = 'amc.scope.rule'
             WHERE data.module = 'addon_amc' AND data.name = %s
            """,
            [xml_id],
        )
        for rule_id, terms in cr.fetchall():
            try:
                stored = set(scope_classifier.parse_terms(terms))
            except ValueError:
                continue
            if stored == old:
                cr.execute("UPDATE amc_scope_rule SET terms = %s WHERE id = %s", [new_text, rule_id])
