/**
 * Entry point of the tour bundle (static/tests/addon_amc_tours.js, loaded in
 * web.assets_tests).
 */
import "./billing_tour";
import "./dashboard_tour";
import "./scope_tour";
import "./scope_learning_tour";
import "./sla_tour";
import "./health_tour";
import "./invoicing_tour";
import "./portal_tour";
