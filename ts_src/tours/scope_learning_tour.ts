/**
 * Tour `addon_amc_scope_learning_tour` (run by tests/test_amc_scope_learning_tour.py): an
 * override teaches the classifier. Open a request no rule classifies (needs review), override
 * it to Billable with a reason, then type a similar new request: its badge turns Billable as
 * "learned", and the reason names the words and the earlier decision it follows.
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const SCOPE_LEARNING_TOUR_NAME = "addon_amc_scope_learning_tour";
export const SCOPE_LEARNING_TOUR_TAUGHT = "Zorblax ledger quibble is back";
export const SCOPE_LEARNING_TOUR_SIMILAR = "The zorblax ledger quibble again";
export const SCOPE_LEARNING_TOUR_REASON = "Zorblax is the customer's own system";

const WIDGET = ".o_form_view .o_addon_amc_scope_classifier";

export function scopeLearningTour(): TourDefinition {
    return {
        url: "/odoo/support-agreements",
        steps: () => [
            { trigger: ".o_list_view .o_data_row td:contains(Tour Learning Agreement)", run: "click" },
            { trigger: ".o_form_view button[name=action_view_requests]", run: "click" },
            { trigger: `.o_list_view .o_data_row td:contains(${SCOPE_LEARNING_TOUR_TAUGHT})`, run: "click" },
            {
                trigger: `${WIDGET} .o_addon_amc_scope_badge[data-scope="needs_review"]`,
                content: "No rule knows this system: the request needs review",
            },
            { trigger: `${WIDGET} .o_addon_amc_scope_menu_toggle`, run: "click" },
            { trigger: `${WIDGET} .o_addon_amc_scope_choice[data-scope="billable"]`, run: "click" },
            { trigger: `${WIDGET} .o_addon_amc_scope_reason_input`, run: `edit ${SCOPE_LEARNING_TOUR_REASON}` },
            { trigger: `${WIDGET} .o_addon_amc_scope_confirm`, run: "click" },
            { trigger: `${WIDGET} .o_addon_amc_scope_override_info:contains(${SCOPE_LEARNING_TOUR_REASON})` },
            { trigger: ".o_form_view .o_form_button_create", run: "click" },
            { trigger: ".o_breadcrumb .active:contains(New)", content: "Wait for the new request's form" },
            { trigger: `${WIDGET}:not(:has(.o_addon_amc_scope_overridden))` },
            {
                trigger: ".o_form_view .o_field_widget[name=agreement_id] input:value(Tour Learning Agreement)",
                content: "A new request from the agreement's requests gets the agreement",
            },
            { trigger: ".o_form_view .o_field_widget[name=name] input", run: `edit ${SCOPE_LEARNING_TOUR_SIMILAR}` },
            {
                trigger: `${WIDGET} .o_addon_amc_scope_badge[data-scope="billable"]`,
                content: "The override taught the classifier: a similar request follows it",
            },
            { trigger: `${WIDGET} .o_addon_amc_scope_learned` },
            { trigger: `${WIDGET} .o_addon_amc_scope_reason:contains(zorblax)` },
            { trigger: `${WIDGET} .o_addon_amc_scope_reason:contains(like SR-)` },
            { trigger: ".o_form_view .o_form_button_save", run: "click" },
            { trigger: ".o_form_view .o_form_saved" },
        ],
    };
}

registry.category("web_tour.tours").add(SCOPE_LEARNING_TOUR_NAME, scopeLearningTour());
