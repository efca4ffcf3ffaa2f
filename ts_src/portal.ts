/**
 * Entry point of the portal bundle (static/src/portal/addon_amc_portal.js, loaded in
 * web.assets_frontend): the back office's burn-down chart and SLA countdown
 * badges, mounted on /my/support pages by `<owl-component name="..."/>`.
 */
import { registry } from "@web/core/registry";

import { AmcBurndownChart } from "./components/burndown_chart/burndown_chart";
import { AmcPortalSlaBadge } from "./components/portal_sla_badge/portal_sla_badge";
import { SLA_CLOCK_SERVICE, slaClockService } from "./services/sla_clock";

registry.category("services").add(SLA_CLOCK_SERVICE, slaClockService);
registry.category("public_components").add("addon_amc.burndown_chart", AmcBurndownChart);
registry.category("public_components").add("addon_amc.sla_badge", AmcPortalSlaBadge);

export { AmcBurndownChart, AmcPortalSlaBadge };
