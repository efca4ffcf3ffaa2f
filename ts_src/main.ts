/**
 * Entry point of the backend bundle (static/src/addon_amc.js, loaded in
 * web.assets_backend): registers the add-on's client actions and widgets.
 */
import { registry } from "@web/core/registry";

import { AmcDashboard } from "./components/dashboard/dashboard";

registry.category("actions").add("addon_amc.dashboard", AmcDashboard);

export { AmcDashboard };
