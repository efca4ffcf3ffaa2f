/**
 * @jest-environment node
 */
// DOM-free tests of ts_src/lib/burndown.ts and ts_src/lib/burndown_chart.ts.
import {
    BURNDOWN_METHOD,
    MAX_FORECAST_DAYS,
    addDays,
    buildBurndownModel,
    buildChartSeries,
    buildForecast,
    buildThresholds,
    dateRange,
    dayToIso,
    daysBetween,
    isoToDay,
    windowUsageMinutes,
} from "../ts_src/lib/burndown";
import type { BurndownData, BurndownModel } from "../ts_src/lib/burndown";
import {
    BURNDOWN_COLORS,
    FORECAST_DASH,
    THRESHOLD_DASH,
    buildBurndownChartConfig,
} from "../ts_src/lib/burndown_chart";
import type { BurndownChartTexts } from "../ts_src/lib/burndown_chart";
import { burndownData, burndownPack } from "./fixtures";

/** date -> remaining hours of the model's series */
function seriesMap(model: BurndownModel): Record<string, number> {
    return Object.fromEntries(model.series.map((point) => [point.date, point.remaining]));
}

function data(overrides: Partial<BurndownData>): BurndownData {
    return burndownData(overrides);
}

describe("burndown dates (UTC-safe)", () => {
    test("runs without a DOM", () => {
        expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
        expect(BURNDOWN_METHOD).toBe("get_burndown_data");
    });

    test("isoToDay / dayToIso round-trip", () => {
        expect(isoToDay("1970-01-01")).toBe(0);
        expect(isoToDay("1970-01-02")).toBe(1);
        expect(dayToIso(isoToDay("2026-11-21"))).toBe("2026-11-21");
        expect(isoToDay("2026-11-21 00:00:00")).toBe(isoToDay("2026-11-21"));
    });

    test("invalid dates are refused", () => {
        expect(() => isoToDay("21/11/2026")).toThrow(/invalid date/);
        expect(() => isoToDay("2026-02-30")).toThrow(/invalid date/);
    });

    test("addDays crosses months, years, leap days and DST dates", () => {
        expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
        expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
        expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
        expect(addDays("2026-03-28", 2)).toBe("2026-03-30"); // EU DST change on 03-29
        expect(addDays("2026-10-24", 2)).toBe("2026-10-26"); // EU DST end on 10-25
        expect(addDays("2026-01-10", -10)).toBe("2025-12-31");
    });

    test("daysBetween and dateRange", () => {
        expect(daysBetween("2026-11-21", "2026-12-01")).toBe(10);
        expect(daysBetween("2026-12-01", "2026-11-21")).toBe(-10);
        expect(dateRange("2026-12-30", "2027-01-02")).toEqual([
            "2026-12-30",
            "2026-12-31",
            "2027-01-01",
            "2027-01-02",
        ]);
        expect(dateRange("2026-12-02", "2026-12-01")).toEqual([]);
    });
});

