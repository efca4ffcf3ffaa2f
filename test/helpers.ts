/**
 * Mounting helpers: the REAL @odoo/owl and the REAL template files from
 * ts_src/; only Odoo services (env.services) are doubles.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { App } from "@odoo/owl";
import type { ComponentConstructor } from "@odoo/owl";

export const ROOT = path.resolve(__dirname, "..");

const TEMPLATES_RE = /<templates(?:\s[^>]*)?>([\s\S]*?)<\/templates>/;

/**
 * The `<templates>` document of one or more ts_src XML files, as OWL takes
 * it (several files are merged into one document, like the build does).
 */
export function readTemplates(...relPaths: string[]): string {
    if (relPaths.length === 1) {
        return readFileSync(path.join(ROOT, relPaths[0]), "utf8");
    }
    const bodies = relPaths.map((relPath) => {
        const match = TEMPLATES_RE.exec(readFileSync(path.join(ROOT, relPath), "utf8"));
        if (!match) {
            throw new Error(`${relPath}: no <templates> root`);
        }
        return match[1];
    });
    return `<templates xml:space="preserve">${bodies.join("\n")}</templates>`;
}

/** Lets pending promises, OWL's scheduler (requestAnimationFrame) and renders run. */
export async function flush(): Promise<void> {
    for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    }
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
