/**
 * Remaining time of an SLA, for the countdown badges (DOM-free, Odoo-free).
 *
 * The server plans deadlines (authoritative); the browser only counts down
 * to them. Business time is counted on the working intervals the server
 * sends per calendar (`amc.request.get_sla_work_intervals`): UTC instants in
 * epoch milliseconds, lunch breaks, weekends and public holidays already
 * removed, daylight-saving time already applied when the server built them.
 * Wall-clock SLAs (24/7 targets) count plain milliseconds.
 */
import type { SlaClock, SlaStatus } from "./selections";

/** A working interval `[start, end)`: UTC epoch milliseconds, `start < end`. */
export type WorkInterval = readonly [number, number];

/** The working intervals of one calendar over `[start, end]`, sorted, not overlapping. */
export interface Coverage {
    start: number;
    end: number;
    intervals: readonly WorkInterval[];
}

export type { SlaClock, SlaStatus };
export type SlaTone = "success" | "warning" | "danger" | "muted" | "info";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/**
 * Working milliseconds between two instants, counted on sorted intervals.
 * Negative when `to` is before `from`.
 */
export function businessMsBetween(intervals: readonly WorkInterval[], from: number, to: number): number {
    if (to < from) {
        return -businessMsBetween(intervals, to, from);
    }
    let total = 0;
    for (const [start, end] of intervals) {
        if (end <= from) {
            continue;
        }
        if (start >= to) {
            break;
        }
        total += Math.min(end, to) - Math.max(start, from);
    }
    return total;
}

/**
 * Milliseconds left until `deadline` on `clock` (negative once it passed),
 * or `null` when business time is asked for outside the known intervals.
 */
export function remainingMs(
    clock: SlaClock,
    now: number,
    deadline: number,
    coverage: Coverage | null | undefined,
): number | null {
    if (clock === "wall") {
        return deadline - now;
    }
    if (!coverage) {
        return null;
    }
    const low = Math.min(now, deadline);
    const high = Math.max(now, deadline);
    if (low < coverage.start || high > coverage.end) {
        return null;
    }
    return businessMsBetween(coverage.intervals, now, deadline);
}

/** Hours and minutes of a duration; the badge's component words them in the user's language. */
export interface DurationParts {
    hours: number;
    minutes: number;
}

/**
 * A duration as whole hours and minutes, whole minutes cut down (a badge never
 * promises a minute that is not there): 2 h 13 m 59 s is `{ hours: 2, minutes: 13 }`.
 */
export function durationParts(ms: number): DurationParts {
    const minutes = Math.floor(Math.abs(ms) / MINUTE_MS);
    return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/**
 * Colour of a running countdown, from the server's dates: green until the
 * warning date the server stored (the Settings' warning share of the
 * target), amber from it, red once no time is left.
 */
export function runningTone(leftMs: number, now: number, warning: number | null): SlaTone {
    if (leftMs <= 0) {
        return "danger";
    }
    if (warning === null) {
        return "info";
    }
    return now >= warning ? "warning" : "success";
}

export type SlaBadgeKind = "left" | "overdue" | "paused" | "met" | "breached" | "due" | "replanning";

/** What a badge shows, before translation. */
export interface SlaBadgeState {
    kind: SlaBadgeKind;
    tone: SlaTone;
    /** The time left (`left`) or past (`overdue`), null otherwise. */
    duration: DurationParts | null;
    /** Whether the text changes as time passes (a running countdown). */
    running: boolean;
}

export interface SlaInput {
    status: SlaStatus | false | null | undefined;
    clock: SlaClock | false | null | undefined;
    /** UTC epoch milliseconds. */
    deadline: number;
    now: number;
    /** The server's warning date of the SLA (UTC epoch milliseconds), null when it has none. */
    warning: number | null;
    /** The SLA is over: responded to (response) or resolved (resolution). */
    done: boolean;
    coverage?: Coverage | null;
}

/**
 * The badge of one SLA. Finished SLAs show their outcome; a paused one
 * shows "paused"; a running one counts down, then up once overdue. When the
 * business time cannot be counted (intervals not loaded yet, or a deadline
 * beyond them), the badge shows the deadline itself (`due`).
 */
export function describeSla(input: SlaInput): SlaBadgeState {
    const { status, deadline, now, done } = input;
    if (status === "paused" && !done) {
        return { kind: "paused", tone: "muted", duration: null, running: false };
    }
    if (done || status === "met") {
        const met = status !== "breached";
        return { kind: met ? "met" : "breached", tone: met ? "success" : "danger", duration: null, running: false };
    }
    const clock: SlaClock = input.clock === "wall" ? "wall" : "business";
    const left = remainingMs(clock, now, deadline, input.coverage);
    if (left === null) {
        const overdue = now > deadline || status === "breached";
        return { kind: "due", tone: overdue ? "danger" : "info", duration: null, running: false };
    }
    if (left <= 0 && (now >= deadline || status === "breached")) {
        return { kind: "overdue", tone: "danger", duration: durationParts(left), running: true };
    }
    return {
        kind: "left",
        tone: runningTone(left, now, input.warning),
        duration: durationParts(left),
        running: true,
    };
}
