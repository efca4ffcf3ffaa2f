/**
 * RPC results of `amc.agreement.get_dashboard_data()`, shaped exactly like the
 * server contract (see ts_src/lib/dashboard_model.ts, DashboardData).
 */
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
    });
}
