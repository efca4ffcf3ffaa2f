/**
 * The `amc_scope_classifier` field widget on the REAL @odoo/owl and template:
 * the registry descriptor against Odoo 19's fields contract, the badge and
 * reason, the live preview while typing (at most one RPC per 400 ms, stale
 * replies ignored; jest fake timers), and the override flow.
 */
import { Component, useState, validate, xml } from "@odoo/owl";
import { DateTime } from "luxon";

import {
    AmcScopeClassifierField,
    amcScopeClassifierField,
} from "../ts_src/components/scope_classifier/scope_classifier";
import type { ScopeFieldRecord } from "../ts_src/components/scope_classifier/scope_classifier";
import type { ScopePreview } from "../ts_src/lib/scope_preview";
import { cleanup, mountComponent, query, readTemplates, textOf } from "./helpers";

const TEMPLATES = readTemplates("ts_src/components/scope_classifier/scope_classifier.xml");

const SELECTION: [string, string][] = [
    ["included", "Included in Maintenance"],
    ["first_line", "First Line"],
    ["config", "Minor Configuration"],
    ["billable", "Billable"],
    ["needs_review", "Needs Review"],
];

/** Copy of `fieldRegistry.addValidation(...)` in Odoo 19's web/static/src/views/fields/field.js. */
const VALID_FIELD_TYPES = ["binary", "boolean", "char", "date", "datetime", "float", "html", "integer", "json",
    "many2many", "many2one", "many2one_reference", "monetary", "one2many", "properties", "reference", "selection",
    "text"];
const supportedInfoValidation = {
    type: Array,
    element: Object,
    shape: {
        label: String,
        name: String,
        type: String,
        availableTypes: { type: Array, element: String, optional: true },
        default: { type: String, optional: true },
        help: { type: String, optional: true },
        choices: { type: Array, element: Object, shape: { label: String, value: String }, optional: true },
    },
    optional: true,
};
const FIELD_SCHEMA = {
    component: { validate: (c: unknown) => typeof c === "function" && c.prototype instanceof Component },
    displayName: { type: String, optional: true },
    supportedAttributes: supportedInfoValidation,
    supportedOptions: supportedInfoValidation,
    supportedTypes: {
        type: Array,
        element: String,
        optional: true,
        validate: (array: string[]) => array.every((x) => VALID_FIELD_TYPES.includes(x)),
    },
    extractProps: { type: Function, optional: true },
    isEmpty: { type: Function, optional: true },
    isValid: { type: Function, optional: true },
    additionalClasses: { type: Array, element: String, optional: true },
    fieldDependencies: {
        type: [Function, { type: Array, element: Object, shape: { name: String, type: String } }],
        optional: true,
    },
    relatedFields: { type: [Function, Array], optional: true },
    useSubView: { type: Boolean, optional: true },
    label: { type: [String, { value: false }], optional: true },
    listViewWidth: { type: [Number, Array, Function], optional: true },
};

interface RecordDouble extends ScopeFieldRecord {
    isDirty: jest.Mock<Promise<boolean>, []>;
    save: jest.Mock<Promise<boolean>, []>;
    load: jest.Mock<Promise<unknown>, []>;
}

function makeRecord(data: Record<string, unknown> = {}, resId: number | false = 7): RecordDouble {
    const record: RecordDouble = {
        resId,
        isNew: resId === false,
        fields: { scope: { type: "selection", selection: SELECTION } },
        data: {
            name: "Scheduled backup reported as failed",
            description: "",
            agreement_id: { id: 3, display_name: "Nordic Timber" },
            scope: "included",
            scope_reason: 'matched "backup" → Technical support, included in maintenance',
            scope_confidence: 0.55,
            scope_source: "rules",
            scope_overridden: false,
            scope_override_reason: false,
            scope_overridden_by: false,
            scope_overridden_date: false,
            ...data,
        },
        isDirty: jest.fn(async () => false),
        save: jest.fn(async () => true),
        load: jest.fn(async () => undefined),
    };
    return record;
}

