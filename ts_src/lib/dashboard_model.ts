/**
 * Pure (DOM-free) logic of the AMC dashboard: turns the single
 * `amc.agreement.get_dashboard_data()` RPC result into card / row view-models
 * and builds the `doAction` requests the cards and rows trigger.
 *
 * The only run-time import from `@web/*` is Odoo's DOM-free `formatFloatTime`
 * (a jest double in test/doubles/web/ stands for it), so this module runs in
 * jest's node environment.
 */
import type { ActionOptions, ActionRequest, ActWindowDescription } from "@web/core/utils/hooks";
import { formatFloatTime } from "@web/views/fields/formatters";

import { formatPercent } from "./format";
import { BUCKETS } from "./selections";
import type { Bucket } from "./selections";

export const AGREEMENT_MODEL = "amc.agreement";
export const DASHBOARD_METHOD = "get_dashboard_data";
export const AGREEMENT_ACTION_XMLID = "addon_amc.amc_agreement_action";
export const PACK_MODEL = "amc.hour.pack";
export const PACK_ACTION_XMLID = "addon_amc.amc_hour_pack_action";
export const REQUEST_ACTION_XMLID = "addon_amc.amc_request_action";
export const SCOPE_OVERRIDE_ACTION_XMLID = "addon_amc.amc_scope_override_action";
export const HEALTH_CHECK_MODEL = "amc.health.check";
export const HEALTH_CHECK_ACTION_XMLID = "addon_amc.amc_health_check_action";
export const INSTANCE_ACTION_XMLID = "addon_amc.amc_instance_action";
export const PATCH_ACTION_XMLID = "addon_amc.amc_patch_action";
export const UPGRADE_PLAN_ACTION_XMLID = "addon_amc.amc_upgrade_plan_action";
export const STATEMENT_ACTION_XMLID = "addon_amc.amc_statement_action";

/** Agreement states, in the order the server returns them. */
export const AGREEMENT_STATES = ["draft", "active", "expired", "cancelled"] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** Time buckets of amc.time.allocation, in the order the server returns them. */
/** The billing buckets, in allocation order (generated from billing.BUCKET_SELECTION). */
export const HOUR_BUCKETS = BUCKETS;
export type HourBucket = Bucket;

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

/** `satisfaction` (amc_request_portal.py): customer ratings given over the last `days` days. */
export interface DashboardSatisfaction {
    days: number;
    /** Ratings given. */
    count: number;
    /** Ratings of the top grade ("satisfied"). */
    happy: number;
    /** Share of satisfied ratings, one decimal; null when no rating was given. */
    percent: number | null;
}

/** `sla` (amc_agreement_sla.py): SLAs measured over the last `days` days. */
export interface DashboardSla {
    days: number;
    /** Share of SLAs met, one decimal; null when nothing was measured. */
    compliance_percent: number | null;
    met: number;
    breached: number;
    /** Open requests past an SLA warning date, before its deadline. */
    at_risk: number;
    /** Open requests with an SLA breached. */
    open_breached: number;
}

export interface DashboardScopeCount {
    /** Selection value of amc.request.scope. */
    key: string;
    /** Already translated by the server. */
    label: string;
    count: number;
}

export interface DashboardOverriddenRule {
    /** amc.scope.rule id; false for overrides of requests no rule classified. */
    rule_id: number | false;
    category: string | false;
    count: number;
}

/** `scope` (amc_agreement_scope.py). */
export interface DashboardScope {
    days: number;
    /** Open requests whose scope needs review. */
    needs_review: number;
    /** Open requests per scope, every scope in selection order. */
    open_by_scope: DashboardScopeCount[];
    /** Scope overrides in the last `days` days. */
    override_count: number;
    /** Most overridden rules, at most 5. */
    top_overridden: DashboardOverriddenRule[];
}

export const HEALTH_RESULTS = ["pass", "warn", "fail"] as const;
export type HealthResult = (typeof HEALTH_RESULTS)[number];

export interface DashboardHealthCheck {
    /** amc.health.check id */
    id: number;
    agreement_id: number;
    agreement_name: string;
    /** Server datetime in UTC, "YYYY-MM-DD HH:MM:SS". */
    date: string;
    result: HealthResult | false;
    fail_count: number;
    warn_count: number;
}

