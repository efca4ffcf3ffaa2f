# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "IT Support & Maintenance Agreements",
    "summary": "Support, maintenance and first-line agreements (AMC): SLAs, "
    "prepaid hours, scope classification and health checks",
    "version": "19.0.1.27.0",
    "category": "Services/Support",
    "author": "addon_amc developers",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail", "resource", "web", "portal", "account", "rating", "portal_rating"],
    "data": [
        "addon_amc/security/addon_amc_security.xml",
        "addon_amc/security/ir.model.access.csv",
        "addon_amc/views/amc_agreement_views.xml",
        "addon_amc/views/amc_request_views.xml",
        "addon_amc/views/amc_time_entry_views.xml",
        "addon_amc/views/amc_hour_pack_views.xml",
        "addon_amc/report/amc_statement_report.xml",
        "addon_amc/views/amc_statement_views.xml",
        "addon_amc/data/amc_sla_data.xml",
        "addon_amc/views/amc_sla_views.xml",
        "addon_amc/data/amc_scope_rule_data.xml",
        "addon_amc/views/amc_scope_rule_views.xml",
        "addon_amc/data/amc_ops_data.xml",
        "addon_amc/report/amc_health_check_report.xml",
        "addon_amc/data/amc_health_check_mail_template.xml",
        "addon_amc/views/amc_health_check_views.xml",
        "addon_amc/wizard/amc_backup_token_wizard_views.xml",
        "addon_amc/views/amc_patch_views.xml",
        "addon_amc/views/amc_upgrade_plan_views.xml",
        "addon_amc/views/amc_scope_example_views.xml",
        "addon_amc/views/amc_scope_suggestion_views.xml",
        "addon_amc/data/amc_invoicing_data.xml",
        "addon_amc/data/amc_allocation_pending_data.xml",
        "addon_amc/data/amc_request_mail_template.xml",
        "addon_amc/views/amc_portal_templates.xml",
        "addon_amc/data/amc_instance_data.xml",
        "addon_amc/views/amc_instance_views.xml",
        "addon_amc/views/res_config_settings_views.xml",
        "addon_amc/views/addon_amc_menus.xml",
    ],
    "demo": [
        "addon_amc/data/amc_agreement_demo.xml",
        "addon_amc/data/amc_sla_demo.xml",
        "addon_amc/data/amc_ops_demo.xml",
        "addon_amc/data/amc_instance_demo.xml",
    ],
    # not module code: the TypeScript sources, the toolchain and its packages, the tests run outside Odoo
    "cloc_exclude": [
        "node_modules/**/*",
        "ts_src/**/*",
        "test/**/*",
        "build/**/*",
        "static/src/**/*",
        "static/tests/**/*",
        "*.mjs",
        "*.json",
    ],
    "assets": {
        "web.assets_backend": [
            "addon_amc/static/src/**/*",
            # the portal's entry point registers the same components for the frontend
            ("remove", "addon_amc/static/src/portal/**/*"),
        ],
        "web.assets_frontend": [
            # the back office's SLA badge is a field widget: its props come from this Odoo file
            "web/static/src/views/fields/standard_field_props.js",
            # hours as HH:MM: Odoo's formatFloatTime, as in the back office
            "web/static/src/views/fields/formatters.js",
            "addon_amc/static/src/portal/addon_amc_portal.js",
            "addon_amc/static/src/addon_amc.xml",
            "addon_amc/static/src/addon_amc.scss",
        ],
        "web.assets_tests": [
            "addon_amc/static/tests/**/*",
        ],
    },
    # scope rules' regular expressions are matched with a time bound (Debian: python3-regex)
    "external_dependencies": {"python": ["regex"]},
}
