/**
 * Test double of Odoo's `@web/core/utils/hooks`: `useService(name)` returns
 * `env.services[name]` of the calling component, like the real hook minus its
 * method protection. Tests put their service doubles in the mount `env`.
 */
import { useComponent } from "@odoo/owl";

export function useService(serviceName: string): unknown {
    const { services } = useComponent().env as { services?: Record<string, unknown> };
    if (!services || !(serviceName in services)) {
        throw new Error(`Service ${serviceName} is not available`);
    }
    return services[serviceName];
}
