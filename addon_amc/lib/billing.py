# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Billing rules of IT support agreements.

Pure Python (stdlib only): imported by the Odoo models as
``from ..lib import billing`` and by the plain unittest suite in ``test/``.

All quantities of time are integer MINUTES; hours only appear at the edges
(:func:`hours_to_minutes`) so that no float drift accumulates.

Billing is decided per request:

1. the request's raw time is the sum of its entries' minutes;
2. :func:`billed_minutes` applies the minimum, then rounds up to the increment;
3. the billed minutes are allocated, in this order (the first step is
   :func:`coverage`, which also tells the customer whether the request is covered), to

   * ``maintenance`` (scope ``included`` and ``has_maintenance``) or
     ``first_line`` (scope ``first_line`` and ``has_first_line``): the whole
     billed amount goes to that bucket;
   * otherwise ``config`` (scope ``config`` only): what is left of the
     allowance of the request's period;
   * then ``pack``: usable prepaid packs, oldest expiry first (no expiry
     last), then oldest purchase, then lowest id;
   * then ``billable`` at the hourly rate.

4. the request's allocation chunks are spread over its entries (every entry
   but the last keeps its raw minutes, the last absorbs the rounding), so each
   :class:`Line` points to exactly one entry.

Amounts are computed PER LINE: ``amount = minutes / 60 * hourly_rate``
rounded half-up to 2 decimals (see :func:`billable_amount`); only ``billable``
lines carry an amount, every other bucket has ``0.0``. The total of a request
or an agreement is the sum of its lines' amounts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "BUCKETS",
    "BUCKET_SELECTION",
    "COVERAGE_SELECTION",
    "MAX_FORECAST_DAYS",
    "PERIODS",
    "SCOPE_SELECTION",
    "SCOPES",
    "Allocator",
    "Balances",
    "Entry",
    "Line",
    "Pack",
    "PackBalance",
    "Request",
    "Result",
    "Services",
    "Step",
    "allocate",
    "billable_amount",
    "billed_minutes",
    "burndown",
    "coverage",
    "forecast_depletion",
    "hours_to_minutes",
    "pack_expired_minutes",
    "pack_status",
    "pack_usable",
    "period_bounds",
    "period_days",
    "prorate",
    "period_key",
    "reallocate",
    "request_order",
    "thresholds_crossed",
]

#: Who pays for billed minutes, in allocation order: the ``bucket`` selection of the
#: models (``amc.time.allocation``, ``amc.time.entry``). TypeScript gets the keys
#: from ts_src/lib/selections.ts (build/selections.py writes it from here).
BUCKET_SELECTION = [
    ("maintenance", "Maintenance"),
    ("first_line", "First Line"),
    ("config", "Configuration Allowance"),
    ("pack", "Prepaid Pack"),
    ("billable", "Billable"),
]
#: What a request is, for billing: the ``scope`` selection of ``amc.request``.
SCOPE_SELECTION = [
    ("included", "Included in Maintenance"),
    ("first_line", "First Line"),
    ("config", "Minor Configuration"),
    ("billable", "Billable"),
    ("needs_review", "Needs Review"),
]
#: Whether a request's time is covered, as the customer reads it (:func:`coverage`): the ``coverage``
#: selection of ``amc.request``.
COVERAGE_SELECTION = [
    ("maintenance", "Covered by Maintenance"),
    ("first_line", "Covered by First Line"),
    ("config", "Configuration Allowance"),
    ("charged", "Charged"),
    ("review", "Not Decided Yet"),
]
BUCKETS = tuple(key for key, _label in BUCKET_SELECTION)
SCOPES = tuple(key for key, _label in SCOPE_SELECTION)
PERIODS = ("month", "quarter")

# Minutes closer than this to an integer are treated as that integer (guards
# float noise such as 0.1 * 3 * 60 == 18.000000000000004).
_FLOAT_NOISE_DIGITS = 6


# ---------------------------------------------------------------------------
# Time helpers
# ---------------------------------------------------------------------------


