/**
 * RPC results of `amc.agreement.get_dashboard_data()` and
 * `amc.agreement.get_burndown_data()`, both written by the server itself, so
 * they cannot drift from it:
 * - fixtures/dashboard_payload.json: the real dashboard payload of the demo data
 *   (tests/test_amc_dashboard.py, TestAmcDashboardContract, fails when the
 *   server's payload no longer has its structure; AMC_WRITE_FIXTURES=1 rewrites it);
 * - burndown_fixtures.json (test/test_billing.py, TestBurndownFixtures).
 */
import type { BurndownData } from "../ts_src/lib/burndown";
import type { DashboardData, DashboardSection } from "../ts_src/lib/dashboard_model";
import burndownPayloads from "./burndown_fixtures.json";
import dashboardPayload from "./fixtures/dashboard_payload.json";

/** A fresh copy of the committed dashboard payload. */
export function dashboardData(): DashboardData {
    return JSON.parse(JSON.stringify(dashboardPayload)) as DashboardData;
}

/** One section of a payload, by key. */
export function sectionOf(data: DashboardData, key: string): DashboardSection {
    const section = data.sections.find((candidate) => candidate.key === key);
    if (!section) {
        throw new Error(`no dashboard section ${key}`);
    }
    return section;
}

/**
 * Payloads of get_burndown_data, written by the server's own `billing.burndown`
 * (test/test_billing.py, TestBurndownFixtures keeps test/burndown_fixtures.json
 * current), so they cannot drift from the server. Today is 2026-11-21.
 * - default: one 10 h pack bought 2026-11-01, 4 h used (1.5 on 11-02, 2.5 on
 *   11-20), 6 h left; 4 h used in 30 days, so the hours run out in 45 days
 *   (2027-01-05); thresholds 80 % and 95 %.
 * - empty: no pack.
 * - no_forecast: 1 h used on 11-02, a 7-day window: no use in the window.
 * - tomorrow: 9.9 of 10 h used on 11-20: runs out 2026-11-22.
 * - depleted: the only pack is used up: no forecast, no threshold line.
 */
export type BurndownCase = keyof typeof burndownPayloads;

export function burndownData(overrides: Partial<BurndownData> = {}, name: BurndownCase = "default"): BurndownData {
    const payload = JSON.parse(JSON.stringify(burndownPayloads[name])) as BurndownData;
    return { ...payload, ...overrides };
}
