/**
 * The dashboard client action mounted with the real OWL and its real
 * template (ts_src/components/dashboard/dashboard.xml). Services are doubles.
 */
import { AmcDashboard } from "../ts_src/components/dashboard/dashboard";
import type { DashboardData } from "../ts_src/lib/dashboard_model";
import { dashboardData, emptyDashboardData } from "./fixtures";
import { cleanup, mountComponent, query, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates("ts_src/components/dashboard/dashboard.xml");

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
    const orm = { call: jest.fn(async () => data) };
    const action = { doAction: jest.fn(async () => undefined) };
    const mounted = await mountComponent(AmcDashboard, {
        templates: TEMPLATES,
        props,
        env: { services: { orm, action } },
    });
    return { ...mounted, orm, action, root: query(mounted.target, ".o_addon_amc_dashboard") };
}

afterEach(cleanup);

describe("AmcDashboard", () => {
    test("loads everything with exactly one orm call", async () => {
        const { orm } = await mountDashboard(dashboardData());
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.agreement", "get_dashboard_data", []);
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
