/**
 * Test double of Odoo's `@web/core/registry` (jest maps `@web/*` here).
 * Behaves like the real Registry for what the add-on uses (add with
 * duplicate-key check, get, contains, getAll, getEntries, category) and
 * records every `add` in `addLog` so tests can assert registrations.
 */
import type { Registry as RegistryApi, RegistryAddOptions } from "@web/core/registry";

export interface AddRecord {
    category: string;
    key: string;
    value: unknown;
    options: RegistryAddOptions;
}

export const addLog: AddRecord[] = [];

class Registry<T = unknown> implements RegistryApi<T> {
    private readonly content = new Map<string, [number, T]>();
    private readonly subRegistries = new Map<string, Registry<unknown>>();

    constructor(private readonly name: string) {}

    add(key: string, value: T, options: RegistryAddOptions = {}): this {
        if (!options.force && this.content.has(key)) {
            throw new Error(`Cannot add key "${key}" in the "${this.name}" registry: it already exists`);
        }
        const previous = this.content.get(key);
        this.content.set(key, [options.sequence ?? previous?.[0] ?? 50, value]);
        addLog.push({ category: this.name, key, value, options });
        return this;
    }

    get(key: string, defaultValue?: T): T {
        const entry = this.content.get(key);
        if (entry) {
            return entry[1];
        }
        if (arguments.length > 1) {
            return defaultValue as T;
        }
        throw new Error(`Cannot find key "${key}" in the "${this.name}" registry`);
    }

    contains(key: string): boolean {
        return this.content.has(key);
    }

    getEntries(): [string, T][] {
        return [...this.content.entries()]
            .sort((a, b) => a[1][0] - b[1][0])
            .map(([key, [, value]]) => [key, value]);
    }

    getAll(): T[] {
        return this.getEntries().map(([, value]) => value);
    }

    remove(key: string): void {
        this.content.delete(key);
    }

    category<S = unknown>(subcategory: string): Registry<S> {
        let sub = this.subRegistries.get(subcategory);
        if (!sub) {
            sub = new Registry<unknown>(subcategory);
            this.subRegistries.set(subcategory, sub);
        }
        return sub as Registry<S>;
    }
}

export const registry: RegistryApi = new Registry("root");
