// Drives <jc-care-summary> as a user would (open a section, show all, filter, select an item, open a
// document, retry) and reads what the user sees. The one place that knows the element's parts.
import { fixture, html } from '@open-wc/testing';
import { ReactiveElement, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { Clock, JcContext } from '@joinedcare/core';
import '../src/define.js';
import type { JcCareSummary, SectionKey } from '../src/index.js';

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Every default section (of a FHIR server or handed-in resources), in order. */
export const ALL_SECTIONS = 'problems medicines allergies results encounters documents immunisations care-team care-plans procedures';

export class CareSummaryHarness {
  constructor(readonly el: JcCareSummary) {}

  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  private $(selector: string, within: ParentNode = this.root): HTMLElement | null {
    return within.querySelector<HTMLElement>(selector);
  }

  private $$(selector: string, within: ParentNode = this.root): HTMLElement[] {
    return [...within.querySelectorAll<HTMLElement>(selector)];
  }

  /** The `<jc-context>` around the summary. */
  get context(): JcContext {
    return this.el.closest('jc-context')!;
  }

  /** Resolves once the summary has drawn everything it is loading (its `updateComplete`). */
  async settled(): Promise<void> {
    await this.el.updateComplete;
  }

  /**
   * Resolves once the summary has drawn what it has now, without waiting for the data still loading
   * or being built: for looking at a long build in progress.
   */
  async drawn(): Promise<void> {
    const base = ReactiveElement.prototype as unknown as { getUpdateComplete(this: ReactiveElement): Promise<boolean> };
    await base.getUpdateComplete.call(this.el);
  }

  /** Everything the summary says, on one line. */
  text(): string {
    return squash(this.root.textContent);
  }

  /** The keys of the sections shown, in order. */
  sectionKeys(): string[] {
    return this.$$('section[data-section]').map((s) => s.dataset['section'] ?? '');
  }

  section(key: SectionKey): HTMLElement {
    const s = this.$(`section[data-section="${key}"]`);
    if (!s) throw new Error(`the ${key} section is not shown`);
    return s;
  }

  sectionText(key: SectionKey): string {
    return squash(this.section(key).textContent);
  }

  /** The count in a section's header, e.g. "(2 items)"; undefined while it loads. */
  count(key: SectionKey): string | undefined {
    return this.$('[part=count]', this.section(key))?.textContent ?? undefined;
  }

  asOf(key: SectionKey): string | undefined {
    return this.$('[part=as-of]', this.section(key))?.textContent ?? undefined;
  }

  /** What a section's header says of its source, once for its rows ("From … unless marked"). */
  sectionSource(key: SectionKey): string | undefined {
    return this.$('[part=section-source]', this.section(key))?.textContent ?? undefined;
  }

  /** Whether a section shows its data (with its "as of" time). */
  loaded(key: SectionKey): boolean {
    return this.asOf(key) !== undefined;
  }

  /** Whether a section says it is loading. */
  loading(key: SectionKey): boolean {
    return this.$('[part=loading][role=status]', this.section(key)) !== null;
  }

  /** A long build's progress text in a section ("Preparing medicines: 250 of 5,000 records"), if shown. */
  progress(key: SectionKey): string | undefined {
    const p = this.$('[part=progress]', this.section(key));
    return p ? squash(p.textContent) : undefined;
  }

  /** The progress region itself (for its role and live-region attributes). */
  progressRegion(key: SectionKey): HTMLElement | null {
    return this.$('[part=progress]', this.section(key));
  }

  /** The items of a section as shown (one page). */
  items(key: SectionKey): HTMLElement[] {
    return this.$$('[part~=item]', this.section(key));
  }

  titles(key: SectionKey): string[] {
    return this.items(key).map((li) => squash(this.$('[part=item-title]', li)?.textContent));
  }

  item(key: SectionKey, title: string | RegExp): HTMLElement {
    const li = this.items(key).find((i) => {
      const t = squash(this.$('[part=item-title]', i)?.textContent);
      return typeof title === 'string' ? t === title || t.startsWith(title) : title.test(t);
    });
    if (!li) throw new Error(`no item ${String(title)} in ${key}: ${this.titles(key).join(' | ')}`);
    return li;
  }

  itemText(key: SectionKey, title: string | RegExp): string {
    return squash(this.item(key, title).textContent);
  }

  /** What an item says about its source. */
  sourceOf(key: SectionKey, title: string | RegExp): string {
    return squash(this.$('[part=source] dd', this.item(key, title))?.textContent);
  }

  /** An item's labelled detail ("Prescribed by", "Dose", …): a column of its row, or one of its details. */
  field(key: SectionKey, title: string | RegExp, label: string): string | undefined {
    const item = this.item(key, title);
    const cell = this.$$('.row > td', item).find((td) => squash(td.querySelector('.cell-label')?.textContent) === label);
    if (cell) {
      const value = [...cell.childNodes].filter(
        (n) => n.nodeType === Node.TEXT_NODE || (n instanceof Element && !n.matches('.cell-label')),
      );
      return squash(value.map((n) => n.textContent).join(''));
    }
    const row = this.$$('[part=fields] > div', item).find((d) => squash(d.querySelector('dt')?.textContent) === label);
    return row ? squash(row.querySelector('dd')?.textContent) : undefined;
  }

  /** The button that shows and hides an item's details. */
  expandButton(key: SectionKey, title: string | RegExp): HTMLButtonElement {
    return this.$('[part=expand-button]', this.item(key, title)) as HTMLButtonElement;
  }

  /** Whether an item's details are shown (its details row is not hidden). */
  detailsShown(key: SectionKey, title: string | RegExp): boolean {
    const id = this.expandButton(key, title).getAttribute('aria-controls') ?? '';
    const details = this.root.getElementById(id);
    return !!details && !details.hidden && details.getClientRects().length > 0;
  }

  /** Shows or hides an item's details. */
  async expand(key: SectionKey, title: string | RegExp): Promise<void> {
    this.expandButton(key, title).click();
    await this.settled();
  }

  /** A result's trend chart's text alternative (its `role="img"` label), if it has a chart. */
  trendLabel(title: string | RegExp): string | undefined {
    return this.$('svg[part=trend][role=img]', this.item('results', title))?.getAttribute('aria-label') ?? undefined;
  }

  /** Whether an error (in a section, or for the whole summary) offers Retry. */
  offersRetry(key?: SectionKey): boolean {
    const e = this.error(key);
    return !!e && this.$('[part=retry-button]', e) !== null;
  }

  /** Titles of the items from the other setting, and their source tags (only where their source differs from the section's). */
  marked(key: SectionKey): Array<{ title: string; tag: string }> {
    return this.$$('[part~=item-other]', this.section(key)).map((li) => ({
      title: squash(this.$('[part=item-title]', li)?.textContent),
      tag: squash(this.$('[part~=other-setting]', li)?.textContent),
    }));
  }

  /** A section's toggle button (a real button with aria-expanded). */
  toggleButton(key: SectionKey): HTMLButtonElement {
    return this.$('[part=toggle]', this.section(key)) as HTMLButtonElement;
  }

  expanded(key: SectionKey): boolean {
    return this.toggleButton(key).getAttribute('aria-expanded') === 'true';
  }

  bodyHidden(key: SectionKey): boolean {
    return this.$('[part=body]', this.section(key))?.hidden === true;
  }

  /** Collapses or expands a section; returns the `jc-section-toggled` event. */
  async toggle(key: SectionKey): Promise<CustomEvent<{ section: string; expanded: boolean }>> {
    const event = this.capture<{ section: string; expanded: boolean }>('jc-section-toggled', () => this.toggleButton(key).click());
    await this.settled();
    return event;
  }

  /** "Show all N" (or "Show fewer") of a section's list. */
  showAllButton(key: SectionKey): HTMLButtonElement | null {
    return this.$('[part=show-all-button]', this.section(key)) as HTMLButtonElement | null;
  }

  async showAll(key: SectionKey): Promise<void> {
    const b = this.$('[part=show-all-button][aria-expanded=false]', this.section(key));
    if (!b) throw new Error(`no "Show all" in ${key}`);
    b.click();
    await this.settled();
  }

  /** Opens the history of a result ("Show all N results"). */
  async showHistory(title: string | RegExp): Promise<void> {
    const b = this.$$('button.link-button', this.item('results', title)).find((x) =>
      /^Show (all )?\d+ results?/.test(squash(x.textContent)),
    );
    if (!b) throw new Error(`no history button on ${String(title)}`);
    b.click();
    await this.settled();
  }

  /** The rows of the history tables shown in a section. */
  historyRows(key: SectionKey = 'results'): HTMLElement[] {
    return this.$$('[part=history] tbody tr', this.section(key));
  }

  /** How many list and table rows the summary has in its DOM (a long record must never put thousands there). */
  rowsInDom(): number {
    return this.$$('li, tr').length;
  }

  /** The pager's status ("Showing 1 to 20 of 300") in a section. */
  pagerStatus(key: SectionKey): string | undefined {
    const s = this.$('[part=pager] [role=status]', this.section(key));
    return s ? squash(s.textContent) : undefined;
  }

  /** The filter's choice, by value, and its label. */
  filterChoice(value: 'all' | 'other'): HTMLInputElement | null {
    return this.$(`[part=filter] input[value=${value}]`) as HTMLInputElement | null;
  }

  filterLabel(value: 'all' | 'other'): string {
    return squash(this.filterChoice(value)?.labels?.[0]?.textContent);
  }

  async filter(value: 'all' | 'other'): Promise<void> {
    const input = this.filterChoice(value);
    if (!input) throw new Error('no filter shown');
    input.click();
    await this.settled();
  }

  /** Chooses an item's title; returns the `jc-item-selected` event. */
  select(key: SectionKey, title: string | RegExp): CustomEvent<{ resourceType: string; id: string }> {
    return this.capture('jc-item-selected', () => {
      (this.$('[part=item-title]', this.item(key, title)) as HTMLButtonElement).click();
    });
  }

  /** Presses a document's Open; returns the `jc-document-open-request` event. */
  openDocument(title: string | RegExp): CustomEvent<{ documentReferenceId: string; attachmentUrl?: string }> {
    return this.capture('jc-document-open-request', () => {
      (this.$('[part=open-button]', this.item('documents', title)) as HTMLButtonElement).click();
    });
  }

  /** The error shown in a section (or for the whole summary), if any. */
  error(key?: SectionKey): HTMLElement | null {
    return this.$('[part=error][role=alert]', key ? this.section(key) : this.root);
  }

  /** Presses Retry in a section (or for the whole summary) and waits for the result. */
  async retry(key?: SectionKey): Promise<void> {
    const b = this.$('[part=retry-button]', key ? this.section(key) : this.root);
    if (!b) throw new Error('no Retry shown');
    b.click();
    await this.settled();
  }

  /** The notice naming the sections that could not be loaded. */
  partial(): string | undefined {
    const p = this.$('[part=partial]');
    return p ? squash(p.textContent) : undefined;
  }

  /** The notice that records were hidden by the patient guard. */
  safetyWarning(): string | undefined {
    const p = this.$('[part=safety-warning][role=alert]');
    return p ? squash(p.textContent) : undefined;
  }

  notConfigured(): string | undefined {
    const p = this.$('[part=not-configured]');
    return p ? squash(p.textContent) : undefined;
  }

  /** A section's GP Connect warning banners. */
  warnings(key: SectionKey): string[] {
    return this.$$('[part=warning]', this.section(key)).map((w) => squash(w.textContent));
  }

  note(key: SectionKey): string | undefined {
    const n = this.$('[part=note]', this.section(key));
    return n ? squash(n.textContent) : undefined;
  }

  /** A section's statement: the positive "No known allergies", or "No … information available". */
  noneKnown(key: SectionKey = 'allergies'): HTMLElement | null {
    return this.$('[part~=none-known]', this.section(key));
  }

  notAvailable(key: SectionKey): HTMLElement | null {
    return this.$('[part~=not-available]', this.section(key));
  }

  /** The statements a section shows about itself (as coded), each with its kind. */
  statements(key: SectionKey): Array<{ kind: 'none-known' | 'not-available'; text: string }> {
    return this.$$('[part~=statement]', this.section(key)).map((s) => ({
      kind: (s.getAttribute('part') ?? '').includes('none-known') ? 'none-known' : 'not-available',
      text: squash(
        [...(s.querySelector('.statement-title')?.childNodes ?? [])]
          .filter((n) => n.nodeType === Node.TEXT_NODE || (n instanceof Element && n.getAttribute('aria-hidden') !== 'true'))
          .map((n) => n.textContent)
          .join(''),
      ),
    }));
  }

  /** Opens the history of any item ("Show all N records" of a medicine, "Show all N results" of a test). */
  async showRecords(key: SectionKey, title: string | RegExp): Promise<void> {
    const b = this.$$('button.link-button', this.item(key, title)).find((x) =>
      /^Show (all )?\d+ (results?|records?)/.test(squash(x.textContent)),
    );
    if (!b) throw new Error(`no history button on ${String(title)}`);
    b.click();
    await this.settled();
  }

  /** "Show past medicines" (or "Hide past medicines") of a section. */
  pastButton(key: SectionKey = 'medicines'): HTMLButtonElement | null {
    return this.$('[part=past-button]', this.section(key)) as HTMLButtonElement | null;
  }

  async togglePast(key: SectionKey = 'medicines'): Promise<void> {
    const b = this.pastButton(key);
    if (!b) throw new Error(`no past button in ${key}`);
    b.click();
    await this.settled();
  }

  /** A section's notes (what could not be loaded, what the sender said), one line each. */
  notes(key: SectionKey): string[] {
    return this.$$('[part=note]', this.section(key)).map((n) => squash(n.textContent));
  }

  /** Warnings on the whole record (above the sections). */
  recordWarnings(): string[] {
    return this.$$('[part=record-warning]').map((w) => squash(w.textContent));
  }

  /** Notes about the record as a whole (what of it could not be shown). */
  recordNotes(): string[] {
    return this.$$('[part=record-note]').map((w) => squash(w.textContent));
  }

  /** The notice that a GP Connect record was refused whole. */
  refused(): string | undefined {
    const r = this.$('[part=refused][role=alert]');
    return r ? squash(r.textContent) : undefined;
  }

  /** The history table's rows of an item, as text. */
  historyTexts(key: SectionKey): string[] {
    return this.historyRows(key).map((r) => squash(r.textContent));
  }

  /** A section's "none recorded" message. */
  empty(key: SectionKey): string | undefined {
    const e = this.$('[part~=empty]', this.section(key));
    return e ? squash(e.textContent) : undefined;
  }

  /** Runs `act` and returns the `type` event it fired (the element fires its events synchronously). */
  private capture<T>(type: string, act: () => void): CustomEvent<T> {
    let event: CustomEvent<T> | undefined;
    const on = (e: Event) => (event = e as CustomEvent<T>);
    this.el.addEventListener(type, on, { once: true });
    try {
      act();
    } finally {
      this.el.removeEventListener(type, on);
    }
    if (!event) throw new Error(`no ${type} event`);
    return event;
  }
}

export interface MountOptions {
  /** The FHIR base URL of `<jc-context>` (none: handed-in data only). */
  base?: string;
  patientId?: string;
  nhsNumber?: string;
  setting?: string;
  sections?: string;
  clock?: Clock;
  /** `gp-connect-endpoint` of the summary. */
  gpConnectEndpoint?: string;
  resources?: FhirResource[];
  bundle?: Bundle;
  /** Wait for the data (default true); false to look at the loading state while the server holds responses. */
  settle?: boolean;
  /**
   * `filter` of the summary. The tests of what the summary says see every item (`all`) unless they
   * say otherwise; `null` leaves the attribute unset (the default view, `other`).
   */
  filter?: 'all' | 'other' | null;
  /** `selectable-items`: titles are buttons that fire `jc-item-selected`. */
  selectable?: boolean;
}

/** `<jc-care-summary>` inside a `<jc-context>`, as a host page puts it. */
export async function summaryInContext(o: MountOptions): Promise<CareSummaryHarness> {
  const ctx = await fixture<JcContext>(
    html`<jc-context
      fhir-base-url=${ifDefined(o.base)}
      patient-id=${ifDefined(o.patientId)}
      nhs-number=${ifDefined(o.nhsNumber)}
      setting=${ifDefined(o.setting)}
      .clock=${o.clock ?? nothing}
    >
      <jc-care-summary
        sections=${ifDefined(o.sections === '' ? undefined : (o.sections ?? ALL_SECTIONS))}
        gp-connect-endpoint=${ifDefined(o.gpConnectEndpoint)}
        filter=${ifDefined(o.filter === null ? undefined : (o.filter ?? 'all'))}
        ?selectable-items=${o.selectable ?? false}
        .resources=${o.resources ?? nothing}
        .bundle=${o.bundle ?? nothing}
      ></jc-care-summary>
    </jc-context>`,
  );
  const h = new CareSummaryHarness(ctx.querySelector<JcCareSummary>('jc-care-summary')!);
  if (o.settle !== false) await h.settled();
  return h;
}

/**
 * `<jc-care-summary>` on its own (handed-in data, or nothing), with the clock given. `sections: ''`
 * leaves the attribute unset (the source's default sections).
 */
export async function summaryAlone(
  o: Pick<MountOptions, 'resources' | 'bundle' | 'setting' | 'sections' | 'clock' | 'filter'> = {},
): Promise<CareSummaryHarness> {
  const el = await fixture<JcCareSummary>(
    html`<jc-care-summary
      sections=${ifDefined(o.sections === '' ? undefined : (o.sections ?? ALL_SECTIONS))}
      setting=${ifDefined(o.setting)}
      filter=${ifDefined(o.filter === null ? undefined : (o.filter ?? 'all'))}
      .clock=${o.clock ?? nothing}
      .resources=${o.resources ?? nothing}
      .bundle=${o.bundle ?? nothing}
    ></jc-care-summary>`,
  );
  const h = new CareSummaryHarness(el);
  await h.settled();
  return h;
}

/**
 * Paces a chunked build: the summary's `pause` waits here until the test lets the build go one
 * pause further (`step`), or lets it run to the end (`release`). No timers, no frames.
 */
export class BuildPacer {
  private held = true;
  private readonly waiting: Array<() => void> = [];
  private readonly arrivals: Array<() => void> = [];

  /** Give this to the element's `pause`. */
  readonly pause = (): Promise<void> => {
    if (!this.held) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      for (const a of this.arrivals.splice(0)) a();
    });
  };

  /** Resolves when a build is waiting at a pause. */
  paused(): Promise<void> {
    return this.waiting.length ? Promise.resolve() : new Promise<void>((r) => this.arrivals.push(r));
  }

  /** Lets the waiting build go on to its next pause. */
  step(): void {
    this.waiting.shift()?.();
  }

  /** Lets every build run to its end, pausing no more. */
  release(): void {
    this.held = false;
    for (const w of this.waiting.splice(0)) w();
  }

  /** Pauses builds again (after `release`). */
  hold(): void {
    this.held = true;
  }
}
