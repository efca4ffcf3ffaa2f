/**
 * @jest-environment node
 */
// DOM-free tests of ts_src/lib/dashboard_model.ts (node environment: no document).
import {
    AGREEMENT_ACTION_XMLID,
    AGREEMENT_MODEL,
    AGREEMENT_STATES,
    DASHBOARD_METHOD,
    HEALTH_RESULTS,
    HOUR_BUCKETS,
    PACK_ACTION_XMLID,
    agreementFormAction,
    buildBurndownPanel,
    buildDashboardView,
    buildExpiringRows,
    buildForecastRows,
    buildHealthCard,
    buildHoursCard,
    buildPackAlertRows,
    buildInstancesCard,
    buildPatchesCard,
    buildSatisfactionCard,
    buildScopeCard,
    buildSlaCard,
    buildStateCards,
    buildVersionsCard,
    complianceLabel,
    complianceTone,
    daysLeftTone,
    endOfSupportTone,
    expiringCardAction,
    healthCheckFormAction,
    healthDueTone,
    healthFailuresAction,
    healthResultTone,
    isAgreementState,
    isHealthResult,
    isHourBucket,
    needsReviewAction,
    newAgreementAction,
    packAlertCardAction,
    packAlertTone,
    criticalPercent,
    packFormAction,
    patchesDueSoonAction,
    patchesOverdueAction,
    scopeOverridesAction,
    slaBreachedAction,
    stateCardAction,
    upgradePlansAction,
} from "../ts_src/lib/dashboard_model";
import type { DashboardHealthCheck, DashboardHourBucket, DashboardStateCount } from "../ts_src/lib/dashboard_model";
import {
    DASHBOARD_SECTIONS,
    dashboardData,
    emptyDashboardData,
    healthSection,
    legacyDashboardData,
    patchesSection,
    scopeSection,
    slaSection,
    versionsSection,
} from "./fixtures";

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

    test("expiring card action uses the expiring-soon filter (the server's window)", () => {
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
        const rows = buildPackAlertRows(dashboardData().pack_alerts, 95);
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

    test("pack alert tone: critical from the highest threshold of Settings or when nothing is left", () => {
        expect(packAlertTone(80, 5, 95)).toBe("warning");
        expect(packAlertTone(94.9, 1, 95)).toBe("warning");
        expect(packAlertTone(95, 1, 95)).toBe("danger");
        // the critical level is the highest threshold the server sends
        expect(packAlertTone(90, 1, criticalPercent([0.5, 0.9]))).toBe("danger");
        expect(packAlertTone(90, 1, criticalPercent([0.8, 0.95]))).toBe("warning");
        expect(packAlertTone(85, 0, 95)).toBe("danger");
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

describe("dashboard_model: SLA, scope, health, patches and versions", () => {
    test("list actions open the right action with one search filter", () => {
        const filtered = (request: string, filter: string) => ({
            request,
            options: { additionalContext: { [`search_default_${filter}`]: 1 } },
        });
        expect(slaBreachedAction()).toEqual(filtered("addon_amc.amc_request_action", "filter_sla_breached"));
        expect(needsReviewAction()).toEqual(filtered("addon_amc.amc_request_action", "filter_needs_review"));
        expect(scopeOverridesAction()).toEqual(filtered("addon_amc.amc_scope_override_action", "filter_last_30_days"));
        expect(healthFailuresAction()).toEqual(filtered("addon_amc.amc_health_check_action", "filter_fail"));
        expect(patchesOverdueAction()).toEqual(filtered("addon_amc.amc_patch_action", "filter_overdue"));
        expect(patchesDueSoonAction()).toEqual(filtered("addon_amc.amc_patch_action", "filter_todo"));
        expect(upgradePlansAction()).toEqual({ request: "addon_amc.amc_upgrade_plan_action" });
    });

    test("health check row action opens that check's form", () => {
        expect(healthCheckFormAction(41)).toEqual({
            request: {
                type: "ir.actions.act_window",
                res_model: "amc.health.check",
                res_id: 41,
                views: [[false, "form"]],
                target: "current",
            },
        });
    });

    test("compliance label: whole percent, a dash when nothing was measured", () => {
        expect(complianceLabel(93.3)).toBe("93 %");
        expect(complianceLabel(87.5)).toBe("88 %");
        expect(complianceLabel(100)).toBe("100 %");
        expect(complianceLabel(0)).toBe("0 %");
        // not "100 %" while something was missed, not "0 %" while something was met
        expect(complianceLabel(99.6)).toBe("99 %");
        expect(complianceLabel(0.3)).toBe("1 %");
        expect(complianceLabel(null)).toBe("\u2014");
        expect(complianceLabel(undefined)).toBe("\u2014");
        expect(complianceLabel(Number.NaN)).toBe("\u2014");
    });

    test("compliance tone: good from 95 %, poor below 80 %", () => {
        expect(complianceTone(100)).toBe("success");
        expect(complianceTone(95)).toBe("success");
        expect(complianceTone(94.9)).toBe("warning");
        expect(complianceTone(80)).toBe("warning");
        expect(complianceTone(79.9)).toBe("danger");
        expect(complianceTone(null)).toBe("secondary");
    });

    test("SLA card", () => {
        expect(buildSlaCard(slaSection())).toEqual({
            days: 30,
            compliancePercent: 93.3,
            complianceLabel: "93 %",
            tone: "warning",
            met: 28,
            breached: 2,
            atRisk: 3,
            atRiskTone: "warning",
            openBreached: 1,
            openBreachedTone: "danger",
            action: slaBreachedAction(),
        });
        const quiet = buildSlaCard(slaSection({ compliance_percent: null, met: 0, breached: 0, at_risk: 0, open_breached: 0 }));
        expect(quiet).toEqual(
            expect.objectContaining({
                compliancePercent: null,
                complianceLabel: "\u2014",
                tone: "secondary",
                atRiskTone: "secondary",
                openBreachedTone: "secondary",
            }),
        );
    });

    test("scope card: open requests per scope, top overridden rules", () => {
        const card = buildScopeCard(scopeSection());
        expect(card.days).toBe(30);
        expect(card.needsReview).toBe(4);
        expect(card.needsReviewTone).toBe("warning");
        expect(card.needsReviewAction).toEqual(needsReviewAction());
        expect(card.openByScope.map((row) => [row.key, row.count])).toEqual([
            ["included", 6],
            ["first_line", 2],
            ["config", 0],
            ["billable", 3],
            ["needs_review", 4],
        ]);
        expect(card.overrideCount).toBe(7);
        expect(card.topOverridden).toEqual([
            { key: "12", ruleId: 12, category: "Reports", count: 4 },
            { key: "5", ruleId: 5, category: "", count: 2 },
            { key: "none", ruleId: false, category: "", count: 1 },
        ]);
        expect(card.overridesAction).toEqual(scopeOverridesAction());
        expect(buildScopeCard(scopeSection({ needs_review: 0 })).needsReviewTone).toBe("secondary");
    });

    test("health results and due tones", () => {
        expect(HEALTH_RESULTS).toEqual(["pass", "warn", "fail"]);
        expect(isHealthResult("warn")).toBe(true);
        expect(isHealthResult(false)).toBe(false);
        expect(healthResultTone("pass")).toBe("success");
        expect(healthResultTone("warn")).toBe("warning");
        expect(healthResultTone("fail")).toBe("danger");
        expect(healthResultTone("unknown")).toBe("secondary");
        expect(healthDueTone(-1, true)).toBe("danger");
        expect(healthDueTone(0, false)).toBe("warning");
        expect(healthDueTone(7, false)).toBe("warning");
        expect(healthDueTone(8, false)).toBe("secondary");
    });

    test("health card: failures, last results, next checks", () => {
        const card = buildHealthCard(healthSection());
        expect(card.failures).toBe(1);
        expect(card.tone).toBe("danger");
        expect(card.action).toEqual(healthFailuresAction());
        expect(card.lastRows[0]).toEqual({
            id: 41,
            agreementId: 7,
            agreementName: "AMC 2026 \u2013 Acme",
            date: "2026-11-20 08:15:00",
            result: "fail",
            tone: "danger",
            failCount: 2,
            warnCount: 1,
            action: healthCheckFormAction(41),
        });
        expect(card.lastRows.map((row) => [row.result, row.tone])).toEqual([
            ["fail", "danger"],
            ["warn", "warning"],
            ["pass", "success"],
        ]);
        expect(card.dueRows).toEqual([
            {
                agreementId: 9,
                agreementName: "AMC 2026 \u2013 Globex",
                date: "2026-11-15",
                daysLeft: -6,
                overdue: true,
                interval: "month",
                tone: "danger",
                action: agreementFormAction(9),
            },
            expect.objectContaining({ agreementId: 1, overdue: false, tone: "secondary", action: agreementFormAction(1) }),
        ]);
        const unknown = { ...healthSection().last[0], result: "skipped" } as unknown as DashboardHealthCheck;
        const odd = buildHealthCard(healthSection({ failures: 0, last: [unknown], next_due: [] }));
        expect(odd.tone).toBe("success");
        expect(odd.lastRows[0]).toEqual(expect.objectContaining({ result: false, tone: "secondary" }));
        expect(odd.dueRows).toEqual([]);
    });

    test("patches card", () => {
        expect(buildPatchesCard(patchesSection())).toEqual({
            overdue: 2,
            overdueTone: "danger",
            overdueAction: patchesOverdueAction(),
            dueSoon: 5,
            dueSoonTone: "warning",
            dueSoonAction: patchesDueSoonAction(),
            compliancePercent: 87.5,
            complianceLabel: "88 %",
            complianceTone: "warning",
        });
        const none = buildPatchesCard(patchesSection({ overdue: 0, due_soon: 0, compliance_percent: null }));
        expect(none).toEqual(
            expect.objectContaining({
                overdueTone: "secondary",
                dueSoonTone: "secondary",
                compliancePercent: null,
                complianceLabel: "\u2014",
                complianceTone: "secondary",
            }),
        );
    });

    test("end-of-support tone: the server's runway status (Settings' window) picks it", () => {
        expect(endOfSupportTone("fail")).toBe("danger");
        expect(endOfSupportTone("warn")).toBe("warning");
        expect(endOfSupportTone("pass")).toBe("info");
        expect(endOfSupportTone(false)).toBe("secondary");
    });

    test("versions card: the instance, the runway and the plans due", () => {
        const card = buildVersionsCard(versionsSection());
        expect(card.windowDays).toBe(140);
        expect(card.instance).toEqual({ series: "19.0", endOfSupport: "2028-09-30", daysLeft: 679, tone: "info" });
        expect(card.runwayRows).toEqual([
            {
                agreementId: 7,
                agreementName: "AMC 2026 \u2013 Acme",
                partnerName: "Acme",
                series: "16.0",
                endOfSupport: "2025-09-30",
                daysLeft: -417,
                hasPlan: true,
                warning: false,
                tone: "danger",
                action: agreementFormAction(7),
            },
            // 130 days left, inside the 140-day window of Settings: a warning, as the server says
            expect.objectContaining({ agreementId: 9, partnerName: "", hasPlan: false, warning: true, tone: "warning" }),
        ]);
        expect(card.plansDue).toBe(1);
        expect(card.plansDueTone).toBe("warning");
        expect(card.action).toEqual(upgradePlansAction());
    });

    test("versions card: unknown series or end of support; no warning badge once planned", () => {
        const unknown = buildVersionsCard(
            versionsSection({ instance: { series: false, end_of_support: false, days_left: false, status: false }, plans_due: 0 }),
        );
        expect(unknown.instance).toBeNull();
        expect(unknown.plansDueTone).toBe("secondary");
        const noDate = buildVersionsCard(versionsSection({ instance: { series: "19.0", end_of_support: false, days_left: false, status: false } }));
        expect(noDate.instance).toEqual({ series: "19.0", endOfSupport: false, daysLeft: null, tone: "secondary" });
        const [row] = versionsSection().runway;
        const both = buildVersionsCard(versionsSection({ runway: [{ ...row, has_plan: true, warning: true }] }));
        expect(both.runwayRows[0].warning).toBe(false);
    });

    test("dashboard view: every section present", () => {
        const view = buildDashboardView(dashboardData());
        expect(view.sla).toEqual(buildSlaCard(slaSection()));
        expect(view.scope).toEqual(buildScopeCard(scopeSection()));
        expect(view.health).toEqual(buildHealthCard(healthSection()));
        expect(view.patches).toEqual(buildPatchesCard(patchesSection()));
        expect(view.versions).toEqual(buildVersionsCard(versionsSection()));
    });

    test("dashboard view: an older server without the sections", () => {
        const data = legacyDashboardData();
        for (const key of DASHBOARD_SECTIONS) {
            expect(key in data).toBe(false);
        }
        const view = buildDashboardView(data);
        expect([view.sla, view.scope, view.health, view.patches, view.versions]).toEqual([null, null, null, null, null]);
        // the rest is built as before
        expect(view.stateCards).toHaveLength(4);
        expect(view.packAlertRows).toHaveLength(2);
    });

    test.each(DASHBOARD_SECTIONS)("dashboard view: only %s missing", (missing) => {
        const data = dashboardData();
        delete data[missing];
        const view = buildDashboardView(data);
        for (const key of DASHBOARD_SECTIONS) {
            if (key === missing) {
                expect(view[key]).toBeNull();
            } else {
                expect(view[key]).not.toBeNull();
            }
        }
    });
});

describe("satisfaction card", () => {
    test("formats the server's share of satisfied ratings like SLA compliance", () => {
        const card = buildSatisfactionCard({ days: 30, count: 40, happy: 39, percent: 97.5 });
        expect(card.days).toBe(30);
        expect(card.count).toBe(40);
        expect(card.happy).toBe(39);
        expect(card.tone).toBe("success");
        expect(card.percentLabel).toContain("98");
    });

    test("no rating: a dash and a neutral tone", () => {
        const card = buildSatisfactionCard({ days: 30, count: 0, happy: 0, percent: null });
        expect(card.tone).toBe("secondary");
        expect(card.percentLabel).not.toMatch(/\d/);
    });

    test("the card is absent when the server sends no section", () => {
        expect(buildDashboardView(dashboardData()).satisfaction).toBeNull();
        expect(buildDashboardView({ ...dashboardData(), satisfaction: { days: 30, count: 2, happy: 1, percent: 50 } }).satisfaction?.tone).toBe("danger");
    });
});

describe("buildInstancesCard", () => {
    it("counts reporting, silent and failing instances, each opening the filtered list", () => {
        const card = buildInstancesCard({ reporting: 4, silent: 1, failing: 2, waiting: 3 });
        expect(card.stats.map((stat) => [stat.key, stat.count, stat.tone])).toEqual([
            ["reporting", 4, "success"],
            ["silent", 1, "warning"],
            ["failing", 2, "danger"],
        ]);
        expect(card.stats[1].action).toEqual({
            request: "addon_amc.amc_instance_action",
            options: { additionalContext: { search_default_filter_silent: 1 } },
        });
        expect(card.waiting).toBe(3);
        expect(card.action.options?.additionalContext).toEqual({ search_default_filter_waiting: 1 });
    });

    it("shows quiet tones when nothing needs attention", () => {
        const card = buildInstancesCard({ reporting: 0, silent: 0, failing: 0, waiting: 0 });
        expect(card.stats.map((stat) => stat.tone)).toEqual(["muted", "secondary", "secondary"]);
    });
});
