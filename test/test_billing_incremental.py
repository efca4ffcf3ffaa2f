# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Incremental allocation (addon_amc/lib/billing.py): allocating from a position onward,
from the balances the earlier requests leave, equals allocating everything from scratch.

Property tests over seeded random histories (stdlib unittest, no Odoo).
"""

import os
import random
import sys
import unittest
from datetime import date, timedelta

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

from billing import (  # noqa: E402 - after the sys.path entry above
    SCOPES,
    Allocator,
    Balances,
    Entry,
    Pack,
    Request,
    Services,
    Step,
    allocate,
    reallocate,
    request_order,
)

D = date
FIRST_DAY = D(2026, 1, 1)


def random_services(rng):
    return Services(
        hourly_rate=rng.choice([0.0, 60.0, 73.5, 1000.0]),
        min_billable_minutes=rng.choice([0, 15, 30]),
        billing_increment_minutes=rng.choice([0, 6, 15]),
        has_maintenance=rng.random() < 0.5,
        has_first_line=rng.random() < 0.5,
        config_allowance_minutes=rng.choice([0, 30, 60, 120]),
        config_allowance_period=rng.choice(["month", "quarter"]),
    )


def random_packs(rng):
    packs = []
    for pack_id in range(1, rng.randint(0, 4) + 1):
        purchase = FIRST_DAY + timedelta(days=rng.randint(0, 200))
        expiry = rng.choice([None, purchase + timedelta(days=rng.randint(0, 150))])
        packs.append(Pack(pack_id, rng.choice([30, 60, 120, 300]), purchase, expiry))
    return packs


class History:
    """Requests as mutable data: {request id: [scope, {entry id: (date, minutes)}]}."""

    def __init__(self, rng, count):
        self.rng = rng
        self.next_id = 1000
        self.requests = {}
        for request_id in range(1, count + 1):
            self.requests[request_id] = [rng.choice(SCOPES), {}]
            for _index in range(rng.randint(1, 3)):
                self._add_entry(request_id)

    def _day(self):
        return FIRST_DAY + timedelta(days=self.rng.randint(0, 300))

    def _add_entry(self, request_id):
        self.next_id += 1
        self.requests[request_id][1][self.next_id] = (self._day(), self.rng.choice([1, 5, 20, 45, 60, 90, 200]))

    def data(self):
        return [
            Request(request_id, scope, tuple(Entry(eid, day, minutes) for eid, (day, minutes) in entries.items()))
            for request_id, (scope, entries) in self.requests.items()
            if entries
        ]

    def change(self):
        """One random change, as agents make them; returns the ids of the requests it touched."""
        rng = self.rng
        request_id = rng.choice(list(self.requests))
        scope, entries = self.requests[request_id]
        action = rng.choice(["log", "log", "duration", "date", "delete", "move", "scope", "new", "today"])
        if action == "new" or not entries:
            request_id = max(self.requests) + 1
            self.requests[request_id] = [rng.choice(SCOPES), {}]
            self._add_entry(request_id)
            return {request_id}
        entry_id = rng.choice(list(entries))
        day, minutes = entries[entry_id]
        if action == "log":
            self._add_entry(request_id)
        elif action == "today":  # the latest request gets more time, the everyday case
            request_id = max(self.data(), key=request_order).id
            self.next_id += 1
            latest = max(day for day, _minutes in self.requests[request_id][1].values())
            self.requests[request_id][1][self.next_id] = (latest, rng.choice([5, 30, 60]))
        elif action == "duration":
            entries[entry_id] = (day, rng.choice([1, 10, 15, 40, 120]))
        elif action == "date":
            entries[entry_id] = (self._day(), minutes)
        elif action == "delete":
            del entries[entry_id]
        elif action == "move":
            other = rng.choice(list(self.requests))
            del entries[entry_id]
            self.requests[other][1][entry_id] = (day, minutes)
            return {request_id, other}
        else:
            self.requests[request_id][0] = rng.choice([s for s in SCOPES if s != scope])
        return {request_id}


def by_request(lines):
    grouped = {}
    for line in lines:
        grouped.setdefault(line.request_id, []).append(line)
    return grouped


def balances_before(lines, position, period):
    """The balances the lines of the requests before ``position`` leave."""
    balances = Balances()
    for line in lines:
        if (line.date, line.request_id) < position:
            balances.add(line.bucket, line.pack_id, line.minutes, line.date, period)
    return balances


def incremental(services, packs, old_lines, requests, changed):
    """What the module does on a change: the steps from the first position the change
    touched, the starting balances from the stored lines before it, then
    :func:`reallocate`. Returns (the lines afterwards, requests allocated)."""
    stored = by_request(old_lines)
    data = {request.id: request for request in requests}
    changed_steps = []
    for request_id in changed:
        old = stored.get(request_id, [])
        old_position = (old[0].date, request_id) if old else None
        new_position = request_order(data[request_id]) if request_id in data else None
        if old_position == new_position:
            changed_steps.append(Step(new_position, data[request_id], tuple(old)))
            continue
        if new_position:
            changed_steps.append(Step(new_position, data[request_id]))
        if old_position:
            changed_steps.append(Step(old_position, None, tuple(old)))
    if not changed_steps:
        return old_lines, 0
    first = min(step.position for step in changed_steps)
    last = max(step.position for step in changed_steps)
    steps = list(changed_steps)
    for request_id, lines in stored.items():
        position = (lines[0].date, request_id)
        if request_id not in changed and position >= first:
            steps.append(Step(position, data[request_id], tuple(lines)))
    steps.sort(key=lambda step: step.position)
    start = balances_before(old_lines, first, services.config_allowance_period)
    new_lines = dict(reallocate(services, packs, start, iter(steps), last))
    for request_id in changed:
        stored.pop(request_id, None)
    stored.update(new_lines)
    return [line for lines in stored.values() for line in lines], len(new_lines)


def line_keys(lines):
    return sorted(
        (line.request_id, line.entry_id, line.date, line.bucket, line.pack_id or 0, line.minutes, line.amount)
        for line in lines
    )


class TestAllocationFromAPosition(unittest.TestCase):
    def test_suffix_from_computed_balances_equals_the_full_allocation(self):
        """Every mid position of 40 random agreements: the balances the earlier requests' lines
        leave, then allocating the later requests alone, gives the full allocation's suffix."""
        for seed in range(40):
            rng = random.Random(seed)
            services, packs = random_services(rng), random_packs(rng)
            requests = sorted(History(rng, rng.randint(1, 25)).data(), key=request_order)
            full = allocate(services, packs, requests)
            for index in range(len(requests) + 1):
                with self.subTest(seed=seed, index=index):
                    position = request_order(requests[index]) if index < len(requests) else (date.max, 0)
                    start = balances_before(full.lines, position, services.config_allowance_period)
                    suffix = allocate(services, packs, requests[index:], start)
                    later = {request.id for request in requests[index:]}
                    self.assertEqual(suffix.lines, [line for line in full.lines if line.request_id in later])
                    self.assertEqual(suffix.pack_used, full.pack_used)
                    self.assertEqual(suffix.config_used, full.config_used)

    def test_starting_balances_are_not_given_twice(self):
        services = Services(config_allowance_minutes=60)
        packs = [Pack(1, 60, D(2026, 1, 1))]
        start = Balances(pack_used={1: 45}, config_used={(2026, 3): 50})
        allocator = Allocator(services, packs, start)
        billed, lines = allocator.allocate_request(Request(1, "config", (Entry(1, D(2026, 3, 5), 60),)))
        self.assertEqual(billed, 60)
        self.assertEqual(
            [(line.bucket, line.minutes) for line in lines], [("config", 10), ("pack", 15), ("billable", 35)]
        )
        self.assertEqual(start.pack_used, {1: 45}, "the caller's balances are not changed")


