/**
 * The dashboard client action mounted with the real OWL and its real templates,
 * fed with the REAL payload of the demo data (test/fixtures/dashboard_payload.json,
 * dumped by the server: tests/test_amc_dashboard.py, TestAmcDashboardContract).
 * The expectations are read from that payload, so they hold whatever day it was
 * dumped on; services are doubles.
 */
import { AmcDashboard } from "../ts_src/components/dashboard/dashboard";
import { AmcDashboardSection } from "../ts_src/components/dashboard_section/dashboard_section";
import { actionCall } from "../ts_src/lib/dashboard_model";
import type {
    BurndownWidgetData,
    DashboardAction,
    DashboardData,
    DashboardSection,
} from "../ts_src/lib/dashboard_model";
import { installFakeChart, removeFakeChart } from "./doubles/chart";
import { burndownData, dashboardData, sectionOf } from "./fixtures";
import { cleanup, flush, mountComponent, query, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates(
    "ts_src/components/dashboard/dashboard.xml",
    "ts_src/components/dashboard_section/dashboard_section.xml",
    "ts_src/components/dashboard_burndown/dashboard_burndown.xml",
    "ts_src/components/burndown_chart/burndown_chart.xml",
);

/** The props Odoo's action service gives a client action. */
function clientActionProps(): Record<string, unknown> {
    return {
        action: { id: 42, type: "ir.actions.client", tag: "addon_amc.dashboard", name: "Dashboard", context: {} },
        actionId: 42,
        className: "o_action",
        updateActionState: jest.fn(),
    };
}

async function mountDashboard(data: DashboardData = dashboardData()) {
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
        props: clientActionProps(),
        env: { services: { orm, action } },
    });
    return { ...mounted, data, orm, action, root: query(mounted.target, ".o_addon_amc_dashboard") };
}

/** The element of one section. */
function sectionEl(root: HTMLElement, key: string): HTMLElement {
    return query(root, `.o_addon_amc_section[data-key="${key}"]`);
}

/** A server text as textOf() reads it back from the DOM (white space, no-break spaces, collapsed). */
function norm(text: string | false): string {
    return (text || "").replace(/\s+/g, " ").trim();
}

/** A cell's text without its note. */
function cellText(td: HTMLTableCellElement): string {
    const copy = td.cloneNode(true) as HTMLElement;
    copy.querySelector(".o_addon_amc_cell_note")?.remove();
    return textOf(copy);
}

/** doAction was called exactly as the server's action says. */
function expectOpened(doAction: jest.Mock, serverAction: DashboardAction): void {
    expect(doAction).toHaveBeenCalledTimes(1);
    expect(doAction).toHaveBeenCalledWith(...actionCall(serverAction));
}

beforeEach(installFakeChart);
afterEach(() => {
    cleanup();
    removeFakeChart();
});

describe("the committed payload", () => {
    test("is the server's: sections of cards and rows, every feature's section present", () => {
        const data = dashboardData();
        expect(data.total).toBeGreaterThan(0);
        expect(data.sections.map((section) => section.key)).toEqual(
            expect.arrayContaining([
                "agreements",
                "expiring",
                "hours",
                "billable",
                "pack_alerts",
                "forecasts",
                "to_invoice",
                "sla",
                "scope",
                "patches",
                "satisfaction",
                "health",
                "health_due",
                "versions",
                "instances",
                "burndown",
            ]),
        );
        const sequences = data.sections.map((section) => section.sequence);
        expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    });
});

