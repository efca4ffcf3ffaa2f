import { Component, onWillUnmount, useEffect, useExternalListener, useRef, useState } from "@odoo/owl";
import { formatDateTime } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import type { OdooEnv, OrmService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import type { DateTime } from "luxon";

import { _t } from "../../l10n";
import {
    OVERRIDE_METHOD,
    PREVIEW_METHOD,
    PREVIEW_WAIT_MS,
    PreviewScheduler,
    REQUEST_MODEL,
    RESET_METHOD,
    buildScopeBadgeView,
    overrideChoices,
    previewKey,
} from "../../lib/scope_preview";
import type { PreviewInput, Scope, ScopeBadgeView, ScopePreview, ScopeSource } from "../../lib/scope_preview";
import { many2oneId } from "../../lib/odoo_values";

/** What the widget uses of Odoo's Record (web/static/src/model/relational_model/record.js). */
export interface ScopeFieldRecord {
    resId: number | false;
    isNew: boolean;
    data: Record<string, unknown>;
    fields: Record<string, { type?: string; selection?: [string, string][] }>;
    isDirty(): Promise<boolean>;
    save(options?: Record<string, unknown>): Promise<boolean>;
    load(): Promise<unknown>;
}

/** `standardFieldProps` of web/static/src/views/fields/standard_field_props.js. */
export interface ScopeClassifierFieldProps {
    id?: string;
    name: string;
    readonly?: boolean;
    record: ScopeFieldRecord;
}

/** Text fields of the request whose typing moves the preview. */
const TEXT_FIELDS = ["name", "description"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

interface ScopeClassifierState {
    preview: ScopePreview | null;
    menuOpen: boolean;
    overrideScope: string | null;
    reason: string;
    error: string;
    busy: boolean;
}

/** A char value, or an html value (Odoo gives html as an OWL `Markup`, a String object). */
function textValue(value: unknown): string {
    if (typeof value === "string") {
        return value;
    }
    return value instanceof String ? value.toString() : "";
}


function many2oneName(value: unknown): string | false {
    if (value && typeof value === "object" && "display_name" in value) {
        return (value as { display_name: string }).display_name || false;
    }
    return false;
}

/**
 * Field widget `amc_scope_classifier` for the request's `scope`: a badge with
 * the one-line reason, updated while the user types the subject or the
 * description (`classify_scope_preview`, at most one RPC per 400 ms, stale
 * replies ignored), and an override menu that asks for a reason
 * (`action_override_scope`) or goes back to automatic classification
 * (`action_reset_scope`). The record is saved first when it has changes.
 */
export class AmcScopeClassifierField extends Component<ScopeClassifierFieldProps, OdooEnv> {
    static override template = "addon_amc.ScopeClassifierField";
    static override props = { ...standardFieldProps };

    declare orm: OrmService;
    declare state: ScopeClassifierState;
    declare scheduler: PreviewScheduler<PreviewInput, ScopePreview>;
    /** Text typed but not yet committed to the record (input events of this form). */
    declare liveText: Partial<Record<TextField, string>>;
    /** The record's subject and description when last seen. */
    declare committedText: Record<TextField, string>;
    declare rootRef: { el: HTMLElement | null };
    declare reasonRef: { el: HTMLTextAreaElement | null };

    override setup(): void {
        this.orm = useService("orm");
        this.state = useState<ScopeClassifierState>({
            preview: null,
            menuOpen: false,
            overrideScope: null,
            reason: "",
            error: "",
            busy: false,
        });
        this.liveText = {};
        this.committedText = this.recordText();
        this.rootRef = useRef("root");
        this.reasonRef = useRef("reason");
        this.scheduler = new PreviewScheduler<PreviewInput, ScopePreview>({
            wait: PREVIEW_WAIT_MS,
            key: previewKey,
            fetch: (input) =>
                this.orm.call<ScopePreview>(REQUEST_MODEL, PREVIEW_METHOD, [input.name, input.description], {
                    agreement_id: input.agreementId || null,
                    // the request's own earlier decision is not followed, as when it is saved
                    request_id: this.props.record.resId || null,
                }),
            onResult: (preview) => {
                this.state.preview = preview;
            },
            onError: () => {
                this.state.preview = null;
            },
        });
        // what is shown on opening is the saved classification: no RPC until the text changes
        this.scheduler.markCurrent(this.currentInput());

        // a new record (pager) starts from its saved classification again
        useEffect(
            () => {
                this.liveText = {};
                this.committedText = this.recordText();
                this.state.preview = null;
                this.state.overrideScope = null;
                this.state.menuOpen = false;
                this.scheduler.cancel();
                this.scheduler.markCurrent(this.currentInput());
            },
            () => [this.props.record],
        );
        // committed edits of the subject, the description or the agreement; a field's
        // typed text is dropped once committed, not the other field's (still typed)
        useEffect(
            (name, description) => {
                const committed = { name, description } as Record<TextField, unknown>;
                const live = { ...this.liveText };
                for (const field of TEXT_FIELDS) {
                    if (committed[field] !== this.committedText[field]) {
                        delete live[field];
                    }
                }
                this.liveText = live;
                this.committedText = { name: textValue(name), description: textValue(description) };
                this.schedulePreview();
            },
            () => {
                const data = this.props.record.data;
                return [textValue(data.name), textValue(data.description), many2oneId(data.agreement_id)];
            },
        );
        // keystrokes in this form's subject and description, before they are committed
        useExternalListener(document, "input", (event: Event) => this.onDocumentInput(event));
        useExternalListener(window, "click", (event: Event) => this.onWindowClick(event), { capture: true });
        useEffect(
            (textarea) => {
                textarea?.focus();
            },
            () => [this.reasonRef.el],
        );
        onWillUnmount(() => this.scheduler.cancel());
    }

    // -- preview ----------------------------------------------------------------

    recordText(): Record<TextField, string> {
        const data = this.props.record.data;
        return { name: textValue(data.name), description: textValue(data.description) };
    }

    currentInput(): PreviewInput {
        const data = this.props.record.data;
        return {
            name: this.liveText.name ?? textValue(data.name),
            description: this.liveText.description ?? textValue(data.description),
            agreementId: many2oneId(data.agreement_id),
        };
    }

    get isOverridden(): boolean {
        return Boolean(this.props.record.data.scope_overridden);
    }

    schedulePreview(): void {
        if (this.isOverridden) {
            // an overridden scope does not follow the text
            this.scheduler.cancel();
            return;
        }
        this.scheduler.schedule(this.currentInput());
    }

    onDocumentInput(event: Event): void {
        const target = event.target;
        const root = this.rootRef.el;
        if (!(target instanceof HTMLElement) || !root) {
            return;
        }
        const form = root.closest(".o_form_renderer, .o_form_view");
        const field = target.closest<HTMLElement>(".o_field_widget[name]");
        const name = field?.getAttribute("name");
        if (!form || !field || !form.contains(field) || !TEXT_FIELDS.includes(name as TextField)) {
            return;
        }
        // the request's own field, not one of a line in a list of the form (a time entry's description)
        if (field.parentElement?.closest(".o_field_x2many, .o_form_renderer, .o_form_view") !== form) {
            return;
        }
        let value: string;
        if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
            value = target.value;
        } else {
            const editable = target.closest<HTMLElement>("[contenteditable='true']") ?? target;
            value = editable.innerHTML;
        }
        this.liveText = { ...this.liveText, [name as TextField]: value };
        this.schedulePreview();
    }

    // -- view -------------------------------------------------------------------

    get selection(): [string, string][] {
        return this.props.record.fields[this.props.name]?.selection ?? [];
    }

    get view(): ScopeBadgeView {
        const data = this.props.record.data;
        const date = data.scope_overridden_date as DateTime | false | undefined;
        return buildScopeBadgeView(
            {
                scope: (data[this.props.name] as Scope | false) ?? false,
                scope_reason: (data.scope_reason as string | false) ?? false,
                scope_confidence: (data.scope_confidence as number | false) ?? false,
                scope_source: (data.scope_source as ScopeSource | false) ?? false,
                scope_overridden: Boolean(data.scope_overridden),
                scope_override_reason: (data.scope_override_reason as string | false) ?? false,
                overriddenBy: many2oneName(data.scope_overridden_by),
                overriddenDate: date ? formatDateTime(date) : false,
            },
            this.isOverridden ? null : this.state.preview,
            Object.fromEntries(this.selection),
        );
    }

    get choices(): { value: string; label: string }[] {
        return overrideChoices(this.selection, (this.props.record.data[this.props.name] as string) || false);
    }

    get overrideLabel(): string {
        const scope = this.state.overrideScope;
        return this.selection.find(([value]) => value === scope)?.[1] ?? scope ?? "";
    }

    get overrideInfo(): string {
        const view = this.view;
        return _t("Overridden by %(user)s on %(date)s", { user: view.overriddenBy, date: view.overriddenDate });
    }

    get emptyHint(): string {
        return _t("Type a subject and a description: the scope follows as you type.");
    }

    // -- override menu -----------------------------------------------------------

    toggleMenu(): void {
        this.state.menuOpen = !this.state.menuOpen;
    }

    onWindowClick(event: Event): void {
        const root = this.rootRef.el;
        if (this.state.menuOpen && root && event.target instanceof Node && !root.contains(event.target)) {
            this.state.menuOpen = false;
        }
    }

    chooseScope(scope: string): void {
        this.state.menuOpen = false;
        this.state.overrideScope = scope;
        this.state.reason = "";
        this.state.error = "";
    }

    cancelOverride(): void {
        this.state.overrideScope = null;
        this.state.error = "";
    }

    onReasonKeydown(event: KeyboardEvent): void {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void this.confirmOverride();
        } else if (event.key === "Escape") {
            event.preventDefault();
            this.cancelOverride();
        }
    }

    /** Saves a new or changed record; false when the save failed (invalid fields). */
    async saveRecord(): Promise<boolean> {
        const record = this.props.record;
        if (record.isNew || (await record.isDirty())) {
            return record.save();
        }
        return true;
    }

    async confirmOverride(): Promise<void> {
        const scope = this.state.overrideScope;
        const reason = this.state.reason.trim();
        if (!scope || this.state.busy) {
            return;
        }
        if (!reason) {
            this.state.error = _t("Say why: a reason is required to override the scope.");
            return;
        }
        this.state.busy = true;
        this.state.error = "";
        try {
            if (!(await this.saveRecord())) {
                return;
            }
            const record = this.props.record;
            await this.orm.call(REQUEST_MODEL, OVERRIDE_METHOD, [[record.resId], scope, reason]);
            this.state.overrideScope = null;
            this.state.preview = null;
            await record.load();
        } finally {
            this.state.busy = false;
        }
    }

    async resetScope(): Promise<void> {
        if (this.state.busy) {
            return;
        }
        this.state.menuOpen = false;
        this.state.busy = true;
        try {
            if (!(await this.saveRecord())) {
                return;
            }
            const record = this.props.record;
            await this.orm.call(REQUEST_MODEL, RESET_METHOD, [[record.resId]]);
            this.state.preview = null;
            await record.load();
            this.liveText = {};
            this.committedText = this.recordText();
            this.scheduler.markCurrent(this.currentInput());
        } finally {
            this.state.busy = false;
        }
    }
}

/**
 * Descriptor for `registry.category("fields")` (validated by Odoo 19's
 * web/static/src/views/fields/field.js addValidation). The dependencies load
 * the classification fields with the record, wherever the widget is used.
 */
export const amcScopeClassifierField = {
    component: AmcScopeClassifierField,
    displayName: _t("Scope classifier"),
    supportedTypes: ["selection"],
    extractProps: () => ({}),
    fieldDependencies: [
        { name: "name", type: "char" },
        { name: "description", type: "html" },
        { name: "agreement_id", type: "many2one" },
        { name: "scope_reason", type: "char" },
        { name: "scope_confidence", type: "float" },
        { name: "scope_source", type: "selection" },
        { name: "scope_overridden", type: "boolean" },
        { name: "scope_override_reason", type: "text" },
        { name: "scope_overridden_by", type: "many2one" },
        { name: "scope_overridden_date", type: "datetime" },
    ],
};
