/**
 * Mounting helpers: the REAL @odoo/owl and the REAL template files from
 * ts_src/; only Odoo services (env.services) are doubles.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { App } from "@odoo/owl";
import type { ComponentConstructor } from "@odoo/owl";

export const ROOT = path.resolve(__dirname, "..");

/** The `<templates>` document of a ts_src XML file, as OWL takes it. */
export function readTemplates(relPath: string): string {
    return readFileSync(path.join(ROOT, relPath), "utf8");
}

export interface Mounted<C> {
    app: App;
    component: C;
    target: HTMLElement;
}

const mountedApps: App[] = [];

/** Mounts `Comp` in dev mode (props validated) into a fresh fixture. */
export async function mountComponent<C extends ComponentConstructor>(
    Comp: C,
    {
        templates,
        props,
        env,
    }: { templates: string; props: Record<string, unknown>; env: Record<string, unknown> },
): Promise<Mounted<InstanceType<C>>> {
    const target = document.createElement("div");
    target.className = "o_test_fixture";
    document.body.appendChild(target);
    const app = new App(Comp, { env, props, templates, test: true });
    mountedApps.push(app);
    const component = (await app.mount(target)) as InstanceType<C>;
    return { app, component, target };
}

/** Destroys every app mounted by mountComponent and empties the body. */
export function cleanup(): void {
    for (const app of mountedApps.splice(0)) {
        app.destroy();
    }
    document.body.innerHTML = "";
}

export function textOf(el: Element | null): string {
    return (el?.textContent ?? "").replace(/\s+/g, " ").trim();
}

export function query<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
    const el = root.querySelector<E>(selector);
    if (!el) {
        throw new Error(`no element matches ${selector}`);
    }
    return el;
}
