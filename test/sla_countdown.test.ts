/**
 * The `amc_sla_countdown` field widget: texts, colours and tooltip of the
 * badges, the registry descriptor against Odoo 19's fields contract, and
 * 500 badges on one screen sharing ONE timer and ONE RPC.
 */
import { Component, useState, validate, xml } from "@odoo/owl";
import { DateTime } from "luxon";

import {
    AmcSlaCountdown,
    amcSlaCountdownField,
    extractSlaCountdownProps,
} from "../ts_src/components/sla_countdown/sla_countdown";
import type { SlaCountdownRecord } from "../ts_src/components/sla_countdown/sla_countdown";
import { SLA_CLOCK_SERVICE, SLA_TICK_MS, createSlaClock } from "../ts_src/services/sla_clock";
import type { SlaClockService } from "../ts_src/services/sla_clock";
import { setTranslations } from "./doubles/web/core/l10n/translation";
import { cleanup, flush, mountComponent, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates("ts_src/components/sla_countdown/sla_countdown.xml");
const HOUR = 3_600_000;
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 4, 18, 10, 0); // Monday 12:00 in Stockholm
const CALENDAR = { id: 3, display_name: "Office hours" };

function warningAt(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: "utc" });
}

/** Copy of `fieldRegistry.addValidation(...)` in Odoo 19's web/static/src/views/fields/field.js. */
const FIELD_SCHEMA = {
    component: { validate: (c: unknown) => typeof c === "function" && c.prototype instanceof Component },
    displayName: { type: String, optional: true },
    supportedAttributes: { type: Array, optional: true },
    supportedOptions: { type: Array, optional: true },
    supportedTypes: { type: Array, element: String, optional: true },
    extractProps: { type: Function, optional: true },
    isEmpty: { type: Function, optional: true },
    isValid: { type: Function, optional: true },
    additionalClasses: { type: Array, element: String, optional: true },
    fieldDependencies: { type: [Function, Array], optional: true },
    relatedFields: { type: [Function, Array], optional: true },
    useSubView: { type: Boolean, optional: true },
    label: { type: [String, { value: false }], optional: true },
    listViewWidth: { type: [Number, Array, Function], optional: true },
};

/** Working hours 08–12 and 13–17 (Stockholm, UTC+2 in May) on Monday and Tuesday. */
const INTERVALS: [number, number][] = [
    [Date.UTC(2026, 4, 18, 6), Date.UTC(2026, 4, 18, 10)],
    [Date.UTC(2026, 4, 18, 11), Date.UTC(2026, 4, 18, 15)],
    [Date.UTC(2026, 4, 19, 6), Date.UTC(2026, 4, 19, 10)],
    [Date.UTC(2026, 4, 19, 11), Date.UTC(2026, 4, 19, 15)],
];

function ormDouble() {
    return {
        call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
            const [ids] = args as [number[]];
            return Object.fromEntries(ids.map((id) => [String(id), INTERVALS]));
        }),
    };
}

function record(deadline: number, values: Record<string, unknown> = {}): SlaCountdownRecord {
    return {
        data: {
            sla_response_deadline: DateTime.fromMillis(deadline, { zone: "utc" }),
            sla_calendar_id: CALENDAR,
            // the server warns at 11:00 local (09:00 UTC), before NOW
            sla_response_warning_date: DateTime.fromMillis(Date.UTC(2026, 4, 18, 9, 0), { zone: "utc" }),
            sla_response_clock: "business",
            sla_response_status: "ongoing",
            first_response_date: false,
            resolved_date: false,
            ...values,
        },
    };
}

const PROPS = extractSlaCountdownProps({ name: "sla_response_deadline", options: {} });

/** Stands for Odoo's list renderer: one badge per record. */
class ListDouble extends Component {
    static override template = xml`
        <div class="o_list_double">
            <t t-foreach="state.records" t-as="rec" t-key="rec_index">
                <div class="o_row"><AmcSlaCountdown name="'sla_response_deadline'" record="rec" readonly="true"
                    calendarField="props.calendarField" warningField="props.warningField" clockField="props.clockField"
                    statusField="props.statusField" doneFields="props.doneFields" replanField="props.replanField"/></div>
            </t>
        </div>`;
    static components = { AmcSlaCountdown };
    static override props = ["*"];

    declare state: { records: SlaCountdownRecord[] };

    override setup(): void {
        this.state = useState({ records: this.props.records as SlaCountdownRecord[] });
    }
}

let clock: SlaClockService;
let orm: ReturnType<typeof ormDouble>;
let now = NOW;

