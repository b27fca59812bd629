// Drives <jc-referral-status> the way a user does (read a referral, pick it, filter, show more, ask
// for an action, retry) so that the tests never reach into the shadow root by hand. Every action
// waits for `el.updateComplete`, which resolves only once the data (and a long list's chunked
// build) has been drawn.
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { JcContext } from '@joinedcare/core';
import '../src/define.js';
import type { JcReferralStatus, ReferralAction, ReferralFilter } from '../src/index.js';

/** Text as the user reads it: one line, single spaces. */
export const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Text without the visually hidden prefix a tag carries for screen readers ("Status: ", "Priority: "). */
const shownText = (el: Element | null): string => squash(el?.textContent).replace(/^(Status|Priority|Needs attention):\s*/, '');

/** One referral on screen: its row group (`<tbody part="item">`), the row and, when open, its details. */
export class ReferralItem {
  constructor(readonly li: HTMLElement) {}

  /** The ServiceRequest id (`data-id`). */
  get id(): string {
    return this.li.dataset['id'] ?? '';
  }

  /** Its place in the page (0-based). */
  get index(): number {
    return Number(this.li.dataset['index']);
  }

  get text(): string {
    return squash(this.li.textContent);
  }

  /** The service referred to (plain text, or the button that opens the referral when the host listens). */
  get service(): string {
    return squash(this.li.querySelector('button.link, .service')?.textContent);
  }

  /** The Details button (`aria-expanded`). */
  get toggle(): HTMLButtonElement {
    return this.li.querySelector<HTMLButtonElement>('[part=details-button]')!;
  }

  /** Whether its details are open. */
  get expanded(): boolean {
    return this.toggle.getAttribute('aria-expanded') === 'true';
  }

  /** Opens its details (the Details button, as a user does) and waits until they are drawn. */
  async expand(): Promise<this> {
    if (!this.expanded) this.toggle.click();
    await ((this.li.getRootNode() as ShadowRoot).host as JcReferralStatus).updateComplete;
    return this;
  }

  /** The state in words ("Awaiting Triage"). */
  get state(): string {
    return shownText(this.li.querySelector('[part=status]'));
  }

  /** The state tag's colour (`grey`, `green`, …). */
  get stateColour(): string | undefined {
    return /tag--(\w+)/.exec(this.li.querySelector('[part=status]')?.className ?? '')?.[1];
  }

  /** The priority in words ("Two week wait"). */
  get priority(): string {
    return shownText(this.li.querySelector('[part=priority]'));
  }

  /** The priority icon's shape (its SVG markup). */
  get priorityShape(): string {
    return this.li.querySelector('[part=priority] svg')?.innerHTML ?? '';
  }

  /** The waiting clock as read ("Day 97 of 126, on track"). */
  get clock(): string {
    return squash(this.li.querySelector('[part=clock]')?.textContent);
  }

  /** `on-track`, `at-risk`, `breached`, or undefined when the clock is not known. */
  get clockState(): string | undefined {
    return this.li.querySelector<HTMLElement>('[part=clock]')?.dataset['state'];
  }

  /** Why it needs attention, if it does. */
  get attention(): string | undefined {
    const p = this.li.querySelector('[part=attention]');
    return p ? shownText(p) : undefined;
  }

  /** The column headers' texts in the order of this referral's cells (the row's `data-field`s). */
  get columns(): string[] {
    return [...this.li.querySelectorAll(':scope > .row > [data-field]')].map((c) => c.getAttribute('data-field') ?? '');
  }

  /**
   * What a labelled field says ("Referred by" → "Dr Amara Okafor, Riverside Medical Practice"): a
   * cell of the row or a line in it (without its label), else a field of the open details.
   */
  field(label: string): string | undefined {
    const cell = [...this.li.querySelectorAll<HTMLElement>('[data-field]')].find((c) => c.dataset['field'] === label);
    if (cell) {
      const copy = cell.cloneNode(true) as HTMLElement;
      for (const x of copy.querySelectorAll('.sub-label, [data-field]')) x.remove();
      return squash(copy.textContent);
    }
    const dt = [...this.li.querySelectorAll('dt')].find((d) => squash(d.textContent) === label);
    return dt ? squash(dt.nextElementSibling?.textContent) : undefined;
  }

  /** The "Updated … by …" line (in the open details). */
  get updated(): string {
    return squash(this.li.querySelector('.updated')?.textContent);
  }

  /** The history's title ("History (4 events)", in the open details). */
  get timelineSummary(): string {
    return squash(this.li.querySelector('[part=timeline] .timeline-title')?.textContent);
  }

