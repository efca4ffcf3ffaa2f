// Odoo's Python dependencies in a virtual environment of the project's cache, for machines
// whose system Python lacks them (node stdlib only).
//
// The venv is built with pip from the tree's requirements.txt, changed so that it installs
// without root, compilers or -dev packages:
//   - a package that builds from source against system headers is swapped for its published
//     binary wheel (REQUIREMENT_SWAPS);
//   - a package only unused modules need is left out (REQUIREMENT_OMIT), and said so;
//   - a pin with no wheel for this Python is relaxed to ">=" (REQUIREMENT_RELAX, and any
//     other pinned package whose source build fails, found from pip's output);
//   - what the tests and addon_amc need on top is added (EXTRA_REQUIREMENTS, and the
//     manifest's external_dependencies).
// The venv is ready only once its stamp file is written; it is keyed by the Python version
// and the plan, so a new requirements.txt or Python gets a new venv.

import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { capture, onCleanup, UserError } from "./proc.mjs";

export const REQUIREMENT_SWAPS = {
  psycopg2: {
    to: "psycopg2-binary",
    why: "psycopg2 compiles against libpq's headers (pg_config); psycopg2-binary is the same driver as a wheel",
  },
};

export const REQUIREMENT_OMIT = {
  "python-ldap": "only auth_ldap (LDAP login) needs it, and it compiles against the OpenLDAP/SASL headers",
};

export const REQUIREMENT_RELAX = {
  cbor2: "the pinned release has no wheel for newer Pythons and its source no longer builds with current setuptools",
};

/** Always installed in the venv: name -> why. */
export const EXTRA_REQUIREMENTS = {
  "websocket-client": "HttpCase tours talk to Chromium through it (Debian: python3-websocket)",
  regex: "addon_amc may use it (Debian: python3-regex)",
};

/** Import name -> PyPI name, for the probe's missing-module messages and the manifest's list. */
export const IMPORT_TO_PYPI = { websocket: "websocket-client", regex: "regex", yaml: "PyYAML", PIL: "Pillow" };

