# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.6.0: the SLA clocks of a request become records (``amc.request.sla``).

Before the update, the ``sla_{response,resolution}_*`` columns of ``amc_request``
are copied into a side table: the ORM drops the columns of removed fields at
the end of the update, and the post-migration script builds the records from
this copy.

The views that extended the module's own views (one per feature) are folded into
those views in this version. Odoo would delete them only at the end of the update,
but it validates each base view with its extensions as soon as it loads it, and the
old extensions name fields that no longer exist (``sla_resolution_deadline``): they
are deleted first.
"""

from odoo.tools import SQL

KINDS = ("response", "resolution")
LEGACY_TABLE = "amc_request_sla_legacy"
SUFFIXES = ("deadline", "warning_date", "target_hours", "clock", "status", "warned", "breach_notified")


def _has_column(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


def save_legacy_columns(cr):
    """Copy the old clock columns of the requests into ``amc_request_sla_legacy``; False if there are none."""
    if not _has_column(cr, "amc_request", "sla_response_deadline"):
        return False
    columns = SQL(", ").join(SQL.identifier(f"sla_{kind}_{suffix}") for kind in KINDS for suffix in SUFFIXES)
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(LEGACY_TABLE)))
    cr.execute(
        SQL(
            "CREATE TABLE %s AS SELECT id AS request_id, sla_start_date, %s FROM amc_request",
            SQL.identifier(LEGACY_TABLE),
            columns,
        )
    )
    return True


#: Views of 19.0.1.5.0 that extended the module's own views; folded into them in 19.0.1.6.0.
FOLDED_VIEWS = (
    "amc_agreement_view_form_first_line_source",
    "amc_agreement_view_form_instances",
    "amc_agreement_view_form_invoicing",
    "amc_agreement_view_form_mail",
    "amc_agreement_view_form_ops",
    "amc_agreement_view_form_sla",
    "amc_agreement_view_list_ops",
    "amc_hour_pack_view_form_invoicing",
    "amc_hour_pack_view_list_invoicing",
    "amc_patch_view_form_instances",
    "amc_request_view_form_mail",
    "amc_request_view_form_scope",
    "amc_request_view_form_scope_learning",
    "amc_request_view_form_sla",
    "amc_request_view_kanban_mail",
    "amc_request_view_kanban_sla",
    "amc_request_view_list_mail",
    "amc_request_view_list_scope",
    "amc_request_view_list_scope_learning",
    "amc_request_view_list_sla",
    "amc_request_view_search_mail",
    "amc_request_view_search_scope",
    "amc_request_view_search_sla",
    "res_config_settings_view_form_instance",
    "res_config_settings_view_form_invoicing",
    "res_config_settings_view_form_mail",
    "res_config_settings_view_form_ops",
    "res_config_settings_view_form_sla",
)


def drop_folded_views(cr):
    """Delete the folded views (and their XML ids) before the base views are loaded again."""
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE module = 'addon_amc' AND model = 'ir.ui.view' AND name IN %s",
        [FOLDED_VIEWS],
    )
    view_ids = [row[0] for row in cr.fetchall()]
    if view_ids:
        cr.execute("DELETE FROM ir_ui_view WHERE id IN %s", [tuple(view_ids)])
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'addon_amc' AND model = 'ir.ui.view' AND name IN %s",
        [FOLDED_VIEWS],
    )
    return len(view_ids)


def migrate(cr, version):
    if not version:
        return
    save_legacy_columns(cr)
    drop_folded_views(cr)
