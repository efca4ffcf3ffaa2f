import { portalBadgeRecord } from "../ts_src/components/portal_sla_badge/portal_sla_badge";
import { extractSlaCountdownProps } from "../ts_src/components/sla_countdown/sla_countdown";

describe("portal SLA badge", () => {
    const props = {
        deadline: "2026-03-02 09:30:00",
        calendarId: 7,
        warning: "2026-03-02 08:30:00" as string | false,
        replanning: false,
        clock: "business",
        status: "ongoing",
        done: false,
        label: "Response Due",
    };

    test("builds the record the back office's badge reads", () => {
        const record = portalBadgeRecord(props);
        const deadline = record.data.deadline as { toMillis(): number };
        expect(deadline.toMillis()).toBe(Date.UTC(2026, 2, 2, 9, 30, 0));
        expect(record.data.calendar).toBe(7);
        expect((record.data.warning as { toMillis(): number }).toMillis()).toBe(Date.UTC(2026, 2, 2, 8, 30, 0));
        expect(record.data.replan).toBe(false);
        expect(record.data.clock).toBe("business");
        expect(record.data.status).toBe("ongoing");
        expect(record.data.done).toBe(false);
        expect(record.fields?.deadline?.string).toBe("Response Due");
    });

    test("no deadline gives no date", () => {
        expect(portalBadgeRecord({ ...props, deadline: false }).data.deadline).toBe(false);
    });

    test("the field names differ from the back office's, so they are passed explicitly", () => {
        // the back office derives them from the deadline's name; the portal record uses short keys
        const derived = extractSlaCountdownProps({ name: "sla_response_deadline", options: {} });
        expect(derived.warningField).toBe("sla_response_warning_date");
        const record = portalBadgeRecord(props);
        expect(Object.keys(record.data).sort()).toEqual(["calendar", "clock", "deadline", "done", "replan", "status", "warning"]);
    });
});
