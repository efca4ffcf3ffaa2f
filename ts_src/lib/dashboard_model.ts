/**
 * Pure (DOM-free, Odoo-free) logic of the AMC dashboard: turns the single
 * `amc.agreement.get_dashboard_data()` RPC result into card / row view-models
 * and builds the `doAction` requests the cards and rows trigger.
 *
 * Only type imports from `@web/*` are allowed here, so this module runs as is
 * in jest's node environment.
 */
import type { ActionOptions, ActionRequest, ActWindowDescription } from "@web/core/utils/hooks";

import { formatFloatTime, formatPercent } from "./format";

export const AGREEMENT_MODEL = "amc.agreement";
export const DASHBOARD_METHOD = "get_dashboard_data";
export const AGREEMENT_ACTION_XMLID = "addon_amc.amc_agreement_action";
export const PACK_MODEL = "amc.hour.pack";
export const PACK_ACTION_XMLID = "addon_amc.amc_hour_pack_action";

/** Agreement states, in the order the server returns them. */
export const AGREEMENT_STATES = ["draft", "active", "expired", "cancelled"] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** Time buckets of amc.time.allocation, in the order the server returns them. */
export const HOUR_BUCKETS = ["maintenance", "first_line", "config", "pack", "billable"] as const;
export type HourBucket = (typeof HOUR_BUCKETS)[number];

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

export interface DashboardHourBucket {
    key: HourBucket;
    /** Already translated by the server. */
    label: string;
    hours: number;
}

export interface DashboardBillableAmount {
    currency_id: number;
    amount: number;
    /** Formatted by the server in the currency, e.g. "2,400.00 kr". */
    formatted: string;
}

export interface DashboardPackAlert {
    /** amc.hour.pack id */
    id: number;
    name: string;
    agreement_id: number;
    agreement_name: string;
    partner_name: string | false;
    /** 0..100 */
    usage_percent: number;
    hours_remaining: number;
}

export interface DashboardForecast {
    /** amc.agreement id */
    id: number;
    name: string;
    hours_remaining: number;
    /** Forecast depletion day, "YYYY-MM-DD". */
    date: string;
    days_left: number;
}

