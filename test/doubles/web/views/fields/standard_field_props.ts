/**
 * Test double of Odoo's `@web/views/fields/standard_field_props`: the same
 * object as web/static/src/views/fields/standard_field_props.js in Odoo 19.
 */
export const standardFieldProps = {
    id: { type: String, optional: true as const },
    name: { type: String },
    readonly: { type: Boolean, optional: true as const },
    record: { type: Object },
};
