# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "IT Support & Maintenance Agreements",
    "summary": "Support, maintenance and first-line agreements (AMC): SLAs, "
    "prepaid hours, scope classification and health checks",
    "version": "19.0.1.0.0",
    "category": "Services/Support",
    "author": "addon_amc developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "resource", "web", "portal"],
    "data": [
        "addon_amc/security/addon_amc_security.xml",
        "addon_amc/security/ir.model.access.csv",
        "addon_amc/views/amc_agreement_views.xml",
        "addon_amc/views/amc_request_views.xml",
        "addon_amc/report/amc_statement_report.xml",
        "addon_amc/views/amc_statement_views.xml",
        "addon_amc/views/res_config_settings_views.xml",
        "addon_amc/views/addon_amc_menus.xml",
        "addon_amc/security/amc_sla_security.xml",
        "addon_amc/data/amc_sla_data.xml",
        "addon_amc/views/amc_sla_views.xml",
        "addon_amc/views/amc_request_sla_views.xml",
        "addon_amc/views/amc_agreement_sla_views.xml",
        "addon_amc/views/res_config_settings_sla_views.xml",
        "addon_amc/views/amc_sla_menus.xml",
        "addon_amc/security/amc_scope_security.xml",
        "addon_amc/data/amc_scope_rule_data.xml",
        "addon_amc/views/amc_scope_rule_views.xml",
        "addon_amc/views/amc_request_scope_views.xml",
        "addon_amc/views/amc_scope_menus.xml",
    ],
    "demo": [
        "addon_amc/data/amc_agreement_demo.xml",
        "addon_amc/data/amc_sla_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "addon_amc/static/src/**/*",
        ],
        "web.assets_tests": [
            "addon_amc/static/tests/**/*",
        ],
    },
}
