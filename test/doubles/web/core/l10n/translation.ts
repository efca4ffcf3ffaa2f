/**
 * Test double of Odoo's `@web/core/l10n/translation`: `_t` returns the
 * source term (English), formatted like Odoo's `_t` for `%s` (positional)
 * and `%(name)s` (one object argument) placeholders.
 */
export function _t(term: string, ...values: unknown[]): string {
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
