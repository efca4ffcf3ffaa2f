# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rules of the proactive half of a maintenance contract.

Pure Python (stdlib only): imported by the Odoo models as
``from ..lib import maintenance`` and by the plain unittest suite in ``test/``.

* Health checks grade each automated check ``pass``, ``warn`` or ``fail``;
  a check's result is the worst of its lines (:func:`worst`).
* Sizes are compared with a limit: ``warn`` from :data:`SIZE_WARN_RATIO` of
  the limit, ``fail`` above it (:func:`size_status`).
* A backup check fails when the last run failed or the last successful run is
  older than the allowed age (:func:`backup_status`).
* Patches of severity ``medium`` and ``low`` wait for the monthly patch
  window (:func:`next_window_date`); ``critical`` and ``high`` ones get a
  number of business days, counted by Odoo's resource calendar in the model.
* Upgrade planning starts a number of weeks before the target go-live; the
  milestones are spread over that period (:func:`default_milestones`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta

__all__ = [
    "INTERVAL_MONTHS",
    "MILESTONES",
    "SIZE_WARN_RATIO",
    "STATUSES",
    "add_months",
    "backup_status",
    "cron_failure_status",
    "default_milestones",
    "format_size",
    "growth_percent",
    "next_check_date",
    "next_window_date",
    "patch_state",
    "runway_status",
    "size_status",
    "worst",
]

STATUSES = ("pass", "warn", "fail")
INTERVAL_MONTHS = {"month": 1, "quarter": 3}
SIZE_WARN_RATIO = 0.8

# (code, share of the planning period at which the milestone falls)
MILESTONES = (
    ("assessment", 0.0),
    ("custom_review", 0.25),
    ("test_migration", 0.5),
    ("uat", 0.75),
    ("go_live", 1.0),
)


def worst(statuses: Iterable[str]) -> str:
    """The worst of some statuses; ``pass`` when there are none."""
    rank = max((STATUSES.index(status) for status in statuses), default=0)
    return STATUSES[rank]


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` months, clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_check_date(last: date, interval: str) -> date:
    """Due date of the next scheduled health check after one done on ``last``."""
    if interval not in INTERVAL_MONTHS:
        raise ValueError(f"unknown health check interval {interval!r}")
    return add_months(last, INTERVAL_MONTHS[interval])


def _window_in_month(year: int, month: int, window_day: int) -> date:
    return date(year, month, min(window_day, calendar.monthrange(year, month)[1]))


def next_window_date(on_or_after: date, window_day: int) -> date:
    """The first monthly patch window on or after ``on_or_after``.

    The window is on day ``window_day`` of each month, or on the month's last
    day when the month is shorter.
    """
    if not 1 <= window_day <= 31:
        raise ValueError(f"the patch window day must be between 1 and 31, not {window_day}")
    window = _window_in_month(on_or_after.year, on_or_after.month, window_day)
    if window >= on_or_after:
        return window
    following = add_months(date(on_or_after.year, on_or_after.month, 1), 1)
    return _window_in_month(following.year, following.month, window_day)


# ---------------------------------------------------------------------------
# Health check grading
# ---------------------------------------------------------------------------


def size_status(value: float, limit: float, warn_ratio: float = SIZE_WARN_RATIO) -> str:
    """``fail`` above the limit, ``warn`` from ``warn_ratio`` of it, else ``pass``.

    A limit of 0 or less means "no limit".
    """
    if limit <= 0:
        return "pass"
    if value > limit:
        return "fail"
    if value >= limit * warn_ratio:
        return "warn"
    return "pass"


def growth_percent(previous: float | None, current: float) -> float | None:
    """Growth from ``previous`` to ``current`` in percent; None without a base."""
    if not previous:
        return None
    return round((current - previous) / previous * 100.0, 1)


def backup_status(
    now: datetime,
    last_success: datetime | None,
    last_run_ok: bool | None,
    max_age_hours: float,
    monitored: bool = True,
) -> tuple[str, str]:
    """Grade the backups: ``(status, reason)``.

    ``last_run_ok`` is the status of the most recent report (None: no report
    ever). Reasons: ``not_monitored`` (no token and no report: warn),
    ``never`` (a token but no report: fail), ``last_failed``, ``too_old``
    (the last success is older than ``max_age_hours``: fail) and ``ok``.
    """
    if last_run_ok is None:
        return ("fail", "never") if monitored else ("warn", "not_monitored")
    if not last_run_ok:
        return "fail", "last_failed"
    if last_success is None or now - last_success > timedelta(hours=max_age_hours):
        return "fail", "too_old"
    return "pass", "ok"


def cron_failure_status(now: datetime, first_failures: Iterable[datetime | None], fail_after_hours: float) -> str:
    """Failing scheduled actions: ``warn`` while recent, ``fail`` once one has failed
    for ``fail_after_hours`` or more. ``first_failures`` holds one date per
    failing cron (None: unknown, treated as just now)."""
    first_failures = list(first_failures)
    if not first_failures:
        return "pass"
    limit = now - timedelta(hours=fail_after_hours)
    if any(first and first <= limit for first in first_failures):
        return "fail"
    return "warn"


def runway_status(today: date, end_of_support: date | None, warn_days: int) -> str:
    """``fail`` once support has ended, ``warn`` within ``warn_days`` of the end."""
    if not end_of_support:
        return "warn"
    if end_of_support <= today:
        return "fail"
    if (end_of_support - today).days <= warn_days:
        return "warn"
    return "pass"


def format_size(megabytes: float) -> str:
    """Human size of a number of megabytes (``512.0 MB``, ``1.50 GB``)."""
    if abs(megabytes) >= 1024:
        return f"{megabytes / 1024:.2f} GB"
    return f"{megabytes:.1f} MB"


# ---------------------------------------------------------------------------
# Patches
# ---------------------------------------------------------------------------


def patch_state(today: date, deadline: date | None, applied: date | None) -> str:
    """``applied_on_time``, ``applied_late``, ``overdue`` or ``pending``."""
    if applied:
        return "applied_late" if deadline and applied > deadline else "applied_on_time"
    if deadline and deadline < today:
        return "overdue"
    return "pending"


# ---------------------------------------------------------------------------
# Upgrades
# ---------------------------------------------------------------------------


def default_milestones(planning_start: date, target: date) -> list[tuple[str, date]]:
    """Milestones spread from the planning start (assessment) to go-live (the target)."""
    if target < planning_start:
        raise ValueError("the target go-live date is before the planning start")
    span = (target - planning_start).days
    return [(code, planning_start + timedelta(days=round(span * share))) for code, share in MILESTONES]
