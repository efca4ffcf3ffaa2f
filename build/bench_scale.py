# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Python half of ``npm run bench:scale`` and ``npm run bench:load`` (run by build/bench_*.mjs).

Runs inside Odoo, with Odoo as a library, on a database where addon_amc is installed:

    python3 build/bench_scale.py build   --db DB --scale S|M|L [odoo options]
    python3 build/bench_scale.py measure --db DB --scale S|M|L [odoo options]
    python3 build/bench_scale.py check   --db DB [odoo options]
    python3 build/bench_scale.py sample  --db DB [odoo options]

``build`` makes the data by bulk SQL (copies of rows the ORM created, so every column is
right), then runs the module's own ``_recompute_allocations``, statement sync and SLA planning
over it, and checks a sample against the ORM path. ``measure`` times each action of issue 11
and prints one JSON line (``BENCH {...}``). ``check`` (after the load run) compares every pack
and statement with a full recomputation; ``sample`` runs the build's sample check again on a
kept database. Times live here only, never in the tests.
"""

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta

SCALES = {
    # agreements, requests, time entries
    "S": (20, 2_000, 20_000),
    "M": (200, 20_000, 200_000),
    "L": (1_000, 100_000, 1_000_000),
}
#: the busiest agreement's share of the requests (the issue's L: 65k of 1M entries)
BUSIEST_SHARE = 0.065
OPEN_SHARE = 0.15
AGENTS = 20
PASSWORD = "bench-agent"
HISTORY_DAYS = 730
SEED = 0.42
#: set again after the insert (the SLA clocks themselves, amc.request.sla, are created by the
#: module's own ``_sla_compute_deadlines`` over the data: the copies start without any)
SLA_COLUMNS = (
    "resolved_date",
    "first_response_date",
    "last_update_date",
    "sla_replan_pending",
    "sla_replan_reset",
)


def log(message):
    sys.stderr.write(f"bench: {message}\n")
    sys.stderr.flush()


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["build", "measure", "check", "sample"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", default="S")
    args, odoo_args = parser.parse_known_args()
    return args, odoo_args


# ---------------------------------------------------------------------------------------
# helpers


@contextmanager
def measured(env, result):
    """Time and count the queries of the block; the figures go into ``result``."""
    env.flush_all()
    env.cr.flush()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    yield
    env.flush_all()
    env.cr.flush()
    result["ms"] = (time.perf_counter() - start) * 1000
    result["queries"] = env.cr.sql_log_count - before


@contextmanager
def rolled_back(env):
    """Run the block in a savepoint and undo it (the data stays as built)."""
    env.flush_all()
    env.cr.execute("SAVEPOINT bench")
    try:
        yield
    finally:
        env.cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()
        env.transaction.clear()


def median_of(runs):
    return {"ms": statistics.median(r["ms"] for r in runs), "queries": statistics.median(r["queries"] for r in runs)}


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id' "
        "ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def copy_rows(cr, table, template_id, count, overrides, params=None):
    """``count`` copies of row ``template_id`` of ``table`` by one INSERT … SELECT; ``overrides``
    maps columns to SQL expressions over ``g`` (0 … count-1) and ``t`` (the template row), with
    named parameters (``%(name)s``) from ``params``."""
    cols = columns(cr, table)
    select = [overrides.get(col, f't."{col}"') for col in cols]
    cr.execute(
        f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)}) '
        f'SELECT {", ".join(select)} FROM "{table}" t, generate_series(0, %(copy_last)s) AS g '
        f"WHERE t.id = %(copy_template)s ORDER BY g RETURNING id",
        {**(params or {}), "copy_last": count - 1, "copy_template": template_id},
    )
    return [row[0] for row in cr.fetchall()]


def bench_agreements(env):
    return env["amc.agreement"].search([("name", "=like", "Bench %")], order="id")


# ---------------------------------------------------------------------------------------
# build


def build(env, scale):
    from odoo import Command

    n_agreements, n_requests, n_entries = SCALES[scale]
    cr = env.cr
    cr.execute("SELECT setseed(%s)", (SEED,))
    company = env.company
    today = date.today()
    t0 = time.perf_counter()

    calendar = env["resource.calendar"].create(
        {
            "name": "Bench office hours (Stockholm)",
            "tz": "Europe/Stockholm",
            "company_id": company.id,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for hour_from, hour_to, period in ((8, 12, "morning"), (13, 17, "afternoon"))
            ],
        }
    )
    # a public holiday every ~2 months over the history and the next months
    env["resource.calendar.leaves"].create(
        [
            {
                "name": f"Bench holiday {index}",
                "date_from": datetime.combine(today - timedelta(days=HISTORY_DAYS - 61 * index), datetime.min.time()),
                "date_to": datetime.combine(
                    today - timedelta(days=HISTORY_DAYS - 61 * index), datetime.max.time()
                ).replace(microsecond=0),
                "calendar_id": False,
                "company_id": company.id,
            }
            for index in range(HISTORY_DAYS // 61 + 3)
        ]
    )
    policy = env.ref("addon_amc.amc_sla_policy_default")
    company.amc_sla_policy_id = policy
    users = env["res.users"].with_context(no_reset_password=True)
    agents = users.create(
        [
            {
                "name": f"Bench Agent {index}",
                "login": f"bench_agent_{index}",
                "password": PASSWORD,
                "group_ids": [Command.set([env.ref("addon_amc.group_amc_user").id])],
            }
            for index in range(AGENTS)
        ]
    )
    manager = users.create(
        {
            "name": "Bench Manager",
            "login": "bench_manager",
            "password": PASSWORD,
            "group_ids": [Command.set([env.ref("addon_amc.group_amc_manager").id])],
        }
    )
    partner = env["res.partner"].create({"name": "Bench Customer 0", "is_company": True})
    agreement = env["amc.agreement"].create(
        {
            "name": "Bench 0000",
            "partner_id": partner.id,
            "date_start": today - timedelta(days=HISTORY_DAYS),
            "date_end": today + timedelta(days=365),
            "hourly_rate": 1200,
            "has_maintenance": True,
            "maintenance_fee": 5000,
            "config_allowance_hours": 2,
            "calendar_id": calendar.id,
            "user_id": manager.id,
        }
    )
    agreement.action_activate()
    pack_old = env["amc.hour.pack"].create(
        {
            "agreement_id": agreement.id,
            "size": "25",
            "hours": 25,
            "date_purchase": today - timedelta(days=HISTORY_DAYS),
            "date_expiry": today - timedelta(days=HISTORY_DAYS - 365),
        }
    )
    pack_new = env["amc.hour.pack"].create(
        {
            "agreement_id": agreement.id,
            "size": "100",
            "hours": 100,
            "date_purchase": today - timedelta(days=HISTORY_DAYS // 2),
            "date_expiry": today + timedelta(days=365),
        }
    )
    request = env["amc.request"].create(
        {"name": "Bench template", "agreement_id": agreement.id, "priority": "standard", "user_id": agents[0].id}
    )
    entry = env["amc.time.entry"].create({"request_id": request.id, "duration": 1.0, "user_id": agents[0].id})
    env.flush_all()
    # the template's own rows are replaced by the generated ones
    cr.execute("DELETE FROM amc_time_allocation WHERE agreement_id = %s", (agreement.id,))
    cr.execute("DELETE FROM amc_statement WHERE agreement_id = %s", (agreement.id,))

    log(f"{scale}: copying {n_agreements} agreements, {n_requests} requests, {n_entries} time entries")
    partner_ids = [partner.id] + copy_rows(
        cr,
        "res_partner",
        partner.id,
        n_agreements - 1,
        {
            "name": "'Bench Customer ' || (g + 1)",
            "complete_name": "'Bench Customer ' || (g + 1)",
            "commercial_partner_id": "NULL",
        },
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (partner_ids,))
    agreement_ids = [agreement.id] + copy_rows(
        cr,
        "amc_agreement",
        agreement.id,
        n_agreements - 1,
        {"name": "'Bench ' || lpad((g + 1)::text, 4, '0')", "partner_id": "(%(partners)s::int[])[g + 1]"},
        {"partners": partner_ids[1:]},
    )
    for pack in (pack_old, pack_new):
        copy_rows(
            cr,
            "amc_hour_pack",
            pack.id,
            n_agreements - 1,
            {"agreement_id": "(%(agreements)s::int[])[g + 1]", "partner_id": "(%(partners)s::int[])[g + 1]"},
            {"agreements": agreement_ids[1:], "partners": partner_ids[1:]},
        )
    # requests: the busiest agreement takes BUSIEST_SHARE, the others share the rest at random
    busiest = int(n_requests * BUSIEST_SHARE)
    cr.execute(
        "SELECT CASE WHEN g < %s THEN %s ELSE (%s::int[])[1 + floor(random() * %s)::int] END "
        "FROM generate_series(0, %s) g",
        (busiest, agreement_ids[0], agreement_ids[1:], n_agreements - 1, n_requests - 1),
    )
    request_agreements = [row[0] for row in cr.fetchall()]
    partner_of = dict(zip(agreement_ids, partner_ids, strict=True))
    now_sql = "(now() at time zone 'UTC')"
    request_ids = copy_rows(
        cr,
        "amc_request",
        request.id,
        n_requests,
        {
            "name": "'Bench request ' || g",
            "reference": "'BENCH-' || lpad(g::text, 7, '0')",
            "agreement_id": "(%(agreements)s::int[])[g + 1]",
            "customer_id": "(%(customers)s::int[])[g + 1]",
            "state": "CASE WHEN random() < %(open)s THEN (ARRAY['new','in_progress','in_progress','waiting'])"
            "[1 + floor(random() * 4)::int] ELSE (ARRAY['resolved','closed'])[1 + floor(random() * 2)::int] END",
            "priority": "(ARRAY['standard','standard','standard','high','high','critical'])"
            "[1 + floor(random() * 6)::int]",
            "scope": "(ARRAY['included','first_line','config','billable','billable'])[1 + floor(random() * 5)::int]",
            "user_id": "(%(agents)s::int[])[1 + floor(random() * %(agent_count)s)::int]",
            # spread over the history, oldest first (ids follow time, as in real life)
            # whole seconds, as the ORM stores datetimes
            "sla_start_date": f"date_trunc('second', {now_sql} - make_interval(days => %(days)s) + make_interval("
            "secs => (g::float / %(count)s) * %(span)s * 86400 + random() * 3600 * 8))",
            "create_date": f"date_trunc('second', {now_sql} - make_interval(days => %(days)s) "
            "+ make_interval(secs => (g::float / %(count)s) * %(span)s * 86400))",
            **dict.fromkeys(SLA_COLUMNS, "NULL"),
        },
        {
            "agreements": request_agreements,
            "customers": [partner_of[a] for a in request_agreements],
            "open": OPEN_SHARE,
            "agents": agents.ids,
            "agent_count": AGENTS,
            "days": HISTORY_DAYS,
            "count": n_requests,
            "span": HISTORY_DAYS - 2,
        },
    )
    # open requests are the recent ones: the older open ones are closed (like a real queue)
    cr.execute(
        f"UPDATE amc_request SET state = 'closed' WHERE id = ANY(%s) AND state NOT IN ('resolved','closed') "
        f"AND sla_start_date < {now_sql} - interval '45 days' AND random() < 0.97",
        (request_ids,),
    )
    # every agreement keeps its two latest requests open (agents log time on them)
    cr.execute(
        "UPDATE amc_request SET state = 'in_progress' WHERE id IN (SELECT id FROM (SELECT id, row_number() "
        "OVER (PARTITION BY agreement_id ORDER BY id DESC) AS rank FROM amc_request WHERE id = ANY(%s)) r "
        "WHERE rank <= 2)",
        (request_ids,),
    )
    cr.execute(
        "UPDATE amc_request SET resolved_date = date_trunc('second', sla_start_date + make_interval(secs => "
        "random() * 5 * 86400)), first_response_date = date_trunc('second', sla_start_date + make_interval(secs => "
        "random() * 86400)) "
        "WHERE id = ANY(%s) AND state IN ('resolved','closed')",
        (request_ids,),
    )
    per_request = n_entries // n_requests
    cr.execute(
        f"""
        INSERT INTO amc_time_entry ({", ".join(f'"{c}"' for c in columns(cr, "amc_time_entry"))})
        SELECT {
            ", ".join(
                {
                    "request_id": "r.id",
                    "agreement_id": "r.agreement_id",
                    "company_id": "r.company_id",
                    "user_id": "(%s::int[])[1 + floor(random() * %s)::int]",
                    "date": "(r.sla_start_date + make_interval(days => mod(k, 3)))::date",
                    "duration": "(1 + floor(random() * 12)) * 0.25",
                    "description": "'Bench work ' || k",
                    "bucket": "NULL",
                    "pack_id": "NULL",
                    "billed_hours": "0",
                    "billable_hours": "0",
                    "amount": "0",
                }.get(col, f't."{col}"')
                for col in columns(cr, "amc_time_entry")
            )
        }
        FROM amc_request r CROSS JOIN generate_series(0, %s) k, amc_time_entry t
        WHERE r.id = ANY(%s) AND t.id = %s
        ORDER BY r.id, k
        """,
        (agents.ids, AGENTS, per_request - 1, request_ids, entry.id),
    )
    cr.execute("DELETE FROM amc_time_entry WHERE id = %s", (entry.id,))
    cr.execute("DELETE FROM amc_request WHERE id = %s", (request.id,))
    cr.execute("ANALYZE")
    env.invalidate_all()
    env.registry.clear_cache()
    log(f"{scale}: bulk insert done in {time.perf_counter() - t0:.1f} s")
    cr.commit()

    # the module's own work over the data
    agreements = env["amc.agreement"].browse(agreement_ids)
    t1 = time.perf_counter()
    chunk = 10
    for index in range(0, len(agreements), chunk):
        part = agreements[index : index + chunk]
        part._recompute_allocations()
        env["amc.statement"]._sync_agreements(part)
        # request hours follow their entries (the insert bypassed the ORM)
        requests = env["amc.request"].search([("agreement_id", "in", part.ids)])
        env.add_to_compute(env["amc.request"]._fields["hours_spent"], requests)
        env.flush_all()
        cr.commit()
        env.invalidate_all()
        if (index // chunk) % 10 == 0:
            log(f"{scale}: allocated {index + len(part)}/{len(agreements)} agreements")
    allocation_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    requests = env["amc.request"].browse(request_ids)
    for index in range(0, len(requests), 1000):
        requests[index : index + 1000]._sla_compute_deadlines()
        env.flush_all()
        cr.commit()
        env.invalidate_all()
    # what already happened was notified: the idle tick starts idle
    due = env["amc.request.sla"].search([("next_check", "<=", datetime.utcnow())])
    due.write({"warned": True, "breach_notified": True})
    env.flush_all()
    cr.commit()
    sla_s = time.perf_counter() - t2
    cr.execute("ANALYZE")
    cr.commit()
    log(f"{scale}: allocation {allocation_s:.1f} s, SLA planning {sla_s:.1f} s")
    check_sample(env, agreements)
    return {"allocation_s": allocation_s, "sla_s": sla_s}


def check_sample(env, agreements):
    """The generated data equals what the ORM path gives, on a sample: allocating again changes
    nothing, the statements equal a computation from scratch, deadlines equal plan_hours."""
    sample = agreements[:1] | agreements[len(agreements) // 2 : len(agreements) // 2 + 2]
    Allocation = env["amc.time.allocation"]
    before = sorted(Allocation.search([("agreement_id", "in", sample.ids)]).ids)
    sample._recompute_allocations()
    env.flush_all()
    after = sorted(Allocation.search([("agreement_id", "in", sample.ids)]).ids)
    problems = []
    if before != after:
        problems.append("allocating the sample again changed its allocation")
    problems += env["amc.statement"]._check_statements(sample)
    requests = env["amc.request"].search([("agreement_id", "in", sample.ids)], limit=200, order="id desc")
    mismatches = sla_mismatches(env, requests)
    if mismatches:
        problems.append(f"{mismatches} SLA deadlines differ from plan_hours")
    stored = stored_mismatches(requests)
    if stored:
        problems.append(f"{stored} stored SLA clocks (amc.request.sla) differ from plan_hours")
    env.cr.rollback()
    if problems:
        raise SystemExit("bench: the generated data differs from the ORM path: " + "; ".join(problems[:5]))
    log(f"sample check: {len(sample)} agreements re-allocated unchanged, statements equal a computation from scratch")
    log(f"sample check: the deadlines of {len(requests)} requests (planned and stored) equal plan_hours's")


# ---------------------------------------------------------------------------------------
# SLA planning: batch against one plan_hours per deadline


def sla_queries(requests):
    """``[(request, clock, hours)]`` of every deadline these requests plan (no pauses)."""
    return [(request, clock, hours) for request, _kind, clock, hours in sla_kind_queries(requests)]


def sla_kind_queries(requests):
    """``[(request, kind, clock, hours)]`` of every clock these requests plan, as
    ``_sla_compute_deadlines`` does (the bench data has no pauses and no public update)."""
    from odoo.addons.addon_amc.addon_amc.lib import sla

    queries = []
    for request in requests:
        policy = request.agreement_id._get_sla_policy()
        target = policy._get_target(request.priority) if policy else policy
        calendar = request._sla_calendar()
        for kind in sla.KINDS:
            value, unit = target._get_time(kind) if target else (0, False)
            if value and (unit == "hours" or (calendar and (unit != "business_days" or calendar.hours_per_day > 0))):
                hours, clock = sla.target_hours(value, unit, calendar.hours_per_day if calendar else 0.0)
                queries.append((request, kind, clock, hours))
    return queries


def plan_batch(requests, queries):
    memo = requests._sla_plan_memo()
    return [request._sla_planner(clock, memo)(hours) for request, clock, hours in queries]


def plan_naive(queries):
    from pytz import utc

    result = []
    for request, clock, hours in queries:
        start = request.sla_start_date.replace(tzinfo=utc)
        if clock == "wall":
            result.append(start + timedelta(hours=hours))
            continue
        calendar = request._sla_calendar()
        result.append(
            calendar.plan_hours(hours, start, compute_leaves=True, domain=request._sla_leave_domain(calendar)) or None
        )
    return result


def stored_mismatches(requests):
    """Clocks stored by the build (``amc.request.sla``: one per request and kind) that differ
    from one ``plan_hours`` per deadline (to the second: the ORM stores datetimes without
    microseconds), or that are missing or extra."""
    from pytz import utc

    queries = sla_kind_queries(requests)
    expected = dict(
        zip(
            ((request.id, kind) for request, kind, _clock, _hours in queries),
            (
                value and value.replace(microsecond=0)
                for value in plan_naive([(request, clock, hours) for request, _kind, clock, hours in queries])
            ),
            strict=True,
        )
    )
    stored = {(c.request_id.id, c.kind): c.deadline.replace(tzinfo=utc) for c in requests.sla_ids}
    differ = sorted(key for key in expected.keys() | stored.keys() if stored.get(key) != expected.get(key))
    for key in differ[:5]:
        log(f"stored clock {key}: {stored.get(key)}, plan_hours: {expected.get(key)}")
    return len(differ)


def sla_mismatches(env, requests):
    queries = sla_queries(requests)
    return sum(a != b for a, b in zip(plan_batch(requests, queries), plan_naive(queries), strict=True))


# ---------------------------------------------------------------------------------------
# measure


def measure(env, scale):
    from odoo.addons.addon_amc.addon_amc.models.amc_request import DONE_STATES

    cr = env.cr
    rows = {}
    agreements = bench_agreements(env)
    manager = env["res.users"].search([("login", "=", "bench_manager")])
    agent = env["res.users"].search([("login", "=", "bench_agent_0")])
    counts = dict(
        env["amc.time.entry"]._read_group([("agreement_id", "in", agreements.ids)], ["agreement_id"], ["__count"])
    )
    ordered = sorted(agreements, key=lambda a: (counts.get(a, 0), a.id))
    busiest, median = ordered[-1], ordered[len(ordered) // 2]
    today = date.today()

    # 1. saving one time entry, busiest and median agreement
    def save_entry(agreement):
        request = env["amc.request"].search(
            [("agreement_id", "=", agreement.id), ("state", "in", ("new", "in_progress"))], limit=1, order="id desc"
        )
        runs = []
        for _run in range(4):
            result = {}
            with rolled_back(env):
                with measured(env, result):
                    env["amc.time.entry"].with_user(agent).create(
                        {"request_id": request.id, "duration": 0.5, "date": today, "description": "bench"}
                    )
            runs.append(result)
        return median_of(runs[1:])

    rows["entry_busiest"] = {**save_entry(busiest), "entries": counts.get(busiest, 0)}
    if os.environ.get("AMC_BENCH_PROFILE"):
        for label, agreement in (("busiest", busiest), ("median", median)):
            profile_queries(env, label, lambda agreement=agreement: save_entry(agreement))
    rows["entry_median"] = {**save_entry(median), "entries": counts.get(median, 0)}
    log(f"{scale}: time entry busiest {rows['entry_busiest']}, median {rows['entry_median']}")

    # 2. the Monthly Statements list, first 80 rows
    spec = {
        "agreement_id": {"fields": {"display_name": {}}},
        "partner_id": {"fields": {"display_name": {}}},
        "period": {},
        "maintenance_fee": {},
        "first_line_fee": {},
        "pack_hours": {},
        "billable_hours": {},
        "billable_amount": {},
        "total_amount": {},
        "currency_id": {"fields": {"display_name": {}}},
    }
    runs = []
    for _run in range(4):
        env.invalidate_all()
        result = {}
        with measured(env, result):
            # as the web client's list asks: 80 rows, counted up to 10,001 (DEFAULT_COUNT_LIMIT + 1)
            env["amc.statement"].with_user(manager).web_search_read([], spec, limit=80, count_limit=10001)
        runs.append(result)
    rows["statements"] = median_of(runs[1:])

    # 3. editing one SLA target (the user's call), then the background re-plan
    policy = env.ref("addon_amc.amc_sla_policy_default")
    target = policy.target_ids.filtered(lambda t: t.priority == "high")
    open_count = env["amc.request"].search_count([("state", "not in", DONE_STATES)])
    with rolled_back(env):
        result = {}
        with measured(env, result):
            target.with_user(manager).write({"response_time": target.response_time + 1})
        rows["target_edit"] = result
        pending = env["amc.request"].search_count([("sla_replan_pending", "=", True)])
        result = {}
        with measured(env, result):
            env["amc.request"]._cron_sla_replan()
        rows["replan"] = {**result, "requests": pending, "open": open_count}
    log(f"{scale}: target edit {rows['target_edit']}, re-plan {rows['replan']}")

    # 4. SLA planning: batch against the naive plan_hours loop, on the latest 2,000 requests
    requests = env["amc.request"].search([], limit=2000, order="id desc")
    queries = sla_queries(requests)
    env.invalidate_all()
    requests.fetch(["sla_start_date", "agreement_id", "priority", "company_id"])
    result = {}
    with measured(env, result):
        batch = plan_batch(requests, queries)
    rows["sla_batch"] = {**result, "requests": len(requests), "deadlines": len(queries)}
    env.invalidate_all()
    requests.fetch(["sla_start_date", "agreement_id", "priority", "company_id"])
    sample = requests[:300]
    sample_queries = [q for q in queries if q[0] in sample]
    result = {}
    with measured(env, result):
        naive = plan_naive(sample_queries)
    rows["sla_naive"] = {**result, "requests": len(sample), "deadlines": len(sample_queries)}
    by_query = dict(zip(map(id, queries), batch, strict=True))
    rows["sla_batch"]["mismatches"] = sum(
        by_query[id(q)] != expected for q, expected in zip(sample_queries, naive, strict=True)
    )
    log(f"{scale}: SLA batch {rows['sla_batch']}, naive {rows['sla_naive']}")

    # 5. the idle SLA cron tick
    now = datetime.utcnow()
    due = env["amc.request.sla"].search_count(env["amc.request"]._sla_check_domain(now))
    runs = []
    for _run in range(4):
        with rolled_back(env):
            result = {}
            with measured(env, result):
                env["amc.request"]._sla_check_batch()
            runs.append(result)
    rows["idle_tick"] = {**median_of(runs[1:]), "due": due}
    # the same tick with 100 clocks of open requests due now: its cost follows what is due
    runs = []
    for _run in range(4):
        with rolled_back(env):
            cr.execute(
                """UPDATE amc_request_sla SET next_check = %s
                    WHERE id IN (SELECT s.id FROM amc_request_sla s JOIN amc_request r ON r.id = s.request_id
                                  WHERE s.done_date IS NULL AND r.state NOT IN %s ORDER BY s.id LIMIT 100)""",
                [now - timedelta(minutes=1), tuple(DONE_STATES)],
            )
            env.invalidate_all()
            result = {}
            with measured(env, result):
                env["amc.request"]._sla_check_batch()
            runs.append(result)
    rows["due_tick"] = {**median_of(runs[1:]), "due": 100}

    # 6. the dashboard against a raw SQL aggregate of the same figures
    Agreement = env["amc.agreement"].with_user(manager)
    env.invalidate_all()
    env.registry.clear_cache()
    result = {}
    with measured(env, result):
        Agreement.get_dashboard_data()
    rows["dashboard_cold"] = result
    runs = []
    for _run in range(4):
        env.invalidate_all()
        result = {}
        with measured(env, result):
            Agreement.get_dashboard_data()
        runs.append(result)
    rows["dashboard"] = median_of(runs[1:])
    # where the dashboard's time goes: each section alone (warm)
    sections = {}
    for name, call in (
        ("agreements", lambda: Agreement._get_dashboard_agreement_sections(today)),
        ("hours", lambda: Agreement._get_dashboard_hour_sections(today)),
        ("health", lambda: Agreement._get_dashboard_health(today)),
        ("patches", lambda: Agreement._get_dashboard_patches(today)),
        ("versions", lambda: Agreement._get_dashboard_versions(today)),
        ("scope", lambda: Agreement._get_dashboard_scope(today)),
        ("to_invoice", lambda: Agreement._get_dashboard_to_invoice(today)),
        ("instances", lambda: Agreement._get_dashboard_instances()),
        ("sla", lambda: Agreement._sla_dashboard_counts(datetime.utcnow())),
    ):
        runs = []
        for _run in range(3):
            env.invalidate_all()
            result = {}
            with measured(env, result):
                call()
            runs.append(result)
        sections[name] = median_of(runs[1:])
    rows["dashboard"]["sections"] = sections
    if os.environ.get("AMC_BENCH_PROFILE"):
        import cProfile
        import pstats

        env.invalidate_all()
        profile = cProfile.Profile()
        profile.runcall(Agreement.get_dashboard_data)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    log(f"{scale}: dashboard {rows['dashboard']}")
    runs = []
    for _run in range(4):
        result = {}
        with measured(env, result):
            raw_dashboard(cr, today)
        runs.append(result)
    rows["dashboard_sql"] = median_of(runs[1:])
    # PostgreSQL's JIT: which of the module's queries (dashboard, statements list, SLA cron tick)
    # would be compiled at this scale (plan cost above jit_above_cost)
    queries = captured_queries(
        env,
        lambda: (
            Agreement.get_dashboard_data(),
            # as the web client's list asks: 80 rows, counted up to 10,001 (DEFAULT_COUNT_LIMIT + 1)
            env["amc.statement"].with_user(manager).web_search_read([], spec, limit=80, count_limit=10001),
            env["amc.request"]._sla_check_batch(),
        ),
    )
    jit = []
    for query, params in queries:
        cr.execute("SAVEPOINT bench_explain")
        try:
            cr.execute(b"EXPLAIN (FORMAT JSON) " + query, params)
            plan = cr.fetchone()[0][0]
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT bench_explain")
        if "JIT" in plan:
            jit.append({"cost": plan["Plan"]["Total Cost"], "query": query.decode()[:300]})
    rows["jit"] = {"queries": len(queries), "jit": len(jit), "examples": sorted(jit, key=lambda q: -q["cost"])[:3]}
    log(f"{scale}: JIT {rows['jit']}")
    cr.rollback()
    return rows


@contextmanager
def watched_statements(cr):
    """Within the block, every statement ``cr`` executes: ``(sql, params, milliseconds)``."""
    seen = []
    execute = cr.execute

    def watch(query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return execute(query, params, log_exceptions)
        finally:
            sql = query.code if hasattr(query, "code") else query
            args = query.params if hasattr(query, "params") else params
            seen.append((sql, args, (time.perf_counter() - start) * 1000))

    cr.execute = watch
    try:
        yield seen
    finally:
        del cr.execute


def profile_queries(env, label, call):
    """AMC_BENCH_PROFILE=1: the ten slowest statements of ``call``, to stderr (what to look at
    when a ratio grows)."""
    with watched_statements(env.cr) as seen:
        call()
    timings = [(ms, " ".join(str(sql).split())[:220]) for sql, _args, ms in seen]
    total = sum(ms for ms, _sql in timings)
    log(f"profile {label}: {len(timings)} statements, {total:.1f} ms in the database")
    for ms, sql in sorted(timings, reverse=True)[:10]:
        log(f"  {ms:7.2f} ms  {sql}")


def captured_queries(env, call):
    """The SELECT statements ``call`` sends (as bytes, with their parameters)."""
    env.invalidate_all()
    with watched_statements(env.cr) as seen, rolled_back(env):
        call()
    texts = ((sql.encode() if isinstance(sql, str) else sql, args) for sql, args, _ms in seen)
    return [(text, args) for text, args in texts if text.lstrip().upper().startswith(b"SELECT")]


def raw_dashboard(cr, today):
    """The dashboard's figures in plain SQL, one statement each (no access rules, no formatting)."""
    month = today.replace(day=1)
    now = datetime.utcnow()
    statements = [
        ("SELECT state, count(*) FROM amc_agreement GROUP BY state", ()),
        (
            "SELECT id, name, date_end FROM amc_agreement WHERE state = 'active' AND date_end BETWEEN %s AND %s "
            "ORDER BY date_end, id LIMIT 10",
            (today, today + timedelta(days=30)),
        ),
        ("SELECT bucket, sum(minutes) FROM amc_time_allocation WHERE date >= %s GROUP BY bucket", (month,)),
        (
            "SELECT currency_id, sum(amount) FROM amc_time_allocation WHERE date >= %s AND bucket = 'billable' "
            "GROUP BY currency_id",
            (month,),
        ),
        (
            "SELECT id, usage_percent FROM amc_hour_pack WHERE state = 'active' AND usage_percent >= 80 "
            "ORDER BY usage_percent DESC, id LIMIT 10",
            (),
        ),
        (
            "SELECT p.agreement_id, sum(p.hours_remaining), (SELECT sum(a.minutes) FROM amc_time_allocation a "
            "WHERE a.agreement_id = p.agreement_id AND a.bucket = 'pack' AND a.date > %s) FROM amc_hour_pack p "
            "WHERE p.state = 'active' GROUP BY p.agreement_id",
            (today - timedelta(days=30),),
        ),
        (
            "SELECT DISTINCT ON (agreement_id) id, result FROM amc_health_check WHERE state = 'done' "
            "ORDER BY agreement_id, date DESC, id DESC",
            (),
        ),
        (
            # the SLA clocks that can count: those of open requests, and those done or due in the window
            "SELECT count(*) FILTER (WHERE s.status = 'met' AND s.done_date > %(since)s), "
            "count(*) FILTER (WHERE s.status IN ('breached','ongoing') AND s.deadline > %(since)s "
            "AND s.deadline <= %(now)s), count(DISTINCT s.request_id) FILTER (WHERE r.state NOT IN "
            "('resolved','closed') AND s.status = 'ongoing' AND s.warning_date <= %(now)s AND s.deadline > "
            "%(now)s), count(DISTINCT s.request_id) FILTER (WHERE r.state NOT IN ('resolved','closed') AND "
            "(s.status = 'breached' OR (s.status = 'ongoing' AND s.deadline <= %(now)s))) "
            "FROM amc_request_sla s JOIN amc_request r ON r.id = s.request_id "
            "WHERE r.state NOT IN ('resolved','closed') OR (s.done_date > %(since)s AND s.done_date <= %(now)s) "
            "OR (s.deadline > %(since)s AND s.deadline <= %(now)s)",
            {"since": now - timedelta(days=30), "now": now},
        ),
        ("SELECT scope, count(*) FROM amc_request WHERE state NOT IN ('resolved','closed') GROUP BY scope", ()),
        ("SELECT count(*) FROM amc_statement WHERE invoice_id IS NULL AND month < %s", (month,)),
    ]
    for query, params in statements:
        cr.execute(query, params)
        cr.fetchall()


