/**
 * Pure (DOM-free, Odoo-free, dependency-free) logic of the prepaid-hours
 * burn-down chart: turns the `amc.agreement.get_burndown_data()` RPC result
 * into a daily series of remaining prepaid hours, a depletion forecast and
 * the usage-threshold levels.
 *
 * Dates are ISO "YYYY-MM-DD" strings (server dates, no time zone). Date
 * arithmetic goes through UTC day numbers, so it never depends on the
 * browser's zone or daylight-saving changes.
 *
 * Hours are summed as whole minutes (the server stores time in minutes), so
 * the balance carries no float noise: 0.1 + 0.2 hours is exactly 18 minutes.
 *
 * Decisions (the server contract leaves them open):
 * - The series runs from the first purchase to `today`, one point per day,
 *   each point being the balance at the END of that day. When every pack is
 *   purchased after `today`, the series is the single day `today`.
 * - A purchase is a step up of `hours` on `date_purchase`; purchases after
 *   `today` are not drawn (they are in the future).
 * - Pack usage is subtracted on its day. Usage dated BEFORE the first
 *   purchase is counted on the first day of the series (not dropped), so the
 *   balance at `today` equals the sum of the packs' `hours_remaining` the
 *   server computed. Usage dated after `today` is ignored.
 * - An expired pack's `hours_expired` is a step down on the day after
 *   `date_expiry` (the expiry day itself is still usable, like the server's
 *   billing.pack_status), drawn only when that day is not after `today`.
 * - The forecast burn rate is the pack usage of the days in
 *   (today - window_days, today], divided by window_days. With a rate > 0 and
 *   hours left, the hours run out `ceil(remaining / rate)` days after today
 *   (exact integer arithmetic, as the server's billing.forecast_depletion).
 *   The dashed line is drawn at most `maxForecastDays` days ahead (a very low
 *   rate would otherwise stretch the x axis over years); the depletion date
 *   itself is always reported.
 * - Threshold lines: the level at which fraction t of the hours of the
 *   ACTIVE packs (state "active": not depleted, not expired) is used, i.e.
 *   activeHours * (1 - t). Depleted and expired packs hold no hours any more
 *   and are left out; with a single active pack the line sits exactly where
 *   the server's usage alert for that pack fires. No active pack: no lines.
 */

export const BURNDOWN_METHOD = "get_burndown_data";

/** Default cap of the forecast line, in days after today. */
export const MAX_FORECAST_DAYS = 365;

// ---------------------------------------------------------------------------
// RPC contract of amc.agreement.get_burndown_data()
// ---------------------------------------------------------------------------

export type PackState = "active" | "depleted" | "expired";

export interface BurndownPack {
    id: number;
    name: string;
    hours: number;
    /** "YYYY-MM-DD" */
    date_purchase: string;
    /** "YYYY-MM-DD", or false when the pack never expires. */
    date_expiry: string | false;
    hours_used: number;
    hours_expired: number;
    hours_remaining: number;
    state: PackState;
}

export interface BurndownUsage {
    /** "YYYY-MM-DD" */
    date: string;
    /** Pack-bucket hours of that day. */
    hours: number;
}

export interface BurndownData {
    agreement: { id: number; name: string };
    /** The server's today, "YYYY-MM-DD" (user's time zone). */
    today: string;
    /** Fractions of used hours, ascending, e.g. [0.8, 0.95]. */
    thresholds: number[];
    window_days: number;
    packs: BurndownPack[];
    /** Ascending by date. */
    usage: BurndownUsage[];
}

// ---------------------------------------------------------------------------
// UTC-safe date arithmetic on "YYYY-MM-DD" strings
// ---------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * Days since 1970-01-01 of an ISO date. Accepts a longer ISO string and
 * reads its date part ("2026-11-21 00:00:00" is 2026-11-21).
 */
export function isoToDay(iso: string): number {
    const match = ISO_DATE_RE.exec(iso);
    if (!match) {
        throw new Error(`invalid date "${iso}": expected YYYY-MM-DD`);
    }
    const [, year, month, day] = match;
    const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
    const check = new Date(ms);
    if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) {
        throw new Error(`invalid date "${iso}"`);
    }
    return Math.round(ms / MS_PER_DAY);
}

