/**
 * Test double of Odoo's `@web/core/l10n/dates`, on the real luxon: dates are
 * parsed as SQL dates and formatted with the en_US date format Odoo uses by
 * default (MM/dd/yyyy).
 */
import { DateTime } from "luxon";

export function deserializeDate(value: string): DateTime {
    return DateTime.fromSQL(value, { zone: "utc" });
}

export function formatDate(value: DateTime | false | null | undefined, options: { format?: string } = {}): string {
    return value ? value.toFormat(options.format ?? "MM/dd/yyyy") : "";
}

/** Odoo's formatDateTime with the en_US datetime format (MM/dd/yyyy HH:mm:ss), in UTC. */
export function formatDateTime(value: DateTime | false | null | undefined, options: { format?: string } = {}): string {
    return value ? value.setZone("utc").toFormat(options.format ?? "MM/dd/yyyy HH:mm:ss") : "";
}

/** Odoo's deserializeDateTime: a UTC SQL datetime, as a luxon DateTime (kept in UTC here). */
export function deserializeDateTime(value: string): DateTime {
    return DateTime.fromSQL(value, { zone: "utc" });
}