export interface DashboardHealthDue {
    agreement_id: number;
    agreement_name: string;
    /** Next scheduled check, "YYYY-MM-DD". */
    date: string;
    /** Negative when overdue. */
    days_left: number;
    overdue: boolean;
    /** health_check_interval: "month" | "quarter". */
    interval: string;
}

/** `health` (amc_agreement_ops.py). */
export interface DashboardHealth {
    /** Each agreement's last done check, worst first, at most 20. */
    last: DashboardHealthCheck[];
    /** Agreements whose last check failed. */
    failures: number;
    /** Next scheduled checks, soonest first, at most 20. */
    next_due: DashboardHealthDue[];
}

/** `patches` (amc_agreement_ops.py). */
export interface DashboardPatches {
    overdue: number;
    due_soon: number;
    /** Patches applied on time over 12 months, one decimal; null without any. */
    compliance_percent: number | null;
}

export interface DashboardVersionInstance {
    /** Odoo series this server runs, e.g. "19.0"; false when not in the versions list. */
    series: string | false;
    /** "YYYY-MM-DD" */
    end_of_support: string | false;
    days_left: number | false;
    /** maintenance.runway_status by the Settings' runway window; false without an end of support. */
    status: RunwayStatus | false;
}

/** `fail` once support has ended, `warn` within the runway window, else `pass`. */
export type RunwayStatus = "pass" | "warn" | "fail";

export interface DashboardVersionRunway {
    agreement_id: number;
    agreement_name: string;
    partner_name: string | false;
    series: string;
    /** "YYYY-MM-DD" */
    end_of_support: string;
    /** Negative once support has ended. */
    days_left: number;
    status: RunwayStatus;
    /** An open (draft or in progress) upgrade plan exists. */
    has_plan: boolean;
    warning: boolean;
}

/** `versions` (amc_agreement_ops.py). */
export interface DashboardVersions {
    window_days: number;
    instance: DashboardVersionInstance;
    /** Active agreements whose series support ends within the window, soonest first, at most 20. */
    runway: DashboardVersionRunway[];
    /** Those of them without an open upgrade plan. */
    plans_due: number;
}

/** `instances` (amc_instance.py): counts of the customers' reporting databases. */
export interface DashboardInstances {
    reporting: number;
    silent: number;
    /** Instances whose lines in their agreement's latest health check include a failure. */
    failing: number;
    waiting: number;
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
    /** Pack alert thresholds from Settings (Settings → Support → Pack alerts), as sorted fractions, e.g. [0.8, 0.95]. */
    pack_thresholds: number[];
    /** Agreements whose prepaid hours run out within 30 days, soonest first, at most 20. */
    forecasts: DashboardForecast[];
    forecast_count: number;
    /** Agreements that have packs, sorted by name. */
    burndown_agreements: DashboardAgreementRef[];
    // Sections added by later features: optional, an older server leaves them out.
    sla?: DashboardSla;
    scope?: DashboardScope;
    health?: DashboardHealth;
    patches?: DashboardPatches;
    versions?: DashboardVersions;
    instances?: DashboardInstances;
    satisfaction?: DashboardSatisfaction;
    to_invoice?: DashboardToInvoice;
}

/** One agreement with closed months not invoiced yet (amc_agreement_invoicing.py). */
export interface DashboardToInvoiceAgreement {
    id: number;
    name: string;
    amount: number;
    formatted: string;
    /** Months not invoiced. */
    months: number;
}

