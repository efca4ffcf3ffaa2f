#!/usr/bin/env node
// build/odoo.mjs — run addon_amc inside a real Odoo 19 (node stdlib only, no npm install needed).
//
//   node build/odoo.mjs test  [--] [extra odoo-bin options]   (npm run test:odoo)
//   node build/odoo.mjs start [--update] [--] [extra odoo-bin options]   (npm start)
//
// WHICH ODOO (first match wins; the tree used is printed):
//   1. $ODOO_SRC — an Odoo 19.0 source tree (contains odoo/release.py, odoo/cli/ and
//      setup/odoo or odoo-bin; in 19, odoo/ has no __init__.py). If ODOO_SRC is set but is
//      not an Odoo 19 tree, that is an ERROR (exit 1), never a skip: an explicit setting must
//      not be silently ignored.
//      ODOO_SRC=none means "do not look for Odoo" (test:odoo then skips).
//   2. `import odoo` in the system Python ($ODOO_PYTHON, default /usr/bin/python3) — how
//      Odoo's Debian package installs it; the server is then /usr/bin/odoo (or python -m odoo).
//   3. Conventional checkouts, each used only if it is a 19.0 tree: /opt/odoo19, /opt/odoo,
//      ../odoo (next to this repository).
//   Python: $ODOO_PYTHON or /usr/bin/python3, run with PYTHONPATH=<tree> (cases 1 and 3).
//   Addons path: <tree>/odoo/addons (+ <tree>/addons if present) + a private directory holding
//   a symlink addon_amc -> this repository (so the checkout may have any name). Trees whose
//   addons directories hold Odoo Enterprise (OEEL-1) modules are refused.
//
// WHICH POSTGRESQL:
//   If any of PGHOST, PGPORT, PGUSER, PGPASSWORD is set, that existing server is used (test:
//   a uniquely named database, dropped afterwards). Otherwise a private cluster is created
//   with initdb from /usr/lib/postgresql/<newest>/bin ($PG_BIN overrides) — role `odoo`,
//   trust auth, unix socket only (listen_addresses=''), socket in a private temp dir, on a
//   free port number. PostgreSQL refuses to run as root: as root the cluster runs as the
//   `postgres` OS user (else `nobody`).
//     test : the cluster, Odoo's data dir and the addons symlink live in a temp dir that is
//            always deleted (normal end, failure, Ctrl-C/SIGTERM).
//     start: the cluster lives in .odoo-run/pg/ and Odoo's data dir (filestore) in
//            .odoo-run/data/ (gitignored), so database addon_amc_demo survives between runs.
//            (If the `postgres` user cannot reach .odoo-run/, /var/tmp/addon_amc-<hash>/ is
//            used instead and a note says so.)
//
// `test`: installs addon_amc with demo data (--with-demo; Odoo 19 loads no demo data by
//   default) in a fresh database, runs `--test-enable --test-tags /addon_amc` (at_install and
//   post_install tests, HttpCase tours included: an HTTP port is opened on 127.0.0.1, a
//   Chromium is required) with --stop-after-init, streams the log to the console and to
//   .odoo-run/test-odoo.log. It FAILS on: any failed/erroring test, zero tests run, no test
//   summary line (crash), a non-zero Odoo exit, a timeout ($AMC_ODOO_TIMEOUT seconds, default
//   3600), and any WARNING/ERROR/CRITICAL log record that comes from an odoo.addons.addon_amc
//   logger or mentions addon_amc or one of the module's model names (the records are printed).
//   The last line is exactly `N passed, M failed` (`, K skipped` when tests were skipped):
//   N = tests run minus failed/erroring and skipped tests;
//   M = failed/erroring tests + 1 for each other failure reason above.
//   No Odoo 19 found => prints ONE line
//     test:odoo: skipped — no Odoo 19 tree found (set ODOO_SRC=/path/to/odoo-19 or install Odoo's Debian package)
//   and exits 0.
//
// MACHINE-READABLE RESULT (used by build/test.mjs): when $AMC_ODOO_SUMMARY names a file, `test`
//   writes JSON there before exiting:
//     {"status": "passed"|"failed"|"skipped"|"error", "passed": N, "failed": M,
//      "testsRun": T, "problems": [...], "tree": "...", "log": "..."}
//   "skipped" = no Odoo found (exit 0); "error" = could not run (missing tool, exit 1).
//
// `start`: database addon_amc_demo (override: $AMC_DB) with demo data; addon_amc is
//   installed (-i) when absent, updated (-u) when the version in __manifest__.py differs from
//   the installed one or with --update, else just loaded. Serves http://127.0.0.1:8069
//   ($AMC_HTTP_PORT overrides), login admin / admin. Ctrl-C (SIGINT) or SIGTERM stops Odoo,
//   then the private cluster.
//
// Errors about missing pieces (Odoo, its Python packages, PostgreSQL, Chromium) are printed
// as one paragraph with the install command, exit code 1, no stack trace.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import {
  UserError,
  installSignalHandlers,
  onCleanup,
  runCleanup,
  sweepMarkedProcesses,
  markedEnv,
  freePort,
  portIsFree,
  isAlive,
  sleep,
  wrap,
  interrupted,
} from "./lib/proc.mjs";
import {
  findOdoo,
  checkPythonDeps,
  pythonEnv,
  treeAddonsDirs,
  checkNoEnterprise,
  findPgBin,
  pgBinMissingMessage,
  findChromium,
  chromiumMissingMessage,
  NOT_FOUND_HINT,
} from "./lib/odoo-env.mjs";
import { PrivateCluster, ExternalServer, externalServerEnv, clusterUser, userCanWrite, dbOp } from "./lib/pg.mjs";
import { OdooLogScanner, declaredModelNames } from "./lib/odoo-log.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MODULE = "addon_amc";
const RUN_DIR = path.join(REPO, ".odoo-run");
export const SKIP_LINE =
  "test:odoo: skipped — no Odoo 19 tree found (set ODOO_SRC=/path/to/odoo-19 or install Odoo's Debian package)";

