/**
 * The `amc_sla_badges` field widget on `amc.request.sla_ids`: one countdown per
 * SLA clock (response, resolution, update), in that order; the update badge
 * counts down from the last public reply, pauses, warns and overdues like the
 * others, and goes once the request is resolved.
 */
import { validate } from "@odoo/owl";
import { DateTime } from "luxon";

import { AmcSlaBadges, amcSlaBadgesField } from "../ts_src/components/sla_badges/sla_badges";
import { CLOCK_BADGE_FIELDS, clockBadgeRecordData, showsBadge, slaClockBadges } from "../ts_src/lib/sla_badges";
import type { SlaClockValues } from "../ts_src/lib/sla_badges";
import { SLA_CLOCK_SERVICE, createSlaClock } from "../ts_src/services/sla_clock";
import { cleanup, flush, mountComponent, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates(
    "ts_src/components/sla_badges/sla_badges.xml",
    "ts_src/components/sla_countdown/sla_countdown.xml",
);
const NOW = Date.UTC(2026, 4, 18, 10, 0); // Monday 12:00 in Stockholm
const CALENDAR = { id: 3, display_name: "Office hours" };
/** Working hours 08–12 and 13–17 (Stockholm, UTC+2 in May) on Monday and Tuesday. */
const INTERVALS: [number, number][] = [
    [Date.UTC(2026, 4, 18, 6), Date.UTC(2026, 4, 18, 10)],
    [Date.UTC(2026, 4, 18, 11), Date.UTC(2026, 4, 18, 15)],
    [Date.UTC(2026, 4, 19, 6), Date.UTC(2026, 4, 19, 10)],
    [Date.UTC(2026, 4, 19, 11), Date.UTC(2026, 4, 19, 15)],
];

function at(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: "utc" });
}

function clockValues(kind: string, deadline: number, values: Partial<SlaClockValues> = {}): SlaClockValues {
    return {
        kind,
        display_name: { response: "Response", resolution: "Resolution", update: "Update" }[kind],
        deadline: at(deadline),
        warning_date: at(deadline - 3_600_000),
        clock: "business",
        status: "ongoing",
        done_date: false,
        shows_badge: true,
        ...values,
    };
}

/** The request record as Odoo's relational model gives it: the clocks as a static list. */
function requestRecord(clocks: SlaClockValues[], values: Record<string, unknown> = {}) {
    return {
        data: {
            sla_ids: { records: clocks.map((data, index) => ({ resId: index + 1, data })) },
            sla_calendar_id: CALENDAR,
            sla_replan_pending: false,
            ...values,
        },
    };
}

async function mountBadges(record: ReturnType<typeof requestRecord>, options: Record<string, unknown> = {}) {
    const orm = {
        call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
            const [ids] = args as [number[]];
            return Object.fromEntries(ids.map((id) => [String(id), INTERVALS]));
        }),
    };
    const clock = createSlaClock({ orm, now: () => NOW });
    const mounted = await mountComponent(AmcSlaBadges, {
        templates: TEMPLATES,
        props: {
            name: "sla_ids",
            record,
            readonly: true,
            ...amcSlaBadgesField.extractProps({ options }),
        },
        env: { services: { [SLA_CLOCK_SERVICE]: clock } },
    });
    await clock.idle();
    await flush();
    return mounted;
}

afterEach(() => {
    cleanup();
    jest.restoreAllMocks();
});

describe("sla_badges lib", () => {
    test("response, resolution, then update, whatever the server's order", () => {
        const badges = slaClockBadges(
            [clockValues("update", NOW), clockValues("resolution", NOW), clockValues("response", NOW)],
            { calendar: CALENDAR, replanning: false },
        );
        expect(badges.map((badge) => badge.kind)).toEqual(["response", "resolution", "update"]);
        expect(badges.map((badge) => badge.label)).toEqual(["Response", "Resolution", "Update"]);
    });

    test("a clock shows a badge when the server says so (the rule is sla.shows_badge, in Python)", () => {
        const resolved = { done_date: at(NOW), status: "met" };
        expect(showsBadge(clockValues("update", NOW, { ...resolved, shows_badge: false }))).toBe(false);
        expect(showsBadge(clockValues("resolution", NOW, resolved))).toBe(true);
        const badges = slaClockBadges(
            [clockValues("update", NOW, { ...resolved, shows_badge: false }), clockValues("resolution", NOW, resolved)],
            { calendar: CALENDAR, replanning: false },
        );
        expect(badges.map((badge) => badge.kind)).toEqual(["resolution"]);
    });

    test("the record each countdown reads", () => {
        const data = clockBadgeRecordData(clockValues("update", NOW, { done_date: at(NOW) }), {
            calendar: CALENDAR,
            replanning: true,
        });
        expect(Object.keys(data).sort()).toEqual(["calendar", "clock", "deadline", "done", "replan", "status", "warning"]);
        expect(data.done).toBe(true);
        expect(data.replan).toBe(true);
        expect(data.calendar).toBe(CALENDAR);
        expect(CLOCK_BADGE_FIELDS.doneFields).toEqual(["done"]);
    });
});

