/**
 * The dashboard client action mounted with the real OWL and its real
 * template (ts_src/components/dashboard/dashboard.xml). Services are doubles.
 */
import { AmcDashboard } from "../ts_src/components/dashboard/dashboard";
import type { DashboardData } from "../ts_src/lib/dashboard_model";
import { FakeChart, installFakeChart, removeFakeChart } from "./doubles/chart";
import {
    DASHBOARD_SECTIONS,
    burndownData,
    dashboardData,
    emptyDashboardData,
    healthSection,
    legacyDashboardData,
    patchesSection,
    scopeSection,
    slaSection,
    versionsSection,
} from "./fixtures";
import { cleanup, flush, mountComponent, query, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates(
    "ts_src/components/dashboard/dashboard.xml",
    "ts_src/components/dashboard_cards/dashboard_cards.xml",
    "ts_src/components/burndown_chart/burndown_chart.xml",
);

/** The props Odoo's action service gives a client action. */
function clientActionProps(): Record<string, unknown> {
    return {
        action: {
            id: 42,
            type: "ir.actions.client",
            tag: "addon_amc.dashboard",
            name: "Dashboard",
            context: {},
        },
        actionId: 42,
        className: "o_action",
        updateActionState: jest.fn(),
    };
}

async function mountDashboard(data: DashboardData, props = clientActionProps()) {
    // get_dashboard_data for the dashboard, get_burndown_data for its chart
    const orm = {
        call: jest.fn(async (_model: string, method: string, args: unknown[] = []) => {
            if (method === "get_burndown_data") {
                const [[id]] = args as [[number]];
                return burndownData({ agreement: { id, name: `Agreement ${id}` } });
            }
            return data;
        }),
    };
    const action = { doAction: jest.fn(async () => undefined) };
    const mounted = await mountComponent(AmcDashboard, {
        templates: TEMPLATES,
        props,
        env: { services: { orm, action } },
    });
    return { ...mounted, orm, action, root: query(mounted.target, ".o_addon_amc_dashboard") };
}

/** orm.call invocations of one method. */
function callsOf(orm: { call: jest.Mock }, method: string): unknown[][] {
    return orm.call.mock.calls.filter((call) => call[1] === method);
}

beforeEach(installFakeChart);
afterEach(() => {
    cleanup();
    removeFakeChart();
});

describe("AmcDashboard", () => {
    test("loads everything with exactly one get_dashboard_data call", async () => {
        const { orm } = await mountDashboard(dashboardData());
        expect(callsOf(orm, "get_dashboard_data")).toEqual([["amc.agreement", "get_dashboard_data", []]]);
        // the only other call is the burn-down chart's, for its one agreement
        expect(callsOf(orm, "get_burndown_data")).toEqual([["amc.agreement", "get_burndown_data", [[3]]]]);
        expect(orm.call).toHaveBeenCalledTimes(2);
    });

    test("without prepaid packs anywhere: exactly one orm call", async () => {
        const { orm, root } = await mountDashboard(dashboardData({ burndown_agreements: [], forecasts: [], forecast_count: 0 }));
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.agreement", "get_dashboard_data", []);
        expect(root.querySelector(".o_addon_amc_burndown_panel")).toBeNull();
    });

    test("root element scrolls inside the web client", async () => {
        const { root, target } = await mountDashboard(dashboardData());
        expect(target.children).toHaveLength(1);
        expect(root.classList).toContain("o_action");
        expect(root.classList).toContain("h-100");
        expect(root.classList).toContain("overflow-auto");
    });

    test("renders one card per state with its count, then the expiring card", async () => {
        const { root } = await mountDashboard(dashboardData());
        const cards = [...root.querySelectorAll<HTMLButtonElement>(".o_addon_amc_card")];
        expect(cards.map((c) => c.tagName)).toEqual(["BUTTON", "BUTTON", "BUTTON", "BUTTON", "BUTTON"]);
        const summary = cards.map((c) => [
            textOf(c.querySelector(".o_addon_amc_card_count")),
            textOf(c.querySelector(".o_addon_amc_card_label")),
        ]);
        expect(summary).toEqual([
            ["2", "Draft"],
            ["5", "Active"],
            ["1", "Expired"],
            ["0", "Cancelled"],
            ["3", "Expiring in 60 days"],
        ]);
        expect(textOf(query(root, ".o_addon_amc_total"))).toBe("8 in total");
        expect(root.querySelector(".o_view_nocontent")).toBeNull();
    });

    test("cards have accessible labels", async () => {
        const { root } = await mountDashboard(dashboardData());
        const labels = [...root.querySelectorAll(".o_addon_amc_card")].map((c) => c.getAttribute("aria-label"));
        expect(labels).toEqual([
            "Draft agreements: 2",
            "Active agreements: 5",
            "Expired agreements: 1",
            "Cancelled agreements: 0",
            "Agreements expiring in 60 days: 3",
        ]);
        for (const card of root.querySelectorAll(".o_addon_amc_card")) {
            expect(card.getAttribute("type")).toBe("button");
            expect(card.querySelector(".fa")?.getAttribute("aria-hidden")).toBe("true");
        }
    });

    test("renders the expiring agreements table", async () => {
        const { root } = await mountDashboard(dashboardData());
        const headers = [...root.querySelectorAll(".o_addon_amc_expiring_table thead th")].map(textOf);
        expect(headers).toEqual(["Agreement", "Customer", "End date", "Days left", "Responsible"]);
        const rows = [...root.querySelectorAll<HTMLTableRowElement>(".o_addon_amc_expiring_row")];
        expect(rows.map((r) => [...r.cells].map(textOf))).toEqual([
            ["AMC 2026 \u2013 Acme", "Acme", "12/15/2026", "24 days", "Mitchell Admin"],
            ["AMC 2026 \u2013 Globex", "Globex", "01/10/2027", "50 days", ""],
            ["First line \u2013 Initech", "", "11/22/2026", "Tomorrow", "Marc Demo"],
        ]);
        expect(rows.map((r) => r.dataset.id)).toEqual(["7", "9", "3"]);
        const badges = rows.map((r) => query(r, ".badge").className);
        expect(badges[0]).toContain("text-bg-warning");
        expect(badges[1]).toContain("text-bg-info");
        expect(badges[2]).toContain("text-bg-danger");
        expect(query(rows[0], "a").getAttribute("aria-label")).toBe("Open agreement AMC 2026 \u2013 Acme");
        expect(root.querySelector(".o_addon_amc_more_expiring")).toBeNull();
        expect(root.querySelector(".o_addon_amc_no_expiring")).toBeNull();
    });

    test("offers the rest when more agreements expire than are listed", async () => {
        const { root, action } = await mountDashboard(dashboardData({ expiring_count: 23 }));
        const more = query(root, ".o_addon_amc_more_expiring");
        expect(textOf(more)).toBe("20 more: show all expiring agreements");
        more.click();
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_agreement_action", {
            additionalContext: { search_default_filter_expiring_soon: 1 },
        });
    });

    test("says so when nothing expires soon", async () => {
        const { root } = await mountDashboard(dashboardData({ expiring: [], expiring_count: 0 }));
        expect(root.querySelector(".o_addon_amc_expiring_table")).toBeNull();
        expect(textOf(query(root, ".o_addon_amc_no_expiring"))).toBe("No agreement expires in the next 60 days.");
    });

    test.each([
        ["draft", "search_default_filter_state_draft"],
        ["active", "search_default_filter_state_active"],
        ["expired", "search_default_filter_state_expired"],
        ["cancelled", "search_default_filter_state_cancelled"],
    ])("clicking the %s card opens the agreements filtered on it", async (state, filter) => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, `.o_addon_amc_card_state[data-state="${state}"]`).click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_agreement_action", {
            additionalContext: { [filter]: 1 },
        });
    });

    test("clicking the expiring card opens the expiring-soon filter", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_expiring").click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_agreement_action", {
            additionalContext: { search_default_filter_expiring_soon: 1 },
        });
    });

    test("clicking an expiring row opens that agreement's form", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, '.o_addon_amc_expiring_row[data-id="9"] .o_addon_amc_expiring_partner').click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.agreement",
            res_id: 9,
            views: [[false, "form"]],
            target: "current",
        });
    });

    test("the row's link opens the form once and does not navigate", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        const link = query<HTMLAnchorElement>(root, '.o_addon_amc_expiring_row[data-id="7"] a');
        const event = new MouseEvent("click", { bubbles: true, cancelable: true });
        link.dispatchEvent(event);
        expect(event.defaultPrevented).toBe(true);
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith(expect.objectContaining({ res_id: 7, res_model: "amc.agreement" }));
    });

    test("empty state when there is no agreement", async () => {
        const { root, orm, action } = await mountDashboard(emptyDashboardData());
        expect(orm.call).toHaveBeenCalledTimes(1);
        const help = query(root, ".o_view_nocontent .o_nocontent_help");
        expect(textOf(help.querySelector("p"))).toBe("No support agreements yet");
        expect(textOf(help)).toContain("Create the first one");
        expect(root.querySelector(".o_addon_amc_card")).toBeNull();
        expect(root.querySelector(".o_addon_amc_expiring")).toBeNull();

        const button = query<HTMLButtonElement>(help, "button.btn-primary.o_addon_amc_new_agreement");
        expect(textOf(button)).toBe("New agreement");
        button.click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.agreement",
            views: [[false, "form"]],
            target: "current",
        });
    });

    test("hours this month: five buckets as float_time and a proportion bar", async () => {
        const { root } = await mountDashboard(dashboardData());
        const card = query(root, ".o_addon_amc_hours");
        expect(textOf(query(card, ".o_addon_amc_hours_month"))).toBe("November 2026");
        const items = [...card.querySelectorAll<HTMLElement>(".o_addon_amc_hours_bucket")];
        expect(items.map((li) => [li.dataset.bucket, textOf(li.querySelector(".o_addon_amc_hours_label")), textOf(li.querySelector(".o_addon_amc_hours_value"))])).toEqual([
            ["maintenance", "Maintenance", "08:30"],
            ["first_line", "First-line Support", "04:15"],
            ["config", "Configuration Allowance", "00:00"],
            ["pack", "Prepaid Pack", "06:00"],
            ["billable", "Billable", "01:15"],
        ]);
        const segments = [...card.querySelectorAll<HTMLElement>(".o_addon_amc_hours_bar .o_addon_amc_hours_segment")];
        expect(segments.map((el) => [el.dataset.bucket, el.style.width])).toEqual([
            ["maintenance", "42.5%"],
            ["first_line", "21.25%"],
            ["pack", "30%"],
            ["billable", "6.25%"],
        ]);
        expect(segments[0].classList).toContain("o_addon_amc_bucket_maintenance");
        expect(segments[0].getAttribute("title")).toBe("Maintenance: 08:30");
        expect(textOf(query(card, ".o_addon_amc_hours_total"))).toBe("20:00 in total");
        expect(card.querySelector(".o_addon_amc_no_hours")).toBeNull();
    });

    test("hours this month: no bar when nothing was logged", async () => {
        const data = dashboardData({ hours_by_bucket: emptyDashboardData().hours_by_bucket });
        const { root } = await mountDashboard(data);
        expect(root.querySelector(".o_addon_amc_hours_bar")).toBeNull();
        expect(textOf(query(root, ".o_addon_amc_no_hours"))).toBe("No time logged this month.");
        expect(root.querySelectorAll(".o_addon_amc_hours_bucket")).toHaveLength(5);
    });

    test("billable this month: the amounts, or nothing billable yet", async () => {
        const { root } = await mountDashboard(
            dashboardData({
                billable_amounts: [
                    { currency_id: 18, amount: 2400, formatted: "2,400.00 kr" },
                    { currency_id: 1, amount: 150, formatted: "\u20ac 150.00" },
                ],
            }),
        );
        const amounts = [...root.querySelectorAll(".o_addon_amc_billable .o_addon_amc_billable_amount")].map(textOf);
        expect(amounts).toEqual(["2,400.00 kr", "\u20ac 150.00"]);
        expect(root.querySelector(".o_addon_amc_no_billable")).toBeNull();
        cleanup();

        const empty = await mountDashboard(dashboardData({ billable_amounts: [] }));
        expect(empty.root.querySelector(".o_addon_amc_billable_amount")).toBeNull();
        expect(textOf(query(empty.root, ".o_addon_amc_no_billable"))).toBe("Nothing billable yet");
    });

    test("packs past threshold: count and rows", async () => {
        const { root } = await mountDashboard(dashboardData());
        const section = query(root, ".o_addon_amc_pack_alerts");
        const header = query<HTMLButtonElement>(section, "button.o_addon_amc_card_pack_alerts");
        expect(textOf(query(header, "h3"))).toBe("Packs past threshold");
        expect(textOf(query(header, ".o_addon_amc_pack_alert_count"))).toBe("2");
        expect(header.getAttribute("aria-label")).toBe("Prepaid packs past their usage threshold: 2");
        const headers = [...section.querySelectorAll("thead th")].map(textOf);
        expect(headers).toEqual(["Pack", "Customer", "Used", "Hours left"]);
        const rows = [...section.querySelectorAll<HTMLTableRowElement>(".o_addon_amc_pack_alert_row")];
        expect(rows.map((r) => [...r.cells].slice(1).map(textOf))).toEqual([
            ["Nordic Timber AB", "84 %", "04:00"],
            ["", "97 %", "01:45"],
        ]);
        expect(rows.map((r) => [textOf(query(r, "a")), textOf(query(r, ".o_addon_amc_pack_alert_agreement"))])).toEqual([
            ["25 h pack", "AMC 2026 \u2013 Nordic Timber"],
            ["50 h pack", "Prepaid Support Pack \u2013 Fjord Logistics"],
        ]);
        expect(query(rows[0], ".badge").className).toContain("text-bg-warning");
        expect(query(rows[1], ".badge").className).toContain("text-bg-danger");
        expect(section.querySelector(".o_addon_amc_more_pack_alerts")).toBeNull();
    });

    test("clicking the packs-past-threshold card opens the packs filtered on it", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_pack_alerts").click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_hour_pack_action", {
            additionalContext: { search_default_filter_threshold: 1 },
        });
    });

    test("more packs past threshold than listed", async () => {
        const { root, action } = await mountDashboard(dashboardData({ pack_alert_count: 30 }));
        const more = query(root, ".o_addon_amc_more_pack_alerts");
        expect(textOf(more)).toBe("28 more: show all packs past their threshold");
        more.click();
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_hour_pack_action", {
            additionalContext: { search_default_filter_threshold: 1 },
        });
    });

    test("clicking a pack alert row opens that pack's form", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, '.o_addon_amc_pack_alert_row[data-id="6"] .o_addon_amc_pack_alert_hours').click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.hour.pack",
            res_id: 6,
            views: [[false, "form"]],
            target: "current",
        });
        const link = query(root, '.o_addon_amc_pack_alert_row[data-id="4"] a');
        expect(link.getAttribute("aria-label")).toBe("Open pack 25 h pack of AMC 2026 \u2013 Nordic Timber");
    });

    test("no pack past threshold", async () => {
        const { root } = await mountDashboard(dashboardData({ pack_alerts: [], pack_alert_count: 0 }));
        expect(textOf(query(root, ".o_addon_amc_pack_alert_count"))).toBe("0");
        expect(query(root, ".o_addon_amc_pack_alert_count").className).toContain("text-bg-secondary");
        expect(root.querySelector(".o_addon_amc_pack_alert_table")).toBeNull();
        expect(textOf(query(root, ".o_addon_amc_no_pack_alerts"))).toBe("No prepaid pack has passed its usage threshold.");
    });

    test("run out within 30 days: rows open the agreement", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        const section = query(root, ".o_addon_amc_forecasts");
        expect(textOf(query(section, ".o_addon_amc_forecast_count"))).toBe("2");
        expect([...section.querySelectorAll("thead th")].map(textOf)).toEqual(["Agreement", "Hours left", "Runs out", "Days left"]);
        const rows = [...section.querySelectorAll<HTMLTableRowElement>(".o_addon_amc_forecast_row")];
        expect(rows.map((r) => [...r.cells].map(textOf))).toEqual([
            ["Prepaid Support Pack \u2013 Fjord Logistics", "06:00", "12/01/2026", "10 days"],
            ["AMC 2026 \u2013 Nordic Timber", "04:00", "12/15/2026", "24 days"],
        ]);
        query(rows[1], ".o_addon_amc_forecast_date").click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.agreement",
            res_id: 1,
            views: [[false, "form"]],
            target: "current",
        });
    });

    test("run out within 30 days: empty, and more than listed", async () => {
        const { root } = await mountDashboard(dashboardData({ forecasts: [], forecast_count: 0 }));
        expect(textOf(query(root, ".o_addon_amc_no_forecasts"))).toBe("No agreement runs out of prepaid hours within 30 days.");
        cleanup();
        const more = await mountDashboard(dashboardData({ forecast_count: 5 }));
        expect(textOf(query(more.root, ".o_addon_amc_more_forecasts"))).toBe("and 3 more");
    });

    test("burn-down panel: a select of the agreements, the first forecast's charted", async () => {
        const { root } = await mountDashboard(dashboardData());
        const select = query<HTMLSelectElement>(root, ".o_addon_amc_burndown_panel select.o_addon_amc_burndown_select");
        expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
            ["1", "AMC 2026 \u2013 Nordic Timber"],
            ["2", "First-line Support \u2013 Solvik Foods"],
            ["3", "Prepaid Support Pack \u2013 Fjord Logistics"],
        ]);
        expect(select.value).toBe("3");
        expect(query(root, ".o_addon_amc_burndown_panel .o_addon_amc_burndown").dataset.agreementId).toBe("3");
        expect(FakeChart.live).toHaveLength(1);
    });

    test("burn-down panel: without forecast, the first agreement listed", async () => {
        const { root, orm } = await mountDashboard(dashboardData({ forecasts: [], forecast_count: 0 }));
        expect(query<HTMLSelectElement>(root, ".o_addon_amc_burndown_select").value).toBe("1");
        expect(callsOf(orm, "get_burndown_data")).toEqual([["amc.agreement", "get_burndown_data", [[1]]]]);
    });

    test("choosing another agreement switches the chart, the dashboard does not reload", async () => {
        const { root, orm } = await mountDashboard(dashboardData());
        const select = query<HTMLSelectElement>(root, ".o_addon_amc_burndown_select");
        select.value = "2";
        select.dispatchEvent(new Event("change"));
        await flush();
        expect(query(root, ".o_addon_amc_burndown").dataset.agreementId).toBe("2");
        expect(callsOf(orm, "get_burndown_data").map((call) => call[2])).toEqual([[[3]], [[2]]]);
        expect(callsOf(orm, "get_dashboard_data")).toHaveLength(1);
        expect(FakeChart.live).toHaveLength(1);
        expect(FakeChart.instances).toHaveLength(2);
    });

    test("unmounting the dashboard destroys the chart", async () => {
        const { app } = await mountDashboard(dashboardData());
        expect(FakeChart.live).toHaveLength(1);
        app.destroy();
        expect(FakeChart.live).toHaveLength(0);
    });

    test("accepts the props the action service passes (dev-mode validation)", async () => {
        const props = { ...clientActionProps(), globalState: {}, state: {}, resId: false, someFutureProp: 1 };
        await expect(mountDashboard(dashboardData(), props)).resolves.toBeTruthy();
    });

    test("static props schema still requires the action", async () => {
        const props = clientActionProps();
        delete props.action;
        await expect(mountDashboard(dashboardData(), props)).rejects.toThrow(/Invalid props for component 'AmcDashboard': 'action' is missing/);
    });
});

