import { Component } from "@odoo/owl";
import { deserializeDate, formatDate, formatDateTime } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import type { ActionService, OdooEnv } from "@web/core/utils/hooks";

import { _t } from "../../l10n";
import type {
    DashboardActionCall,
    HealthCardView,
    HealthDueRowView,
    HealthResult,
    HealthResultRowView,
    OverriddenRuleView,
    InstanceStatView,
    InstancesCardView,
    PatchesCardView,
    ScopeCardView,
    SatisfactionCardView,
    SlaCardView,
    ToInvoiceCardView,
    ToInvoiceRowView,
    VersionRunwayRowView,
    VersionsCardView,
} from "../../lib/dashboard_model";

export interface AmcDashboardCardProps<V> {
    /** View-model built by ts_src/lib/dashboard_model.ts from the one dashboard RPC. */
    card: V;
}

/**
 * Base of the dashboard's service cards: a view-model prop (no RPC of their
 * own, the dashboard's `get_dashboard_data` carries their section) and the
 * action service to open the lists and forms behind them.
 */
class AmcDashboardCard<V> extends Component<AmcDashboardCardProps<V>, OdooEnv> {
    static override props = { card: Object };

    declare action: ActionService;

    override setup(): void {
        this.action = useService("action");
    }

    runAction(call: DashboardActionCall): Promise<unknown> {
        return call.options
            ? this.action.doAction(call.request, call.options)
            : this.action.doAction(call.request);
    }

    formatDate(date: string | false): string {
        return date ? formatDate(deserializeDate(date)) : "";
    }
}

/** Days until a date: "Today", "Tomorrow", "12 days", or "3 days late" once past. */
function daysLeftLabel(daysLeft: number): string {
    if (daysLeft < 0) {
        return daysLeft === -1 ? _t("1 day late") : _t("%s days late", -daysLeft);
    }
    if (daysLeft === 0) {
        return _t("Today");
    }
    return daysLeft === 1 ? _t("Tomorrow") : _t("%s days", daysLeft);
}

/** SLA compliance of the last days, and the open requests at risk or breached. */
export class AmcDashboardSlaCard extends AmcDashboardCard<SlaCardView> {
    static override template = "addon_amc.DashboardSlaCard";

    get periodLabel(): string {
        return _t("Last %s days", this.props.card.days);
    }

    get outcomesLabel(): string {
        return _t("%(met)s met / %(breached)s breached", {
            met: this.props.card.met,
            breached: this.props.card.breached,
        });
    }

    get ariaLabel(): string {
        return _t("SLA compliance over the last %(days)s days: %(percent)s. Show the requests with a breached SLA", {
            days: this.props.card.days,
            percent: this.props.card.complianceLabel,
        });
    }
}

/** Customer satisfaction: ratings given on resolved requests over the last days. */
export class AmcDashboardSatisfactionCard extends AmcDashboardCard<SatisfactionCardView> {
    static override template = "addon_amc.DashboardSatisfactionCard";

    get periodLabel(): string {
        return _t("Last %s days", this.props.card.days);
    }

    get countLabel(): string {
        return this.props.card.count
            ? _t("%(happy)s satisfied of %(count)s ratings", {
                  happy: this.props.card.happy,
                  count: this.props.card.count,
              })
            : _t("No rating yet");
    }
}

/** Open requests by scope, those to review and the rules agents correct most. */
export class AmcDashboardScopeCard extends AmcDashboardCard<ScopeCardView> {
    static override template = "addon_amc.DashboardScopeCard";

    get needsReviewAriaLabel(): string {
        return _t("Open requests whose scope needs review: %s", this.props.card.needsReview);
    }

    get overridesLabel(): string {
        return _t("Overrides in %s days", this.props.card.days);
    }

    get overridesAriaLabel(): string {
        return _t("Scope overrides in the last %(days)s days: %(count)s", {
            days: this.props.card.days,
            count: this.props.card.overrideCount,
        });
    }

    categoryLabel(row: OverriddenRuleView): string {
        if (row.category) {
            return row.category;
        }
        return row.ruleId ? _t("No category") : _t("No rule");
    }
}

