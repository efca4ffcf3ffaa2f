/**
 * ts_src/main.ts registers the client action in Odoo's action registry and
 * the agreement form's burn-down widget in the view_widgets registry
 * (registry double from test/doubles/web/core/registry.ts).
 */
import { AmcBurndownWidget, amcBurndownWidget } from "../ts_src/components/burndown_widget/burndown_widget";
import { AmcDashboard } from "../ts_src/components/dashboard/dashboard";
import { amcScopeClassifierField } from "../ts_src/components/scope_classifier/scope_classifier";
import { amcSlaBadgesField } from "../ts_src/components/sla_badges/sla_badges";
import { amcSlaCountdownField } from "../ts_src/components/sla_countdown/sla_countdown";
import { SLA_CLOCK_SERVICE, slaClockService } from "../ts_src/services/sla_clock";
import { addLog, registry } from "./doubles/web/core/registry";

test("main registers the dashboard client action and the amc_burndown view widget", async () => {
    await import("../ts_src/main");
    expect(addLog).toEqual([
        { category: "actions", key: "addon_amc.dashboard", value: AmcDashboard, options: {} },
        { category: "view_widgets", key: "amc_burndown", value: amcBurndownWidget, options: {} },
        { category: "fields", key: "amc_scope_classifier", value: amcScopeClassifierField, options: {} },
        { category: "services", key: SLA_CLOCK_SERVICE, value: slaClockService, options: {} },
        { category: "fields", key: "amc_sla_countdown", value: amcSlaCountdownField, options: {} },
        { category: "fields", key: "amc_sla_badges", value: amcSlaBadgesField, options: {} },
    ]);
    expect(registry.category("actions").get("addon_amc.dashboard")).toBe(AmcDashboard);
    expect(AmcDashboard.template).toBe("addon_amc.Dashboard");
    const widget = registry.category<{ component: unknown }>("view_widgets").get("amc_burndown");
    expect(widget.component).toBe(AmcBurndownWidget);
    expect(AmcBurndownWidget.template).toBe("addon_amc.BurndownWidget");
});
