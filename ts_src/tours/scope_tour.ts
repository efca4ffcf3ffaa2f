/**
 * Tour `addon_amc_scope_tour` (run by tests/test_amc_scope_tour.py): from an
 * agreement's Requests, open a new request, type a subject and a description,
 * see the scope badge move from Needs Review to Billable with its reason while
 * typing, save, then override the scope with a reason and see who overrode it.
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const SCOPE_TOUR_NAME = "addon_amc_scope_tour";
export const SCOPE_TOUR_AGREEMENT = "Tour Scope Agreement";
export const SCOPE_TOUR_REQUEST = "Tour scope request";
export const SCOPE_TOUR_DESCRIPTION = "Please do an import of data: 2 000 customer records from the old CRM";
export const SCOPE_TOUR_REASON = "The import fails because of a bug in our code";

const WIDGET = ".o_form_view .o_addon_amc_scope_classifier";

export function scopeTour(): TourDefinition {
    return {
        url: "/odoo/support-agreements",
        steps: () => [
            { trigger: `.o_list_view .o_data_row td:contains(${SCOPE_TOUR_AGREEMENT})`, run: "click" },
            { trigger: ".o_form_view button[name=action_view_requests]", run: "click" },
            { trigger: ".o_list_view .o_list_button_add", run: "click" },
            {
                trigger: `${WIDGET} .o_addon_amc_scope_badge[data-scope="needs_review"]`,
                content: "A new request needs review until its text says more",
            },
            {
                trigger: `.o_form_view .o_field_widget[name=agreement_id] input:value(${SCOPE_TOUR_AGREEMENT})`,
                content: "The agreement's requests give new requests the agreement",
            },
            { trigger: ".o_form_view .o_field_widget[name=name] input", run: `edit ${SCOPE_TOUR_REQUEST}` },
            {
                trigger: ".o_form_view .o_field_widget[name=description] .odoo-editor-editable",
                run: `editor ${SCOPE_TOUR_DESCRIPTION}`,
            },
            {
                trigger: `${WIDGET} .o_addon_amc_scope_badge[data-scope="billable"]`,
                content: "While typing, the badge follows the description",
            },
            { trigger: `${WIDGET} .o_addon_amc_scope_reason:contains(always charged)` },
            { trigger: ".o_form_view .o_form_button_save", run: "click" },
            { trigger: `.o_breadcrumb .active:contains(${SCOPE_TOUR_REQUEST})` },
            { trigger: ".o_form_view .o_form_saved" },
            { trigger: `${WIDGET} .o_addon_amc_scope_menu_toggle`, run: "click" },
            { trigger: `${WIDGET} .o_addon_amc_scope_choice[data-scope="included"]`, run: "click" },
            { trigger: `${WIDGET} .o_addon_amc_scope_reason_input`, run: `edit ${SCOPE_TOUR_REASON}` },
            { trigger: `${WIDGET} .o_addon_amc_scope_confirm`, run: "click" },
            {
                trigger: `${WIDGET} .o_addon_amc_scope_override_info:contains(${SCOPE_TOUR_REASON})`,
                content: "The override shows who, when and why",
            },
            { trigger: `${WIDGET} .o_addon_amc_scope_badge[data-scope="included"]` },
        ],
    };
}

registry.category("web_tour.tours").add(SCOPE_TOUR_NAME, scopeTour());
