# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Grading of an instance report (see :mod:`instance_schema`) on the hub.

Pure Python (stdlib only): the health check model renders what these
functions decide; the plain unittest suite in ``test/`` tests them. Each
function takes the validated payload and the limits, and returns the status
(``pass``, ``warn`` or ``fail``) with the facts behind it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

try:
    from .instance_schema import parse_datetime
    from .limits import MB
    from .maintenance import cron_failure_status, size_status
except ImportError:  # imported as a top-level module by the plain unittest suite
    from instance_schema import parse_datetime
    from limits import MB
    from maintenance import cron_failure_status, size_status

__all__ = [
    "MB",
    "build_date",
    "grade_changes",
    "grade_crons",
    "grade_modules",
    "grade_reporting",
    "grade_size",
    "merge_changes",
    "module_inventory",
    "patch_applied",
    "version_key",
]

_DIGITS = re.compile(r"\d+")


def _dt(value):
    return parse_datetime(value) if value else None


def version_key(version: str | None) -> tuple:
    """A comparable key of a module version ("19.0.1.2.0" < "19.0.1.10.0")."""
    return tuple(int(part) for part in _DIGITS.findall(version or ""))


def grade_crons(payload: dict, now: datetime, since: datetime, previous_active_ids, fail_after_hours, late_hours):
    """Failing, switched off and late scheduled actions of a report.

    * failing: active with failures; ``fail`` once one fails for
      ``fail_after_hours``, ``warn`` before;
    * switched off (warn): inactive now and active in the previous report
      (``previous_active_ids``), or inactive and run or edited by a user since
      ``since``;
    * late (fail): active, due more than ``late_hours`` before ``now``.
    """
    items = payload["crons"]["items"]
    failing = [cron for cron in items if cron["active"] and cron["failure_count"] > 0]
    previous = set(previous_active_ids or ())
    switched = []
    for cron in items:
        if cron["active"]:
            continue
        lastcall, edited = _dt(cron.get("lastcall")), _dt(cron.get("edited_at"))
        if cron["id"] in previous:
            switched.append((cron, "previous"))
        elif lastcall and lastcall >= since:
            switched.append((cron, "ran"))
        elif edited and edited >= since and cron.get("edited_by"):
            switched.append((cron, "edited"))
    late_limit = now - timedelta(hours=late_hours)
    late = [
        cron for cron in items if cron["active"] and _dt(cron.get("nextcall")) and _dt(cron["nextcall"]) < late_limit
    ]
    first_failures = [_dt(cron.get("first_failure_date")) for cron in failing]
    oldest = min((first for first in first_failures if first), default=None)
    return {
        "failing": failing,
        "failing_status": cron_failure_status(now, first_failures, fail_after_hours),
        "failing_hours": round((now - oldest).total_seconds() / 3600) if oldest else 0,
        "switched_off": switched,
        "switched_status": "warn" if switched else "pass",
        "late": late,
        "late_status": "fail" if late else "pass",
    }


def grade_size(current_bytes: int, previous_bytes: int | None, limit_mb: float):
    """``(status, size in MB, previous size in MB or None)`` of a database or filestore."""
    size_mb = current_bytes / MB
    previous_mb = previous_bytes / MB if previous_bytes is not None else None
    return size_status(size_mb, limit_mb), size_mb, previous_mb


def grade_modules(payload: dict):
    """Modules whose files are newer than the database (``outdated``) and modules
    left in a transient state (``pending``); ``warn`` when any."""
    outdated, pending = [], []
    for module in payload["modules"]:
        if module["state"] != "installed":
            pending.append(module)
        elif (
            module.get("installed_version")
            and module.get("disk_version")
            and version_key(module["installed_version"]) != version_key(module["disk_version"])
        ):
            outdated.append(module)
    return {"outdated": outdated, "pending": pending, "status": "warn" if outdated or pending else "pass"}


def merge_changes(changes, max_users: int = 50) -> list[dict]:
    """The configuration changes of several reports as one report's: per model, the counts added and the
    users joined (sorted, at most ``max_users``), in the order the models first appear.

    A customer reports every hour what changed since its last report; a health check says what changed
    since the previous check, so it reads every report in between."""
    merged: dict[str, dict] = {}
    for change in changes:
        entry = merged.setdefault(
            change["model"], {"model": change["model"], "label": change.get("label"), "count": 0, "users": set()}
        )
        entry["count"] += change["count"]
        entry["label"] = entry["label"] or change.get("label")
        entry["users"].update(change["users"])
    return [{**entry, "users": sorted(entry["users"])[:max_users]} for entry in merged.values()]


def grade_changes(payload: dict):
    """Configuration changes since the previous report: ``warn`` when any."""
    changes = [change for change in payload["changes"] if change["count"] > 0]
    return {
        "changes": changes,
        "count": sum(change["count"] for change in changes),
        "users": sorted({user for change in changes for user in change["users"]}),
        "status": "warn" if changes else "pass",
    }


def grade_reporting(now: datetime, last_report: datetime | None, limit_hours: float):
    """``(status, reason)``: ``fail`` without a report within ``limit_hours``."""
    if not last_report:
        return "fail", "never"
    if now - last_report > timedelta(hours=limit_hours):
        return "fail", "silent"
    return "pass", "ok"


def build_date(payload: dict) -> date | None:
    """The build date of the reporting Odoo, where it is known."""
    value = payload["odoo"].get("build_date")
    return date.fromisoformat(value) if value else None


def patch_applied(reported_build: date | None, release_date: date | None) -> bool:
    """A patch is in an instance whose build is from its release day or later."""
    return bool(reported_build and release_date and reported_build >= release_date)


def module_inventory(payload: dict):
    """Installed modules that do not ship with Odoo: the upgrade inventory."""
    return sorted(
        (module for module in payload["modules"] if not module["odoo"] and module["state"] != "to install"),
        key=lambda module: module["name"],
    )