/** Text of each cell of the rows matching `selector`. */
function cellsOf(root: ParentNode, selector: string): string[][] {
    return [...root.querySelectorAll<HTMLTableRowElement>(selector)].map((row) => [...row.cells].map(textOf));
}

/** The card (section) of each service section, by the payload key. */
const SECTION_CARDS = {
    sla: ".o_addon_amc_sla_card",
    scope: ".o_addon_amc_scope_card",
    health: ".o_addon_amc_health_card",
    patches: ".o_addon_amc_patches_card",
    versions: ".o_addon_amc_versions_card",
} as const;

describe("AmcDashboard: SLA, scope, health, patches and versions cards", () => {
    test("every card renders from the one get_dashboard_data call, in a responsive grid", async () => {
        const { root, orm } = await mountDashboard(dashboardData({ burndown_agreements: [], forecasts: [], forecast_count: 0 }));
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.agreement", "get_dashboard_data", []);
        for (const selector of Object.values(SECTION_CARDS)) {
            const card = query(root, selector);
            expect(card.tagName).toBe("SECTION");
            expect(card.classList).toContain("card");
            expect(card.classList).toContain("h-100");
        }
        const serviceColumns = [...root.querySelectorAll(".o_addon_amc_service_row > div")];
        expect(serviceColumns.map((col) => col.className)).toEqual(Array(3).fill("col-12 col-md-6 col-xl-4"));
        expect(serviceColumns.map((col) => col.firstElementChild?.className.split(" ").at(-1))).toEqual([
            "o_addon_amc_sla_card",
            "o_addon_amc_scope_card",
            "o_addon_amc_patches_card",
        ]);
        const opsColumns = [...root.querySelectorAll(".o_addon_amc_ops_row > div")];
        expect(opsColumns.map((col) => col.className)).toEqual(["col-12 col-xl-6", "col-12 col-xl-6"]);
        // the existing cards are untouched: still the four states and the expiring card
        expect(root.querySelectorAll(".o_addon_amc_card")).toHaveLength(5);
    });

    test("an older server without the sections: no service card, nothing breaks", async () => {
        const { root, orm } = await mountDashboard(legacyDashboardData());
        expect(callsOf(orm, "get_dashboard_data")).toHaveLength(1);
        expect(root.querySelector(".o_addon_amc_service_row")).toBeNull();
        expect(root.querySelector(".o_addon_amc_ops_row")).toBeNull();
        for (const selector of Object.values(SECTION_CARDS)) {
            expect(root.querySelector(selector)).toBeNull();
        }
        expect(root.querySelectorAll(".o_addon_amc_card")).toHaveLength(5);
        expect(root.querySelectorAll(".o_addon_amc_expiring_row")).toHaveLength(3);
        expect(root.querySelector(".o_addon_amc_burndown_panel")).not.toBeNull();
    });

    test.each(DASHBOARD_SECTIONS)("without the %s section only its card is left out", async (missing) => {
        const data = dashboardData();
        delete data[missing];
        const { root } = await mountDashboard(data);
        for (const [key, selector] of Object.entries(SECTION_CARDS)) {
            expect(root.querySelector(selector) === null).toBe(key === missing);
        }
    });

    test("a row of cards is left out when all its sections are", async () => {
        const data = dashboardData();
        delete data.health;
        delete data.versions;
        const { root } = await mountDashboard(data);
        expect(root.querySelector(".o_addon_amc_ops_row")).toBeNull();
        expect(root.querySelectorAll(".o_addon_amc_service_row > div")).toHaveLength(3);
    });

    test("SLA: compliance of the last 30 days, met / breached, at risk and breached open", async () => {
        const { root } = await mountDashboard(dashboardData());
        const card = query(root, ".o_addon_amc_sla_card");
        const header = query<HTMLButtonElement>(card, "button.o_addon_amc_card_sla");
        expect(textOf(query(header, "h3"))).toBe("SLA compliance");
        expect(textOf(query(header, ".o_addon_amc_sla_card_period"))).toBe("Last 30 days");
        expect(header.getAttribute("aria-label")).toBe(
            "SLA compliance over the last 30 days: 93 %. Show the requests with a breached SLA",
        );
        const compliance = query(card, ".o_addon_amc_sla_card_compliance");
        expect(textOf(compliance)).toBe("93 %");
        expect(compliance.classList).toContain("text-warning");
        expect(compliance.classList).toContain("fs-2");
        expect(textOf(query(card, ".o_addon_amc_sla_card_outcomes"))).toBe("28 met / 2 breached");
        const counts = [".o_addon_amc_sla_card_at_risk", ".o_addon_amc_sla_card_open_breached"].map((selector) =>
            [...query(card, selector).children].map(textOf),
        );
        expect(counts).toEqual([
            ["3", "At risk"],
            ["1", "Breached, still open"],
        ]);
        expect(query(card, ".o_addon_amc_sla_card_at_risk .badge").className).toContain("text-bg-warning");
        expect(query(card, ".o_addon_amc_sla_card_open_breached .badge").className).toContain("text-bg-danger");
    });

    test("SLA: nothing measured shows a dash, zero counts are grey", async () => {
        const sla = slaSection({ compliance_percent: null, met: 0, breached: 0, at_risk: 0, open_breached: 0 });
        const { root } = await mountDashboard(dashboardData({ sla }));
        const compliance = query(root, ".o_addon_amc_sla_card_compliance");
        expect(textOf(compliance)).toBe("\u2014");
        expect(compliance.classList).toContain("text-secondary");
        expect(textOf(query(root, ".o_addon_amc_sla_card_outcomes"))).toBe("0 met / 0 breached");
        expect(query(root, ".o_addon_amc_sla_card_at_risk .badge").className).toContain("text-bg-secondary");
        expect(query(root, ".o_addon_amc_sla_card_open_breached .badge").className).toContain("text-bg-secondary");
    });

    test("SLA: clicking the card opens the requests with a breached SLA", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_sla").click();
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_request_action", {
            additionalContext: { search_default_filter_sla_breached: 1 },
        });
    });

    test("scope: to review, open requests by scope, overrides and their top rules", async () => {
        const { root } = await mountDashboard(dashboardData());
        const card = query(root, ".o_addon_amc_scope_card");
        const review = query<HTMLButtonElement>(card, "button.o_addon_amc_card_needs_review");
        expect(textOf(query(review, "h3"))).toBe("Scope to review");
        expect(textOf(query(review, ".o_addon_amc_scope_card_needs_review"))).toBe("4");
        expect(query(review, ".badge").className).toContain("text-bg-warning");
        expect(review.getAttribute("aria-label")).toBe("Open requests whose scope needs review: 4");
        const open = [...card.querySelectorAll<HTMLElement>(".o_addon_amc_scope_card_open")];
        expect(open.map((li) => [li.dataset.scope, textOf(li.querySelector(".o_addon_amc_scope_card_open_label")), textOf(li.querySelector(".o_addon_amc_scope_card_open_count"))])).toEqual([
            ["included", "Included in Maintenance", "6"],
            ["first_line", "First Line", "2"],
            ["config", "Minor Configuration", "0"],
            ["billable", "Billable", "3"],
            ["needs_review", "Needs Review", "4"],
        ]);
        const overrides = query<HTMLButtonElement>(card, "button.o_addon_amc_card_scope_overrides");
        expect(textOf(query(overrides, ".o_addon_amc_scope_card_overrides_label"))).toBe("Overrides in 30 days");
        expect(textOf(query(overrides, ".o_addon_amc_scope_card_override_count"))).toBe("7");
        expect(overrides.getAttribute("aria-label")).toBe("Scope overrides in the last 30 days: 7");
        const top = [...overrides.querySelectorAll<HTMLElement>(".o_addon_amc_scope_card_top_rule")];
        expect(top.map((el) => [el.dataset.ruleId, textOf(el.querySelector(".o_addon_amc_scope_card_top_category")), textOf(el.querySelector(".o_addon_amc_scope_card_top_count"))])).toEqual([
            ["12", "Reports", "4"],
            ["5", "No category", "2"],
            ["", "No rule", "1"],
        ]);
    });

    test("scope: nothing to review, no override", async () => {
        const scope = scopeSection({ needs_review: 0, override_count: 0, top_overridden: [] });
        const { root } = await mountDashboard(dashboardData({ scope }));
        expect(query(root, ".o_addon_amc_scope_card_needs_review").className).toContain("text-bg-secondary");
        expect(query(root, ".o_addon_amc_scope_card_override_count").className).toContain("text-bg-secondary");
        expect(root.querySelector(".o_addon_amc_scope_card_top")).toBeNull();
    });

    test("scope: clicks open the requests to review and the overrides of the last 30 days", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_needs_review").click();
        expect(action.doAction).toHaveBeenLastCalledWith("addon_amc.amc_request_action", {
            additionalContext: { search_default_filter_needs_review: 1 },
        });
        // a click on a top rule is a click on the overrides button
        query(root, ".o_addon_amc_scope_card_top_rule").click();
        expect(action.doAction).toHaveBeenLastCalledWith("addon_amc.amc_scope_override_action", {
            additionalContext: { search_default_filter_last_30_days: 1 },
        });
        expect(action.doAction).toHaveBeenCalledTimes(2);
    });

    test("health: failures in red, the last results and the next checks", async () => {
        const { root } = await mountDashboard(dashboardData());
        const card = query(root, ".o_addon_amc_health_card");
        const header = query<HTMLButtonElement>(card, "button.o_addon_amc_card_health");
        expect(textOf(query(header, "h3"))).toBe("Failed health checks");
        const failures = query(header, ".o_addon_amc_health_card_failures");
        expect(textOf(failures)).toBe("1");
        expect(failures.className).toContain("text-bg-danger");
        expect(header.getAttribute("aria-label")).toBe("Agreements whose last health check failed: 1");

        expect([...card.querySelectorAll(".o_addon_amc_health_card_last thead th")].map(textOf)).toEqual(["Agreement", "Checked", "Result"]);
        // the check's UTC datetime, shown by formatDateTime (the test double keeps UTC)
        expect(cellsOf(card, ".o_addon_amc_health_card_result")).toEqual([
            ["AMC 2026 \u2013 Acme", "11/20/2026 08:15:00", "Fail"],
            ["AMC 2026 \u2013 Globex", "11/18/2026 23:30:00", "Warning"],
            ["AMC 2026 \u2013 Nordic Timber", "11/02/2026 06:00:00", "Pass"],
        ]);
        const badges = [...card.querySelectorAll<HTMLElement>(".o_addon_amc_health_card_badge .badge")];
        expect(badges.map((badge) => [badge.dataset.result, badge.className.match(/text-bg-\w+/)?.[0]])).toEqual([
            ["fail", "text-bg-danger"],
            ["warn", "text-bg-warning"],
            ["pass", "text-bg-success"],
        ]);
        expect(query(card, ".o_addon_amc_health_card_result a").getAttribute("aria-label")).toBe(
            "Open the health check of AMC 2026 \u2013 Acme",
        );

        expect([...card.querySelectorAll(".o_addon_amc_health_card_next thead th")].map(textOf)).toEqual(["Agreement", "Schedule", "Due", "Days left"]);
        expect(cellsOf(card, ".o_addon_amc_health_card_due")).toEqual([
            ["AMC 2026 \u2013 Globex", "Monthly", "11/15/2026", "6 days late"],
            ["AMC 2026 \u2013 Nordic Timber", "Quarterly", "12/02/2026", "11 days"],
        ]);
        const due = [...card.querySelectorAll<HTMLElement>(".o_addon_amc_health_card_due")];
        expect(due.map((row) => row.classList.contains("o_addon_amc_overdue"))).toEqual([true, false]);
        expect(due[0].classList).toContain("table-danger");
        expect(query(due[0], ".badge").className).toContain("text-bg-danger");
        expect(query(due[1], ".badge").className).toContain("text-bg-secondary");
    });

    test("health: no failure is green; empty lists say so", async () => {
        const { root } = await mountDashboard(dashboardData({ health: healthSection({ failures: 0, last: [], next_due: [] }) }));
        expect(query(root, ".o_addon_amc_health_card_failures").className).toContain("text-bg-success");
        expect(root.querySelector(".o_addon_amc_health_card_last")).toBeNull();
        expect(root.querySelector(".o_addon_amc_health_card_next")).toBeNull();
        expect(textOf(query(root, ".o_addon_amc_health_card_no_last"))).toBe("No health check has run yet.");
        expect(textOf(query(root, ".o_addon_amc_health_card_no_next"))).toBe("No health check is scheduled.");
    });

    test("health: the card opens the failed checks, a result its check, a next check its agreement", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_health").click();
        expect(action.doAction).toHaveBeenLastCalledWith("addon_amc.amc_health_check_action", {
            additionalContext: { search_default_filter_fail: 1 },
        });
        query(root, '.o_addon_amc_health_card_result[data-id="38"] .o_addon_amc_health_card_date').click();
        expect(action.doAction).toHaveBeenLastCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.health.check",
            res_id: 38,
            views: [[false, "form"]],
            target: "current",
        });
        query(root, '.o_addon_amc_health_card_due[data-agreement-id="1"] .o_addon_amc_health_card_due_date').click();
        expect(action.doAction).toHaveBeenLastCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.agreement",
            res_id: 1,
            views: [[false, "form"]],
            target: "current",
        });
        expect(action.doAction).toHaveBeenCalledTimes(3);
    });

    test("health: a result row's link opens the check once and does not navigate", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        const link = query<HTMLAnchorElement>(root, '.o_addon_amc_health_card_result[data-id="41"] a');
        const event = new MouseEvent("click", { bubbles: true, cancelable: true });
        link.dispatchEvent(event);
        expect(event.defaultPrevented).toBe(true);
        expect(action.doAction).toHaveBeenCalledTimes(1);
        expect(action.doAction).toHaveBeenCalledWith(expect.objectContaining({ res_model: "amc.health.check", res_id: 41 }));
    });

    test("patches: overdue, due soon and the compliance over 12 months", async () => {
        const { root } = await mountDashboard(dashboardData());
        const card = query(root, ".o_addon_amc_patches_card");
        expect(textOf(query(card, "h3"))).toBe("Patches");
        const overdue = query<HTMLButtonElement>(card, "button.o_addon_amc_card_patches_overdue");
        expect([...query(overdue, ".card-body").children].map(textOf)).toEqual(["2", "Overdue"]);
        expect(query(overdue, ".o_addon_amc_patches_card_overdue").classList).toContain("text-danger");
        expect(overdue.getAttribute("aria-label")).toBe("Overdue patches: 2");
        const dueSoon = query<HTMLButtonElement>(card, "button.o_addon_amc_card_patches_due_soon");
        expect([...query(dueSoon, ".card-body").children].map(textOf)).toEqual(["5", "Due soon"]);
        expect(query(dueSoon, ".o_addon_amc_patches_card_due_soon").classList).toContain("text-warning");
        expect(dueSoon.getAttribute("aria-label")).toBe("Patches due soon: 5");
        const compliance = query(card, ".o_addon_amc_patches_card_compliance");
        expect([...compliance.children].map(textOf)).toEqual(["Applied on time, last 12 months", "88 %"]);
        expect(query(compliance, ".badge").className).toContain("text-bg-warning");
    });

    test("patches: a dash without any patch to measure", async () => {
        const patches = patchesSection({ overdue: 0, due_soon: 0, compliance_percent: null });
        const { root } = await mountDashboard(dashboardData({ patches }));
        const value = query(root, ".o_addon_amc_patches_card_compliance_value");
        expect(textOf(value)).toBe("\u2014");
        expect(value.className).toContain("text-bg-secondary");
        expect(query(root, ".o_addon_amc_patches_card_overdue").classList).toContain("text-secondary");
    });

    test("patches: overdue opens the overdue patches, due soon those to apply", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_patches_overdue").click();
        expect(action.doAction).toHaveBeenLastCalledWith("addon_amc.amc_patch_action", {
            additionalContext: { search_default_filter_overdue: 1 },
        });
        query(root, ".o_addon_amc_card_patches_due_soon").click();
        expect(action.doAction).toHaveBeenLastCalledWith("addon_amc.amc_patch_action", {
            additionalContext: { search_default_filter_todo: 1 },
        });
        expect(action.doAction).toHaveBeenCalledTimes(2);
    });

    test("versions: this database's series, the runway and the plans due", async () => {
        const { root } = await mountDashboard(dashboardData());
        const card = query(root, ".o_addon_amc_versions_card");
        const header = query<HTMLButtonElement>(card, "button.o_addon_amc_card_versions");
        expect(textOf(query(header, "h3"))).toBe("Odoo versions");
        expect(textOf(query(header, ".o_addon_amc_versions_card_plans_due"))).toBe("1");
        expect(query(header, ".o_addon_amc_versions_card_plans_due").className).toContain("text-bg-warning");
        expect(header.getAttribute("aria-label")).toBe("Upgrade plans due: 1");
        expect(textOf(query(card, ".o_addon_amc_versions_card_series"))).toBe("Odoo 19.0");
        const support = query(card, ".o_addon_amc_versions_card_support");
        expect(textOf(support)).toBe("Support ends on 09/30/2028, in 679 days");
        expect(support.classList).toContain("text-info");

        expect([...card.querySelectorAll(".o_addon_amc_versions_card_runway thead th")].map(textOf)).toEqual([
            "Agreement",
            "Series",
            "End of support",
            "Days left",
            "Upgrade plan",
        ]);
        expect(cellsOf(card, ".o_addon_amc_versions_card_row")).toEqual([
            ["AMC 2026 \u2013 AcmeAcme", "16.0", "09/30/2025", "Ended", "Planned"],
            ["AMC 2026 \u2013 Globex", "17.0", "03/31/2027", "130 days", "No plan"],
        ]);
        const rows = [...card.querySelectorAll<HTMLElement>(".o_addon_amc_versions_card_row")];
        expect(textOf(query(rows[0], ".o_addon_amc_versions_card_partner"))).toBe("Acme");
        expect(rows[0].querySelector(".o_addon_amc_versions_card_no_plan")).toBeNull();
        expect(query(rows[0], ".o_addon_amc_versions_card_row_days .badge").className).toContain("text-bg-danger");
        expect(query(rows[1], ".o_addon_amc_versions_card_no_plan").className).toContain("text-bg-warning");
        expect(rows[1].querySelector(".o_addon_amc_versions_card_partner")).toBeNull();
        expect(query(rows[1], "a").getAttribute("aria-label")).toBe("Open agreement AMC 2026 \u2013 Globex");
    });

    test("versions: unknown series, support ended, nothing in the window", async () => {
        const unknown = await mountDashboard(
            dashboardData({ versions: versionsSection({ instance: { series: false, end_of_support: false, days_left: false, status: false }, runway: [], plans_due: 0 }) }),
        );
        expect(textOf(query(unknown.root, ".o_addon_amc_versions_card_unknown"))).toBe(
            "This database's Odoo series is not in the versions list.",
        );
        expect(unknown.root.querySelector(".o_addon_amc_versions_card_runway")).toBeNull();
        expect(textOf(query(unknown.root, ".o_addon_amc_versions_card_no_runway"))).toBe(
            "No agreement's Odoo series reaches its end of support within 140 days.",
        );
        expect(query(unknown.root, ".o_addon_amc_versions_card_plans_due").className).toContain("text-bg-secondary");
        cleanup();

        const ended = await mountDashboard(
            dashboardData({ versions: versionsSection({ instance: { series: "16.0", end_of_support: "2025-09-30", days_left: -417, status: "fail" } }) }),
        );
        const support = query(ended.root, ".o_addon_amc_versions_card_support");
        expect(textOf(support)).toBe("Support ended on 09/30/2025");
        expect(support.classList).toContain("text-danger");
        cleanup();

        const noDate = await mountDashboard(
            dashboardData({ versions: versionsSection({ instance: { series: "19.0", end_of_support: false, days_left: false, status: false } }) }),
        );
        expect(textOf(query(noDate.root, ".o_addon_amc_versions_card_support"))).toBe("End of support unknown");
    });

    test("versions: the card opens the upgrade plans, a row its agreement", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        query(root, ".o_addon_amc_card_versions").click();
        expect(action.doAction).toHaveBeenLastCalledWith("addon_amc.amc_upgrade_plan_action");
        query(root, '.o_addon_amc_versions_card_row[data-agreement-id="9"] .o_addon_amc_versions_card_row_series').click();
        expect(action.doAction).toHaveBeenLastCalledWith({
            type: "ir.actions.act_window",
            res_model: "amc.agreement",
            res_id: 9,
            views: [[false, "form"]],
            target: "current",
        });
        expect(action.doAction).toHaveBeenCalledTimes(2);
    });

    test("service cards: buttons with accessible labels, decorative icons hidden", async () => {
        const { root } = await mountDashboard(dashboardData());
        const buttons = [
            ...root.querySelectorAll<HTMLButtonElement>(
                ".o_addon_amc_service_row button, .o_addon_amc_ops_row button",
            ),
        ];
        expect(buttons).toHaveLength(7);
        for (const button of buttons) {
            expect(button.getAttribute("type")).toBe("button");
            expect(button.getAttribute("aria-label")).toBeTruthy();
        }
        for (const icon of root.querySelectorAll(".o_addon_amc_service_row .fa, .o_addon_amc_ops_row .fa")) {
            expect(icon.getAttribute("aria-hidden")).toBe("true");
        }
    });
});

describe("AmcDashboard: To invoice card", () => {
    test("shows the amounts and opens the statements to invoice", async () => {
        const { root, action } = await mountDashboard(dashboardData());
        const card = root.querySelector(".o_addon_amc_to_invoice_card");
        expect(card).not.toBeNull();
        expect(card?.querySelector(".o_addon_amc_to_invoice_amount")?.textContent).toBe("12\u00a0400,00\u00a0kr");
        expect(card?.querySelectorAll(".o_addon_amc_to_invoice_row")).toHaveLength(2);
        (card?.querySelector(".o_addon_amc_card_to_invoice") as HTMLButtonElement).click();
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_statement_action", {
            additionalContext: { search_default_filter_to_invoice: 1 },
        });
    });

    test("without the section the card is left out", async () => {
        const data = dashboardData();
        delete data.to_invoice;
        const { root } = await mountDashboard(data);
        expect(root.querySelector(".o_addon_amc_to_invoice_card")).toBeNull();
    });
});
