/**
 * ts_src/lib/sla_time.ts: business time left on working intervals (UTC
 * instants from the server), formatting and colour thresholds.
 */
import { DateTime } from "luxon";

import {
    HOUR_MS,
    MINUTE_MS,
    businessMsBetween,
    describeSla,
    durationParts,
    remainingMs,
    runningTone,
} from "../ts_src/lib/sla_time";
import type { Coverage, WorkInterval } from "../ts_src/lib/sla_time";

const ZONE = "Europe/Stockholm";

/** A Stockholm wall-clock time as a UTC instant. */
function at(iso: string): number {
    return DateTime.fromISO(iso, { zone: ZONE }).toMillis();
}

/**
 * Working intervals 08–12 and 13–17 on weekdays between two dates, as the
 * server builds them (in the calendar's zone, then as UTC instants), minus
 * the given holidays.
 */
function workIntervals(fromIso: string, toIso: string, holidays: string[] = []): Coverage {
    const intervals: WorkInterval[] = [];
    let day = DateTime.fromISO(fromIso, { zone: ZONE }).startOf("day");
    const last = DateTime.fromISO(toIso, { zone: ZONE }).startOf("day");
    while (day <= last) {
        if (day.weekday <= 5 && !holidays.includes(day.toISODate() ?? "")) {
            for (const [from, to] of [
                [8, 12],
                [13, 17],
            ]) {
                intervals.push([day.set({ hour: from }).toMillis(), day.set({ hour: to }).toMillis()]);
            }
        }
        day = day.plus({ days: 1 });
    }
    return { start: at(fromIso), end: last.plus({ days: 1 }).toMillis(), intervals };
}

describe("business time", () => {
    test("a lunch break does not count", () => {
        const week = workIntervals("2026-05-18", "2026-05-22");
        expect(businessMsBetween(week.intervals, at("2026-05-18T11:00"), at("2026-05-18T14:00"))).toBe(2 * HOUR_MS);
        expect(remainingMs("business", at("2026-05-18T12:15"), at("2026-05-18T13:30"), week)).toBe(30 * MINUTE_MS);
        // the wall clock counts the lunch break
        expect(remainingMs("wall", at("2026-05-18T11:00"), at("2026-05-18T14:00"), week)).toBe(3 * HOUR_MS);
    });

    test("a weekend does not count", () => {
        const weeks = workIntervals("2026-05-15", "2026-05-19");
        // Friday 16:00 to Monday 09:00: one hour on Friday, one on Monday
        expect(remainingMs("business", at("2026-05-15T16:00"), at("2026-05-18T09:00"), weeks)).toBe(2 * HOUR_MS);
        // on a Saturday the remaining time stands still
        const saturday = remainingMs("business", at("2026-05-16T10:00"), at("2026-05-18T09:00"), weeks);
        const sunday = remainingMs("business", at("2026-05-17T22:00"), at("2026-05-18T09:00"), weeks);
        expect(saturday).toBe(HOUR_MS);
        expect(sunday).toBe(HOUR_MS);
    });

    test("a public holiday does not count", () => {
        const week = workIntervals("2026-05-11", "2026-05-15", ["2026-05-12", "2026-05-13"]);
        // high priority at 15:00 before a two-day holiday, due at 15:00 the next working day: 8 h
        expect(remainingMs("business", at("2026-05-11T15:00"), at("2026-05-14T15:00"), week)).toBe(8 * HOUR_MS);
        expect(remainingMs("business", at("2026-05-12T10:00"), at("2026-05-14T15:00"), week)).toBe(6 * HOUR_MS);
    });

    test("across the spring daylight-saving change (Stockholm, 29 March 2026)", () => {
        const weeks = workIntervals("2026-03-27", "2026-03-31");
        // the intervals are UTC instants: 08:00 is 07:00 UTC before the change, 06:00 UTC after
        expect(weeks.intervals[0][0]).toBe(Date.UTC(2026, 2, 27, 7, 0));
        expect(weeks.intervals[2][0]).toBe(Date.UTC(2026, 2, 30, 6, 0));
        // Friday 16:00 CET to Monday 10:00 CEST: 1 h + 2 h of work, 65 h of wall clock minus the lost hour
        const now = at("2026-03-27T16:00");
        const deadline = at("2026-03-30T10:00");
        expect(remainingMs("business", now, deadline, weeks)).toBe(3 * HOUR_MS);
        expect(remainingMs("wall", now, deadline, weeks)).toBe(65 * HOUR_MS);
    });

    test("across the autumn daylight-saving change (Stockholm, 25 October 2026)", () => {
        const weeks = workIntervals("2026-10-23", "2026-10-27");
        const now = at("2026-10-23T16:30");
        const deadline = at("2026-10-26T08:45");
        expect(remainingMs("business", now, deadline, weeks)).toBe(75 * MINUTE_MS); // Fri 30 m + Mon 45 m
        expect(remainingMs("wall", now, deadline, weeks)).toBe((64 * 60 + 15 + 60) * MINUTE_MS);
    });

    test("negative once overdue, unknown outside the intervals", () => {
        const week = workIntervals("2026-05-18", "2026-05-22");
        expect(remainingMs("business", at("2026-05-18T15:00"), at("2026-05-18T13:55"), week)).toBe(-65 * MINUTE_MS);
        expect(remainingMs("business", at("2026-05-18T09:00"), at("2026-06-30T09:00"), week)).toBeNull();
        expect(remainingMs("business", at("2026-05-18T09:00"), at("2026-05-19T09:00"), null)).toBeNull();
    });
});