class TestSameFrom(unittest.TestCase):
    packs = [Pack(1, 60, D(2026, 1, 1), D(2026, 2, 28)), Pack(2, 60, D(2026, 1, 1))]

    def test_an_expired_pack_cannot_tell_balances_apart(self):
        one = Balances({1: 30, 2: 10}, {})
        two = Balances({1: 60, 2: 10}, {})
        self.assertFalse(one.same_from(two, D(2026, 2, 28), self.packs, "month"))
        self.assertTrue(one.same_from(two, D(2026, 3, 1), self.packs, "month"))
        self.assertFalse(Balances({2: 5}).same_from(Balances({2: 10}), D(2026, 3, 1), self.packs, "month"))

    def test_only_the_current_allowance_period_counts(self):
        one = Balances({}, {(2026, 1): 30, (2026, 2): 10})
        two = Balances({}, {(2026, 1): 60, (2026, 2): 10})
        self.assertFalse(one.same_from(two, D(2026, 1, 31), self.packs, "month"))
        self.assertTrue(one.same_from(two, D(2026, 2, 1), self.packs, "month"))
        self.assertFalse(one.same_from(two, D(2026, 2, 1), self.packs, "quarter"))


class TestReallocateProperty(unittest.TestCase):
    def test_incremental_equals_full_over_random_histories(self):
        """60 random agreements, 15 random changes each (entries, durations, dates, deletes,
        moves between requests, backdated work, reclassification, new requests): after each
        change the incremental result equals the full allocation, and it stops early."""
        stopped_early = allocated_total = full_total = 0
        for seed in range(60):
            rng = random.Random(1000 + seed)
            services, packs = random_services(rng), random_packs(rng)
            history = History(rng, rng.randint(1, 20))
            lines = allocate(services, packs, history.data()).lines
            for step in range(15):
                changed = history.change()
                requests = history.data()
                expected = allocate(services, packs, requests).lines
                with self.subTest(seed=seed, step=step):
                    lines, allocated = incremental(services, packs, lines, requests, changed)
                    self.assertEqual(line_keys(lines), line_keys(expected))
                allocated_total += allocated
                full_total += len(requests)
                later = [
                    r
                    for r in requests
                    if request_order(r)
                    > max((request_order(r2) for r2 in requests if r2.id in changed), default=(date.max, 0))
                ]
                stopped_early += bool(later) and allocated < len(later) + len(changed)
        self.assertGreater(stopped_early, 100, "the re-allocation never stops before the end")
        self.assertLess(allocated_total, full_total / 2)

    def test_time_on_the_latest_request_allocates_that_request_only(self):
        services = Services(hourly_rate=100.0, config_allowance_minutes=60)
        packs = [Pack(1, 600, D(2026, 1, 1))]
        requests = [
            Request(rid, "billable", (Entry(rid, D(2026, 1, 1) + timedelta(days=rid), 30),)) for rid in range(1, 61)
        ]
        lines = allocate(services, packs, requests).lines
        latest = requests[-1]
        requests[-1] = Request(latest.id, latest.scope, (*latest.entries, Entry(999, latest.request_date, 30)))
        lines, allocated = incremental(services, packs, lines, requests, {latest.id})
        self.assertEqual(allocated, 1)
        self.assertEqual(line_keys(lines), line_keys(allocate(services, packs, requests).lines))

    def test_backdated_time_carries_a_pack_shortage_forward_until_it_is_absorbed(self):
        """A backdated hour takes pack time from every later request until the pack runs
        out on both sides; then the rest stays as stored and is not read."""
        services = Services(hourly_rate=100.0)
        packs = [Pack(1, 120, D(2026, 1, 1))]
        requests = [
            Request(rid, "billable", (Entry(rid, D(2026, 1, 1) + timedelta(days=rid), 30),)) for rid in range(1, 11)
        ]
        lines = allocate(services, packs, requests).lines
        requests.append(Request(11, "billable", (Entry(11, D(2026, 1, 1), 60),)))
        read = []

        def steps():
            for step in sorted(
                [Step(request_order(requests[-1]), requests[-1])]
                + [
                    Step(request_order(r), r, tuple(line for line in lines if line.request_id == r.id))
                    for r in requests[:-1]
                ],
                key=lambda step: step.position,
            ):
                read.append(step.position[1])
                yield step

        new = dict(reallocate(services, packs, Balances(), steps(), request_order(requests[-1])))
        # request 11 takes an hour of the pack: requests 3 and 4 fall out of it; request 5 gets
        # what it has and the pack is used up on both sides, so 6 to 10 are never read
        self.assertEqual(read, [11, 1, 2, 3, 4, 5])
        self.assertEqual(
            [(rid, [line.bucket for line in new[rid]]) for rid in (1, 2, 3, 4, 5)],
            [(1, ["pack"]), (2, ["pack"]), (3, ["billable"]), (4, ["billable"]), (5, ["billable"])],
        )


if __name__ == "__main__":
    unittest.main()
