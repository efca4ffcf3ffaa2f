// Getting an Odoo 19 tree when none is installed: a shallow clone of the 19.0 branch into a
// cache folder outside the project, made once and reused (node stdlib only).
//
//   cache folder : $AMC_CACHE_DIR, else $XDG_CACHE_HOME/addon_amc, else ~/.cache/addon_amc
//   clone        : <cache>/odoo-19.0 (git clone --depth 1 --branch 19.0 $ODOO_GIT_URL)
//   decision     : ODOO_AUTO_FETCH=1 clones, ODOO_AUTO_FETCH=0 never does; otherwise a
//                  terminal is asked, and without one (CI) nothing is cloned.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { spawn } from "node:child_process";
import { UserError, which, onCleanup } from "./proc.mjs";

export const ODOO_BRANCH = "19.0";
export const DEFAULT_ODOO_GIT_URL = "https://github.com/odoo/odoo.git";
export const CLONE_SIZE_HINT = "about 1.5 GB on disk";

/** The project's cache folder (Odoo clone, Python venvs). */
export function cacheDir(env = process.env) {
  if (env.AMC_CACHE_DIR) return path.resolve(env.AMC_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache");
  return path.join(base, "addon_amc");
}

/** Where the cloned tree lives (whether or not it exists yet). */
export function cachedTreePath(env = process.env) {
  return path.join(cacheDir(env), `odoo-${ODOO_BRANCH}`);
}

/**
 * The URL to clone from. A local path becomes a file:// URL, because git ignores --depth for
 * plain local paths (it would hard-link the whole history instead of a shallow copy).
 */
export function odooGitUrl(env = process.env) {
  const raw = env.ODOO_GIT_URL || DEFAULT_ODOO_GIT_URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || /^[^/]+@[^/]+:/.test(raw)) return raw; // URL or scp-like
  const local = path.resolve(raw.replace(/^~(?=\/|$)/, env.HOME || os.homedir()));
  return `file://${local}`;
}

/**
 * Whether to clone Odoo when no tree was found:
 *   {action: "clone"} | {action: "ask"} | {action: "skip", reason}
 * `interactive`: stdin and stdout are a terminal.
 */
export function fetchDecision({ env = process.env, interactive = false } = {}) {
  if (env.ODOO_SRC === "none") return { action: "skip", reason: "ODOO_SRC=none" };
  if (env.ODOO_AUTO_FETCH === "1") return { action: "clone" };
  if (env.ODOO_AUTO_FETCH !== undefined && env.ODOO_AUTO_FETCH !== "") {
    return { action: "skip", reason: `ODOO_AUTO_FETCH=${env.ODOO_AUTO_FETCH}` };
  }
  if (interactive && !isTruthy(env.CI)) return { action: "ask" };
  return { action: "skip", reason: "no terminal to ask (set ODOO_AUTO_FETCH=1 to clone Odoo 19 without asking)" };
}

function isTruthy(v) {
  return v !== undefined && v !== "" && v !== "0" && String(v).toLowerCase() !== "false";
}

export function isInteractive(stdin = process.stdin, stdout = process.stdout) {
  return Boolean(stdin.isTTY && stdout.isTTY);
}

/** The question asked on a terminal. */
export function fetchQuestion(env = process.env) {
  return (
    `No Odoo ${ODOO_BRANCH} tree was found. Clone it now (shallow clone of branch ${ODOO_BRANCH}, ` +
    `${CLONE_SIZE_HINT}) from ${odooGitUrl(env)} into ${cachedTreePath(env)}? It is reused by later runs. [Y/n] `
  );
}

/** Ask a yes/no question on the terminal (Enter = yes). */
export function askYesNo(question, { input = process.stdin, output = process.stdout } = {}) {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input, output });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(!/^\s*n/i.test(answer));
    });
    rl.on("close", () => {
      if (!answered) resolve(false); // Ctrl-D
    });
  });
}

/** A line out of git's progress output worth showing ("Receiving objects:  42% (…)"). */
export function gitProgressStep(line) {
  const m = /^(?:remote: )?([A-Za-z ]+):\s+(\d+)%/.exec(line.trim());
  if (!m) return null;
  return { phase: m[1].trim().toLowerCase(), percent: Number(m[2]), text: line.trim() };
}

/**
 * Shallow-clone the 19.0 branch into the cache. The clone goes to a temporary sibling first
 * and is renamed when complete, so an interrupted clone never looks like a tree.
 * Returns the tree path.
 */
export async function cloneOdoo({ env = process.env, say }) {
  const git = which("git", env.PATH || "");
  if (!git) {
    throw new UserError(
      `git is needed to fetch Odoo ${ODOO_BRANCH} (${odooGitUrl(env)}) and was not found on PATH. ` +
        `Install git, or set ODOO_SRC to an Odoo ${ODOO_BRANCH} source tree.`,
    );
  }
  const dest = cachedTreePath(env);
  const url = odooGitUrl(env);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = `${dest}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  const dropPartial = () => fs.rmSync(partial, { recursive: true, force: true });
  const undo = onCleanup(async () => dropPartial(), dropPartial);
  say(`clone: fetching Odoo ${ODOO_BRANCH} from ${url} into ${dest} (shallow, ${CLONE_SIZE_HINT}; waiting for git)`);
  const t0 = Date.now();
  const args = ["clone", "--depth", "1", "--single-branch", "--branch", ODOO_BRANCH, "--progress", url, partial];
  const res = await new Promise((resolve) => {
    const child = spawn(git, args, { env: { ...env, GIT_TERMINAL_PROMPT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    let lastPhase = "";
    let lastShown = -1;
    let lastAt = 0;
    const onChunk = (chunk) => {
      tail = (tail + chunk).slice(-4000);
      for (const piece of String(chunk).split(/[\r\n]+/)) {
        const step = gitProgressStep(piece);
        if (!step) continue;
        const now = Date.now();
        // one line per phase change, then at most every 10 s (CI logs stay short)
        if (step.phase !== lastPhase || (step.percent !== lastShown && now - lastAt > 10000)) {
          say(`clone: ${step.text}`);
          lastPhase = step.phase;
          lastShown = step.percent;
          lastAt = now;
        }
      }
    };
    child.stdout.on("data", onChunk);
    child.stderr.on("data", onChunk);
    child.on("error", (err) => resolve({ code: 127, tail: String(err) }));
    child.on("close", (code) => resolve({ code, tail }));
  });
  if (res.code !== 0) {
    dropPartial();
    undo();
    const detail = res.tail.trim().split(/[\r\n]+/).slice(-4).join(" / ");
    throw new UserError(
      `Cloning Odoo ${ODOO_BRANCH} from ${url} failed (git exit ${res.code}): ${detail}. Check the URL ` +
        `(ODOO_GIT_URL may name a mirror or a local repository that has a ${ODOO_BRANCH} branch), or set ` +
        `ODOO_SRC to an Odoo ${ODOO_BRANCH} tree.`,
    );
  }
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(partial, dest);
  undo();
  say(`clone: done in ${Math.round((Date.now() - t0) / 1000)} s`);
  return dest;
}
