# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/billing.py (stdlib unittest, no Odoo).

Run from the repository root:
    python3 -m unittest discover -s test -p 'test_*.py' -t . -v
"""

import json
import os
import random
import sys
import unittest
from datetime import date, timedelta

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import billing  # noqa: E402 - after the sys.path entry above
from billing import (  # noqa: E402
    Entry,
    Line,
    Pack,
    PackBalance,
    Request,
    Services,
    allocate,
    billed_minutes,
    burndown,
    forecast_depletion,
    hours_to_minutes,
    pack_expired_minutes,
    pack_status,
    period_bounds,
    period_key,
    thresholds_crossed,
)

D = date


def req(rid, scope, *entries):
    """Request ``rid`` from ``(entry_id, date, minutes)`` triples."""
    return Request(rid, scope, tuple(Entry(eid, day, minutes) for eid, day, minutes in entries))


def lines_of(result, request_id):
    return [line for line in result.lines if line.request_id == request_id]


def summary(result, request_id):
    """[(bucket, pack_id, minutes)] of a request, merged per bucket/pack."""
    merged = {}
    for line in lines_of(result, request_id):
        key = (line.bucket, line.pack_id)
        merged[key] = merged.get(key, 0) + line.minutes
    return [(bucket, pack_id, minutes) for (bucket, pack_id), minutes in merged.items()]


class TestHoursToMinutes(unittest.TestCase):
    def test_quarter_hour(self):
        self.assertEqual(hours_to_minutes(0.25), 15)

    def test_float_noise(self):
        self.assertEqual(hours_to_minutes(0.1 + 0.2), 18)  # 0.30000000000000004 h
        self.assertEqual(hours_to_minutes(1 / 3), 20)
        self.assertEqual(hours_to_minutes(0.1 * 3), 18)

    def test_rounds_to_nearest_minute_half_up(self):
        self.assertEqual(hours_to_minutes(0.2583), 15)  # 15.498 min
        self.assertEqual(hours_to_minutes(0.2584), 16)  # 15.504 min
        self.assertEqual(hours_to_minutes(0.5 / 60), 1)  # exactly half a minute
        self.assertEqual(hours_to_minutes(2.5 / 60), 3)  # not banker's rounding
        self.assertEqual(hours_to_minutes(0), 0)
        self.assertIsInstance(hours_to_minutes(1.5), int)


class TestBilledMinutes(unittest.TestCase):
    def test_below_minimum(self):
        self.assertEqual(billed_minutes(5), 15)

    def test_rounded_up_to_increment(self):
        self.assertEqual(billed_minutes(20, increment=15), 30)
        self.assertEqual(billed_minutes(16), 30)

    def test_exact_multiple_unchanged(self):
        self.assertEqual(billed_minutes(15), 15)
        self.assertEqual(billed_minutes(45), 45)

    def test_zero_and_negative(self):
        self.assertEqual(billed_minutes(0), 0)
        self.assertEqual(billed_minutes(-10), 0)

    def test_minimum_without_increment(self):
        self.assertEqual(billed_minutes(10, minimum=30, increment=0), 30)
        self.assertEqual(billed_minutes(31, minimum=30, increment=0), 31)

    def test_minimum_then_increment(self):
        # 20 is above the minimum of 15, then rounded up to a multiple of 6.
        self.assertEqual(billed_minutes(20, minimum=15, increment=6), 24)
        # 5 -> minimum 15 -> rounded up to 18.
        self.assertEqual(billed_minutes(5, minimum=15, increment=6), 18)

    def test_float_input(self):
        self.assertEqual(billed_minutes(0.25 * 60), 15)
        self.assertEqual(billed_minutes(15.0000000001), 15)  # float noise
        self.assertEqual(billed_minutes(15.4), 30)  # a started minute counts
        self.assertEqual(billed_minutes(30.5, minimum=0, increment=0), 31)
        self.assertIsInstance(billed_minutes(15.0), int)

    def test_negative_parameters_rejected(self):
        with self.assertRaises(ValueError):
            billed_minutes(10, minimum=-1)
        with self.assertRaises(ValueError):
            billed_minutes(10, increment=-5)


class TestPeriods(unittest.TestCase):
    def test_period_key(self):
        self.assertEqual(period_key(D(2025, 2, 14), "month"), (2025, 2))
        self.assertEqual(period_key(D(2025, 1, 1), "quarter"), (2025, 1))
        self.assertEqual(period_key(D(2025, 3, 31), "quarter"), (2025, 1))
        self.assertEqual(period_key(D(2025, 4, 1), "quarter"), (2025, 2))
        self.assertEqual(period_key(D(2025, 12, 31), "quarter"), (2025, 4))

    def test_period_bounds(self):
        self.assertEqual(period_bounds(D(2024, 2, 10), "month"), (D(2024, 2, 1), D(2024, 2, 29)))
        self.assertEqual(period_bounds(D(2025, 12, 5), "month"), (D(2025, 12, 1), D(2025, 12, 31)))
        self.assertEqual(period_bounds(D(2025, 5, 20), "quarter"), (D(2025, 4, 1), D(2025, 6, 30)))
        self.assertEqual(period_bounds(D(2025, 11, 1), "quarter"), (D(2025, 10, 1), D(2025, 12, 31)))

    def test_unknown_period(self):
        with self.assertRaises(ValueError):
            period_key(D(2025, 1, 1), "year")
        with self.assertRaises(ValueError):
            period_bounds(D(2025, 1, 1), "week")
        with self.assertRaises(ValueError):
            Services(config_allowance_period="year")


class TestValidation(unittest.TestCase):
    def test_entry_minutes_must_be_positive(self):
        with self.assertRaisesRegex(ValueError, "Entry 7"):
            Entry(7, D(2025, 1, 1), 0)
        with self.assertRaises(ValueError):
            Entry(8, D(2025, 1, 1), -5)
        with self.assertRaises(TypeError):
            Entry(9, D(2025, 1, 1), 1.5)  # convert with hours_to_minutes first

    def test_unknown_scope(self):
        with self.assertRaisesRegex(ValueError, "scope"):
            Request(1, "free", ())

    def test_request_without_entries(self):
        result = allocate(Services(hourly_rate=100), [], [Request(1, "billable", ())])
        self.assertEqual(result.request_billed, {1: 0})
        self.assertEqual(result.lines, [])

    def test_duplicate_ids_rejected(self):
        r1 = req(1, "billable", (1, D(2025, 1, 1), 10))
        r2 = req(1, "billable", (2, D(2025, 1, 1), 10))
        with self.assertRaises(ValueError):
            allocate(Services(), [], [r1, r2])
        pack = Pack(1, 60, D(2025, 1, 1))
        with self.assertRaises(ValueError):
            allocate(Services(), [pack, pack], [r1])


class TestCoverage(unittest.TestCase):
    """What the customer is told (coverage) is where the allocator puts the request's first minute."""

    SERVICES = [
        Services(
            hourly_rate=60, has_maintenance=maintenance, has_first_line=first_line, config_allowance_minutes=allowance
        )
        for maintenance in (False, True)
        for first_line in (False, True)
        for allowance in (0, 60)
    ]

    def test_terms(self):
        first_line_only = Services(hourly_rate=60, has_first_line=True)
        self.assertEqual(billing.coverage("included", first_line_only), ("charged", "no_maintenance"))
        self.assertEqual(billing.coverage("first_line", first_line_only), ("first_line", "first_line"))
        self.assertEqual(billing.coverage("config", first_line_only), ("charged", "no_allowance"))
        self.assertEqual(billing.coverage("billable", first_line_only), ("charged", "outside"))
        self.assertEqual(billing.coverage("needs_review", first_line_only), ("review", "review"))
        everything = Services(hourly_rate=60, has_maintenance=True, has_first_line=True, config_allowance_minutes=60)
        self.assertEqual(billing.coverage("included", everything), ("maintenance", "maintenance"))
        self.assertEqual(billing.coverage("config", everything), ("config", "config"))
        self.assertEqual(billing.coverage("first_line", Services(hourly_rate=60)), ("charged", "no_first_line"))
        self.assertEqual(billing.coverage("billable", everything), ("charged", "outside"))

    def test_every_key_is_a_selection_key(self):
        keys = {key for key, _label in billing.COVERAGE_SELECTION}
        for services in self.SERVICES:
            for scope in billing.SCOPES:
                self.assertIn(billing.coverage(scope, services)[0], keys)

    def test_the_allocator_follows_it(self):
        bucket_of = {"maintenance": "maintenance", "first_line": "first_line", "config": "config"}
        for services in self.SERVICES:
            for scope in billing.SCOPES:
                with self.subTest(scope=scope, services=services):
                    result = allocate(services, [], [req(1, scope, (10, D(2025, 2, 3), 30))])
                    covered, _why = billing.coverage(scope, services)
                    self.assertEqual(result.lines[0].bucket, bucket_of.get(covered, "billable"))


