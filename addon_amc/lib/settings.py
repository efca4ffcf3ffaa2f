# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The module's settings, declared once: key, type, default and bounds.

Pure Python (stdlib only), no ``odoo`` import. Each setting is stored as the
``ir.config_parameter`` ``addon_amc.<name>``. This registry drives:

* the Settings fields (``res.config.settings``): their ``config_parameter`` and
  default (:func:`field_args`) and the server-side check of a saved value
  (:meth:`Setting.check`, a :class:`SettingError` names what is wrong);
* the one typed reader (``amc.settings._get``): a stored text is parsed with
  :meth:`Setting.from_stored`, and anything that is not a valid value of the setting
  (missing, garbage, out of bounds) reads as the default, never as an error.

Kinds: ``int``, ``float``, ``bool``, ``str`` (free text), ``url`` (empty or
``http(s)://…``), ``models`` (comma-separated technical model names, read as a
tuple) and ``record`` (the id of a record, ``None`` when unset).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

PREFIX = "addon_amc."
KINDS = ("int", "float", "bool", "str", "url", "models", "record")
MODEL_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off", "")


class SettingError(ValueError):
    """A value that the setting does not accept.

    ``reason``: ``"type"`` (not a value of the kind), ``"range"`` (outside
    ``minimum``/``maximum``) or ``"format"`` (a text of the wrong shape;
    ``detail`` lists the offending parts where there are several).
    """

    def __init__(self, setting: Setting, reason: str, detail: str = ""):
        self.setting = setting
        self.reason = reason
        self.detail = detail
        super().__init__(f"{setting.key}: {reason}{': ' + detail if detail else ''}")


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str
    default: Any
    minimum: float | None = None
    maximum: float | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown setting kind {self.kind!r}")
        if self.default is not None:
            self.check(self.default)

    @property
    def key(self) -> str:
        return PREFIX + self.name

    # -- typed values ---------------------------------------------------
    def check(self, value: Any) -> Any:
        """``value`` (typed) if the setting accepts it, else :class:`SettingError`."""
        kind = self.kind
        if kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise SettingError(self, "type")
            if kind == "int" and value != int(value):
                raise SettingError(self, "type")
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise SettingError(self, "range")
        elif kind == "bool":
            if not isinstance(value, bool):
                raise SettingError(self, "type")
        elif kind == "record":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise SettingError(self, "type")
        elif kind == "models":
            if not isinstance(value, tuple) or not all(isinstance(name, str) for name in value):
                raise SettingError(self, "type")
            malformed = [name for name in value if not MODEL_NAME_RE.match(name)]
            if malformed:
                raise SettingError(self, "format", ", ".join(malformed))
        else:  # str, url
            if not isinstance(value, str) or "\x00" in value:
                raise SettingError(self, "type")
            if kind == "url" and value and not value.startswith(("https://", "http://")):
                raise SettingError(self, "format")
        return value

    # -- stored text ----------------------------------------------------
    def parse(self, raw: Any) -> Any:
        """The typed value of a stored text (or of a settings field's value),
        checked; :class:`SettingError` when it is not a valid value.
        ``None``/``False``/empty mean "not set" and give the default."""
        if raw is None or raw is False or (isinstance(raw, str) and not raw.strip() and self.kind != "bool"):
            return self.default
        kind = self.kind
        if kind in ("int", "float", "record"):
            if isinstance(raw, bool):
                raise SettingError(self, "type")
            try:
                number = float(raw)
            except (TypeError, ValueError) as error:
                raise SettingError(self, "type") from error
            if not math.isfinite(number):
                raise SettingError(self, "type")
            if kind == "float":
                return self.check(number)
            if number != int(number):
                raise SettingError(self, "type")
            return self.check(int(number))
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise SettingError(self, "type")
        if not isinstance(raw, str):
            raise SettingError(self, "type")
        if kind == "models":
            names = tuple(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))
            return self.check(names)
        return self.check(raw.strip())

    def from_stored(self, raw: Any) -> Any:
        """Like :meth:`parse`, but a value the setting does not accept reads as the default."""
        try:
            return self.parse(raw)
        except SettingError:
            return self.default

    def dump(self, value: Any) -> str:
        """The text stored for a (checked) typed value."""
        value = self.check(value)
        if self.kind == "models":
            return ",".join(value)
        if self.kind == "bool":
            return "True" if value else "False"
        if self.kind == "record":
            return str(value) if value else ""
        return str(value)

    def field_default(self) -> Any:
        """The default as the Settings field holds it (a comma-separated text for ``models``)."""
        if self.kind == "models":
            return ",".join(self.default)
        if self.kind in ("str", "url"):
            return self.default or False
        return self.default


