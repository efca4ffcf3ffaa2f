import { Component, onWillStart } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import type { ActionService, OdooEnv, OrmService } from "@web/core/utils/hooks";

import { _t } from "../../l10n";
import { AGREEMENT_MODEL, DASHBOARD_METHOD } from "../../lib/dashboard_model";
import type { DashboardData, DashboardSection, DashboardWidth } from "../../lib/dashboard_model";
import { AmcDashboardSection } from "../dashboard_section/dashboard_section";

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

/** Grid columns of a section's width. */
const WIDTH_CLASSES: Record<DashboardWidth, string> = {
    full: "col-12",
    two_thirds: "col-12 col-lg-8",
    half: "col-12 col-xl-6",
    third: "col-12 col-md-6 col-xl-4",
};

/**
 * Client action `addon_amc.dashboard`, the Support app's home: one
 * `get_dashboard_data` RPC, whose sections (each feature appends its own on the
 * server) are shown in order by AmcDashboardSection.
 */
export class AmcDashboard extends Component<AmcDashboardProps, OdooEnv> {
    static override template = "addon_amc.Dashboard";
    static components = { AmcDashboardSection };
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
    declare data: DashboardData;

    override setup(): void {
        this.orm = useService("orm");
        this.action = useService("action");
        onWillStart(async () => {
            this.data = await this.orm.call<DashboardData>(AGREEMENT_MODEL, DASHBOARD_METHOD, []);
        });
    }

    get totalLabel(): string {
        return _t("%s in total", this.data.total);
    }

    widthClass(section: DashboardSection): string {
        return WIDTH_CLASSES[section.width] ?? WIDTH_CLASSES.full;
    }

    createAgreement(): Promise<unknown> {
        return this.action.doAction(this.data.create_action);
    }
}