  /** The history, oldest first, one line per event. */
  get timeline(): string[] {
    return [...this.li.querySelectorAll('[part=timeline] li')].map((li) => squash(li.textContent));
  }

  /** The action buttons' texts. */
  get actions(): string[] {
    return [...this.li.querySelectorAll('[part=action-button]')].map((b) => squash(b.textContent));
  }

  private get link(): HTMLButtonElement {
    const b = this.li.querySelector<HTMLButtonElement>('button.link');
    if (!b) throw new Error(`the service of ${this.id} is plain text: the widget is not \`selectable\``);
    return b;
  }

  /** The button that asks for `action`. */
  actionButton(action: ReferralAction): HTMLButtonElement {
    const label = action === 'chase' ? 'Chase referral' : 'View letter';
    const button = [...this.li.querySelectorAll<HTMLButtonElement>('[part=action-button]')].find((b) =>
      squash(b.textContent).startsWith(label),
    );
    if (!button) throw new Error(`no ${action} button on ${this.id}`);
    return button;
  }

  /** Opens the referral (clicks its name); the `jc-referral-selected` event it fired. */
  pick(): CustomEvent<{ id: string; ubrn?: string }> {
    return captured('jc-referral-selected', () => this.link.click());
  }

  /** Asks to chase the referral or view its letter; the `jc-referral-action-request` event it fired. */
  act(action: ReferralAction): CustomEvent<{ action: ReferralAction; id: string; ubrn?: string }> {
    return captured('jc-referral-action-request', () => this.actionButton(action).click());
  }

  /** Opens the history (the details). */
  openTimeline(): Promise<this> {
    return this.expand();
  }
}

/** The event of `type` that `action` made the widget fire (synchronously), or an error if none. */
function captured<T>(type: string, action: () => void): CustomEvent<T> {
  let event: CustomEvent<T> | undefined;
  const listener = (e: Event) => (event = e as CustomEvent<T>);
  // listen on the document: the events bubble and are composed, so a host page sees them there
  document.addEventListener(type, listener);
  try {
    action();
  } finally {
    document.removeEventListener(type, listener);
  }
  if (!event) throw new Error(`${type} was not fired`);
  return event;
}

/** What a watched element drew while it was watched. */
export interface Watched {
  /** Every referral id ever added. */
  ids: Set<string>;
  /** How many times a loading state was added. */
  loading: number;
  /** Each distinct loading text, in order ("Preparing 250 of 1,100 referrals…"). */
  progress: string[];
  /** The loading states' `role` and `aria-live`, as first drawn. */
  loadingRoles: Array<{ role: string | null; live: string | null }>;
}

/** The widget as a user sees it. */
export class ReferralHarness {
  constructor(readonly el: JcReferralStatus) {}

  /** Mounts a template holding one `<jc-referral-status>` (directly, or inside `<jc-context>`) and waits until it has drawn its data. */
  static async mount(template: TemplateResult): Promise<ReferralHarness> {
    const root = await fixture<HTMLElement>(template);
    const el = root.localName === 'jc-referral-status' ? (root as JcReferralStatus) : root.querySelector('jc-referral-status')!;
    const h = new ReferralHarness(el);
    await h.settled();
    return h;
  }

  /**
   * Creates the widget with `setup`, puts it on the page, and `watch`es it from its first render
   * (to see what it draws while a long list is prepared); waits until it has drawn its data.
   */
  static async mountWatched(setup: (el: JcReferralStatus) => void, onProgress?: (text: string, h: ReferralHarness) => void) {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('jc-referral-status');
    setup(el);
    const h = new ReferralHarness(el);
    container.append(el);
    const watch = h.watch(onProgress ? (text) => onProgress(text, h) : undefined);
    await h.settled();
    return { h, ...watch };
  }

  /** The `<jc-context>` around the widget, if any. */
  get context(): JcContext | null {
    return this.el.closest('jc-context');
  }

  /** Waits until everything the widget is loading has been drawn. */
  async settled(): Promise<void> {
    await this.el.updateComplete;
  }

  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  /** Everything the widget shows, as one line. */
  get text(): string {
    return squash(this.root.textContent);
  }

