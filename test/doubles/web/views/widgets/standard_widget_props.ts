/**
 * Test double of Odoo's `@web/views/widgets/standard_widget_props`: the same
 * object as web/static/src/views/widgets/standard_widget_props.js in Odoo 19.
 */
export const standardWidgetProps = {
    readonly: { type: Boolean, optional: true as const },
    record: { type: Object },
};