def hours_to_minutes(hours: float) -> int:
    """Convert a duration in hours to whole minutes, rounding half up.

    Float noise is removed first (``0.1 * 3`` hours is 18 minutes, not 19),
    then the value is rounded to the nearest minute, halves away from zero
    (``0.5`` minute -> 1 minute; ``-0.5`` -> -1), unlike Python's banker's
    ``round``.
    """
    if hours is None:
        raise ValueError("hours_to_minutes: hours is None")
    minutes = Decimal(repr(round(float(hours) * 60, _FLOAT_NOISE_DIGITS)))
    return int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _to_whole_minutes_up(raw: float) -> int:
    """Whole minutes of ``raw``, a started minute counting as a full one."""
    if isinstance(raw, int):
        return raw
    return math.ceil(round(float(raw), _FLOAT_NOISE_DIGITS))


def billed_minutes(raw_minutes: float, minimum: int = 15, increment: int = 15) -> int:
    """Billed minutes of a request whose raw total is ``raw_minutes``.

    ``raw <= 0`` gives 0. Otherwise the raw time is raised to ``minimum``,
    then rounded UP to a multiple of ``increment`` (no rounding when
    ``increment`` is 0). A float ``raw_minutes`` is first rounded up to
    whole minutes (a started minute is billed), after removing float noise.
    """
    if minimum is None or minimum < 0:
        raise ValueError(f"billed_minutes: minimum must be >= 0, got {minimum!r}")
    if increment is None or increment < 0:
        raise ValueError(f"billed_minutes: increment must be >= 0, got {increment!r}")
    if raw_minutes is None:
        raise ValueError("billed_minutes: raw_minutes is None")
    minimum, increment = int(minimum), int(increment)
    raw = _to_whole_minutes_up(raw_minutes)
    if raw <= 0:
        return 0
    billed = max(raw, minimum)
    if increment:
        billed = -(-billed // increment) * increment
    return billed


def billable_amount(minutes: int, hourly_rate: float) -> float:
    """``minutes / 60 * hourly_rate`` rounded half-up to 2 decimals."""
    amount = Decimal(int(minutes)) * Decimal(repr(float(hourly_rate))) / Decimal(60)
    return float(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"Unknown period {period!r}: expected one of {PERIODS}")


def period_key(day: date, period: str) -> tuple[int, int]:
    """``(year, month)`` for ``month``, ``(year, quarter)`` for ``quarter``."""
    _check_period(period)
    if period == "month":
        return (day.year, day.month)
    return (day.year, (day.month - 1) // 3 + 1)


def _last_day_of_month(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def period_bounds(day: date, period: str) -> tuple[date, date]:
    """First and last day of the ``period`` containing ``day``."""
    _check_period(period)
    if period == "month":
        return (date(day.year, day.month, 1), _last_day_of_month(day.year, day.month))
    first_month = (day.month - 1) // 3 * 3 + 1
    return (
        date(day.year, first_month, 1),
        _last_day_of_month(day.year, first_month + 2),
    )


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _check_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer number of minutes, got {value!r}")


@dataclass(frozen=True)
class Services:
    """Services of an agreement relevant to billing."""

    hourly_rate: float = 0.0
    min_billable_minutes: int = 15
    billing_increment_minutes: int = 15
    has_maintenance: bool = False
    has_first_line: bool = False
    config_allowance_minutes: int = 0
    config_allowance_period: str = "month"

    def __post_init__(self) -> None:
        _check_period(self.config_allowance_period)
        for name in (
            "min_billable_minutes",
            "billing_increment_minutes",
            "config_allowance_minutes",
        ):
            value = getattr(self, name)
            _check_int(f"Services.{name}", value)
            if value < 0:
                raise ValueError(f"Services.{name} must be >= 0, got {value!r}")
        if self.hourly_rate is None or self.hourly_rate < 0:
            raise ValueError(f"Services.hourly_rate must be >= 0, got {self.hourly_rate!r}")


@dataclass(frozen=True)
class Pack:
    """A prepaid pack of ``minutes``, usable from purchase to expiry (inclusive)."""

    id: int
    minutes: int
    date_purchase: date
    date_expiry: date | None = None

    def __post_init__(self) -> None:
        _check_int(f"Pack {self.id}: minutes", self.minutes)
        if self.minutes < 0:
            raise ValueError(f"Pack {self.id}: minutes must be >= 0, got {self.minutes}")


@dataclass(frozen=True)
class Entry:
    """A timesheet entry of a request; ``minutes`` must be > 0."""

    id: int
    date: date
    minutes: int

    def __post_init__(self) -> None:
        _check_int(f"Entry {self.id}: minutes", self.minutes)
        if self.minutes <= 0:
            raise ValueError(
                f"Entry {self.id}: minutes must be > 0, got {self.minutes} (drop empty time entries before billing)"
            )


@dataclass(frozen=True)
class Request:
    """A support request with its scope and time entries."""

    id: int
    scope: str
    entries: tuple[Entry, ...] = ()

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"Request {self.id}: unknown scope {self.scope!r}: expected one of {SCOPES}")
        # Accept any iterable (e.g. a list) but store a tuple: stays hashable.
        object.__setattr__(self, "entries", tuple(self.entries))

    @property
    def ordered_entries(self) -> tuple[Entry, ...]:
        """Entries in billing order: (date, id)."""
        return tuple(sorted(self.entries, key=lambda e: (e.date, e.id)))

    @property
    def raw_minutes(self) -> int:
        return sum(e.minutes for e in self.entries)

    @property
    def request_date(self) -> date | None:
        """Latest date among the entries (None without entries)."""
        return max((e.date for e in self.entries), default=None)


@dataclass(frozen=True)
class Line:
    """Minutes of one entry allocated to one bucket (and pack, for ``pack``)."""

    request_id: int
    entry_id: int
    date: date
    bucket: str
    pack_id: int | None
    minutes: int
    amount: float


@dataclass
class Result:
    """Outcome of :func:`allocate` over a whole agreement."""

    lines: list[Line] = field(default_factory=list)
    request_billed: dict[int, int] = field(default_factory=dict)
    pack_used: dict[int, int] = field(default_factory=dict)
    config_used: dict[tuple[int, int], int] = field(default_factory=dict)

    def minutes_by_bucket(self) -> dict[str, int]:
        """Total minutes per bucket (every bucket present)."""
        totals = dict.fromkeys(BUCKETS, 0)
        for line in self.lines:
            totals[line.bucket] += line.minutes
        return totals

    @property
    def amount_total(self) -> float:
        """Sum of the lines' amounts, rounded to 2 decimals."""
        return round(sum(line.amount for line in self.lines), 2)


# ---------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------


def pack_usable(pack: Pack, day: date) -> bool:
    """True when ``pack`` may be consumed by a request dated ``day``."""
    if pack.date_purchase > day:
        return False
    return pack.date_expiry is None or day <= pack.date_expiry


def _pack_order(pack: Pack) -> tuple:
    # Oldest expiry first, packs without expiry last; then purchase; then id.
    no_expiry = pack.date_expiry is None
    return (no_expiry, pack.date_expiry or date.max, pack.date_purchase, pack.id)


def _distribute(
    request: Request,
    entries: tuple[Entry, ...],
    billed: int,
    chunks: list[tuple[str, int | None, int]],
    hourly_rate: float,
) -> list[Line]:
    """Spread the request's ordered ``chunks`` FIFO over its entries' shares."""
    if not entries or billed <= 0:
        return []
    shares = [e.minutes for e in entries[:-1]]
    shares.append(billed - sum(shares))
    lines: list[Line] = []
    chunk_iter = iter(chunks)
    bucket, pack_id, left = next(chunk_iter, ("", None, 0))
    for entry, share in zip(entries, shares, strict=True):
        while share > 0:
            while left <= 0:
                bucket, pack_id, left = next(chunk_iter)
            take = min(share, left)
            amount = billable_amount(take, hourly_rate) if bucket == "billable" else 0.0
            # dated by the request's billing date, the date its allowance period and packs
            # were chosen by, so statements, pack balances and the burn-down agree with it
            lines.append(Line(request.id, entry.id, request.request_date, bucket, pack_id, take, amount))
            share -= take
            left -= take
    return lines


def request_order(request: Request) -> tuple[date, int]:
    """A request's position in the allocation order: its billing date, then its id."""
    return (request.request_date or date.min, request.id)


@dataclass
class Balances:
    """What the limited buckets have given so far: minutes used per pack and per
    allowance period (``period_key``). Everything else is unlimited per request."""

    pack_used: dict[int, int] = field(default_factory=dict)
    config_used: dict[tuple[int, int], int] = field(default_factory=dict)

    def copied(self) -> Balances:
        return Balances(dict(self.pack_used), dict(self.config_used))

    def add(self, bucket: str, pack_id: int | None, minutes: int, day: date, period: str) -> None:
        """Count an allocated slice (a :class:`Line`'s fields, or a stored row's)."""
        if bucket == "pack":
            self.pack_used[pack_id] = self.pack_used.get(pack_id, 0) + minutes
        elif bucket == "config":
            key = period_key(day, period)
            self.config_used[key] = self.config_used.get(key, 0) + minutes

    def same_from(self, other: Balances, day: date, packs: Iterable[Pack], period: str) -> bool:
        """True when no request dated ``day`` or later can tell these balances from ``other``:
        the same minutes used of every pack still usable on or after ``day`` and the same
        allowance used in ``day``'s period (a later period starts empty on both sides)."""
        key = period_key(day, period)
        if self.config_used.get(key, 0) != other.config_used.get(key, 0):
            return False
        return all(
            self.pack_used.get(pack.id, 0) == other.pack_used.get(pack.id, 0)
            for pack in packs
            if pack.date_expiry is None or pack.date_expiry >= day
        )


def coverage(scope: str, services: Services) -> tuple[str, str]:
    """``(coverage, why)`` of a request of ``scope`` under ``services``: where its time goes first, as
    :meth:`Allocator.allocate_request` allocates it, said for the customer.

    ``coverage`` is a key of :data:`COVERAGE_SELECTION`: ``maintenance`` and ``first_line`` cover all of it;
    ``config`` covers it while the period's allowance lasts (then, as ``charged``, prepaid packs, then the hourly
    rate); ``review`` is a request whose scope is not decided yet, charged as ``charged`` until it is. ``why`` says
    which term of the agreement decides: the coverage itself, or for ``charged`` ``outside`` (a billable scope),
    ``no_maintenance``, ``no_first_line`` or ``no_allowance`` (a covered scope the agreement does not include).
    """
    if scope == "included":
        return ("maintenance", "maintenance") if services.has_maintenance else ("charged", "no_maintenance")
    if scope == "first_line":
        return ("first_line", "first_line") if services.has_first_line else ("charged", "no_first_line")
    if scope == "config":
        return ("config", "config") if services.config_allowance_minutes > 0 else ("charged", "no_allowance")
    if scope == "needs_review":
        return "review", "review"
    return "charged", "outside"


class Allocator:
    """The allocation rule, one request at a time, in :func:`request_order`.

    ``start`` holds the balances left by the requests before the first one
    allocated (nothing used by default): allocating the requests after any
    position from the balances before it gives the same lines as allocating
    every request from scratch.
    """

    def __init__(self, services: Services, packs: Iterable[Pack], start: Balances | None = None) -> None:
        packs = list(packs)
        start = start or Balances()
        self.services = services
        self.packs = sorted(packs, key=_pack_order)
        self.balances = Balances(
            pack_used={p.id: start.pack_used.get(p.id, 0) for p in sorted(packs, key=lambda p: p.id)},
            config_used=dict(start.config_used),
        )

    def allocate_request(self, request: Request) -> tuple[int, list[Line]]:
        """Billed minutes and lines of ``request``; the balances move on past it."""
        services, balances = self.services, self.balances
        entries = request.ordered_entries
        billed = billed_minutes(
            request.raw_minutes,
            services.min_billable_minutes,
            services.billing_increment_minutes,
        )
        if billed <= 0:
            return billed, []
        day = request.request_date
        chunks: list[tuple[str, int | None, int]] = []

        covered, _why = coverage(request.scope, services)
        if covered in ("maintenance", "first_line"):
            chunks.append((covered, None, billed))
        else:
            remaining = billed
            if covered == "config":
                key = period_key(day, services.config_allowance_period)
                used = balances.config_used.get(key, 0)
                take = min(remaining, services.config_allowance_minutes - used)
                if take > 0:
                    chunks.append(("config", None, take))
                    balances.config_used[key] = used + take
                    remaining -= take
            for pack in self.packs:
                if remaining <= 0:
                    break
                left = pack.minutes - balances.pack_used[pack.id]
                if not pack_usable(pack, day) or left <= 0:
                    continue
                take = min(remaining, left)
                chunks.append(("pack", pack.id, take))
                balances.pack_used[pack.id] += take
                remaining -= take
            if remaining > 0:
                chunks.append(("billable", None, remaining))

        return billed, _distribute(request, entries, billed, chunks, services.hourly_rate)


def _check_unique_ids(packs: list[Pack], requests: list[Request]) -> None:
    pack_ids = [p.id for p in packs]
    if len(set(pack_ids)) != len(pack_ids):
        raise ValueError("allocate: duplicate pack ids")
    request_ids = [r.id for r in requests]
    if len(set(request_ids)) != len(request_ids):
        raise ValueError("allocate: duplicate request ids")
    entry_ids = [e.id for r in requests for e in r.entries]
    if len(set(entry_ids)) != len(entry_ids):
        raise ValueError("allocate: duplicate entry ids")


def allocate(
    services: Services, packs: Iterable[Pack], requests: Iterable[Request], start: Balances | None = None
) -> Result:
    """Allocate every request of an agreement, deterministically.

    Requests are processed by (request date, id), entries by (date, id); the
    result does not depend on the order of ``packs`` or ``requests``.
    Duplicate request, entry or pack ids raise ValueError. ``start``: the
    balances before the first of ``requests`` (see :class:`Allocator`); the
    result's ``pack_used`` and ``config_used`` include them.
    """
    packs = list(packs)
    requests = list(requests)
    _check_unique_ids(packs, requests)
    allocator = Allocator(services, packs, start)
    result = Result()
    for request in sorted(requests, key=request_order):
        billed, lines = allocator.allocate_request(request)
        result.request_billed[request.id] = billed
        result.lines.extend(lines)
    result.pack_used = allocator.balances.pack_used
    result.config_used = allocator.balances.config_used
    return result


@dataclass(frozen=True)
class Step:
    """One position of an incremental re-allocation (see :func:`reallocate`).

    ``request``: the request's data now, to allocate at ``position`` (None when the
    request no longer sits there); ``stored``: the lines stored at ``position``
    before the change (a request that moved leaves them at its old position).
    """

    position: tuple[date, int]
    request: Request | None = None
    stored: tuple[Line, ...] = ()


def _line_key(line: Line) -> tuple:
    # amounts follow from the minutes, the bucket and the rate, which a step does not change
    return (line.request_id, line.entry_id, line.date, line.bucket, line.pack_id, line.minutes)


def reallocate(
    services: Services,
    packs: Iterable[Pack],
    start: Balances,
    steps: Iterable[Step],
    last_change: tuple[date, int] | None,
) -> Iterator[tuple[int, list[Line]]]:
    """Allocate again from a position onward: yields ``(request id, lines)`` per request.

    ``start``: the balances the stored lines before the first step leave (they cannot
    change); ``steps``: by position, every request stored at or after it and every
    changed request at its new and old positions. Stops, without reading further steps,
    at the first step at or after ``last_change`` (the last position a change touched)
    whose request gets exactly its stored lines and after which the balances equal
    those the stored lines imply (:meth:`Balances.same_from`): every later request then
    gets what it has. ``last_change`` None: never stops early (packs changed: every
    later request may be affected).
    """
    packs = list(packs)
    period = services.config_allowance_period
    allocator = Allocator(services, packs, start)
    stored = allocator.balances.copied()
    for step in steps:
        lines = None
        if step.request is not None:
            _billed, lines = allocator.allocate_request(step.request)
            yield step.request.id, lines
        for line in step.stored:
            stored.add(line.bucket, line.pack_id, line.minutes, line.date, period)
        if (
            last_change is not None
            and step.position >= last_change
            and (lines is None or sorted(map(_line_key, lines)) == sorted(map(_line_key, step.stored)))
            and allocator.balances.same_from(stored, step.position[0], packs, period)
        ):
            return


# ---------------------------------------------------------------------------
# Packs and consumption
# ---------------------------------------------------------------------------


def pack_status(pack: Pack, used_minutes: int, today: date) -> str:
    """``depleted`` when fully used, else ``expired`` once past its expiry
    date (the expiry day itself is still usable), else ``active``."""
    if used_minutes >= pack.minutes:
        return "depleted"
    if pack.date_expiry is not None and pack.date_expiry < today:
        return "expired"
    return "active"


def pack_expired_minutes(pack: Pack, used_minutes: int, today: date) -> int:
    """Unused minutes of a pack past its expiry date (0 when not expired)."""
    if pack.date_expiry is None or pack.date_expiry >= today:
        return 0
    return max(pack.minutes - used_minutes, 0)


def thresholds_crossed(used_minutes: int, total_minutes: int, thresholds: Iterable[float]) -> list[float]:
    """Thresholds reached (``used / total >= t``), ascending, without duplicates.

    Compared exactly (as fractions of the thresholds' decimal form), so 29 of
    100 reaches 0.29. A total <= 0 reaches nothing.
    """
    thresholds = list(thresholds)
    if total_minutes <= 0:
        return []
    ratio = Fraction(used_minutes, total_minutes)
    reached = {t for t in thresholds if ratio >= Fraction(repr(float(t)))}
    return sorted(reached)


def forecast_depletion(
    remaining_minutes: int,
    used_last_days_minutes: int,
    today: date,
    window_days: int = 30,
) -> date | None:
    """Day the remaining minutes run out at the recent burn rate.

    The burn rate is ``used_last_days_minutes / window_days`` per day.

    * ``remaining <= 0``: already depleted, returns ``today`` (whatever the rate);
    * rate 0: no forecast, returns None;
    * else ``today + ceil(remaining / rate)`` days, in exact integer arithmetic.
    """
    if window_days <= 0:
        raise ValueError(f"forecast_depletion: window_days must be > 0, got {window_days}")
    if used_last_days_minutes < 0:
        raise ValueError(f"forecast_depletion: used minutes must be >= 0, got {used_last_days_minutes}")
    if remaining_minutes <= 0:
        return today
    if used_last_days_minutes == 0:
        return None
    days = -(-remaining_minutes * window_days // used_last_days_minutes)
    return today + timedelta(days=days)


# ---------------------------------------------------------------------------
# Monthly fees
# ---------------------------------------------------------------------------


def period_days(month: date, date_start: date, date_end: date | None) -> tuple[int, int]:
    """``(covered, total)`` days of ``month``'s calendar month within the agreement.

    A month the agreement covers entirely gives ``(total, total)``; a partial
    first or last month fewer covered days; a month outside the agreement 0.
    """
    first, last = period_bounds(month, "month")
    start = max(first, date_start)
    end = min(last, date_end) if date_end else last
    total = (last - first).days + 1
    return (max((end - start).days + 1, 0), total)


def prorate(amount: float, covered_days: int, total_days: int) -> float:
    """``amount`` for ``covered_days`` of ``total_days``, rounded half-up to 2 decimals."""
    if total_days <= 0:
        raise ValueError(f"prorate: total_days must be > 0, got {total_days}")
    if not 0 <= covered_days <= total_days:
        raise ValueError(f"prorate: covered_days must be within 0..{total_days}, got {covered_days}")
    value = Decimal(repr(float(amount))) * covered_days / total_days
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------
# Burn-down
# ---------------------------------------------------------------------------

# The dashed forecast line stops this many days after today (a very low burn
# rate would otherwise stretch the chart over years); the depletion date itself
# is always reported.
MAX_FORECAST_DAYS = 365

_HOURS_DIGITS = 4  # hours on a chart: four decimals drop float noise


@dataclass(frozen=True)
class PackBalance:
    """A pack as the burn-down sees it: its size, dates, expired minutes and
    whether it is still ``active`` (not depleted, not expired)."""

    minutes: int
    date_purchase: date
    date_expiry: date | None = None
    expired_minutes: int = 0
    active: bool = True

    def __post_init__(self) -> None:
        _check_int("PackBalance.minutes", self.minutes)
        _check_int("PackBalance.expired_minutes", self.expired_minutes)


def _hours(minutes: int | Fraction) -> float:
    """Hours of ``minutes``, rounded to four decimals."""
    return float(round(Fraction(minutes) / 60, _HOURS_DIGITS))


def _percent(fraction: float) -> int:
    return int(Decimal(repr(float(fraction) * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _burndown_thresholds(thresholds: Iterable[float], active_minutes: int) -> list[dict]:
    """One level per valid threshold (0 < t <= 1, ascending, no duplicate): the
    remaining hours at which the share ``t`` of the active packs' hours is used."""
    if active_minutes <= 0:
        return []
    valid = sorted({float(t) for t in thresholds if t is not None and math.isfinite(t) and 0 < t <= 1})
    return [
        {
            "fraction": t,
            "percent": _percent(t),
            "level": _hours(active_minutes * (1 - Fraction(repr(t)))),
        }
        for t in valid
    ]


def _burndown_forecast(
    remaining_minutes: int, used_minutes: int, today: date, window_days: int, max_forecast_days: int
) -> dict | None:
    """Depletion forecast and its dashed line, or None when nothing is left,
    nothing was used in the window or the window is empty."""
    if window_days <= 0 or used_minutes <= 0 or remaining_minutes <= 0:
        return None
    depletion = forecast_depletion(remaining_minutes, used_minutes, today, window_days)
    days_left = (depletion - today).days
    drawn = min(days_left, max(1, int(max_forecast_days)))
    return {
        "rate": used_minutes / 60 / window_days,
        "depletion_date": depletion.isoformat(),
        "days_left": days_left,
        "points": [
            {
                "date": (today + timedelta(days=offset)).isoformat(),
                "remaining": _hours(Fraction(remaining_minutes * (days_left - offset), days_left)),
            }
            for offset in range(drawn + 1)
        ],
        "truncated": drawn < days_left,
    }


def burndown(
    packs: Iterable[PackBalance],
    usage: Iterable[tuple[date, int]],
    today: date,
    window_days: int = 30,
    thresholds: Iterable[float] = (),
    max_forecast_days: int = MAX_FORECAST_DAYS,
) -> dict:
    """The burn-down of an agreement's prepaid hours, JSON-ready (ISO dates, hours).

    ``usage`` holds ``(day, minutes)`` of pack-bucket time. Rules:

    * the series runs from the first purchase to ``today``, one point per day, the
      balance at the END of that day; with every pack bought after today it is the
      single day ``today``; no pack at all: ``is_empty`` and nothing to draw;
    * a purchase is a step up on its day; purchases after today are not drawn;
    * usage is subtracted on its day; usage before the first purchase counts on the
      first day (the balance today then equals the packs' remaining hours); usage
      after today is ignored;
    * an expired pack's unused minutes step down the day AFTER its expiry date (the
      expiry day is still usable, as :func:`pack_status`), only when that day is not
      after today;
    * window usage: pack minutes of the days in ``(today - window_days, today]``;
    * forecast: the hours run out :func:`forecast_depletion` days after today; the
      dashed line goes from today to that day, at most ``max_forecast_days`` days
      (``truncated`` says it was cut);
    * threshold levels: ``active hours * (1 - t)``, from the ``active`` packs only.
    """
    packs = list(packs)
    usage = list(usage)
    base = {"today": today.isoformat(), "window_days": window_days}
    if not packs:
        return {
            **base,
            "is_empty": True,
            "series": [],
            "remaining": 0.0,
            "active_hours": 0.0,
            "window_hours": 0.0,
            "forecast": None,
            "thresholds": [],
        }
    first_day = min(min(pack.date_purchase for pack in packs), today)
    deltas: dict[date, int] = {}

    def add(day: date, minutes: int) -> None:
        if minutes and day <= today:
            day = max(day, first_day)
            deltas[day] = deltas.get(day, 0) + minutes

    for pack in packs:
        add(pack.date_purchase, pack.minutes)
        if pack.date_expiry is not None and pack.expired_minutes > 0:
            add(pack.date_expiry + timedelta(days=1), -pack.expired_minutes)
    for day, minutes in usage:
        add(day, -minutes)

    series, balance = [], 0
    for offset in range((today - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        balance += deltas.get(day, 0)
        series.append({"date": day.isoformat(), "remaining": _hours(balance)})

    window_start = today - timedelta(days=window_days)
    window_minutes = sum(minutes for day, minutes in usage if window_start < day <= today)
    active_minutes = sum(pack.minutes for pack in packs if pack.active)
    return {
        **base,
        "is_empty": False,
        "series": series,
        "remaining": _hours(balance),
        "active_hours": _hours(active_minutes),
        "window_hours": _hours(window_minutes),
        "forecast": _burndown_forecast(balance, window_minutes, today, window_days, max_forecast_days),
        "thresholds": _burndown_thresholds(thresholds, active_minutes),
    }
