/**
 * ts_src/main.ts registers the client action in Odoo's action registry
 * (registry double from test/doubles/web/core/registry.ts).
 */
import { AmcDashboard } from "../ts_src/components/dashboard/dashboard";
import { addLog, registry } from "./doubles/web/core/registry";

test("main registers the dashboard client action", async () => {
    await import("../ts_src/main");
    expect(addLog).toEqual([{ category: "actions", key: "addon_amc.dashboard", value: AmcDashboard, options: {} }]);
    expect(registry.category("actions").get("addon_amc.dashboard")).toBe(AmcDashboard);
    expect(AmcDashboard.template).toBe("addon_amc.Dashboard");
});
