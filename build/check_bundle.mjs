// npm run check:bundle — fails when the committed generated files under
// static/src and static/tests are not exactly what a fresh `npm run build`
// of ts_src/ produces (same esbuild config, built into a temporary directory).

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { JS_HEADER, ROOT, SCSS_HEADER, XML_HEADER, buildAssets } from "../esbuild.config.mjs";

const GENERATED_DIRS = ["static/src", "static/tests"];
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
} catch (error) {
    problems = [`build failed: ${error.message ?? error}`];
} finally {
    rmSync(tmp, { recursive: true, force: true });
}

if (problems.length) {
    console.error(`check:bundle: FAILED\n  ${problems.join("\n  ")}`);
    process.exit(1);
}
console.log(`check:bundle: ok (${fresh.length} files)`);
