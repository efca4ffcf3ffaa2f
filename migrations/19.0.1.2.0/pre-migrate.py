# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.2.0: the agreement's backup token fields leave the model.

The stored view that showed them (the agreement form's Maintenance tab) would
fail the validation of the agreement form before its new version loads: drop
it, the module's data recreates it. The token columns stay in the table for
post-migrate.py, which moves each token to an instance.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'addon_amc' AND model = 'ir.ui.view'
                         AND name = 'amc_agreement_view_form_ops')
        """
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'addon_amc' AND model = 'ir.ui.view' "
        "AND name = 'amc_agreement_view_form_ops'"
    )