export interface DashboardAgreementRef {
    id: number;
    name: string;
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
    /** First day of the current month, "YYYY-MM-DD". */
    month: string;
    /** This month's hours, always the five buckets in HOUR_BUCKETS order. */
    hours_by_bucket: DashboardHourBucket[];
    /** This month's billable amount per currency (may be empty). */
    billable_amounts: DashboardBillableAmount[];
    /** Active packs past the first usage threshold, most used first, at most 20. */
    pack_alerts: DashboardPackAlert[];
    pack_alert_count: number;
    /** Agreements whose prepaid hours run out within 30 days, soonest first, at most 20. */
    forecasts: DashboardForecast[];
    forecast_count: number;
    /** Agreements that have packs, sorted by name. */
    burndown_agreements: DashboardAgreementRef[];
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

/** Prepaid packs past their usage threshold (search filter `filter_threshold`). */
export function packAlertCardAction(): DashboardActionCall {
    return {
        request: PACK_ACTION_XMLID,
        options: { additionalContext: { search_default_filter_threshold: 1 } },
    };
}

/** Form view of one prepaid pack. */
export function packFormAction(resId: number): DashboardActionCall {
    const request: ActWindowDescription = {
        type: "ir.actions.act_window",
        res_model: PACK_MODEL,
        res_id: resId,
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

export interface HourBucketView {
    key: HourBucket;
    label: string;
    hours: number;
    /** float_time, e.g. "08:30". */
    hoursLabel: string;
    /** Share of the month's hours, 0..100, for the proportion bar. */
    percent: number;
}

export interface HoursCardView {
    /** "YYYY-MM-DD", first day of the month. */
    month: string;
    totalHours: number;
    totalLabel: string;
    buckets: HourBucketView[];
    /** Buckets with hours, for the proportion bar (no zero-width segments). */
    barSegments: HourBucketView[];
}

export interface PackAlertCardView {
    count: number;
    icon: string;
    tone: Tone;
    action: DashboardActionCall;
}

export interface PackAlertRowView {
    id: number;
    name: string;
    agreementName: string;
    partnerName: string;
    usagePercent: number;
    /** e.g. "84 %" */
    usageLabel: string;
    hoursRemaining: number;
    /** float_time */
    hoursLabel: string;
    tone: Tone;
    action: DashboardActionCall;
}

export interface ForecastRowView {
    id: number;
    name: string;
    hoursRemaining: number;
    hoursLabel: string;
    date: string;
    daysLeft: number;
    tone: Tone;
    action: DashboardActionCall;
}

export interface BurndownPanelView {
    agreements: DashboardAgreementRef[];
    /** Agreement charted first: the first forecast's, else the first listed; false without any. */
    defaultAgreementId: number | false;
}

export interface DashboardView {
    isEmpty: boolean;
    total: number;
    stateCards: StateCardView[];
    expiringCard: ExpiringCardView;
    expiringRows: ExpiringRowView[];
    /** Expiring agreements not listed in the table (server sends at most 20). */
    moreExpiringCount: number;
    hoursCard: HoursCardView;
    /** Formatted amounts, one per currency; empty when nothing is billable. */
    billableAmounts: string[];
    packAlertCard: PackAlertCardView;
    packAlertRows: PackAlertRowView[];
    morePackAlertCount: number;
    forecastRows: ForecastRowView[];
    forecastCount: number;
    moreForecastCount: number;
    burndown: BurndownPanelView;
}

/** Usage percent at or above which a pack alert is shown as critical. */
export const PACK_CRITICAL_PERCENT = 95;

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

export function isHourBucket(value: unknown): value is HourBucket {
    return typeof value === "string" && (HOUR_BUCKETS as readonly string[]).includes(value);
}

/** Rounds a percentage to two decimals (CSS widths). */
function roundPercent(value: number): number {
    return Math.round(value * 100) / 100;
}

export function buildHoursCard(month: string, buckets: DashboardHourBucket[]): HoursCardView {
    const known = buckets.filter((bucket) => isHourBucket(bucket.key));
    const total = known.reduce((sum, bucket) => sum + Math.max(bucket.hours, 0), 0);
    const views = known.map((bucket) => ({
        key: bucket.key,
        label: bucket.label,
        hours: bucket.hours,
        hoursLabel: formatFloatTime(bucket.hours),
        percent: total > 0 ? roundPercent((100 * Math.max(bucket.hours, 0)) / total) : 0,
    }));
    return {
        month,
        totalHours: total,
        totalLabel: formatFloatTime(total),
        buckets: views,
        barSegments: views.filter((bucket) => bucket.percent > 0),
    };
}

export function packAlertTone(usagePercent: number, hoursRemaining: number): Tone {
    return usagePercent >= PACK_CRITICAL_PERCENT || hoursRemaining <= 0 ? "danger" : "warning";
}

export function buildPackAlertRows(rows: DashboardPackAlert[]): PackAlertRowView[] {
    return rows.map((row) => ({
        id: row.id,
        name: row.name,
        agreementName: row.agreement_name,
        partnerName: row.partner_name || "",
        usagePercent: row.usage_percent,
        usageLabel: formatPercent(row.usage_percent),
        hoursRemaining: row.hours_remaining,
        hoursLabel: formatFloatTime(row.hours_remaining),
        tone: packAlertTone(row.usage_percent, row.hours_remaining),
        action: packFormAction(row.id),
    }));
}

export function buildForecastRows(rows: DashboardForecast[]): ForecastRowView[] {
    return rows.map((row) => ({
        id: row.id,
        name: row.name,
        hoursRemaining: row.hours_remaining,
        hoursLabel: formatFloatTime(row.hours_remaining),
        date: row.date,
        daysLeft: row.days_left,
        tone: daysLeftTone(row.days_left),
        action: agreementFormAction(row.id),
    }));
}

export function buildBurndownPanel(
    agreements: DashboardAgreementRef[],
    forecasts: DashboardForecast[],
): BurndownPanelView {
    const listed = new Set(agreements.map((agreement) => agreement.id));
    const forecastId = forecasts.find((forecast) => listed.has(forecast.id))?.id;
    return {
        agreements,
        defaultAgreementId: forecastId ?? agreements[0]?.id ?? false,
    };
}

export function buildDashboardView(data: DashboardData): DashboardView {
    const expiringRows = buildExpiringRows(data.expiring);
    const packAlertRows = buildPackAlertRows(data.pack_alerts);
    const forecastRows = buildForecastRows(data.forecasts);
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
        hoursCard: buildHoursCard(data.month, data.hours_by_bucket),
        billableAmounts: data.billable_amounts.map((row) => row.formatted),
        packAlertCard: {
            count: data.pack_alert_count,
            icon: "fa-battery-quarter",
            // also a badge colour: "muted" is no Bootstrap text-bg-* class
            tone: data.pack_alert_count > 0 ? "danger" : "secondary",
            action: packAlertCardAction(),
        },
        packAlertRows,
        morePackAlertCount: Math.max(0, data.pack_alert_count - packAlertRows.length),
        forecastRows,
        forecastCount: data.forecast_count,
        moreForecastCount: Math.max(0, data.forecast_count - forecastRows.length),
        burndown: buildBurndownPanel(data.burndown_agreements, data.forecasts),
    };
}
