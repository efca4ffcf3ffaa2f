import { Component } from "@odoo/owl";
import type { ComponentConstructor } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import type { ActionService, OdooEnv } from "@web/core/utils/hooks";

import { _t } from "../../l10n";
import { actionCall } from "../../lib/dashboard_model";
import type { DashboardAction, DashboardCard, DashboardRow, DashboardSection } from "../../lib/dashboard_model";
import { AmcDashboardBurndown } from "../dashboard_burndown/dashboard_burndown";

export interface AmcDashboardSectionProps {
    section: DashboardSection;
}

/**
 * One section of the dashboard, whatever its feature: a header (icon, title,
 * subtitle, badge; clickable when the section has an action), the cards (a
 * proportion bar of their shares when `bar`), the table of rows, the empty
 * text, a "more" link and a footer; or the component named by `widget`.
 * Everything shown comes from the server, ready to display.
 */
export class AmcDashboardSection extends Component<AmcDashboardSectionProps, OdooEnv> {
    static override template = "addon_amc.DashboardSection";
    /** Components a section may name in `widget`, fed with its `widget_data`. */
    static widgets: Record<string, ComponentConstructor> = { burndown: AmcDashboardBurndown };
    static override props = { section: Object };

    declare action: ActionService;

    override setup(): void {
        this.action = useService("action");
    }

    get section(): DashboardSection {
        return this.props.section;
    }

    get widget(): ComponentConstructor | null {
        const name = this.section.widget;
        return name ? (AmcDashboardSection.widgets[name] ?? null) : null;
    }

    /** Cards with a part of the proportion bar. */
    get barCards(): DashboardCard[] {
        return this.section.bar ? this.section.cards.filter((card) => card.share) : [];
    }

    get cardColumnClass(): string {
        if (this.section.width === "full") {
            return "col-6 col-md-4 col-xl";
        }
        return this.section.cards.length <= 3 ? "col" : "col-6";
    }

    get headerAriaLabel(): string {
        const badge = this.section.badge ? `: ${this.section.badge.text}` : "";
        return _t("Open %s", `${this.section.title}${badge}`);
    }

    cardAriaLabel(card: DashboardCard): string {
        return `${card.label}: ${card.formatted}`;
    }

    rowAriaLabel(row: DashboardRow): string {
        return _t("Open %s", row.cells[0]?.text ?? "");
    }

    open(action: DashboardAction | false): Promise<unknown> | undefined {
        return action ? this.action.doAction(...actionCall(action)) : undefined;
    }
}
