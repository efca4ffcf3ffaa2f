// build/lib/bench.mjs — what `npm run bench:scale` and `npm run bench:load` share: the private
// PostgreSQL cluster and Odoo of the real-Odoo suite (build/odoo.mjs), a template database with
// addon_amc installed once, a database per scale copied from it, the Python driver
// (build/bench_scale.py, Odoo used as a library) and the table they print.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import { UserError, onCleanup, capture } from "./proc.mjs";
import { checkPythonDeps, pythonEnv, treeAddonsDirs, checkNoEnterprise } from "./odoo-env.mjs";
import { ExternalServer, dbOp } from "./pg.mjs";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SCALES = ["S", "M", "L"];

/** Options of the bench commands: --large, --keep, --scale X (repeatable). */
export function parseBenchArgs(argv, { defaultScales = ["S", "M"] } = {}) {
  const opts = { scales: [], keep: false, large: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--large") opts.large = true;
    else if (arg === "--keep") opts.keep = true;
    else if (arg === "--scale" || arg.startsWith("--scale=")) {
      const value = (arg.includes("=") ? arg.split("=")[1] : argv[++i] || "").toUpperCase();
      if (!SCALES.includes(value)) throw new UserError(`--scale takes one of ${SCALES.join(", ")}, not "${value}"`);
      opts.scales.push(value);
    } else opts.rest.push(arg);
  }
  if (!opts.scales.length) opts.scales = opts.large ? [...defaultScales, "L"] : [...defaultScales];
  return opts;
}

/** Python code for CREATE DATABASE … TEMPLATE … (Odoo's psycopg2). */
const PY_CLONE = `
import json, sys, psycopg2
from psycopg2 import sql
req = json.loads(sys.argv[1])
conn = psycopg2.connect(dbname="postgres", **req["conn"])
conn.autocommit = True
cur = conn.cursor()
cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(req["db"])))
cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(req["db"]), sql.Identifier(req["template"])))
print("true")
`;

export class BenchEnv {
  constructor({ odoo, server, work, linkDir, say, keep }) {
    Object.assign(this, { odoo, server, work, linkDir, say, keep });
    this.addonsPath = [...treeAddonsDirs(odoo.tree), linkDir];
    this.dataDir = path.join(work, "data");
    this.confFile = path.join(work, "odoo.conf");
    fs.writeFileSync(this.confFile, "[options]\n");
    this.logDir = path.join(REPO, ".odoo-run");
    fs.mkdirSync(this.logDir, { recursive: true });
  }

  static check(odoo) {
    checkPythonDeps(odoo, { forTests: false });
    checkNoEnterprise(treeAddonsDirs(odoo.tree));
  }

  odooArgs(db) {
    return [
      "--config", this.confFile,
      "--database", db,
      "--db-filter", `^${db}$`,
      "--addons-path", this.addonsPath.join(","),
      "--data-dir", this.dataDir,
      "--log-level", "warn",
      "--http-interface", "127.0.0.1",
      ...this.server.odooArgs(),
    ];
  }

  /** Databases are dropped at the end unless --keep (a private cluster goes away with them). */
  dropLater(db) {
    if (this.keep) return;
    onCleanup(async () => {
      try {
        dbOp(this.odoo, this.server, { op: "drop", db });
      } catch (err) {
        this.say(`could not drop database ${db}: ${err.message}`);
      }
    });
  }

  /** Install addon_amc (no demo data) in `db`, as its own Odoo process. */
  async install(db, spawnOdoo, odooEnv, { update = false } = {}) {
    const logPath = path.join(this.logDir, update ? "bench-update.log" : "bench-install.log");
    const log = fs.createWriteStream(logPath);
    const mode = update ? "--update" : "--init";
    const args = [...this.odooArgs(db), mode, "addon_amc", "--stop-after-init", "--max-cron-threads", "0", "--workers", "0"];
    const proc = spawnOdoo(this.odoo, args, odooEnv(this.odoo, this.server), this.work, (line) => log.write(`${line}\n`));
    onCleanup(
      () => proc.stop(5000),
      () => proc.killSync(),
    );
    const res = await proc.done;
    await new Promise((resolve) => log.end(resolve));
    if (res.code !== 0) throw new UserError(`${update ? "updating" : "installing"} addon_amc in ${db} failed (exit ${res.code}); see ${logPath}`);
    if (!update) this.dropLater(db);
  }

  /** A copy of `template` (database and filestore) named `db`. */
  clone(template, db) {
    const res = capture(this.odoo.python, ["-c", PY_CLONE, JSON.stringify({ conn: this.server.connInfo(), db, template })], {
      cwd: "/",
      env: pythonEnv(this.odoo),
      timeout: 600000,
    });
    if (res.status !== 0) throw new UserError(`copying ${template} to ${db} failed: ${(res.stderr || res.stdout).trim().split("\n").pop()}`);
    const from = path.join(this.dataDir, "filestore", template);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(this.dataDir, "filestore", db), { recursive: true });
    this.dropLater(db);
  }

  /** Run the Python driver; its stderr streams to the console, its `BENCH {...}` line is returned. */
  driver(phase, db, scale, odooEnv) {
    const script = path.join(REPO, "build", "bench_scale.py");
    const args = [script, phase, "--db", db, "--scale", scale, ...this.odooArgs(db)];
    return new Promise((resolve, reject) => {
      const child = spawn(this.odoo.python, args, { env: odooEnv(this.odoo, this.server), cwd: this.work, stdio: ["ignore", "pipe", "pipe"] });
      onCleanup(
        async () => child.exitCode === null && child.kill("SIGTERM"),
        () => child.exitCode === null && child.kill("SIGKILL"),
      );
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk) => (out += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk) => process.stderr.write(chunk));
      child.on("close", (code) => {
        const line = out.split("\n").find((l) => l.startsWith("BENCH "));
        if (code !== 0 || !line) reject(new UserError(`the bench driver (${phase} ${scale}) failed with exit ${code}`));
        else resolve(JSON.parse(line.slice(6)));
      });
    });
  }
}

