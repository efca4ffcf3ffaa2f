// Unit tests of the Odoo log scanner (build/lib/odoo-log.mjs) on log lines as Odoo 19 writes them.
import test from "node:test";
import assert from "node:assert/strict";

import { OdooLogScanner, headLines } from "../lib/odoo-log.mjs";

const T = "2026-12-03 09:15:10,601 10107";
const DB = "amc_test_x";

function scan(lines) {
  const scanner = new OdooLogScanner({ module: "addon_amc", modelNames: ["amc.request"] });
  for (const line of lines) scanner.feed(line);
  return scanner.finish();
}

test("a tour Chromium did not start for is a skip with its reason and an offending warning", () => {
  const chromeLog = Array.from({ length: 8 }, (_, i) => `[chrome] line ${i}`);
  const s = scan([
    `${T} INFO ${DB} odoo.addons.addon_amc.tests.test_amc_sla_tour: Starting TestAmcSlaTour.test_sla_badges_tick ... `,
    `${T} WARNING ${DB} odoo.addons.addon_amc.tests.test_amc_sla_tour.TestAmcSlaTour.test_sla_badges_tick.browser: Chrome headless failed to start:`,
    ...chromeLog,
    `${T} INFO ${DB} odoo.addons.addon_amc.tests.test_amc_sla_tour: skipped TestAmcSlaTour.test_sla_badges_tick : Failed to detect chrome devtools port after 10.0s.`,
    `${T} INFO ${DB} odoo.addons.base.models.ir_attachment: filestore gc 4 checked, 4 removed`,
  ]);
  assert.equal(s.skipped, 1);
  assert.deepEqual(s.skips, [
    "skipped TestAmcSlaTour.test_sla_badges_tick : Failed to detect chrome devtools port after 10.0s.",
  ]);
  assert.equal(s.offending.length, 1);
  const head = headLines(s.offending[0]).split("\n");
  assert.equal(head.length, 4);
  assert.match(head[0], /WARNING .* Chrome headless failed to start:$/);
  assert.equal(head[2], "[chrome] line 1");
  assert.equal(head[3], "… (6 more lines)");
});

test("headLines cuts a long line and keeps a short record whole", () => {
  assert.equal(headLines("one\ntwo"), "one\ntwo");
  const cut = headLines("x".repeat(500), 3, 200);
  assert.equal(cut.length, 200);
  assert.ok(cut.endsWith("…"));
});