describe("buildBurndownModel: the daily series", () => {
    test("no packs: empty model, nothing to draw", () => {
        const model = buildBurndownModel(data({ packs: [], usage: [{ date: "2026-11-20", hours: 2 }] }));
        expect(model.isEmpty).toBe(true);
        expect(model.series).toEqual([]);
        expect(model.remaining).toBe(0);
        expect(model.forecast).toBeNull();
        expect(model.thresholds).toEqual([]);
        expect(buildChartSeries(model)).toEqual({ dates: [], remaining: [], forecast: null, thresholds: [] });
    });

    test("runs from the first purchase to today, one point per day", () => {
        const model = buildBurndownModel(burndownData());
        expect(model.isEmpty).toBe(false);
        expect(model.agreementId).toBe(3);
        expect(model.series[0].date).toBe("2026-11-01");
        expect(model.series[model.series.length - 1].date).toBe("2026-11-21");
        expect(model.series).toHaveLength(21);
    });

    test("purchase is a step up, usage is subtracted on its day", () => {
        const series = seriesMap(buildBurndownModel(burndownData()));
        expect(series["2026-11-01"]).toBe(10);
        expect(series["2026-11-02"]).toBe(8.5);
        expect(series["2026-11-19"]).toBe(8.5);
        expect(series["2026-11-20"]).toBe(6);
        expect(series["2026-11-21"]).toBe(6);
    });

    test("several purchases stack up on their own dates", () => {
        const model = buildBurndownModel(
            data({
                packs: [
                    burndownPack({ id: 1, hours: 25, date_purchase: "2026-10-01", state: "depleted" }),
                    burndownPack({ id: 2, hours: 50, date_purchase: "2026-11-10", state: "active" }),
                ],
                usage: [
                    { date: "2026-10-15", hours: 25 },
                    { date: "2026-11-12", hours: 3.25 },
                ],
            }),
        );
        const series = seriesMap(model);
        expect(series["2026-10-01"]).toBe(25);
        expect(series["2026-10-14"]).toBe(25);
        expect(series["2026-10-15"]).toBe(0);
        expect(series["2026-11-09"]).toBe(0);
        expect(series["2026-11-10"]).toBe(50);
        expect(series["2026-11-12"]).toBe(46.75);
        expect(model.remaining).toBe(46.75);
        expect(model.series).toHaveLength(52);
    });

    test("hours are summed in minutes: no float noise", () => {
        const model = buildBurndownModel(
            data({
                usage: [
                    { date: "2026-11-02", hours: 0.1 },
                    { date: "2026-11-03", hours: 0.2 },
                ],
            }),
        );
        expect(seriesMap(model)["2026-11-03"]).toBe(9.7);
        expect(model.remaining).toBe(9.7);
    });

    test("an expired pack's unused hours step down the day after its expiry date", () => {
        const model = buildBurndownModel(
            data({
                packs: [
                    burndownPack({
                        id: 1,
                        hours: 10,
                        date_purchase: "2026-10-01",
                        date_expiry: "2026-10-31",
                        hours_used: 2,
                        hours_expired: 8,
                        hours_remaining: 0,
                        state: "expired",
                    }),
                    burndownPack({ id: 2, hours: 5, date_purchase: "2026-11-05", date_expiry: false }),
                ],
                usage: [{ date: "2026-10-10", hours: 2 }],
            }),
        );
        const series = seriesMap(model);
        expect(series["2026-10-10"]).toBe(8);
        expect(series["2026-10-31"]).toBe(8); // the expiry day is still usable
        expect(series["2026-11-01"]).toBe(0);
        expect(series["2026-11-05"]).toBe(5);
        expect(model.remaining).toBe(5);
    });

    test("an expiry after today is not drawn yet", () => {
        const model = buildBurndownModel(
            data({
                packs: [burndownPack({ hours: 10, date_purchase: "2026-11-01", date_expiry: "2026-11-21", hours_expired: 0 })],
                usage: [],
            }),
        );
        expect(model.remaining).toBe(10);
        // inconsistent data (hours_expired while not past expiry) is not drawn either
        const early = buildBurndownModel(
            data({
                packs: [burndownPack({ hours: 10, date_purchase: "2026-11-01", date_expiry: "2026-11-21", hours_expired: 10 })],
                usage: [],
            }),
        );
        expect(early.remaining).toBe(10);
    });

    test("usage before the first purchase is counted on the first day", () => {
        const model = buildBurndownModel(
            data({
                usage: [
                    { date: "2026-10-20", hours: 1 },
                    { date: "2026-11-02", hours: 1.5 },
                ],
            }),
        );
        const series = seriesMap(model);
        expect(model.series[0]).toEqual({ date: "2026-11-01", remaining: 9 });
        expect(series["2026-11-02"]).toBe(7.5);
        expect(model.remaining).toBe(7.5);
    });

    test("usage and purchases after today are ignored", () => {
        const model = buildBurndownModel(
            data({
                packs: [
                    burndownPack({ id: 1, hours: 10, date_purchase: "2026-11-01", date_expiry: false }),
                    burndownPack({ id: 2, hours: 25, date_purchase: "2026-12-01", date_expiry: false }),
                ],
                usage: [
                    { date: "2026-11-02", hours: 1 },
                    { date: "2026-11-25", hours: 3 },
                ],
            }),
        );
        expect(model.series[model.series.length - 1]).toEqual({ date: "2026-11-21", remaining: 9 });
        expect(model.remaining).toBe(9);
    });

    test("every pack bought after today: a single point today", () => {
        const model = buildBurndownModel(
            data({ packs: [burndownPack({ date_purchase: "2026-12-01" })], usage: [] }),
        );
        expect(model.isEmpty).toBe(false);
        expect(model.series).toEqual([{ date: "2026-11-21", remaining: 0 }]);
        expect(model.forecast).toBeNull();
    });

    test("a purchase on today is included", () => {
        const model = buildBurndownModel(
            data({ packs: [burndownPack({ hours: 25, date_purchase: "2026-11-21" })], usage: [] }),
        );
        expect(model.series).toEqual([{ date: "2026-11-21", remaining: 25 }]);
    });

    test("the balance today matches the packs' hours_remaining", () => {
        const payload = burndownData();
        const model = buildBurndownModel(payload);
        const serverRemaining = payload.packs.reduce((sum, pack) => sum + pack.hours_remaining, 0);
        expect(model.remaining).toBe(serverRemaining);
    });
});

