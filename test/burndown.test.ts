/**
 * @jest-environment node
 */
// DOM-free tests of ts_src/lib/burndown.ts and ts_src/lib/burndown_chart.ts: what
// TypeScript still does with the server's burn-down (one date axis, Chart.js
// configuration). The model itself (series, forecast, thresholds) is
// billing.burndown, tested in test/test_billing.py.
import { BURNDOWN_METHOD, buildChartSeries } from "../ts_src/lib/burndown";
import {
    BURNDOWN_COLORS,
    FORECAST_DASH,
    THRESHOLD_DASH,
    buildBurndownChartConfig,
} from "../ts_src/lib/burndown_chart";
import type { BurndownChartTexts } from "../ts_src/lib/burndown_chart";
import { burndownData } from "./fixtures";

describe("chart series on one date axis", () => {
    test("runs without a DOM", () => {
        expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
        expect(BURNDOWN_METHOD).toBe("get_burndown_data");
    });

    test("no packs: nothing to draw", () => {
        expect(buildChartSeries(burndownData({}, "empty"))).toEqual({
            dates: [],
            remaining: [],
            forecast: null,
            thresholds: [],
        });
    });

    test("series, forecast and thresholds share one date axis", () => {
        const series = buildChartSeries(burndownData());
        expect(series.dates[0]).toBe("2026-11-01");
        expect(series.dates[series.dates.length - 1]).toBe("2027-01-05");
        expect(series.dates).toHaveLength(21 + 45);
        expect(new Set(series.dates).size).toBe(series.dates.length);
        const todayIndex = series.dates.indexOf("2026-11-21");
        expect(todayIndex).toBe(20);
        expect(series.remaining[todayIndex]).toBe(6);
        expect(series.remaining[todayIndex + 1]).toBeNull();
        expect(series.forecast?.[todayIndex - 1]).toBeNull();
        expect(series.forecast?.[todayIndex]).toBe(6);
        expect(series.forecast?.[series.dates.length - 1]).toBe(0);
        expect(series.thresholds.map((t) => t.values.length)).toEqual([series.dates.length, series.dates.length]);
        expect(new Set(series.thresholds[0].values)).toEqual(new Set([2]));
        expect(new Set(series.thresholds[1].values)).toEqual(new Set([0.5]));
    });

    test("a capped forecast line ends the axis where the server stopped it", () => {
        const data = burndownData();
        const forecast = data.forecast!;
        data.forecast = { ...forecast, points: forecast.points.slice(0, 11), truncated: true };
        const series = buildChartSeries(data);
        expect(series.dates).toHaveLength(21 + 10);
        expect(series.dates[series.dates.length - 1]).toBe("2026-12-01");
    });

    test("without forecast the axis stops today", () => {
        const series = buildChartSeries(burndownData({}, "no_forecast"));
        expect(series.dates[series.dates.length - 1]).toBe("2026-11-21");
        expect(series.forecast).toBeNull();
    });
});

describe("Chart.js config", () => {
    const texts: BurndownChartTexts = {
        remaining: "Remaining hours",
        forecast: "Forecast",
        hoursAxis: "Hours",
        threshold: (t) => `${t.percent} %`,
        formatDate: (iso) => `d:${iso}`,
    };

    test("line chart on a category axis: remaining, dashed forecast, dashed thresholds", () => {
        const config = buildBurndownChartConfig(burndownData(), texts);
        expect(config.type).toBe("line");
        expect(config.data.labels?.[0]).toBe("d:2026-11-01");
        expect(config.data.labels).toHaveLength(66);
        const [remaining, forecast, t80, t95] = config.data.datasets;
        expect(config.data.datasets.map((d) => d.label)).toEqual(["Remaining hours", "Forecast", "80 %", "95 %"]);
        expect(remaining.stepped).toBe("after");
        expect(remaining.borderDash).toBeUndefined();
        expect(remaining.borderColor).toBe(BURNDOWN_COLORS.remaining);
        expect(forecast.borderDash).toEqual(FORECAST_DASH);
        expect(t80.borderDash).toEqual(THRESHOLD_DASH);
        expect(t95.borderDash).toEqual(THRESHOLD_DASH);
        expect(t80.borderColor).not.toBe(t95.borderColor);
        expect(config.options?.scales?.x?.type).toBe("category");
        expect(config.options?.maintainAspectRatio).toBe(false);
    });

    test("tooltips show hours as float_time", () => {
        const config = buildBurndownChartConfig(burndownData(), texts);
        const label = config.options?.plugins?.tooltip?.callbacks?.label as unknown as (item: unknown) => string;
        expect(label({ dataset: { label: "Remaining hours" }, parsed: { y: 8.5 } })).toBe("Remaining hours: 08:30");
    });

    test("without forecast nor active pack: only the remaining line", () => {
        const config = buildBurndownChartConfig(burndownData({}, "depleted"), texts);
        expect(config.data.datasets.map((d) => d.label)).toEqual(["Remaining hours"]);
    });
});
