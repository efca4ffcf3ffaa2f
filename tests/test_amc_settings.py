# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..addon_amc.lib import settings as registry
from .common import AmcTestCommon, dashboard_section

GARBAGE = "twelve\x7f"


@tagged("post_install", "-at_install")
class TestAmcSettings(AmcTestCommon):
    """The one registry (lib/settings.py) behind the Settings form and the typed reader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_like = new_test_user(
            cls.env,
            login="amc_settings_admin",
            groups="base.group_user,base.group_system,addon_amc.group_amc_manager",
        )
        cls.Param = cls.env["ir.config_parameter"].sudo()
        cls.Settings = cls.env["amc.settings"]

    def _form_fields(self):
        return self.env["res.config.settings"]._amc_setting_fields()

    # ------------------------------------------------------------------
    # The typed reader
    # ------------------------------------------------------------------
    def test_reader_parses_stored_values(self):
        self.Param.set_param("addon_amc.expiring_days", "90")
        self.Param.set_param("addon_amc.sla_warning_percent", "50.0")
        self.Param.set_param("addon_amc.packs_paid_only", "True")
        self.Param.set_param("addon_amc.drift_models", "res.company, ir.cron")
        self.assertEqual(self.Settings._get("expiring_days"), 90)
        self.assertEqual(self.Settings._get("sla_warning_percent"), 50.0)
        self.assertIs(self.Settings._get("packs_paid_only"), True)
        self.assertEqual(self.Settings._get("drift_models"), ("res.company", "ir.cron"))
        # the module's readers go through it
        self.assertEqual(self.env["amc.agreement"]._get_expiring_days(), 90)
        self.assertEqual(self.env["amc.request"]._sla_warning_share(), 0.5)
        self.assertTrue(self.env["amc.hour.pack"]._packs_paid_only())
        self.assertEqual(self.env["amc.instance.collector"]._get_drift_models(), ["res.company", "ir.cron"])

    def test_tampered_parameters_read_as_defaults(self):
        """A value nobody could save through Settings (edited in the database) reads as the default."""
        for setting in registry.SETTINGS.values():
            if setting.kind in ("str",):
                continue  # any text is a text
            with self.subTest(setting=setting.name):
                self.Param.set_param(setting.key, GARBAGE)
                self.assertEqual(self.Settings._get(setting.name), setting.default)
        self.Param.set_param("addon_amc.expiring_days", "-4")
        self.Param.set_param("addon_amc.sla_warning_percent", "250")
        self.assertEqual(self.env["amc.agreement"]._get_expiring_days(), 60)
        self.assertEqual(self.env["amc.request"]._sla_warning_share(), 0.75)
        self.assertEqual(self.env["amc.agreement"]._get_pack_thresholds(), [0.8, 0.95])
        # the screens that read them still open
        card = dashboard_section(self.env["amc.agreement"].get_dashboard_data(), "agreements")["cards"][-1]
        self.assertEqual((card["key"], card["label"]), ("expiring", "Expiring in 60 days"))

    def test_writer_refuses_what_the_registry_refuses(self):
        self.Settings._set("patch_warning_days", 0)
        self.assertEqual(self.Param.get_param("addon_amc.patch_warning_days"), "0")
        with self.assertRaises(registry.SettingError):
            self.Settings._set("patch_warning_days", -1)
        self.assertEqual(self.Settings._get("patch_warning_days"), 0)

    # ------------------------------------------------------------------
    # The Settings form
    # ------------------------------------------------------------------
    def test_form_fields_come_from_the_registry(self):
        form_fields = self._form_fields()
        Form = self.env["res.config.settings"]
        self.assertIn("amc_expiring_days", form_fields)
        self.assertIn("amc_product_hour_id", form_fields)
        for fname, name in form_fields.items():
            with self.subTest(field=fname):
                field = Form._fields[fname]
                setting = registry.get(name)
                self.assertEqual(field.config_parameter, setting.key)
                if setting.kind != "record":
                    self.assertEqual(field.default(Form), setting.field_default())
        # every addon_amc.* parameter of the form is declared in the registry
        for fname, field in Form._fields.items():
            if (getattr(field, "config_parameter", None) or "").startswith("addon_amc."):
                self.assertIn(fname, form_fields)

    def test_form_shows_defaults_for_tampered_values_and_saves(self):
        for name in self._form_fields().values():
            if registry.get(name).kind in ("int", "float", "models", "url"):
                self.Param.set_param(registry.get(name).key, GARBAGE)
        # Odoo's default_get warns that it cannot convert them (and would show 0); get_values shows the default
        # (base's set_values reads them once more the same way before saving)
        with mute_logger("odoo.addons.base.models.res_config"):
            form = self.env["res.config.settings"].with_user(self.admin_like).create({})
            self.assertEqual(form.amc_expiring_days, 60)
            self.assertEqual(form.amc_sla_warning_percent, 75.0)
            self.assertEqual(form.amc_backup_max_age_hours, 26)
            self.assertEqual(form.amc_drift_models, ",".join(registry.DEFAULT_DRIFT_MODELS))
            self.assertFalse(form.amc_hub_url)
            form.execute()  # nothing to fix before saving
        self.assertEqual(self.Param.get_param("addon_amc.expiring_days"), "60")
        self.assertEqual(self.Settings._get("backup_max_age_hours"), 26)

    def test_out_of_bounds_values_are_refused_on_save(self):
        """As a system administrator: each number just outside its bounds is refused and nothing is stored."""
        Form = self.env["res.config.settings"].with_user(self.admin_like)
        for fname, name in self._form_fields().items():
            setting = registry.get(name)
            if setting.kind not in ("int", "float"):
                continue
            stored = self.Param.get_param(setting.key)
            for bad in (setting.minimum - 1, setting.maximum + 1):
                with self.subTest(field=fname, value=bad), self.assertRaises(ValidationError), self.cr.savepoint():
                    Form.create({fname: bad}).set_values()
            self.assertEqual(self.Param.get_param(setting.key), stored)

    def test_refusals_name_the_setting(self):
        Form = self.env["res.config.settings"].with_user(self.admin_like)
        with self.assertRaisesRegex(ValidationError, r"Monthly Invoicing Day must be between 0 and 28"):
            Form.create({"amc_invoice_day": 29})
        with self.assertRaisesRegex(ValidationError, "not model names.*Res Users"):
            Form.create({"amc_drift_models": "res.company, Res Users"})
        with self.assertRaisesRegex(ValidationError, "hub URL"):
            Form.create({"amc_hub_url": "hub.example.com"})
        with self.assertRaisesRegex(ValidationError, "must come before"):
            Form.create({"amc_pack_threshold_warning": 96.0})

    def test_a_valid_save_is_read_back(self):
        Form = self.env["res.config.settings"].with_user(self.admin_like)
        Form.create(
            {
                "amc_expiring_days": 30,
                "amc_db_size_limit_mb": 0,
                "amc_invoice_day": 28,
                "amc_sla_warning_percent": 80.0,
                "amc_drift_models": "res.company,ir.cron",
            }
        ).execute()
        self.assertEqual(self.Settings._get("expiring_days"), 30)
        self.assertEqual(self.Settings._get("db_size_limit_mb"), 0)  # 0 means no limit, not the default
        self.assertEqual(self.Settings._get("invoice_day"), 28)
        self.assertEqual(self.Settings._get("sla_warning_percent"), 80.0)
        self.assertEqual(self.Settings._get("drift_models"), ("res.company", "ir.cron"))
        form = Form.create({})
        self.assertEqual((form.amc_expiring_days, form.amc_db_size_limit_mb), (30, 0))
