/**
 * Entry point of the backend bundle (static/src/addon_amc.js, loaded in
 * web.assets_backend): registers the add-on's client actions and widgets.
 */
import { registry } from "@web/core/registry";

import { AmcBurndownChart } from "./components/burndown_chart/burndown_chart";
import { AmcBurndownWidget, amcBurndownWidget } from "./components/burndown_widget/burndown_widget";
import { AmcDashboard } from "./components/dashboard/dashboard";

registry.category("actions").add("addon_amc.dashboard", AmcDashboard);
// <widget name="amc_burndown"/> of the agreement form: the form's arch parser
// looks the name up when it parses the view, so it must be registered here.
registry.category("view_widgets").add("amc_burndown", amcBurndownWidget);

export { AmcBurndownChart, AmcBurndownWidget, AmcDashboard };
