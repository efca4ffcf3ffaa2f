/**
 * Minimal type declarations for the few Odoo 19 `@web/*` modules this code
 * uses. At run time these modules come from Odoo's `web.assets_backend`
 * bundle (esbuild keeps them external); in jest they are mapped to the
 * hand-written doubles under `test/doubles/web/`.
 *
 * Keep these small and faithful to /opt/odoo19/odoo/addons/web/static/src:
 * declare only what the add-on calls.
 */

declare module "@web/core/registry" {
    export interface RegistryAddOptions {
        force?: boolean;
        sequence?: number;
    }

    export interface Registry<T = unknown> {
        add(key: string, value: T, options?: RegistryAddOptions): Registry<T>;
        get(key: string, defaultValue?: T): T;
        contains(key: string): boolean;
        getAll(): T[];
        getEntries(): [string, T][];
        remove(key: string): void;
        category<S = unknown>(subcategory: string): Registry<S>;
    }

    export const registry: Registry;
}

declare module "@web/core/utils/hooks" {
    import type { Env } from "@odoo/owl";

    /** `orm` service (web/static/src/core/orm_service.js). */
    export interface OrmService {
        call<T = unknown>(
            model: string,
            method: string,
            args?: unknown[],
            kwargs?: Record<string, unknown>,
        ): Promise<T>;
    }

    /** A window action descriptor accepted by `doAction`. */
    export interface ActWindowDescription {
        type: "ir.actions.act_window";
        res_model: string;
        res_id?: number;
        views: [number | false, string][];
        target?: "current" | "new" | "fullscreen" | "main";
        name?: string;
        domain?: unknown[];
        context?: Record<string, unknown>;
    }

    /** ActionRequest of web/static/src/webclient/actions/action_service.js */
    export type ActionRequest = number | string | ActWindowDescription;

    /** ActionOptions of web/static/src/webclient/actions/action_service.js */
    export interface ActionOptions {
        additionalContext?: Record<string, unknown>;
        clearBreadcrumbs?: boolean;
        onClose?: (closeInfo?: unknown) => void;
        props?: Record<string, unknown>;
        viewType?: string;
        stackPosition?: "replaceCurrentAction" | "replacePreviousAction";
        newWindow?: boolean;
    }

    /** `action` service (web/static/src/webclient/actions/action_service.js). */
    export interface ActionService {
        doAction(action: ActionRequest, options?: ActionOptions): Promise<unknown>;
    }

    export interface Services {
        orm: OrmService;
        action: ActionService;
    }

    /** The `env` Odoo gives every component (web/static/src/env.js). */
    export interface OdooEnv extends Env {
        services: Services & Record<string, unknown>;
        debug?: string;
        isSmall?: boolean;
    }

    export function useService<K extends keyof Services>(serviceName: K): Services[K];
    export function useService(serviceName: string): unknown;
}

declare module "@web/core/l10n/translation" {
    /** Translated in the add-on's context by Odoo's transpiler (`appTranslateFn`). */
    export function _t(term: string, ...values: unknown[]): string;
}

declare module "@web/core/assets" {
    /** Loads an asset bundle once, e.g. `await loadBundle("web.chartjs_lib")`. */
    export function loadBundle(
        bundleName: string,
        options?: { targetDoc?: Document; css?: boolean; js?: boolean },
    ): Promise<unknown>;
}

declare module "@web/core/l10n/dates" {
    import type { DateTime } from "luxon";

    /** Parses a server date ("2026-12-15") in the user's zone and numbering system. */
    export function deserializeDate(value: string, options?: Record<string, unknown>): DateTime;
    export function deserializeDateTime(value: string, options?: Record<string, unknown>): DateTime;
    /** Formats a date with the user's language date format. */
    export function formatDate(value: DateTime | false | null | undefined, options?: { format?: string }): string;
}

declare module "@web/views/widgets/standard_widget_props" {
    /** Props every view widget gets (web/static/src/views/widgets/standard_widget_props.js). */
    export const standardWidgetProps: {
        readonly: { type: BooleanConstructor; optional: true };
        record: { type: ObjectConstructor };
    };
}

declare module "@web/views/fields/formatters" {
    /** Hours as "HH:MM", the `float_time` widget's text (web/static/src/views/fields/formatters.js). */
    export function formatFloatTime(
        value: number | false,
        options?: { displaySeconds?: boolean; noLeadingZeroHour?: boolean },
    ): string;
}

declare module "@web/views/fields/standard_field_props" {
    /** Props every field widget gets (web/static/src/views/fields/standard_field_props.js). */
    export const standardFieldProps: {
        id: { type: StringConstructor; optional: true };
        name: { type: StringConstructor };
        readonly: { type: BooleanConstructor; optional: true };
        record: { type: ObjectConstructor };
    };
}

declare module "@web/core/l10n/dates" {
    /** Formats a datetime in the user's zone with the language's datetime format (scope classifier). */
    export function formatDateTime(
        value: import("luxon").DateTime | false | null | undefined,
        options?: { format?: string; tz?: string },
    ): string;
}

declare module "@web/session" {
    /** `session` of web/static/src/session.js: the session info the server put in the page. */
    export const session: {
        /** True when the server runs tests (config test_enable): tours may drive the page. */
        test_mode?: boolean;
        [key: string]: unknown;
    };
}
