# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .amc_instance_collector import DEFAULT_DRIFT_MODELS

MODEL_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amc_db_size_limit_mb = fields.Integer(
        string="Database Size Limit (MB)",
        config_parameter="addon_amc.db_size_limit_mb",
        default=20480,
        help="Health checks warn from 80% of this size and fail above it (0: no limit).",
    )
    amc_filestore_size_limit_mb = fields.Integer(
        string="Filestore Size Limit (MB)",
        config_parameter="addon_amc.filestore_size_limit_mb",
        default=102400,
        help="Health checks warn from 80% of this size and fail above it (0: no limit).",
    )
    amc_backup_max_age_hours = fields.Integer(
        string="Backup Maximum Age (h)",
        config_parameter="addon_amc.backup_max_age_hours",
        default=26,
        help="The backup check fails when the last successful backup is older than this.",
    )
    amc_cron_late_hours = fields.Integer(
        string="Late Scheduled Action (h)",
        config_parameter="addon_amc.cron_late_hours",
        default=24,
        help="An active scheduled action due for longer than this means the cron runner is down.",
    )
    amc_drift_models = fields.Char(
        string="Configuration Models",
        config_parameter="addon_amc.drift_models",
        default=DEFAULT_DRIFT_MODELS,
        help="Comma-separated technical names of the models whose changes by internal users the health "
        "check reports. Models that are not installed are skipped.",
    )
    amc_upgrade_planning_weeks = fields.Integer(
        string="Upgrade Planning (weeks)",
        config_parameter="addon_amc.upgrade_planning_weeks",
        default=8,
        help="Upgrade planning starts at least this many weeks before go-live; the dashboard warns when a "
        "series' support ends within this period plus 8 weeks and the agreement has no upgrade plan.",
    )
    amc_patch_warning_days = fields.Integer(
        string="Patch Warning (business days)",
        config_parameter="addon_amc.patch_warning_days",
        default=3,
        help="The account manager gets a to-do this many business days before a patch deadline.",
    )

    @api.constrains(
        "amc_db_size_limit_mb",
        "amc_filestore_size_limit_mb",
        "amc_backup_max_age_hours",
        "amc_cron_late_hours",
        "amc_upgrade_planning_weeks",
        "amc_patch_warning_days",
    )
    def _check_amc_ops_numbers(self):
        for settings in self:
            if settings.amc_db_size_limit_mb < 0 or settings.amc_filestore_size_limit_mb < 0:
                raise ValidationError(self.env._("Size limits cannot be negative (0 means no limit)."))
            if settings.amc_backup_max_age_hours < 1 or settings.amc_cron_late_hours < 1:
                raise ValidationError(self.env._("The backup age and the cron delay are at least one hour."))
            if settings.amc_upgrade_planning_weeks < 1:
                raise ValidationError(self.env._("Upgrade planning needs at least one week."))
            if settings.amc_patch_warning_days < 0:
                raise ValidationError(self.env._("The patch warning cannot be a negative number of days."))

    def set_values(self):
        warning_days = self.env["amc.health.check"]._get_ops_param("patch_warning_days")
        result = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for settings in self:
            # Odoo saves an integer 0 as "no value" (the parameter is deleted, so the default
            # would come back): store the zeros these settings mean explicitly
            for fname, key in (
                ("amc_db_size_limit_mb", "addon_amc.db_size_limit_mb"),
                ("amc_filestore_size_limit_mb", "addon_amc.filestore_size_limit_mb"),
                ("amc_patch_warning_days", "addon_amc.patch_warning_days"),
            ):
                if settings[fname] == 0:
                    params.set_param(key, "0")
        if self.env["amc.health.check"]._get_ops_param("patch_warning_days") != warning_days:
            self.env["amc.patch"].sudo().search([("applied_date", "=", False)])._replan_deadlines()
        return result

    @api.constrains("amc_drift_models")
    def _check_amc_drift_models(self):
        for settings in self:
            names = [name.strip() for name in (settings.amc_drift_models or "").split(",") if name.strip()]
            malformed = [name for name in names if not MODEL_NAME_RE.match(name)]
            if malformed:
                raise ValidationError(
                    self.env._("These are not model names (like res.company): %(names)s", names=", ".join(malformed))
                )
