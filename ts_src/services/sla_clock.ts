/**
 * Service `amc_sla_clock`: the one clock and the one cache of working hours
 * that every SLA countdown badge of the page shares.
 *
 * - ONE timer for the whole page: `state.now` moves every 30 s while at least
 *   one badge is subscribed; badges read it through `useState(clock.state)`,
 *   so a tick re-renders the running badges and nothing else.
 * - Working intervals are cached PER CALENDAR. Badges that mount in the same
 *   tick ask for their calendars; the misses are fetched together in ONE
 *   `amc.request.get_sla_work_intervals` call (a `setTimeout(0)` batch).
 * - Under Odoo's test mode (`session.test_mode`, tours), `window.__amcSlaClockTick(ms)`
 *   forces a tick, optionally moving the clock forward by `ms`.
 */
import { reactive } from "@odoo/owl";
import type { OrmService } from "@web/core/utils/hooks";
import { session } from "@web/session";

import type { Coverage, WorkInterval } from "../lib/sla_time";

export const SLA_CLOCK_SERVICE = "amc_sla_clock";
export const SLA_INTERVALS_MODEL = "amc.request";
export const SLA_INTERVALS_METHOD = "get_sla_work_intervals";
/** How often the badges move. */
export const SLA_TICK_MS = 30_000;
const DAY_MS = 86_400_000;
/** Working intervals are fetched from this many days back to this many days ahead. */
export const SLA_WINDOW_DAYS = 31;
/** Fetched again when the known intervals end less than this many days ahead. */
export const SLA_REFRESH_DAYS = 14;
/** The server answers at most this many calendars per call. */
export const SLA_MAX_CALENDARS = 50;

export interface SlaClockState {
    /** UTC epoch milliseconds of the last tick. */
    now: number;
    /** Working intervals per calendar id, once fetched. */
    coverages: Record<number, Coverage>;
}

export interface SlaClockService {
    readonly state: SlaClockState;
    /** A badge starts listening to the clock; call the returned function to stop. */
    subscribe(): () => void;
    /** The working intervals of a calendar; schedules a batched fetch if they are missing or short. */
    coverage(calendarId: number): Coverage | undefined;
    /** Moves `state.now` to the current time (plus `advanceMs`, kept for later ticks). */
    tick(advanceMs?: number): void;
    /** Number of subscribed badges. */
    readonly subscriberCount: number;
    /** Resolves when the fetches in flight are done (for tests and tours). */
    idle(): Promise<void>;
}

/** What the clock uses of the `orm` service. */
export interface SlaClockOrm {
    call(model: string, method: string, args: unknown[]): Promise<unknown>;
}

export interface SlaClockOptions {
    orm: SlaClockOrm;
    tickMs?: number;
    now?: () => number;
}

/** A UTC instant as the server's datetime string. */
export function serverDatetime(ms: number): string {
    return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

type IntervalsByCalendar = Record<string, [number, number][]>;

export function createSlaClock({ orm, tickMs = SLA_TICK_MS, now = Date.now }: SlaClockOptions): SlaClockService {
    let offset = 0;
    let subscribers = 0;
    let timer: ReturnType<typeof setInterval> | null = null;
    let scheduled = false;
    const pending = new Set<number>();
    const inFlight = new Set<number>();
    /** Calendars the server did not answer for (unreadable, or the call failed): not asked again. */
    const unavailable = new Set<number>();
    const fetches = new Set<Promise<void>>();
    const state = reactive<SlaClockState>({ now: now(), coverages: {} });

    const tick = (advanceMs = 0) => {
        offset += advanceMs;
        state.now = now() + offset;
    };

    const fetchBatch = async (ids: number[]) => {
        const current = state.now;
        const start = current - SLA_WINDOW_DAYS * DAY_MS;
        const end = current + SLA_WINDOW_DAYS * DAY_MS;
        try {
            const result = (await orm.call(SLA_INTERVALS_MODEL, SLA_INTERVALS_METHOD, [
                ids,
                serverDatetime(start),
                serverDatetime(end),
            ])) as IntervalsByCalendar;
            for (const id of ids) {
                const intervals = result[String(id)];
                if (Array.isArray(intervals)) {
                    state.coverages[id] = {
                        start,
                        end,
                        intervals: intervals.map(([begin, stop]) => [begin, stop] as WorkInterval),
                    };
                } else {
                    unavailable.add(id);
                }
            }
        } catch {
            for (const id of ids) {
                unavailable.add(id);
            }
        } finally {
            for (const id of ids) {
                inFlight.delete(id);
            }
        }
    };

    const flush = () => {
        scheduled = false;
        const ids = [...pending].sort((a, b) => a - b);
        pending.clear();
        for (let index = 0; index < ids.length; index += SLA_MAX_CALENDARS) {
            const batch = ids.slice(index, index + SLA_MAX_CALENDARS);
            batch.forEach((id) => inFlight.add(id));
            const promise = fetchBatch(batch);
            fetches.add(promise);
            void promise.then(() => fetches.delete(promise));
        }
    };

    const request = (calendarId: number) => {
        if (pending.has(calendarId) || inFlight.has(calendarId) || unavailable.has(calendarId)) {
            return;
        }
        pending.add(calendarId);
        if (!scheduled) {
            scheduled = true;
            setTimeout(flush, 0);
        }
    };

    return {
        state,
        tick,
        get subscriberCount() {
            return subscribers;
        },
        subscribe() {
            subscribers += 1;
            if (!timer) {
                tick();
                timer = setInterval(() => tick(), tickMs);
            }
            let active = true;
            return () => {
                if (!active) {
                    return;
                }
                active = false;
                subscribers -= 1;
                if (!subscribers && timer) {
                    clearInterval(timer);
                    timer = null;
                }
            };
        },
        coverage(calendarId: number) {
            const known = state.coverages[calendarId];
            if (!known || known.end < state.now + SLA_REFRESH_DAYS * DAY_MS) {
                request(calendarId);
            }
            return known;
        },
        async idle() {
            while (scheduled || fetches.size) {
                if (scheduled) {
                    await new Promise((resolve) => setTimeout(resolve, 0));
                }
                await Promise.all([...fetches]);
            }
        },
    };
}

/** Descriptor for `registry.category("services")`. */
export const slaClockService = {
    dependencies: ["orm"],
    start(_env: unknown, { orm }: { orm: OrmService }): SlaClockService {
        const clock = createSlaClock({ orm });
        if (session.test_mode) {
            (window as unknown as { __amcSlaClockTick?: (advanceMs?: number) => void }).__amcSlaClockTick = (
                advanceMs?: number,
            ) => clock.tick(advanceMs ?? 0);
        }
        return clock;
    },
};
