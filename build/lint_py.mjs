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
if (result.status !== 0) {
    process.exit(result.status ?? 1);
}

// pylint-odoo, where it installs: it checks the module as Odoo sees it, so it runs on a
// link named addon_amc (the checkout itself may have any name).
const PYLINT_ODOO_VERSION = "10.0.12";
const probe = (extraEnv) =>
    spawnSync("python3", ["-c", "import pylint_odoo"], { stdio: "ignore", env: { ...process.env, ...extraEnv } })
        .status === 0;
let pylintEnv = {};
if (!probe({})) {
    pylintEnv = { PYTHONPATH: TOOLS };
    if (!probe(pylintEnv)) {
        const pip = spawnSync(
            "python3",
            ["-m", "pip", "install", "--quiet", "--target", TOOLS, `pylint-odoo==${PYLINT_ODOO_VERSION}`],
            { cwd: REPO, stdio: "ignore" },
        );
        if (pip.status !== 0 || !probe(pylintEnv)) {
            console.log("lint:py: pylint-odoo skipped: it does not install here (python3 -m pip install pylint-odoo)");
            process.exit(0);
        }
    }
}
const linkDir = path.join(REPO, ".odoo-run", "lint");
fs.mkdirSync(linkDir, { recursive: true });
const link = path.join(linkDir, "addon_amc");
fs.rmSync(link, { force: true });
fs.symlinkSync(REPO, link);
const pylint = run("python3", ["-m", "pylint", `--rcfile=${path.join(REPO, ".pylintrc")}`, "--disable=print-used,consider-merging-classes-inherited", "addon_amc"], {
    ...pylintEnv,
    PYTHONPATH: [pylintEnv.PYTHONPATH, linkDir].filter(Boolean).join(path.delimiter),
});
fs.rmSync(link, { force: true });
if (pylint.status === 0) {
    console.log("lint:py: pylint-odoo: no findings");
}
process.exit(pylint.status ?? 1);