class TestAllocation(unittest.TestCase):
    def test_maintenance_covers_whole_billed_amount(self):
        services = Services(hourly_rate=90, has_maintenance=True)
        packs = [Pack(1, 600, D(2025, 1, 1))]
        result = allocate(services, packs, [req(1, "included", (10, D(2025, 2, 3), 20))])
        self.assertEqual(result.request_billed, {1: 30})
        self.assertEqual(result.lines, [Line(1, 10, D(2025, 2, 3), "maintenance", None, 30, 0.0)])
        self.assertEqual(result.pack_used, {1: 0})

    def test_first_line_covered(self):
        services = Services(hourly_rate=90, has_first_line=True)
        result = allocate(services, [], [req(1, "first_line", (10, D(2025, 2, 3), 5))])
        self.assertEqual(summary(result, 1), [("first_line", None, 15)])

    def test_included_without_maintenance_goes_to_packs_then_billable(self):
        services = Services(hourly_rate=60, has_maintenance=False, has_first_line=True)
        packs = [Pack(1, 30, D(2025, 1, 1))]
        result = allocate(services, packs, [req(1, "included", (10, D(2025, 2, 3), 60))])
        self.assertEqual(summary(result, 1), [("pack", 1, 30), ("billable", None, 30)])
        self.assertEqual(result.amount_total, 30.0)

    def test_first_line_without_first_line_service_is_billable(self):
        services = Services(hourly_rate=60, has_maintenance=True)
        result = allocate(services, [], [req(1, "first_line", (10, D(2025, 2, 3), 45))])
        self.assertEqual(summary(result, 1), [("billable", None, 45)])

    def test_config_allowance_monthly_exhausted_mid_request(self):
        services = Services(hourly_rate=80, config_allowance_minutes=60, config_allowance_period="month")
        packs = [Pack(1, 600, D(2025, 1, 1))]
        requests = [
            req(1, "config", (10, D(2025, 3, 3), 40)),  # billed 45: allowance 45
            # billed 30: allowance 15, pack 15
            req(2, "config", (20, D(2025, 3, 10), 30)),
            req(3, "config", (30, D(2025, 4, 2), 30)),  # new month: allowance 30
        ]
        result = allocate(services, packs, requests)
        self.assertEqual(summary(result, 1), [("config", None, 45)])
        self.assertEqual(summary(result, 2), [("config", None, 15), ("pack", 1, 15)])
        self.assertEqual(summary(result, 3), [("config", None, 30)])
        self.assertEqual(result.config_used, {(2025, 3): 60, (2025, 4): 30})
        self.assertEqual(result.pack_used, {1: 15})

    def test_config_allowance_quarterly(self):
        services = Services(
            hourly_rate=80,
            config_allowance_minutes=60,
            config_allowance_period="quarter",
        )
        requests = [
            req(1, "config", (10, D(2025, 1, 15), 45)),
            req(2, "config", (20, D(2025, 3, 31), 30)),  # same quarter: 15 left
            req(3, "config", (30, D(2025, 4, 1), 30)),  # Q2: fresh allowance
        ]
        result = allocate(services, [], requests)
        self.assertEqual(summary(result, 1), [("config", None, 45)])
        self.assertEqual(summary(result, 2), [("config", None, 15), ("billable", None, 15)])
        self.assertEqual(summary(result, 3), [("config", None, 30)])
        self.assertEqual(result.config_used, {(2025, 1): 60, (2025, 2): 30})
        self.assertEqual(result.amount_total, 20.0)

    def test_allowance_only_for_config_scope(self):
        services = Services(hourly_rate=60, config_allowance_minutes=120)
        result = allocate(services, [], [req(1, "billable", (10, D(2025, 3, 3), 30))])
        self.assertEqual(summary(result, 1), [("billable", None, 30)])
        self.assertEqual(result.config_used, {})

    def test_request_spanning_two_packs_is_split(self):
        services = Services(hourly_rate=60)
        packs = [Pack(1, 60, D(2025, 1, 1)), Pack(2, 120, D(2025, 1, 10))]
        requests = [
            req(1, "billable", (10, D(2025, 2, 1), 45)),
            # 15 from pack 1, 45 from pack 2
            req(2, "billable", (20, D(2025, 2, 2), 60)),
        ]
        result = allocate(services, packs, requests)
        self.assertEqual(summary(result, 1), [("pack", 1, 45)])
        self.assertEqual(summary(result, 2), [("pack", 1, 15), ("pack", 2, 45)])
        self.assertEqual(result.pack_used, {1: 60, 2: 45})
        self.assertEqual(result.amount_total, 0.0)

    def test_pack_order_expiry_then_purchase_then_id(self):
        services = Services(hourly_rate=60, min_billable_minutes=0, billing_increment_minutes=0)
        packs = [
            Pack(1, 10, D(2025, 1, 1)),  # no expiry: last
            Pack(2, 10, D(2025, 1, 5), D(2025, 12, 31)),
            Pack(3, 10, D(2025, 1, 3), D(2025, 12, 31)),  # same expiry, older purchase
            Pack(4, 10, D(2025, 1, 9), D(2025, 6, 30)),  # earliest expiry: first
            Pack(6, 10, D(2025, 1, 2)),
            Pack(5, 10, D(2025, 1, 2)),  # same (no) expiry and purchase: lower id first
        ]
        result = allocate(services, packs, [req(1, "billable", (10, D(2025, 2, 1), 65))])
        self.assertEqual(
            [(line.pack_id, line.minutes) for line in result.lines],
            [(4, 10), (3, 10), (2, 10), (1, 10), (5, 10), (6, 10), (None, 5)],
        )

    def test_overage_billable_with_amount(self):
        services = Services(hourly_rate=95.0)
        packs = [Pack(1, 60, D(2025, 1, 1))]
        result = allocate(services, packs, [req(1, "billable", (10, D(2025, 2, 1), 100))])
        # billed 105 = pack 60 + billable 45 (45/60 * 95 = 71.25)
        self.assertEqual(result.request_billed, {1: 105})
        self.assertEqual(summary(result, 1), [("pack", 1, 60), ("billable", None, 45)])
        billable = [line for line in result.lines if line.bucket == "billable"]
        self.assertEqual([line.amount for line in billable], [71.25])
        self.assertTrue(all(line.amount == 0.0 for line in result.lines if line.bucket != "billable"))

    def test_amount_rounded_per_line_half_up(self):
        self.assertEqual(billing.billable_amount(20, 100), 33.33)
        self.assertEqual(billing.billable_amount(10, 0.63), 0.11)  # 0.105 -> 0.11
        self.assertEqual(billing.billable_amount(0, 100), 0.0)

    def test_expired_pack_not_consumed(self):
        services = Services(hourly_rate=60)
        packs = [
            Pack(1, 120, D(2024, 1, 1), D(2024, 12, 31)),
            Pack(2, 30, D(2025, 1, 1), D(2025, 12, 31)),
        ]
        result = allocate(services, packs, [req(1, "billable", (10, D(2025, 1, 15), 60))])
        self.assertEqual(summary(result, 1), [("pack", 2, 30), ("billable", None, 30)])
        self.assertEqual(result.pack_used, {1: 0, 2: 30})
        today = D(2025, 2, 1)
        self.assertEqual(pack_expired_minutes(packs[0], result.pack_used[1], today), 120)
        self.assertEqual(pack_status(packs[0], result.pack_used[1], today), "expired")
        self.assertEqual(pack_expired_minutes(packs[1], result.pack_used[2], today), 0)

    def test_pack_usable_on_expiry_day_and_purchase_day(self):
        services = Services(hourly_rate=60)
        packs = [
            Pack(1, 15, D(2025, 1, 1), D(2025, 1, 31)),
            Pack(2, 15, D(2025, 1, 31)),
        ]
        result = allocate(services, packs, [req(1, "billable", (10, D(2025, 1, 31), 30))])
        self.assertEqual(summary(result, 1), [("pack", 1, 15), ("pack", 2, 15)])

    def test_pack_purchased_after_request_not_used(self):
        services = Services(hourly_rate=60)
        packs = [Pack(1, 600, D(2025, 3, 1))]
        requests = [
            req(1, "billable", (10, D(2025, 2, 20), 30)),
            req(2, "billable", (20, D(2025, 3, 1), 30)),
        ]
        result = allocate(services, packs, requests)
        self.assertEqual(summary(result, 1), [("billable", None, 30)])
        self.assertEqual(summary(result, 2), [("pack", 1, 30)])
        self.assertEqual(result.pack_used, {1: 30})

    def test_request_date_is_latest_entry_date(self):
        # The entry of 1 March makes the request usable by a pack bought on 1 March,
        # and puts it in the March allowance.
        services = Services(hourly_rate=60, config_allowance_minutes=15)
        packs = [Pack(1, 600, D(2025, 3, 1))]
        requests = [
            req(1, "config", (10, D(2025, 2, 27), 20), (11, D(2025, 3, 1), 10)),
            req(2, "config", (20, D(2025, 2, 28), 15)),
        ]
        result = allocate(services, packs, requests)
        self.assertEqual(summary(result, 2), [("config", None, 15)])
        self.assertEqual(summary(result, 1), [("config", None, 15), ("pack", 1, 15)])
        self.assertEqual(result.config_used, {(2025, 2): 15, (2025, 3): 15})

    def test_needs_review_behaves_as_billable(self):
        services = Services(
            hourly_rate=60,
            has_maintenance=True,
            has_first_line=True,
            config_allowance_minutes=60,
        )
        packs = [Pack(1, 20, D(2025, 1, 1))]
        as_review = allocate(services, packs, [req(1, "needs_review", (10, D(2025, 2, 1), 40))])
        as_billable = allocate(services, packs, [req(1, "billable", (10, D(2025, 2, 1), 40))])
        self.assertEqual(as_review, as_billable)
        self.assertEqual(summary(as_review, 1), [("pack", 1, 20), ("billable", None, 25)])

    def test_determinism_shuffled_input(self):
        services = Services(
            hourly_rate=73.5,
            has_maintenance=True,
            config_allowance_minutes=45,
            config_allowance_period="quarter",
        )
        packs = [
            Pack(1, 90, D(2025, 1, 1), D(2025, 6, 30)),
            Pack(2, 60, D(2025, 2, 1)),
            Pack(3, 120, D(2024, 1, 1), D(2024, 12, 31)),
        ]
        scopes = ("included", "first_line", "config", "billable", "needs_review")
        requests = []
        entry_id = 100
        for rid in range(1, 21):
            entries = []
            for k in range(rid % 3 + 1):
                entry_id += 1
                entries.append(
                    (
                        entry_id,
                        D(2025, 1 + rid % 6, 1 + (rid * 7 + k) % 27),
                        5 + (rid * 11 + k * 13) % 50,
                    )
                )
            requests.append(req(rid, scopes[rid % 5], *entries))
        reference = allocate(services, packs, requests)
        rng = random.Random(42)
        for _ in range(10):
            shuffled_requests = [Request(r.id, r.scope, tuple(rng.sample(r.entries, len(r.entries)))) for r in requests]
            rng.shuffle(shuffled_requests)
            shuffled_packs = rng.sample(packs, len(packs))
            self.assertEqual(allocate(services, shuffled_packs, shuffled_requests), reference)
        # Sanity: every request's lines sum to its billed minutes.
        for r in requests:
            self.assertEqual(
                sum(line.minutes for line in lines_of(reference, r.id)),
                reference.request_billed[r.id],
            )

    def test_same_date_requests_ordered_by_id(self):
        services = Services(hourly_rate=60)
        packs = [Pack(1, 30, D(2025, 1, 1))]
        requests = [
            req(2, "billable", (20, D(2025, 2, 1), 30)),
            req(1, "billable", (10, D(2025, 2, 1), 30)),
        ]
        result = allocate(services, packs, requests)
        self.assertEqual(summary(result, 1), [("pack", 1, 30)])
        self.assertEqual(summary(result, 2), [("billable", None, 30)])


