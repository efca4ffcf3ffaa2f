import { Component } from "@odoo/owl";
import { deserializeDateTime } from "@web/core/l10n/dates";
import type { OdooEnv } from "@web/core/utils/hooks";

import { AmcSlaCountdown } from "../sla_countdown/sla_countdown";
import type { SlaCountdownRecord } from "../sla_countdown/sla_countdown";

/** What the portal page gives the badge (amc.request._portal_sla_badge_props). */
export interface PortalSlaBadgeProps {
    /** UTC "YYYY-MM-DD HH:MM:SS", as Odoo stores datetimes. */
    deadline: string | false;
    calendarId: number | false;
    /** UTC "YYYY-MM-DD HH:MM:SS": when the server warns (the badge turns amber), or false. */
    warning: string | false;
    /** The server is planning the deadlines again. */
    replanning: boolean;
    clock: string | false;
    status: string | false;
    /** The SLA is over (responded to, or resolved). */
    done: boolean;
    /** The deadline's label, for the tooltip. */
    label: string;
}

/** The record the back office's badge reads, built from the portal's props. */
export function portalBadgeRecord(props: PortalSlaBadgeProps): SlaCountdownRecord {
    return {
        data: {
            deadline: props.deadline ? deserializeDateTime(props.deadline) : false,
            calendar: props.calendarId,
            warning: props.warning ? deserializeDateTime(props.warning) : false,
            replan: props.replanning,
            clock: props.clock,
            status: props.status,
            done: props.done,
        },
        fields: { deadline: { string: props.label } },
    };
}

/**
 * The back office's SLA countdown badge (`AmcSlaCountdown`) on the customer
 * portal: same component, same shared clock service, same business-time
 * countdown; the record comes from the page instead of a view.
 */
export class AmcPortalSlaBadge extends Component<PortalSlaBadgeProps, OdooEnv> {
    static override template = "addon_amc.PortalSlaBadge";
    static components = { AmcSlaCountdown };
    static override props = {
        deadline: { type: [String, Boolean] },
        calendarId: { type: [Number, Boolean] },
        warning: { type: [String, Boolean] },
        replanning: { type: Boolean },
        clock: { type: [String, Boolean] },
        status: { type: [String, Boolean] },
        done: { type: Boolean },
        label: { type: String },
    };

    get record(): SlaCountdownRecord {
        return portalBadgeRecord(this.props);
    }
}
