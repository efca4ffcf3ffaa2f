/**
 * Pure (DOM-free, Odoo-free) logic of the AMC dashboard: turns the single
 * `amc.agreement.get_dashboard_data()` RPC result into card / row view-models
 * and builds the `doAction` requests the cards and rows trigger.
 *
 * Only type imports from `@web/*` are allowed here, so this module runs as is
 * in jest's node environment.
 */
import type { ActionOptions, ActionRequest, ActWindowDescription } from "@web/core/utils/hooks";

export const AGREEMENT_MODEL = "amc.agreement";
export const DASHBOARD_METHOD = "get_dashboard_data";
export const AGREEMENT_ACTION_XMLID = "addon_amc.amc_agreement_action";

/** Agreement states, in the order the server returns them. */
export const AGREEMENT_STATES = ["draft", "active", "expired", "cancelled"] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

// ---------------------------------------------------------------------------
// RPC contract of amc.agreement.get_dashboard_data()
// ---------------------------------------------------------------------------

export interface DashboardStateCount {
    key: AgreementState;
    /** Already translated by the server. */
    label: string;
    count: number;
}

export interface ExpiringAgreement {
    id: number;
    name: string;
    partner_name: string | false;
    /** Server date, "YYYY-MM-DD". */
    date_end: string;
    days_left: number;
    user_name: string | false;
}

export interface DashboardData {
    /** Always the four states, in AGREEMENT_STATES order. */
    states: DashboardStateCount[];
    total: number;
    expiring_days: number;
    /** Sorted by date_end, at most 20. */
    expiring: ExpiringAgreement[];
    /** Total number expiring; can exceed `expiring.length`. */
    expiring_count: number;
}

// ---------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------

export interface DashboardActionCall {
    request: ActionRequest;
    options?: ActionOptions;
}

/** Agreement list filtered on one state (search filter `filter_state_<key>`). */
export function stateCardAction(state: AgreementState): DashboardActionCall {
    return {
        request: AGREEMENT_ACTION_XMLID,
        options: { additionalContext: { [`search_default_filter_state_${state}`]: 1 } },
    };
}

/** Agreement list filtered on the "expiring soon" search filter. */
export function expiringCardAction(): DashboardActionCall {
    return {
        request: AGREEMENT_ACTION_XMLID,
        options: { additionalContext: { search_default_filter_expiring_soon: 1 } },
    };
}

/** Form view of one agreement. */
export function agreementFormAction(resId: number): DashboardActionCall {
    const request: ActWindowDescription = {
        type: "ir.actions.act_window",
        res_model: AGREEMENT_MODEL,
        res_id: resId,
        views: [[false, "form"]],
        target: "current",
    };
    return { request };
}

/** Form view of a new agreement (empty-state button). */
export function newAgreementAction(): DashboardActionCall {
    const request: ActWindowDescription = {
        type: "ir.actions.act_window",
        res_model: AGREEMENT_MODEL,
        views: [[false, "form"]],
        target: "current",
    };
    return { request };
}

// ---------------------------------------------------------------------------
// View-models
// ---------------------------------------------------------------------------

/** Bootstrap contextual colour used for a card or a badge. */
export type Tone = "secondary" | "success" | "warning" | "danger" | "info" | "muted";

export interface StateCardView {
    key: AgreementState;
    label: string;
    count: number;
    /** Font Awesome 4 icon class (Odoo 19 ships FA 4.7). */
    icon: string;
    tone: Tone;
    action: DashboardActionCall;
}

export interface ExpiringCardView {
    days: number;
    count: number;
    icon: string;
    tone: Tone;
    action: DashboardActionCall;
}

export interface ExpiringRowView {
    id: number;
    name: string;
    partnerName: string;
    dateEnd: string;
    daysLeft: number;
    userName: string;
    tone: Tone;
    action: DashboardActionCall;
}

export interface DashboardView {
    isEmpty: boolean;
    total: number;
    stateCards: StateCardView[];
    expiringCard: ExpiringCardView;
    expiringRows: ExpiringRowView[];
    /** Expiring agreements not listed in the table (server sends at most 20). */
    moreExpiringCount: number;
}

const STATE_LOOK: Record<AgreementState, { icon: string; tone: Tone }> = {
    draft: { icon: "fa-pencil-square-o", tone: "secondary" },
    active: { icon: "fa-check-circle", tone: "success" },
    expired: { icon: "fa-hourglass-end", tone: "danger" },
    cancelled: { icon: "fa-ban", tone: "muted" },
};

export function isAgreementState(value: unknown): value is AgreementState {
    return typeof value === "string" && (AGREEMENT_STATES as readonly string[]).includes(value);
}

/** Colour of a "days left" badge: a week or less is urgent, a month is a warning. */
export function daysLeftTone(daysLeft: number): Tone {
    if (daysLeft <= 7) {
        return "danger";
    }
    if (daysLeft <= 30) {
        return "warning";
    }
    return "info";
}

export function buildStateCards(states: DashboardStateCount[]): StateCardView[] {
    return states
        .filter((s) => isAgreementState(s.key))
        .map((s) => ({
            key: s.key,
            label: s.label,
            count: s.count,
            icon: STATE_LOOK[s.key].icon,
            tone: STATE_LOOK[s.key].tone,
            action: stateCardAction(s.key),
        }));
}

export function buildExpiringRows(rows: ExpiringAgreement[]): ExpiringRowView[] {
    return rows.map((row) => ({
        id: row.id,
        name: row.name,
        partnerName: row.partner_name || "",
        dateEnd: row.date_end,
        daysLeft: row.days_left,
        userName: row.user_name || "",
        tone: daysLeftTone(row.days_left),
        action: agreementFormAction(row.id),
    }));
}

export function buildDashboardView(data: DashboardData): DashboardView {
    const expiringRows = buildExpiringRows(data.expiring);
    return {
        isEmpty: data.total === 0,
        total: data.total,
        stateCards: buildStateCards(data.states),
        expiringCard: {
            days: data.expiring_days,
            count: data.expiring_count,
            icon: "fa-clock-o",
            tone: data.expiring_count > 0 ? "warning" : "muted",
            action: expiringCardAction(),
        },
        expiringRows,
        moreExpiringCount: Math.max(0, data.expiring_count - expiringRows.length),
    };
}
