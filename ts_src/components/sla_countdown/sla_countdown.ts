import { Component, onMounted, onWillUnmount, useState } from "@odoo/owl";
import { formatDateTime } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import type { OdooEnv } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import type { DateTime } from "luxon";

import { _t } from "../../l10n";
import { describeSla } from "../../lib/sla_time";
import type { Coverage, DurationParts, SlaBadgeState, SlaClock, SlaStatus } from "../../lib/sla_time";
import { SLA_CLOCK_SERVICE } from "../../services/sla_clock";
import type { SlaClockService, SlaClockState } from "../../services/sla_clock";
import { many2oneId } from "../../lib/odoo_values";

/**
 * "2 h 13 m", "1 h 05 m", "45 m", the units in the user's language (Swedish: "2 h 13 min").
 */
export function formatDuration(parts: DurationParts | null): string {
    if (!parts) {
        return "";
    }
    if (!parts.hours) {
        return _t("%(minutes)s m", { minutes: parts.minutes });
    }
    return _t("%(hours)s h %(minutes)s m", { hours: parts.hours, minutes: String(parts.minutes).padStart(2, "0") });
}

/** What the badge reads of Odoo's Record (web/static/src/model/relational_model/record.js). */
export interface SlaCountdownRecord {
    data: Record<string, unknown>;
    /** Field descriptions; the label names the SLA in the tooltip. */
    fields?: Record<string, { string?: string }>;
}

export interface SlaCountdownProps {
    id?: string;
    name: string;
    readonly?: boolean;
    record: SlaCountdownRecord;
    /** many2one to resource.calendar: whose working hours count. */
    calendarField: string;
    /** Datetime: when the server warns (the badge turns amber then). */
    warningField: string;
    /** Selection wall / business. */
    clockField: string;
    /** Selection ongoing / paused / met / breached. */
    statusField: string;
    /** Datetimes that end the SLA (the response or the resolution). */
    doneFields: string[];
    /** Boolean: the server is planning the deadlines again (the deadline shown is stale). */
    replanField: string;
}

const TONE_CLASSES: Record<string, string> = {
    success: "text-bg-success",
    warning: "text-bg-warning",
    danger: "text-bg-danger",
    muted: "text-bg-secondary",
    info: "text-bg-info",
};


function isDateTime(value: unknown): value is DateTime {
    return Boolean(value) && typeof (value as DateTime).toMillis === "function";
}

/**
 * Field widget `amc_sla_countdown` on `sla_response_deadline` /
 * `sla_resolution_deadline`: "2 h 13 m left", "overdue by 1 h 05 m",
 * "paused", "met" or "breached"; amber from the warning date the server
 * stored, red when overdue.
 * Business time is counted in the browser on the calendar's working
 * intervals (shared service `amc_sla_clock`: one timer and one batched RPC
 * for all the badges of the page). The tooltip is the exact deadline in
 * the user's time zone.
 */
export class AmcSlaCountdown extends Component<SlaCountdownProps, OdooEnv> {
    static override template = "addon_amc.SlaCountdown";
    static override props = {
        ...standardFieldProps,
        calendarField: { type: String },
        warningField: { type: String },
        clockField: { type: String },
        statusField: { type: String },
        doneFields: { type: Array, element: String },
        replanField: { type: String },
    };

    declare clock: SlaClockService;
    declare clockState: SlaClockState;

    override setup(): void {
        this.clock = useService(SLA_CLOCK_SERVICE) as SlaClockService;
        this.clockState = useState(this.clock.state);
        let unsubscribe: (() => void) | null = null;
        onMounted(() => {
            unsubscribe = this.clock.subscribe();
        });
        onWillUnmount(() => unsubscribe?.());
    }

    get deadline(): DateTime | null {
        const value = this.props.record.data[this.props.name];
        return isDateTime(value) ? value : null;
    }