async function mountList(records: SlaCountdownRecord[]) {
    orm = ormDouble();
    clock = createSlaClock({ orm, now: () => now });
    const mounted = await mountComponent(ListDouble, {
        templates: TEMPLATES,
        props: { records, ...PROPS },
        env: { services: { [SLA_CLOCK_SERVICE]: clock } },
    });
    await clock.idle();
    await flush();
    return mounted;
}

function badges(target: HTMLElement): HTMLElement[] {
    return [...target.querySelectorAll<HTMLElement>(".o_addon_amc_sla_badge")];
}

beforeEach(() => {
    now = NOW;
});

afterEach(() => {
    cleanup();
    jest.restoreAllMocks();
});

test("the descriptor follows Odoo's field registry contract", () => {
    expect(() => validate(amcSlaCountdownField, FIELD_SCHEMA)).not.toThrow();
    expect(amcSlaCountdownField.component).toBe(AmcSlaCountdown);
    expect(amcSlaCountdownField.supportedTypes).toEqual(["datetime"]);
    expect(AmcSlaCountdown.template).toBe("addon_amc.SlaCountdown");
    expect(PROPS).toEqual({
        calendarField: "sla_calendar_id",
        warningField: "sla_response_warning_date",
        clockField: "sla_response_clock",
        statusField: "sla_response_status",
        doneFields: ["first_response_date", "resolved_date"],
        replanField: "sla_replan_pending",
    });
    expect(extractSlaCountdownProps({ name: "sla_resolution_deadline", options: {} })).toMatchObject({
        statusField: "sla_resolution_status",
        doneFields: ["resolved_date"],
    });
    expect(
        extractSlaCountdownProps({ name: "sla_response_deadline", options: { calendar_field: "calendar_id" } })
            .calendarField,
    ).toBe("calendar_id");
});

test("texts, colours and tooltip of the badges", async () => {
    const { target } = await mountList([
        record(Date.UTC(2026, 4, 18, 14, 13)), // 16:13 today: 4 h 13 m of work left of 8
        record(Date.UTC(2026, 4, 19, 7, 0), { sla_response_warning_date: warningAt(Date.UTC(2026, 4, 19, 6, 0)) }), // 09:00 tomorrow, warned at 08:00
        record(Date.UTC(2026, 4, 18, 8, 55), { sla_response_status: "breached" }), // 10:55 today: overdue
        record(Date.UTC(2026, 4, 19, 7, 0), { sla_response_status: "paused" }),
        record(Date.UTC(2026, 4, 19, 7, 0), { sla_response_status: "met", first_response_date: "x" }),
        record(Date.UTC(2026, 4, 18, 8, 0), { sla_response_status: "breached", resolved_date: "x" }),
        record(Date.UTC(2026, 4, 18, 10, 30), { sla_response_clock: "wall" }),
        record(Date.UTC(2026, 4, 18, 10, 30), { sla_response_deadline: false }),
    ]);
    const all = badges(target);
    // it is 12:00, lunch time: business time is counted from 13:00
    expect(all.map((badge) => textOf(badge))).toEqual([
        "3 h 13 m left",
        "5 h 00 m left",
        "overdue by 1 h 05 m",
        "paused",
        "met",
        "breached",
        "30 m left",
    ]);
    expect(all[0].className).toContain("text-bg-warning"); // past its warning date
    expect(all[1].className).toContain("text-bg-success"); // warned tomorrow only
    expect(all[2].className).toContain("text-bg-danger");
    expect(all[3].className).toContain("text-bg-secondary");
    expect(all[4].className).toContain("text-bg-success");
    expect(all[5].className).toContain("text-bg-danger");
    expect(all[6].className).toContain("text-bg-warning"); // 30 m left, past its warning date
    expect(all[0].dataset.tooltip).toBe("Due 05/18/2026 14:13:00");
    expect(all[7]).toBeUndefined(); // no deadline, no badge
    // one RPC for the one calendar of the screen
    expect(orm.call).toHaveBeenCalledTimes(1);
    // an hour later, the lunch break is over: business badges stood still, the 24/7 one did not
    now += HOUR;
    clock.tick();
    await flush();
    expect(badges(target).map((badge) => textOf(badge))).toEqual([
        "3 h 13 m left",
        "5 h 00 m left",
        "overdue by 1 h 05 m",
        "paused",
        "met",
        "breached",
        "overdue by 30 m",
    ]);
    // one more working hour
    now += HOUR;
    clock.tick();
    await flush();
    expect(badges(target).map((badge) => textOf(badge)).slice(0, 3)).toEqual([
        "2 h 13 m left",
        "4 h 00 m left",
        "overdue by 2 h 05 m",
    ]);
    expect(badges(target)[0].className).toContain("text-bg-warning");
    expect(orm.call).toHaveBeenCalledTimes(1);
});

