#!/usr/bin/env node
// build/e2e.mjs — `npm run test:e2e`: a customer's Odoo reports to its support hub, for real.
//
// Two Odoo 19 servers on 127.0.0.1 (free ports), two databases in one private PostgreSQL
// cluster (build/lib/pg.mjs, the helpers of build/odoo.mjs):
//   hub       the partner's database: an agreement with two instances, the customer's
//             production database (token) and the hub itself ("This database")
//   customer  a customer's database with a failing scheduled action (really run and failed)
//             and a pending module update (latest_version differs from the files)
// Steps, over the web client's JSON-RPC routes (/web/session/authenticate, /web/dataset/call_kw) as admin: register the instance on the hub, configure the
// customer's reporter (Settings), run the reporter's cron on the customer, then on the hub:
//   - the report is stored
//   - the health check fails the customer's cron and flags its module, not the hub's
//   - a wrong token is refused (403) with nothing stored
//   - with the last report set back past the limit, the next check fails "instance reporting"
// Both servers are stopped and everything is deleted at the end, also on failure or Ctrl-C.
// Prints `ok`/`not ok` per assertion, then exactly `N passed, M failed`. Without Odoo 19 it
// prints one skip line and exits 0. $AMC_E2E_SUMMARY names a JSON result file (build/test.mjs).

import fs from "node:fs";
import path from "node:path";
import http from "node:http";

import {
  UserError,
  installSignalHandlers,
  onCleanup,
  runCleanup,
  sweepMarkedProcesses,
  freePort,
  sleep,
  wrap,
  capture,
} from "./lib/proc.mjs";
import { checkPythonDeps, pythonEnv, treeAddonsDirs, checkNoEnterprise } from "./lib/odoo-env.mjs";
import {
  setPrefix,
  makeTempDir,
  makeAddonsLinkDir,
  locateOdoo,
  describeOdoo,
  setUpPostgres,
  odooEnv,
  spawnOdoo,
  baseOdooArgs,
} from "./odoo.mjs";

const MODULE = "addon_amc";
export const E2E_SKIP_LINE =
  "test:e2e: skipped — no Odoo 19 tree found (set ODOO_SRC=/path/to/odoo-19 or install Odoo's Debian package)";
const say = (msg) => process.stdout.write(`test:e2e: ${msg}\n`);

const results = [];
function check(ok, label, detail = "") {
  results.push({ ok, label });
  process.stdout.write(`${ok ? "ok" : "not ok"} - ${label}${!ok && detail ? `\n      ${detail}` : ""}\n`);
  return ok;
}

function writeSummary(obj) {
  const file = process.env.AMC_E2E_SUMMARY;
  if (file) fs.writeFileSync(file, `${JSON.stringify(obj)}\n`);
}

// ---------------------------------------------------------------------------------------
// HTTP / JSON-RPC

function post(port, urlPath, body, headers = {}) {
  const data = Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": data.length, ...headers },
        timeout: 120000,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const set = res.headers["set-cookie"];
          const cookie = set ? set.map((c) => c.split(";")[0]).join("; ") : "";
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8"), cookie });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout on ${urlPath}`)));
    req.on("error", reject);
    req.end(data);
  });
}

class Rpc {
  constructor(name, port, db) {
    Object.assign(this, { name, port, db, uid: null, cookie: "" });
  }

