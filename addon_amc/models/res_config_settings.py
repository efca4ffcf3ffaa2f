# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import settings as registry
from .amc_request import DONE_STATES

SERVICE_DOMAIN = "[('type', '=', 'service')]"


def setting(name):
    """``config_parameter`` and default of the field of setting ``name``, from lib/settings.py."""
    return registry.field_args(name)


class ResConfigSettings(models.TransientModel):
    """Settings → Support. Every field bound to an ``addon_amc.*`` parameter takes
    its key and default from the registry (lib/settings.py) and is checked against
    its bounds on the server (``_check_amc_settings``); the module reads the
    values through ``amc.settings._get``."""

    _inherit = "res.config.settings"

    # -- dashboard and prepaid packs ---------------------------------------
    amc_expiring_days = fields.Integer(
        string="Expiring Window (days)",
        help="The dashboard lists active agreements that end within this many days.",
        **setting("expiring_days"),
    )
    amc_pack_threshold_warning = fields.Float(
        string="First Pack Alert (%)",
        help="The account manager is alerted once when a prepaid pack's use reaches this share.",
        **setting("pack_threshold_warning"),
    )
    amc_pack_threshold_critical = fields.Float(
        string="Second Pack Alert (%)",
        **setting("pack_threshold_critical"),
    )

    # -- scope classifier --------------------------------------------------
    amc_scope_model_threshold = fields.Float(
        string="Learned Scope Threshold (%)",
        help="Where no scope rule matches a request, the model learned from agents' decisions gives the scope "
        "when it is at least this confident; below it, the request needs review.",
        **setting("scope_model_threshold"),
    )

    # -- service levels ----------------------------------------------------
    amc_sla_policy_id = fields.Many2one(
        related="company_id.amc_sla_policy_id",
        readonly=False,
        string="Default SLA Policy",
    )
    amc_sla_warning_percent = fields.Float(
        string="SLA Warning (%)",
        help="The assignee gets one activity when this share of a response or resolution target has elapsed.",
        **setting("sla_warning_percent"),
    )

    # -- maintenance operations --------------------------------------------
    amc_db_size_limit_mb = fields.Integer(
        string="Database Size Limit (MB)",
        help="Health checks warn from 80% of this size and fail above it (0: no limit).",
        **setting("db_size_limit_mb"),
    )
    amc_filestore_size_limit_mb = fields.Integer(
        string="Filestore Size Limit (MB)",
        help="Health checks warn from 80% of this size and fail above it (0: no limit).",
        **setting("filestore_size_limit_mb"),
    )
    amc_backup_max_age_hours = fields.Integer(
        string="Backup Maximum Age (h)",
        help="The backup check fails when the last successful backup is older than this.",
        **setting("backup_max_age_hours"),
    )
    amc_cron_late_hours = fields.Integer(
        string="Late Scheduled Action (h)",
        help="An active scheduled action due for longer than this means the cron runner is down.",
        **setting("cron_late_hours"),
    )
    amc_drift_models = fields.Char(
        string="Configuration Models",
        help="Comma-separated technical names of the models whose changes by internal users the health "
        "check reports. Models that are not installed are skipped.",
        **setting("drift_models"),
    )
    amc_upgrade_planning_weeks = fields.Integer(
        string="Upgrade Planning (weeks)",
        help="Upgrade planning starts at least this many weeks before go-live; the dashboard warns when a "
        "series' support ends within this period plus 8 weeks and the agreement has no upgrade plan.",
        **setting("upgrade_planning_weeks"),
    )
    amc_patch_warning_days = fields.Integer(
        string="Patch Warning (business days)",
        help="The account manager gets a to-do this many business days before a patch deadline.",
        **setting("patch_warning_days"),
    )

    # -- invoicing ---------------------------------------------------------
    amc_product_maintenance_id = fields.Many2one(
        "product.product", string="Maintenance Fee", domain=SERVICE_DOMAIN, **setting("product_maintenance")
    )
    amc_product_first_line_id = fields.Many2one(
        "product.product",
        string="First-line Support per User",
        domain=SERVICE_DOMAIN,
        **setting("product_first_line"),
    )
    amc_product_hour_id = fields.Many2one(
        "product.product", string="On-demand Support Hour", domain=SERVICE_DOMAIN, **setting("product_hour")
    )
    amc_product_pack_25_id = fields.Many2one(
        "product.product", string="25 h Pack", domain=SERVICE_DOMAIN, **setting("product_pack_25")
    )
    amc_product_pack_50_id = fields.Many2one(
        "product.product", string="50 h Pack", domain=SERVICE_DOMAIN, **setting("product_pack_50")
    )
    amc_product_pack_100_id = fields.Many2one(
        "product.product", string="100 h Pack", domain=SERVICE_DOMAIN, **setting("product_pack_100")
    )
    amc_product_pack_other_id = fields.Many2one(
        "product.product", string="Other Packs", domain=SERVICE_DOMAIN, **setting("product_pack_other")
    )
    amc_invoice_day = fields.Integer(
        string="Monthly Invoicing Day",
        help="Day of the month (1-28) on which draft invoices are created for the previous month; 0 = never.",
        **setting("invoice_day"),
    )
    amc_packs_paid_only = fields.Boolean(
        string="Prepaid packs usable only once paid",
        help="The allocation skips a pack until its invoice is paid.",
        **setting("packs_paid_only"),
    )

    # -- email intake ------------------------------------------------------
    amc_alias_name = fields.Char(
        string="Support Alias",
        compute="_compute_amc_alias_name",
        readonly=False,
        store=True,
        help="Emails to this address become support requests: e.g. support.",
    )
    amc_alias_domain = fields.Char(related="company_id.alias_domain_id.name", string="Support Alias Domain")

    # -- customer instances: hub side --------------------------------------
    amc_instance_silent_hours = fields.Integer(
        string="Instance Silent After (h)",
        help='An instance without a report for this long is silent and fails the "instance reporting" check.',
        **setting("instance_silent_hours"),
    )
    amc_instance_report_retention_days = fields.Integer(
        string="Keep Instance Reports (days)",
        help="Older reports are purged, except those a health check graded, each instance's latest, "
        "and those the next scheduled health check still reads.",
        **setting("instance_report_retention_days"),
    )

    # -- reporting to a hub (this database): system administrators only ----
    amc_hub_url = fields.Char(
        string="Hub URL",
        groups="base.group_system",
        help="The address of the support partner's Odoo, e.g. https://support.example.com",
        **setting("hub_url"),
    )
    amc_hub_token = fields.Char(
        string="Instance Token",
        groups="base.group_system",
        help="The token the hub generated for this instance.",
        **setting("hub_token"),
    )
    amc_hub_database = fields.Char(
        string="Hub Database",
        groups="base.group_system",
        help="Only when the hub's server hosts several databases.",
        **setting("hub_database"),
    )
    amc_reporter_last_success = fields.Char(
        string="Last Report Sent", compute="_compute_amc_reporter_status", groups="base.group_system"
    )
    amc_reporter_last_failure = fields.Char(
        string="Last Failure", compute="_compute_amc_reporter_status", groups="base.group_system"
    )

    # ------------------------------------------------------------------
    # The registry's fields
    # ------------------------------------------------------------------
    @api.model
    def _amc_setting_fields(self):
        """{field name: setting name} of the fields bound to a registry setting."""
        return {
            name: field.config_parameter.removeprefix(registry.PREFIX)
            for name, field in self._fields.items()
            if getattr(field, "config_parameter", None)
            and field.config_parameter.startswith(registry.PREFIX)
            and field.config_parameter.removeprefix(registry.PREFIX) in registry.SETTINGS
        }

    @api.model
    def _amc_setting_error(self, fname, error):
        label = self._fields[fname]._description_string(self.env)
        setting = error.setting
        if error.reason == "range":
            if setting.maximum is None:
                return self.env._(
                    "%(setting)s must be at least %(minimum)s.", setting=label, minimum=f"{setting.minimum:g}"
                )
            return self.env._(
                "%(setting)s must be between %(minimum)s and %(maximum)s.",
                setting=label,
                minimum=f"{setting.minimum:g}",
                maximum=f"{setting.maximum:g}",
            )
        if error.reason == "format" and setting.name == "drift_models":
            return self.env._("These are not model names (like res.company): %(names)s", names=error.detail)
        if error.reason == "format" and setting.name == "hub_url":
            return self.env._("The hub URL starts with https:// (or http:// on a local network).")
        return self.env._("%(setting)s: this is not a valid value.", setting=label)

    def _amc_setting_value(self, fname):
        """The typed value of a registry field of this record, checked (``SettingError`` when refused)."""
        value = self.sudo()[fname]  # the hub fields are for system administrators: checked for everyone
        setting = registry.get(self._amc_setting_fields()[fname])
        if setting.kind == "record":
            return setting.check(value.id or None)
        if setting.kind in ("str", "url", "models"):
            return setting.parse(value)
        return setting.check(value)

    @api.constrains(lambda self: list(self._amc_setting_fields()))
    def _check_amc_settings(self):
        for settings in self:
            for fname in self._amc_setting_fields():
                try:
                    settings._amc_setting_value(fname)
                except registry.SettingError as error:
                    raise ValidationError(self._amc_setting_error(fname, error)) from None
            if settings.amc_pack_threshold_warning >= settings.amc_pack_threshold_critical:
                raise ValidationError(self.env._("The first pack alert must come before the second."))

    @api.model
    def get_values(self):
        """A stored value the registry refuses (e.g. edited by hand) shows as its default,
        never as Odoo's 0 for an unreadable number."""
        result = super().get_values()
        Settings = self.env["amc.settings"]
        for fname, name in self._amc_setting_fields().items():
            kind = registry.get(name).kind
            if kind in ("int", "float", "bool"):
                result[fname] = Settings._get(name)
            elif kind == "models":
                result[fname] = ",".join(Settings._get(name))
            elif kind in ("str", "url"):
                result[fname] = Settings._get(name) or False
        return result

    def set_values(self):
        self._check_amc_settings()
        Settings = self.env["amc.settings"]
        watched = ("packs_paid_only", "patch_warning_days", "sla_warning_percent")
        before = {name: Settings._get(name) for name in watched}
        result = super().set_values()
        for settings in self:
            # Odoo saves a numeric 0 as "no value" (the parameter is deleted, so the default would come
            # back): store the zeros a setting accepts explicitly
            for fname, name in self._amc_setting_fields().items():
                setting = registry.get(name)
                if setting.kind in ("int", "float") and settings[fname] == 0 and setting.default != 0:
                    Settings._set(name, settings[fname])
            if self.env.user.has_group("addon_amc.group_amc_manager"):
                settings.company_id._amc_set_alias_name((settings.amc_alias_name or "").strip())
        after = {name: Settings._get(name) for name in watched}
        if after["packs_paid_only"] != before["packs_paid_only"]:
            # the packs the allocation may use changed: allocate every agreement with packs again
            self.env["amc.agreement"].sudo().search([("pack_ids", "!=", False)])._recompute_allocations()
        if after["patch_warning_days"] != before["patch_warning_days"]:
            self.env["amc.patch"].sudo().search([("applied_date", "=", False)])._replan_deadlines()
        if after["sla_warning_percent"] != before["sla_warning_percent"]:
            # warning dates of open requests follow the new share
            self.env["amc.request"].sudo().search([("state", "not in", DONE_STATES)])._sla_queue_replan()
        return result

    # ------------------------------------------------------------------
    # Email intake
    # ------------------------------------------------------------------
    @api.depends("company_id")
    def _compute_amc_alias_name(self):
        for settings in self:
            settings.amc_alias_name = settings.company_id.sudo().amc_alias_id.alias_name

    # ------------------------------------------------------------------
    # Instances and reporting to a hub
    # ------------------------------------------------------------------
    @api.depends("amc_hub_url")
    def _compute_amc_reporter_status(self):
        Settings = self.env["amc.settings"]
        success, failure = Settings._get("reporter_last_success"), Settings._get("reporter_last_failure")
        success_text = f"{success} UTC — {Settings._get('reporter_last_success_message')}" if success else None
        failure_text = f"{failure} UTC — {Settings._get('reporter_last_failure_message')}" if failure else None
        for settings in self:
            settings.amc_reporter_last_success = success_text or self.env._("never")
            settings.amc_reporter_last_failure = failure_text or self.env._("none")

    def action_amc_send_report_now(self):
        if not self.env.user._is_system():
            raise AccessError(self.env._("Only system administrators send instance reports."))
        self.execute()
        return self.env["amc.instance.collector"].action_send_report_now()

    # ------------------------------------------------------------------
    # Scope classifier
    # ------------------------------------------------------------------
    def action_amc_scope_reset_learning(self):
        """Forget what the scope classifier learned in the current company (managers only)."""
        return self.env["amc.scope.example"].action_reset_learning()
