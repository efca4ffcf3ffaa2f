/**
 * Tour `addon_amc_dashboard_tour` (run by tests/test_amc_tour.py): open the
 * Support app, read the dashboard, create an agreement from Agreements, come
 * back and see the Draft count go up by one.
 */
import { registry } from "@web/core/registry";

import { readCount } from "./tour_types";
import type { TourDefinition } from "./tour_types";

export const DASHBOARD_TOUR_NAME = "addon_amc_dashboard_tour";
export const TOUR_AGREEMENT_NAME = "Tour Agreement – Blåbär AB";

const DRAFT_COUNT = '.o_addon_amc_dashboard .o_addon_amc_section_agreements .o_addon_amc_card[data-key="draft"] .o_addon_amc_card_value';

export function dashboardTour(): TourDefinition {
    let draftBefore = -1;
    return {
        url: "/odoo",
        steps: () => [
            { trigger: ".o_navbar_apps_menu button:enabled", run: "click" },
            { trigger: '.o_app[data-menu-xmlid="addon_amc.menu_amc_root"]', run: "click" },
            {
                trigger: DRAFT_COUNT,
                content: "The dashboard is the Support app's home",
                run() {
                    draftBefore = readCount(this.anchor);
                },
            },
            { trigger: '.o_menu_sections [data-menu-xmlid="addon_amc.menu_amc_agreements"]', run: "click" },
            { trigger: ".o_list_view .o_list_button_add", run: "click" },
            { trigger: ".o_form_view .o_field_widget[name=name] input", run: `edit ${TOUR_AGREEMENT_NAME}` },
            { trigger: ".o_form_view .o_form_button_save", run: "click" },
            { trigger: `.o_breadcrumb .active:contains(${TOUR_AGREEMENT_NAME})` },
            { trigger: '.o_menu_sections [data-menu-xmlid="addon_amc.menu_amc_dashboard"]', run: "click" },
            {
                trigger: DRAFT_COUNT,
                content: "The new agreement is counted as a draft",
                run() {
                    const after = readCount(this.anchor);
                    if (after !== draftBefore + 1) {
                        throw new Error(`Draft count: expected ${draftBefore + 1}, found ${after}`);
                    }
                },
            },
        ],
    };
}

registry.category("web_tour.tours").add(DASHBOARD_TOUR_NAME, dashboardTour());
