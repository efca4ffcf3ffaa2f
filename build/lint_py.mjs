#!/usr/bin/env node
// build/lint_py.mjs — Python lint (ruff, configured in ruff.toml) for `npm run lint`.
// Uses `ruff` from PATH when present; otherwise installs the pinned version once into
// .odoo-run/pytools (gitignored) with pip, so a fresh machine needs nothing beforehand.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUFF_VERSION = "0.17.6";
const TOOLS = path.join(REPO, ".odoo-run", "pytools");

function run(cmd, args, extraEnv = {}) {
    return spawnSync(cmd, args, { cwd: REPO, stdio: "inherit", env: { ...process.env, ...extraEnv } });
}

function hasRuffOnPath() {
    const probe = spawnSync("ruff", ["--version"], { stdio: "ignore" });
    return probe.status === 0;
}

let command = ["ruff"];
let env = {};
if (!hasRuffOnPath()) {
    const marker = path.join(TOOLS, "bin", "ruff");
    if (!fs.existsSync(marker)) {
        console.log(`lint:py: installing ruff ${RUFF_VERSION} into .odoo-run/pytools`);
        const pip = run("python3", ["-m", "pip", "install", "--quiet", "--target", TOOLS, `ruff==${RUFF_VERSION}`]);
        if (pip.status !== 0) {
            console.error("lint:py: could not install ruff with pip (python3 -m pip install ruff).");
            process.exit(1);
        }
    }
    command = [marker];
    env = { PYTHONPATH: TOOLS };
}
const result = run(command[0], ["check", ...process.argv.slice(2)], env);
process.exit(result.status ?? 1);
