/**
 * The `amc_burndown` view widget of the agreement form: the registry
 * descriptor against Odoo 19's view_widgets contract, and the component with
 * the props Odoo's Widget gives it (standardWidgetProps: record, readonly).
 */
import { Component, useState, validate, xml } from "@odoo/owl";

import { AmcBurndownWidget, amcBurndownWidget } from "../ts_src/components/burndown_widget/burndown_widget";
import type { BurndownWidgetRecord } from "../ts_src/components/burndown_widget/burndown_widget";
import { FakeChart, installFakeChart, removeFakeChart } from "./doubles/chart";
import { burndownData } from "./fixtures";
import { cleanup, flush, mountComponent, query, readTemplates } from "./helpers";

const TEMPLATES = readTemplates(
    "ts_src/components/burndown_chart/burndown_chart.xml",
    "ts_src/components/burndown_widget/burndown_widget.xml",
);

/**
 * Copy of `viewWidgetRegistry.addValidation(...)` in Odoo 19's
 * web/static/src/views/widgets/widget.js (checked in debug mode on `add`).
 */
const supportedInfoValidation = {
    type: Array,
    element: Object,
    shape: {
        label: String,
        name: String,
        type: String,
        availableTypes: { type: Array, element: String, optional: true },
        default: { type: String, optional: true },
        help: { type: String, optional: true },
        choices: { type: Array, element: Object, shape: { label: String, value: String }, optional: true },
    },
    optional: true,
};
const VIEW_WIDGET_SCHEMA = {
    component: { validate: (c: unknown) => typeof c === "function" && c.prototype instanceof Component },
    extractProps: { type: Function, optional: true },
    additionalClasses: { type: Array, element: String, optional: true },
    fieldDependencies: {
        type: [Function, { type: Array, element: Object, shape: { name: String, type: String } }],
        optional: true,
    },
    listViewWidth: {
        type: [
            Number,
            { type: Array, element: Number, validate: (array: number[]) => array.length === 1 || array.length === 2 },
            Function,
        ],
        optional: true,
    },
    supportedAttributes: supportedInfoValidation,
    supportedOptions: supportedInfoValidation,
};

function ormDouble() {
    return { call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
        const [[id]] = args as [[number]];
        return burndownData({ agreement: { id, name: `Agreement ${id}` } });
    }) };
}

/** Stands for Odoo's Widget: renders the widget with record + readonly. */
class FormDouble extends Component {
    static override template = xml`<AmcBurndownWidget record="state.record" readonly="state.readonly"/>`;
    static components = { AmcBurndownWidget };
    static override props = ["*"];

    declare state: { record: BurndownWidgetRecord; readonly: boolean };

    override setup(): void {
        this.state = useState({
            record: { resId: this.props.resId as number | false, data: { write_date: "2026-11-20 09:00:00" } },
            readonly: true,
        });
    }
}

async function mountForm(resId: number | false) {
    const orm = ormDouble();
    const mounted = await mountComponent(FormDouble, { templates: TEMPLATES, props: { resId }, env: { services: { orm } } });
    return { ...mounted, orm };
}

beforeEach(installFakeChart);
afterEach(() => {
    cleanup();
    removeFakeChart();
});

describe("amc_burndown view widget", () => {
    test("descriptor passes Odoo 19's view_widgets validation", () => {
        expect(amcBurndownWidget.component).toBe(AmcBurndownWidget);
        expect(() => validate(amcBurndownWidget, VIEW_WIDGET_SCHEMA)).not.toThrow();
        // the schema refuses unknown keys, e.g. a field-style displayName
        expect(() => validate({ ...amcBurndownWidget, displayName: "Burn-down" }, VIEW_WIDGET_SCHEMA)).toThrow(
            /unknown key 'displayName'/,
        );
    });

    test("props are Odoo's standardWidgetProps", () => {
        expect(AmcBurndownWidget.props).toEqual({
            readonly: { type: Boolean, optional: true },
            record: { type: Object },
        });
    });

    test("renders the saved agreement's burn-down", async () => {
        const { orm, target } = await mountForm(3);
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.agreement", "get_burndown_data", [[3]]);
        const chart = query(target, ".o_addon_amc_burndown_widget .o_addon_amc_burndown");
        expect(chart.dataset.agreementId).toBe("3");
        expect(FakeChart.live).toHaveLength(1);
    });

    test("renders nothing for a new record", async () => {
        const { orm, target } = await mountForm(false);
        expect(orm.call).not.toHaveBeenCalled();
        expect(query(target, ".o_addon_amc_burndown_widget").children).toHaveLength(0);
        expect(FakeChart.instances).toHaveLength(0);
    });

    test("once the new record is saved, the chart appears", async () => {
        const { component, orm, target } = await mountForm(false);
        component.state.record = { resId: 12, data: { write_date: "2026-11-21 10:00:00" } };
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.agreement", "get_burndown_data", [[12]]);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("12");
    });

    test("saving the agreement (new write_date) refreshes the chart; other renders do not", async () => {
        const { component, orm } = await mountForm(3);
        component.state.readonly = false;
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(1);
        component.state.record.data.write_date = "2026-11-21 10:00:00";
        await flush();
        expect(orm.call).toHaveBeenCalledTimes(2);
        expect(FakeChart.live).toHaveLength(1);
    });

    test("the record's pager moves to another agreement", async () => {
        const { component, orm, target } = await mountForm(3);
        component.state.record = { resId: 4, data: { write_date: "2026-11-01 08:00:00" } };
        await flush();
        expect(orm.call).toHaveBeenLastCalledWith("amc.agreement", "get_burndown_data", [[4]]);
        expect(query(target, ".o_addon_amc_burndown").dataset.agreementId).toBe("4");
    });
});
