/**
 * The dashboard client action mounted with the real OWL and its real
 * template (ts_src/components/dashboard/dashboard.xml). Services are doubles.
 */
import { AmcDashboard } from "../ts_src/components/dashboard/dashboard";
import type { DashboardData } from "../ts_src/lib/dashboard_model";
import { FakeChart, installFakeChart, removeFakeChart } from "./doubles/chart";
import { burndownData, dashboardData, emptyDashboardData } from "./fixtures";
import { cleanup, flush, mountComponent, query, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates(
    "ts_src/components/dashboard/dashboard.xml",
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
