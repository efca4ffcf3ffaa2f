/**
 * Placeholder: the dashboard tour is written by the lead engineer and
 * replaces this file. It registers nothing yet.
 */
export const DASHBOARD_TOUR_NAME = "addon_amc_dashboard_tour";
