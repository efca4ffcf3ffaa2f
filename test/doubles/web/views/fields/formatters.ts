/**
 * Test double of Odoo's `@web/views/fields/formatters` (only what the module
 * uses): `formatFloatTime` gives hours as "HH:MM" with minutes rounded, like
 * the `float_time` widget of Odoo 19 (8.5 -> "08:30", 125.5 -> "125:30",
 * -1.5 -> "-01:30", false -> ""). The bundle uses Odoo's own at run time.
 */
export function formatFloatTime(value: number | false, _options: Record<string, unknown> = {}): string {
    if (value === false) {
        return "";
    }
    const totalMinutes = Math.round(Math.abs(value) * 60);
    const hours = String(Math.floor(totalMinutes / 60)).padStart(2, "0");
    const minutes = String(totalMinutes % 60).padStart(2, "0");
    return `${value < 0 ? "-" : ""}${hours}:${minutes}`;
}
