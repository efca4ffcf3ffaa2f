#!/usr/bin/env node
// build/bench_load.mjs — `npm run bench:load [-- --scale S|M] [--keep] [--seconds N] [--rounds N]`
//
// Builds the M data (or S with --scale S, for a quick run) as bench:scale does, starts Odoo's
// prefork server (--workers 4) on 127.0.0.1 over it, and runs 20 concurrent agents over JSON-RPC
// (/web/dataset/call_kw with a session per agent, users of the Support User group). Each agent
// loops, bounded by a count (--rounds, default 40) and a time (--seconds, default 120): log time on
// the busiest agreement, log time on another one, open the dashboard (get_dashboard_data), open
// the request list (web_search_read) and change a request's state. It prints throughput, p50 and
// p95 per action, the errors (goal: zero) and the serialization retries Odoo logged, then checks
// that every pack and statement equals a full recomputation (nothing lost, nothing counted twice).
// With --keep, the data a `bench:scale -- --keep` run kept for that scale is copied instead of
// built again, and the load database is kept too.
import fs from "node:fs";
import path from "node:path";
import http from "node:http";

import { installSignalHandlers, onCleanup, runCleanup, sweepMarkedProcesses, freePort, sleep, UserError } from "./lib/proc.mjs";
import { setPrefix, makeTempDir, makeAddonsLinkDir, locateOdoo, describeOdoo, setUpPostgres, odooEnv, spawnOdoo } from "./odoo.mjs";
import { BenchEnv, parseBenchArgs, markdownTable } from "./lib/bench.mjs";
import { dbOp } from "./lib/pg.mjs";
import { loadRows, countRetries, countDeferred } from "./lib/bench_load_stats.mjs";

const say = (msg) => process.stdout.write(`bench:load: ${msg}\n`);
const AGENTS = 20;
const PASSWORD = "bench-agent";

class Session {
  constructor(port, db) {
    Object.assign(this, { port, db, cookie: "", id: 0 });
  }