def _declare(*settings: Setting) -> dict[str, Setting]:
    registry = {}
    for setting in settings:
        if setting.name in registry:
            raise ValueError(f"setting {setting.name!r} declared twice")
        registry[setting.name] = setting
    return registry


DEFAULT_DRIFT_MODELS = (
    "res.company",
    "res.users",
    "res.groups",
    "ir.config_parameter",
    "ir.mail_server",
    "ir.cron",
    "ir.ui.view",
    "stock.location",
)

SETTINGS: dict[str, Setting] = _declare(
    # dashboard and prepaid packs
    Setting("expiring_days", "int", 60, 1, 3650),
    Setting("pack_threshold_warning", "float", 80.0, 1, 100),
    Setting("pack_threshold_critical", "float", 95.0, 1, 100),
    # scope classifier: where no rule matches, the learned model decides from this confidence (%)
    Setting("scope_model_threshold", "float", 50.0, 1, 100),
    # SLAs: share of a target elapsed when the assignee is warned (%)
    Setting("sla_warning_percent", "float", 75.0, 1, 99),
    # maintenance operations (0 = no limit for the sizes)
    Setting("db_size_limit_mb", "int", 20480, 0, 100_000_000),
    Setting("filestore_size_limit_mb", "int", 102400, 0, 100_000_000),
    Setting("backup_max_age_hours", "int", 26, 1, 8760),
    Setting("cron_late_hours", "int", 24, 1, 8760),
    Setting("drift_models", "models", DEFAULT_DRIFT_MODELS),
    Setting("upgrade_planning_weeks", "int", 8, 1, 520),
    Setting("patch_warning_days", "int", 3, 0, 365),
    # customer instances, hub side
    Setting("instance_silent_hours", "int", 26, 1, 8760),
    Setting("instance_report_retention_days", "int", 90, 1, 3650),
    # reporting to a hub (this database)
    Setting("hub_url", "url", ""),
    Setting("hub_token", "str", ""),
    Setting("hub_database", "str", ""),
    # the reporter's own state (written by the reporter, shown in Settings)
    Setting("reporter_last_success", "str", ""),
    Setting("reporter_last_success_message", "str", ""),
    Setting("reporter_last_failure", "str", ""),
    Setting("reporter_last_failure_message", "str", ""),
    Setting("reporter_state", "str", "ok"),
    # invoicing (1-28, 0 = never)
    Setting("invoice_day", "int", 0, 0, 28),
    Setting("packs_paid_only", "bool", False),
    # invoicing products (ids of product.product; unset: the module's own products)
    Setting("product_maintenance", "record", None),
    Setting("product_first_line", "record", None),
    Setting("product_hour", "record", None),
    Setting("product_pack_25", "record", None),
    Setting("product_pack_50", "record", None),
    Setting("product_pack_100", "record", None),
    Setting("product_pack_other", "record", None),
)


def get(name: str) -> Setting:
    """The declaration of ``name``; ``KeyError`` for a setting nobody declared."""
    return SETTINGS[name]


def from_stored(name: str, raw: Any) -> Any:
    """The typed value of setting ``name`` stored as ``raw`` (the default when invalid)."""
    return SETTINGS[name].from_stored(raw)


def field_args(name: str) -> dict[str, Any]:
    """``config_parameter`` and ``default`` of the Settings field of ``name``."""
    setting = SETTINGS[name]
    args: dict[str, Any] = {"config_parameter": setting.key}
    default = setting.field_default()
    if default is not None:
        args["default"] = default
    return args