/** `to_invoice` (amc_agreement_invoicing.py): closed months not invoiced yet. */
export interface DashboardToInvoice {
    /** Total per currency. */
    amounts: DashboardBillableAmount[];
    statement_count: number;
    agreement_count: number;
    /** The largest amounts per agreement, at most 5. */
    agreements: DashboardToInvoiceAgreement[];
    /** "YYYY-MM-DD": the current month, the first one not counted. */
    month: string;
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

/**
 * Agreement list filtered on the "expiring soon" search filter: the server
 * searches it over the same window of Settings as the dashboard.
 */
export function expiringCardAction(): DashboardActionCall {
    return {
        request: AGREEMENT_ACTION_XMLID,
        options: { additionalContext: { search_default_filter_expiring_soon: 1 } },
    };
}

/** Form view of one record in the current window. */
function formAction(resModel: string, resId: number): DashboardActionCall {
    const request: ActWindowDescription = {
        type: "ir.actions.act_window",
        res_model: resModel,
        res_id: resId,
        views: [[false, "form"]],
        target: "current",
    };
    return { request };
}

/** Form view of one agreement. */
export function agreementFormAction(resId: number): DashboardActionCall {
    return formAction(AGREEMENT_MODEL, resId);
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
    return formAction(PACK_MODEL, resId);
}

/** A list action (by xml id) with one search filter on by default. */
function filteredListAction(xmlid: string, filter: string): DashboardActionCall {
    return { request: xmlid, options: { additionalContext: { [`search_default_${filter}`]: 1 } } };
}

/** Requests with an SLA breached (search filter `filter_sla_breached`). */
export function slaBreachedAction(): DashboardActionCall {
    return filteredListAction(REQUEST_ACTION_XMLID, "filter_sla_breached");
}

/** Requests whose scope needs review (search filter `filter_needs_review`). */
export function needsReviewAction(): DashboardActionCall {
    return filteredListAction(REQUEST_ACTION_XMLID, "filter_needs_review");
}

/** Scope overrides of the last 30 days (search filter `filter_last_30_days`), like the card. */
export function scopeOverridesAction(): DashboardActionCall {
    return filteredListAction(SCOPE_OVERRIDE_ACTION_XMLID, "filter_last_30_days");
}

/** Failed health checks (search filter `filter_fail`). */
export function healthFailuresAction(): DashboardActionCall {
    return filteredListAction(HEALTH_CHECK_ACTION_XMLID, "filter_fail");
}

/** Form view of one health check. */
export function healthCheckFormAction(resId: number): DashboardActionCall {
    return formAction(HEALTH_CHECK_MODEL, resId);
}

/** Overdue patches (search filter `filter_overdue`). */
export function patchesOverdueAction(): DashboardActionCall {
    return filteredListAction(PATCH_ACTION_XMLID, "filter_overdue");
}

/** Patches still to apply (search filter `filter_todo`). */
export function patchesDueSoonAction(): DashboardActionCall {
    return filteredListAction(PATCH_ACTION_XMLID, "filter_todo");
}

/** Statements of closed months not invoiced yet (search filter `filter_to_invoice`). */
export function toInvoiceAction(): DashboardActionCall {
    return filteredListAction(STATEMENT_ACTION_XMLID, "filter_to_invoice");
}

/** Statements of one agreement still to invoice. */
export function toInvoiceAgreementAction(agreementId: number): DashboardActionCall {
    return {
        request: STATEMENT_ACTION_XMLID,
        options: { additionalContext: { search_default_filter_to_invoice: 1, search_default_agreement_id: agreementId } },
    };
}

/** Upgrade plans (the action opens on its open ones). */
export function upgradePlansAction(): DashboardActionCall {
    return { request: UPGRADE_PLAN_ACTION_XMLID };
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

export interface SlaCardView {
    days: number;
    compliancePercent: number | null;
    /** e.g. "93 %", "\u2014" when nothing was measured. */
    complianceLabel: string;
    tone: Tone;
    met: number;
    breached: number;
    atRisk: number;
    atRiskTone: Tone;
    openBreached: number;
    openBreachedTone: Tone;
    action: DashboardActionCall;
}

export interface SatisfactionCardView {
    days: number;
    count: number;
    happy: number;
    /** e.g. "92 %", "\u2014" without ratings. */
    percentLabel: string;
    tone: Tone;
}

export interface OverriddenRuleView {
    /** t-key: the rule id, "none" for overrides without a rule. */
    key: string;
    ruleId: number | false;
    /** "" when the rule has no category. */
    category: string;
    count: number;
}

export interface ScopeCardView {
    days: number;
    needsReview: number;
    needsReviewTone: Tone;
    needsReviewAction: DashboardActionCall;
    openByScope: DashboardScopeCount[];
    overrideCount: number;
    topOverridden: OverriddenRuleView[];
    overridesAction: DashboardActionCall;
}

export interface HealthResultRowView {
    id: number;
    agreementId: number;
    agreementName: string;
    /** Server datetime (UTC). */
    date: string;
    result: HealthResult | false;
    tone: Tone;
    failCount: number;
    warnCount: number;
    action: DashboardActionCall;
}

export interface HealthDueRowView {
    agreementId: number;
    agreementName: string;
    date: string;
    daysLeft: number;
    overdue: boolean;
    interval: string;
    tone: Tone;
    action: DashboardActionCall;
}

export interface HealthCardView {
    failures: number;
    tone: Tone;
    action: DashboardActionCall;
    lastRows: HealthResultRowView[];
    dueRows: HealthDueRowView[];
}

export interface ToInvoiceRowView {
    id: number;
    name: string;
    amountLabel: string;
    months: number;
    action: DashboardActionCall;
}

export interface ToInvoiceCardView {
    amountLabels: string[];
    statementCount: number;
    agreementCount: number;
    tone: Tone;
    action: DashboardActionCall;
    rows: ToInvoiceRowView[];
}

export interface InstanceStatView {
    key: "reporting" | "silent" | "failing";
    count: number;
    tone: Tone;
    action: DashboardActionCall;
}

export interface InstancesCardView {
    stats: InstanceStatView[];
    waiting: number;
    action: DashboardActionCall;
}

export interface PatchesCardView {
    overdue: number;
    overdueTone: Tone;
    overdueAction: DashboardActionCall;
    dueSoon: number;
    dueSoonTone: Tone;
    dueSoonAction: DashboardActionCall;
    compliancePercent: number | null;
    complianceLabel: string;
    complianceTone: Tone;
}

export interface VersionInstanceView {
    series: string;
    endOfSupport: string | false;
    /** null when the end of support is unknown. */
    daysLeft: number | null;
    tone: Tone;
}

export interface VersionRunwayRowView {
    agreementId: number;
    agreementName: string;
    partnerName: string;
    series: string;
    endOfSupport: string;
    daysLeft: number;
    hasPlan: boolean;
    /** Show the "no upgrade plan" warning badge. */
    warning: boolean;
    tone: Tone;
    action: DashboardActionCall;
}

export interface VersionsCardView {
    windowDays: number;
    /** null when this server's series is not in the versions list. */
    instance: VersionInstanceView | null;
    runwayRows: VersionRunwayRowView[];
    plansDue: number;
    plansDueTone: Tone;
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
    /** Sections the server did not send are null: their cards are not shown. */
    sla: SlaCardView | null;
    scope: ScopeCardView | null;
    health: HealthCardView | null;
    patches: PatchesCardView | null;
    versions: VersionsCardView | null;
    toInvoice: ToInvoiceCardView | null;
    satisfaction: SatisfactionCardView | null;
    instances: InstancesCardView | null;
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

export function packAlertTone(usagePercent: number, hoursRemaining: number, criticalPercent: number): Tone {
    return usagePercent >= criticalPercent || hoursRemaining <= 0 ? "danger" : "warning";
}

/** The highest threshold of Settings, as a percent (the server sends fractions, at least one). */
export function criticalPercent(thresholds: number[]): number {
    return Math.max(...thresholds) * 100;
}

export function buildPackAlertRows(rows: DashboardPackAlert[], critical: number): PackAlertRowView[] {
    return rows.map((row) => ({
        id: row.id,
        name: row.name,
        agreementName: row.agreement_name,
        partnerName: row.partner_name || "",
        usagePercent: row.usage_percent,
        usageLabel: formatPercent(row.usage_percent),
        hoursRemaining: row.hours_remaining,
        hoursLabel: formatFloatTime(row.hours_remaining),
        tone: packAlertTone(row.usage_percent, row.hours_remaining, critical),
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

// -- SLA, scope, health, patches, versions -----------------------------------

/** Compliance at or above which it is shown as good, and below which as poor. */
export const COMPLIANCE_GOOD_PERCENT = 95;
export const COMPLIANCE_POOR_PERCENT = 80;
/** Shown when nothing was measured. */
export const NO_VALUE_LABEL = "\u2014";

export function complianceTone(percent: number | null | undefined): Tone {
    if (percent === null || percent === undefined || !Number.isFinite(percent)) {
        return "secondary";
    }
    if (percent >= COMPLIANCE_GOOD_PERCENT) {
        return "success";
    }
    return percent >= COMPLIANCE_POOR_PERCENT ? "warning" : "danger";
}

/**
 * A compliance percentage, whole: "93 %", or "\u2014" when null. Never rounded
 * up to "100 %" while something was missed, nor down to "0 %" while something was met.
 */
export function complianceLabel(percent: number | null | undefined): string {
    if (percent === null || percent === undefined || !Number.isFinite(percent)) {
        return NO_VALUE_LABEL;
    }
    if (percent >= 100 || percent <= 0) {
        return formatPercent(Math.min(Math.max(percent, 0), 100));
    }
    return formatPercent(Math.min(Math.max(Math.round(percent), 1), 99));
}

/** Badge colour of a count: `tone` when there is any, grey otherwise. */
function countTone(count: number, tone: Tone): Tone {
    return count > 0 ? tone : "secondary";
}

export function buildSlaCard(sla: DashboardSla): SlaCardView {
    return {
        days: sla.days,
        compliancePercent: sla.compliance_percent ?? null,
        complianceLabel: complianceLabel(sla.compliance_percent),
        tone: complianceTone(sla.compliance_percent),
        met: sla.met,
        breached: sla.breached,
        atRisk: sla.at_risk,
        atRiskTone: countTone(sla.at_risk, "warning"),
        openBreached: sla.open_breached,
        openBreachedTone: countTone(sla.open_breached, "danger"),
        action: slaBreachedAction(),
    };
}

/** Customer satisfaction: the server counts, the card only formats (same scale as SLA compliance). */
export function buildSatisfactionCard(satisfaction: DashboardSatisfaction): SatisfactionCardView {
    return {
        days: satisfaction.days,
        count: satisfaction.count,
        happy: satisfaction.happy,
        percentLabel: complianceLabel(satisfaction.percent),
        tone: complianceTone(satisfaction.percent),
    };
}

export function buildScopeCard(scope: DashboardScope): ScopeCardView {
    return {
        days: scope.days,
        needsReview: scope.needs_review,
        needsReviewTone: countTone(scope.needs_review, "warning"),
        needsReviewAction: needsReviewAction(),
        openByScope: scope.open_by_scope ?? [],
        overrideCount: scope.override_count,
        topOverridden: (scope.top_overridden ?? []).map((row) => ({
            key: row.rule_id ? String(row.rule_id) : "none",
            ruleId: row.rule_id || false,
            category: row.category || "",
            count: row.count,
        })),
        overridesAction: scopeOverridesAction(),
    };
}

export function isHealthResult(value: unknown): value is HealthResult {
    return typeof value === "string" && (HEALTH_RESULTS as readonly string[]).includes(value);
}

const HEALTH_RESULT_TONE: Record<HealthResult, Tone> = { pass: "success", warn: "warning", fail: "danger" };

export function healthResultTone(result: unknown): Tone {
    return isHealthResult(result) ? HEALTH_RESULT_TONE[result] : "secondary";
}

/** Colour of a next check: overdue is urgent, within a week a warning. */
export function healthDueTone(daysLeft: number, overdue: boolean): Tone {
    if (overdue || daysLeft < 0) {
        return "danger";
    }
    return daysLeft <= 7 ? "warning" : "secondary";
}

export function buildHealthCard(health: DashboardHealth): HealthCardView {
    return {
        failures: health.failures,
        tone: health.failures > 0 ? "danger" : "success",
        action: healthFailuresAction(),
        lastRows: (health.last ?? []).map((row) => ({
            id: row.id,
            agreementId: row.agreement_id,
            agreementName: row.agreement_name,
            date: row.date,
            result: isHealthResult(row.result) ? row.result : false,
            tone: healthResultTone(row.result),
            failCount: row.fail_count,
            warnCount: row.warn_count,
            action: healthCheckFormAction(row.id),
        })),
        dueRows: (health.next_due ?? []).map((row) => ({
            agreementId: row.agreement_id,
            agreementName: row.agreement_name,
            date: row.date,
            daysLeft: row.days_left,
            overdue: row.overdue,
            interval: row.interval,
            tone: healthDueTone(row.days_left, row.overdue),
            action: agreementFormAction(row.agreement_id),
        })),
    };
}

export function buildToInvoiceCard(toInvoice: DashboardToInvoice): ToInvoiceCardView {
    return {
        amountLabels: toInvoice.amounts.map((row) => row.formatted),
        statementCount: toInvoice.statement_count,
        agreementCount: toInvoice.agreement_count,
        tone: toInvoice.statement_count > 0 ? "warning" : "success",
        action: toInvoiceAction(),
        rows: (toInvoice.agreements ?? []).map((row) => ({
            id: row.id,
            name: row.name,
            amountLabel: row.formatted,
            months: row.months,
            action: toInvoiceAgreementAction(row.id),
        })),
    };
}

/** Customer instances filtered by state (search filters `filter_reporting`, `filter_silent`, `filter_failing`). */
export function instancesAction(filter: "reporting" | "silent" | "failing" | "waiting"): DashboardActionCall {
    return filteredListAction(INSTANCE_ACTION_XMLID, `filter_${filter}`);
}

export function buildInstancesCard(instances: DashboardInstances): InstancesCardView {
    return {
        stats: [
            { key: "reporting", count: instances.reporting, tone: instances.reporting ? "success" : "muted", action: instancesAction("reporting") },
            { key: "silent", count: instances.silent, tone: countTone(instances.silent, "warning"), action: instancesAction("silent") },
            { key: "failing", count: instances.failing, tone: countTone(instances.failing, "danger"), action: instancesAction("failing") },
        ],
        waiting: instances.waiting,
        action: instancesAction("waiting"),
    };
}

export function buildPatchesCard(patches: DashboardPatches): PatchesCardView {
    return {
        overdue: patches.overdue,
        overdueTone: countTone(patches.overdue, "danger"),
        overdueAction: patchesOverdueAction(),
        dueSoon: patches.due_soon,
        dueSoonTone: countTone(patches.due_soon, "warning"),
        dueSoonAction: patchesDueSoonAction(),
        compliancePercent: patches.compliance_percent ?? null,
        complianceLabel: complianceLabel(patches.compliance_percent),
        complianceTone: complianceTone(patches.compliance_percent),
    };
}

const RUNWAY_TONES: Record<RunwayStatus, Tone> = { fail: "danger", warn: "warning", pass: "info" };

/** Tone of the end of a series' support, from the status the server gave it by the Settings' window. */
export function endOfSupportTone(status: RunwayStatus | false | null | undefined): Tone {
    return status ? RUNWAY_TONES[status] : "secondary";
}

export function buildVersionsCard(versions: DashboardVersions): VersionsCardView {
    const instance = versions.instance;
    const daysLeft = instance && typeof instance.days_left === "number" ? instance.days_left : null;
    return {
        windowDays: versions.window_days,
        instance: instance?.series
            ? {
                  series: instance.series,
                  endOfSupport: instance.end_of_support || false,
                  daysLeft,
                  tone: endOfSupportTone(instance.status),
              }
            : null,
        runwayRows: (versions.runway ?? []).map((row) => ({
            agreementId: row.agreement_id,
            agreementName: row.agreement_name,
            partnerName: row.partner_name || "",
            series: row.series,
            endOfSupport: row.end_of_support,
            daysLeft: row.days_left,
            hasPlan: row.has_plan,
            warning: row.warning && !row.has_plan,
            tone: endOfSupportTone(row.status),
            action: agreementFormAction(row.agreement_id),
        })),
        plansDue: versions.plans_due,
        plansDueTone: countTone(versions.plans_due, "warning"),
        action: upgradePlansAction(),
    };
}

export function buildDashboardView(data: DashboardData): DashboardView {
    const expiringRows = buildExpiringRows(data.expiring);
    const packAlertRows = buildPackAlertRows(data.pack_alerts, criticalPercent(data.pack_thresholds));
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
        sla: data.sla ? buildSlaCard(data.sla) : null,
        scope: data.scope ? buildScopeCard(data.scope) : null,
        health: data.health ? buildHealthCard(data.health) : null,
        patches: data.patches ? buildPatchesCard(data.patches) : null,
        versions: data.versions ? buildVersionsCard(data.versions) : null,
        toInvoice: data.to_invoice ? buildToInvoiceCard(data.to_invoice) : null,
        satisfaction: data.satisfaction ? buildSatisfactionCard(data.satisfaction) : null,
        instances: data.instances ? buildInstancesCard(data.instances) : null,
    };
}
