# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
import os
import random
from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import tagged

from ..addon_amc.lib import billing
from .test_amc_billing import AmcBillingCommon

SCOPES = ["included", "first_line", "config", "billable", "needs_review"]


def random_day(rng, first=date(2026, 1, 1), days=300):
    return first + timedelta(days=rng.randint(0, days))


@tagged("post_install", "-at_install")
class TestAmcIncrementalAllocation(AmcBillingCommon):
    """Every change re-allocates from its position onward: the result must be the full re-allocation's."""

    def _rows(self, agreements):
        self.env.flush_all()
        rows = self.env["amc.time.allocation"].search([("agreement_id", "in", agreements.ids)])
        return sorted(
            (
                row.agreement_id.id,
                row.request_id.id,
                row.entry_id.id,
                row.date,
                row.bucket,
                row.pack_id.id,
                row.minutes,
                row.amount,
            )
            for row in rows
        )

    def _assert_equals_full(self, agreements, label):
        """A full re-allocation changes nothing, and the statements equal a computation from scratch."""
        stored = self._rows(agreements)
        self.assertEqual(agreements._recompute_allocations(), 0, f"{label}: the full re-allocation changed rows")
        self.assertEqual(self._rows(agreements), stored, label)
        self.assertEqual(self.env["amc.statement"]._check_statements(agreements), [], label)

    def _random_agreement(self, rng, index):
        agreement = self.env["amc.agreement"].create(
            self._agreement_vals(
                name=f"Random agreement {index}",
                state="active",
                hourly_rate=rng.choice([0.0, 850.0, 1000.0]),
                min_billable_minutes=rng.choice([0, 15, 30]),
                billing_increment_minutes=rng.choice([0, 6, 15]),
                has_maintenance=rng.random() < 0.5,
                has_first_line=rng.random() < 0.5,
                config_allowance_hours=rng.choice([0.0, 0.5, 1.0, 2.0]),
                config_allowance_period=rng.choice(["month", "quarter"]),
            )
        )
        for _index in range(rng.randint(0, 3)):
            self._random_pack(rng, agreement)
        return agreement

    def _random_pack(self, rng, agreement):
        purchase = random_day(rng, days=240)
        expiry = rng.choice([False, fields.Date.to_string(purchase + timedelta(days=rng.randint(0, 120)))])
        return self._pack(rng.choice([0.5, 1.0, 2.0, 5.0]), purchased=purchase, expiry=expiry, agreement=agreement)

    def test_incremental_equals_full_on_random_histories(self):
        """32 seeded random agreements, 10 random changes each: entries, edits of duration, date
        and request, deletes, backdated work, packs bought, expiring and removed, scope
        reclassification and requests moved between agreements; after every change the rows
        and statements equal a full re-allocation."""
        for seed in range(32):
            rng = random.Random(seed)
            agreements = self._random_agreement(rng, seed) | self._random_agreement(rng, seed + 100)
            requests = self.env["amc.request"]
            for _index in range(5):
                requests |= self._request(rng.choice(SCOPES), agreement=rng.choice(agreements))
            entries = self.env["amc.time.entry"]
            for _index in range(6):
                entries |= self._log(rng.choice(requests), rng.choice([0.1, 0.25, 0.5, 1.0]), day=random_day(rng))
            self._assert_equals_full(agreements, f"seed {seed}: setup")
            for step in range(10):
                action = rng.choice(
                    [
                        "log",
                        "log",
                        "latest",
                        "duration",
                        "date",
                        "move",
                        "delete",
                        "scope",
                        "pack",
                        "expiry",
                        "agreement",
                    ]
                )
                entry = rng.choice(entries) if entries else None
                if action == "log" or not entry:
                    entries |= self._log(rng.choice(requests), rng.choice([0.1, 0.5, 1.0, 2.5]), day=random_day(rng))
                elif action == "latest":
                    latest = max(entries, key=lambda e: (e.date, e.request_id.id)).request_id
                    entries |= self._log(latest, rng.choice([0.1, 0.5]), day=max(latest.time_entry_ids.mapped("date")))
                elif action == "duration":
                    entry.duration = rng.choice([0.05, 0.3, 1.0, 3.0])
                elif action == "date":
                    entry.date = random_day(rng)
                elif action == "move":
                    entry.request_id = rng.choice(requests)
                elif action == "delete":
                    entries -= entry
                    entry.unlink()
                elif action == "scope":
                    request = rng.choice(requests)
                    request.action_override_scope(rng.choice([s for s in SCOPES if s != request.scope]), "Random")
                elif action == "pack":
                    self._random_pack(rng, rng.choice(agreements))
                elif action == "expiry" and agreements.pack_ids:
                    pack = rng.choice(agreements.pack_ids)
                    if rng.random() < 0.3:
                        pack.unlink()
                    else:
                        pack.date_expiry = rng.choice([False, pack.date_purchase + timedelta(days=rng.randint(0, 90))])
                else:
                    request = rng.choice(requests)
                    request.agreement_id = (agreements - request.agreement_id)[:1] or request.agreement_id
                self._assert_equals_full(agreements, f"seed {seed}, step {step}: {action}")

    def _history(self, count, pack_hours=1000.0):
        """An agreement with ``count`` requests, one a day, then today's request."""
        today = self.env.company._amc_today()
        start = min(date(2026, 1, 1), today - timedelta(days=400))
        agreement = self.env["amc.agreement"].create(
            self._agreement_vals(
                name=f"History of {count}",
                state="active",
                hourly_rate=1000.0,
                config_allowance_hours=1.0,
                date_start=start,
                date_end=False,
            )
        )
        self._pack(pack_hours, purchased=start, agreement=agreement)
        first = today - timedelta(days=count)
        for index in range(count):
            request = self._request(["billable", "config", "included"][index % 3], agreement=agreement)
            self._log(request, 0.5, day=first + timedelta(days=index))
        latest = self._request("billable", agreement=agreement)
        self._log(latest, 0.25, day=today)
        return agreement, latest

    def test_logging_on_the_latest_request_costs_the_same_on_a_busy_agreement(self):
        small, small_latest = self._history(5)
        busy, busy_latest = self._history(60)
        allocate = billing.Allocator.allocate_request
        today = small.company_id._amc_today()

        def log(request, day=today):
            allocated = []

            def spy(allocator, billing_request):
                allocated.append(billing_request.id)
                return allocate(allocator, billing_request)

            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with patch.object(billing.Allocator, "allocate_request", spy):
                self._log(request, 0.5, day=day)
                self.env.flush_all()
            return self.env.cr.sql_log_count - before, allocated

        queries, allocated = log(small_latest)
        self.assertEqual(allocated, [small_latest.id], "only the latest request is allocated again")
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            busy_queries, busy_allocated = log(busy_latest)
        self.assertEqual(busy_queries, queries)
        self.assertEqual(busy_allocated, [busy_latest.id])
        self._assert_equals_full(small | busy, "today's request")

        # backdated time on the busy agreement's first request still gives the full result
        first_request = busy.request_ids.sorted(lambda r: (min(r.time_entry_ids.mapped("date")), r.id))[0]
        _queries, allocated = log(first_request, min(first_request.time_entry_ids.mapped("date")))
        self.assertEqual(allocated[0], first_request.id)
        self._assert_equals_full(small | busy, "a backdated entry")

    def test_backdated_time_walks_forward_until_nothing_more_changes(self):
        """An hour logged in January takes pack time from the later requests until the pack has
        run out on both sides; the requests after that are not allocated again."""
        agreement, _latest = self._history(0, pack_hours=3.0)
        requests = self.env["amc.request"]
        for index in range(12):
            requests |= self._request("billable", agreement=agreement)
            self._log(requests[-1], 0.5, day=date(2026, 2, 1) + timedelta(days=index))
        allocated = []
        allocate = billing.Allocator.allocate_request

        def spy(allocator, billing_request):
            allocated.append(billing_request.id)
            return allocate(allocator, billing_request)

        with patch.object(billing.Allocator, "allocate_request", spy):
            self._log(self._request("billable", agreement=agreement), 1.0, day="2026-01-15")
        # the new request, the six that used the pack (two fall out of it), one more whose
        # result and balances equal what is stored; not the six after it (today's request included)
        self.assertEqual(len(allocated), 8, allocated)
        self.assertEqual([line.bucket for line in requests[4].allocation_ids], ["billable"])
        self.assertEqual([line.bucket for line in requests[3].allocation_ids], ["pack"])
        self._assert_equals_full(agreement, "backdated")

    def test_a_stored_statement_moves_by_what_the_allocation_changed(self):
        """Time logged in a month that has its statement: the statement takes what the changed
        rows added or took, without computing the month from its allocation rows again (the
        busiest agreement's month holds thousands), and still equals a computation from scratch."""
        agreement, latest = self._history(40)
        Statement = type(self.env["amc.statement"])
        live_values = Statement._live_values
        months_read = []

        def spy(statement, agreements, months=None):
            months_read.append(months)
            return live_values(statement, agreements, months)

        today = agreement.company_id._amc_today()
        with patch.object(Statement, "_live_values", spy):
            self._log(latest, 0.75, day=today)
            entry = self._log(latest, 2.0, day=today)
            entry.duration = 0.1
            entry.unlink()
            self.env.flush_all()
        self.assertEqual(months_read, [], "a month with a statement was computed from its allocation rows")
        self._assert_equals_full(agreement, "the statement moved by deltas")

    def test_a_deferred_allocation_runs_later_with_the_full_result(self):
        """A save that cannot take the agreement's allocation lock (a concurrent allocation
        committed after it began) keeps its time and leaves the allocation pending, from the
        first day it touched; the catch-up (after the commit, or the cron) gives the result of
        a full re-allocation. The real race is in test_amc_concurrency."""
        agreement, latest = self._history(12, pack_hours=4.0)
        Lock = type(self.env["amc.allocation.lock"])
        first = agreement.request_ids.sorted(lambda r: (min(r.time_entry_ids.mapped("date") or [date.max]), r.id))[0]
        first_day = min(first.time_entry_ids.mapped("date"))
        self.env.flush_all()
        spent = latest.hours_spent
        with patch.object(Lock, "_acquire", lambda lock, agreement_ids, wait=True: wait):
            entry = self._log(latest, 1.5, day=agreement.company_id._amc_today())
            first.time_entry_ids[:1].unlink()
            self.env.flush_all()
        self.assertFalse(entry.allocation_ids, "allocated without the lock")
        # the request's row is not written either (a concurrent save on it would conflict)
        self.env.invalidate_all()
        self.assertEqual(latest.hours_spent, spent, "the deferred save wrote its request's hours")
        pending = self.env["amc.allocation.pending"].search([("agreement_id", "=", agreement.id)])
        self.assertEqual(len(pending), 2)
        self.assertEqual(min(pending.mapped("date_from")), first_day, "the deleted entry's day is where it starts")
        self.assertIn(first.id, pending[1].request_ids)
        self.env["amc.allocation.pending"]._cron_allocate()
        self.assertFalse(pending.exists(), "the pending allocations were not consumed")
        self.assertTrue(entry.allocation_ids)
        self.env.invalidate_all()
        self.assertEqual(latest.hours_spent, spent + 1.5, "the catch-up did not compute the hours")
        self.assertEqual(first.hours_spent, 0.0)
        self.assertEqual(latest.hours_billed, sum(latest.allocation_ids.mapped("minutes")) / 60.0)
        self._assert_equals_full(agreement, "a deferred allocation")

    def test_migration_drops_the_agreement_version_and_the_bucket_index(self):
        """19.0.1.7.0: allocations no longer serialize on the agreement row, and the bucket has no
        index of its own; an upgraded database loses both (Odoo itself keeps them)."""
        cr = self.env.cr
        cr.execute("ALTER TABLE amc_agreement ADD COLUMN allocation_version integer DEFAULT 0")
        cr.execute("CREATE INDEX amc_time_allocation__bucket_index ON amc_time_allocation (bucket)")
        path = os.path.join(get_module_path("addon_amc"), "migrations", "19.0.1.7.0", "post-migrate.py")
        spec = importlib.util.spec_from_file_location("addon_amc_migration_1_7_0_post", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(cr, "19.0.1.6.0")
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'amc_agreement'"
            " AND column_name = 'allocation_version'"
        )
        self.assertFalse(cr.fetchall(), "the agreement's allocation_version column is still there")
        cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'amc_time_allocation__bucket_index'")
        self.assertFalse(cr.fetchall(), "the bucket index is still there")
        cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'amc_time_allocation_agreement_bucket_date_idx'")
        self.assertTrue(cr.fetchall(), "the (agreement, bucket, date) index is missing")

    def test_recompute_allocations_action_is_for_managers(self):
        request = self._request()
        self._log(request, 1.0)
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.agent).action_recompute_allocations()
        # a row forged behind the allocation's back: the managers' action puts it right
        self.env.flush_all()
        self.env.cr.execute("UPDATE amc_time_allocation SET minutes = 5 WHERE request_id = %s", [request.id])
        self.env.invalidate_all()
        result = self.agreement.with_user(self.manager).action_recompute_allocations()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(request.allocation_ids.mapped("minutes"), [60])
        result = self.agreement.with_user(self.manager).action_recompute_allocations()
        self.assertEqual(result["params"]["type"], "success")
