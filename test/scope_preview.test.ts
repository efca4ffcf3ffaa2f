/**
 * ts_src/lib/scope_preview.ts: the preview scheduler (at most one fetch per
 * 400 ms while typing, latest input, stale replies dropped), with jest's fake
 * timers, and the badge view model.
 */
import {
    PREVIEW_WAIT_MS,
    PreviewScheduler,
    SCOPE_BADGE_CLASSES,
    buildScopeBadgeView,
    overrideChoices,
    previewKey,
} from "../ts_src/lib/scope_preview";
import type { PreviewInput, ScopePreview, ScopeRecordValues } from "../ts_src/lib/scope_preview";

interface Deferred<T> {
    promise: Promise<T>;
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { promise, resolve, reject };
}

function input(name: string, description = ""): PreviewInput {
    return { name, description, agreementId: 3 };
}

/** A scheduler whose fetches are recorded with their (fake) time and resolved by hand. */
function makeScheduler(wait = PREVIEW_WAIT_MS) {
    const fetches: { input: PreviewInput; at: number; reply: Deferred<string> }[] = [];
    const results: string[] = [];
    const errors: unknown[] = [];
    const scheduler = new PreviewScheduler<PreviewInput, string>({
        wait,
        key: previewKey,
        fetch: (value) => {
            const reply = deferred<string>();
            fetches.push({ input: value, at: Date.now(), reply });
            return reply.promise;
        },
        onResult: (output) => results.push(output),
        onError: (error) => errors.push(error),
    });
    return { scheduler, fetches, results, errors };
}

beforeEach(() => {
    jest.useFakeTimers();
});

afterEach(() => {
    jest.useRealTimers();
});

