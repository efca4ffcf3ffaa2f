/**
 * @jest-environment node
 */
// ts_src/lib/format.ts: percentages. Hours are Odoo's formatFloatTime
// (@web/views/fields/formatters), not re-implemented in the module.
import * as format from "../ts_src/lib/format";
import { formatPercent } from "../ts_src/lib/format";

test("formatPercent rounds to a whole percent", () => {
    expect(formatPercent(84)).toBe("84 %");
    expect(formatPercent(84.4)).toBe("84 %");
    expect(formatPercent(79.5)).toBe("80 %");
    expect(formatPercent(100)).toBe("100 %");
});

test("hours are not formatted by the module itself", () => {
    expect(Object.keys(format)).toEqual(["formatPercent"]);
});