class TestEntryDistribution(unittest.TestCase):
    def test_last_entry_absorbs_rounding(self):
        services = Services(hourly_rate=60)
        # Entries given out of order: ordered by (date, id) -> 11 (Feb 1), 10 (Feb 2), 12 (Feb 2)
        request = req(
            1,
            "billable",
            (12, D(2025, 2, 2), 7),
            (10, D(2025, 2, 2), 10),
            (11, D(2025, 2, 1), 20),
        )
        result = allocate(services, [], [request])
        self.assertEqual(result.request_billed, {1: 45})  # raw 37
        per_entry = {}
        for line in result.lines:
            per_entry[line.entry_id] = per_entry.get(line.entry_id, 0) + line.minutes
        self.assertEqual(per_entry, {11: 20, 10: 10, 12: 15})
        self.assertEqual([line.entry_id for line in result.lines], [11, 10, 12])
        self.assertEqual(sum(per_entry.values()), 45)

    def test_chunks_walk_entries_fifo(self):
        services = Services(hourly_rate=60, config_allowance_minutes=30)
        packs = [Pack(1, 20, D(2025, 1, 1), D(2025, 6, 30)), Pack(2, 40, D(2025, 1, 1))]
        # raw 100 -> billed 105: chunks config 30, pack#1 20, pack#2 40, billable 15
        request = req(
            1,
            "config",
            (10, D(2025, 2, 1), 25),
            (11, D(2025, 2, 2), 35),
            (12, D(2025, 2, 3), 40),
        )
        result = allocate(services, packs, [request])
        self.assertEqual(
            [(line.entry_id, line.bucket, line.pack_id, line.minutes) for line in result.lines],
            [
                (10, "config", None, 25),
                (11, "config", None, 5),
                (11, "pack", 1, 20),
                (11, "pack", 2, 10),
                (12, "pack", 2, 30),
                (12, "billable", None, 15),
            ],
        )
        self.assertEqual([line.date for line in result.lines][-1], D(2025, 2, 3))
        self.assertEqual(result.lines[-1].amount, 15.0)
        self.assertTrue(all(line.minutes > 0 for line in result.lines))

    def test_lines_are_dated_by_the_request_billing_date(self):
        """Regression: lines kept their entry's date while the allowance period and the
        packs were chosen by the request's date, so a request across two months used one
        month's allowance and showed in the other's statement."""
        services = Services(config_allowance_minutes=60, config_allowance_period="month")
        january = req(1, "config", (10, D(2026, 1, 10), 60))
        across = req(2, "config", (20, D(2026, 1, 31), 60), (21, D(2026, 2, 1), 15))
        result = allocate(services, [], [january, across])
        by_month = {}
        for line in result.lines:
            if line.bucket == "config":
                key = (line.date.year, line.date.month)
                by_month[key] = by_month.get(key, 0) + line.minutes
        self.assertEqual(by_month, {(2026, 1): 60, (2026, 2): 60})
        self.assertEqual({line.date for line in result.lines if line.request_id == 2}, {D(2026, 2, 1)})

    def test_entries_split_per_line_amounts(self):
        services = Services(hourly_rate=100)
        request = req(1, "billable", (10, D(2025, 2, 1), 10), (11, D(2025, 2, 1), 10))
        result = allocate(services, [], [request])
        # billed 30: entry 10 -> 10 min (16.67), entry 11 -> 20 min (33.33), rounded per line
        self.assertEqual(
            [(line.entry_id, line.minutes, line.amount) for line in result.lines],
            [(10, 10, 16.67), (11, 20, 33.33)],
        )
        self.assertEqual(result.amount_total, 50.0)


