# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.5.0: requests say who decided their automatic scope (``scope_source``).

Requests classified before the learned model existed were decided by a rule
when they have one, else by nobody (needs review).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE amc_request
           SET scope_source = CASE WHEN scope_rule_id IS NOT NULL THEN 'rules' ELSE 'none' END
         WHERE scope_source IS NULL
        """
    )