  /** One JSON-RPC call to a route of the web client, in this session (its cookie). */
  async call(route, params) {
    const res = await post(
      this.port,
      route,
      { jsonrpc: "2.0", method: "call", id: Date.now(), params },
      this.cookie ? { Cookie: this.cookie } : {},
    );
    if (res.cookie) this.cookie = res.cookie;
    let body;
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new Error(`${this.name}: ${route}: HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    }
    if (body.error) {
      const data = body.error.data || {};
      throw new Error(`${this.name}: ${route} ${JSON.stringify(params.args || []).slice(0, 200)}: ${data.message || body.error.message}`);
    }
    return body.result;
  }

  async login() {
    const info = await this.call("/web/session/authenticate", { db: this.db, login: "admin", password: "admin" });
    this.uid = info && info.uid;
    if (!this.uid) throw new Error(`${this.name}: admin/admin cannot log in`);
  }

  kw(model, method, args = [], kwargs = {}) {
    return this.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  }

  async ref(xmlid) {
    const [module, name] = xmlid.split(".");
    const [row] = await this.kw("ir.model.data", "search_read", [[["module", "=", module], ["name", "=", name]]], {
      fields: ["res_id"],
    });
    if (!row) throw new Error(`${this.name}: no record ${xmlid}`);
    return row.res_id;
  }
}

async function waitForHttp(port, db, isDone, timeoutMs = 180000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs && !isDone()) {
    const ok = await new Promise((resolve) => {
      const req = http.get({ host: "127.0.0.1", port, path: `/web/login?db=${db}`, timeout: 5000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(false));
    });
    if (ok) return true;
    await sleep(500);
  }
  return false;
}

/** A SQL statement on one database, through Odoo's Python and psycopg2 (no psql needed). */
function sql(odoo, server, db, statement, params = []) {
  const code = `
import json, sys, psycopg2
req = json.loads(sys.argv[1])
conn = psycopg2.connect(dbname=req["db"], **req["conn"])
conn.autocommit = True
cur = conn.cursor()
cur.execute(req["sql"], req["params"])
print(json.dumps(cur.rowcount))
`;
  const res = capture(odoo.python, ["-c", code, JSON.stringify({ conn: server.connInfo(), db, sql: statement, params })], {
    cwd: "/",
    env: pythonEnv(odoo),
    timeout: 60000,
  });
  if (res.status !== 0) throw new Error(`SQL on ${db} failed: ${(res.stderr || res.stdout).trim().split("\n").pop()}`);
  return JSON.parse(res.stdout.trim().split("\n").pop());
}

// ---------------------------------------------------------------------------------------

async function main() {
  setPrefix("test:e2e");
  const servers = [];
  installSignalHandlers(async () => {
    for (const s of servers) await s.stop(5000);
  });
  const { odoo } = locateOdoo();
  if (!odoo) {
    process.stdout.write(`${E2E_SKIP_LINE}\n`);
    writeSummary({ status: "skipped", passed: 0, failed: 0 });
    return 0;
  }
  describeOdoo(odoo);
  checkPythonDeps(odoo, { forTests: false });
  const addonsDirs = treeAddonsDirs(odoo.tree);
  checkNoEnterprise(addonsDirs);

  const server = await setUpPostgres({ persistent: false });
  const work = makeTempDir("amc-e2e-");
  const linkDir = makeAddonsLinkDir(work);
  const confFile = path.join(work, "odoo.conf");
  fs.writeFileSync(confFile, "[options]\n");
  const env = odooEnv(odoo, server);
  const logDir = path.join(path.dirname(new URL(import.meta.url).pathname), "..", ".odoo-run");
  fs.mkdirSync(logDir, { recursive: true });
  const stamp = Date.now().toString(36);
  const dbs = { hub: `amc_e2e_hub_${stamp}`, customer: `amc_e2e_customer_${stamp}` };

  /** Start one Odoo; `init` installs the module first (and stops), as its own process. */
  const startOdoo = async (role, { init }) => {
    const db = dbs[role];
    const port = await freePort();
    const logPath = path.join(logDir, `e2e-${role}.log`);
    const log = fs.createWriteStream(logPath, { flags: init ? "w" : "a" });
    const args = [
      ...baseOdooArgs({ confFile, db, addonsPath: [...addonsDirs, linkDir], dataDir: path.join(work, "data"), httpPort: port, server }),
      "--max-cron-threads", "0",
      ...(init ? ["--init", MODULE, "--stop-after-init"] : []),
    ];
    const proc = spawnOdoo(odoo, args, env, work, (line) => log.write(`${line}\n`));
    const entry = { role, db, port, proc, logPath, stop: (ms) => proc.stop(ms) };
    servers.push(entry);
    onCleanup(
      () => proc.stop(5000),
      () => proc.killSync(),
    );
    if (init) {
      const res = await proc.done;
      await new Promise((resolve) => log.end(resolve));
      if (res.code !== 0) throw new UserError(`installing ${MODULE} in the ${role} database failed (exit ${res.code}); see ${logPath}`);
      return entry;
    }
    let exited = false;
    proc.done.then(() => (exited = true));
    if (!(await waitForHttp(port, db, () => exited))) {
      throw new UserError(`the ${role} server did not answer on port ${port}; see ${logPath}`);
    }
    return entry;
  };

  say(`installing ${MODULE} in ${dbs.hub} and ${dbs.customer} (both at once)`);
  await Promise.all([startOdoo("hub", { init: true }), startOdoo("customer", { init: true })]);
  const [hubSrv, customerSrv] = await Promise.all([startOdoo("hub", { init: false }), startOdoo("customer", { init: false })]);
  say(`hub on 127.0.0.1:${hubSrv.port}, customer on 127.0.0.1:${customerSrv.port}`);
  const hub = new Rpc("hub", hubSrv.port, dbs.hub);
  const customer = new Rpc("customer", customerSrv.port, dbs.customer);
  await hub.login();
  await customer.login();

  // --- the customer: a scheduled action that really fails, and a pending module update
  const failingCron = await customer.kw("ir.cron", "create", [
    {
      name: "E2E customer job that fails",
      model_id: (await customer.kw("ir.model", "search", [[["model", "=", "res.partner"]]]))[0],
      state: "code",
      code: "raise UserError('the webshop connector lost its credentials')",
      interval_number: 1,
      interval_type: "days",
    },
  ]);
  await customer.kw("ir.cron", "method_direct_trigger", [[failingCron]]);
  // it failed once; make it a lasting failure (two days), as Odoo records repeated failures
  await customer.kw("ir.cron", "write", [[failingCron], { failure_count: 3, first_failure_date: isoUtc(-48 * 3600) }]);
  const [mail] = await customer.kw("ir.module.module", "search", [[["name", "=", "mail"]]]);
  await customer.kw("ir.module.module", "write", [[mail], { latest_version: "19.0.0.1" }]);

  // --- the hub: an agreement, the customer's instance with a token, and the hub itself
  const partner = await hub.kw("res.partner", "create", [{ name: "E2E Customer", is_company: true }]);
  const agreement = await hub.kw("amc.agreement", "create", [
    { name: "E2E Agreement", partner_id: partner, has_maintenance: true, date_start: isoDay(-30), date_end: isoDay(300) },
  ]);
  await hub.kw("amc.agreement", "action_activate", [[agreement]]);
  const instance = await hub.kw("amc.instance", "create", [{ agreement_id: agreement, name: "Customer Production", role: "production" }]);
  const tokenAction = await hub.kw("amc.instance", "action_generate_token", [[instance]]);
  const token = tokenAction.context.default_token;
  await hub.kw("amc.agreement", "action_register_this_database", [[agreement]]);
  const [hubInstance] = await hub.kw("amc.instance", "search", [[["agreement_id", "=", agreement], ["is_local", "=", true]]]);

  // --- the customer's reporter: settings, then its hourly cron, run now
  const settings = await customer.kw("res.config.settings", "create", [
    { amc_hub_url: `http://127.0.0.1:${hubSrv.port}`, amc_hub_token: token, amc_hub_database: dbs.hub },
  ]);
  await customer.kw("res.config.settings", "execute", [[settings]]);
  const reporterCron = await customer.ref("addon_amc.amc_instance_collector_ir_cron_report");
  await customer.kw("ir.cron", "method_direct_trigger", [[reporterCron]]);
  const params = {};
  for (const key of ["reporter_last_success", "reporter_last_failure_message"]) {
    params[key] = await customer.kw("ir.config_parameter", "get_param", [`addon_amc.${key}`]);
  }
  check(Boolean(params.reporter_last_success), "the customer's reporter recorded a successful report", JSON.stringify(params));

