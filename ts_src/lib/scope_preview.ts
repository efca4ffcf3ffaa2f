/**
 * Pure logic of the `amc_scope_classifier` field widget (DOM-free, Odoo-free):
 * the throttled, stale-proof preview scheduler and the badge's view model.
 */
import type { Scope } from "./selections";

export const REQUEST_MODEL = "amc.request";
export const PREVIEW_METHOD = "classify_scope_preview";
export const OVERRIDE_METHOD = "action_override_scope";
export const RESET_METHOD = "action_reset_scope";
/** At most one preview RPC per this many milliseconds while the user types. */
export const PREVIEW_WAIT_MS = 400;

export type { Scope };
/** Who gave the automatic scope: a rule, the model learned from agents' decisions, or nobody. */
export type ScopeSource = "rules" | "model" | "none";

/** What `amc.request.classify_scope_preview` returns. */
export interface ScopePreview {
    scope: Scope;
    scope_label: string;
    category: string | false;
    reason: string;
    matched_terms: string[];
    confidence: number;
    rule_id: number | false;
    always_charged: boolean;
    source: ScopeSource;
}

/** The text (and agreement) a preview is asked for. */
export interface PreviewInput {
    name: string;
    description: string;
    agreementId: number | false;
}

export function previewKey(input: PreviewInput): string {
    return JSON.stringify([input.name, input.description, input.agreementId]);
}

/** `setTimeout`/`clearTimeout`, injectable so tests can use fake timers. */
export interface Timers {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

const globalTimers: Timers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PreviewSchedulerOptions<I, O> {
    /** Minimum time between two fetches, in milliseconds. */
    wait: number;
    fetch: (input: I) => Promise<O>;
    /** Called with the reply of the LATEST fetch only. */
    onResult: (output: O, input: I) => void;
    onError?: (error: unknown, input: I) => void;
    /** Equal keys mean equal inputs (nothing to fetch again). */
    key: (input: I) => string;
    timers?: Timers;
}

/**
 * Throttles previews while the user types and drops stale replies.
 *
 * - `schedule(input)` starts a `wait` ms timer if none runs; when it fires,
 *   the LATEST scheduled input is fetched. Inputs arriving in between only
 *   replace the pending one, and the next timer starts after the fetch, so two
 *   fetches are always at least `wait` ms apart: at most one per `wait` ms.
 * - An input equal to the last fetched one (or to the baseline set by
 *   `markCurrent`) fetches nothing and cancels a pending input.
 * - Every fetch gets a sequence number; a reply whose number is not the last
 *   one sent is stale and dropped, whatever order replies arrive in.
 * - `cancel()` forgets the pending input and makes every in-flight reply stale.
 */
export class PreviewScheduler<I, O> {
    private readonly options: PreviewSchedulerOptions<I, O>;
    private readonly timers: Timers;
    private timer: unknown = null;
    private pendingInput: I | null = null;
    private lastKey: string | null = null;
    private sequence = 0;
    /** Number of fetches made (for tests and diagnostics). */
    fetchCount = 0;

    constructor(options: PreviewSchedulerOptions<I, O>) {
        this.options = options;
        this.timers = options.timers ?? globalTimers;
    }

    get pending(): boolean {
        return this.pendingInput !== null;
    }

    /** The input the shown result is for: nothing is fetched until the input differs. */
    markCurrent(input: I): void {
        this.lastKey = this.options.key(input);
        this.clearPending();
    }

    schedule(input: I): void {
        if (this.options.key(input) === this.lastKey) {
            this.clearPending();
            return;
        }
        this.pendingInput = input;
        if (this.timer === null) {
            this.timer = this.timers.setTimeout(() => this.fire(), this.options.wait);
        }
    }

    cancel(): void {
        this.clearPending();
        this.sequence++;
    }

    private clearPending(): void {
        this.pendingInput = null;
        if (this.timer !== null) {
            this.timers.clearTimeout(this.timer);
            this.timer = null;
        }
    }

