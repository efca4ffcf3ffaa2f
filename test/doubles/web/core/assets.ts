/**
 * Test double of Odoo's `@web/core/assets`: `loadBundle` only records the
 * bundles asked for and resolves.
 */
export const loadedBundles: string[] = [];

export async function loadBundle(bundleName: string): Promise<void> {
    loadedBundles.push(bundleName);
}
