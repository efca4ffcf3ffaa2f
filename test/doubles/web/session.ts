/**
 * Test double of Odoo's `@web/session`: a plain object tests may change
 * (e.g. `session.test_mode = true`).
 */
export const session: { test_mode?: boolean; [key: string]: unknown } = {};
