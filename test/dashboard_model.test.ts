/**
 * @jest-environment node
 */
// DOM-free tests of ts_src/lib/dashboard_model.ts (node environment: no document).
import {
    AGREEMENT_ACTION_XMLID,
    AGREEMENT_MODEL,
    AGREEMENT_STATES,
    DASHBOARD_METHOD,
    agreementFormAction,
    buildDashboardView,
    buildExpiringRows,
    buildStateCards,
    daysLeftTone,
    expiringCardAction,
    isAgreementState,
    newAgreementAction,
    stateCardAction,
} from "../ts_src/lib/dashboard_model";
import type { DashboardStateCount } from "../ts_src/lib/dashboard_model";
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
    });
});
