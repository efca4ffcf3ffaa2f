import { Component } from "@odoo/owl";
import { formatDateTime } from "@web/core/l10n/dates";
import type { OdooEnv } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { _t } from "../../l10n";
import { CLOCK_BADGE_FIELDS, slaClockBadges } from "../../lib/sla_badges";
import type { SlaClockBadge, SlaClockValues } from "../../lib/sla_badges";
import { AmcSlaCountdown } from "../sla_countdown/sla_countdown";
import type { SlaCountdownRecord } from "../sla_countdown/sla_countdown";

/** What the widget reads of Odoo's Record: the request, its clocks as a static list. */
export interface SlaBadgesRecord {
    data: Record<string, unknown>;
}

export interface SlaBadgesProps {
    id?: string;
    name: string;
    readonly?: boolean;
    record: SlaBadgesRecord;
    calendarField: string;
    replanField: string;
    /** The form shows each deadline beside its badge (options="{'show_deadline': true}"). */
    showDeadline?: boolean;
}

interface ClockList {
    records?: { id?: string; resId?: number; data: Record<string, unknown> }[];
}

/** Icon of each kind of clock, before the countdown. */
const KIND_ICONS: Record<string, string> = {
    response: "fa-reply",
    resolution: "fa-flag-checkered",
    update: "fa-refresh",
};

/**
 * Field widget `amc_sla_badges` on `amc.request.sla_ids`: one countdown badge
 * (`AmcSlaCountdown`, one shared clock service) per SLA clock of the request,
 * response, resolution and update, each with its kind's icon and label.
 */
export class AmcSlaBadges extends Component<SlaBadgesProps, OdooEnv> {
    static override template = "addon_amc.SlaBadges";
    static components = { AmcSlaCountdown };
    static override props = {
        ...standardFieldProps,
        calendarField: { type: String },
        replanField: { type: String },
        showDeadline: { type: Boolean, optional: true },
    };

    readonly countdownFields = CLOCK_BADGE_FIELDS;

    get badges(): SlaClockBadge[] {
        const data = this.props.record.data;
        const list = (data[this.props.name] || {}) as ClockList;
        const clocks = (list.records || []).map((clock) => ({
            id: clock.resId,
            ...(clock.data as unknown as SlaClockValues),
        }));
        return slaClockBadges(clocks, {
            calendar: data[this.props.calendarField],
            replanning: Boolean(data[this.props.replanField]),
        });
    }

    badgeRecord(badge: SlaClockBadge): SlaCountdownRecord {
        return { data: badge.data, fields: { deadline: { string: badge.label } } };
    }

    icon(badge: SlaClockBadge): string {
        return `fa ${KIND_ICONS[badge.kind] ?? "fa-clock-o"} me-1`;
    }

    /** The deadline in the user's time zone, when the view asks for it. */
    deadlineText(badge: SlaClockBadge): string {
        const deadline = badge.data.deadline as Parameters<typeof formatDateTime>[0] | false;
        return this.props.showDeadline && deadline ? formatDateTime(deadline) : "";
    }

    title(badge: SlaClockBadge): string {
        return _t("%(label)s SLA", { label: badge.label });
    }
}

/** Descriptor for `registry.category("fields")`. */
export const amcSlaBadgesField = {
    component: AmcSlaBadges,
    displayName: _t("SLA Badges"),
    supportedTypes: ["one2many"],
    relatedFields: [
        { name: "display_name", type: "char" },
        { name: "kind", type: "selection" },
        { name: "deadline", type: "datetime" },
        { name: "warning_date", type: "datetime" },
        { name: "clock", type: "selection" },
        { name: "status", type: "selection" },
        { name: "done_date", type: "datetime" },
        { name: "shows_badge", type: "boolean" },
    ],
    extractProps({ options }: { options: Record<string, unknown> }) {
        return {
            calendarField: typeof options.calendar_field === "string" ? options.calendar_field : "sla_calendar_id",
            replanField: typeof options.replan_field === "string" ? options.replan_field : "sla_replan_pending",
            showDeadline: Boolean(options.show_deadline),
        };
    },
};