/** PEP 503 name normalisation. */
export function normalizeName(name) {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * One line of a requirements file: {name, key, spec, marker} or null (blank, comment, option).
 * `spec` keeps extras and version specifiers ("==2.9.5"), `marker` the environment marker.
 */
export function parseRequirementLine(line) {
  const noComment = line.replace(/(^|\s)#.*$/, "").trim();
  if (!noComment || noComment.startsWith("-")) return null;
  const [req, ...markerParts] = noComment.split(";");
  const marker = markerParts.join(";").trim();
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(req.trim());
  if (!m) return null;
  return { name: m[1], key: normalizeName(m[1]), extras: m[2] || "", spec: m[3].replace(/\s+/g, ""), marker };
}

function formatRequirement({ name, extras = "", spec = "", marker = "" }) {
  return `${name}${extras}${spec}${marker ? ` ; ${marker}` : ""}`;
}

/** "==5.4.2" -> ">=5.4.2"; other specifiers unchanged. */
export function relaxSpec(spec) {
  return spec.replace(/^===?/, ">=");
}

/**
 * The pip requirements the venv is built from.
 * @param {string} text  requirements.txt
 * @param {object} o
 * @param {string[]} o.extraPackages  PyPI names added (manifest external_dependencies)
 * @param {string[]} o.relaxed        further package keys whose pins are relaxed
 * @returns {{lines: string[], swapped: object[], omitted: object[], relaxed: object[], added: object[]}}
 */
export function planRequirements(text, { extraPackages = [], relaxed = [] } = {}) {
  const lines = [];
  const swapped = [];
  const omitted = [];
  const relaxedOut = [];
  const seen = new Set();
  const relaxKeys = new Set([...Object.keys(REQUIREMENT_RELAX), ...relaxed.map(normalizeName)]);
  for (const raw of text.split("\n")) {
    const req = parseRequirementLine(raw);
    if (!req) continue;
    seen.add(req.key);
    if (REQUIREMENT_OMIT[req.key]) {
      if (!omitted.some((o) => o.key === req.key)) omitted.push({ key: req.key, name: req.name, why: REQUIREMENT_OMIT[req.key] });
      continue;
    }
    let out = { ...req };
    const swap = REQUIREMENT_SWAPS[req.key];
    if (swap) {
      out.name = swap.to;
      if (!swapped.some((s) => s.from === req.name)) swapped.push({ from: req.name, to: swap.to, why: swap.why });
    }
    if (relaxKeys.has(req.key) && /^===?/.test(out.spec)) {
      const spec = relaxSpec(out.spec);
      if (!relaxedOut.some((r) => r.name === out.name)) {
        relaxedOut.push({ name: out.name, from: out.spec, to: spec, why: REQUIREMENT_RELAX[req.key] || "its source build failed here" });
      }
      out = { ...out, spec };
    }
    lines.push(formatRequirement(out));
  }
  const added = [];
  const extras = { ...EXTRA_REQUIREMENTS };
  for (const p of extraPackages) if (!(normalizeName(p) in extras)) extras[p] = "addon_amc's __manifest__.py external_dependencies";
  for (const [name, why] of Object.entries(extras)) {
    if (seen.has(normalizeName(name))) continue;
    seen.add(normalizeName(name));
    lines.push(name);
    added.push({ name, why });
  }
  return { lines, swapped, omitted, relaxed: relaxedOut, added };
}

/**
 * The package whose source build made pip fail, from pip's output, or null.
 * pip says "Failed to build X", or fails in "Getting requirements to build wheel" /
 * "Preparing metadata" right after "Collecting X==v".
 */
export function failedBuildPackage(output) {
  const failed = /Failed to build ([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(output);
  if (failed) return failed[1];
  const err = output.search(/error: (subprocess-exited-with-error|metadata-generation-failed|legacy-install-failure)/);
  if (err === -1) return null;
  const before = output.slice(0, err);
  const re = /^\s*Collecting ([A-Za-z0-9][A-Za-z0-9._-]*)/gm;
  let last = null;
  let m;
  while ((m = re.exec(before))) last = m[1];
  return last;
}

/** Version and venv support of a Python: {ok, version, major, minor, problem}. */
export function inspectPython(python) {
  const res = capture(
    python,
    ["-c", "import sys, venv, ensurepip; print('%d.%d.%d' % sys.version_info[:3])"],
    { cwd: "/", timeout: 60000 },
  );
  if (res.error || res.status === null) return { ok: false, problem: `${python} could not be run` };
  if (res.status !== 0) {
    const v = capture(python, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], { cwd: "/", timeout: 60000 });
    return {
      ok: false,
      version: v.stdout.trim(),
      problem: `${python} has no working venv/ensurepip module (Debian/Ubuntu: \`apt-get install python3-venv\`)`,
    };
  }
  const version = res.stdout.trim();
  const [major, minor] = version.split(".").map(Number);
  if (major !== 3 || minor < 10) return { ok: false, version, problem: `${python} is Python ${version}; Odoo 19 needs 3.10 or newer` };
  return { ok: true, version, major, minor };
}

export function venvDir(cache, pyVersion, plan) {
  const [maj, min] = pyVersion.split(".");
  const hash = crypto.createHash("sha256").update(`${pyVersion}\n${plan.lines.join("\n")}`).digest("hex").slice(0, 10);
  return path.join(cache, "venvs", `odoo19-py${maj}.${min}-${hash}`);
}

const STAMP = ".addon_amc-ready";

export function venvPython(dir) {
  return path.join(dir, "bin", "python");
}

export function venvReady(dir) {
  return fs.existsSync(path.join(dir, STAMP)) && fs.existsSync(venvPython(dir));
}

/** Remove the venvs an older requirements plan left for the same Python version. */
export function pruneOldVenvs(dir, say = () => {}) {
  const parent = path.dirname(dir);
  const prefix = path.basename(dir).replace(/-[0-9a-f]+$/, "-");
  let names;
  try {
    names = fs.readdirSync(parent);
  } catch {
    return [];
  }
  const old = names.filter((n) => n.startsWith(prefix) && n !== path.basename(dir));
  for (const n of old) {
    fs.rmSync(path.join(parent, n), { recursive: true, force: true });
    say(`venv: removed ${path.join(parent, n)} (made for an older requirements.txt)`);
  }
  return old;
}

/** Run a command, report a line every `everyMs` with its latest output line; resolve {code, out}. */
function runWithHeartbeat(cmd, args, { env, say, label, everyMs = 15000 }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd: "/", stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let lastLine = "";
    const t0 = Date.now();
    const onData = (d) => {
      const s = String(d);
      out += s;
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
      const lines = s.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && !/^WARNING: Location/.test(l) && !/^[━\s]/.test(l));
      if (lines.length) lastLine = lines[lines.length - 1];
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setInterval(() => {
      say(`${label}: still working (${Math.round((Date.now() - t0) / 1000)} s) — ${lastLine.slice(0, 120) || "waiting for pip"}`);
    }, everyMs);
    child.on("error", (err) => {
      clearInterval(timer);
      resolve({ code: 127, out: out + String(err) });
    });
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ code, out });
    });
  });
}

