#!/usr/bin/env node
// build/test.mjs — `npm test`: every check of the project, in order, continuing past failures.
// Node stdlib only, so it works as the first command on a fresh clone.
//
//   0. dependencies: `npm ci` (or `npm install` when there is no package-lock.json, or when
//      `npm ci` fails) if node_modules/ is missing or older than package.json/package-lock.json.
//      Counted only when it fails (1 failed check).
//   1. lint            npm run lint             1 check
//   2. typecheck       npm run typecheck        1 check
//   3. jest            npm run test:jest        each test counts (JSON report); 0 tests is fine
//   4. build scripts   node --test build/tests/ each test counts (TAP summary; npm run test:build)
//   5. python (pure)   npm run test:py          each test counts ("Ran N tests"); 0 tests is fine
//   6. bundle check    npm run check:bundle     1 check
//   6b. i18n check     npm run check:i18n       1 check (i18n/addon_amc.pot equals a real Odoo export)
//   7. odoo            node build/odoo.mjs test each Odoo test counts, plus 1 per extra failure
//                      reason; when no Odoo 19 is found its skip line is printed and the stage
//                      counts nothing (read from the JSON file named by AMC_ODOO_SUMMARY).
//                      On a terminal with no Odoo 19 found, npm test first asks whether to
//                      clone it (the answer goes to the stage as ODOO_AUTO_FETCH=1/0).
//   7. e2e             node build/e2e.mjs       each assertion of the two-server scenario counts;
//                      without Odoo 19 its skip line is printed (AMC_E2E_SUMMARY).
//
// Prints a per-stage summary, then exactly `N passed, M failed` as the last line
// (`, K skipped` appended when tests were skipped).
// Exit code 0 only when nothing failed.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { findOdoo } from "./lib/odoo-env.mjs";
import { fetchDecision, isInteractive, askYesNo, fetchQuestion } from "./lib/odoo-fetch.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amc-npm-test-"));
const cleanupTmp = () => fs.rmSync(tmp, { recursive: true, force: true });
process.on("exit", cleanupTmp);

let current = null; // running child, for Ctrl-C
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    // npm forwards the terminal's Ctrl-C that already reached us: pass it on only once
    if (stopping) return;
    stopping = true;
    // stages run in their own process group (a terminal's Ctrl-C reaches only us), so the
    // signal is passed on exactly once; build/odoo.mjs then stops Odoo and PostgreSQL
    process.stderr.write(`\nnpm test: ${sig} received, stopping after the current stage cleans up...\n`);
    if (current && current.exitCode === null) {
      try {
        process.kill(-current.pid, sig);
      } catch {
        /* gone */
      }
      current.on("close", () => process.exit(130));
      setTimeout(() => process.exit(130), 60000).unref();
    } else {
      process.exit(130);
    }
  });
}

function banner(title) {
  process.stdout.write(`\n${"=".repeat(8)} ${title} ${"=".repeat(Math.max(4, 70 - title.length))}\n`);
}

/** Run a command; stream its output (and keep a copy when `capture`). */
function run(cmd, args, { env = process.env, capture = false } = {}) {
  return new Promise((resolve) => {
    let out = "";
    let child;
    try {
      child = spawn(cmd, args, {
        cwd: REPO,
        env,
        stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
        detached: true,
      });
    } catch (err) {
      resolve({ code: 127, out: String(err) });
      return;
    }
    current = child;
    if (capture) {
      child.stdout.on("data", (d) => {
        process.stdout.write(d);
        out += d;
      });
      child.stderr.on("data", (d) => {
        process.stderr.write(d);
        out += d;
      });
    }
    child.on("error", (err) => {
      out += String(err);
      resolve({ code: 127, out });
    });
    child.on("close", (code, signal) => {
      current = null;
      resolve({ code: code ?? (signal ? 128 : 1), out });
    });
  });
}

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return null;
  }
}

function readJson(p) {
  try {
    return JSON.parse(fs.readFileSync(p, "utf8"));
  } catch {
    return null;
  }
}

const stages = []; // {name, passed, failed, note, skipped}
const record = (name, passed, failed, note = "", skipped = 0, details = []) =>
  stages.push({ name, passed, failed, note, skipped, details });

// ---------------------------------------------------------------------------------------
// 0. dependencies

