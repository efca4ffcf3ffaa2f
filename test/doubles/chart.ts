/**
 * Test double of the global `Chart` that Odoo's "web.chartjs_lib" bundle
 * defines: records every instance with the canvas and the config it was given,
 * and whether it was destroyed. Install it in beforeEach, remove it in afterEach.
 */
import type { BurndownChartConfig } from "../../ts_src/lib/burndown_chart";

export class FakeChart {
    static instances: FakeChart[] = [];

    destroyed = false;

    constructor(
        readonly canvas: HTMLCanvasElement,
        readonly config: BurndownChartConfig,
    ) {
        FakeChart.instances.push(this);
    }

    destroy(): void {
        this.destroyed = true;
    }

    /** Dataset labels, in order. */
    get labels(): string[] {
        return this.config.data.datasets.map((dataset) => String(dataset.label));
    }

    static get live(): FakeChart[] {
        return FakeChart.instances.filter((chart) => !chart.destroyed);
    }
}

type ChartGlobal = { Chart?: unknown };

export function installFakeChart(): void {
    FakeChart.instances = [];
    (globalThis as ChartGlobal).Chart = FakeChart;
}

export function removeFakeChart(): void {
    delete (globalThis as ChartGlobal).Chart;
    FakeChart.instances = [];
}
