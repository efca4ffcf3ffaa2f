/**
 * Tour `addon_amc_invoicing_tour` (run by tests/test_amc_invoicing_tour.py): open
 * Monthly Statements, open last month's statement of the tour agreement, create
 * its invoice and land on the draft invoice.
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const INVOICING_TOUR_NAME = "addon_amc_invoicing_tour";
export const INVOICING_TOUR_AGREEMENT = "Tour Invoicing Agreement";

export function invoicingTour(): TourDefinition {
    return {
        // Support → Reporting → Monthly Statements
        url: "/odoo/support-statements",
        steps: () => [
            {
                trigger: `.o_list_view .o_data_row td.o_data_cell:contains(${INVOICING_TOUR_AGREEMENT})`,
                content: "Open last month's statement of the agreement",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_invoices]",
                content: "Create the month's invoice",
                run: "click",
            },
            {
                trigger: `.o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row:contains(${INVOICING_TOUR_AGREEMENT})`,
                content: "The draft invoice opens with the month's lines",
            },
            { trigger: ".o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row:contains(Maintenance, monthly fee)" },
        ],
    };
}

registry.category("web_tour.tours").add(INVOICING_TOUR_NAME, invoicingTour());