    get badge(): SlaBadgeState | null {
        const deadline = this.deadline;
        if (!deadline) {
            return null;
        }
        const data = this.props.record.data;
        if (data[this.props.replanField]) {
            // the server has not planned the new deadline yet: never count down a stale one
            return { kind: "replanning", tone: "muted", duration: null, running: false };
        }
        const status = (data[this.props.statusField] || false) as SlaStatus | false;
        const clock = (data[this.props.clockField] || false) as SlaClock | false;
        const warning = data[this.props.warningField];
        const done = this.props.doneFields.some((field) => Boolean(data[field]));
        // finished and paused badges do not read the clock, so a tick does not render them
        const running = !done && status !== "paused" && status !== "met";
        const calendarId = many2oneId(data[this.props.calendarField]);
        let coverage: Coverage | undefined;
        if (running && clock !== "wall" && calendarId) {
            this.clock.coverage(calendarId); // asks for the calendar's intervals if they are missing
            coverage = this.clockState.coverages[calendarId]; // read through useState: renders when they arrive
        }
        return describeSla({
            status,
            clock,
            deadline: deadline.toMillis(),
            now: running ? this.clockState.now : 0,
            warning: isDateTime(warning) ? warning.toMillis() : null,
            done,
            coverage,
        });
    }

    get formattedDeadline(): string {
        return formatDateTime(this.deadline);
    }

    get text(): string {
        const badge = this.badge;
        if (!badge) {
            return "";
        }
        switch (badge.kind) {
            case "left":
                return _t("%(duration)s left", { duration: formatDuration(badge.duration) });
            case "overdue":
                return _t("overdue by %(duration)s", { duration: formatDuration(badge.duration) });
            case "paused":
                return _t("paused");
            case "met":
                return _t("met");
            case "breached":
                return _t("breached");
            case "replanning":
                return _t("re-planning");
            default:
                return _t("due %(date)s", { date: this.formattedDeadline });
        }
    }

    /** "Response Due: 05/18/2026 16:13:00", in the user's time zone. */
    get tooltip(): string {
        if (!this.deadline) {
            return "";
        }
        const label = this.props.record.fields?.[this.props.name]?.string;
        return label
            ? _t("%(label)s: %(date)s", { label, date: this.formattedDeadline })
            : _t("Due %(date)s", { date: this.formattedDeadline });
    }

    get className(): string {
        const badge = this.badge;
        const tone = badge ? TONE_CLASSES[badge.tone] : "";
        return `o_addon_amc_sla_badge badge rounded-pill ${tone} o_addon_amc_sla_${badge?.kind ?? "none"}`;
    }
}

interface FieldInfo {
    name: string;
    options: Record<string, unknown>;
}

/** The record fields a badge reads, from the deadline's name (`sla_response_deadline` -> `sla_response_*`). */
export function extractSlaCountdownProps({ name, options }: FieldInfo): Omit<SlaCountdownProps, keyof typeof standardFieldProps> {
    const base = name.replace(/_deadline$/, "");
    const option = (key: string, fallback: string) => (typeof options[key] === "string" ? (options[key] as string) : fallback);
    const doneFields = Array.isArray(options.done_fields)
        ? (options.done_fields as string[])
        : base === "sla_response"
          ? ["first_response_date", "resolved_date"]
          : ["resolved_date"];
    return {
        calendarField: option("calendar_field", "sla_calendar_id"),
        warningField: option("warning_field", `${base}_warning_date`),
        clockField: option("clock_field", `${base}_clock`),
        statusField: option("status_field", `${base}_status`),
        doneFields,
        replanField: option("replan_field", "sla_replan_pending"),
    };
}

/** Descriptor for `registry.category("fields")` (validated by web/static/src/views/fields/field.js). */
export const amcSlaCountdownField = {
    component: AmcSlaCountdown,
    displayName: _t("SLA Countdown"),
    supportedTypes: ["datetime"],
    extractProps: extractSlaCountdownProps,
};
