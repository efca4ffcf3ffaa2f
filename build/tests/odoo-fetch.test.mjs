// Unit tests of build/lib/odoo-fetch.mjs (node --test; no network, no git).
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import {
  cacheDir,
  cachedTreePath,
  odooGitUrl,
  fetchDecision,
  gitProgressStep,
  DEFAULT_ODOO_GIT_URL,
} from "../lib/odoo-fetch.mjs";

test("cache folder: AMC_CACHE_DIR wins, then XDG_CACHE_HOME, then ~/.cache", () => {
  assert.equal(cacheDir({ AMC_CACHE_DIR: "/x/cache", XDG_CACHE_HOME: "/xdg", HOME: "/home/u" }), "/x/cache");
  assert.equal(cacheDir({ XDG_CACHE_HOME: "/xdg", HOME: "/home/u" }), "/xdg/addon_amc");
  assert.equal(cacheDir({ HOME: "/home/u" }), "/home/u/.cache/addon_amc");
  assert.equal(cachedTreePath({ HOME: "/home/u" }), "/home/u/.cache/addon_amc/odoo-19.0");
  assert.equal(cacheDir({ AMC_CACHE_DIR: "rel" }), path.resolve("rel"));
});

test("clone URL: default public repository, URLs kept, local paths become file:// (so --depth works)", () => {
  assert.equal(odooGitUrl({}), DEFAULT_ODOO_GIT_URL);
  assert.equal(odooGitUrl({ ODOO_GIT_URL: "https://mirror.example/odoo.git" }), "https://mirror.example/odoo.git");
  assert.equal(odooGitUrl({ ODOO_GIT_URL: "git@host:odoo/odoo.git" }), "git@host:odoo/odoo.git");
  assert.equal(odooGitUrl({ ODOO_GIT_URL: "file:///srv/odoo.git" }), "file:///srv/odoo.git");
  assert.equal(odooGitUrl({ ODOO_GIT_URL: "/srv/odoo.git" }), "file:///srv/odoo.git");
  assert.equal(odooGitUrl({ ODOO_GIT_URL: "~/m/odoo", HOME: "/home/u" }), "file:///home/u/m/odoo");
  assert.equal(odooGitUrl({ ODOO_GIT_URL: "mirror/odoo" }), `file://${path.resolve("mirror/odoo")}`);
});

test("clone decision: ODOO_AUTO_FETCH=1 clones, even without a terminal (CI)", () => {
  assert.deepEqual(fetchDecision({ env: { ODOO_AUTO_FETCH: "1", CI: "true" }, interactive: false }), { action: "clone" });
  assert.deepEqual(fetchDecision({ env: { ODOO_AUTO_FETCH: "1" }, interactive: true }), { action: "clone" });
});

test("clone decision: a terminal is asked; CI and no terminal skip (the skip line stays)", () => {
  assert.deepEqual(fetchDecision({ env: {}, interactive: true }), { action: "ask" });
  assert.equal(fetchDecision({ env: {}, interactive: false }).action, "skip");
  assert.match(fetchDecision({ env: {}, interactive: false }).reason, /ODOO_AUTO_FETCH=1/);
  assert.equal(fetchDecision({ env: { CI: "true" }, interactive: true }).action, "skip");
  assert.equal(fetchDecision({ env: { CI: "0" }, interactive: true }).action, "ask");
});

test("clone decision: ODOO_AUTO_FETCH=0 and ODOO_SRC=none never clone", () => {
  assert.equal(fetchDecision({ env: { ODOO_AUTO_FETCH: "0" }, interactive: true }).action, "skip");
  assert.equal(fetchDecision({ env: { ODOO_SRC: "none", ODOO_AUTO_FETCH: "1" }, interactive: true }).action, "skip");
});

test("git progress lines are recognised, other output is not", () => {
  assert.deepEqual(gitProgressStep("Receiving objects:  42% (1234/2938), 120.00 MiB | 9.00 MiB/s"), {
    phase: "receiving objects",
    percent: 42,
    text: "Receiving objects:  42% (1234/2938), 120.00 MiB | 9.00 MiB/s",
  });
  assert.equal(gitProgressStep("remote: Counting objects: 100% (5/5), done.").phase, "counting objects");
  assert.equal(gitProgressStep("Updating files:   7% (3361/48018)").percent, 7);
  assert.equal(gitProgressStep("Cloning into '/tmp/x'..."), null);
});
