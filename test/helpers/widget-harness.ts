// What every widget's test harness shares: the element's shadow root, queries, the text a user reads,
// and a wait for what it is drawing. Each widget's harness extends it with what a user does there.

/** Text as a user reads it: whitespace squashed. */
export const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** A widget: an element that says when it has drawn (Lit's `updateComplete`, which JcElement extends to its data). */
export type WidgetElement = HTMLElement & { readonly updateComplete: Promise<boolean> };

export abstract class WidgetHarness<E extends WidgetElement> {
  constructor(readonly el: E) {}

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  $<T extends Element = HTMLElement>(selector: string): T | null {
    return this.root.querySelector<T>(selector);
  }

  $$<T extends Element = HTMLElement>(selector: string): T[] {
    return [...this.root.querySelectorAll<T>(selector)];
  }

  has(selector: string): boolean {
    return this.$(selector) !== null;
  }

  /** All the text shown (or the text of `selector`), whitespace squashed. */
  text(selector?: string): string {
    return squash(selector ? this.$(selector)?.textContent : this.root.textContent);
  }

  /** Waits until the widget has drawn everything it is loading (or sending). */
  async settled(): Promise<this> {
    await this.el.updateComplete;
    return this;
  }
}