class TestPackStatus(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.pack = Pack(1, 600, D(2025, 1, 1), D(2025, 6, 30))

    def test_active(self):
        self.assertEqual(pack_status(self.pack, 100, D(2025, 3, 1)), "active")
        # Still active on its expiry day.
        self.assertEqual(pack_status(self.pack, 100, D(2025, 6, 30)), "active")
        self.assertEqual(pack_status(Pack(2, 60, D(2020, 1, 1)), 0, D(2030, 1, 1)), "active")

    def test_depleted_wins_over_expired(self):
        self.assertEqual(pack_status(self.pack, 600, D(2025, 3, 1)), "depleted")
        self.assertEqual(pack_status(self.pack, 600, D(2025, 7, 1)), "depleted")

    def test_expired(self):
        self.assertEqual(pack_status(self.pack, 100, D(2025, 7, 1)), "expired")

    def test_expired_minutes(self):
        self.assertEqual(pack_expired_minutes(self.pack, 100, D(2025, 7, 1)), 500)
        self.assertEqual(pack_expired_minutes(self.pack, 100, D(2025, 6, 30)), 0)
        self.assertEqual(pack_expired_minutes(self.pack, 600, D(2025, 7, 1)), 0)
        self.assertEqual(pack_expired_minutes(Pack(2, 60, D(2020, 1, 1)), 0, D(2030, 1, 1)), 0)


class TestThresholds(unittest.TestCase):
    def test_none_reached(self):
        self.assertEqual(thresholds_crossed(79, 100, (0.8, 0.95)), [])

    def test_exact_boundary_reached(self):
        self.assertEqual(thresholds_crossed(80, 100, (0.8, 0.95)), [0.8])
        self.assertEqual(thresholds_crossed(29, 100, (0.29,)), [0.29])

    def test_all_reached_sorted(self):
        self.assertEqual(thresholds_crossed(100, 100, (0.95, 0.8)), [0.8, 0.95])
        self.assertEqual(thresholds_crossed(130, 100, [1.0, 0.5]), [0.5, 1.0])

    def test_zero_total(self):
        self.assertEqual(thresholds_crossed(10, 0, (0.8,)), [])


class TestForecastDepletion(unittest.TestCase):
    def test_rate_zero(self):
        self.assertIsNone(forecast_depletion(600, 0, D(2025, 3, 1)))

    def test_exact_days(self):
        # 300 min over 30 days = 10 min/day; 600 left -> 60 days.
        self.assertEqual(forecast_depletion(600, 300, D(2025, 3, 1)), D(2025, 4, 30))

    def test_partial_day_rounds_up(self):
        # 10 min/day; 605 left -> 60.5 -> 61 days.
        self.assertEqual(forecast_depletion(605, 300, D(2025, 3, 1)), D(2025, 5, 1))
        # 7 min over a 7-day window = 1 min/day; 1 left -> 1 day.
        self.assertEqual(forecast_depletion(1, 7, D(2025, 12, 31), window_days=7), D(2026, 1, 1))

    def test_already_depleted(self):
        self.assertEqual(forecast_depletion(0, 300, D(2025, 3, 1)), D(2025, 3, 1))
        self.assertEqual(forecast_depletion(-30, 0, D(2025, 3, 1)), D(2025, 3, 1))

    def test_invalid_window(self):
        with self.assertRaises(ValueError):
            forecast_depletion(100, 10, D(2025, 3, 1), window_days=0)


# ---------------------------------------------------------------------------
# Burn-down (billing.burndown): the model the chart draws
# ---------------------------------------------------------------------------

TODAY = D(2026, 11, 21)
FIRST_PURCHASE = D(2026, 11, 1)
THRESHOLDS = (0.8, 0.95)


def bpack(hours=10, purchase=FIRST_PURCHASE, expiry=None, expired_hours=0, active=True):
    return PackBalance(hours_to_minutes(hours), purchase, expiry, hours_to_minutes(expired_hours), active)


def busage(*rows):
    """``(date, hours)`` rows as ``(date, minutes)``."""
    return [(day, hours_to_minutes(hours)) for day, hours in rows]


# One agreement, today 2026-11-21, a single 10 h pack bought 2026-11-01: 4 h used
# (1.5 on 11-02, 2.5 on 11-20), 6 h left. Burn rate over 30 days: 4 h / 30 d, so
# the 6 h last ceil(6 * 30 / 4) = 45 days: 2027-01-05.
DEFAULT_USAGE = ((D(2026, 11, 2), 1.5), (D(2026, 11, 20), 2.5))


def bmodel(packs=None, usage=DEFAULT_USAGE, window_days=30, thresholds=THRESHOLDS, **kwargs):
    packs = [bpack()] if packs is None else packs
    return burndown(packs, busage(*usage), TODAY, window_days, thresholds, **kwargs)


def series_map(model):
    return {point["date"]: point["remaining"] for point in model["series"]}


# The payloads jest renders (test/burndown_fixtures.json), built by billing.burndown
# itself so the client's fixtures cannot drift from the server. Rewrite the file
# with AMC_WRITE_FIXTURES=1 npm run test:py.
FIXTURE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "burndown_fixtures.json")
AGREEMENT = {"id": 3, "name": "Prepaid Support Pack \u2013 Fjord Logistics"}