export function isExternal(server) {
  return server instanceof ExternalServer;
}

// ---------------------------------------------------------------------------------------
// the table

const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`);
const ratio = (value) => (Number.isFinite(value) ? `×${value >= 10 ? value.toFixed(0) : value.toFixed(2)}` : "—");
const rate = (count, millis) => `${Math.round((count * 1000) / Math.max(millis, 1e-6)).toLocaleString("en-US")}/s`;

/**
 * The rows of the bench:scale table: one per action, one column per scale. `results` maps a
 * scale to the driver's measures ({entry_busiest: {ms, queries, entries}, …}).
 */
export function scaleRows(results) {
  const scales = SCALES.filter((s) => results[s]);
  const base = results.S || results[scales[0]];
  const cell = (fn) => scales.map((s) => fn(results[s], s));
  return {
    scales,
    rows: [
      ["saving one time entry, busiest agreement (its entries) / median", cell((r) => `${ms(r.entry_busiest.ms)}, ${r.entry_busiest.queries} q (${r.entry_busiest.entries.toLocaleString("en-US")}) ${ratio(r.entry_busiest.ms / r.entry_median.ms)}`)],
      ["saving one time entry, median agreement (its entries) — baseline", cell((r) => `${ms(r.entry_median.ms)}, ${r.entry_median.queries} q (${r.entry_median.entries.toLocaleString("en-US")})`)],
      ["Monthly Statements list, first 80 rows / S", cell((r) => `${ms(r.statements.ms)}, ${r.statements.queries} q ${ratio(r.statements.ms / base.statements.ms)}`)],
      ["editing one SLA target, the user's call / S", cell((r) => `${ms(r.target_edit.ms)}, ${r.target_edit.queries} q ${ratio(r.target_edit.ms / base.target_edit.ms)}`)],
      ["background re-plan (requests re-planned, rate)", cell((r) => `${ms(r.replan.ms)}, ${r.replan.queries} q (${r.replan.requests.toLocaleString("en-US")}, ${rate(r.replan.requests, r.replan.ms)})`)],
      ["SLA planning, batch (requests/s) / naive loop", cell((r) => `${rate(r.sla_batch.requests, r.sla_batch.ms)}, ${r.sla_batch.queries} q (${r.sla_batch.requests}) ${ratio((r.sla_batch.requests / r.sla_batch.ms) / (r.sla_naive.requests / r.sla_naive.ms))}, ${r.sla_batch.mismatches} differ`)],
      ["SLA planning, one plan_hours per deadline (requests/s) — baseline", cell((r) => `${rate(r.sla_naive.requests, r.sla_naive.ms)}, ${r.sla_naive.queries} q (${r.sla_naive.requests})`)],
      ["idle SLA cron tick (due requests) / S", cell((r) => `${ms(r.idle_tick.ms)}, ${r.idle_tick.queries} q (${r.idle_tick.due} due) ${ratio(r.idle_tick.ms / base.idle_tick.ms)}`)],
      ["SLA cron tick with 100 clocks due / S", cell((r) => (r.due_tick ? `${ms(r.due_tick.ms)}, ${r.due_tick.queries} q ${base.due_tick ? ratio(r.due_tick.ms / base.due_tick.ms) : ""}` : "—"))],
      ["dashboard, warm / raw SQL", cell((r) => `${ms(r.dashboard.ms)}, ${r.dashboard.queries} q ${ratio(r.dashboard.ms / r.dashboard_sql.ms)}`)],
      ["dashboard, cold (queries)", cell((r) => `${ms(r.dashboard_cold.ms)}, ${r.dashboard_cold.queries} q`)],
      ["raw SQL aggregate of the dashboard's figures — baseline", cell((r) => `${ms(r.dashboard_sql.ms)}, ${r.dashboard_sql.queries} q`)],
      ["module queries planned with JIT (of the dashboard's, statements list's and cron tick's)", cell((r) => (r.jit ? `${r.jit.jit} of ${r.jit.queries}` : "—"))],
      ["build: full _recompute_allocations, then SLA planning of every request", cell((r) => (r.build ? `${r.build.allocation_s.toFixed(0)} s, ${r.build.sla_s.toFixed(0)} s` : "—"))],
    ],
  };
}

/** A Markdown table. */
export function markdownTable(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const [label, cells] of rows) lines.push(`| ${[label, ...cells].join(" | ")} |`);
  return lines.join("\n");
}