let PREFIX = "odoo";
/** The prefix of this script's messages (build/e2e.mjs sets its own). */
export function setPrefix(prefix) {
  PREFIX = prefix;
}
const say = (msg) => process.stdout.write(`${PREFIX}: ${msg}\n`);

// ---------------------------------------------------------------------------------------
// shared set-up

function shortTmpRoot() {
  // unix socket paths are limited to ~107 bytes and pg_ctl passes them through /bin/sh
  const t = os.tmpdir();
  return t.length <= 40 && /^[\w/.-]+$/.test(t) ? t : "/tmp";
}

export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(shortTmpRoot(), prefix));
  fs.chmodSync(dir, 0o711); // the cluster's OS user must be able to traverse it
  onCleanup(
    async () => fs.rmSync(dir, { recursive: true, force: true }),
    () => fs.rmSync(dir, { recursive: true, force: true }),
  );
  return dir;
}

/** A directory whose entry `addon_amc` is a symlink to this repository. */
export function makeAddonsLinkDir(parent) {
  const dir = path.join(parent, "addons");
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(REPO, path.join(dir, MODULE), "dir");
  return dir;
}

function manifestVersion() {
  const text = fs.readFileSync(path.join(REPO, "__manifest__.py"), "utf8");
  const m = /["']version["']\s*:\s*["']([^"']+)["']/.exec(text);
  return m ? m[1] : null;
}

function moduleModelNames() {
  const sources = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "__pycache__") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".py")) sources.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(path.join(REPO, MODULE));
  return declaredModelNames(sources);
}

export function locateOdoo() {
  const notes = [];
  const odoo = findOdoo({ repoRoot: REPO, notes });
  return { odoo, notes };
}

export function describeOdoo(odoo) {
  say(`Odoo 19 tree: ${odoo.tree} (found via ${odoo.source}); server: ${odoo.command.join(" ")}`);
}