  post(route, params) {
    const body = JSON.stringify({ jsonrpc: "2.0", method: "call", id: ++this.id, params });
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: this.port,
          path: route,
          method: "POST",
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Cookie: this.cookie },
        },
        (res) => {
          let data = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (data += chunk));
          res.on("end", () => {
            const set = res.headers["set-cookie"];
            if (set) this.cookie = set.map((c) => c.split(";")[0]).join("; ");
            try {
              const json = JSON.parse(data);
              if (json.error) reject(new Error(json.error.data?.message || json.error.message));
              else resolve(json.result);
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: ${data.slice(0, 200)}`));
            }
          });
        },
      );
      req.on("error", reject);
      req.setTimeout(300000, () => req.destroy(new Error("timeout")));
      req.end(body);
    });
  }

  login(login) {
    return this.post("/web/session/authenticate", { db: this.db, login, password: PASSWORD });
  }

  kw(model, method, args = [], kwargs = {}) {
    return this.post(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  }
}

function waitForHttp(port, isDone, timeoutMs = 600000) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const probe = () => {
      if (isDone()) return resolve(false);
      const req = http.get({ host: "127.0.0.1", port, path: "/web/webclient/version_info", timeout: 2000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on("error", () => (Date.now() - t0 > timeoutMs ? resolve(false) : setTimeout(probe, 500)));
    };
    probe();
  });
}

async function agentLoop(index, port, db, plan, deadline, rounds, samples) {
  const s = new Session(port, db);
  await s.login(`bench_agent_${index}`);
  const today = new Date().toISOString().slice(0, 10);
  const record = async (action, fn) => {
    const t0 = performance.now();
    try {
      await fn();
      samples.push({ action, ms: performance.now() - t0, ok: true });
    } catch (err) {
      samples.push({ action, ms: performance.now() - t0, ok: false, error: err.message });
    }
  };
  const pick = (list, n) => list[(index * 7 + n * 13) % list.length];
  const states = ["in_progress", "waiting"];
  for (let n = 0; n < rounds && Date.now() < deadline; n++) {
    await record("log time, busiest agreement", () =>
      s.kw("amc.time.entry", "create", [{ request_id: pick(plan.busy, n), duration: 0.25, date: today, description: `load ${index}/${n}` }]),
    );
    await record("log time, another agreement", () =>
      s.kw("amc.time.entry", "create", [{ request_id: pick(plan.others, n), duration: 0.5, date: today, description: `load ${index}/${n}` }]),
    );
    if (n % 2 === 0) await record("open the dashboard", () => s.kw("amc.agreement", "get_dashboard_data"));
    await record("open the request list", () =>
      s.kw("amc.request", "web_search_read", [], {
        domain: [["state", "not in", ["resolved", "closed"]]],
        specification: { reference: {}, name: {}, agreement_id: { fields: { display_name: {} } }, state: {}, priority: {}, sla_ids: { fields: { kind: {}, deadline: {}, status: {} } }, hours_spent: {} },
        limit: 80,
      }),
    );
    await record("change a request's state", () =>
      s.kw("amc.request", "write", [[plan.stateful[index % plan.stateful.length]], { state: states[n % 2] }]),
    );
  }
}

async function main() {
  setPrefix("bench:load");
  const argv = process.argv.slice(2);
  const value = (name, fallback) => {
    const i = argv.indexOf(name);
    if (i === -1) return fallback;
    const v = Number(argv[i + 1]);
    argv.splice(i, 2);
    return v;
  };
  const seconds = value("--seconds", 120);
  const rounds = value("--rounds", 40);
  const opts = parseBenchArgs(argv, { defaultScales: ["M"] });
  if (opts.rest.length) throw new UserError(`unknown option(s): ${opts.rest.join(" ")}`);
  const scale = opts.scales[0];
  installSignalHandlers(async () => {});
  const { odoo } = locateOdoo();
  if (!odoo) throw new UserError("no Odoo 19 tree found (set ODOO_SRC=/path/to/odoo-19)");
  describeOdoo(odoo);
  BenchEnv.check(odoo);
  const server = await setUpPostgres({ persistent: opts.keep });
  const work = makeTempDir("amc-bench-load-");
  const bench = new BenchEnv({ odoo, server, work, linkDir: makeAddonsLinkDir(work), say, keep: opts.keep });
  const db = `amc_bench_load_${scale.toLowerCase()}_${Date.now().toString(36)}`;
  const kept = `amc_bench_${scale.toLowerCase()}_kept`;
  if (opts.keep && dbOp(odoo, server, { op: "exists", db: kept })) {
    // `npm run bench:scale -- --keep` left this scale's data: the load runs on a copy of it
    say(`copying ${kept} (kept by bench:scale --keep) to ${db}, then updating addon_amc in the copy`);
    bench.clone(kept, db);
    await bench.install(db, spawnOdoo, odooEnv, { update: true });
  } else {
    say(`installing addon_amc in ${db}, then building scale ${scale} (waiting for Odoo)`);
    await bench.install(db, spawnOdoo, odooEnv);
    await bench.driver("build", db, scale, odooEnv);
  }

  const port = await freePort();
  const logPath = path.join(bench.logDir, "bench-load-server.log");
  const log = fs.createWriteStream(logPath);
  const args = [...bench.odooArgs(db), "--workers", "4", "--max-cron-threads", "0", "--http-interface", "127.0.0.1", "--http-port", String(port), "--log-level", "info", "--limit-time-real", "900", "--limit-time-cpu", "900", "--limit-memory-soft", "4294967296", "--limit-memory-hard", "5368709120"];
  const lines = [];
  const proc = spawnOdoo(odoo, args, odooEnv(odoo, server), work, (line) => {
    log.write(`${line}\n`);
    lines.push(line);
  });
  onCleanup(
    () => proc.stop(10000),
    () => proc.killSync(),
  );
  let exited = false;
  proc.done.then(() => (exited = true));
  if (!(await waitForHttp(port, () => exited))) throw new UserError(`the server did not answer; see ${logPath}`);
  say(`prefork server (4 workers) on 127.0.0.1:${port}; ${AGENTS} agents, ${rounds} rounds or ${seconds} s each`);

  // what the agents work on: open requests of the busiest agreement and of the others
  const admin = new Session(port, db);
  await admin.login("bench_manager");
  const agreements = await admin.kw("amc.agreement", "search_read", [[["name", "=like", "Bench %"]], ["id"]], { order: "id" });
  const busiestId = agreements[0].id; // the generator gives the first agreement the largest share
  const open = [["state", "in", ["new", "in_progress"]]];
  const busy = await admin.kw("amc.request", "search", [[...open, ["agreement_id", "=", busiestId]]], { limit: 40 });
  const elsewhere = await admin.kw("amc.request", "search", [[...open, ["agreement_id", "!=", busiestId]]], { limit: 200 });
  // a few requests change state (in progress <-> waiting, both open); time is logged on the others
  const stateful = elsewhere.slice(-Math.min(AGENTS, Math.floor(elsewhere.length / 2)));
  const others = elsewhere.slice(0, elsewhere.length - stateful.length);
  if (!busy.length || !others.length || !stateful.length) throw new UserError("the data has no open requests to work on");

  await sleep(500);
  const retriesBefore = countRetries(lines);
  const deferredBefore = countDeferred(lines);
  const samples = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: AGENTS }, (_v, i) => agentLoop(i, port, db, { busy, others, stateful }, t0 + seconds * 1000, rounds, samples)),
  );
  const wall = (Date.now() - t0) / 1000;
  await sleep(1000);
  const retries = countRetries(lines) - retriesBefore;
  const deferred = countDeferred(lines) - deferredBefore;
  await proc.stop(10000);
  await new Promise((resolve) => log.end(resolve));

  const { rows, total, errors } = loadRows(samples, wall);
  process.stdout.write(`\n${markdownTable(["action", "calls", "per second", "p50", "p95", "errors"], rows)}\n\n`);
  say(`${total} calls in ${wall.toFixed(1)} s (${(total / wall).toFixed(1)}/s), ${errors} errors, ${retries} serialization retries, ${deferred} allocations deferred until after their commit (server log: ${path.relative(process.cwd(), logPath)})`);
  for (const sample of samples.filter((x) => !x.ok).slice(0, 5)) say(`error: ${sample.action}: ${sample.error}`);

  say("checking every pack and statement against a full recomputation");
  const check = await bench.driver("check", db, scale, odooEnv);
  const ok =
    errors === 0 && check.pack_differences === 0 && check.statement_differences === 0 && check.pending === 0 && check.request_differences === 0;
  say(
    `${check.packs} packs: ${check.pack_differences} differ from a full recomputation; statements: ${check.statement_differences} differ; ` +
      `requests whose hours differ from their time and allocation: ${check.request_differences}; ${check.pending} allocations still pending`,
  );
  say(ok ? "load run: zero errors, packs and statements equal a full recomputation" : "load run: FAILED (see above)");
  return ok ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  process.stderr.write(`bench:load: error: ${err instanceof UserError ? err.message : err.stack}\n`);
}
await runCleanup();
await sweepMarkedProcesses(3000, say);
process.exit(code);
