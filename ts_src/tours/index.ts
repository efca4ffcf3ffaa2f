/**
 * Entry point of the tour bundle (static/tests/addon_amc_tours.js, loaded in
 * web.assets_tests).
 */
import "./billing_tour";
import "./dashboard_tour";
import "./scope_tour";
import "./sla_tour";
import "./health_tour";
import "./portal_tour";