  const countReports = () => hub.kw("amc.instance.report", "search_count", [[["instance_id", "=", instance]]]);
  const stored = await countReports();
  check(stored === 1, "the hub stored the customer's report", `reports: ${stored}`);
  const [inst] = await hub.kw("amc.instance", "read", [[instance], ["state", "db_name", "odoo_version"]]);
  check(inst.state === "reporting" && inst.db_name === dbs.customer, "the hub shows the instance reporting, with its database name", JSON.stringify(inst));

  // --- health check on the hub: one line per check and instance
  const runCheck = async () => {
    const action = await hub.kw("amc.agreement", "action_run_health_check", [[agreement]]);
    const [checkRec] = await hub.kw("amc.health.check", "read", [[action.res_id], ["line_ids"]]);
    const lines = await hub.kw("amc.health.check.line", "read", [checkRec.line_ids, ["instance_id", "code", "status", "value", "details"]]);
    return (instanceId, code) => lines.find((l) => l.instance_id && l.instance_id[0] === instanceId && l.code === code);
  };
  let line = await runCheck();
  const cronLine = line(instance, "cron_failures");
  check(
    cronLine && cronLine.status === "fail" && String(cronLine.details).includes("E2E customer job that fails"),
    "the check fails the customer's failing scheduled action",
    JSON.stringify(cronLine),
  );
  check(cronLine && cronLine.value.startsWith("Customer Production"), "the line names the customer's instance", cronLine && cronLine.value);
  const moduleLine = line(instance, "module_updates");
  check(
    moduleLine && moduleLine.status !== "pass" && String(moduleLine.details).includes("mail: 19.0.0.1 installed"),
    "the check flags the customer's pending module update",
    JSON.stringify(moduleLine),
  );
  const hubCron = line(hubInstance, "cron_failures");
  const hubModules = line(hubInstance, "module_updates");
  check(
    hubCron && hubCron.status === "pass" && hubModules && hubModules.status === "pass",
    "the hub's own instance passes both (the customer's problems are not the hub's)",
    JSON.stringify({ hubCron, hubModules }),
  );

