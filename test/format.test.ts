/**
 * @jest-environment node
 */
// ts_src/lib/format.ts: float_time like Odoo's formatFloatTime, percentages.
import { formatFloatTime, formatPercent } from "../ts_src/lib/format";

describe("formatFloatTime", () => {
    test.each([
        [8.5, "08:30"],
        [0, "00:00"],
        [0.25, "00:15"],
        [4.25, "04:15"],
        [1.75, "01:45"],
        [125.5, "125:30"],
        [-1.5, "-01:30"],
        [1 / 60, "00:01"],
        [0.1 + 0.2, "00:18"],
    ])("%p -> %p", (hours, expected) => {
        expect(formatFloatTime(hours)).toBe(expected);
    });

    test("rounds to the minute; 60 minutes carry into the hour", () => {
        expect(formatFloatTime(1.9999)).toBe("02:00");
        expect(formatFloatTime(29 / 3600)).toBe("00:00");
        expect(formatFloatTime(31 / 3600)).toBe("00:01");
    });

    test("no negative zero; non-finite is empty", () => {
        expect(formatFloatTime(-0.001)).toBe("00:00");
        expect(formatFloatTime(Number.NaN)).toBe("");
        expect(formatFloatTime(Number.POSITIVE_INFINITY)).toBe("");
    });
});

test("formatPercent rounds to a whole percent", () => {
    expect(formatPercent(84)).toBe("84 %");
    expect(formatPercent(84.4)).toBe("84 %");
    expect(formatPercent(79.5)).toBe("80 %");
    expect(formatPercent(100)).toBe("100 %");
});
