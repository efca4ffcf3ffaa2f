/**
 * Tour `addon_amc_sla_tour` (run by tests/test_amc_sla_tour.py): open the
 * request list, find the countdown badge of a critical request (a 24/7
 * response target), force the shared clock to tick five minutes later and
 * see the badge's text change; the request's update badge (a public update
 * due every 2 hours) counts down beside it. The clock hook `window.__amcSlaClockTick`
 * exists only under Odoo's test mode (ts_src/services/sla_clock.ts).
 */
import { registry } from "@web/core/registry";

import type { TourDefinition } from "./tour_types";

export const SLA_TOUR_NAME = "addon_amc_sla_tour";
export const SLA_TOUR_REQUEST = "SLA Tour – Server down";
/** How far the tour moves the clock: more than a minute, so the text must change. */
export const SLA_TOUR_ADVANCE_MS = 5 * 60_000;

const ROW_BADGES = `.o_list_view .o_data_row:contains(${SLA_TOUR_REQUEST}) .o_field_widget[name=sla_ids]`;
const BADGE = `${ROW_BADGES} .o_addon_amc_sla_clock_response .o_addon_amc_sla_badge`;
const UPDATE_BADGE = `${ROW_BADGES} .o_addon_amc_sla_clock_update .o_addon_amc_sla_badge`;

type TickHook = (advanceMs?: number) => void;

function badgeText(anchor: HTMLElement): string {
    return (anchor.textContent ?? "").replace(/\s+/g, " ").trim();
}

export function slaTour(): TourDefinition {
    let before = "";
    return {
        url: "/odoo/support-requests",
        steps: () => [
            {
                trigger: `${BADGE}.o_addon_amc_sla_left`,
                content: "The request list shows a running countdown",
                run() {
                    before = badgeText(this.anchor);
                    if (!/^\d+ h \d{2} m left$|^\d+ m left$/.test(before)) {
                        throw new Error(`Unexpected countdown text "${before}"`);
                    }
                },
            },
            {
                trigger: `${UPDATE_BADGE}.o_addon_amc_sla_left`,
                content: "Beside it, the update badge counts down to the next public update",
                run() {
                    const text = badgeText(this.anchor);
                    if (!/^1 h \d{2} m left$|^2 h 00 m left$/.test(text)) {
                        throw new Error(`Unexpected update countdown "${text}"`);
                    }
                },
            },
            {
                trigger: BADGE,
                content: "Five minutes later, the same badge shows less time",
                async run() {
                    const tick = (window as unknown as { __amcSlaClockTick?: TickHook }).__amcSlaClockTick;
                    if (!tick) {
                        throw new Error("The SLA clock exposes no tick hook in test mode");
                    }
                    tick(SLA_TOUR_ADVANCE_MS);
                    for (let attempt = 0; attempt < 50 && badgeText(this.anchor) === before; attempt++) {
                        await new Promise((resolve) => setTimeout(resolve, 100));
                    }
                    const after = badgeText(this.anchor);
                    if (after === before) {
                        throw new Error(`The badge did not tick: still "${after}"`);
                    }
                },
            },
        ],
    };
}

registry.category("web_tour.tours").add(SLA_TOUR_NAME, slaTour());
