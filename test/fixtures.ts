/**
 * RPC results of `amc.agreement.get_dashboard_data()` and
 * `amc.agreement.get_burndown_data()`, shaped exactly like the server
 * contract (see ts_src/lib/dashboard_model.ts, DashboardData, and
 * ts_src/lib/burndown.ts, BurndownData).
 */
import type { BurndownData } from "../ts_src/lib/burndown";
import burndownPayloads from "./burndown_fixtures.json";
import type {
    DashboardData,
    DashboardHealth,
    DashboardPatches,
    DashboardScope,
    DashboardSla,
    DashboardToInvoice,
    DashboardVersions,
} from "../ts_src/lib/dashboard_model";

/** The sections later features added to the payload (absent from older servers). */
export const DASHBOARD_SECTIONS = ["sla", "scope", "health", "patches", "versions"] as const;

export function slaSection(overrides: Partial<DashboardSla> = {}): DashboardSla {
    return { days: 30, compliance_percent: 93.3, met: 28, breached: 2, at_risk: 3, open_breached: 1, ...overrides };
}

export function scopeSection(overrides: Partial<DashboardScope> = {}): DashboardScope {
    return {
        days: 30,
        needs_review: 4,
        open_by_scope: [
            { key: "included", label: "Included in Maintenance", count: 6 },
            { key: "first_line", label: "First Line", count: 2 },
            { key: "config", label: "Minor Configuration", count: 0 },
            { key: "billable", label: "Billable", count: 3 },
            { key: "needs_review", label: "Needs Review", count: 4 },
        ],
        override_count: 7,
        top_overridden: [
            { rule_id: 12, category: "Reports", count: 4 },
            { rule_id: 5, category: false, count: 2 },
            { rule_id: false, category: false, count: 1 },
        ],
        ...overrides,
    };
}

export function healthSection(overrides: Partial<DashboardHealth> = {}): DashboardHealth {
    return {
        last: [
            {
                id: 41,
                agreement_id: 7,
                agreement_name: "AMC 2026 \u2013 Acme",
                date: "2026-11-20 08:15:00",
                result: "fail",
                fail_count: 2,
                warn_count: 1,
            },
            {
                id: 38,
                agreement_id: 9,
                agreement_name: "AMC 2026 \u2013 Globex",
                date: "2026-11-18 23:30:00",
                result: "warn",
                fail_count: 0,
                warn_count: 1,
            },
            {
                id: 35,
                agreement_id: 1,
                agreement_name: "AMC 2026 \u2013 Nordic Timber",
                date: "2026-11-02 06:00:00",
                result: "pass",
                fail_count: 0,
                warn_count: 0,
            },
        ],
        failures: 1,
        next_due: [
            {
                agreement_id: 9,
                agreement_name: "AMC 2026 \u2013 Globex",
                date: "2026-11-15",
                days_left: -6,
                overdue: true,
                interval: "month",
            },
            {
                agreement_id: 1,
                agreement_name: "AMC 2026 \u2013 Nordic Timber",
                date: "2026-12-02",
                days_left: 11,
                overdue: false,
                interval: "quarter",
            },
        ],
        ...overrides,
    };
}

export function patchesSection(overrides: Partial<DashboardPatches> = {}): DashboardPatches {
    return { overdue: 2, due_soon: 5, compliance_percent: 87.5, ...overrides };
}

export function toInvoiceSection(overrides: Partial<DashboardToInvoice> = {}): DashboardToInvoice {
    return {
        amounts: [{ currency_id: 18, amount: 12400, formatted: "12\u00a0400,00\u00a0kr" }],
        statement_count: 3,
        agreement_count: 2,
        agreements: [
            { id: 1, name: "AMC 2026 \u2013 Nordic Timber", amount: 10800, formatted: "10\u00a0800,00\u00a0kr", months: 2 },
            { id: 2, name: "First-line Support \u2013 Solvik Foods", amount: 1600, formatted: "1\u00a0600,00\u00a0kr", months: 1 },
        ],
        month: "2026-11-01",
        ...overrides,
    };
}

export function versionsSection(overrides: Partial<DashboardVersions> = {}): DashboardVersions {
    return {
        window_days: 140,
        instance: { series: "19.0", end_of_support: "2028-09-30", days_left: 679, status: "pass" },
        runway: [
            {
                agreement_id: 7,
                agreement_name: "AMC 2026 \u2013 Acme",
                partner_name: "Acme",
                series: "16.0",
                end_of_support: "2025-09-30",
                days_left: -417,
                status: "fail",
                has_plan: true,
                warning: false,
            },
            {
                agreement_id: 9,
                agreement_name: "AMC 2026 \u2013 Globex",
                partner_name: false,
                series: "17.0",
                end_of_support: "2027-03-31",
                days_left: 130,
                status: "warn",
                has_plan: false,
                warning: true,
            },
        ],
        plans_due: 1,
        ...overrides,
    };
}