function preview(scope: ScopePreview["scope"], reason: string): ScopePreview {
    return {
        scope,
        scope_label: SELECTION.find(([value]) => value === scope)?.[1] ?? scope,
        category: false,
        reason,
        matched_terms: [],
        confidence: 0.7,
        rule_id: 1,
        always_charged: false,
        source: "rules",
    };
}

/** Stands for Odoo's form: a reactive record given to the field, inside `.o_form_view`. */
class FormDouble extends Component {
    static override template = xml`
        <div class="o_form_view"><div class="o_form_renderer">
            <div class="o_field_widget" name="name"><input class="o_input" type="text"/></div>
            <div class="o_field_widget" name="description"><div class="odoo-editor-editable" contenteditable="true"/></div>
            <div class="o_field_widget o_field_x2many" name="time_entry_ids">
                <div class="o_field_widget" name="description"><input class="o_input o_time_entry_description" type="text"/></div>
            </div>
            <div class="o_field_widget" name="scope">
                <AmcScopeClassifierField name="'scope'" record="state.record" readonly="state.readonly"/>
            </div>
        </div></div>`;
    static components = { AmcScopeClassifierField };
    static override props = ["*"];

    declare state: { record: RecordDouble; readonly: boolean };

    override setup(): void {
        this.state = useState({ record: this.props.record as RecordDouble, readonly: false });
    }
}

type OrmCall = (model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>) => Promise<unknown>;

async function mountField(record: RecordDouble, call: OrmCall) {
    const orm = { call: jest.fn(call) };
    const mounted = await mountComponent(FormDouble, { templates: TEMPLATES, props: { record }, env: { services: { orm } } });
    await settle();
    return { ...mounted, orm };
}

/** Lets promises, jest's fake timers at the current time and OWL renders (requestAnimationFrame) run. */
async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
        await jest.advanceTimersByTimeAsync(0);
        await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    }
}

async function advance(ms: number): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
    await settle();
}

function previewCalls(orm: { call: jest.Mock }) {
    return orm.call.mock.calls.filter(([, method]) => method === "classify_scope_preview");
}

beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ["requestAnimationFrame", "cancelAnimationFrame", "performance"] });
});

afterEach(() => {
    cleanup();
    jest.useRealTimers();
});

