/**
 * Number formatters shared by the dashboard and the burn-down chart
 * (DOM-free). Hours as "HH:MM" are Odoo's own `formatFloatTime`, imported
 * from `@web/views/fields/formatters` where needed.
 */

/** A percentage, rounded to a whole number, as "84 %" (84.4 -> "84 %", 79.5 -> "80 %"). */
export function formatPercent(percent: number): string {
    return `${Math.round(percent)} %`;
}