def fixture_payloads():
    return {
        "default": {"agreement": AGREEMENT, **bmodel()},
        "empty": {"agreement": AGREEMENT, **bmodel(packs=[], usage=())},
        "no_forecast": {"agreement": AGREEMENT, **bmodel(usage=((D(2026, 11, 2), 1),), window_days=7)},
        "tomorrow": {"agreement": AGREEMENT, **bmodel(usage=((D(2026, 11, 20), 9.9),))},
        "depleted": {
            "agreement": AGREEMENT,
            **bmodel(packs=[bpack(active=False)], usage=((D(2026, 11, 10), 10),)),
        },
    }


class TestBurndownSeries(unittest.TestCase):
    def test_no_packs_is_empty(self):
        model = bmodel(packs=[], usage=((D(2026, 11, 20), 2),))
        self.assertTrue(model["is_empty"])
        self.assertEqual(model["series"], [])
        self.assertEqual(model["remaining"], 0)
        self.assertIsNone(model["forecast"])
        self.assertEqual(model["thresholds"], [])

    def test_first_purchase_to_today_one_point_per_day(self):
        model = bmodel()
        self.assertFalse(model["is_empty"])
        self.assertEqual(model["today"], "2026-11-21")
        self.assertEqual(model["series"][0]["date"], "2026-11-01")
        self.assertEqual(model["series"][-1]["date"], "2026-11-21")
        self.assertEqual(len(model["series"]), 21)

    def test_purchase_steps_up_usage_subtracted_on_its_day(self):
        series = series_map(bmodel())
        self.assertEqual(series["2026-11-01"], 10)
        self.assertEqual(series["2026-11-02"], 8.5)
        self.assertEqual(series["2026-11-19"], 8.5)
        self.assertEqual(series["2026-11-20"], 6)
        self.assertEqual(series["2026-11-21"], 6)

    def test_several_purchases_stack_on_their_dates(self):
        model = bmodel(
            packs=[bpack(25, D(2026, 10, 1), active=False), bpack(50, D(2026, 11, 10))],
            usage=((D(2026, 10, 15), 25), (D(2026, 11, 12), 3.25)),
        )
        series = series_map(model)
        self.assertEqual(series["2026-10-01"], 25)
        self.assertEqual(series["2026-10-14"], 25)
        self.assertEqual(series["2026-10-15"], 0)
        self.assertEqual(series["2026-11-09"], 0)
        self.assertEqual(series["2026-11-10"], 50)
        self.assertEqual(series["2026-11-12"], 46.75)
        self.assertEqual(model["remaining"], 46.75)
        self.assertEqual(len(model["series"]), 52)

    def test_summed_in_minutes_no_float_noise(self):
        model = bmodel(usage=((D(2026, 11, 2), 0.1), (D(2026, 11, 3), 0.2)))
        self.assertEqual(series_map(model)["2026-11-03"], 9.7)
        self.assertEqual(model["remaining"], 9.7)

    def test_expired_pack_steps_down_the_day_after_expiry(self):
        model = bmodel(
            packs=[
                bpack(10, D(2026, 10, 1), D(2026, 10, 31), expired_hours=8, active=False),
                bpack(5, D(2026, 11, 5)),
            ],
            usage=((D(2026, 10, 10), 2),),
        )
        series = series_map(model)
        self.assertEqual(series["2026-10-10"], 8)
        self.assertEqual(series["2026-10-31"], 8)  # the expiry day is still usable
        self.assertEqual(series["2026-11-01"], 0)
        self.assertEqual(series["2026-11-05"], 5)
        self.assertEqual(model["remaining"], 5)

    def test_expiry_after_today_not_drawn(self):
        model = bmodel(packs=[bpack(10, D(2026, 11, 1), D(2026, 11, 21))], usage=())
        self.assertEqual(model["remaining"], 10)
        # inconsistent data (expired minutes while not past expiry) is not drawn either
        early = bmodel(packs=[bpack(10, D(2026, 11, 1), D(2026, 11, 21), expired_hours=10)], usage=())
        self.assertEqual(early["remaining"], 10)

    def test_usage_before_first_purchase_counts_on_first_day(self):
        model = bmodel(usage=((D(2026, 10, 20), 1), (D(2026, 11, 2), 1.5)))
        self.assertEqual(model["series"][0], {"date": "2026-11-01", "remaining": 9})
        self.assertEqual(series_map(model)["2026-11-02"], 7.5)
        self.assertEqual(model["remaining"], 7.5)

    def test_usage_and_purchases_after_today_ignored(self):
        model = bmodel(
            packs=[bpack(10, D(2026, 11, 1)), bpack(25, D(2026, 12, 1))],
            usage=((D(2026, 11, 2), 1), (D(2026, 11, 25), 3)),
        )
        self.assertEqual(model["series"][-1], {"date": "2026-11-21", "remaining": 9})
        self.assertEqual(model["remaining"], 9)

    def test_every_pack_after_today_single_point(self):
        model = bmodel(packs=[bpack(50, D(2026, 12, 1))], usage=())
        self.assertFalse(model["is_empty"])
        self.assertEqual(model["series"], [{"date": "2026-11-21", "remaining": 0}])
        self.assertIsNone(model["forecast"])

    def test_purchase_on_today_included(self):
        model = bmodel(packs=[bpack(25, TODAY)], usage=())
        self.assertEqual(model["series"], [{"date": "2026-11-21", "remaining": 25}])

    def test_balance_today_matches_pack_remaining(self):
        # the server's pack remaining: minutes - used - expired (billing rules)
        pack = Pack(1, 600, D(2026, 11, 1))
        used = hours_to_minutes(1.5) + hours_to_minutes(2.5)
        remaining = pack.minutes - used - pack_expired_minutes(pack, used, TODAY)
        self.assertEqual(bmodel()["remaining"], remaining / 60)


