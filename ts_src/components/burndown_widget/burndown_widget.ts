import { Component } from "@odoo/owl";
import type { OdooEnv } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { AmcBurndownChart } from "../burndown_chart/burndown_chart";

/** What the widget reads of the form's record (web/static/src/model/relational_model/record.js). */
export interface BurndownWidgetRecord {
    /** false while the record is new (not saved yet). */
    resId: number | false;
    data: Record<string, unknown>;
}

/** `standardWidgetProps` of web/static/src/views/widgets/standard_widget_props.js. */
export interface AmcBurndownWidgetProps {
    record: BurndownWidgetRecord;
    readonly?: boolean;
}

/**
 * `<widget name="amc_burndown"/>` in the agreement form: the burn-down chart
 * of the record's prepaid hours. Renders nothing for a new, unsaved record.
 * Saving the agreement (a new write_date) refreshes the chart.
 */
export class AmcBurndownWidget extends Component<AmcBurndownWidgetProps, OdooEnv> {
    static override template = "addon_amc.BurndownWidget";
    static components = { AmcBurndownChart };
    static override props = { ...standardWidgetProps };

    get agreementId(): number | false {
        return this.props.record.resId || false;
    }

    get reloadKey(): string {
        const writeDate = this.props.record.data.write_date;
        return writeDate ? String(writeDate) : "";
    }
}

/**
 * Descriptor for `registry.category("view_widgets")`. Odoo 19 validates these
 * (web/static/src/views/widgets/widget.js, addValidation, in debug mode)
 * against the keys component, extractProps, additionalClasses,
 * fieldDependencies, listViewWidth, supportedAttributes, supportedOptions:
 * any other key (e.g. displayName) is refused.
 */
export const amcBurndownWidget = {
    component: AmcBurndownWidget,
    // loads write_date with the record, so a save gives the chart a new reloadKey
    fieldDependencies: [{ name: "write_date", type: "datetime" }],
};
