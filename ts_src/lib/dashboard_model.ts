/**
 * The contract of `amc.agreement.get_dashboard_data()`: a list of sections of
 * cards and rows, built by the server (addon_amc/lib/dashboard.py and each
 * feature's `_get_dashboard_sections` override). Labels, formatted values, tones
 * and actions all come from the server; the client only displays them, so this
 * file holds types, not rules. Every key is always present (`false` when unused).
 *
 * test/fixtures/dashboard_payload.json is the real payload of the demo data,
 * dumped by tests/test_amc_dashboard.py (TestAmcDashboardContract), which fails
 * when the server's payload no longer has that file's structure.
 */
import type { ActionOptions, ActionRequest, ActWindowDescription } from "@web/core/utils/hooks";

export const AGREEMENT_MODEL = "amc.agreement";
export const DASHBOARD_METHOD = "get_dashboard_data";

/** Bootstrap contextual colour of a card, a badge or a row. */
export type Tone = "secondary" | "success" | "warning" | "danger" | "info" | "primary" | "muted";

/** A window action by xml id, with the context to open it with (search defaults, ...). */
export interface DashboardXmlAction {
    xml_id: string;
    context: Record<string, unknown>;
}

/** What a card, a row, a header or a "more" link opens. */
export type DashboardAction = DashboardXmlAction | ActWindowDescription;

export interface DashboardCard {
    key: string;
    label: string;
    /** The figure; null when it was not measured. */
    value: number | null;
    /** The figure as shown ("93 %", "08:30", "2,400.00 kr", "—"). */
    formatted: string;
    tone: Tone;
    /** Font Awesome 4 icon class (Odoo 19 ships FA 4.7). */
    icon: string | false;
    action: DashboardAction | false;
    /** A line under the figure. */
    hint: string | false;
    /** Part (0-100) of the section's proportion bar, in sections with `bar`. */
    share: number | false;
}

export interface DashboardColumn {
    key: string;
    label: string;
    align: "start" | "end";
}

export interface DashboardCell {
    text: string;
    /** Shown as a badge of this tone. */
    tone: Tone | false;
    /** Small print under the text. */
    note: string | false;
}

export interface DashboardRow {
    key: string;
    /** One per column, in order. */
    cells: DashboardCell[];
    action: DashboardAction | false;
    /** Colours the whole row. */
    tone: Tone | false;
}

export type DashboardWidth = "full" | "two_thirds" | "half" | "third";

export interface DashboardSection {
    key: string;
    sequence: number;
    title: string;
    icon: string | false;
    width: DashboardWidth;
    subtitle: string | false;
    badge: { text: string; tone: Tone } | false;
    /** What clicking the header opens. */
    action: DashboardAction | false;
    cards: DashboardCard[];
    /** Show the cards' shares as one proportion bar. */
    bar: boolean;
    columns: DashboardColumn[];
    rows: DashboardRow[];
    /** Said when the section has nothing to show. */
    empty: string | false;
    more: { label: string; action: DashboardAction | false } | false;
    footer: string | false;
    /** A component of its own (see AmcDashboard.widgets), fed with widget_data. */
    widget: string | false;
    widget_data: Record<string, unknown> | false;
}

export interface DashboardData {
    /** Agreements the user may read: 0 shows the empty state. */
    total: number;
    /** The form of a new agreement (empty state). */
    create_action: ActWindowDescription;
    /** Ordered by sequence. */
    sections: DashboardSection[];
}

/** `widget_data` of the section with widget "burndown". */
export interface BurndownWidgetData {
    agreements: { id: number; name: string }[];
    /** Charted first. */
    default_id: number | false;
}

/** The action service call of a server-built action. */
export function actionCall(action: DashboardAction): [ActionRequest, ActionOptions?] {
    if ("xml_id" in action) {
        return [action.xml_id, { additionalContext: action.context }];
    }
    return [action];
}
