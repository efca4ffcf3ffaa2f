import { many2oneId } from "../ts_src/lib/odoo_values";

test("many2oneId reads every shape of a many2one value", () => {
    expect(many2oneId({ id: 7, display_name: "Standard" })).toBe(7);
    expect(many2oneId([7, "Standard"])).toBe(7);
    expect(many2oneId(7)).toBe(7);
    expect(many2oneId(false)).toBe(false);
    expect(many2oneId({ id: 0 })).toBe(false);
    expect(many2oneId(["x", "y"])).toBe(false);
});
