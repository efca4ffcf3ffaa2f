#!/usr/bin/env node
// build/bench_scale.mjs — `npm run bench:scale [-- --large] [--keep] [--scale S]`
//
// Builds scale S (20 agreements, 2,000 requests, 20,000 time entries) and M (200 / 20,000 /
// 200,000), and with --large L (1,000 / 100,000 / 1,000,000), each in its own database of the
// private PostgreSQL cluster the real-Odoo suite uses (build/odoo.mjs), copied from one template
// where addon_amc is installed. The data is made by bulk SQL, then run through the module's own
// _recompute_allocations, statements and SLA planning, and checked equal to the ORM path on a
// sample (build/bench_scale.py). Then each action of issue 11 is timed, and ONE table is printed:
// time, query count and ratio to its baseline per scale. Databases are dropped unless --keep
// (which also keeps the cluster: .odoo-run/pg, as `npm start`); --reuse measures the databases a
// --keep run kept, without building them again (updated to the module's code first: -u addon_amc).
import fs from "node:fs";

import { installSignalHandlers, runCleanup, sweepMarkedProcesses, UserError } from "./lib/proc.mjs";
import { setPrefix, makeTempDir, makeAddonsLinkDir, locateOdoo, describeOdoo, setUpPostgres, odooEnv, spawnOdoo } from "./odoo.mjs";
import { BenchEnv, parseBenchArgs, scaleRows, markdownTable } from "./lib/bench.mjs";
import { dbOp } from "./lib/pg.mjs";

const SIZES = { S: "20 agr., 2k req., 20k entries", M: "200 agr., 20k req., 200k entries", L: "1,000 agr., 100k req., 1M entries" };
const say = (msg) => process.stdout.write(`bench:scale: ${msg}\n`);

async function main() {
  setPrefix("bench:scale");
  const opts = parseBenchArgs(process.argv.slice(2));
  opts.reuse = opts.rest.includes("--reuse");
  if (opts.reuse) opts.keep = true;
  opts.rest = opts.rest.filter((arg) => arg !== "--reuse");
  if (opts.rest.length) throw new UserError(`unknown option(s): ${opts.rest.join(" ")} (use --large, --keep, --reuse, --scale S|M|L)`);
  installSignalHandlers(async () => {});
  const { odoo } = locateOdoo();
  if (!odoo) throw new UserError("no Odoo 19 tree found (set ODOO_SRC=/path/to/odoo-19)");
  describeOdoo(odoo);
  BenchEnv.check(odoo);
  const server = await setUpPostgres({ persistent: opts.keep });
  const work = makeTempDir("amc-bench-");
  const bench = new BenchEnv({ odoo, server, work, linkDir: makeAddonsLinkDir(work), say, keep: opts.keep });
  // with --keep, the template (addon_amc installed, no data) is kept and reused by the next runs
  const stamp = opts.keep ? "kept" : Date.now().toString(36);
  const template = `amc_bench_tpl_${stamp}`;
  if (opts.keep && dbOp(odoo, server, { op: "exists", db: template })) {
    say(`reusing ${template} (addon_amc installed), updated to the module's code`);
    await bench.install(template, spawnOdoo, odooEnv, { update: true });
  }
  else {
    say(`installing addon_amc in ${template} (waiting for Odoo)`);
    await bench.install(template, spawnOdoo, odooEnv);
  }
  const results = {};
  const jsonPath = `${bench.logDir}/bench-scale.json`;
  const readPrevious = () => {
    try {
      return JSON.parse(fs.readFileSync(jsonPath, "utf8"));
    } catch {
      return {};
    }
  };
  const previous = opts.reuse ? readPrevious() : {};
  for (const scale of opts.scales) {
    const db = `amc_bench_${scale.toLowerCase()}_${stamp}`;
    let build = previous[scale]?.build;
    if (opts.reuse && dbOp(odoo, server, { op: "exists", db })) {
      // the kept data, brought to the module's current code (its migrations and new tables)
      say(`scale ${scale}: updating addon_amc in the kept ${db}, then measuring it again`);
      await bench.install(db, spawnOdoo, odooEnv, { update: true });
    }
    else {
      bench.clone(template, db);
      say(`scale ${scale} (${SIZES[scale]}): building ${db} by bulk SQL, then the module's allocation and SLA planning`);
      const t0 = Date.now();
      build = await bench.driver("build", db, scale, odooEnv);
      say(`scale ${scale}: built in ${((Date.now() - t0) / 1000).toFixed(0)} s; measuring`);
    }
    results[scale] = { ...(await bench.driver("measure", db, scale, odooEnv)), build };
    fs.writeFileSync(jsonPath, JSON.stringify({ ...previous, ...results }, null, 2) + "\n");
    if (opts.keep) say(`kept database ${db}`);
  }
  // with --reuse, the scales measured by earlier runs (.odoo-run/bench-scale.json) stay in the table
  const { scales, rows } = scaleRows({ ...previous, ...results });
  if (opts.reuse && Object.keys(previous).some((scale) => !(scale in results))) {
    say(`the table shows ${Object.keys(previous).filter((scale) => !(scale in results)).join(", ")} as measured by an earlier run`);
  }
  process.stdout.write(`\n${markdownTable(["action", ...scales.map((s) => `${s} (${SIZES[s]})`)], rows)}\n\n`);
  say(`raw figures in .odoo-run/bench-scale.json${opts.keep ? "" : "; databases dropped"}`);
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  process.stderr.write(`bench:scale: error: ${err instanceof UserError ? err.message : err.stack}\n`);
}
await runCleanup();
await sweepMarkedProcesses(3000, say);
process.exit(code);