# ---------------------------------------------------------------------------------------
# check (after the load run)


def check(env):
    """Every pack and statement equals a full recomputation."""
    agreements = bench_agreements(env)
    Pack = env["amc.hour.pack"]
    fields = ["hours_used", "hours_remaining", "hours_expired"]
    before = {pack.id: tuple(round(pack[f], 4) for f in fields) for pack in Pack.search([])}
    statements_before = env["amc.statement"]._check_statements(agreements)
    pending = env["amc.allocation.pending"].search_count([])
    # every request's stored hours equal its time and its allocation (deferred saves leave them
    # to the allocation after their commit)
    env.cr.execute(
        """SELECT COUNT(*) FROM amc_request r
             LEFT JOIN (SELECT request_id, SUM(duration) AS spent FROM amc_time_entry GROUP BY request_id) e
                    ON e.request_id = r.id
             LEFT JOIN (SELECT request_id, SUM(minutes) AS minutes, SUM(amount) AS amount
                          FROM amc_time_allocation GROUP BY request_id) a ON a.request_id = r.id
            WHERE ABS(COALESCE(r.hours_spent, 0) - COALESCE(e.spent, 0)) > 1e-6
               OR ABS(COALESCE(r.hours_billed, 0) - COALESCE(a.minutes, 0) / 60.0) > 1e-6
               OR ABS(COALESCE(r.billable_amount, 0) - COALESCE(a.amount, 0)) > 0.005"""
    )
    request_differences = env.cr.fetchone()[0]
    agreements._recompute_allocations()
    env.flush_all()
    env.invalidate_all()
    after = {pack.id: tuple(round(pack[f], 4) for f in fields) for pack in Pack.search([])}
    pack_diffs = [pid for pid in before if before[pid] != after.get(pid)]
    env.cr.rollback()
    return {
        "packs": len(before),
        "pack_differences": len(pack_diffs),
        "statement_differences": len(statements_before),
        "pending": pending,
        "request_differences": request_differences,
    }


def main():
    args, odoo_args = parse()
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(odoo_args)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if args.phase == "build":
            out = build(env, args.scale)
        elif args.phase == "measure":
            out = measure(env, args.scale)
        elif args.phase == "sample":
            check_sample(env, bench_agreements(env))
            out = {}
        else:
            out = check(env)
    sys.stdout.write("BENCH " + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
