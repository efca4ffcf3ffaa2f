/**
 * AmcBurndownChart mounted with the real OWL and its real template; the orm
 * service, loadBundle and the global Chart (Odoo's Chart.js) are doubles.
 */
import { Component, useState, xml } from "@odoo/owl";

import { AmcBurndownChart, MODEL_CACHE_SIZE, modelKey } from "../ts_src/components/burndown_chart/burndown_chart";
import type { BurndownData } from "../ts_src/lib/burndown";
import { FakeChart, installFakeChart, removeFakeChart } from "./doubles/chart";
import { loadedBundles } from "./doubles/web/core/assets";
import { burndownData } from "./fixtures";
import { cleanup, flush, mountComponent, query, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates("ts_src/components/burndown_chart/burndown_chart.xml");

type OrmCall = (model: string, method: string, args: unknown[]) => Promise<unknown>;

/** get_burndown_data answers per agreement id (agreement 3 by default). */
function ormFor(byAgreement: Record<number, BurndownData>) {
    const call = jest.fn<ReturnType<OrmCall>, Parameters<OrmCall>>(async (_model, _method, args) => {
        const [[id]] = args as [[number]];
        return byAgreement[id] ?? burndownData({ agreement: { id, name: `Agreement ${id}` } });
    });
    return { call };
}

/** Holds the chart's props in a state, like the dashboard and the form widget do. */
class Parent extends Component {
    static override template = xml`<AmcBurndownChart agreementId="state.agreementId" reloadKey="state.reloadKey"/>`;
    static components = { AmcBurndownChart };
    static override props = ["*"];

    declare state: { agreementId: number; reloadKey: string; other: number };

    override setup(): void {
        this.state = useState({ agreementId: 3, reloadKey: "", other: 0 });
    }
}

async function mountChart(orm = ormFor({}), props: Record<string, unknown> = { agreementId: 3 }) {
    const mounted = await mountComponent(AmcBurndownChart, { templates: TEMPLATES, props, env: { services: { orm } } });
    return { ...mounted, orm, root: query(mounted.target, ".o_addon_amc_burndown") };
}

async function mountParent(orm = ormFor({})) {
    const mounted = await mountComponent(Parent, { templates: TEMPLATES, props: {}, env: { services: { orm } } });
    return { ...mounted, orm };
}

function emptyData(id: number): BurndownData {
    return burndownData({ agreement: { id, name: `Agreement ${id}` } }, "empty");
}

beforeEach(() => {
    loadedBundles.length = 0;
    installFakeChart();
});

afterEach(() => {
    cleanup();
    removeFakeChart();
});

describe("AmcBurndownChart", () => {
    test("one get_burndown_data RPC, Chart.js from Odoo's lazy bundle", async () => {
        const { orm } = await mountChart();
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.agreement", "get_burndown_data", [[3]]);
        expect(loadedBundles).toEqual(["web.chartjs_lib"]);
    });

    test("draws remaining hours, the dashed forecast and the threshold lines on its canvas", async () => {
        const { root } = await mountChart();
        expect(FakeChart.instances).toHaveLength(1);
        const [chart] = FakeChart.instances;
        expect(chart.canvas).toBe(query(root, ".o_addon_amc_burndown_canvas canvas"));
        expect(chart.config.type).toBe("line");
        expect(chart.labels).toEqual(["Remaining hours", "Forecast", "80 %", "95 %"]);
        const labels = chart.config.data.labels ?? [];
        expect(labels[0]).toBe("11/01/2026");
        expect(labels[20]).toBe("11/21/2026");
        expect(labels[labels.length - 1]).toBe("01/05/2027");
        const [remaining, forecast, t80, t95] = chart.config.data.datasets;
        expect(remaining.data[20]).toBe(6);
        expect(remaining.data[21]).toBeNull();
        expect(forecast.borderDash).toEqual([6, 4]);
        expect(forecast.data[20]).toBe(6);
        expect(forecast.data[labels.length - 1]).toBe(0);
        expect(t80.borderDash).toBeDefined();
        expect(t80.data.every((value) => value === 2)).toBe(true);
        expect(t95.data.every((value) => value === 0.5)).toBe(true);
        expect(chart.config.options?.scales?.x?.type).toBe("category");
        // hours on the axis as in the tooltip and every time field: 07:30, not 7.5
        const ticks = chart.config.options?.scales?.y?.ticks as { callback?: (value: number) => string } | undefined;
        expect(ticks?.callback?.(7.5)).toBe("07:30");
    });

    test("Chart is only used once the bundle is loaded", async () => {
        let loadedWhenDrawn: string[] = [];
        const Original = FakeChart;
        (globalThis as { Chart?: unknown }).Chart = class extends Original {
            constructor(...args: ConstructorParameters<typeof FakeChart>) {
                super(...args);
                loadedWhenDrawn = [...loadedBundles];
            }
        };
        await mountChart();
        expect(loadedWhenDrawn).toEqual(["web.chartjs_lib"]);
    });

    test("summary: hours left, forecast date, recent use", async () => {
        const { root } = await mountChart();
        expect(textOf(query(root, ".o_addon_amc_burndown_remaining"))).toBe("06:00 hours left");
        expect(textOf(query(root, ".o_addon_amc_burndown_forecast"))).toBe("Runs out around 01/05/2027 (in 45 days)");
        expect(textOf(query(root, ".o_addon_amc_burndown_rate"))).toBe("04:00 used in the last 30 days");
        expect(query(root, "canvas").getAttribute("aria-label")).toBe("Burn-down of the prepaid hours of Agreement 3");
    });

    test("no recent use: no forecast line, says so", async () => {
        const { root } = await mountChart(ormFor({ 3: burndownData({}, "no_forecast") }));
        expect(textOf(query(root, ".o_addon_amc_burndown_forecast"))).toBe("No depletion forecast");
        expect(FakeChart.instances[0].labels).toEqual(["Remaining hours", "80 %", "95 %"]);
    });

    test("a forecast for tomorrow", async () => {
        const data = burndownData({}, "tomorrow");
        const { root } = await mountChart(ormFor({ 3: data }));
        expect(textOf(query(root, ".o_addon_amc_burndown_forecast"))).toBe("Runs out around 11/22/2026 (tomorrow)");
    });

    test("empty state without packs: no canvas, no chart", async () => {
        const { root, orm } = await mountChart(ormFor({ 3: emptyData(3) }));
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(textOf(query(root, ".o_addon_amc_burndown_empty"))).toBe("No prepaid packs on this agreement yet.");
        expect(root.querySelector("canvas")).toBeNull();
        expect(root.querySelector(".o_addon_amc_burndown_summary")).toBeNull();
        expect(FakeChart.instances).toHaveLength(0);
    });

    test("destroys the chart when unmounted", async () => {
        const { app } = await mountChart();
        const [chart] = FakeChart.instances;
        expect(chart.destroyed).toBe(false);
        app.destroy();
        expect(chart.destroyed).toBe(true);
    });

    test("a new agreementId fetches once more and redraws", async () => {
        const { component, orm, target } = await mountParent();
        expect(orm.call).toHaveBeenCalledTimes(1);
        const first = FakeChart.instances[0];

        component.state.agreementId = 7;
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(2);
        expect(orm.call).toHaveBeenLastCalledWith("amc.agreement", "get_burndown_data", [[7]]);
        expect(first.destroyed).toBe(true);
        expect(FakeChart.live).toHaveLength(1);
        expect(FakeChart.live[0]).not.toBe(first);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("7");
    });

    test("re-rendering with the same agreement neither fetches nor redraws", async () => {
        const { component, orm } = await mountParent();
        component.state.other = 1;
        component.render(true);
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(FakeChart.instances).toHaveLength(1);
        expect(FakeChart.instances[0].destroyed).toBe(false);
    });

    test("a new reloadKey (the agreement was saved) fetches again", async () => {
        const { component, orm } = await mountParent();
        component.state.reloadKey = "2026-11-21 10:00:00";
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(2);
        expect(orm.call).toHaveBeenLastCalledWith("amc.agreement", "get_burndown_data", [[3]]);
        expect(FakeChart.live).toHaveLength(1);
    });

    test("switching to an agreement without packs removes the chart", async () => {
        const { component, target } = await mountParent(ormFor({ 5: emptyData(5) }));
        const [chart] = FakeChart.instances;
        component.state.agreementId = 5;
        await flush();
        expect(chart.destroyed).toBe(true);
        expect(FakeChart.live).toHaveLength(0);
        expect(target.querySelector("canvas")).toBeNull();
        expect(target.querySelector(".o_addon_amc_burndown_empty")).not.toBeNull();

        component.state.agreementId = 3;
        await flush();
        expect(FakeChart.live).toHaveLength(1);
        expect(FakeChart.live[0].canvas).toBe(target.querySelector("canvas"));
    });

    test("when the agreement changes twice quickly, the last one wins", async () => {
        const slow: { resolve?: (data: BurndownData) => void } = {};
        const orm = {
            call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
                const [[id]] = args as [[number]];
                if (id === 5) {
                    return new Promise<BurndownData>((resolve) => (slow.resolve = resolve));
                }
                return burndownData({ agreement: { id, name: `Agreement ${id}` } });
            }),
        };
        const { component, target } = await mountParent(orm);
        component.state.agreementId = 5;
        await flush();
        component.state.agreementId = 7;
        await flush();
        slow.resolve?.(burndownData({ agreement: { id: 5, name: "Agreement 5" } }));
        await flush();
        // a later render (same props) must not show the late answer for agreement 5
        component.render(true);
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(3);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("7");
        expect(FakeChart.live).toHaveLength(1);
        expect(query(target, "canvas").getAttribute("aria-label")).toContain("Agreement 7");
    });

    test("back to the shown agreement before a slow fetch answered: the late answer is dropped", async () => {
        const slow: { resolve?: (data: BurndownData) => void } = {};
        const orm = {
            call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
                const [[id]] = args as [[number]];
                if (id === 5) {
                    return new Promise<BurndownData>((resolve) => (slow.resolve = resolve));
                }
                return burndownData({ agreement: { id, name: `Agreement ${id}` } });
            }),
        };
        const { component, target } = await mountParent(orm);
        const [chart] = FakeChart.instances;
        component.state.agreementId = 5;
        await flush();
        component.state.agreementId = 3;
        await flush();
        slow.resolve?.(burndownData({ agreement: { id: 5, name: "Agreement 5" } }));
        await flush();
        component.render(true);
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(2);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("3");
        expect(FakeChart.live).toEqual([chart]);
    });

    test("coming back to an agreement already shown reuses its data", async () => {
        const { component, orm, target } = await mountParent();
        component.state.agreementId = 7;
        await flush();
        component.state.agreementId = 3;
        await flush();
        expect(orm.call.mock.calls.map((call) => call[2])).toEqual([[[3]], [[7]]]);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("3");
        expect(FakeChart.live).toHaveLength(1);
    });

    test("a fetch under way is not started twice for the same agreement", async () => {
        const slow: { resolve?: (data: BurndownData) => void } = {};
        const orm = {
            call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
                const [[id]] = args as [[number]];
                if (id === 5) {
                    return new Promise<BurndownData>((resolve) => (slow.resolve = resolve));
                }
                return burndownData({ agreement: { id, name: `Agreement ${id}` } });
            }),
        };
        const { component, target } = await mountParent(orm);
        component.state.agreementId = 5;
        await flush();
        component.state.agreementId = 7;
        await flush();
        component.state.agreementId = 5;
        await flush();
        slow.resolve?.(burndownData({ agreement: { id: 5, name: "Agreement 5" } }));
        await flush();
        expect(orm.call.mock.calls.map((call) => call[2])).toEqual([[[3]], [[5]], [[7]]]);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("5");
    });

    test("only the last agreements are kept", async () => {
        const { component, orm } = await mountParent();
        for (let id = 100; id < 100 + MODEL_CACHE_SIZE; id++) {
            component.state.agreementId = id;
            await flush();
        }
        expect(orm.call).toHaveBeenCalledTimes(MODEL_CACHE_SIZE + 1);
        component.state.agreementId = 3; // the first one, evicted
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(MODEL_CACHE_SIZE + 2);
        component.state.agreementId = 100 + MODEL_CACHE_SIZE - 1; // still kept
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(MODEL_CACHE_SIZE + 2);
        expect(FakeChart.live).toHaveLength(1);
    });

    test("modelKey", () => {
        expect(modelKey({ agreementId: 3 })).toBe("3|");
        expect(modelKey({ agreementId: 3, reloadKey: "2026-11-21 10:00:00" })).toBe("3|2026-11-21 10:00:00");
    });

    test("props are validated: agreementId is required", async () => {
        await expect(mountChart(ormFor({}), {})).rejects.toThrow(/'agreementId' is missing/);
    });
});