describe("AmcDashboard", () => {
    test("loads everything with one get_dashboard_data call (and the burn-down's own)", async () => {
        const { orm, data } = await mountDashboard();
        const burndown = sectionOf(data, "burndown").widget_data as unknown as BurndownWidgetData;
        expect(orm.call.mock.calls).toEqual([
            ["amc.agreement", "get_dashboard_data", []],
            ["amc.agreement", "get_burndown_data", [[burndown.default_id]]],
        ]);
    });

    test("without a burn-down section: exactly one orm call", async () => {
        const data = dashboardData();
        data.sections = data.sections.filter((section) => section.key !== "burndown");
        const { orm, root } = await mountDashboard(data);
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(root.querySelector(".o_addon_amc_burndown_panel")).toBeNull();
    });

    test("root element scrolls inside the web client", async () => {
        const { root, target } = await mountDashboard();
        expect(target.children).toHaveLength(1);
        expect(root.classList).toContain("o_action");
        expect(root.classList).toContain("overflow-auto");
        expect(textOf(query(root, ".o_addon_amc_total"))).toMatch(/^\d+ in total$/);
    });

    test("renders every section of the payload, in order, in its grid column", async () => {
        const { root, data } = await mountDashboard();
        const rendered = [...root.querySelectorAll<HTMLElement>(".o_addon_amc_sections > div > .o_addon_amc_section")];
        expect(rendered.map((el) => el.dataset.key)).toEqual(data.sections.map((section) => section.key));
        const columns = { full: "col-12", two_thirds: "col-12 col-lg-8", half: "col-12 col-xl-6", third: "col-12 col-md-6 col-xl-4" };
        rendered.forEach((el, index) => {
            const section = data.sections[index];
            expect(el.parentElement?.className).toBe(columns[section.width]);
            expect(textOf(query(el, ".o_addon_amc_section_title"))).toBe(norm(section.title));
            expect(textOf(el.querySelector(".o_addon_amc_section_subtitle"))).toBe(norm(section.subtitle));
            expect(textOf(el.querySelector(".o_addon_amc_section_badge"))).toBe(section.badge ? section.badge.text : "");
            expect(textOf(el.querySelector(".o_addon_amc_section_empty"))).toBe(norm(section.empty));
            expect(textOf(el.querySelector(".o_addon_amc_section_footer"))).toBe(norm(section.footer));
        });
    });

    test("every card shows the server's formatted value, label, hint and tone", async () => {
        const { root, data } = await mountDashboard();
        let cards = 0;
        for (const section of data.sections) {
            const el = sectionEl(root, section.key);
            const rendered = [...el.querySelectorAll<HTMLElement>(".o_addon_amc_card")];
            expect(rendered.map((card) => card.dataset.key)).toEqual(section.cards.map((card) => card.key));
            section.cards.forEach((card, index) => {
                const cardEl = rendered[index];
                expect(textOf(query(cardEl, ".o_addon_amc_card_value"))).toBe(norm(card.formatted));
                expect(textOf(query(cardEl, ".o_addon_amc_card_label"))).toBe(norm(card.label));
                expect(textOf(cardEl.querySelector(".o_addon_amc_card_hint"))).toBe(norm(card.hint));
                expect(cardEl.tagName).toBe(card.action ? "BUTTON" : "DIV");
                if (card.tone !== "secondary") {
                    expect(query(cardEl, ".o_addon_amc_card_value").classList).toContain(`text-${card.tone}`);
                }
                cards++;
            });
        }
        expect(cards).toBeGreaterThan(20);
    });

    test("every table shows the server's columns and cells, badges in their tone", async () => {
        const { root, data } = await mountDashboard();
        const tables = data.sections.filter((section) => section.rows.length);
        expect(tables.length).toBeGreaterThan(3);
        for (const section of tables) {
            const el = sectionEl(root, section.key);
            expect([...el.querySelectorAll("thead th")].map(textOf)).toEqual(section.columns.map((column) => column.label));
            const rows = [...el.querySelectorAll<HTMLTableRowElement>("tbody tr.o_addon_amc_row")];
            expect(rows.map((row) => row.dataset.key)).toEqual(section.rows.map((row) => row.key));
            section.rows.forEach((row, index) => {
                const cells = [...rows[index].cells];
                expect(cells.map(cellText)).toEqual(row.cells.map((cell) => norm(cell.text)));
                row.cells.forEach((cell, cellIndex) => {
                    const badge = cells[cellIndex].querySelector(".badge");
                    expect(badge ? badge.className : false).toBe(cell.tone ? `badge rounded-pill text-bg-${cell.tone}` : false);
                    expect(textOf(cells[cellIndex].querySelector(".o_addon_amc_cell_note"))).toBe(norm(cell.note));
                });
                if (row.tone) {
                    expect(rows[index].classList).toContain(`table-${row.tone}`);
                }
            });
        }
    });

    test("every card with an action opens exactly the server's action", async () => {
        const { root, data, action } = await mountDashboard();
        let opened = 0;
        for (const section of data.sections) {
            for (const card of section.cards.filter((candidate) => candidate.action)) {
                action.doAction.mockClear();
                query(sectionEl(root, section.key), `.o_addon_amc_card[data-key="${card.key}"]`).click();
                expectOpened(action.doAction, card.action as DashboardAction);
                opened++;
            }
        }
        expect(opened).toBeGreaterThan(10);
    });

    test("the agreement state cards open the agreements filtered on their state", async () => {
        const { root, action } = await mountDashboard();
        query(sectionEl(root, "agreements"), '.o_addon_amc_card[data-key="draft"]').click();
        expect(action.doAction).toHaveBeenCalledWith("addon_amc.amc_agreement_action", {
            additionalContext: { search_default_filter_state_draft: 1 },
        });
    });

    test("every row, header and 'more' link with an action opens the server's action", async () => {
        const { root, data, action } = await mountDashboard();
        const withAction = (section: DashboardSection) => section.rows.filter((row) => row.action);
        for (const section of data.sections) {
            const el = sectionEl(root, section.key);
            for (const row of withAction(section)) {
                action.doAction.mockClear();
                query(el, `tr[data-key="${row.key}"] td:last-child`).click();
                expectOpened(action.doAction, row.action as DashboardAction);
            }
            if (section.action) {
                action.doAction.mockClear();
                query(el, "button.o_addon_amc_section_header").click();
                expectOpened(action.doAction, section.action);
            } else {
                expect(el.querySelector("button.o_addon_amc_section_header")).toBeNull();
            }
            if (section.more && section.more.action) {
                action.doAction.mockClear();
                query(el, ".o_addon_amc_section_more button").click();
                expectOpened(action.doAction, section.more.action);
            }
        }
    });

    test("a row's link opens the form once and does not navigate", async () => {
        const { root, data, action } = await mountDashboard();
        const section = data.sections.find((candidate) => candidate.rows.some((row) => row.action));
        expect(section).toBeDefined();
        const row = section!.rows[0];
        const link = query<HTMLAnchorElement>(sectionEl(root, section!.key), `tr[data-key="${row.key}"] a`);
        const event = new MouseEvent("click", { bubbles: true, cancelable: true });
        link.dispatchEvent(event);
        expect(event.defaultPrevented).toBe(true);
        expectOpened(action.doAction, row.action as DashboardAction);
        expect(link.getAttribute("aria-label")).toBe(`Open ${row.cells[0].text}`);
    });

    test("hours this month: the cards' shares make the proportion bar", async () => {
        const { root, data } = await mountDashboard();
        const hours = sectionOf(data, "hours");
        expect(hours.bar).toBe(true);
        const segments = [...sectionEl(root, "hours").querySelectorAll<HTMLElement>(".o_addon_amc_bar_segment")];
        const shared = hours.cards.filter((card) => card.share);
        expect(segments.map((el) => [el.dataset.key, el.style.width])).toEqual(shared.map((card) => [card.key, `${card.share}%`]));
        for (const segment of segments) {
            expect(segment.classList).toContain(`o_addon_amc_bucket_${segment.dataset.key}`);
        }
    });

    test("a section without cards or rows says what its empty text says", async () => {
        const data = dashboardData();
        const section = sectionOf(data, "pack_alerts");
        section.rows = [];
        section.empty = "No prepaid pack has passed its usage threshold.";
        const { root } = await mountDashboard(data);
        const el = sectionEl(root, "pack_alerts");
        expect(el.querySelector("table")).toBeNull();
        expect(textOf(query(el, ".o_addon_amc_section_empty"))).toBe(section.empty);
    });

    test("a 'more' line without an action is plain text", async () => {
        const data = dashboardData();
        sectionOf(data, "forecasts").more = { label: "and 3 more", action: false };
        const { root } = await mountDashboard(data);
        const more = query(sectionEl(root, "forecasts"), ".o_addon_amc_section_more");
        expect(more.querySelector("button")).toBeNull();
        expect(textOf(more)).toBe("and 3 more");
    });

    test("the burn-down widget charts the server's default agreement, then the chosen one", async () => {
        const { root, data, orm } = await mountDashboard();
        const widget = sectionOf(data, "burndown").widget_data as unknown as BurndownWidgetData;
        const select = query<HTMLSelectElement>(sectionEl(root, "burndown"), ".o_addon_amc_burndown_select");
        expect([...select.options].map((option) => option.text)).toEqual(widget.agreements.map((agreement) => agreement.name));
        expect(select.value).toBe(String(widget.default_id));
        const other = widget.agreements.find((agreement) => agreement.id !== widget.default_id);
        if (other) {
            select.value = String(other.id);
            select.dispatchEvent(new Event("change"));
            await flush();
            expect(orm.call).toHaveBeenLastCalledWith("amc.agreement", "get_burndown_data", [[other.id]]);
        }
    });

    test("a widget the client does not know is left out, the section still shows", async () => {
        const data = dashboardData();
        sectionOf(data, "burndown").widget = "no_such_widget";
        const { root, orm } = await mountDashboard(data);
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(textOf(query(sectionEl(root, "burndown"), ".o_addon_amc_section_title"))).toBe("Prepaid hours burn-down");
        expect(AmcDashboardSection.widgets).toHaveProperty("burndown");
    });

    test("empty state when there is no agreement", async () => {
        const data = dashboardData();
        data.total = 0;
        const { root, action } = await mountDashboard(data);
        const help = query(root, ".o_view_nocontent .o_nocontent_help");
        expect(textOf(help.querySelector("p"))).toBe("No support agreements yet");
        expect(root.querySelector(".o_addon_amc_section")).toBeNull();
        query<HTMLButtonElement>(help, "button.btn-primary.o_addon_amc_new_agreement").click();
        expect(action.doAction).toHaveBeenCalledWith(data.create_action);
    });
});
