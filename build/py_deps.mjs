#!/usr/bin/env node
// build/py_deps.mjs — before the pure-Python tests and the classifier bench: make sure the
// `python3` that runs them can import the module's Python dependencies (requirements.txt,
// the same as __manifest__.py's external_dependencies). Missing ones are installed once with
// `python3 -m pip install --quiet -r requirements.txt`; Odoo's own /usr/bin/python3 gets them
// from Debian (python3-regex).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REQUIREMENTS = path.join(REPO, "requirements.txt");

const modules = fs
    .readFileSync(REQUIREMENTS, "utf8")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((line) => line.split(/[<>=!~ ;[]/)[0]);

const importable = () =>
    spawnSync("python3", ["-c", modules.map((name) => `import ${name}`).join("; ")], { stdio: "ignore" }).status === 0;

if (!importable()) {
    console.log(`py_deps: installing ${modules.join(", ")} for python3 (python3 -m pip install -r requirements.txt)`);
    const pip = spawnSync("python3", ["-m", "pip", "install", "--quiet", "-r", REQUIREMENTS], {
        cwd: REPO,
        stdio: "inherit",
    });
    if (pip.status !== 0 || !importable()) {
        console.error(`py_deps: could not install ${modules.join(", ")}: python3 -m pip install -r requirements.txt`);
        process.exit(1);
    }
}
