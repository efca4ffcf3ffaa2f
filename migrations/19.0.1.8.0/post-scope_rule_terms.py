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

The change itself is listed in ``addon_amc/lib/scope_seed_history.py`` (since
19.0.1.9.0, which changes some of the same rules again: the terms this version
installed are found from the newest seed file by walking back). A rule's terms are
replaced only where they are still the ones 19.0.1.7.0 installed: terms an
administrator edited are left alone.
"""

from odoo.addons.addon_amc.addon_amc.models.amc_scope_rule import migrate_seed_terms


def migrate(cr, version):
    if not version:
        return
    migrate_seed_terms(cr, "19.0.1.8.0")
