/**
 * Entry point of the backend bundle (static/src/addon_amc.js, loaded in
 * web.assets_backend): registers the add-on's client action, widgets and service.
 */
import { registry } from "@web/core/registry";

import { AmcBurndownChart } from "./components/burndown_chart/burndown_chart";
import { AmcBurndownWidget, amcBurndownWidget } from "./components/burndown_widget/burndown_widget";
import { AmcDashboard } from "./components/dashboard/dashboard";
import { amcScopeClassifierField } from "./components/scope_classifier/scope_classifier";
import { AmcSlaBadges, amcSlaBadgesField } from "./components/sla_badges/sla_badges";
import { AmcSlaCountdown, amcSlaCountdownField } from "./components/sla_countdown/sla_countdown";
import { SLA_CLOCK_SERVICE, slaClockService } from "./services/sla_clock";

// The Support app's home.
registry.category("actions").add("addon_amc.dashboard", AmcDashboard);
// <widget name="amc_burndown"/> of the agreement form: the form's arch parser
// looks the name up when it parses the view, so it must be registered here.
registry.category("view_widgets").add("amc_burndown", amcBurndownWidget);
// widget="amc_scope_classifier" on the request form's `scope`.
registry.category("fields").add("amc_scope_classifier", amcScopeClassifierField);
// One clock shared by every widget="amc_sla_countdown" badge on a screen.
registry.category("services").add(SLA_CLOCK_SERVICE, slaClockService);
registry.category("fields").add("amc_sla_countdown", amcSlaCountdownField);
// One badge per SLA clock of a request (widget="amc_sla_badges" on sla_ids).
registry.category("fields").add("amc_sla_badges", amcSlaBadgesField);

export { AmcBurndownChart, AmcBurndownWidget, AmcDashboard, AmcSlaBadges, AmcSlaCountdown };
