/**
 * The add-on's single import of `_t`. Every other module imports `_t` from
 * here, never from "@web/core/l10n/translation" directly (eslint enforces it):
 * when several bundled files import `_t` themselves, esbuild renames the extra
 * copies (`_t2`), and Odoo neither extracts `_t2("...")` strings for translation
 * nor rewrites `_t2` to translate in the addon_amc context
 * (odoo/tools/js_transpiler.py, convert_t). One import keeps the name `_t`.
 */
export { _t } from "@web/core/l10n/translation";