export async function setUpPostgres({ persistent }) {
  const ext = externalServerEnv();
  if (ext) {
    const server = new ExternalServer(ext);
    server.check();
    say(`using the ${server.describe()}`);
    return server;
  }
  const pgBin = findPgBin();
  if (!pgBin) throw new UserError(pgBinMissingMessage());
  const user = clusterUser();
  let parent;
  let sockDir;
  if (persistent) {
    parent = path.join(RUN_DIR, "pg");
    fs.mkdirSync(parent, { recursive: true });
    if (user) fs.chownSync(parent, user.uid, user.gid);
    if (!userCanWrite(parent, user)) {
      const hash = crypto.createHash("sha1").update(REPO).digest("hex").slice(0, 10);
      const alt = path.join("/var/tmp", `addon_amc-${hash}`);
      fs.mkdirSync(alt, { recursive: true, mode: 0o755 });
      fs.chmodSync(alt, 0o755);
      parent = path.join(alt, "pg");
      fs.mkdirSync(parent, { recursive: true });
      if (user) fs.chownSync(parent, user.uid, user.gid);
      say(`note: the ${user.name} user cannot reach ${RUN_DIR}; the PostgreSQL cluster lives in ${parent}`);
    }
    sockDir = path.join(makeTempDir("amc-pg-"), "sock");
  } else {
    const tmp = makeTempDir("amc-odoo-test-");
    parent = path.join(tmp, "pg");
    sockDir = path.join(tmp, "sock");
  }
  const cluster = new PrivateCluster({
    pgBin,
    dataDir: path.join(parent, "data"),
    sockDir,
    port: await freePort(),
    user,
    fast: !persistent,
  });
  if (persistent && cluster.runningPid()) {
    say(`note: stopping a PostgreSQL left running by an earlier run (pid ${cluster.runningPid()})`);
    await cluster.stop();
  }
  const created = cluster.init();
  onCleanup(
    () => cluster.stop(),
    () => cluster.stopSync(),
  );
  await cluster.start();
  say(`${created ? "created and started" : "started"} ${cluster.describe()}${user ? ` as OS user ${user.name}` : ""}`);
  return cluster;
}

/** Environment for Odoo: PG* removed unless they name the server; marker added. */
export function odooEnv(odoo, server) {
  const env = pythonEnv(odoo);
  if (!(server instanceof ExternalServer)) {
    for (const k of Object.keys(env)) if (/^PG[A-Z_]+$/.test(k)) delete env[k];
  }
  delete env.ODOO_PY_COLORS;
  return markedEnv(env);
}

/**
 * Spawn Odoo in its own process group; every output line goes to `onLine`.
 * Returns {child, done: Promise<{code, signal}>, stop(graceful)}.
 */