describe("formatting and colours", () => {
    test("hours and minutes, cut down to the minute", () => {
        expect(durationParts(2 * HOUR_MS + 13 * MINUTE_MS + 59_000)).toEqual({ hours: 2, minutes: 13 });
        expect(durationParts(-(HOUR_MS + 5 * MINUTE_MS))).toEqual({ hours: 1, minutes: 5 });
        expect(durationParts(45 * MINUTE_MS)).toEqual({ hours: 0, minutes: 45 });
        expect(durationParts(59_999)).toEqual({ hours: 0, minutes: 0 });
        expect(durationParts(26 * HOUR_MS)).toEqual({ hours: 26, minutes: 0 });
    });

    test("green before the server's warning date, amber from it, red when no time is left", () => {
        const warning = at("2026-05-18T14:00");
        expect(runningTone(5 * HOUR_MS, at("2026-05-18T13:59"), warning)).toBe("success");
        expect(runningTone(MINUTE_MS, at("2026-05-18T13:59"), warning)).toBe("success");
        expect(runningTone(5 * HOUR_MS, warning, warning)).toBe("warning");
        expect(runningTone(0, warning, warning)).toBe("danger");
        expect(runningTone(-HOUR_MS, at("2026-05-18T13:00"), warning)).toBe("danger");
        expect(runningTone(HOUR_MS, warning, null)).toBe("info");
    });

    test("badges of running, paused and finished SLAs", () => {
        const week = workIntervals("2026-05-18", "2026-05-22");
        const base = {
            clock: "business" as const,
            deadline: at("2026-05-19T09:00"),
            warning: at("2026-05-18T14:00"),
            done: false,
            coverage: week,
        };
        expect(describeSla({ ...base, status: "ongoing", now: at("2026-05-18T14:47") })).toEqual({
            kind: "left",
            tone: "warning",
            duration: { hours: 3, minutes: 13 },
            running: true,
        });
        expect(describeSla({ ...base, status: "breached", now: at("2026-05-19T10:05") })).toEqual({
            kind: "overdue",
            tone: "danger",
            duration: { hours: 1, minutes: 5 },
            running: true,
        });
        expect(describeSla({ ...base, status: "paused", now: at("2026-05-19T10:05") }).kind).toBe("paused");
        expect(describeSla({ ...base, status: "paused", now: 0 }).tone).toBe("muted");
        expect(describeSla({ ...base, status: "met", now: 0, done: true })).toMatchObject({ kind: "met", tone: "success" });
        expect(describeSla({ ...base, status: "breached", now: 0, done: true })).toMatchObject({
            kind: "breached",
            tone: "danger",
            running: false,
        });
        // intervals not loaded yet: the badge shows the deadline itself
        expect(describeSla({ ...base, status: "ongoing", now: at("2026-05-18T14:47"), coverage: null })).toMatchObject({
            kind: "due",
            running: false,
        });
        // 24/7 targets need no intervals
        expect(
            describeSla({ ...base, clock: "wall", status: "ongoing", now: at("2026-05-19T07:30"), coverage: null }),
        ).toMatchObject({ kind: "left", duration: { hours: 1, minutes: 30 }, tone: "warning" });
        // before the warning date: green, even with little time left
        expect(
            describeSla({ ...base, status: "ongoing", now: at("2026-05-18T13:30"), warning: at("2026-05-18T16:00") }),
        ).toMatchObject({ kind: "left", tone: "success" });
    });
});
