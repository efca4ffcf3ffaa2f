// npm run check:bundle — fails when the committed generated files under
// static/src and static/tests are not exactly what a fresh `npm run build`
// of ts_src/ produces (same esbuild config, built into a temporary directory).

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { JS_HEADER, ROOT, SCSS_HEADER, XML_HEADER, buildAssets } from "../esbuild.config.mjs";

const GENERATED_DIRS = ["static/src", "static/tests"];
// Size budget of what the backend bundle adds to every page of the web client, in bytes
// (unminified; Odoo minifies and gzips it). A breach fails the check: bundle size is a
// benchmark of this project, like query counts and RPCs per screen.
const SIZE_BUDGETS = { "static/src/addon_amc.js": 90_000, "static/src/addon_amc.xml": 60_000 };
// Libraries Odoo already ships: a copy of one of them in the bundle is a bug.
const FORBIDDEN_IN_BUNDLE = [/Owl is running in/, /\bclass Chart\b/, /\bclass DateTime\b/];
const HEADERS = [JS_HEADER, XML_HEADER, SCSS_HEADER];

/** Repo-relative files under static/src and static/tests that say they are generated. */
function committedGeneratedFiles() {
    const found = [];
    const walk = (rel) => {
        const abs = path.join(ROOT, rel);
        if (!existsSync(abs)) {
            return;
        }
        for (const entry of readdirSync(abs, { withFileTypes: true })) {
            const child = `${rel}/${entry.name}`;
            if (entry.isDirectory()) {
                walk(child);
            } else if (entry.isFile()) {
                const firstLine = readFileSync(path.join(ROOT, child), "utf8").split("\n", 1)[0];
                if (HEADERS.includes(firstLine)) {
                    found.push(child);
                }
            }
        }
    };
    GENERATED_DIRS.forEach(walk);
    return found.sort();
}

/** First differing line, for the message. */
function firstDifference(expected, actual) {
    const a = expected.split("\n");
    const b = actual.split("\n");
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (a[i] !== b[i]) {
            return `line ${i + 1}: expected ${JSON.stringify(a[i] ?? "<end of file>")}, found ${JSON.stringify(b[i] ?? "<end of file>")}`;
        }
    }
    return "bytes differ";
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "addon_amc-check-bundle-"));
let problems = [];
let fresh = [];
const sizes = [];
try {
    fresh = await buildAssets(tmp);
    for (const rel of fresh) {
        const committedPath = path.join(ROOT, rel);
        if (!existsSync(committedPath)) {
            problems.push(`${rel}: missing (run npm run build and commit it)`);
            continue;
        }
        const expected = readFileSync(path.join(tmp, rel));
        const actual = readFileSync(committedPath);
        if (!expected.equals(actual)) {
            problems.push(
                `${rel}: differs from a fresh build of ts_src/ (run npm run build and commit it); ` +
                    firstDifference(expected.toString("utf8"), actual.toString("utf8")),
            );
        }
    }
    for (const rel of committedGeneratedFiles()) {
        if (!fresh.includes(rel)) {
            problems.push(`${rel}: generated file that the build no longer produces (delete it)`);
        }
    }
    for (const [rel, budget] of Object.entries(SIZE_BUDGETS)) {
        const size = readFileSync(path.join(ROOT, rel)).length;
        sizes.push(`${rel} ${size} B (budget ${budget})`);
        if (size > budget) {
            problems.push(`${rel}: ${size} bytes, over its budget of ${budget}`);
        }
    }
    const bundle = readFileSync(path.join(ROOT, "static/src/addon_amc.js"), "utf8");
    for (const pattern of FORBIDDEN_IN_BUNDLE) {
        if (pattern.test(bundle)) {
            problems.push(`static/src/addon_amc.js: contains a copy of a library Odoo ships (${pattern})`);
        }
    }
} catch (error) {
    problems = [`build failed: ${error.message ?? error}`];
} finally {
    rmSync(tmp, { recursive: true, force: true });
}

if (problems.length) {
    console.error(`check:bundle: FAILED\n  ${problems.join("\n  ")}`);
    process.exit(1);
}
console.log(`check:bundle: ok (${fresh.length} files; ${sizes.join(", ")})`);