export function spawnOdoo(odoo, args, env, cwd, onLine) {
  const [cmd, ...pre] = odoo.command;
  const child = spawn(cmd, [...pre, ...args], { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pump = (stream) => {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) !== -1) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    stream.on("end", () => {
      if (buf) onLine(buf);
      buf = "";
    });
  };
  pump(child.stdout);
  pump(child.stderr);
  let exited = false;
  const done = new Promise((resolve) => {
    child.on("error", (err) => {
      exited = true;
      resolve({ code: 127, signal: null, error: err });
    });
    child.on("close", (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* gone */
    }
  };
  /** graceful: SIGINT first (Odoo's clean shutdown), then SIGTERM, then SIGKILL. */
  const stop = async (graceMs = 15000) => {
    if (exited || !child.pid) return;
    signalGroup("SIGINT");
    const t0 = Date.now();
    while (!exited && Date.now() - t0 < graceMs) await sleep(100);
    if (!exited) {
      signalGroup("SIGTERM");
      await sleep(3000);
    }
    if (!exited) signalGroup("SIGKILL");
    await Promise.race([done, sleep(5000)]);
  };
  const killSync = () => {
    if (!exited && child.pid) signalGroup("SIGKILL");
  };
  return { child, done, stop, killSync };
}

export function baseOdooArgs({ confFile, db, addonsPath, dataDir, httpPort, server }) {
  return [
    "--config", confFile,
    "--database", db,
    "--db-filter", `^${db}$`,
    "--addons-path", addonsPath.join(","),
    "--data-dir", dataDir,
    "--http-interface", "127.0.0.1",
    "--http-port", String(httpPort),
    "--workers", "0",
    "--log-level", "info",
    ...server.odooArgs(),
  ];
}

function splitArgs(rest) {
  const i = rest.indexOf("--");
  return i === -1 ? { own: rest, passthrough: [] } : { own: rest.slice(0, i), passthrough: rest.slice(i + 1) };
}

function writeSummary(obj) {
  const file = process.env.AMC_ODOO_SUMMARY;
  if (!file) return;
  try {
    fs.writeFileSync(file, JSON.stringify(obj, null, 2) + "\n");
  } catch (err) {
    process.stderr.write(`could not write ${file}: ${err.message}\n`);
  }
}

// ---------------------------------------------------------------------------------------
// test

async function cmdTest(rest) {
  PREFIX = "test:odoo";
  const { own, passthrough } = splitArgs(rest);
  if (own.length) throw new UserError(`unknown option(s) for test: ${own.join(" ")}`);

  let odooProc = null;
  installSignalHandlers(async () => {
    if (odooProc) await odooProc.stop(5000);
  });

  const { odoo } = locateOdoo();
  if (!odoo) {
    process.stdout.write(`${SKIP_LINE}\n`);
    writeSummary({ status: "skipped", passed: 0, failed: 0, testsRun: 0, problems: [] });
    return 0;
  }
  describeOdoo(odoo);
  checkPythonDeps(odoo, { forTests: true });
  const addonsDirs = treeAddonsDirs(odoo.tree);
  checkNoEnterprise(addonsDirs);
  const chromium = findChromium();
  if (!chromium) throw new UserError(chromiumMissingMessage());
  say(`browser for tours: ${chromium}`);

  const server = await setUpPostgres({ persistent: false });
  const work = makeTempDir("amc-odoo-run-");
  const linkDir = makeAddonsLinkDir(work);
  const db = `amc_test_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${crypto.randomBytes(3).toString("hex")}`;
  if (server instanceof ExternalServer) {
    onCleanup(async () => {
      try {
        dbOp(odoo, server, { op: "drop", db });
        say(`dropped database ${db}`);
      } catch (err) {
        say(`could not drop database ${db}: ${err.message}`);
      }
    });
  }
  const confFile = path.join(work, "odoo.conf");
  fs.writeFileSync(confFile, "[options]\n");
  const httpPort = await freePort();
  const args = [
    ...baseOdooArgs({
      confFile,
      db,
      addonsPath: [...addonsDirs, linkDir],
      dataDir: path.join(work, "data"),
      httpPort,
      server,
    }),
    "--init", MODULE,
    "--with-demo",
    "--test-enable",
    "--test-tags", `/${MODULE}`,
    "--max-cron-threads", "0",
    "--stop-after-init",
    ...passthrough,
  ];
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const logPath = path.join(RUN_DIR, "test-odoo.log");
  const logOut = fs.createWriteStream(logPath);
  say(`database ${db}, HTTP on 127.0.0.1:${httpPort}, log file ${path.relative(process.cwd(), logPath) || logPath}`);
  say(`running: ${odoo.command.join(" ")} ${args.join(" ")}`);

  const scanner = new OdooLogScanner({ module: MODULE, modelNames: moduleModelNames() });
  odooProc = spawnOdoo(odoo, args, odooEnv(odoo, server), work, (line) => {
    process.stdout.write(`${line}\n`);
    logOut.write(`${line}\n`);
    scanner.feed(line);
  });
  onCleanup(
    () => odooProc.stop(5000),
    () => odooProc.killSync(),
  );
  const timeoutS = Number(process.env.AMC_ODOO_TIMEOUT || 3600);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    say(`timeout: Odoo ran for more than ${timeoutS} s; stopping it`);
    odooProc.stop(5000);
  }, timeoutS * 1000);
  const res = await odooProc.done;
  clearTimeout(timer);
  await new Promise((resolve) => logOut.end(resolve));
  scanner.finish();

  // ---- verdict
  const problems = [];
  const s = scanner.summary;
  const testFailed = s ? s.failed + s.errors : scanner.testFailures.length;
  const testsRun = s ? s.run : scanner.started;
  if (interrupted()) problems.push("interrupted");
  if (timedOut) problems.push(`timed out after ${timeoutS} s`);
  if (!s) {
    problems.push(
      "Odoo printed no test summary ('… tests when loading database …'): the server crashed or stopped before the tests finished",
    );
  } else if (s.run === 0) {
    problems.push(
      `no test ran: Odoo found no addon_amc tests (tests/__init__.py must import the test_*.py files; tags: /${MODULE})`,
    );
  }
  if (scanner.offending.length) {
    problems.push(`${scanner.offending.length} WARNING/ERROR/CRITICAL log record(s) from or about ${MODULE}`);
  }
  if (res.code !== 0 && testFailed === 0 && !timedOut && !interrupted()) {
    problems.push(`Odoo exited with ${res.signal ? `signal ${res.signal}` : `code ${res.code}`}${res.error ? ` (${res.error.message})` : ""}`);
  }
  const skipped = scanner.skipped;
  const passed = Math.max(0, testsRun - testFailed - skipped);
  const failed = testFailed + problems.length;

  process.stdout.write("\n");
  if (scanner.testFailures.length) {
    say(`failing tests (details above and in ${logPath}):`);
    for (const f of scanner.testFailures) process.stdout.write(`  ${f}\n`);
  }
  if (scanner.offending.length) {
    say(`log records from or about ${MODULE} at WARNING level or above (not allowed):`);
    for (const r of scanner.offending) {
      const lines = r.split("\n");
      const shown = lines.length > 12 ? [...lines.slice(0, 12), `… (${lines.length - 12} more lines in the log)`] : lines;
      process.stdout.write(`${shown.map((l) => `  | ${l}`).join("\n")}\n`);
    }
  }
  if (s) say(`Odoo: ${s.failed} failed, ${s.errors} error(s) of ${s.run} tests`);
  for (const p of problems) say(`FAILED: ${p}`);

  await runCleanup();
  await sweepMarkedProcesses(3000, say);
  writeSummary({
    status: failed ? "failed" : "passed",
    passed,
    failed,
    skipped,
    testsRun,
    problems,
    tree: odoo.tree,
    log: logPath,
  });
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------
// start

function waitForHttp(url, isDone, timeoutMs = 30 * 60 * 1000) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const attempt = () => {
      if (isDone() || Date.now() - t0 > timeoutMs) return resolve(false);
      const req = http.get(url, { timeout: 10000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve(true);
        else setTimeout(attempt, 1000);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => setTimeout(attempt, 1000));
    };
    attempt();
  });
}

