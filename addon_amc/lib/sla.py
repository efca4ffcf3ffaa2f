# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service-level rules of support requests.

Pure Python (stdlib only): imported by the Odoo models as
``from ..lib import sla`` and by the plain unittest suite in ``test/``.

Odoo's ``resource`` module gives the working intervals of a calendar (with the
public holidays removed, ``_work_intervals_batch``) and counts hours
(``get_work_hours_count``); :func:`plan_business_hours` walks those intervals
the way ``resource.calendar.plan_hours`` does, so a batch of requests is
planned from one fetch of intervals per calendar instead of one ``plan_hours``
(two queries and fourteen days of intervals) per deadline. It also decides
*what* to plan:

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

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "CLOCKS",
    "CLOCK_SELECTION",
    "KINDS",
    "KIND_SELECTION",
    "PLAN_CHUNK",
    "PLAN_HORIZON",
    "STATUSES",
    "STATUS_SELECTION",
    "UNITS",
    "BeyondHorizon",
    "Pause",
    "deadline",
    "plan_business_hours",
    "plan_many",
    "shows_badge",
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

#: ``resource.calendar.plan_hours`` reads working intervals in windows of 14 days
#: from the start and gives up (no deadline) after 100 of them.
PLAN_CHUNK = timedelta(days=14)
PLAN_HORIZON = PLAN_CHUNK * 100


class BeyondHorizon(Exception):
    """The deadline lies past the intervals known so far: fetch a longer window and ask again."""


@dataclass(frozen=True)
class Pause:
    """A closed pause: when it began and how many hours it lasted on the SLA's clock."""

    start: datetime
    hours: float


def shows_badge(kind: str, deadline, done) -> bool:
    """Whether a clock shows a badge (back office and portal alike): every clock with a deadline, except an
    update clock once the request is resolved (the customer's updates end with it; its outcome stays in the
    SLA analysis)."""
    return bool(deadline) and not (kind == "update" and done)


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


def plan_business_hours(
    intervals: Sequence[tuple[datetime, datetime]],
    starts: Sequence[datetime],
    horizon: datetime,
    start: datetime,
    hours: float,
) -> datetime | None:
    """The instant ``hours`` working hours after ``start``, or ``None`` when there is none.

    ``intervals`` are the calendar's working intervals (sorted, disjoint, aware
    datetimes), known from before ``start`` up to ``horizon``; ``starts`` their
    start instants (for the bisection). The walk is ``plan_hours``'s, step for
    step, so the result is identical to the microsecond: intervals are cut at
    ``start`` and every 14 days after it (``plan_hours``'s windows), each
    piece's length in hours is subtracted in turn, and the search gives up
    after 1,400 days.

    Raises :class:`BeyondHorizon` when the answer depends on intervals after
    ``horizon``.
    """
    if hours < 0:
        raise ValueError("business hours are planned forward only")
    limit = start + PLAN_HORIZON
    chunk_end = start + PLAN_CHUNK
    for index in range(max(bisect_right(starts, start) - 1, 0), len(intervals)):
        begin, stop = intervals[index]
        begin = max(begin, start)
        while begin < stop:
            if begin >= limit:
                return None
            while chunk_end <= begin:
                chunk_end += PLAN_CHUNK
            end = min(stop, chunk_end)
            interval_hours = (end - begin).total_seconds() / 3600
            if hours <= interval_hours:
                return begin + timedelta(hours=hours)
            if end >= limit:
                return None
            if end >= horizon:
                raise BeyondHorizon
            hours -= interval_hours
            begin = end
    if limit <= horizon:
        return None
    raise BeyondHorizon


def plan_many(
    intervals: Sequence[tuple[datetime, datetime]],
    horizon: datetime,
    queries: Iterable[tuple[datetime, float]],
) -> list[datetime | None]:
    """:func:`plan_business_hours` of every ``(start, hours)`` of ``queries`` on one calendar."""
    starts = [begin for begin, _stop in intervals]
    return [plan_business_hours(intervals, starts, horizon, start, hours) for start, hours in queries]
