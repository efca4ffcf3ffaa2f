/**
 * Test double of Odoo's `@web/core/l10n/translation`: `_t` returns the
 * source term (English), or its translation set by `setTranslations` (as Odoo
 * does with the user's language), formatted like Odoo's `_t` for `%s`
 * (positional) and `%(name)s` (one object argument) placeholders.
 */
let translations: Record<string, string> = {};

/** The terms `_t` translates until the next call (none: English). */
export function setTranslations(terms: Record<string, string>): void {
    translations = { ...terms };
}

export function _t(source: string, ...values: unknown[]): string {
    const term = translations[source] ?? source;
    if (values.length === 0) {
        return term;
    }
    const [first] = values;
    if (values.length === 1 && first !== null && typeof first === "object" && !Array.isArray(first)) {
        const named = first as Record<string, unknown>;
        return term.replace(/%\(([\w$]+)\)s/g, (_match, name: string) => String(named[name]));
    }
    let index = 0;
    return term.replace(/%s/g, () => String(values[index++]));
}
