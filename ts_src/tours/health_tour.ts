/**
 * Tour `addon_amc_health_tour` (run by tests/test_amc_health_tour.py): open the
 * agreement the test prepared from the Agreements list, open its Maintenance
 * tab, run a health check now, land on the check with its result lines, open
 * one line's details and find the report actions (print, send by email).
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const HEALTH_TOUR_NAME = "addon_amc_health_tour";
export const HEALTH_TOUR_AGREEMENT = "Tour Health Agreement";
/** The agreement's backup line, then this database's instance: reporting and eight checks. */
export const HEALTH_CHECK_LINE_COUNT = 10;

const LINES = ".o_form_view .o_field_widget[name=line_ids] .o_data_row";

export function healthTour(): TourDefinition {
    return {
        url: "/odoo/support-agreements",
        steps: () => [
            {
                trigger: `.o_list_view .o_data_row td.o_data_cell:contains(${HEALTH_TOUR_AGREEMENT})`,
                content: "Open the agreement",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_notebook_headers a[name=maintenance_ops]",
                content: "The agreement's Maintenance tab",
                run: "click",
            },
            {
                trigger: ".o_form_view button[name=action_run_health_check]",
                content: "Run a health check of the instance now",
                run: "click",
            },
            { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Done)" },
            {
                trigger: LINES,
                content: "The check lists one result per automated check",
                run() {
                    const rows = document.querySelectorAll(LINES).length;
                    if (rows !== HEALTH_CHECK_LINE_COUNT) {
                        throw new Error(`Result lines: expected ${HEALTH_CHECK_LINE_COUNT}, found ${rows}`);
                    }
                },
            },
            { trigger: `${LINES}:contains(Backups) td.o_data_cell:first`, run: "click" },
            {
                trigger: ".modal .o_form_view .o_field_widget[name=advice]",
                content: "A line opens with its advice",
            },
            { trigger: ".modal .modal-footer .btn-primary", run: "click" },
            { trigger: ".o_form_view button[name=action_send_email]" },
            { trigger: ".o_form_view .o_statusbar_buttons button:contains(Print)" },
        ],
    };
}

registry.category("web_tour.tours").add(HEALTH_TOUR_NAME, healthTour());