describe("amc_sla_badges widget", () => {
    test("the descriptor follows Odoo's field registry contract and asks for the clocks' fields", () => {
        const schema = {
            component: { type: Function },
            displayName: { type: String, optional: true },
            supportedTypes: { type: Array, element: String, optional: true },
            extractProps: { type: Function, optional: true },
            relatedFields: { type: [Function, Array], optional: true },
        };
        expect(() => validate(amcSlaBadgesField, schema)).not.toThrow();
        expect(amcSlaBadgesField.supportedTypes).toEqual(["one2many"]);
        expect(amcSlaBadgesField.relatedFields.map((field) => field.name).sort()).toEqual(
            ["clock", "deadline", "display_name", "done_date", "kind", "shows_badge", "status", "warning_date"].sort(),
        );
    });

    test("three badges: the update one counts down to its deadline", async () => {
        const { target } = await mountBadges(
            requestRecord([
                // 14:30 local: 1 h 30 m of work left; the server warns from 11:30 local
                clockValues("update", Date.UTC(2026, 4, 18, 12, 30), { warning_date: at(Date.UTC(2026, 4, 18, 9, 30)) }),
                clockValues("response", Date.UTC(2026, 4, 18, 9, 0), { done_date: at(NOW), status: "met" }),
                clockValues("resolution", Date.UTC(2026, 4, 19, 14, 0), {
                    warning_date: at(Date.UTC(2026, 4, 19, 12, 0)),
                }),
            ]),
        );
        const clocks = [...target.querySelectorAll<HTMLElement>(".o_addon_amc_sla_clock")];
        expect(clocks.map((clock) => clock.className.match(/o_addon_amc_sla_clock_(\w+)/)?.[1])).toEqual([
            "response",
            "resolution",
            "update",
        ]);
        expect(clocks.map((clock) => textOf(clock.querySelector(".o_addon_amc_sla_badge") as HTMLElement))).toEqual([
            "met",
            "11 h 00 m left",
            "1 h 30 m left",
        ]);
        const update = clocks[2].querySelector<HTMLElement>(".o_addon_amc_sla_badge") as HTMLElement;
        expect(update.className).toContain("text-bg-warning"); // past its warning date
        expect(update.dataset.tooltip).toMatch(/^Update: /);
        expect(clocks[2].title).toBe("Update SLA");
        expect(clocks[2].querySelector("i")?.className).toContain("fa-refresh");
    });

    test("the update badge pauses, overdues, re-plans and goes when resolved", async () => {
        const late = Date.UTC(2026, 4, 18, 8, 55); // 10:55 local
        const { target } = await mountBadges(
            requestRecord([
                clockValues("update", late, { status: "breached" }),
            ]),
        );
        expect(textOf(target.querySelector(".o_addon_amc_sla_badge") as HTMLElement)).toBe("overdue by 1 h 05 m");
        cleanup();
        const paused = await mountBadges(requestRecord([clockValues("update", late + 86_400_000, { status: "paused" })]));
        expect(textOf(paused.target.querySelector(".o_addon_amc_sla_badge") as HTMLElement)).toBe("paused");
        cleanup();
        const replanning = await mountBadges(
            requestRecord([clockValues("update", late)], { sla_replan_pending: true }),
        );
        expect(textOf(replanning.target.querySelector(".o_addon_amc_sla_badge") as HTMLElement)).toBe("re-planning");
        cleanup();
        const resolved = await mountBadges(
            requestRecord([clockValues("update", late, { done_date: at(NOW), status: "breached", shows_badge: false })]),
        );
        expect(resolved.target.querySelector(".o_addon_amc_sla_badge")).toBeNull();
    });

    test("the form shows each deadline beside its badge", async () => {
        const clocks = [clockValues("update", Date.UTC(2026, 4, 18, 12, 30))];
        const plain = await mountBadges(requestRecord(clocks));
        expect(plain.target.querySelector(".o_addon_amc_sla_deadline")).toBeNull();
        cleanup();
        const form = await mountBadges(requestRecord(clocks), { show_deadline: true });
        const text = textOf(form.target.querySelector(".o_addon_amc_sla_deadline") as HTMLElement);
        expect(text).toMatch(/2026/);
    });

    test("no clocks, no badges", async () => {
        const { target } = await mountBadges(requestRecord([]));
        expect(target.querySelectorAll(".o_addon_amc_sla_clock")).toHaveLength(0);
    });
});
