/**
 * @jest-environment node
 */
// DOM-free tests of ts_src/lib/dashboard_model.ts (node environment: no document).
import {
    AGREEMENT_ACTION_XMLID,
    AGREEMENT_MODEL,
    AGREEMENT_STATES,
    DASHBOARD_METHOD,
    HOUR_BUCKETS,
    PACK_ACTION_XMLID,
    agreementFormAction,
    buildBurndownPanel,
    buildDashboardView,
    buildExpiringRows,
    buildForecastRows,
    buildHoursCard,
    buildPackAlertRows,
    buildStateCards,
    daysLeftTone,
    expiringCardAction,
    isAgreementState,
    isHourBucket,
    newAgreementAction,
    packAlertCardAction,
    packAlertTone,
    packFormAction,
    stateCardAction,
} from "../ts_src/lib/dashboard_model";
import type { DashboardHourBucket, DashboardStateCount } from "../ts_src/lib/dashboard_model";
import { dashboardData, emptyDashboardData } from "./fixtures";

describe("dashboard_model (no DOM)", () => {
    test("runs without a DOM", () => {
        expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
    });

    test("RPC target of the dashboard", () => {
        expect(AGREEMENT_MODEL).toBe("amc.agreement");
        expect(DASHBOARD_METHOD).toBe("get_dashboard_data");
        expect(AGREEMENT_STATES).toEqual(["draft", "active", "expired", "cancelled"]);
    });

    test("state card action opens the agreement action filtered on the state", () => {
        for (const state of AGREEMENT_STATES) {
            expect(stateCardAction(state)).toEqual({
                request: "addon_amc.amc_agreement_action",
                options: { additionalContext: { [`search_default_filter_state_${state}`]: 1 } },
            });
        }
    });

    test("expiring card action uses the expiring-soon filter", () => {
        expect(expiringCardAction()).toEqual({
            request: AGREEMENT_ACTION_XMLID,
            options: { additionalContext: { search_default_filter_expiring_soon: 1 } },
        });
    });

    test("row action opens that agreement's form in the current window", () => {
        expect(agreementFormAction(7)).toEqual({
            request: {
                type: "ir.actions.act_window",
                res_model: "amc.agreement",
                res_id: 7,
                views: [[false, "form"]],
                target: "current",
            },
        });
        expect(agreementFormAction(7).options).toBeUndefined();
    });

    test("new agreement action opens an empty form", () => {
        const { request, options } = newAgreementAction();
        expect(request).toEqual({
            type: "ir.actions.act_window",
            res_model: "amc.agreement",
            views: [[false, "form"]],
            target: "current",
        });
        expect(request).not.toHaveProperty("res_id");
        expect(options).toBeUndefined();
    });

    test("days-left tone: a week is urgent, a month is a warning", () => {
        expect(daysLeftTone(0)).toBe("danger");
        expect(daysLeftTone(7)).toBe("danger");
        expect(daysLeftTone(8)).toBe("warning");
        expect(daysLeftTone(30)).toBe("warning");
        expect(daysLeftTone(31)).toBe("info");
    });

    test("isAgreementState", () => {
        expect(isAgreementState("active")).toBe(true);
        expect(isAgreementState("done")).toBe(false);
        expect(isAgreementState(undefined)).toBe(false);
    });

    test("state cards keep the server order, labels and counts", () => {
        const cards = buildStateCards(dashboardData().states);
        expect(cards.map((c) => [c.key, c.label, c.count])).toEqual([
            ["draft", "Draft", 2],
            ["active", "Active", 5],
            ["expired", "Expired", 1],
            ["cancelled", "Cancelled", 0],
        ]);
        expect(cards.map((c) => c.tone)).toEqual(["secondary", "success", "danger", "muted"]);
        for (const card of cards) {
            expect(card.icon).toMatch(/^fa-[a-z-]+$/);
            expect(card.action).toEqual(stateCardAction(card.key));
        }
    });

    test("state cards skip a state key the UI does not know", () => {
        const states = [
            ...dashboardData().states,
            { key: "archived", label: "Archived", count: 4 } as unknown as DashboardStateCount,
        ];
        expect(buildStateCards(states).map((c) => c.key)).toEqual([...AGREEMENT_STATES]);
    });

    test("expiring rows map the RPC rows, false becomes empty text", () => {
        const rows = buildExpiringRows(dashboardData().expiring);
        expect(rows).toEqual([
            {
                id: 7,
                name: "AMC 2026 \u2013 Acme",
                partnerName: "Acme",
                dateEnd: "2026-12-15",
                daysLeft: 24,
                userName: "Mitchell Admin",
                tone: "warning",
                action: agreementFormAction(7),
            },
            expect.objectContaining({ id: 9, userName: "", tone: "info" }),
            expect.objectContaining({ id: 3, partnerName: "", tone: "danger" }),
        ]);
    });

    test("dashboard view", () => {
        const view = buildDashboardView(dashboardData());
        expect(view.isEmpty).toBe(false);
        expect(view.total).toBe(8);
        expect(view.stateCards).toHaveLength(4);
        expect(view.expiringCard).toEqual({
            days: 60,
            count: 3,
            icon: "fa-clock-o",
            tone: "warning",
            action: expiringCardAction(),
        });
        expect(view.expiringRows.map((r) => r.id)).toEqual([7, 9, 3]);
        expect(view.moreExpiringCount).toBe(0);
    });

    test("more expiring agreements than listed rows", () => {
        const view = buildDashboardView(dashboardData({ expiring_count: 45 }));
        expect(view.expiringRows).toHaveLength(3);
        expect(view.moreExpiringCount).toBe(42);
    });

    test("empty dashboard", () => {
        const view = buildDashboardView(emptyDashboardData());
        expect(view.isEmpty).toBe(true);
        expect(view.expiringRows).toEqual([]);
        expect(view.expiringCard.count).toBe(0);
        expect(view.expiringCard.tone).toBe("muted");
        expect(view.moreExpiringCount).toBe(0);
        expect(view.hoursCard.totalHours).toBe(0);
        expect(view.hoursCard.barSegments).toEqual([]);
        expect(view.billableAmounts).toEqual([]);
        expect(view.packAlertCard.tone).toBe("secondary");
        expect(view.packAlertRows).toEqual([]);
        expect(view.forecastRows).toEqual([]);
        expect(view.burndown).toEqual({ agreements: [], defaultAgreementId: false });
    });
});

