/**
 * Reading field values from an Odoo 19 record (`props.record.data[name]`):
 * many2one values come as `{id, display_name}` objects in the web client, as
 * `[id, name]` pairs from read(), or as a bare id.
 */

export function many2oneId(value: unknown): number | false {
    if (Array.isArray(value)) {
        return typeof value[0] === "number" ? value[0] : false;
    }
    if (value && typeof value === "object" && "id" in value) {
        return (value as { id: number }).id || false;
    }
    return typeof value === "number" ? value : false;
}
