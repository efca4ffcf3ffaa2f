/**
 * Burn-down chart of an agreement's prepaid hours: the server's payload and
 * its alignment on one date axis.
 *
 * The whole model (daily balance, window usage, depletion forecast with its
 * cap, threshold levels) is computed on the server by `billing.burndown`
 * (addon_amc/lib/billing.py) and returned by
 * `amc.agreement.get_burndown_data()`. This module only types that payload
 * and lines its series up for the chart: no business rule lives here.
 *
 * Dates are ISO "YYYY-MM-DD" strings, hours are numbers (may be fractional).
 */

export const BURNDOWN_METHOD = "get_burndown_data";

// ---------------------------------------------------------------------------
// RPC contract of amc.agreement.get_burndown_data()
// ---------------------------------------------------------------------------

export interface BurndownPoint {
    /** "YYYY-MM-DD" */
    date: string;
    /** Hours. */
    remaining: number;
}

export interface BurndownForecast {
    /** Hours per day over the window. */
    rate: number;
    /** Day the hours run out, "YYYY-MM-DD". */
    depletion_date: string;
    /** Days from today to depletion_date (>= 1). */
    days_left: number;
    /** The dashed line, one point per day: today (remaining) ... depletion (0) or the cap. */
    points: BurndownPoint[];
    /** True when the line stops at the cap before reaching 0. */
    truncated: boolean;
}

export interface BurndownThreshold {
    /** Fraction of the active hours used, e.g. 0.8. */
    fraction: number;
    /** Whole percent, e.g. 80. */
    percent: number;
    /** Remaining hours at which `fraction` is used. */
    level: number;
}

export interface BurndownData {
    agreement: { id: number; name: string };
    /** The server's today, "YYYY-MM-DD" (the agreement's company's time zone). */
    today: string;
    window_days: number;
    /** True when the agreement has no pack: nothing to draw. */
    is_empty: boolean;
    /** Daily balance from the first purchase to today (the last point is today). */
    series: BurndownPoint[];
    /** Balance at today, hours. */
    remaining: number;
    /** Hours of the packs still active. */
    active_hours: number;
    /** Pack hours used in the forecast window. */
    window_hours: number;
    forecast: BurndownForecast | null;
    /** Ascending; empty without active hours. */
    thresholds: BurndownThreshold[];
}

// ---------------------------------------------------------------------------
// Chart data (plain arrays aligned on one category axis; no Chart.js here)
// ---------------------------------------------------------------------------

export interface BurndownChartSeries {
    /** Every day of the series, then every day of the forecast line after today. */
    dates: string[];
    /** Balance per date; null after today. */
    remaining: (number | null)[];
    /** Forecast per date; null before today. Null when no forecast. */
    forecast: (number | null)[] | null;
    /** One constant line per threshold, spanning every date. */
    thresholds: { threshold: BurndownThreshold; values: number[] }[];
}

/**
 * Aligns the series, the forecast and the threshold lines on one date axis.
 * Both daily lists come from the server: the series ends today, where the
 * forecast line starts.
 */
export function buildChartSeries(data: BurndownData): BurndownChartSeries {
    if (data.is_empty || !data.series.length) {
        return { dates: [], remaining: [], forecast: null, thresholds: [] };
    }
    const seriesDates = data.series.map((point) => point.date);
    const known = new Set(seriesDates);
    const future = (data.forecast?.points ?? []).filter((point) => !known.has(point.date));
    const dates = [...seriesDates, ...future.map((point) => point.date)];
    const forecastByDate = new Map((data.forecast?.points ?? []).map((point) => [point.date, point.remaining]));
    return {
        dates,
        remaining: [...data.series.map((point) => point.remaining), ...future.map(() => null)],
        forecast: data.forecast ? dates.map((date) => forecastByDate.get(date) ?? null) : null,
        thresholds: data.thresholds.map((threshold) => ({
            threshold,
            values: dates.map(() => threshold.level),
        })),
    };
}