describe("PreviewScheduler", () => {
    test("typing for 2 s, one key every 50 ms, fetches at most once per 400 ms, the latest text each time", async () => {
        const { scheduler, fetches } = makeScheduler();
        const text = "Import 2 000 customer records from the old CRM";
        const start = Date.now();
        for (let index = 1; index <= 40; index++) {
            scheduler.schedule(input(text.slice(0, index)));
            await jest.advanceTimersByTimeAsync(50);
        }
        await jest.advanceTimersByTimeAsync(1000);
        // 40 keystrokes over 2 s: 5 fetches, never two within 400 ms
        expect(fetches.length).toBeGreaterThanOrEqual(4);
        expect(fetches.length).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / PREVIEW_WAIT_MS));
        for (let index = 1; index < fetches.length; index++) {
            expect(fetches[index].at - fetches[index - 1].at).toBeGreaterThanOrEqual(PREVIEW_WAIT_MS);
        }
        // each fetch carries the text as it was when the timer fired; the last one is complete
        expect(fetches[0].input.name).toBe(text.slice(0, 8));
        expect(fetches[fetches.length - 1].input.name).toBe(text.slice(0, 40));
    });

    test("nothing is fetched before 400 ms, then exactly once", async () => {
        const { scheduler, fetches } = makeScheduler();
        scheduler.schedule(input("bug"));
        await jest.advanceTimersByTimeAsync(399);
        expect(fetches).toHaveLength(0);
        await jest.advanceTimersByTimeAsync(1);
        expect(fetches).toHaveLength(1);
        await jest.advanceTimersByTimeAsync(5000);
        expect(fetches).toHaveLength(1);
    });

    test("the input already shown (markCurrent) or already fetched is not fetched again", async () => {
        const { scheduler, fetches } = makeScheduler();
        scheduler.markCurrent(input("saved subject"));
        scheduler.schedule(input("saved subject"));
        await jest.advanceTimersByTimeAsync(1000);
        expect(fetches).toHaveLength(0);
        // typed then undone within the window: nothing to fetch
        scheduler.schedule(input("saved subjectx"));
        scheduler.schedule(input("saved subject"));
        expect(scheduler.pending).toBe(false);
        await jest.advanceTimersByTimeAsync(1000);
        expect(fetches).toHaveLength(0);
        scheduler.schedule(input("new subject"));
        await jest.advanceTimersByTimeAsync(400);
        scheduler.schedule(input("new subject"));
        await jest.advanceTimersByTimeAsync(1000);
        expect(fetches).toHaveLength(1);
    });

    test("a reply older than the latest request is dropped, in whatever order replies come", async () => {
        const { scheduler, fetches, results } = makeScheduler();
        scheduler.schedule(input("how do i"));
        await jest.advanceTimersByTimeAsync(400);
        scheduler.schedule(input("how do i import"));
        await jest.advanceTimersByTimeAsync(400);
        expect(fetches).toHaveLength(2);
        // the newer reply first, then the older one
        fetches[1].reply.resolve("billable");
        await jest.advanceTimersByTimeAsync(0);
        fetches[0].reply.resolve("first_line");
        await jest.advanceTimersByTimeAsync(0);
        expect(results).toEqual(["billable"]);

        scheduler.schedule(input("how do i export"));
        await jest.advanceTimersByTimeAsync(400);
        scheduler.schedule(input("how do i reset"));
        await jest.advanceTimersByTimeAsync(400);
        // the older reply first: the newer request was already sent, so it is stale too
        fetches[2].reply.resolve("stale");
        await jest.advanceTimersByTimeAsync(0);
        expect(results).toEqual(["billable"]);
        fetches[3].reply.resolve("first_line");
        await jest.advanceTimersByTimeAsync(0);
        expect(results).toEqual(["billable", "first_line"]);
    });

    test("cancel drops the pending input and makes in-flight replies stale", async () => {
        const { scheduler, fetches, results } = makeScheduler();
        scheduler.schedule(input("bug"));
        await jest.advanceTimersByTimeAsync(400);
        scheduler.schedule(input("bug fix"));
        scheduler.cancel();
        await jest.advanceTimersByTimeAsync(1000);
        expect(fetches).toHaveLength(1);
        fetches[0].reply.resolve("included");
        await jest.advanceTimersByTimeAsync(0);
        expect(results).toEqual([]);
    });

    test("a failed fetch reports the error and the same text can be fetched again", async () => {
        const { scheduler, fetches, results, errors } = makeScheduler();
        scheduler.schedule(input("bug"));
        await jest.advanceTimersByTimeAsync(400);
        fetches[0].reply.reject(new Error("network"));
        await jest.advanceTimersByTimeAsync(0);
        expect(errors).toHaveLength(1);
        scheduler.schedule(input("bug"));
        await jest.advanceTimersByTimeAsync(400);
        expect(fetches).toHaveLength(2);
        fetches[1].reply.resolve("included");
        await jest.advanceTimersByTimeAsync(0);
        expect(results).toEqual(["included"]);
    });

    test("a fetch that throws synchronously is reported like a rejection", async () => {
        const errors: unknown[] = [];
        const scheduler = new PreviewScheduler<PreviewInput, string>({
            wait: 400,
            key: previewKey,
            fetch: () => {
                throw new Error("boom");
            },
            onResult: () => undefined,
            onError: (error) => errors.push(error),
        });
        scheduler.schedule(input("x"));
        await jest.advanceTimersByTimeAsync(400);
        expect(errors).toHaveLength(1);
    });

    test("the wait is honoured with injected timers too", () => {
        const calls: number[] = [];
        const scheduled: { callback: () => void; ms: number }[] = [];
        const scheduler = new PreviewScheduler<PreviewInput, string>({
            wait: 250,
            key: previewKey,
            fetch: async () => {
                calls.push(1);
                return "x";
            },
            onResult: () => undefined,
            timers: {
                setTimeout: (callback, ms) => scheduled.push({ callback, ms }),
                clearTimeout: () => undefined,
            },
        });
        scheduler.schedule(input("a"));
        scheduler.schedule(input("ab"));
        expect(scheduled).toHaveLength(1);
        expect(scheduled[0].ms).toBe(250);
        scheduled[0].callback();
        expect(calls).toHaveLength(1);
        expect(scheduler.fetchCount).toBe(1);
    });
});

