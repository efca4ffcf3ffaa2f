/**
 * Tour `addon_amc_billing_tour` (run by tests/test_amc_tour.py): log an hour on a
 * request of an agreement with a prepaid pack, see it billed to the pack, then see
 * the dashboard's pack hours and the burn-down's remaining hours change.
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const BILLING_TOUR_NAME = "addon_amc_billing_tour";
export const TOUR_CUSTOMER = "Tour Customer AB";
export const TOUR_REQUEST = "Tour request: export the stock report";

const PACK_HOURS = '.o_addon_amc_section_hours .o_addon_amc_card[data-key="pack"] .o_addon_amc_card_value';
const REMAINING = ".o_addon_amc_burndown_panel .o_addon_amc_burndown_remaining";

function chooseTourAgreement(select: HTMLSelectElement): void {
    const option = [...select.options].find((candidate) => candidate.text.includes(TOUR_CUSTOMER));
    if (!option) {
        throw new Error(`No burn-down option for ${TOUR_CUSTOMER}`);
    }
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

export function billingTour(): TourDefinition {
    let packHoursBefore = "";
    return {
        url: "/odoo/support",
        steps: () => [
            {
                trigger: PACK_HOURS,
                run() {
                    packHoursBefore = this.anchor.textContent ?? "";
                },
            },
            {
                trigger: ".o_addon_amc_burndown_select",
                run() {
                    chooseTourAgreement(this.anchor as HTMLSelectElement);
                },
            },
            {
                // wait for the chosen agreement's chart: the previous one may still be shown
                trigger: `${REMAINING}:contains(10:00)`,
                content: "The tour agreement's 10 prepaid hours are all left",
            },
            { trigger: '.o_menu_sections [data-menu-xmlid="addon_amc.menu_amc_requests"]', run: "click" },
            { trigger: ".o_list_view .o_list_button_add", run: "click" },
            { trigger: '.o_form_view .o_field_widget[name="name"] input', run: `edit ${TOUR_REQUEST}` },
            { trigger: '.o_form_view .o_field_widget[name="agreement_id"] input', run: `edit ${TOUR_CUSTOMER}` },
            {
                trigger: `.o-autocomplete--dropdown-item:contains(${TOUR_CUSTOMER})`,
                content: "A new request offers the agreements of the user's companies",
                run: "click",
            },
            { trigger: '.o_form_view .o_notebook a[name="time"]', run: "click" },
            { trigger: '.o_form_view .o_field_widget[name="time_entry_ids"] .o_field_x2many_list_row_add a', run: "click" },
            { trigger: '.o_form_view .o_data_row .o_field_widget[name="description"] input', run: "edit Stock report export" },
            { trigger: '.o_form_view .o_data_row .o_field_widget[name="duration"] input', run: "edit 01:00" },
            { trigger: ".o_form_view .o_form_button_save", run: "click" },
            {
                trigger: '.o_form_view .o_field_widget[name="time_entry_ids"] .o_data_row td[name="bucket"]:contains(Prepaid Pack)',
                content: "The hour is billed to the prepaid pack",
            },
            { trigger: '.o_menu_sections [data-menu-xmlid="addon_amc.menu_amc_dashboard"]', run: "click" },
            {
                trigger: PACK_HOURS,
                run() {
                    const after = this.anchor.textContent ?? "";
                    if (after === packHoursBefore) {
                        throw new Error(`Pack hours this month did not change (${after})`);
                    }
                },
            },
            {
                trigger: ".o_addon_amc_burndown_select",
                run() {
                    chooseTourAgreement(this.anchor as HTMLSelectElement);
                },
            },
            {
                trigger: `${REMAINING}:contains(09:00)`,
                content: "The burn-down shows one hour less",
            },
        ],
    };
}

registry.category("web_tour.tours").add(BILLING_TOUR_NAME, billingTour());