async function ensureDeps() {
  const nm = path.join(REPO, "node_modules");
  const lock = path.join(REPO, "package-lock.json");
  const stamp = mtime(path.join(nm, ".package-lock.json")) ?? mtime(nm);
  const newest = Math.max(mtime(lock) ?? 0, mtime(path.join(REPO, "package.json")) ?? 0);
  if (stamp !== null && stamp >= newest) return;
  banner(stamp === null ? "install dependencies (node_modules missing)" : "install dependencies (package files changed)");
  const env = { ...process.env, npm_config_fund: "false", npm_config_audit: "false" };
  let res = { code: 1 };
  if (fs.existsSync(lock)) {
    res = await run(NPM, ["ci"], { env });
    if (res.code !== 0) process.stdout.write("npm ci failed; trying npm install\n");
  }
  if (res.code !== 0) res = await run(NPM, ["install"], { env });
  if (res.code !== 0) record("install", 0, 1, `npm exited with ${res.code}`);
}

// ---------------------------------------------------------------------------------------
// stages

async function singleCheck(name, script) {
  banner(name);
  const res = await run(NPM, ["run", "--silent", script]);
  if (res.code === 0) record(name, 1, 0);
  else record(name, 0, 1, `exit code ${res.code}`);
}

async function jestStage() {
  banner("jest");
  const report = path.join(tmp, "jest.json");
  const res = await run(NPM, ["run", "--silent", "test:jest", "--", "--ci", "--passWithNoTests", "--json", `--outputFile=${report}`]);
  const j = readJson(report);
  if (!j) {
    record("jest", 0, 1, `no JSON report (exit code ${res.code})`);
    return;
  }
  const passed = j.numPassedTests || 0;
  let failed = (j.numFailedTests || 0) + (j.numRuntimeErrorTestSuites || 0);
  const skipped = (j.numPendingTests || 0) + (j.numTodoTests || 0);
  let note = `${j.numTotalTests || 0} tests in ${j.numTotalTestSuites || 0} suites${skipped ? `, ${skipped} skipped` : ""}`;
  if (res.code !== 0 && failed === 0) {
    failed = 1;
    note += `; jest exited with ${res.code}`;
  }
  record("jest", passed, failed, note, skipped);
}

/** node --test on build/tests/ with the TAP reporter: "# pass N", "# fail M", "# skipped K". */
export function countTap(out) {
  const n = (key) => {
    const m = new RegExp(`^# ${key} (\\d+)$`, "m").exec(out);
    return m ? Number(m[1]) : null;
  };
  return { pass: n("pass"), fail: n("fail"), cancelled: n("cancelled") || 0, skipped: (n("skipped") || 0) + (n("todo") || 0) };
}

async function buildScriptsStage() {
  banner("build scripts (node --test)");
  const res = await run(process.execPath, ["--test", "--test-reporter=tap", "build/tests/"], { capture: true });
  const c = countTap(res.out);
  if (c.pass === null || c.fail === null) {
    record("build scripts", 0, 1, `no TAP summary (exit code ${res.code})`);
    return;
  }
  let failed = c.fail + c.cancelled;
  let note = `${c.pass + c.fail + c.skipped} tests${c.skipped ? `, ${c.skipped} skipped` : ""}`;
  if (res.code !== 0 && failed === 0) {
    failed = 1;
    note += `; exit code ${res.code}`;
  }
  record("build scripts", c.pass, failed, note, c.skipped);
}

async function pythonStage() {
  banner("python (pure tests)");
  if (!fs.existsSync(path.join(REPO, "test"))) {
    record("python", 0, 0, "no test/ directory");
    return;
  }
  const res = await run(NPM, ["run", "--silent", "test:py"], { capture: true });
  const ran = /^Ran (\d+) tests? in /m.exec(res.out);
  if (!ran) {
    record("python", 0, 1, `no "Ran N tests" line (exit code ${res.code})`);
    return;
  }
  const total = Number(ran[1]);
  const count = (key) => {
    const m = new RegExp(`\\b${key}=(\\d+)`).exec(res.out.slice(ran.index));
    return m ? Number(m[1]) : 0;
  };
  const failures = count("failures");
  const errors = count("errors");
  const skipped = count("skipped");
  const unexpected = count("unexpected successes");
  let failed = failures + errors + unexpected;
  const passed = Math.max(0, total - failed - skipped);
  let note = `${total} tests${skipped ? `, ${skipped} skipped` : ""}`;
  // exit 5 = "no tests ran" (Python >= 3.12): fine for this stage
  if (res.code !== 0 && !(res.code === 5 && total === 0) && failed === 0) {
    failed = 1;
    note += `; exit code ${res.code}`;
  }
  record("python", passed, failed, note, skipped);
}

