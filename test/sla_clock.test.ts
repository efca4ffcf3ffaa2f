/**
 * ts_src/services/sla_clock.ts: one timer for all subscribers, working
 * intervals cached per calendar and fetched in one batched RPC.
 */
import {
    SLA_INTERVALS_METHOD,
    SLA_INTERVALS_MODEL,
    SLA_TICK_MS,
    createSlaClock,
    serverDatetime,
    slaClockService,
} from "../ts_src/services/sla_clock";
import { session } from "./doubles/web/session";

const NOW = Date.UTC(2026, 4, 18, 7, 0);

function ormDouble(result: Record<string, [number, number][]> = {}) {
    return {
        call: jest.fn(async (_model: string, _method: string, args: unknown[]) => {
            const [ids] = args as [number[]];
            return Object.fromEntries(ids.filter((id) => id in result).map((id) => [String(id), result[id]]));
        }),
    };
}

afterEach(() => {
    jest.useRealTimers();
    session.test_mode = undefined;
    delete (window as unknown as { __amcSlaClockTick?: unknown }).__amcSlaClockTick;
});

test("one timer ticks every 30 s for all subscribers, and stops with the last", () => {
    jest.useFakeTimers({ now: NOW });
    const setIntervalSpy = jest.spyOn(globalThis, "setInterval");
    const clearIntervalSpy = jest.spyOn(globalThis, "clearInterval");
    const clock = createSlaClock({ orm: ormDouble() });
    const stops = Array.from({ length: 3 }, () => clock.subscribe());
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(setIntervalSpy.mock.calls[0][1]).toBe(SLA_TICK_MS);
    expect(clock.subscriberCount).toBe(3);
    expect(clock.state.now).toBe(NOW);
    jest.advanceTimersByTime(SLA_TICK_MS);
    expect(clock.state.now).toBe(NOW + SLA_TICK_MS);
    jest.advanceTimersByTime(SLA_TICK_MS * 2);
    expect(clock.state.now).toBe(NOW + SLA_TICK_MS * 3);
    stops[0]();
    stops[0](); // twice: counted once
    stops[1]();
    expect(clearIntervalSpy).not.toHaveBeenCalled();
    stops[2]();
    expect(clearIntervalSpy).toHaveBeenCalledTimes(1);
    expect(clock.subscriberCount).toBe(0);
    jest.advanceTimersByTime(SLA_TICK_MS * 5);
    expect(clock.state.now).toBe(NOW + SLA_TICK_MS * 3);
    // a forced tick can move the clock forward for good
    clock.tick(5 * 60_000);
    expect(clock.state.now).toBe(NOW + SLA_TICK_MS * 8 + 5 * 60_000);
});

test("missing calendars are fetched together in one call, then served from the cache", async () => {
    const orm = ormDouble({ 3: [[NOW, NOW + 3_600_000]], 5: [] });
    const clock = createSlaClock({ orm, now: () => NOW });
    expect(clock.coverage(5)).toBeUndefined();
    expect(clock.coverage(3)).toBeUndefined();
    expect(clock.coverage(5)).toBeUndefined();
    expect(clock.coverage(9)).toBeUndefined(); // not readable: the server leaves it out
    await clock.idle();
    expect(orm.call).toHaveBeenCalledTimes(1);
    const [model, method, args] = orm.call.mock.calls[0];
    expect([model, method]).toEqual([SLA_INTERVALS_MODEL, SLA_INTERVALS_METHOD]);
    expect(args).toEqual([[3, 5, 9], serverDatetime(NOW - 31 * 86_400_000), serverDatetime(NOW + 31 * 86_400_000)]);
    expect(clock.coverage(3)?.intervals).toEqual([[NOW, NOW + 3_600_000]]);
    expect(clock.coverage(5)?.intervals).toEqual([]);
    expect(clock.coverage(9)).toBeUndefined();
    await clock.idle();
    expect(orm.call).toHaveBeenCalledTimes(1);
    expect(serverDatetime(NOW)).toBe("2026-05-18 07:00:00");
});

test("intervals are fetched again when the known ones run short", async () => {
    let now = NOW;
    const orm = ormDouble({ 3: [] });
    const clock = createSlaClock({ orm, now: () => now });
    clock.coverage(3);
    await clock.idle();
    now += 20 * 86_400_000;
    clock.tick();
    expect(clock.coverage(3)).toBeDefined(); // the old intervals serve until the new ones arrive
    await clock.idle();
    expect(orm.call).toHaveBeenCalledTimes(2);
    expect(clock.coverage(3)?.end).toBe(now + 31 * 86_400_000);
});

test("a failed call is not retried in a loop", async () => {
    const orm = { call: jest.fn(async () => Promise.reject(new Error("offline"))) };
    const clock = createSlaClock({ orm, now: () => NOW });
    clock.coverage(3);
    await clock.idle();
    clock.coverage(3);
    await clock.idle();
    expect(orm.call).toHaveBeenCalledTimes(1);
});

test("the service exposes a tick hook in test mode only", () => {
    const hookOf = () => (window as unknown as { __amcSlaClockTick?: (ms?: number) => void }).__amcSlaClockTick;
    const clock = slaClockService.start(null, { orm: ormDouble() as never });
    expect(hookOf()).toBeUndefined();
    session.test_mode = true;
    const testClock = slaClockService.start(null, { orm: ormDouble() as never });
    const before = testClock.state.now;
    hookOf()?.(60_000);
    expect(testClock.state.now).toBeGreaterThanOrEqual(before + 60_000);
    expect(slaClockService.dependencies).toEqual(["orm"]);
    expect(clock).not.toBe(testClock);
});
