import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import type { ActionService, OdooEnv, OrmService } from "@web/core/utils/hooks";

import { _t } from "../../l10n";
import { AmcBurndownChart } from "../burndown_chart/burndown_chart";
import {
    AmcDashboardHealthCard,
    AmcDashboardPatchesCard,
    AmcDashboardSatisfactionCard,
    AmcDashboardScopeCard,
    AmcDashboardSlaCard,
    AmcDashboardToInvoiceCard,
    AmcDashboardVersionsCard,
    AmcDashboardInstancesCard,
} from "../dashboard_cards/dashboard_cards";
import {
    AGREEMENT_MODEL,
    DASHBOARD_METHOD,
    buildDashboardView,
    newAgreementAction,
} from "../../lib/dashboard_model";
import type {
    DashboardActionCall,
    DashboardData,
    DashboardView,
    ExpiringRowView,
    ForecastRowView,
    PackAlertRowView,
    StateCardView,
} from "../../lib/dashboard_model";

/**
 * Props the action service gives a client action
 * (`standardActionServiceProps` in web/webclient/actions/action_service.js).
 */
export interface AmcDashboardProps {
    action: { id?: number; tag?: string; name?: string; context?: Record<string, unknown> };
    actionId?: number;
    className?: string;
    globalState?: Record<string, unknown>;
    state?: Record<string, unknown>;
    resId?: number | false;
    updateActionState?: (state: Record<string, unknown>) => void;
}

/**
 * Client action `addon_amc.dashboard`: agreement counts per state, the
 * agreements expiring soon, this month's hours and billable amounts, the
 * packs past their usage threshold and the agreements about to run out of
 * prepaid hours, then the service cards (SLA, scope, health checks, patches,
 * Odoo versions; each only when the server sends its section), all from one
 * `get_dashboard_data` RPC. The burn-down panel embeds AmcBurndownChart,
 * which makes its own RPC for the chosen agreement.
 */
export class AmcDashboard extends Component<AmcDashboardProps, OdooEnv> {
    static override template = "addon_amc.Dashboard";
    static components = {
        AmcBurndownChart,
        AmcDashboardHealthCard,
        AmcDashboardPatchesCard,
        AmcDashboardSatisfactionCard,
        AmcDashboardScopeCard,
        AmcDashboardSlaCard,
        AmcDashboardToInvoiceCard,
        AmcDashboardVersionsCard,
    AmcDashboardInstancesCard,
    };
    static override props = {
        action: Object,
        actionId: { type: Number, optional: true },
        className: { type: String, optional: true },
        globalState: { type: Object, optional: true },
        state: { type: Object, optional: true },
        resId: { type: [Number, Boolean], optional: true },
        updateActionState: { type: Function, optional: true },
        // The action service may add props in later versions: accept them.
        "*": true as const,
    };

    declare orm: OrmService;
    declare action: ActionService;
    declare view: DashboardView;
    declare state: { burndownAgreementId: number | false };

    override setup(): void {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ burndownAgreementId: false });
        onWillStart(async () => {
            const data = await this.orm.call<DashboardData>(AGREEMENT_MODEL, DASHBOARD_METHOD, []);
            this.view = buildDashboardView(data);
            this.state.burndownAgreementId = this.view.burndown.defaultAgreementId;
        });
    }

    // -- labels ---------------------------------------------------------------

    get expiringTitle(): string {
        return _t("Expiring in %s days", this.view.expiringCard.days);
    }

    get expiringCardAriaLabel(): string {
        return _t("Agreements expiring in %(days)s days: %(count)s", {
            count: this.view.expiringCard.count,
            days: this.view.expiringCard.days,
        });
    }

    get moreExpiringLabel(): string {
        return _t("%s more: show all expiring agreements", this.view.moreExpiringCount);
    }

    get noExpiringLabel(): string {
        return _t("No agreement expires in the next %s days.", this.view.expiringCard.days);
    }

    stateCardAriaLabel(card: StateCardView): string {
        return _t("%(label)s agreements: %(count)s", { label: card.label, count: card.count });
    }

    rowAriaLabel(row: ExpiringRowView): string {
        return _t("Open agreement %s", row.name);
    }

    daysLeftLabel(daysLeft: number): string {
        if (daysLeft <= 0) {
            return _t("Today");
        }
        if (daysLeft === 1) {
            return _t("Tomorrow");
        }
        return _t("%s days", daysLeft);
    }

    formatDateEnd(dateEnd: string): string {
        return formatDate(deserializeDate(dateEnd));
    }

    get monthLabel(): string {
        return formatDate(deserializeDate(this.view.hoursCard.month), { format: "MMMM yyyy" });
    }

    get hoursTotalLabel(): string {
        return _t("%s in total", this.view.hoursCard.totalLabel);
    }

    get packAlertCardAriaLabel(): string {
        return _t("Prepaid packs past their usage threshold: %s", this.view.packAlertCard.count);
    }

    get morePackAlertsLabel(): string {
        return _t("%s more: show all packs past their threshold", this.view.morePackAlertCount);
    }

    get moreForecastsLabel(): string {
        return _t("and %s more", this.view.moreForecastCount);
    }

    packAlertAriaLabel(row: PackAlertRowView): string {
        return _t("Open pack %(pack)s of %(agreement)s", { pack: row.name, agreement: row.agreementName });
    }

    forecastAriaLabel(row: ForecastRowView): string {
        return _t("Open agreement %s", row.name);
    }

    // -- handlers -------------------------------------------------------------

    runAction(call: DashboardActionCall): Promise<unknown> {
        return call.options
            ? this.action.doAction(call.request, call.options)
            : this.action.doAction(call.request);
    }

    openStateCard(card: StateCardView): Promise<unknown> {
        return this.runAction(card.action);
    }

    openExpiring(): Promise<unknown> {
        return this.runAction(this.view.expiringCard.action);
    }

    openAgreement(row: ExpiringRowView): Promise<unknown> {
        return this.runAction(row.action);
    }

    createAgreement(): Promise<unknown> {
        return this.runAction(newAgreementAction());
    }

    openPackAlerts(): Promise<unknown> {
        return this.runAction(this.view.packAlertCard.action);
    }

    openPack(row: PackAlertRowView): Promise<unknown> {
        return this.runAction(row.action);
    }

    openForecast(row: ForecastRowView): Promise<unknown> {
        return this.runAction(row.action);
    }

    onBurndownAgreementChange(ev: Event): void {
        const id = Number.parseInt((ev.target as HTMLSelectElement).value, 10);
        if (this.view.burndown.agreements.some((agreement) => agreement.id === id)) {
            this.state.burndownAgreementId = id;
        }
    }
}