describe("dashboard_model: hours, billing and prepaid packs", () => {
    test("pack actions", () => {
        expect(PACK_ACTION_XMLID).toBe("addon_amc.amc_hour_pack_action");
        expect(packAlertCardAction()).toEqual({
            request: "addon_amc.amc_hour_pack_action",
            options: { additionalContext: { search_default_filter_threshold: 1 } },
        });
        expect(packFormAction(4)).toEqual({
            request: {
                type: "ir.actions.act_window",
                res_model: "amc.hour.pack",
                res_id: 4,
                views: [[false, "form"]],
                target: "current",
            },
        });
    });

    test("hour buckets", () => {
        expect(HOUR_BUCKETS).toEqual(["maintenance", "first_line", "config", "pack", "billable"]);
        expect(isHourBucket("pack")).toBe(true);
        expect(isHourBucket("overtime")).toBe(false);
    });

    test("hours card: float_time labels and shares of the month", () => {
        const card = buildHoursCard("2026-11-01", dashboardData().hours_by_bucket);
        expect(card.month).toBe("2026-11-01");
        expect(card.totalHours).toBe(20);
        expect(card.totalLabel).toBe("20:00");
        expect(card.buckets.map((b) => [b.key, b.label, b.hoursLabel, b.percent])).toEqual([
            ["maintenance", "Maintenance", "08:30", 42.5],
            ["first_line", "First-line Support", "04:15", 21.25],
            ["config", "Configuration Allowance", "00:00", 0],
            ["pack", "Prepaid Pack", "06:00", 30],
            ["billable", "Billable", "01:15", 6.25],
        ]);
        expect(card.barSegments.map((b) => b.key)).toEqual(["maintenance", "first_line", "pack", "billable"]);
    });

    test("hours card: no hours, no bar; unknown buckets and negative hours are ignored", () => {
        const buckets: DashboardHourBucket[] = [
            { key: "maintenance", label: "Maintenance", hours: 0 },
            { key: "pack", label: "Prepaid Pack", hours: -1 },
            { key: "overtime", label: "Overtime", hours: 3 } as unknown as DashboardHourBucket,
        ];
        const card = buildHoursCard("2026-11-01", buckets);
        expect(card.buckets.map((b) => b.key)).toEqual(["maintenance", "pack"]);
        expect(card.totalHours).toBe(0);
        expect(card.barSegments).toEqual([]);
    });

    test("pack alert rows", () => {
        const rows = buildPackAlertRows(dashboardData().pack_alerts);
        expect(rows[0]).toEqual({
            id: 4,
            name: "25 h pack",
            agreementName: "AMC 2026 \u2013 Nordic Timber",
            partnerName: "Nordic Timber AB",
            usagePercent: 84,
            usageLabel: "84 %",
            hoursRemaining: 4,
            hoursLabel: "04:00",
            tone: "warning",
            action: packFormAction(4),
        });
        expect(rows[1]).toEqual(expect.objectContaining({ id: 6, partnerName: "", usageLabel: "97 %", hoursLabel: "01:45", tone: "danger" }));
    });

    test("pack alert tone: critical from 95 % or when nothing is left", () => {
        expect(packAlertTone(80, 5)).toBe("warning");
        expect(packAlertTone(94.9, 1)).toBe("warning");
        expect(packAlertTone(95, 1)).toBe("danger");
        expect(packAlertTone(85, 0)).toBe("danger");
    });

    test("forecast rows open the agreement", () => {
        const rows = buildForecastRows(dashboardData().forecasts);
        expect(rows[0]).toEqual({
            id: 3,
            name: "Prepaid Support Pack \u2013 Fjord Logistics",
            hoursRemaining: 6,
            hoursLabel: "06:00",
            date: "2026-12-01",
            daysLeft: 10,
            tone: "warning",
            action: agreementFormAction(3),
        });
        expect(rows[1].tone).toBe("warning");
        expect(buildForecastRows([{ ...dashboardData().forecasts[0], days_left: 3 }])[0].tone).toBe("danger");
    });

    test("burn-down panel: the first forecast's agreement, else the first listed", () => {
        const { burndown_agreements: agreements, forecasts } = dashboardData();
        expect(buildBurndownPanel(agreements, forecasts)).toEqual({ agreements, defaultAgreementId: 3 });
        expect(buildBurndownPanel(agreements, []).defaultAgreementId).toBe(1);
        // a forecast for an agreement missing from the list is skipped
        expect(buildBurndownPanel(agreements.slice(0, 2), forecasts).defaultAgreementId).toBe(1);
        expect(buildBurndownPanel([], forecasts).defaultAgreementId).toBe(false);
    });

    test("dashboard view: new parts", () => {
        const view = buildDashboardView(dashboardData());
        expect(view.billableAmounts).toEqual(["2,400.00 kr"]);
        expect(view.packAlertCard).toEqual({
            count: 2,
            icon: "fa-battery-quarter",
            tone: "danger",
            action: packAlertCardAction(),
        });
        expect(view.packAlertRows.map((r) => r.id)).toEqual([4, 6]);
        expect(view.morePackAlertCount).toBe(0);
        expect(view.forecastRows.map((r) => r.id)).toEqual([3, 1]);
        expect(view.forecastCount).toBe(2);
        expect(view.moreForecastCount).toBe(0);
        expect(view.burndown.defaultAgreementId).toBe(3);
        const more = buildDashboardView(dashboardData({ pack_alert_count: 25, forecast_count: 21 }));
        expect(more.morePackAlertCount).toBe(23);
        expect(more.moreForecastCount).toBe(19);
    });
});