  // --- a wrong token: refused, nothing stored
  const before = await countReports();
  const totalBefore = await hub.kw("amc.instance.report", "search_count", [[]]);
  const wrong = await post(hubSrv.port, "/addon_amc/instance/report", { schema: 1 }, {
    Authorization: "Bearer amci_this-is-not-the-token",
    "X-Odoo-Database": dbs.hub,
  });
  check(wrong.status === 403, "a wrong token is refused with 403", `${wrong.status} ${wrong.text}`);
  check(
    (await countReports()) === before && (await hub.kw("amc.instance.report", "search_count", [[]])) === totalBefore,
    "nothing is stored for the wrong token",
  );

  // --- the last report set back past the limit (26 h): "instance reporting" fails
  sql(odoo, server, dbs.hub, "UPDATE amc_instance SET last_report_date = (now() at time zone 'UTC') - interval '27 hours' WHERE id = %s", [instance]);
  line = await runCheck();
  const reporting = line(instance, "instance_reporting");
  check(reporting && reporting.status === "fail" && reporting.value.includes("silent"), 'the next check fails "instance reporting" for the silent instance', JSON.stringify(reporting));
  const hubReporting = line(hubInstance, "instance_reporting");
  check(hubReporting && hubReporting.status === "pass", "the hub's own instance still reports", JSON.stringify(hubReporting));
  return 0;
}

function isoUtc(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace("T", " ").slice(0, 19);
}

function isoDay(offsetDays) {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  const text = err instanceof UserError ? wrap(err.message) : err && err.stack ? err.stack : String(err);
  process.stderr.write(`\ntest:e2e: error:\n${text}\n`);
  results.push({ ok: false, label: "the scenario ran to the end" });
  exitCode = 1;
}
await runCleanup();
await sweepMarkedProcesses(3000, say);
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (results.length) {
  writeSummary({ status: failed ? "failed" : "passed", passed, failed });
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}
process.exitCode = failed || exitCode ? 1 : 0;
setTimeout(() => process.exit(process.exitCode), 50).unref();
