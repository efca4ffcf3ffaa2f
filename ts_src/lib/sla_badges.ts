/**
 * The SLA badges of a request, one per clock (`amc.request.sla`): which clocks
 * show, in which order, and the record each countdown badge reads
 * (DOM-free, Odoo-free). The countdown itself is `describeSla` (sla_time.ts).
 */
import { SLA_KINDS } from "./selections";
import type { SlaKind } from "./selections";

/** The values of one clock the server sends (the widget's relatedFields). */
export interface SlaClockValues {
    id?: number | string;
    kind: SlaKind | string;
    /** The kind's label, translated by the server (the clock's display name). */
    display_name?: string;
    deadline: unknown;
    warning_date: unknown;
    clock: unknown;
    status: unknown;
    done_date: unknown;
    /** The server's decision (`amc.request.sla.shows_badge`, `sla.shows_badge`), the portal's too. */
    shows_badge: unknown;
}

/** What the request adds to every clock of it. */
export interface SlaRequestValues {
    /** many2one value of the request's calendar. */
    calendar: unknown;
    /** The server is planning the deadlines again. */
    replanning: boolean;
}

/** Field names of the record built by `clockBadgeRecordData`, as `AmcSlaCountdown` props. */
export const CLOCK_BADGE_FIELDS = {
    name: "deadline",
    calendarField: "calendar",
    warningField: "warning",
    clockField: "clock",
    statusField: "status",
    doneFields: ["done"],
    replanField: "replan",
} as const;

/** One badge: its kind, label and the record data the countdown reads. */
export interface SlaClockBadge {
    key: string;
    kind: string;
    label: string;
    data: Record<string, unknown>;
}

function rank(kind: string): number {
    const index = (SLA_KINDS as readonly string[]).indexOf(kind);
    return index < 0 ? SLA_KINDS.length : index;
}

/**
 * Whether a clock shows a badge: the server decides (`amc.request.sla.shows_badge`: every clock with a
 * deadline, except an update clock once the request is resolved), for the portal as for the back office.
 */
export function showsBadge(clock: SlaClockValues): boolean {
    return Boolean(clock.shows_badge);
}

/** The data of the record `AmcSlaCountdown` reads for one clock (see CLOCK_BADGE_FIELDS). */
export function clockBadgeRecordData(clock: SlaClockValues, request: SlaRequestValues): Record<string, unknown> {
    return {
        deadline: clock.deadline,
        calendar: request.calendar,
        warning: clock.warning_date || false,
        replan: request.replanning,
        clock: clock.clock || false,
        status: clock.status || false,
        done: Boolean(clock.done_date),
    };
}

/** The badges of a request: response, resolution, then update. */
export function slaClockBadges(clocks: readonly SlaClockValues[], request: SlaRequestValues): SlaClockBadge[] {
    return clocks
        .filter(showsBadge)
        .slice()
        .sort((a, b) => rank(String(a.kind)) - rank(String(b.kind)))
        .map((clock) => ({
            key: String(clock.id ?? clock.kind),
            kind: String(clock.kind),
            label: clock.display_name || String(clock.kind),
            data: clockBadgeRecordData(clock, request),
        }));
}
