/**
 * Pure number formatters shared by the dashboard and the burn-down chart
 * (DOM-free, Odoo-free).
 */

/**
 * Hours as "HH:MM", like Odoo's `float_time` widget (formatFloatTime in
 * web/static/src/views/fields/formatters.js): 8.5 -> "08:30",
 * 0.25 -> "00:15", 125.5 -> "125:30", -1.5 -> "-01:30". Minutes are rounded
 * (59.5 s count as a minute), 60 rounded minutes carry into the hour.
 */
export function formatFloatTime(hours: number): string {
    if (!Number.isFinite(hours)) {
        return "";
    }
    const isNegative = hours < 0;
    const value = Math.abs(hours);
    let hour = Math.floor(value);
    const msLeft = Math.round(value * 3_600_000) - hour * 3_600_000;
    let minutes = Math.round(msLeft / 60_000);
    if (minutes === 60) {
        minutes = 0;
        hour += 1;
    }
    const sign = isNegative && (hour > 0 || minutes > 0) ? "-" : "";
    return `${sign}${String(hour).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** A percentage, rounded to a whole number, as "84 %" (84.4 -> "84 %", 79.5 -> "80 %"). */
export function formatPercent(percent: number): string {
    return `${Math.round(percent)} %`;
}