export function dashboardData(overrides: Partial<DashboardData> = {}): DashboardData {
    return {
        states: [
            { key: "draft", label: "Draft", count: 2 },
            { key: "active", label: "Active", count: 5 },
            { key: "expired", label: "Expired", count: 1 },
            { key: "cancelled", label: "Cancelled", count: 0 },
        ],
        total: 8,
        expiring_days: 60,
        expiring: [
            {
                id: 7,
                name: "AMC 2026 \u2013 Acme",
                partner_name: "Acme",
                date_end: "2026-12-15",
                days_left: 24,
                user_name: "Mitchell Admin",
            },
            {
                id: 9,
                name: "AMC 2026 \u2013 Globex",
                partner_name: "Globex",
                date_end: "2027-01-10",
                days_left: 50,
                user_name: false,
            },
            {
                id: 3,
                name: "First line \u2013 Initech",
                partner_name: false,
                date_end: "2026-11-22",
                days_left: 1,
                user_name: "Marc Demo",
            },
        ],
        expiring_count: 3,
        month: "2026-11-01",
        hours_by_bucket: [
            { key: "maintenance", label: "Maintenance", hours: 8.5 },
            { key: "first_line", label: "First-line Support", hours: 4.25 },
            { key: "config", label: "Configuration Allowance", hours: 0 },
            { key: "pack", label: "Prepaid Pack", hours: 6 },
            { key: "billable", label: "Billable", hours: 1.25 },
        ],
        billable_amounts: [{ currency_id: 18, amount: 2400.0, formatted: "2,400.00 kr" }],
        pack_thresholds: [0.8, 0.95],
        pack_alerts: [
            {
                id: 4,
                name: "25 h pack",
                agreement_id: 1,
                agreement_name: "AMC 2026 \u2013 Nordic Timber",
                partner_name: "Nordic Timber AB",
                usage_percent: 84.0,
                hours_remaining: 4.0,
            },
            {
                id: 6,
                name: "50 h pack",
                agreement_id: 3,
                agreement_name: "Prepaid Support Pack \u2013 Fjord Logistics",
                partner_name: false,
                usage_percent: 96.5,
                hours_remaining: 1.75,
            },
        ],
        pack_alert_count: 2,
        forecasts: [
            {
                id: 3,
                name: "Prepaid Support Pack \u2013 Fjord Logistics",
                hours_remaining: 6.0,
                date: "2026-12-01",
                days_left: 10,
            },
            {
                id: 1,
                name: "AMC 2026 \u2013 Nordic Timber",
                hours_remaining: 4.0,
                date: "2026-12-15",
                days_left: 24,
            },
        ],
        forecast_count: 2,
        burndown_agreements: [
            { id: 1, name: "AMC 2026 \u2013 Nordic Timber" },
            { id: 2, name: "First-line Support \u2013 Solvik Foods" },
            { id: 3, name: "Prepaid Support Pack \u2013 Fjord Logistics" },
        ],
        sla: slaSection(),
        scope: scopeSection(),
        health: healthSection(),
        patches: patchesSection(),
        versions: versionsSection(),
        to_invoice: toInvoiceSection(),
        ...overrides,
    };
}

/** The payload of a server that predates the service sections: none of DASHBOARD_SECTIONS. */
export function legacyDashboardData(overrides: Partial<DashboardData> = {}): DashboardData {
    const data = dashboardData(overrides);
    for (const key of DASHBOARD_SECTIONS) {
        delete data[key];
    }
    return data;
}

export function emptyDashboardData(): DashboardData {
    return dashboardData({
        states: [
            { key: "draft", label: "Draft", count: 0 },
            { key: "active", label: "Active", count: 0 },
            { key: "expired", label: "Expired", count: 0 },
            { key: "cancelled", label: "Cancelled", count: 0 },
        ],
        total: 0,
        expiring: [],
        expiring_count: 0,
        hours_by_bucket: [
            { key: "maintenance", label: "Maintenance", hours: 0 },
            { key: "first_line", label: "First-line Support", hours: 0 },
            { key: "config", label: "Configuration Allowance", hours: 0 },
            { key: "pack", label: "Prepaid Pack", hours: 0 },
            { key: "billable", label: "Billable", hours: 0 },
        ],
        billable_amounts: [],
        pack_alerts: [],
        pack_alert_count: 0,
        forecasts: [],
        forecast_count: 0,
        burndown_agreements: [],
    });
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