describe("forecast", () => {
    test("burn rate over the window, depletion after ceil(remaining / rate) days", () => {
        const model = buildBurndownModel(burndownData());
        // window (2026-10-22, 2026-11-21]: 1.5 + 2.5 = 4 h; 6 h / (4/30 h per day) = 45 days
        expect(model.windowHours).toBe(4);
        expect(model.forecast).not.toBeNull();
        const forecast = model.forecast!;
        expect(forecast.rate).toBeCloseTo(4 / 30, 10);
        expect(forecast.daysLeft).toBe(45);
        expect(forecast.depletionDate).toBe("2027-01-05");
        expect(forecast.truncated).toBe(false);
        expect(forecast.points[0]).toEqual({ date: "2026-11-21", remaining: 6 });
        expect(forecast.points[forecast.points.length - 1]).toEqual({ date: "2027-01-05", remaining: 0 });
        expect(forecast.points).toHaveLength(46);
        // linear
        expect(forecast.points[15].remaining).toBeCloseTo(4, 4);
    });

    test("ceil: a fractional number of days rounds up", () => {
        // 10 h left, 3 h used in 30 days: 100 days exactly; 7 h used: 42.86 -> 43
        expect(buildForecast(600, 180, "2026-11-21", 30)?.daysLeft).toBe(100);
        expect(buildForecast(600, 420, "2026-11-21", 30)?.daysLeft).toBe(43);
        expect(buildForecast(1, 6000, "2026-11-21", 30)?.daysLeft).toBe(1);
    });

    test("the window is (today - window_days, today]", () => {
        const usage = [
            { date: "2026-10-22", hours: 5 }, // today - 30: outside
            { date: "2026-10-23", hours: 1 }, // inside
            { date: "2026-11-21", hours: 2 }, // today: inside
            { date: "2026-11-22", hours: 7 }, // future: outside
        ];
        expect(windowUsageMinutes(usage, "2026-11-21", 30)).toBe(180);
    });

    test("no usage in the window: no forecast", () => {
        const model = buildBurndownModel(data({ usage: [{ date: "2026-09-01", hours: 1 }] }));
        expect(model.remaining).toBe(9);
        expect(model.windowHours).toBe(0);
        expect(model.forecast).toBeNull();
        expect(buildChartSeries(model).forecast).toBeNull();
    });

    test("nothing left: no forecast", () => {
        const model = buildBurndownModel(
            data({
                packs: [burndownPack({ hours: 10, date_purchase: "2026-11-01", state: "depleted" })],
                usage: [{ date: "2026-11-10", hours: 10 }],
            }),
        );
        expect(model.remaining).toBe(0);
        expect(model.forecast).toBeNull();
    });

    test("window_days <= 0: no forecast", () => {
        expect(buildBurndownModel(data({ window_days: 0 })).forecast).toBeNull();
        expect(buildForecast(600, 60, "2026-11-21", -3)).toBeNull();
    });

    test("a far-away depletion is reported, the line stops at the cap", () => {
        // 100 h left, 1 minute in 30 days: 180000 days
        const forecast = buildForecast(6000, 1, "2026-11-21", 30);
        expect(forecast?.daysLeft).toBe(180000);
        expect(forecast?.depletionDate).toBe(addDays("2026-11-21", 180000));
        expect(forecast?.truncated).toBe(true);
        expect(forecast?.points).toHaveLength(MAX_FORECAST_DAYS + 1);
        expect(forecast?.points[MAX_FORECAST_DAYS].date).toBe(addDays("2026-11-21", MAX_FORECAST_DAYS));
        expect(forecast?.points[MAX_FORECAST_DAYS].remaining).toBeGreaterThan(99);
        const model = buildBurndownModel(burndownData(), { maxForecastDays: 10 });
        expect(model.forecast?.points).toHaveLength(11);
        expect(model.forecast?.daysLeft).toBe(45);
    });
});

