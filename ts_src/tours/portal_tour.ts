/**
 * Tour `addon_amc_portal_tour` (run by tests/test_amc_portal.py as a portal
 * user): open /my/support, submit a request, see its reference, its live SLA
 * countdown badge and the reason of its scope, then download a statement.
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const PORTAL_TOUR_NAME = "addon_amc_portal_tour";
export const PORTAL_TOUR_SUBJECT = "Import 2000 customer records";

export function portalTour(): TourDefinition {
    return {
        url: "/my/support",
        steps: () => [
            {
                trigger: ".o_addon_amc_portal_agreements .o_addon_amc_burndown canvas",
                content: "The agreement's hours with the back office's burn-down chart",
            },
            { trigger: "a.o_addon_amc_portal_new", content: "Submit a new request", run: "click", expectUnloadPage: true },
            { trigger: "form.o_addon_amc_portal_form input[name=name]", run: `edit ${PORTAL_TOUR_SUBJECT}` },
            {
                trigger: "form.o_addon_amc_portal_form textarea[name=description]",
                run: "edit Please do an import of data: the customers from the old CRM, before Friday.",
            },
            { trigger: "button.o_addon_amc_portal_submit", run: "click", expectUnloadPage: true },
            {
                trigger: ".o_addon_amc_portal_created",
                content: "The request is received with its reference",
                run() {
                    if (!/SR-\d{5}/.test(this.anchor.textContent ?? "")) {
                        throw new Error(`No reference in "${this.anchor.textContent}"`);
                    }
                },
            },
            {
                trigger: ".o_addon_amc_portal_response .o_addon_amc_sla_badge.o_addon_amc_sla_left",
                content: "The response deadline counts down, as in the back office",
            },
            {
                trigger: ".o_addon_amc_portal_scope_reason:contains(import)",
                content: "The scope and why: an import of data is always charged",
            },
            { trigger: ".o_portal_submenu a[href='/my/support']", run: "click", expectUnloadPage: true },
            {
                trigger: `.o_addon_amc_portal_requests a:contains(${PORTAL_TOUR_SUBJECT})`,
                content: "The new request is in the list",
            },
            {
                trigger: "a.o_addon_amc_portal_statement",
                content: "Download a monthly statement",
                async run() {
                    const href = this.anchor.getAttribute("href") ?? "";
                    const response = await fetch(href);
                    const type = response.headers.get("Content-Type") ?? "";
                    const disposition = response.headers.get("Content-Disposition") ?? "";
                    if (!response.ok || !type.includes("pdf") || !disposition.includes("attachment")) {
                        throw new Error(`Statement download failed: ${response.status} ${type} ${disposition}`);
                    }
                },
            },
        ],
    };
}

registry.category("web_tour.tours").add(PORTAL_TOUR_NAME, portalTour());
