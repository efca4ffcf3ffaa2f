import { Component, useState } from "@odoo/owl";
import type { OdooEnv } from "@web/core/utils/hooks";

import { AmcBurndownChart } from "../burndown_chart/burndown_chart";
import type { BurndownWidgetData } from "../../lib/dashboard_model";

export interface AmcDashboardBurndownProps {
    /** `widget_data` of the dashboard's "burndown" section. */
    data: BurndownWidgetData;
}

/**
 * Widget "burndown" of the dashboard: pick one of the agreements with prepaid
 * packs and draw its burn-down (AmcBurndownChart makes its own RPC).
 */
export class AmcDashboardBurndown extends Component<AmcDashboardBurndownProps, OdooEnv> {
    static override template = "addon_amc.DashboardBurndown";
    static components = { AmcBurndownChart };
    static override props = { data: Object };

    declare state: { agreementId: number | false };

    override setup(): void {
        this.state = useState({ agreementId: this.props.data.default_id });
    }

    onAgreementChange(ev: Event): void {
        const id = Number.parseInt((ev.target as HTMLSelectElement).value, 10);
        if (this.props.data.agreements.some((agreement) => agreement.id === id)) {
            this.state.agreementId = id;
        }
    }
}