describe("thresholds", () => {
    test("level = active hours * (1 - t), ascending", () => {
        expect(buildThresholds([0.95, 0.8], 50)).toEqual([
            { fraction: 0.8, percent: 80, level: 10 },
            { fraction: 0.95, percent: 95, level: 2.5 },
        ]);
    });

    test("invalid and duplicate fractions are dropped; no active hours, no lines", () => {
        expect(buildThresholds([0, -0.2, 1.5, Number.NaN, 0.8, 0.8, 1], 10).map((t) => t.fraction)).toEqual([0.8, 1]);
        expect(buildThresholds([0.8], 0)).toEqual([]);
    });

    test("only the hours of the active packs count", () => {
        const model = buildBurndownModel(
            data({
                packs: [
                    burndownPack({ id: 1, hours: 25, date_purchase: "2026-09-01", state: "depleted" }),
                    burndownPack({ id: 2, hours: 10, date_purchase: "2026-09-01", date_expiry: "2026-10-01", state: "expired", hours_expired: 10 }),
                    burndownPack({ id: 3, hours: 50, date_purchase: "2026-11-01", state: "active" }),
                ],
                usage: [{ date: "2026-09-15", hours: 25 }],
            }),
        );
        expect(model.activeHours).toBe(50);
        expect(model.thresholds.map((t) => [t.percent, t.level])).toEqual([
            [80, 10],
            [95, 2.5],
        ]);
    });

    test("no active pack: no threshold lines", () => {
        const model = buildBurndownModel(
            data({ packs: [burndownPack({ state: "depleted", hours: 10, date_purchase: "2026-11-01" })], usage: [] }),
        );
        expect(model.thresholds).toEqual([]);
    });
});

describe("chart series and Chart.js config", () => {
    const texts: BurndownChartTexts = {
        remaining: "Remaining hours",
        forecast: "Forecast",
        hoursAxis: "Hours",
        threshold: (t) => `${t.percent} %`,
        formatDate: (iso) => `d:${iso}`,
    };

    test("series, forecast and thresholds share one date axis", () => {
        const model = buildBurndownModel(burndownData());
        const series = buildChartSeries(model);
        expect(series.dates[0]).toBe("2026-11-01");
        expect(series.dates[series.dates.length - 1]).toBe("2027-01-05");
        expect(series.dates).toHaveLength(21 + 45);
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

    test("without forecast the axis stops today", () => {
        const model = buildBurndownModel(data({ usage: [] }));
        const series = buildChartSeries(model);
        expect(series.dates[series.dates.length - 1]).toBe("2026-11-21");
        expect(series.forecast).toBeNull();
    });

    test("line chart on a category axis: remaining, dashed forecast, dashed thresholds", () => {
        const config = buildBurndownChartConfig(buildBurndownModel(burndownData()), texts);
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
        const config = buildBurndownChartConfig(buildBurndownModel(burndownData()), texts);
        const label = config.options?.plugins?.tooltip?.callbacks?.label as unknown as (item: unknown) => string;
        expect(label({ dataset: { label: "Remaining hours" }, parsed: { y: 8.5 } })).toBe("Remaining hours: 08:30");
    });

    test("without forecast nor active pack: only the remaining line", () => {
        const model = buildBurndownModel(
            data({ packs: [burndownPack({ state: "depleted", hours: 10, date_purchase: "2026-11-01" })], usage: [] }),
        );
        const config = buildBurndownChartConfig(model, texts);
        expect(config.data.datasets.map((d) => d.label)).toEqual(["Remaining hours"]);
    });
});
