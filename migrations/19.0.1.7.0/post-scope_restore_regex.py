# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.7.0: the seed rule "Restore of backups" also knows recovering (recover, återskapa).

The seed rules are ``noupdate`` data, so an update does not reload them; the
new regular expression is written only where the rule still has the one it was
installed with (a regex an administrator changed is left alone).
"""

OLD_REGEX = (
    r"\b(restor\w*|roll\w* back|aterstall\w*)( \w+){0,4} (backup\w*|sakerhetskopi\w*|snapshot\w*)\b"
    r"|\b(backup\w*|sakerhetskopi\w*) (\w+ ){0,3}(restor\w*|aterstall\w*)\b"
)
NEW_REGEX = (
    r"\b((restor|recover|aterstall|aterskap)\w*|roll\w* back)( \w+){0,4} (backup|sakerhetskopi|snapshot)\w*\b"
    r"|\b(backup|sakerhetskopi)\w* (\w+ ){0,3}(restor|aterstall|aterskap)\w*\b"
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE amc_scope_rule AS rule
           SET regex = %s
          FROM ir_model_data AS data
         WHERE data.module = 'addon_amc'
           AND data.name = 'amc_scope_rule_backup_restore'
           AND data.model = 'amc.scope.rule'
           AND data.res_id = rule.id
           AND rule.regex = %s
        """,
        [NEW_REGEX, OLD_REGEX],
    )