/**
 * Build (or reuse) the venv for `tree` from base Python `python`. Returns the venv's python.
 * `extraPackages`: PyPI names from the manifest. `say`: progress printer.
 */
export async function ensureVenv({ tree, python, cache, extraPackages = [], say, env = process.env }) {
  const info = inspectPython(python);
  if (!info.ok) {
    throw new UserError(
      `Odoo's Python dependencies go into a virtual environment, but ${info.problem}. Install Python ` +
        `3.10–3.12 with its venv module, or set ODOO_PYTHON to one.`,
    );
  }
  const reqFile = path.join(tree, "requirements.txt");
  let text;
  try {
    text = fs.readFileSync(reqFile, "utf8");
  } catch {
    throw new UserError(`${reqFile} is missing: the Odoo tree ${tree} looks incomplete.`);
  }
  const relaxed = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    const plan = planRequirements(text, { extraPackages, relaxed });
    const dir = venvDir(cache, info.version, plan);
    if (venvReady(dir)) {
      say(`venv: reusing ${dir}`);
      return venvPython(dir);
    }
    if (attempt === 1) {
      for (const o of plan.omitted) say(`venv: left out ${o.name} — ${o.why}`);
      for (const s of plan.swapped) say(`venv: ${s.from} -> ${s.to} — ${s.why}`);
      for (const r of plan.relaxed) say(`venv: ${r.name} pin relaxed (${r.from} -> ${r.to}) — ${r.why}`);
      for (const a of plan.added) say(`venv: added ${a.name} — ${a.why}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const drop = () => {
      if (!venvReady(dir)) fs.rmSync(dir, { recursive: true, force: true });
    };
    const undo = onCleanup(async () => drop(), drop);
    const t0 = Date.now();
    say(`venv: creating ${dir} with Python ${info.version} (${python})`);
    const mk = capture(python, ["-m", "venv", dir], { cwd: "/", timeout: 300000 });
    if (mk.status !== 0) {
      drop();
      undo();
      throw new UserError(
        `\`${python} -m venv\` failed: ${(mk.stderr || mk.stdout).trim().split("\n").slice(-3).join(" / ")}. ` +
          `On Debian/Ubuntu install python3-venv.`,
      );
    }
    const planFile = path.join(dir, "addon_amc-requirements.txt");
    fs.writeFileSync(planFile, `# from ${reqFile}, changed by build/lib/pyenv.mjs\n${plan.lines.join("\n")}\n`);
    say(`venv: installing Odoo's requirements (${plan.lines.length} lines) with pip (first run: a minute or two; waiting for pip)`);
    const pipEnv = { ...env, PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INPUT: "1", PYTHONNOUSERSITE: "1" };
    delete pipEnv.PYTHONPATH;
    const res = await runWithHeartbeat(
      venvPython(dir),
      ["-m", "pip", "install", "--prefer-binary", "--progress-bar", "off", "-r", planFile],
      { env: pipEnv, say, label: "venv" },
    );
    if (res.code === 0) {
      fs.writeFileSync(path.join(dir, STAMP), JSON.stringify({ python, version: info.version, tree, lines: plan.lines }, null, 1) + "\n");
      undo();
      say(`venv: ready in ${Math.round((Date.now() - t0) / 1000)} s (${dir})`);
      pruneOldVenvs(dir, say);
      return venvPython(dir);
    }
    drop();
    undo();
    const bad = failedBuildPackage(res.out);
    const key = bad && normalizeName(bad);
    const already = key && (relaxed.includes(key) || (REQUIREMENT_RELAX[key] && true));
    const pinned = key && plan.lines.some((l) => normalizeName(parseRequirementLine(l)?.name || "") === key && /==/.test(l));
    if (key && pinned && !already && attempt < 4) {
      say(`venv: ${bad} failed to build from source here; retrying with the newest ${bad} that has a wheel`);
      relaxed.push(key);
      continue;
    }
    const tail = res.out.trim().split("\n").filter((l) => !/^WARNING: Location/.test(l)).slice(-8).join("\n");
    throw new UserError(
      `pip could not install Odoo's Python dependencies${bad ? ` (${bad} failed)` : ""} into ${dir}:\n${tail}\n` +
        `Alternatives: install Odoo's Debian python3-* packages and use /usr/bin/python3, or set ODOO_PYTHON ` +
        `to a Python that has them.`,
    );
  }
  throw new UserError("pip could not install Odoo's Python dependencies (too many retries).");
}