/** ISO "YYYY-MM-DD" of a day number (see isoToDay). */
export function dayToIso(day: number): string {
    return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
    return dayToIso(isoToDay(iso) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
    return isoToDay(to) - isoToDay(from);
}

/** Every date from `from` to `to`, both included (empty when to < from). */
export function dateRange(from: string, to: string): string[] {
    const start = isoToDay(from);
    const end = isoToDay(to);
    const dates: string[] = [];
    for (let day = start; day <= end; day++) {
        dates.push(dayToIso(day));
    }
    return dates;
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

export function hoursToMinutes(hours: number): number {
    return Math.round(hours * 60);
}

export function minutesToHours(minutes: number): number {
    return minutes / 60;
}

export interface BurndownPoint {
    date: string;
    /** Hours (may be fractional). */
    remaining: number;
}

export interface BurndownForecast {
    /** Hours per day over the window. */
    rate: number;
    /** Day the hours run out, "YYYY-MM-DD". */
    depletionDate: string;
    /** Days from today to depletionDate (>= 1). */
    daysLeft: number;
    /** The dashed line: today (remaining) ... depletion (0) or the cap. */
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

export interface BurndownModel {
    agreementId: number;
    agreementName: string;
    /** True when the agreement has no pack: nothing to draw. */
    isEmpty: boolean;
    today: string;
    /** Daily balance from the first purchase to today. */
    series: BurndownPoint[];
    /** Balance at today, hours. */
    remaining: number;
    /** Hours of the packs in state "active". */
    activeHours: number;
    /** Pack hours used in the forecast window. */
    windowHours: number;
    windowDays: number;
    forecast: BurndownForecast | null;
    /** One per valid threshold (0 < t <= 1), ascending; empty without active hours. */
    thresholds: BurndownThreshold[];
}

export interface BurndownOptions {
    maxForecastDays?: number;
}

/** Four decimals are plenty for hours on a chart and drop float noise. */
function roundHours(hours: number): number {
    return Math.round(hours * 10_000) / 10_000;
}

/** Minutes change per day number: purchases (+), usage and expiries (-). */
function dailyDeltas(data: BurndownData, firstDay: number, todayDay: number): Map<number, number> {
    const deltas = new Map<number, number>();
    const add = (day: number, minutes: number) => {
        if (minutes !== 0) {
            deltas.set(day, (deltas.get(day) ?? 0) + minutes);
        }
    };
    for (const pack of data.packs) {
        const purchaseDay = isoToDay(pack.date_purchase);
        if (purchaseDay <= todayDay) {
            add(purchaseDay, hoursToMinutes(pack.hours));
        }
        if (pack.date_expiry && pack.hours_expired > 0) {
            const expiryStep = isoToDay(pack.date_expiry) + 1;
            if (expiryStep <= todayDay) {
                add(Math.max(expiryStep, firstDay), -hoursToMinutes(pack.hours_expired));
            }
        }
    }
    for (const usage of data.usage) {
        const day = isoToDay(usage.date);
        if (day <= todayDay) {
            add(Math.max(day, firstDay), -hoursToMinutes(usage.hours));
        }
    }
    return deltas;
}

/** Minutes of pack usage on the days in (today - windowDays, today]. */
export function windowUsageMinutes(usage: BurndownUsage[], today: string, windowDays: number): number {
    const todayDay = isoToDay(today);
    let minutes = 0;
    for (const row of usage) {
        const day = isoToDay(row.date);
        if (day > todayDay - windowDays && day <= todayDay) {
            minutes += hoursToMinutes(row.hours);
        }
    }
    return minutes;
}

/**
 * Depletion forecast from a balance and the usage of the window, or null
 * when nothing is left or nothing was used recently.
 */
export function buildForecast(
    remainingMinutes: number,
    usedMinutes: number,
    today: string,
    windowDays: number,
    maxForecastDays = MAX_FORECAST_DAYS,
): BurndownForecast | null {
    if (windowDays <= 0 || usedMinutes <= 0 || remainingMinutes <= 0) {
        return null;
    }
    // ceil(remaining / (used / window)), exactly, on integers
    const daysLeft = Math.floor((remainingMinutes * windowDays + usedMinutes - 1) / usedMinutes);
    const drawnDays = Math.min(daysLeft, Math.max(1, Math.floor(maxForecastDays)));
    const remaining = minutesToHours(remainingMinutes);
    const points: BurndownPoint[] = [];
    const todayDay = isoToDay(today);
    for (let offset = 0; offset <= drawnDays; offset++) {
        points.push({
            date: dayToIso(todayDay + offset),
            remaining: roundHours(remaining * (1 - offset / daysLeft)),
        });
    }
    return {
        rate: usedMinutes / 60 / windowDays,
        depletionDate: dayToIso(todayDay + daysLeft),
        daysLeft,
        points,
        truncated: drawnDays < daysLeft,
    };
}

/** Threshold levels for the active hours; invalid or duplicate fractions are dropped. */
export function buildThresholds(thresholds: number[], activeHours: number): BurndownThreshold[] {
    if (!(activeHours > 0)) {
        return [];
    }
    const valid = [...new Set(thresholds.filter((t) => Number.isFinite(t) && t > 0 && t <= 1))].sort(
        (a, b) => a - b,
    );
    return valid.map((fraction) => ({
        fraction,
        percent: Math.round(fraction * 100),
        level: roundHours(activeHours * (1 - fraction)),
    }));
}

export function buildBurndownModel(data: BurndownData, options: BurndownOptions = {}): BurndownModel {
    const today = data.today.slice(0, 10);
    const todayDay = isoToDay(today);
    const base = {
        agreementId: data.agreement.id,
        agreementName: data.agreement.name,
        today,
        windowDays: data.window_days,
    };
    if (!data.packs.length) {
        return {
            ...base,
            isEmpty: true,
            series: [],
            remaining: 0,
            activeHours: 0,
            windowHours: 0,
            forecast: null,
            thresholds: [],
        };
    }
    const firstPurchase = Math.min(...data.packs.map((pack) => isoToDay(pack.date_purchase)));
    const firstDay = Math.min(firstPurchase, todayDay);
    const deltas = dailyDeltas(data, firstDay, todayDay);
    const series: BurndownPoint[] = [];
    let balance = 0;
    for (let day = firstDay; day <= todayDay; day++) {
        balance += deltas.get(day) ?? 0;
        series.push({ date: dayToIso(day), remaining: minutesToHours(balance) });
    }
    const activeMinutes = data.packs
        .filter((pack) => pack.state === "active")
        .reduce((sum, pack) => sum + hoursToMinutes(pack.hours), 0);
    const windowMinutes = windowUsageMinutes(data.usage, today, data.window_days);
    const activeHours = minutesToHours(activeMinutes);
    return {
        ...base,
        isEmpty: false,
        series,
        remaining: minutesToHours(balance),
        activeHours,
        windowHours: minutesToHours(windowMinutes),
        forecast: buildForecast(balance, windowMinutes, today, data.window_days, options.maxForecastDays),
        thresholds: buildThresholds(data.thresholds, activeHours),
    };
}

// ---------------------------------------------------------------------------
// Chart data (plain arrays aligned on one category axis; no Chart.js here)
// ---------------------------------------------------------------------------

export interface BurndownChartSeries {
    /** Every day from the first purchase to the end of the forecast line. */
    dates: string[];
    /** Balance per date; null after today. */
    remaining: (number | null)[];
    /** Forecast per date; null before today and after the line's end. Null when no forecast. */
    forecast: (number | null)[] | null;
    /** One constant line per threshold, spanning every date. */
    thresholds: { threshold: BurndownThreshold; values: number[] }[];
}

/** Aligns the series, the forecast and the threshold lines on one date axis. */
export function buildChartSeries(model: BurndownModel): BurndownChartSeries {
    if (model.isEmpty || !model.series.length) {
        return { dates: [], remaining: [], forecast: null, thresholds: [] };
    }
    const start = model.series[0].date;
    const forecastPoints = model.forecast?.points ?? [];
    const end = forecastPoints.length ? forecastPoints[forecastPoints.length - 1].date : model.today;
    const dates = dateRange(start, end);
    const byDate = new Map(model.series.map((point) => [point.date, point.remaining]));
    const forecastByDate = new Map(forecastPoints.map((point) => [point.date, point.remaining]));
    return {
        dates,
        remaining: dates.map((date) => byDate.get(date) ?? null),
        forecast: model.forecast ? dates.map((date) => forecastByDate.get(date) ?? null) : null,
        thresholds: model.thresholds.map((threshold) => ({
            threshold,
            values: dates.map(() => threshold.level),
        })),
    };
}