/** Agreements whose last health check failed, the last results and the next checks. */
export class AmcDashboardHealthCard extends AmcDashboardCard<HealthCardView> {
    static override template = "addon_amc.DashboardHealthCard";

    get ariaLabel(): string {
        return _t("Agreements whose last health check failed: %s", this.props.card.failures);
    }

    resultLabel(result: HealthResult | false): string {
        switch (result) {
            case "pass":
                return _t("Pass");
            case "warn":
                return _t("Warning");
            case "fail":
                return _t("Fail");
            default:
                return "";
        }
    }

    intervalLabel(interval: string): string {
        if (interval === "month") {
            return _t("Monthly");
        }
        return interval === "quarter" ? _t("Quarterly") : interval;
    }

    /** The check's datetime is UTC: parsed as such, shown in the user's time zone. */
    formatCheckDate(date: string): string {
        return formatDateTime(deserializeDate(date, { zone: "utc" }));
    }

    dueLabel(row: HealthDueRowView): string {
        return daysLeftLabel(row.daysLeft);
    }

    resultAriaLabel(row: HealthResultRowView): string {
        return _t("Open the health check of %s", row.agreementName);
    }

    dueAriaLabel(row: HealthDueRowView): string {
        return _t("Open agreement %s", row.agreementName);
    }
}

/** Patches overdue and due soon, and the share applied on time over 12 months. */
export class AmcDashboardPatchesCard extends AmcDashboardCard<PatchesCardView> {
    static override template = "addon_amc.DashboardPatchesCard";

    get overdueAriaLabel(): string {
        return _t("Overdue patches: %s", this.props.card.overdue);
    }

    get dueSoonAriaLabel(): string {
        return _t("Patches due soon: %s", this.props.card.dueSoon);
    }
}

/** Closed months not invoiced yet: the amounts, and the agreements owing the most. */
export class AmcDashboardToInvoiceCard extends AmcDashboardCard<ToInvoiceCardView> {
    static override template = "addon_amc.DashboardToInvoiceCard";

    get ariaLabel(): string {
        return _t("Months to invoice: %(count)s statements of %(agreements)s agreements", {
            count: this.props.card.statementCount,
            agreements: this.props.card.agreementCount,
        });
    }

    rowAriaLabel(row: ToInvoiceRowView): string {
        return _t("Open the statements to invoice of %s", row.name);
    }

    monthsLabel(row: ToInvoiceRowView): string {
        return row.months === 1 ? _t("1 month") : _t("%s months", row.months);
    }
}

/** The customers' instances: reporting, silent and failing; each opens the filtered list. */
export class AmcDashboardInstancesCard extends AmcDashboardCard<InstancesCardView> {
    static override template = "addon_amc.DashboardInstancesCard";

    label(stat: InstanceStatView): string {
        return {
            reporting: _t("Reporting"),
            silent: _t("Silent"),
            failing: _t("Failing"),
        }[stat.key];
    }

    ariaLabel(stat: InstanceStatView): string {
        return _t("%s instances: %s", this.label(stat), stat.count);
    }
}

/** This server's Odoo series and the agreements whose series support runs out. */
export class AmcDashboardVersionsCard extends AmcDashboardCard<VersionsCardView> {
    static override template = "addon_amc.DashboardVersionsCard";

    get ariaLabel(): string {
        return _t("Upgrade plans due: %s", this.props.card.plansDue);
    }

    get instanceSupportLabel(): string {
        const instance = this.props.card.instance;
        if (!instance || instance.daysLeft === null) {
            return _t("End of support unknown");
        }
        if (instance.daysLeft <= 0) {
            return _t("Support ended on %s", this.formatDate(instance.endOfSupport));
        }
        return _t("Support ends on %(date)s, in %(days)s days", {
            date: this.formatDate(instance.endOfSupport),
            days: instance.daysLeft,
        });
    }

    get noRunwayLabel(): string {
        return _t("No agreement's Odoo series reaches its end of support within %s days.", this.props.card.windowDays);
    }

    runwayDaysLabel(row: VersionRunwayRowView): string {
        return row.daysLeft <= 0 ? _t("Ended") : _t("%s days", row.daysLeft);
    }

    runwayAriaLabel(row: VersionRunwayRowView): string {
        return _t("Open agreement %s", row.agreementName);
    }
}