describe("buildScopeBadgeView", () => {
    const labels = {
        included: "Included in Maintenance",
        first_line: "First Line",
        config: "Minor Configuration",
        billable: "Billable",
        needs_review: "Needs Review",
    };
    const saved: ScopeRecordValues = {
        scope: "included",
        scope_reason: 'matched "bug" → Bug fixes, included in maintenance',
        scope_confidence: 0.55,
        scope_source: "rules",
        scope_overridden: false,
        scope_override_reason: false,
        overriddenBy: false,
        overriddenDate: false,
    };
    const preview: ScopePreview = {
        scope: "billable",
        scope_label: "Billable",
        category: "Data import/export",
        reason: 'matched "import" → Data import/export, always charged',
        matched_terms: ["import"],
        confidence: 0.554,
        rule_id: 3,
        always_charged: true,
        source: "rules",
    };

    test("a scope decided by the learned model: the server's reason, flagged as learned", () => {
        const reason =
            'learned from "flux", "capacitor" → minor configuration (97 %); like Request 12, overridden to minor configuration by Anna';
        const learned: ScopePreview = {
            scope: "config",
            scope_label: "Minor Configuration",
            category: false,
            reason,
            matched_terms: ["flux", "capacitor"],
            confidence: 0.97,
            rule_id: false,
            always_charged: false,
            source: "model",
        };
        expect(buildScopeBadgeView(saved, learned, labels)).toMatchObject({
            scope: "config",
            label: "Minor Configuration",
            reason,
            confidence: 97,
            isPreview: true,
            learned: true,
        });
        // saved as learned, then overridden: the agent's scope is not the model's
        const savedLearned = { ...saved, scope: "config" as const, scope_reason: reason, scope_source: "model" as const };
        expect(buildScopeBadgeView(savedLearned, null, labels)).toMatchObject({ learned: true, reason, isPreview: false });
        expect(buildScopeBadgeView({ ...savedLearned, scope_overridden: true }, null, labels).learned).toBe(false);
        // below the Settings threshold the model does not decide: needs review, with the model's guess in the reason
        const below = {
            ...learned,
            scope: "needs_review" as const,
            reason: "no rule matched → needs review (learned: billable 45 %, below 60 %)",
            confidence: 0,
            source: "none" as const,
        };
        expect(buildScopeBadgeView(saved, below, labels)).toMatchObject({
            scope: "needs_review",
            reason: "no rule matched → needs review (learned: billable 45 %, below 60 %)",
            confidence: false,
            learned: false,
        });
    });

    test("the saved classification without a preview", () => {
        expect(buildScopeBadgeView(saved, null, labels)).toEqual({
            scope: "included",
            label: "Included in Maintenance",
            badgeClass: "text-bg-success",
            reason: 'matched "bug" → Bug fixes, included in maintenance',
            confidence: 55,
            isPreview: false,
            learned: false,
            overridden: false,
            overrideReason: "",
            overriddenBy: "",
            overriddenDate: "",
        });
    });

    test("a live preview replaces it and is flagged until saved", () => {
        const view = buildScopeBadgeView(saved, preview, labels);
        expect(view).toMatchObject({
            scope: "billable",
            label: "Billable",
            badgeClass: "text-bg-warning",
            reason: 'matched "import" → Data import/export, always charged',
            confidence: 55,
            isPreview: true,
        });
        const afterSave = { ...saved, scope: "billable" as const, scope_reason: preview.reason };
        expect(buildScopeBadgeView(afterSave, preview, labels).isPreview).toBe(false);
    });

    test("an overridden scope ignores the preview and tells who and why", () => {
        const overridden: ScopeRecordValues = {
            ...saved,
            scope: "included",
            scope_overridden: true,
            scope_override_reason: "Bug in the import code",
            overriddenBy: "Marc Demo",
            overriddenDate: "11/21/2026 10:00:00",
        };
        expect(buildScopeBadgeView(overridden, preview, labels)).toMatchObject({
            scope: "included",
            confidence: false,
            reason: saved.scope_reason,
            isPreview: false,
            overridden: true,
            overrideReason: "Bug in the import code",
            overriddenBy: "Marc Demo",
            overriddenDate: "11/21/2026 10:00:00",
        });
    });

    test("needs review: no confidence, danger badge; a new record has no scope yet", () => {
        const view = buildScopeBadgeView(
            { ...saved, scope: false, scope_reason: false, scope_confidence: false },
            null,
            labels,
        );
        expect(view).toMatchObject({ scope: "needs_review", label: "Needs Review", confidence: false, reason: "" });
        expect(view.badgeClass).toBe(SCOPE_BADGE_CLASSES.needs_review);
    });

    test("override choices are every scope but the current one", () => {
        expect(overrideChoices(Object.entries(labels) as [string, string][], "billable").map((c) => c.value)).toEqual([
            "included",
            "first_line",
            "config",
            "needs_review",
        ]);
    });
});
