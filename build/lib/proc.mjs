// Process helpers for build/odoo.mjs and build/test.mjs (node stdlib only).
//
// - UserError: an expected problem (missing tool, bad setting). The scripts print its
//   message as one paragraph and exit 1, without a stack trace.
// - A cleanup stack run exactly once: at the end of main(), on SIGINT/SIGTERM/SIGHUP,
//   and (synchronous parts only) on process exit.
// - A per-run marker environment variable: every process we start carries it, so a final
//   sweep can find and end exactly the processes this run started (Chromium children of
//   Odoo, a postmaster whose pg_ctl stop failed, ...) by pid, and nothing else.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import crypto from "node:crypto";

export class UserError extends Error {
  constructor(message) {
    super(message);
    this.name = "UserError";
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Marker put in the environment of every process this run starts. */
export const RUN_MARKER_NAME = "ADDON_AMC_RUN_ID";
export const RUN_MARKER = `${process.pid}-${crypto.randomBytes(6).toString("hex")}`;

export function markedEnv(env = process.env) {
  return { ...env, [RUN_MARKER_NAME]: RUN_MARKER };
}

// ---------------------------------------------------------------------------------------
// cleanup
const cleanups = [];
let cleaning = null;
let signalCount = 0;
let firstSignalAt = 0;

/** Register an async cleanup step; steps run in reverse order of registration. */
export function onCleanup(fn, syncFn = null) {
  const entry = { fn, syncFn, done: false };
  cleanups.push(entry);
  return () => {
    entry.done = true;
  };
}

export function runCleanup() {
  if (!cleaning) {
    cleaning = (async () => {
      while (cleanups.length) {
        const entry = cleanups.pop();
        if (entry.done) continue;
        entry.done = true;
        try {
          await entry.fn();
        } catch (err) {
          process.stderr.write(`cleanup: ${err && err.message ? err.message : err}\n`);
        }
      }
    })();
  }
  return cleaning;
}

function runCleanupSync() {
  // last resort on process exit: only synchronous steps can run here
  while (cleanups.length) {
    const entry = cleanups.pop();
    if (entry.done) continue;
    entry.done = true;
    try {
      if (entry.syncFn) entry.syncFn();
    } catch {
      /* nothing more we can do */
    }
  }
}

/**
 * Install handlers: first SIGINT/SIGTERM/SIGHUP runs the cleanup stack then exits
 * (130/143/129, or `exitCode`); `onSignal` (optional) is called first, e.g. to stop Odoo
 * gracefully. A second signal kills what is left at once.
 */
export function installSignalHandlers(onSignal = null, { exitCode = null } = {}) {
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  if (exitCode !== null) for (const k of Object.keys(codes)) codes[k] = exitCode;
  for (const [sig, code] of Object.entries(codes)) {
    process.on(sig, () => {
      // `npm start`/`npm test` in a terminal: Ctrl-C reaches us directly AND npm forwards
      // it, so a repeat within 2 s is the same keypress, not a request to hurry
      if (signalCount > 0 && Date.now() - firstSignalAt < 2000) return;
      signalCount += 1;
      if (signalCount === 1) {
        firstSignalAt = Date.now();
        process.stderr.write(`\n${sig} received: stopping and cleaning up (send it again to hurry)...\n`);
        Promise.resolve()
          .then(() => (onSignal ? onSignal(sig) : null))
          .catch(() => {})
          .then(() => runCleanup())
          .finally(() => process.exit(code));
      } else {
        process.stderr.write(`${sig} received again: killing what is left...\n`);
        killMarkedProcesses("SIGKILL");
        runCleanupSync();
        process.exit(code);
      }
    });
  }
  process.on("exit", () => {
    runCleanupSync();
  });
}

export function interrupted() {
  return signalCount > 0;
}

// ---------------------------------------------------------------------------------------
// marked-process sweep (Linux /proc; elsewhere a no-op)

/** pids of live processes (other than this one) whose environment holds our marker. */
export function markedPids() {
  const needle = Buffer.from(`${RUN_MARKER_NAME}=${RUN_MARKER}\0`);
  const pids = [];
  let entries;
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${name}/environ`);
      if (environ.indexOf(needle) !== -1) pids.push(pid);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

export function killMarkedProcesses(signal = "SIGTERM") {
  const pids = markedPids();
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
  return pids;
}

/** SIGTERM every marked process, wait up to `graceMs`, then SIGKILL the rest. */
export async function sweepMarkedProcesses(graceMs = 5000, log = null) {
  let pids = killMarkedProcesses("SIGTERM");
  if (!pids.length) return [];
  if (log) log(`stopping ${pids.length} leftover process(es): ${pids.join(", ")}`);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(200);
    if (!markedPids().length) return pids;
  }
  pids = killMarkedProcesses("SIGKILL");
  await sleep(200);
  return pids;
}

// ---------------------------------------------------------------------------------------
// small helpers

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

/** Run synchronously and capture output (never throws on a non-zero exit). */
export function capture(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts });
  return {
    status: res.status,
    signal: res.signal,
    error: res.error,
    stdout: res.stdout || "",
    stderr: res.stderr || "",
  };
}

/** Run with inherited stdio; resolves to {code, signal}. */
export function runInherit(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
    } catch (err) {
      resolve({ code: 127, signal: null, error: err });
      return;
    }
    child.on("error", (err) => resolve({ code: 127, signal: null, error: err }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
}

/** A TCP port that was free on `host` a moment ago. */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on host:port and we may bind it. */
export function portIsFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Find an executable on PATH (like `which`). */
export function which(name, pathEnv = process.env.PATH || "") {
  for (const dir of pathEnv.split(":")) {
    if (!dir) continue;
    const full = `${dir}/${name}`;
    try {
      fs.accessSync(full, fs.constants.X_OK);
      if (fs.statSync(full).isFile()) return full;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** Wrap text to about `width` columns (for the one-paragraph error messages). */
export function wrap(text, width = 88) {
  const words = text.split(/\s+/).filter(Boolean);
  const lines = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