test("the units are the user's language's, as the rest of the badge", async () => {
    // Swedish, as the module's sv.po translates them
    setTranslations({
        "%(duration)s left": "%(duration)s kvar",
        "overdue by %(duration)s": "försenat med %(duration)s",
        "%(hours)s h %(minutes)s m": "%(hours)s h %(minutes)s min",
        "%(minutes)s m": "%(minutes)s min",
    });
    try {
        const { target } = await mountList([
            record(Date.UTC(2026, 4, 18, 14, 13)),
            record(Date.UTC(2026, 4, 18, 8, 55), { sla_response_status: "breached" }),
            record(Date.UTC(2026, 4, 18, 10, 30), { sla_response_clock: "wall" }),
        ]);
        expect(badges(target).map((badge) => textOf(badge))).toEqual([
            "3 h 13 min kvar",
            "försenat med 1 h 05 min",
            "30 min kvar",
        ]);
    } finally {
        setTranslations({});
    }
});

test("amber from the server's warning date, whatever share of the target is left", async () => {
    // 3 h 13 m of 8 h left: a fixed share would say amber; the server warns at 13:30 local only
    const { target } = await mountList([
        record(Date.UTC(2026, 4, 18, 14, 13), { sla_response_warning_date: warningAt(Date.UTC(2026, 4, 18, 11, 30)) }),
        record(Date.UTC(2026, 4, 18, 14, 13), { sla_response_warning_date: false }),
    ]);
    expect(badges(target)[0].className).toContain("text-bg-success");
    expect(badges(target)[1].className).toContain("text-bg-info"); // no warning date: no colour claimed
    now = Date.UTC(2026, 4, 18, 11, 30);
    clock.tick();
    await flush();
    expect(badges(target)[0].className).toContain("text-bg-warning");
    now = Date.UTC(2026, 4, 18, 14, 13);
    clock.tick();
    await flush();
    expect(badges(target)[0].className).toContain("text-bg-danger");
});

test("the tooltip names the SLA with the field's label", async () => {
    const labelled = { ...record(Date.UTC(2026, 4, 18, 14, 13)), fields: { sla_response_deadline: { string: "Response Due" } } };
    const { target } = await mountList([labelled]);
    expect(badges(target)[0].dataset.tooltip).toBe("Response Due: 05/18/2026 14:13:00");
});

test("500 badges share one timer and one RPC", async () => {
    now = NOW + HOUR; // 13:00, working time
    const setIntervalSpy = jest.spyOn(globalThis, "setInterval");
    const records = Array.from({ length: 500 }, (_, index) =>
        record(now + (index + 1) * MINUTE, {
            sla_calendar_id: index % 2 ? CALENDAR : { id: 4, display_name: "Support hours" },
            sla_response_clock: index % 5 ? "business" : "wall",
        }),
    );
    const started = Date.now();
    const { target } = await mountList(records);
    expect(badges(target)).toHaveLength(500);
    expect(setIntervalSpy.mock.calls.filter(([, delay]) => delay === SLA_TICK_MS)).toHaveLength(1);
    expect(clock.subscriberCount).toBe(500);
    expect(orm.call).toHaveBeenCalledTimes(1);
    expect((orm.call.mock.calls[0][2] as [number[]])[0]).toEqual([3, 4]);
    expect(textOf(badges(target)[9])).toBe("10 m left");
    now += 5 * MINUTE;
    clock.tick();
    await flush();
    expect(textOf(badges(target)[9])).toBe("5 m left");
    expect(textOf(badges(target)[2])).toBe("overdue by 2 m");
    expect(Date.now() - started).toBeLessThan(10_000);
    cleanup();
    expect(clock.subscriberCount).toBe(0);
});

test("a request being re-planned says so instead of counting down a stale deadline", async () => {
    const { target } = await mountList([
        record(NOW + 2 * 3600_000, { sla_replan_pending: true }),
        record(NOW + 2 * 3600_000),
    ]);
    const [replanning, counting] = badges(target);
    expect(replanning.textContent).toBe("re-planning");
    expect(replanning.classList.contains("o_addon_amc_sla_replanning")).toBe(true);
    expect(replanning.classList.contains("text-bg-secondary")).toBe(true);
    expect(counting.textContent).toMatch(/left$/);
});