  part(name: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`[part=${name}]`);
  }

  parts(name: string): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>(`[part=${name}]`)];
  }

  /** Which shared state the widget shows: `not-configured`, `loading`, `error`, `empty`, or `list`. */
  get state(): 'not-configured' | 'loading' | 'error' | 'empty' | 'list' | 'none' {
    if (this.part('not-configured')) return 'not-configured';
    if (this.part('loading')) return 'loading';
    if (this.part('error')) return 'error';
    if (this.part('base')) return this.items().length ? 'list' : 'empty';
    return 'none';
  }

  /** The referrals on screen, in order. */
  items(): ReferralItem[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part=item]')].map((li) => new ReferralItem(li));
  }

  /** Every referral on screen with its details open. */
  async expandAll(): Promise<ReferralItem[]> {
    const items = this.items();
    for (const i of items) if (!i.expanded) i.toggle.click();
    await this.settled();
    return items;
  }

  /** The referral whose id contains `idOrSlug` (fixture ids are `ref-<patient>-<slug>-sr`). */
  item(idOrSlug: string): ReferralItem {
    const found = this.items().find((i) => i.id === idOrSlug || i.id.includes(`-${idOrSlug}-`));
    if (!found)
      throw new Error(
        `no referral ${idOrSlug} among ${this.items()
          .map((i) => i.id)
          .join(', ')}`,
      );
    return found;
  }

  /** The referral lists shown (needs attention, then the others), each as its items. */
  lists(): ReferralItem[][] {
    return this.parts('list').map((t) => [...t.querySelectorAll<HTMLElement>('[part=item]')].map((li) => new ReferralItem(li)));
  }

  get title(): string {
    return squash(this.part('title')?.textContent);
  }

  /** The group headings ("Needs attention (6)", "Other referrals (3)"). */
  get sectionTitles(): string[] {
    return [...this.root.querySelectorAll('.section-title')].map((h) => squash(h.textContent));
  }

  /** What each group says once about where its referrals' last changes came from ("Last changed by …"). */
  get groupSources(): string[] {
    return [...this.root.querySelectorAll('.group-source')].map((e) => squash(e.textContent));
  }

  /** The filter group's legend. */
  get filterLegend(): string {
    return squash(this.root.querySelector('[part=filters] legend')?.textContent);
  }

  /** The filters as labelled ("Active (3)", "Completed (2)", "All (5)"). */
  get filters(): string[] {
    return this.filterInputs.map((r) => squash(r.parentElement?.textContent));
  }

  private get filterInputs(): HTMLInputElement[] {
    return [...this.root.querySelectorAll<HTMLInputElement>('[part=filters] input[type=radio]')];
  }

  /** Chooses a filter as a user does (its radio button). */
  async filter(f: ReferralFilter): Promise<void> {
    const radio = this.filterInputs.find((r) => r.value === f);
    if (!radio) throw new Error(`no ${f} filter`);
    radio.click();
    await this.settled();
  }

  /** The "Show more" button's text, if it is shown. */
  get showMoreText(): string | undefined {
    const b = this.part('show-more');
    return b ? squash(b.textContent) : undefined;
  }

  /** "Showing 10 of 50". */
  get showing(): string {
    return squash(this.root.querySelector('.more .meta')?.textContent);
  }

  /** Presses "Show more". */
  async showMore(): Promise<void> {
    const b = this.part('show-more');
    if (!b) throw new Error('no Show more button');
    b.click();
    await this.settled();
  }

  /** Presses every Retry button shown. */
  async retry(): Promise<void> {
    const buttons = this.parts('retry-button');
    if (!buttons.length) throw new Error('no Retry button');
    for (const b of buttons) b.click();
    await this.settled();
  }

  /** What the polite live region says. */
  get announcement(): string {
    return squash(this.part('announcer')?.textContent);
  }

  /** The focused element inside the widget. */
  get focused(): Element | null {
    return this.root.activeElement;
  }

  /**
   * Records what the widget draws from now on: every referral id added, every loading state, and
   * each progress text (`onProgress` is called with each new one).
   */
  watch(onProgress?: (text: string) => void): { seen: Watched; stop: () => void } {
    const seen: Watched = { ids: new Set(), loading: 0, progress: [], loadingRoles: [] };
    const observer = new MutationObserver((records) => {
      const loading = this.part('loading');
      const progress = loading ? squash(loading.textContent) : '';
      if (progress && progress !== seen.progress.at(-1)) {
        seen.progress.push(progress);
        onProgress?.(progress);
      }
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          const added = node.matches('[part=loading]') ? node : node.querySelector('[part=loading]');
          if (added) {
            seen.loading++;
            seen.loadingRoles.push({ role: added.getAttribute('role'), live: added.getAttribute('aria-live') });
          }
          for (const item of [node, ...node.querySelectorAll('[part~=item]')])
            if (item.matches('[part~=item]')) seen.ids.add(item.getAttribute('data-id')!);
        }
      }
    });
    observer.observe(this.root, { childList: true, subtree: true, characterData: true });
    return { seen, stop: () => observer.disconnect() };
  }
}