describe("amc_scope_classifier field widget", () => {
    test("descriptor passes Odoo 19's fields registry validation", () => {
        expect(amcScopeClassifierField.component).toBe(AmcScopeClassifierField);
        expect(amcScopeClassifierField.supportedTypes).toEqual(["selection"]);
        expect(() => validate(amcScopeClassifierField, FIELD_SCHEMA)).not.toThrow();
        expect(() => validate({ ...amcScopeClassifierField, supportedTypes: ["color"] }, FIELD_SCHEMA)).toThrow();
        const names = amcScopeClassifierField.fieldDependencies.map((field) => field.name);
        expect(names).toEqual(expect.arrayContaining(["scope_reason", "scope_overridden", "scope_overridden_by"]));
    });

    test("props are Odoo's standardFieldProps", () => {
        expect(AmcScopeClassifierField.props).toEqual({
            id: { type: String, optional: true },
            name: { type: String },
            readonly: { type: Boolean, optional: true },
            record: { type: Object },
        });
    });

    test("shows the saved scope and its reason without any RPC", async () => {
        const { target, orm } = await mountField(makeRecord(), async () => undefined);
        const badge = query(target, ".o_addon_amc_scope_badge");
        expect(textOf(badge)).toBe("Included in Maintenance");
        expect(badge.classList).toContain("text-bg-success");
        expect(badge.dataset.scope).toBe("included");
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).toBe(
            'matched "backup" → Technical support, included in maintenance',
        );
        expect(textOf(query(target, ".o_addon_amc_scope_confidence"))).toBe("55 %");
        expect(target.querySelector(".o_addon_amc_scope_preview")).toBeNull();
        await advance(2000);
        expect(orm.call).not.toHaveBeenCalled();
    });

    test("a scope decided by the learned model shows the model's reason and a learned badge", async () => {
        const reason =
            'learned from "zorblax", "ledger" → billable (93 %); like Request 41, overridden to billable by Anna';
        const { target, orm } = await mountField(
            makeRecord({
                name: "Zorblax ledger sync is late",
                scope: "billable",
                scope_reason: reason,
                scope_confidence: 0.93,
                scope_source: "model",
            }),
            async () => undefined,
        );
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).toBe(reason);
        expect(textOf(query(target, ".o_addon_amc_scope_learned"))).toBe("learned");
        expect(textOf(query(target, ".o_addon_amc_scope_confidence"))).toBe("93 %");
        expect(orm.call).not.toHaveBeenCalled();
    });

    test("a rule's scope has no learned badge", async () => {
        const { target } = await mountField(makeRecord(), async () => undefined);
        expect(target.querySelector(".o_addon_amc_scope_learned")).toBeNull();
    });

    test("typing the subject: at most one preview RPC per 400 ms, then the badge follows", async () => {
        const record = makeRecord();
        const { target, component, orm } = await mountField(record, async (_model, _method, args) => {
            const [name] = args as [string];
            return name.includes("import")
                ? preview("billable", 'matched "import" → Data import/export, always charged')
                : preview("needs_review", "no rule matched → needs review");
        });
        const text = "Please import the customers";
        const start = Date.now();
        for (let index = 1; index <= text.length; index++) {
            component.state.record.data.name = text.slice(0, index);
            await advance(40);
        }
        const typingMs = Date.now() - start;
        await advance(1000);
        const calls = previewCalls(orm);
        expect(calls.length).toBeGreaterThanOrEqual(2);
        expect(calls.length).toBeLessThanOrEqual(Math.ceil(typingMs / 400) + 1);
        expect(calls[calls.length - 1]).toEqual([
            "amc.request",
            "classify_scope_preview",
            [text, ""],
            { agreement_id: 3, request_id: 7 },
        ]);
        const badge = query(target, ".o_addon_amc_scope_badge");
        expect(badge.dataset.scope).toBe("billable");
        expect(badge.classList).toContain("text-bg-warning");
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).toBe(
            'matched "import" → Data import/export, always charged',
        );
        expect(target.querySelector(".o_addon_amc_scope_preview")).not.toBeNull();
        expect(record.save).not.toHaveBeenCalled();
    });

    test("keystrokes in the form's description, not yet committed, are previewed too", async () => {
        const { target, orm } = await mountField(makeRecord(), async () =>
            preview("billable", 'matched "training" → Training and testing, always charged'),
        );
        const editable = query(target, ".o_field_widget[name=description] .odoo-editor-editable");
        editable.innerHTML = "<p>Training for the new staff</p>";
        editable.dispatchEvent(new Event("input", { bubbles: true }));
        await advance(399);
        expect(previewCalls(orm)).toHaveLength(0);
        await advance(1);
        expect(previewCalls(orm)).toEqual([
            [
                "amc.request",
                "classify_scope_preview",
                ["Scheduled backup reported as failed", "<p>Training for the new staff</p>"],
                { agreement_id: 3, request_id: 7 },
            ],
        ]);
        expect(query(target, ".o_addon_amc_scope_badge").dataset.scope).toBe("billable");
        // an input elsewhere in the page is none of the widget's business
        const outside = document.createElement("input");
        document.body.appendChild(outside);
        outside.value = "import";
        outside.dispatchEvent(new Event("input", { bubbles: true }));
        await advance(1000);
        expect(previewCalls(orm)).toHaveLength(1);
        // nor is a time entry's description, in the form's list of time entries
        const line = query(target, ".o_time_entry_description") as HTMLInputElement;
        line.value = "Imported 300 customers from CSV";
        line.dispatchEvent(new Event("input", { bubbles: true }));
        await advance(1000);
        expect(previewCalls(orm)).toHaveLength(1);
    });

    test("committing the subject keeps the description being typed", async () => {
        const { component, orm } = await mountField(makeRecord({ name: "", description: "" }), async () =>
            preview("billable", "x"),
        );
        const editable = document.querySelector<HTMLElement>(".o_field_widget[name=description] .odoo-editor-editable");
        editable!.innerHTML = "<p>Please import the customers</p>";
        editable!.dispatchEvent(new Event("input", { bubbles: true }));
        // the subject's input loses focus: its value reaches the record, the description's does not yet
        component.state.record.data.name = "Tour scope request";
        await settle();
        await advance(400);
        expect(previewCalls(orm)).toEqual([
            [
                "amc.request",
                "classify_scope_preview",
                ["Tour scope request", "<p>Please import the customers</p>"],
                { agreement_id: 3, request_id: 7 },
            ],
        ]);
    });

    test("a new request asks without an id; a saved one names itself, so that it does not follow its own decision", async () => {
        const { component, orm } = await mountField(makeRecord({ name: "" }, false), async () => preview("billable", "x"));
        component.state.record.data.name = "Zorblax label prints blank";
        await settle();
        await advance(400);
        expect(previewCalls(orm)).toEqual([
            ["amc.request", "classify_scope_preview", ["Zorblax label prints blank", ""], { agreement_id: 3, request_id: null }],
        ]);
    });

    test("a stale reply (older than the latest request) is ignored", async () => {
        const replies: ((value: ScopePreview) => void)[] = [];
        const { target, component, orm } = await mountField(
            makeRecord(),
            () => new Promise((resolve) => replies.push(resolve as (value: ScopePreview) => void)),
        );
        // settle: the widget sees a change once OWL has rendered it
        component.state.record.data.name = "How do I";
        await settle();
        await advance(400);
        component.state.record.data.name = "How do I import prices?";
        await settle();
        await advance(400);
        expect(previewCalls(orm)).toHaveLength(2);
        replies[1](preview("billable", 'matched "import" → Data import/export, always charged'));
        await settle();
        replies[0](preview("first_line", 'matched "how do i" → Usage question, first line'));
        await settle();
        expect(query(target, ".o_addon_amc_scope_badge").dataset.scope).toBe("billable");
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).toContain('"import"');
    });

    test("an overridden scope does not follow the text, and shows who, when and why", async () => {
        const record = makeRecord({
            scope: "included",
            scope_overridden: true,
            scope_override_reason: "Bug in the import code",
            scope_overridden_by: { id: 2, display_name: "Marc Demo" },
            scope_overridden_date: DateTime.fromSQL("2026-11-20 09:30:00", { zone: "utc" }),
        });
        const { target, component, orm } = await mountField(record, async () => preview("billable", "x"));
        expect(textOf(query(target, ".o_addon_amc_scope_override_info"))).toBe(
            "Overridden by Marc Demo on 11/20/2026 09:30:00: Bug in the import code",
        );
        // what the classifier said stays visible, without a confidence that is not the agent's
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).toBe(
            'Automatic: matched "backup" → Technical support, included in maintenance',
        );
        expect(target.querySelector(".o_addon_amc_scope_confidence")).toBeNull();
        component.state.record.data.name = "Import 2 000 customers";
        await advance(2000);
        expect(previewCalls(orm)).toHaveLength(0);
        expect(query(target, ".o_addon_amc_scope_badge").dataset.scope).toBe("included");
    });

    test("an overridden scope the model had decided names it automatic, not the rules'", async () => {
        const record = makeRecord({
            scope: "included",
            scope_source: "model",
            scope_reason: 'learned from "loner", "formatet" → billable (99 %)',
            scope_overridden: true,
            scope_override_reason: "Our payroll module",
            scope_overridden_by: { id: 2, display_name: "Marc Demo" },
            scope_overridden_date: DateTime.fromSQL("2026-11-20 09:30:00", { zone: "utc" }),
        });
        const { target } = await mountField(record, async () => preview("billable", "x"));
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).toBe(
            'Automatic: learned from "loner", "formatet" → billable (99 %)',
        );
        expect(textOf(query(target, ".o_addon_amc_scope_reason"))).not.toContain("Rules");
    });

    test("override: a reason is required, then action_override_scope is called with it", async () => {
        const record = makeRecord();
        const { target, orm } = await mountField(record, async () => true);
        query(target, ".o_addon_amc_scope_menu_toggle").click();
        await settle();
        const choices = [...target.querySelectorAll<HTMLElement>(".o_addon_amc_scope_choice")];
        expect(choices.map((choice) => choice.dataset.scope)).toEqual(["first_line", "config", "billable", "needs_review"]);
        expect(target.querySelector(".o_addon_amc_scope_reset")).toBeNull();
        query(target, '.o_addon_amc_scope_choice[data-scope="billable"]').click();
        await settle();
        expect(textOf(query(target, ".o_addon_amc_scope_override_form label"))).toBe("Why is this request Billable?");
        // no reason: refused in the browser, nothing sent
        query(target, ".o_addon_amc_scope_confirm").click();
        await settle();
        expect(textOf(query(target, ".o_addon_amc_scope_error"))).toContain("reason is required");
        expect(orm.call).not.toHaveBeenCalled();
        const textarea = query<HTMLTextAreaElement>(target, ".o_addon_amc_scope_reason_input");
        textarea.value = "  Restoring their test copy is billable  ";
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        query(target, ".o_addon_amc_scope_confirm").click();
        await settle();
        expect(orm.call).toHaveBeenCalledTimes(1);
        expect(orm.call).toHaveBeenCalledWith("amc.request", "action_override_scope", [
            [7],
            "billable",
            "Restoring their test copy is billable",
        ]);
        expect(record.save).not.toHaveBeenCalled();
        expect(record.load).toHaveBeenCalledTimes(1);
        expect(target.querySelector(".o_addon_amc_scope_override_form")).toBeNull();
    });

    test("override of a record with unsaved changes saves it first", async () => {
        const record = makeRecord();
        record.isDirty.mockResolvedValue(true);
        const order: string[] = [];
        record.save.mockImplementation(async () => {
            order.push("save");
            return true;
        });
        const { target } = await mountField(record, async (_model, method) => {
            order.push(method);
            return true;
        });
        query(target, ".o_addon_amc_scope_menu_toggle").click();
        await settle();
        query(target, '.o_addon_amc_scope_choice[data-scope="config"]').click();
        await settle();
        const textarea = query<HTMLTextAreaElement>(target, ".o_addon_amc_scope_reason_input");
        textarea.value = "Within the configuration allowance";
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        query(target, ".o_addon_amc_scope_confirm").click();
        await settle();
        expect(order).toEqual(["save", "action_override_scope"]);
    });

    test("a failed save (invalid record) stops the override", async () => {
        const record = makeRecord({}, false);
        record.save.mockResolvedValue(false);
        const { target, orm } = await mountField(record, async () => true);
        query(target, ".o_addon_amc_scope_menu_toggle").click();
        await settle();
        query(target, '.o_addon_amc_scope_choice[data-scope="config"]').click();
        await settle();
        const textarea = query<HTMLTextAreaElement>(target, ".o_addon_amc_scope_reason_input");
        textarea.value = "reason";
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        query(target, ".o_addon_amc_scope_confirm").click();
        await settle();
        expect(record.save).toHaveBeenCalledTimes(1);
        expect(orm.call.mock.calls.filter(([, method]) => method === "action_override_scope")).toHaveLength(0);
    });

    test("Back to automatic calls action_reset_scope and reloads the record", async () => {
        const record = makeRecord({ scope_overridden: true, scope_override_reason: "x" });
        const { target, orm } = await mountField(record, async () => true);
        query(target, ".o_addon_amc_scope_menu_toggle").click();
        await settle();
        query(target, ".o_addon_amc_scope_reset").click();
        await settle();
        expect(orm.call).toHaveBeenCalledWith("amc.request", "action_reset_scope", [[7]]);
        expect(record.load).toHaveBeenCalledTimes(1);
    });

    test("read-only: no override menu", async () => {
        const { target, component } = await mountField(makeRecord(), async () => true);
        expect(target.querySelector(".o_addon_amc_scope_menu_toggle")).not.toBeNull();
        component.state.readonly = true;
        await settle();
        expect(target.querySelector(".o_addon_amc_scope_menu_toggle")).toBeNull();
    });
});
