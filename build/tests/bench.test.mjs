import { test } from "node:test";
import assert from "node:assert/strict";

import { parseBenchArgs, scaleRows, markdownTable } from "../lib/bench.mjs";
import { percentile, countRetries, countDeferred, loadRows } from "../lib/bench_load_stats.mjs";

test("bench options: S and M by default, L with --large, --scale picks, --keep", () => {
  assert.deepEqual(parseBenchArgs([]).scales, ["S", "M"]);
  assert.deepEqual(parseBenchArgs(["--large"]).scales, ["S", "M", "L"]);
  assert.deepEqual(parseBenchArgs(["--scale", "s"]).scales, ["S"]);
  assert.deepEqual(parseBenchArgs(["--scale=M", "--keep"]), { scales: ["M"], keep: true, large: false, rest: [] });
  assert.deepEqual(parseBenchArgs([], { defaultScales: ["M"] }).scales, ["M"]);
  assert.throws(() => parseBenchArgs(["--scale", "XL"]), /one of S, M, L/);
});

test("percentiles by nearest rank", () => {
  const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  assert.equal(percentile(values, 50), 5);
  assert.equal(percentile(values, 95), 10);
  assert.equal(percentile([3], 95), 3);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test("serialization retries are counted from Odoo's log lines", () => {
  const lines = [
    "2026-11-30 16:00:00,000 1 INFO db odoo.service.model: serialization_failure, 4 tries left, try again in 0.4 sec...",
    "2026-11-30 16:00:00,000 1 INFO db odoo.service.model: something else",
    "2026-11-30 16:00:01,000 1 INFO db odoo.service.model: serialization_failure, 3 tries left, try again in 1.2 sec...",
  ];
  assert.equal(countRetries(lines), 2);
});

test("deferred allocations are counted from the server log", () => {
  const lines = [
    "2026-11-30 16:00:00,000 1 INFO db odoo.addons.addon_amc.addon_amc.models.amc_allocation_pending: allocation of agreements [7] deferred until after the commit (concurrent allocation)",
    "2026-11-30 16:00:00,500 1 INFO db odoo.service.model: something else about a commit",
  ];
  assert.equal(countDeferred(lines), 1);
});

test("load rows: calls, rate, p50/p95 of the successes, errors, and a total", () => {
  const samples = [
    { action: "a", ms: 10, ok: true },
    { action: "a", ms: 30, ok: true },
    { action: "b", ms: 5, ok: false, error: "boom" },
  ];
  const { rows, total, errors } = loadRows(samples, 2);
  assert.equal(total, 3);
  assert.equal(errors, 1);
  assert.deepEqual(rows[0], ["a", ["2", "1.0", "10 ms", "30 ms", "0"]]);
  assert.deepEqual(rows[1], ["b", ["1", "0.5", "—", "—", "1"]]);
  assert.equal(rows[2][0], "all");
});

test("the scale table: one row per action, ratios to the baselines", () => {
  const measures = (factor) => ({
    entry_busiest: { ms: 20 * factor, queries: 40, entries: 1300 * factor },
    entry_median: { ms: 10, queries: 40, entries: 900 },
    statements: { ms: 8 * factor, queries: 5 },
    target_edit: { ms: 30, queries: 20 },
    replan: { ms: 1000, queries: 100, requests: 300 },
    sla_batch: { ms: 100, queries: 10, requests: 1000, mismatches: 0 },
    sla_naive: { ms: 1000, queries: 600, requests: 300 },
    idle_tick: { ms: 1, queries: 1, due: 0 },
    dashboard: { ms: 50, queries: 40 },
    dashboard_cold: { ms: 90, queries: 55 },
    dashboard_sql: { ms: 25, queries: 10 },
    build: { allocation_s: 12, sla_s: 3 },
  });
  const { scales, rows } = scaleRows({ S: measures(1), M: measures(2) });
  assert.deepEqual(scales, ["S", "M"]);
  const row = (label) => rows.find(([l]) => l.startsWith(label))[1];
  assert.match(row("saving one time entry, busiest")[1], /×4\.00$/);
  assert.match(row("Monthly Statements")[1], /×2\.00$/);
  assert.match(row("SLA planning, batch")[0], /^10,000\/s.*×33, 0 differ$/);
  assert.match(row("dashboard, warm")[0], /×2\.00$/);
  const table = markdownTable(["action", "S", "M"], rows);
  assert.equal(table.split("\n").length, rows.length + 2);
  assert.match(table, /^\| action \| S \| M \|\n\|---\|---\|---\|/);
});