async function cmdStart(rest) {
  PREFIX = "start";
  const { own, passthrough } = splitArgs(rest);
  const forceUpdate = own.includes("--update");
  const unknown = own.filter((a) => a !== "--update");
  if (unknown.length) throw new UserError(`unknown option(s) for start: ${unknown.join(" ")} (extra Odoo options go after --)`);

  let odooProc = null;
  // Ctrl-C is the normal way to stop the server: exit 0 so npm does not report a failure
  installSignalHandlers(
    async () => {
      if (odooProc) await odooProc.stop(20000);
    },
    { exitCode: 0 },
  );

  const { odoo, notes } = locateOdoo();
  if (!odoo) {
    throw new UserError(
      `npm start needs Odoo 19, and no Odoo 19 tree was found (looked at $ODOO_SRC, \`import odoo\` in ` +
        `${process.env.ODOO_PYTHON || "/usr/bin/python3"}, /opt/odoo19, /opt/odoo and ../odoo` +
        `${notes.length ? `; ${notes.join("; ")}` : ""}): ${NOT_FOUND_HINT}.`,
    );
  }
  describeOdoo(odoo);
  checkPythonDeps(odoo, { forTests: false });
  const addonsDirs = treeAddonsDirs(odoo.tree);
  checkNoEnterprise(addonsDirs);
  if (!findChromium()) {
    say("note: no Chromium found (`apt-get install chromium`); the server runs, but tours and PDF-free browser tests need it.");
  }

  fs.mkdirSync(RUN_DIR, { recursive: true });
  const lockFile = path.join(RUN_DIR, "start.pid");
  try {
    const other = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (other && other !== process.pid && isAlive(other)) {
      throw new UserError(`npm start is already running for this checkout (pid ${other}); stop it first (Ctrl-C in its terminal, or kill -INT ${other}).`);
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
  }
  fs.writeFileSync(lockFile, `${process.pid}\n`);
  onCleanup(
    async () => fs.rmSync(lockFile, { force: true }),
    () => fs.rmSync(lockFile, { force: true }),
  );

  const httpPort = Number(process.env.AMC_HTTP_PORT || 8069);
  if (!(await portIsFree(httpPort))) {
    throw new UserError(`Port ${httpPort} on 127.0.0.1 is already in use; stop whatever listens there, or set AMC_HTTP_PORT to another port.`);
  }

  const server = await setUpPostgres({ persistent: true });
  const db = process.env.AMC_DB || "addon_amc_demo";
  const exists = dbOp(odoo, server, { op: "exists", db });
  const mod = exists ? dbOp(odoo, server, { op: "module", dbname: db, module: MODULE }) : null;
  const version = manifestVersion();
  let action = [];
  if (!exists) {
    say(`creating database ${db} with demo data and installing ${MODULE} (first run: this takes a minute)`);
    action = ["--init", MODULE];
  } else if (!mod || mod.state !== "installed") {
    say(`installing ${MODULE} in database ${db}`);
    action = ["--init", MODULE];
  } else if (forceUpdate || (version && mod.version !== version)) {
    say(`updating ${MODULE} in database ${db} (${forceUpdate ? "--update" : `version ${mod.version} -> ${version}`})`);
    action = ["--update", MODULE];
  } else {
    say(`reusing database ${db} (${MODULE} ${mod.version} installed)`);
  }

  const work = makeTempDir("amc-odoo-start-");
  const linkDir = makeAddonsLinkDir(work);
  const confFile = path.join(work, "odoo.conf");
  fs.writeFileSync(confFile, "[options]\n");
  const args = [
    ...baseOdooArgs({
      confFile,
      db,
      addonsPath: [...addonsDirs, linkDir],
      dataDir: path.join(RUN_DIR, "data"),
      httpPort,
      server,
    }),
    "--with-demo",
    ...action,
    ...passthrough,
  ];
  const logPath = path.join(RUN_DIR, "odoo.log");
  const logOut = fs.createWriteStream(logPath);
  say(`running: ${odoo.command.join(" ")} ${args.join(" ")}`);
  odooProc = spawnOdoo(odoo, args, odooEnv(odoo, server), work, (line) => {
    process.stdout.write(`${line}\n`);
    logOut.write(`${line}\n`);
  });
  onCleanup(
    () => odooProc.stop(20000),
    () => odooProc.killSync(),
  );
  let exited = false;
  odooProc.done.then(() => (exited = true));
  const url = `http://127.0.0.1:${httpPort}`;
  waitForHttp(`${url}/web/login?db=${encodeURIComponent(db)}`, () => exited).then((ok) => {
    if (!ok) return;
    process.stdout.write(
      `\n${"=".repeat(72)}\n` +
        `  addon_amc is running: ${url}/odoo   (database ${db})\n` +
        `  login: admin   password: admin\n` +
        `  Ctrl-C stops Odoo and PostgreSQL.\n` +
        `${"=".repeat(72)}\n\n`,
    );
  });
  const res = await odooProc.done;
  await new Promise((resolve) => logOut.end(resolve));
  if (!interrupted()) say(`Odoo exited (${res.signal ? `signal ${res.signal}` : `code ${res.code}`})`);
  await runCleanup();
  await sweepMarkedProcesses(3000, say);
  return interrupted() ? 0 : res.code ?? 1;
}

// ---------------------------------------------------------------------------------------

const USAGE = `usage: node build/odoo.mjs test  [--] [odoo options]     run addon_amc's Odoo tests (npm run test:odoo)
       node build/odoo.mjs start [--update] [--] [odoo options]   serve the demo database (npm start)`;

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  process.stdout.on("error", () => {}); // e.g. piped into head
  try {
    if (cmd === "test") return await cmdTest(rest);
    if (cmd === "start") return await cmdStart(rest);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (err) {
    const isUser = err instanceof UserError;
    const text = isUser ? err.message : `internal error: ${err && err.stack ? err.stack : err}`;
    process.stderr.write(`\n${PREFIX}: error:\n${isUser ? wrap(text) : text}\n`);
    if (cmd === "test") {
      writeSummary({ status: "error", passed: 0, failed: 1, testsRun: 0, problems: [text] });
    }
    await runCleanup();
    await sweepMarkedProcesses(3000);
    if (cmd === "test") process.stdout.write("0 passed, 1 failed\n");
    return 1;
  }
}

// run only as a script: build/e2e.mjs imports the helpers above
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => {
    process.exitCode = code;
    // let stdout drain, then leave even if a stray handle (timer, socket) is open
    setTimeout(() => process.exit(code), 50).unref();
  });
}
