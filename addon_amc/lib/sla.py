# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service-level rules of support requests.

Pure Python (stdlib only): imported by the Odoo models as
``from ..lib import sla`` and by the plain unittest suite in ``test/``.

The calendar arithmetic itself is NOT here: Odoo's ``resource`` module plans
business hours (``resource.calendar.plan_hours``) and counts them
(``get_work_hours_count``). This module only decides *what* to plan:

* a target is a number and a unit (:data:`UNITS`); :func:`target_hours`
  turns it into hours on one of two clocks, ``wall`` (24/7) or ``business``
  (the agreement's working hours, ``business_days`` times the calendar's
  hours per day);
* :func:`deadline` plans the target from the start of the request, then
  moves it later by the time of every pause that began while the clock was
  still running (before the deadline and before the response or
  resolution);
* :func:`status` tells ``ongoing``, ``paused``, ``met`` or ``breached``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "CLOCKS",
    "CLOCK_SELECTION",
    "KINDS",
    "KIND_SELECTION",
    "STATUSES",
    "STATUS_SELECTION",
    "UNITS",
    "Pause",
    "deadline",
    "status",
    "target_hours",
]

#: Units of a target: wall-clock hours, business hours, business days.
UNITS = ("hours", "business_hours", "business_days")
#: Clocks a deadline runs on.
CLOCK_SELECTION = [("wall", "Wall Clock (24/7)"), ("business", "Business Hours")]
CLOCKS = tuple(key for key, _label in CLOCK_SELECTION)
#: The SLA clocks of a request: the first response, the resolution, and the customer
#: updates (a public reply at least every N business hours while the request is open).
KIND_SELECTION = [("response", "Response"), ("resolution", "Resolution"), ("update", "Update")]
KINDS = tuple(key for key, _label in KIND_SELECTION)
#: Status of an SLA: the selection of the models; TypeScript gets the keys from
#: ts_src/lib/selections.ts (build/selections.py writes it from here).
STATUS_SELECTION = [
    ("ongoing", "Ongoing"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
]
STATUSES = tuple(key for key, _label in STATUS_SELECTION)


@dataclass(frozen=True)
class Pause:
    """A closed pause: when it began and how many hours it lasted on the SLA's clock."""

    start: datetime
    hours: float


def target_hours(value: float, unit: str, hours_per_day: float) -> tuple[float, str]:
    """``(hours, clock)`` of a target of ``value`` ``unit``.

    >>> target_hours(4, "hours", 8)
    (4.0, 'wall')
    >>> target_hours(1, "business_days", 7.5)
    (7.5, 'business')
    """
    if unit not in UNITS:
        raise ValueError(f"unknown SLA unit {unit!r}")
    if value < 0:
        raise ValueError("an SLA target cannot be negative")
    if unit == "hours":
        return float(value), "wall"
    if unit == "business_hours":
        return float(value), "business"
    if hours_per_day <= 0:
        raise ValueError("business days need a calendar with working hours")
    return float(value) * hours_per_day, "business"


def deadline(
    hours: float,
    plan: Callable[[float], datetime | None],
    pauses: Iterable[Pause] = (),
    done: datetime | None = None,
) -> tuple[datetime | None, float]:
    """The deadline of a target of ``hours`` and the paused hours it includes.

    ``plan(h)`` returns the instant ``h`` hours (on the SLA's clock) after the
    start of the request. A pause counts while the clock was running: it must
    begin before the current deadline (a breached SLA stays breached) and
    before ``done`` (the response or the resolution). Each pause that counts
    moves the deadline by its hours; ``pauses`` are taken in start order.
    """
    paused = 0.0
    due = plan(hours)
    for pause in sorted(pauses, key=lambda p: p.start):
        if due is None or pause.start >= due or (done is not None and pause.start >= done):
            break
        paused += pause.hours
        due = plan(hours + paused)
    return due, paused


def status(
    due: datetime | None,
    done: datetime | None,
    now: datetime,
    paused_since: datetime | None = None,
) -> str | bool:
    """State of one SLA; ``False`` when there is no target.

    ``done`` is the response (or resolution) date; ``paused_since`` the start
    of the pause in progress, if the request waits on the customer.
    """
    if not due:
        return False
    if done:
        return "met" if done <= due else "breached"
    if paused_since:
        return "breached" if paused_since > due else "paused"
    return "breached" if now > due else "ongoing"


def next_check(
    status: str | bool,
    due: datetime | None,
    warning: datetime | None,
    warned: bool,
    breach_notified: bool,
) -> datetime | None:
    """When the SLA cron must look at one clock next; ``None`` while nothing can happen to it.

    An ongoing clock is due at its warning (until warned) and at its deadline,
    when its status turns to breached; a breach is due until it is notified.
    A paused, met or target-less clock waits for a change of the request,
    which computes this again.
    """
    if status == "ongoing":
        moments = [moment for moment in (due, None if warned else warning) if moment]
        return min(moments) if moments else None
    if status == "breached" and not breach_notified:
        return due
    return None
