# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one definition of an instance report: what a reporting instance sends to
its hub (``POST /addon_amc/instance/report``).

Pure Python (stdlib only). The reporter builds its payload from
:data:`SCHEMA` and checks it with :func:`validate` before sending; the hub's
endpoint validates what it receives with the same function. A report carries
facts about the instance only: counts, sizes, technical names of scheduled
actions and modules, versions and the names of the users who changed the
configuration — never the content of a business record.

The schema is a small subset of JSON Schema: ``type`` (object, array, string,
integer, number, boolean, null or a list of them), ``properties``,
``required``, ``additionalProperties`` (always False here), ``items``,
``maxItems``, ``maxLength``, ``minimum``, ``maximum``, ``enum`` and
``format`` (``date-time``: ISO 8601 in UTC, ``date``: ISO 8601 day).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timezone

try:
    from .limits import INT4_MAX, MAX_BYTES
except ImportError:  # imported as a top-level module by the plain unittest suite
    from limits import INT4_MAX, MAX_BYTES

__all__ = ["SCHEMA", "SCHEMA_VERSION", "SchemaError", "parse_datetime", "validate"]

SCHEMA_VERSION = 1
MAX_CRONS = 500
MAX_MODULES = 2000
MAX_MODELS = 50
MAX_USERS = 50
INT64 = 2**63 - 1

_NAME = {"type": "string", "maxLength": 256}
_DATETIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
_COUNT = {"type": "integer", "minimum": 0, "maximum": INT64}
#: a count the hub stores in an Integer column (the active users)
_STORED_COUNT = {"type": "integer", "minimum": 0, "maximum": INT4_MAX}
#: a size the hub stores in MB
_BYTES = {"type": "integer", "minimum": 0, "maximum": MAX_BYTES}

CRON = {
    "type": "object",
    "required": ["id", "name", "active", "failure_count"],
    "properties": {
        "id": {"type": "integer", "minimum": 1, "maximum": INT64},
        "name": _NAME,
        "active": {"type": "boolean"},
        "failure_count": _COUNT,
        "first_failure_date": _DATETIME_OR_NULL,
        "nextcall": _DATETIME_OR_NULL,
        "lastcall": _DATETIME_OR_NULL,
        "edited_by": {"type": ["string", "null"], "maxLength": 256},
        "edited_at": _DATETIME_OR_NULL,
    },
}

MODULE = {
    "type": "object",
    "required": ["name", "state", "installed_version", "disk_version", "odoo"],
    "properties": {
        "name": {"type": "string", "maxLength": 128},
        "state": {"type": "string", "enum": ["installed", "to upgrade", "to install", "to remove"]},
        "installed_version": {"type": ["string", "null"], "maxLength": 64},
        "disk_version": {"type": ["string", "null"], "maxLength": 64},
        "author": {"type": ["string", "null"], "maxLength": 256},
        "license": {"type": ["string", "null"], "maxLength": 64},
        "odoo": {"type": "boolean"},
    },
}

CHANGES = {
    "type": "object",
    "required": ["model", "count", "users"],
    "properties": {
        "model": {"type": "string", "maxLength": 128},
        "label": {"type": ["string", "null"], "maxLength": 256},
        # the hub stores their sum over at most MAX_MODELS models in an Integer column
        "count": {"type": "integer", "minimum": 0, "maximum": INT4_MAX // MAX_MODELS},
        "users": {"type": "array", "maxItems": MAX_USERS, "items": _NAME},
    },
}

SCHEMA = {
    "type": "object",
    "required": ["schema", "collected_at", "database", "odoo", "crons", "sizes", "modules", "changes", "users"],
    "properties": {
        "schema": {"type": "integer", "enum": [SCHEMA_VERSION]},
        "collected_at": {"type": "string", "format": "date-time"},
        "changes_since": _DATETIME_OR_NULL,
        "reporter_version": {"type": ["string", "null"], "maxLength": 64},
        "database": {
            "type": "object",
            "required": ["name", "uuid"],
            "properties": {
                "name": {"type": "string", "maxLength": 128},
                "uuid": {"type": ["string", "null"], "maxLength": 64},
            },
        },
        "odoo": {
            "type": "object",
            "required": ["series", "version"],
            "properties": {
                "series": {"type": "string", "maxLength": 32},
                "version": {"type": "string", "maxLength": 64},
                "build_date": {"type": ["string", "null"], "format": "date"},
            },
        },
        "crons": {
            "type": "object",
            "required": ["total", "active_ids", "items"],
            "properties": {
                "total": _COUNT,
                "active_ids": {"type": "array", "maxItems": 10 * MAX_CRONS, "items": _COUNT},
                "items": {"type": "array", "maxItems": MAX_CRONS, "items": CRON},
            },
        },
        "sizes": {
            "type": "object",
            "required": ["database_bytes", "filestore_bytes"],
            "properties": {"database_bytes": _BYTES, "filestore_bytes": _BYTES},
        },
        "modules": {"type": "array", "maxItems": MAX_MODULES, "items": MODULE},
        "changes": {"type": "array", "maxItems": MAX_MODELS, "items": CHANGES},
        "users": {
            "type": "object",
            "required": ["active_internal"],
            "properties": {"active_internal": _STORED_COUNT},
        },
    },
}


class SchemaError(ValueError):
    """The payload does not follow the schema; the message names the place."""


_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date and time as a naive UTC datetime (no offset: UTC)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _is_type(value, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return isinstance(value, _TYPES[name])


def _check(value, schema: dict, where: str) -> None:
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types
    if types and not any(_is_type(value, name) for name in types):
        raise SchemaError(f"{where}: expected {' or '.join(types)}, got {type(value).__name__}")
    if value is None:
        return
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{where}: must be one of {', '.join(map(repr, schema['enum']))}, not {value!r}")
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", 10_000):
            raise SchemaError(f"{where}: longer than {schema.get('maxLength', 10_000)} characters")
        if "\x00" in value:
            raise SchemaError(f"{where}: must not contain NUL characters")
        fmt = schema.get("format")
        try:
            if fmt == "date-time":
                moment = parse_datetime(value)
                if moment.year < 2000:
                    raise ValueError
            elif fmt == "date":
                date.fromisoformat(value)
        except (ValueError, OverflowError):
            raise SchemaError(f"{where}: not an ISO 8601 {fmt}: {value[:40]!r}") from None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError(f"{where}: must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaError(f"{where}: must be at most {schema['maximum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        unknown = sorted(set(value) - set(properties))
        if unknown:
            raise SchemaError(f"{where}: unknown keys: {', '.join(map(str, unknown))[:200]}")
        missing = [key for key in schema.get("required", ()) if key not in value]
        if missing:
            raise SchemaError(f"{where}: missing keys: {', '.join(missing)}")
        for key, sub in properties.items():
            if key in value:
                _check(value[key], sub, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) > schema.get("maxItems", 10_000):
            raise SchemaError(f"{where}: more than {schema.get('maxItems', 10_000)} items")
        items = schema.get("items")
        if items:
            for index, item in enumerate(value):
                _check(item, items, f"{where}[{index}]")


def validate(payload) -> dict:
    """Check a report against :data:`SCHEMA`; return it, or raise :class:`SchemaError`.

    A report of another schema version is refused with a message that says
    which version this side understands.
    """
    if isinstance(payload, dict) and payload.get("schema") != SCHEMA_VERSION:
        raise SchemaError(
            f"report.schema: this hub understands schema version {SCHEMA_VERSION}, not {payload.get('schema')!r}"
        )
    _check(payload, SCHEMA, "report")
    return payload