class TestBurndownForecast(unittest.TestCase):
    def test_rate_over_window_depletion_after_ceil_days(self):
        model = bmodel()
        # window (2026-10-22, 2026-11-21]: 1.5 + 2.5 = 4 h; 6 h / (4/30 h per day) = 45 days
        self.assertEqual(model["window_hours"], 4)
        self.assertEqual(model["window_days"], 30)
        forecast = model["forecast"]
        self.assertAlmostEqual(forecast["rate"], 4 / 30, places=10)
        self.assertEqual(forecast["days_left"], 45)
        self.assertEqual(forecast["depletion_date"], "2027-01-05")
        self.assertFalse(forecast["truncated"])
        self.assertEqual(forecast["points"][0], {"date": "2026-11-21", "remaining": 6})
        self.assertEqual(forecast["points"][-1], {"date": "2027-01-05", "remaining": 0})
        self.assertEqual(len(forecast["points"]), 46)
        self.assertAlmostEqual(forecast["points"][15]["remaining"], 4, places=4)  # linear

    def test_same_day_as_forecast_depletion(self):
        forecast = bmodel()["forecast"]
        self.assertEqual(forecast["depletion_date"], forecast_depletion(360, 240, TODAY).isoformat())

    def test_fractional_days_round_up(self):
        # 10 h left, 3 h used in 30 days: 100 days exactly; 7 h used: 42.86 -> 43
        def days(remaining_h, used_h):
            return bmodel(packs=[bpack(remaining_h + used_h)], usage=((D(2026, 11, 20), used_h),))["forecast"][
                "days_left"
            ]

        self.assertEqual(days(10, 3), 100)
        self.assertEqual(days(10, 7), 43)
        one = burndown([PackBalance(6001, D(2026, 11, 1))], [(D(2026, 11, 20), 6000)], TODAY, 30)
        self.assertEqual(one["forecast"]["days_left"], 1)

    def test_window_is_open_start_closed_end(self):
        usage = (
            (D(2026, 10, 22), 5),  # today - 30: outside
            (D(2026, 10, 23), 1),  # inside
            (D(2026, 11, 21), 2),  # today: inside
            (D(2026, 11, 22), 7),  # future: outside
        )
        model = bmodel(packs=[bpack(50, D(2026, 10, 1))], usage=usage)
        self.assertEqual(model["window_hours"], 3)

    def test_no_usage_in_window_no_forecast(self):
        model = bmodel(usage=((D(2026, 9, 1), 1),))
        self.assertEqual(model["remaining"], 9)
        self.assertEqual(model["window_hours"], 0)
        self.assertIsNone(model["forecast"])

    def test_nothing_left_no_forecast(self):
        model = bmodel(packs=[bpack(active=False)], usage=((D(2026, 11, 10), 10),))
        self.assertEqual(model["remaining"], 0)
        self.assertIsNone(model["forecast"])

    def test_empty_window_no_forecast(self):
        self.assertIsNone(bmodel(window_days=0)["forecast"])
        self.assertIsNone(bmodel(window_days=-3)["forecast"])

    def test_far_depletion_reported_line_capped(self):
        # 100 h left, 1 minute in 30 days: 180000 days
        model = burndown([PackBalance(6001, D(2026, 11, 1))], [(D(2026, 11, 20), 1)], TODAY, 30)
        forecast = model["forecast"]
        self.assertEqual(forecast["days_left"], 180000)
        self.assertEqual(forecast["depletion_date"], (TODAY + timedelta(days=180000)).isoformat())
        self.assertTrue(forecast["truncated"])
        self.assertEqual(len(forecast["points"]), billing.MAX_FORECAST_DAYS + 1)
        cap = TODAY + timedelta(days=billing.MAX_FORECAST_DAYS)
        self.assertEqual(forecast["points"][-1]["date"], cap.isoformat())
        self.assertGreater(forecast["points"][-1]["remaining"], 99)
        capped = bmodel(max_forecast_days=10)["forecast"]
        self.assertEqual(len(capped["points"]), 11)
        self.assertEqual(capped["days_left"], 45)


