// build/lib/bench_load_stats.mjs — the figures of `npm run bench:load` (pure, tested in build/tests/).

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when empty. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Serialization retries Odoo logged ("… tries left, try again in …" from service/model.py). */
export function countRetries(lines) {
  return lines.filter((line) => / tries left, try again in /.test(line)).length;
}

/** Allocations a concurrent save left for after its commit (amc.allocation.pending), from the server log. */
export function countDeferred(lines) {
  return lines.filter((line) => / deferred until after the commit /.test(line)).length;
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : "—");

/** One row per action ([label, [calls, per second, p50, p95, errors]]) and a total row. */
export function loadRows(samples, wallSeconds) {
  const actions = [...new Set(samples.map((s) => s.action))];
  const rows = actions.map((action) => {
    const mine = samples.filter((s) => s.action === action);
    const times = mine.filter((s) => s.ok).map((s) => s.ms);
    return [
      action,
      [String(mine.length), (mine.length / wallSeconds).toFixed(1), ms(percentile(times, 50)), ms(percentile(times, 95)), String(mine.length - times.length)],
    ];
  });
  const times = samples.filter((s) => s.ok).map((s) => s.ms);
  const errors = samples.length - times.length;
  rows.push([
    "all",
    [String(samples.length), (samples.length / wallSeconds).toFixed(1), ms(percentile(times, 50)), ms(percentile(times, 95)), String(errors)],
  ]);
  return { rows, total: samples.length, errors };
}
