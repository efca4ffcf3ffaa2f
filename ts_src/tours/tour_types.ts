/**
 * The part of Odoo 19's tour step contract (web_tour) that our tours use.
 * A step waits for `trigger` to match, then runs `run`: an action string
 * ("click", "edit text") or a function whose `this.anchor` is the element.
 */
export interface TourStep {
    trigger: string;
    content?: string;
    run?: string | ((this: { anchor: HTMLElement }) => void | Promise<void>);
    /** The step leaves the page (a link or a form submission): the tour resumes on the next page. */
    expectUnloadPage?: boolean;
}

export interface TourDefinition {
    url: string;
    steps: () => TourStep[];
}

export function readCount(anchor: HTMLElement): number {
    const count = Number((anchor.textContent ?? "").trim());
    if (!Number.isFinite(count)) {
        throw new Error(`Expected a number, found "${anchor.textContent}"`);
    }
    return count;
}
