# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/settings.py, the settings registry (stdlib unittest, no Odoo)."""

import math
import os
import sys
import unittest

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import settings  # noqa: E402
from settings import SETTINGS, Setting, SettingError, field_args, from_stored  # noqa: E402


class TestDeclarations(unittest.TestCase):
    def test_every_default_is_a_valid_value_within_its_bounds(self):
        for setting in SETTINGS.values():
            with self.subTest(setting=setting.name):
                if setting.default is not None:
                    self.assertEqual(setting.check(setting.default), setting.default)
                if setting.minimum is not None and setting.maximum is not None:
                    self.assertLess(setting.minimum, setting.maximum)

    def test_keys_are_the_modules_parameters(self):
        self.assertEqual(SETTINGS["sla_warning_percent"].key, "addon_amc.sla_warning_percent")
        self.assertEqual(len({setting.key for setting in SETTINGS.values()}), len(SETTINGS))

    def test_a_setting_declared_twice_or_with_a_bad_default_is_refused(self):
        with self.assertRaises(ValueError):
            settings._declare(Setting("x", "int", 1), Setting("x", "int", 2))
        with self.assertRaises(SettingError):
            Setting("y", "int", 5, 10, 20)
        with self.assertRaises(ValueError):
            Setting("z", "decimal", 1)

    def test_field_args(self):
        self.assertEqual(field_args("expiring_days"), {"config_parameter": "addon_amc.expiring_days", "default": 60})
        self.assertEqual(
            field_args("drift_models")["default"], ",".join(settings.DEFAULT_DRIFT_MODELS)
        )  # the field is a comma-separated text
        self.assertNotIn("default", field_args("product_hour"))  # unset: the module's own product
        self.assertIs(field_args("packs_paid_only")["default"], False)

    def test_unknown_setting(self):
        with self.assertRaises(KeyError):
            from_stored("no_such_setting", "1")


class TestRead(unittest.TestCase):
    """A stored text reads as a typed value, or as the default when it is no valid value."""

    def test_missing_reads_as_default(self):
        for setting in SETTINGS.values():
            with self.subTest(setting=setting.name):
                self.assertEqual(setting.from_stored(None), setting.default)
                self.assertEqual(setting.from_stored(False), setting.default)

    def test_int(self):
        self.assertEqual(from_stored("expiring_days", "90"), 90)
        self.assertEqual(from_stored("expiring_days", " 90 "), 90)
        self.assertEqual(from_stored("expiring_days", "90.0"), 90)  # Odoo stores numbers with repr()
        self.assertEqual(from_stored("expiring_days", ""), 60)
        for garbage in ("abc", "12.5", "nan", "inf", "1e400", "0", "-3", "99999"):
            with self.subTest(raw=garbage):
                self.assertEqual(from_stored("expiring_days", garbage), 60)

    def test_zero_is_a_value_where_the_bounds_allow_it(self):
        self.assertEqual(from_stored("db_size_limit_mb", "0"), 0)
        self.assertEqual(from_stored("patch_warning_days", "0"), 0)
        self.assertEqual(from_stored("invoice_day", "0"), 0)
        self.assertEqual(from_stored("backup_max_age_hours", "0"), 26)

    def test_float_bounds_are_inclusive(self):
        self.assertEqual(from_stored("sla_warning_percent", "1"), 1.0)
        self.assertEqual(from_stored("sla_warning_percent", "99"), 99.0)
        self.assertEqual(from_stored("sla_warning_percent", "50.5"), 50.5)
        for out in ("0", "0.5", "99.5", "100", "-1", "NaN", "75%"):
            with self.subTest(raw=out):
                self.assertEqual(from_stored("sla_warning_percent", out), 75.0)
        self.assertEqual(from_stored("pack_threshold_critical", "100"), 100.0)
        self.assertEqual(from_stored("pack_threshold_critical", "100.1"), 95.0)

    def test_bool(self):
        self.assertIs(from_stored("packs_paid_only", "True"), True)
        self.assertIs(from_stored("packs_paid_only", "1"), True)
        self.assertIs(from_stored("packs_paid_only", "False"), False)
        self.assertIs(from_stored("packs_paid_only", ""), False)
        self.assertIs(from_stored("packs_paid_only", "maybe"), False)

    def test_models(self):
        self.assertEqual(
            from_stored("drift_models", " res.company , res.users,res.company"), ("res.company", "res.users")
        )
        self.assertEqual(from_stored("drift_models", ""), settings.DEFAULT_DRIFT_MODELS)
        self.assertEqual(from_stored("drift_models", "res.company, not a model"), settings.DEFAULT_DRIFT_MODELS)

    def test_record(self):
        self.assertEqual(from_stored("product_hour", "42"), 42)
        for garbage in ("0", "-1", "x", "4.2"):
            with self.subTest(raw=garbage):
                self.assertIsNone(from_stored("product_hour", garbage))

    def test_url_and_text(self):
        self.assertEqual(from_stored("hub_url", " https://hub.example.com "), "https://hub.example.com")
        self.assertEqual(from_stored("hub_url", "ftp://hub.example.com"), "")
        self.assertEqual(from_stored("hub_database", "prod"), "prod")
        self.assertEqual(from_stored("reporter_state", ""), "ok")
        self.assertEqual(from_stored("hub_token", "a\x00b"), "")


class TestCheck(unittest.TestCase):
    """What the Settings form may save: a SettingError says why a value is refused."""

    def assertRefused(self, name, value, reason):
        with self.assertRaises(SettingError) as caught:
            SETTINGS[name].check(value)
        self.assertEqual(caught.exception.reason, reason)
        self.assertIs(caught.exception.setting, SETTINGS[name])

    def test_bounds_of_every_number(self):
        for setting in SETTINGS.values():
            if setting.kind not in ("int", "float"):
                continue
            with self.subTest(setting=setting.name):
                step = 1 if setting.kind == "int" else 0.01
                self.assertEqual(setting.check(setting.minimum), setting.minimum)
                self.assertEqual(setting.check(setting.maximum), setting.maximum)
                self.assertRefused(setting.name, setting.minimum - step, "range")
                self.assertRefused(setting.name, setting.maximum + step, "range")
                self.assertRefused(setting.name, math.nan, "type")
                self.assertRefused(setting.name, True, "type")

    def test_types(self):
        self.assertRefused("expiring_days", 1.5, "type")
        self.assertRefused("expiring_days", "60", "type")
        self.assertRefused("packs_paid_only", 1, "type")
        self.assertRefused("product_hour", 0, "type")
        self.assertIsNone(SETTINGS["product_hour"].check(None))

    def test_formats(self):
        with self.assertRaises(SettingError) as caught:
            SETTINGS["drift_models"].parse("res.company, Res Users, x")
        self.assertEqual((caught.exception.reason, caught.exception.detail), ("format", "Res Users, x"))
        self.assertRefused("hub_url", "hub.example.com", "format")
        self.assertEqual(SETTINGS["hub_url"].check(""), "")

    def test_dump_reads_back(self):
        for name, value in (
            ("expiring_days", 90),
            ("sla_warning_percent", 50.5),
            ("packs_paid_only", True),
            ("packs_paid_only", False),
            ("drift_models", ("res.company", "ir.cron")),
            ("product_hour", 7),
            ("hub_url", "https://hub.example.com"),
        ):
            with self.subTest(setting=name, value=value):
                self.assertEqual(from_stored(name, SETTINGS[name].dump(value)), value)
        with self.assertRaises(SettingError):
            SETTINGS["expiring_days"].dump(0)


if __name__ == "__main__":
    unittest.main()