    private fire(): void {
        this.timer = null;
        const input = this.pendingInput;
        this.pendingInput = null;
        if (input === null) {
            return;
        }
        const sequence = ++this.sequence;
        this.lastKey = this.options.key(input);
        this.fetchCount++;
        let promise: Promise<O>;
        try {
            promise = this.options.fetch(input);
        } catch (error) {
            promise = Promise.reject(error);
        }
        promise.then(
            (output) => {
                if (sequence === this.sequence) {
                    this.options.onResult(output, input);
                }
            },
            (error: unknown) => {
                if (sequence === this.sequence) {
                    // a failed fetch may be retried with the same input
                    this.lastKey = null;
                    this.options.onError?.(error, input);
                }
            },
        );
    }
}

// -- badge view model ----------------------------------------------------------

/** The record values the widget reads (Odoo's record.data, dates already formatted). */
export interface ScopeRecordValues {
    scope: Scope | false;
    scope_reason: string | false;
    scope_confidence: number | false;
    scope_source: ScopeSource | false;
    scope_overridden: boolean;
    scope_override_reason: string | false;
    overriddenBy: string | false;
    overriddenDate: string | false;
}

export interface ScopeBadgeView {
    scope: Scope;
    label: string;
    badgeClass: string;
    reason: string;
    /** Whole percent, or false without a match (needs review) or when overridden. */
    confidence: number | false;
    /** The preview differs from what is saved: it becomes true on save. */
    isPreview: boolean;
    /**
     * The scope comes from the model learned from agents' decisions: the reason (formatted by
     * the server) names the words that weighed most and the nearest earlier decisions.
     */
    learned: boolean;
    overridden: boolean;
    overrideReason: string;
    overriddenBy: string;
    overriddenDate: string;
}

/** Bootstrap badge colours of the scopes, as the request list's decorations. */
export const SCOPE_BADGE_CLASSES: Record<Scope, string> = {
    included: "text-bg-success",
    first_line: "text-bg-success",
    config: "text-bg-info",
    billable: "text-bg-warning",
    needs_review: "text-bg-danger",
};

/**
 * What the badge shows: the saved classification, or the live preview when
 * there is one for the current text and the scope is not overridden (an
 * overridden scope does not follow the text).
 */
export function buildScopeBadgeView(
    values: ScopeRecordValues,
    preview: ScopePreview | null,
    labels: Record<string, string>,
): ScopeBadgeView {
    const overridden = values.scope_overridden;
    const savedScope: Scope = values.scope || "needs_review";
    const usePreview = preview !== null && !overridden;
    const scope = usePreview ? preview.scope : savedScope;
    const reason = usePreview ? preview.reason : values.scope_reason || "";
    const rawConfidence = usePreview ? preview.confidence : values.scope_confidence || 0;
    const source = usePreview ? preview.source : values.scope_source;
    return {
        scope,
        label: labels[scope] ?? (usePreview ? preview.scope_label : scope),
        badgeClass: SCOPE_BADGE_CLASSES[scope] ?? "text-bg-secondary",
        reason,
        // the confidence is the rules' or the model's; an overridden scope is the agent's
        confidence: overridden || scope === "needs_review" || !rawConfidence ? false : Math.round(rawConfidence * 100),
        isPreview: usePreview && (preview.scope !== savedScope || preview.reason !== (values.scope_reason || "")),
        learned: !overridden && source === "model",
        overridden,
        overrideReason: overridden ? values.scope_override_reason || "" : "",
        overriddenBy: overridden ? values.overriddenBy || "" : "",
        overriddenDate: overridden ? values.overriddenDate || "" : "",
    };
}

/** The scopes an agent can switch to: every scope but the current one. */
export function overrideChoices(
    selection: [string, string][],
    current: string | false,
): { value: string; label: string }[] {
    return selection.filter(([value]) => value !== current).map(([value, label]) => ({ value, label }));
}