async function odooStage() {
  banner("odoo (real Odoo 19 tests)");
  const summaryFile = path.join(tmp, "odoo-summary.json");
  const env = { ...process.env, AMC_ODOO_SUMMARY: summaryFile };
  // the stage runs without a terminal: ask here, once, whether to clone Odoo 19
  let found = true;
  try {
    found = Boolean(findOdoo({ repoRoot: REPO, env }));
  } catch {
    /* a bad ODOO_SRC: build/odoo.mjs says so */
  }
  if (!found && fetchDecision({ env, interactive: isInteractive() }).action === "ask") {
    env.ODOO_AUTO_FETCH = (await askYesNo(fetchQuestion(env))) ? "1" : "0";
  }
  const res = await run(process.execPath, [path.join(REPO, "build", "odoo.mjs"), "test"], { env });
  const s = readJson(summaryFile);
  if (!s) {
    record("odoo", 0, 1, `no result summary (exit code ${res.code})`);
  } else if (s.status === "skipped") {
    record("odoo", 0, 0, "skipped: no Odoo 19 tree found");
  } else {
    let failed = s.failed || 0;
    if (res.code !== 0 && failed === 0) failed = 1;
    const n = (s.problems || []).length;
    const note =
      s.status === "error"
        ? "could not run (see the error above)"
        : `${s.testsRun} tests${s.skipped ? `, ${s.skipped} skipped` : ""}${n ? `; ${n} other failure reason${n > 1 ? "s" : ""}, see the test:odoo: FAILED lines` : ""}`;
    // repeated under the summary: a CI log is often read from its tail
    const details = [
      ...(s.problems || []).map((p) => `FAILED: ${p}`),
      ...(s.offending || []).map((r) => `log: ${r.split("\n").join("\n       ")}`),
      ...(s.skips || []),
    ];
    record("odoo", s.passed || 0, failed, note, s.skipped || 0, details);
  }
}

async function e2eStage() {
  banner("e2e (a customer Odoo reports to a hub Odoo)");
  const summaryFile = path.join(tmp, "e2e-summary.json");
  const env = { ...process.env, AMC_E2E_SUMMARY: summaryFile };
  const res = await run(process.execPath, [path.join(REPO, "build", "e2e.mjs")], { env });
  const s = readJson(summaryFile);
  if (!s) {
    record("e2e", 0, 1, `no result summary (exit code ${res.code})`);
  } else if (s.status === "skipped") {
    record("e2e", 0, 0, "skipped: no Odoo 19 tree found");
  } else {
    let failed = s.failed || 0;
    if (res.code !== 0 && failed === 0) failed = 1;
    record("e2e", s.passed || 0, failed, "two servers, two databases");
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  process.chdir(REPO);
  await ensureDeps();
  await singleCheck("lint", "lint");
  await singleCheck("typecheck", "typecheck");
  await jestStage();
  await buildScriptsStage();
  await pythonStage();
  await singleCheck("bundle check", "check:bundle");
  // the shipped .pot against a fresh real-Odoo export (prints a skip line without Odoo)
  await singleCheck("i18n check", "check:i18n");
  await odooStage();
  await e2eStage();

  banner("summary");
  const w = Math.max(...stages.map((s) => s.name.length));
  let passed = 0;
  let failed = 0;
  for (const s of stages) {
    passed += s.passed;
    failed += s.failed;
    const mark = s.failed ? "FAIL" : "ok  ";
    process.stdout.write(`${mark} ${s.name.padEnd(w)}  ${String(s.passed).padStart(4)} passed, ${String(s.failed).padStart(3)} failed${s.note ? `  (${s.note})` : ""}\n`);
    for (const d of s.details || []) process.stdout.write(`     ${" ".repeat(w)}  ${d.split("\n").join(`\n     ${" ".repeat(w)}  `)}\n`);
  }
  const skipped = stages.reduce((sum, stage) => sum + (stage.skipped || 0), 0);
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    cleanupTmp();
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`npm test: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.stdout.write("0 passed, 1 failed\n");
    cleanupTmp();
    process.exitCode = 1;
  },
);
