/**
 * RPC results of `amc.agreement.get_dashboard_data()` and
 * `amc.agreement.get_burndown_data()`, shaped exactly like the server
 * contract (see ts_src/lib/dashboard_model.ts, DashboardData, and
 * ts_src/lib/burndown.ts, BurndownData).
 */
import type { BurndownData, BurndownPack } from "../ts_src/lib/burndown";
import type { DashboardData } from "../ts_src/lib/dashboard_model";

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
        ...overrides,
    };
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

export function burndownPack(overrides: Partial<BurndownPack> = {}): BurndownPack {
    return {
        id: 3,
        name: "50 h pack",
        hours: 50.0,
        date_purchase: "2026-08-18",
        date_expiry: "2027-08-18",
        hours_used: 0,
        hours_expired: 0,
        hours_remaining: 50.0,
        state: "active",
        ...overrides,
    };
}

/**
 * One agreement, today 2026-11-21, a single 10 h pack bought 2026-11-01:
 * 4 h used (1.5 on 11-02, 2.5 on 11-20), 6 h left. Burn rate over 30 days:
 * 4 h / 30 d, so the 6 h last ceil(6 * 30 / 4) = 45 days: 2027-01-05.
 */
export function burndownData(overrides: Partial<BurndownData> = {}): BurndownData {
    return {
        agreement: { id: 3, name: "Prepaid Support Pack \u2013 Fjord Logistics" },
        today: "2026-11-21",
        thresholds: [0.8, 0.95],
        window_days: 30,
        packs: [
            burndownPack({
                name: "10 h pack",
                hours: 10,
                date_purchase: "2026-11-01",
                date_expiry: false,
                hours_used: 4,
                hours_remaining: 6,
            }),
        ],
        usage: [
            { date: "2026-11-02", hours: 1.5 },
            { date: "2026-11-20", hours: 2.5 },
        ],
        ...overrides,
    };
}