class TestBurndownThresholds(unittest.TestCase):
    def test_level_is_active_hours_times_one_minus_t_ascending(self):
        model = bmodel(packs=[bpack(50)], usage=(), thresholds=(0.95, 0.8))
        self.assertEqual(
            model["thresholds"],
            [{"fraction": 0.8, "percent": 80, "level": 10}, {"fraction": 0.95, "percent": 95, "level": 2.5}],
        )

    def test_invalid_and_duplicate_fractions_dropped_no_active_no_lines(self):
        model = bmodel(packs=[bpack(10)], usage=(), thresholds=(0, -0.2, 1.5, float("nan"), 0.8, 0.8, 1))
        self.assertEqual([t["fraction"] for t in model["thresholds"]], [0.8, 1])
        self.assertEqual(bmodel(packs=[bpack(10, active=False)], usage=())["thresholds"], [])

    def test_only_active_packs_count(self):
        model = bmodel(
            packs=[
                bpack(25, D(2026, 9, 1), active=False),
                bpack(10, D(2026, 9, 1), D(2026, 10, 1), expired_hours=10, active=False),
                bpack(50, D(2026, 11, 1)),
            ],
            usage=((D(2026, 9, 15), 25),),
        )
        self.assertEqual(model["active_hours"], 50)
        self.assertEqual([(t["percent"], t["level"]) for t in model["thresholds"]], [(80, 10), (95, 2.5)])

    def test_percent_rounds_half_up(self):
        model = bmodel(packs=[bpack(10)], usage=(), thresholds=(0.825,))
        self.assertEqual(model["thresholds"][0]["percent"], 83)


class TestBurndownFixtures(unittest.TestCase):
    """The jest fixtures are this function's output, not a hand-written copy."""

    def test_fixture_file_is_current(self):
        payloads = json.loads(json.dumps(fixture_payloads()))
        if os.environ.get("AMC_WRITE_FIXTURES"):
            with open(FIXTURE_PATH, "w", encoding="utf-8") as handle:
                json.dump(payloads, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
        with open(FIXTURE_PATH, encoding="utf-8") as handle:
            stored = json.load(handle)
        self.assertEqual(stored, payloads, "test/burndown_fixtures.json is stale: AMC_WRITE_FIXTURES=1 npm run test:py")


if __name__ == "__main__":
    unittest.main()


class TestProration(unittest.TestCase):
    def test_full_month(self):
        self.assertEqual(billing.period_days(date(2026, 3, 1), date(2026, 1, 1), None), (31, 31))
        self.assertEqual(billing.period_days(date(2026, 2, 1), date(2026, 1, 1), date(2026, 12, 31)), (28, 28))

    def test_partial_first_and_last_month(self):
        self.assertEqual(billing.period_days(date(2026, 3, 1), date(2026, 3, 15), None), (17, 31))
        self.assertEqual(billing.period_days(date(2026, 4, 1), date(2026, 1, 1), date(2026, 4, 10)), (10, 30))
        self.assertEqual(billing.period_days(date(2026, 4, 1), date(2026, 4, 5), date(2026, 4, 5)), (1, 30))

    def test_month_outside_the_agreement(self):
        self.assertEqual(billing.period_days(date(2026, 5, 1), date(2026, 1, 1), date(2026, 4, 30)), (0, 31))

    def test_prorate_rounds_half_up(self):
        self.assertEqual(billing.prorate(5000.0, 17, 31), 2741.94)
        self.assertEqual(billing.prorate(100.0, 1, 8), 12.5)
        self.assertEqual(billing.prorate(0.05, 1, 2), 0.03)
        self.assertEqual(billing.prorate(300.0, 30, 30), 300.0)
        with self.assertRaises(ValueError):
            billing.prorate(10.0, 31, 30)
