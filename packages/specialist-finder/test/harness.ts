// Drives <jc-advice-prompt> and <jc-specialist-finder> as a user does (click, choose, read what is shown).
// The one place that knows their markup: tests say what the user does, not where the buttons are.
import { fixture, html, oneEvent } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { JcContext } from '@joinedcare/core';
import '../src/define.js';
import type {
  AdvicePromptActionDetail,
  DismissReason,
  JcAdvicePrompt,
  JcSpecialistFinder,
  PatientSelectedDetail,
  SortColumn,
} from '../src/index.js';
import { BASE, clock } from './support.js';
import { squash, WidgetHarness, type WidgetElement } from '../../../test/helpers/widget-harness.js';

export { squash };

/** What both harnesses share beyond the common base: focus, a click that waits for the result, Retry. */
abstract class Harness<E extends WidgetElement> extends WidgetHarness<E> {
  /** The element that has focus inside the widget. */
  get focused(): Element | null {
    return this.root.activeElement;
  }

  /** Clicks a button (by selector or element) and waits for what it causes to be drawn. */
  async click(target: string | HTMLElement): Promise<void> {
    const button = typeof target === 'string' ? this.$(target) : target;
    if (!button) throw new Error(`nothing to click: ${typeof target === 'string' ? target : target.localName}`);
    button.click();
    await this.el.updateComplete;
  }

  /** Retry of an error or partial state. */
  retry(): Promise<void> {
    return this.click('[part=retry-button]');
  }
}

export class PromptHarness extends Harness<JcAdvicePrompt> {
  /**
   * Mounts a prompt (default `<jc-advice-prompt>`) in a `<jc-context>` on the fixture server for a
   * patient, and waits until its cards (or its error) are drawn; `wait: false` returns at once
   * (to look at the loading state with `server.hold()`).
   */
  static async mount(
    patient: { patientId?: string; nhsNumber?: string; base?: string; userKey?: string },
    prompt: TemplateResult = html`<jc-advice-prompt></jc-advice-prompt>`,
    { wait = true } = {},
  ): Promise<PromptHarness> {
    const ctx = await fixture<JcContext>(
      html`<jc-context
        fhir-base-url=${patient.base ?? BASE}
        patient-id=${patient.patientId ?? ''}
        nhs-number=${patient.nhsNumber ?? ''}
        user-key=${patient.userKey ?? ''}
        .clock=${clock}
        >${prompt}</jc-context
      >`,
    );
    const h = new PromptHarness(ctx.querySelector<JcAdvicePrompt>('jc-advice-prompt')!);
    return wait ? h.settled() : h;
  }

  /** Another patient in the prompt's `<jc-context>`: waits until the prompt has drawn theirs. */
  async switchPatient(patientId: string): Promise<void> {
    const ctx = this.el.closest<JcContext>('jc-context')!;
    ctx.patientId = patientId;
    await ctx.updateComplete;
    await this.el.updateComplete;
  }

  /** The cards shown (not dismissed). */
  cards(): HTMLElement[] {
    return this.$$('[part=item]');
  }

  /** The rules of the cards shown, in order. */
  ruleIds(): string[] {
    return this.cards().map((c) => c.dataset['rule'] ?? '');
  }

  card(ruleId: string): HTMLElement {
    const card = this.$(`[part=item][data-rule="${ruleId}"]`);
    if (!card) throw new Error(`no card for ${ruleId}`);
    return card;
  }

  /** What a card says in one of its parts (`summary`, `detail`, `indicator`, `source`, `links`). */
  cardText(ruleId: string, part: string): string {
    return squash(this.card(ruleId).querySelector(`[part=${part}]`)?.textContent);
  }

  /** A card's detail, line by line. */
  detailLines(ruleId: string): string[] {
    const detail = this.card(ruleId).querySelector('[part=detail]');
    const items = [...(detail?.querySelectorAll('li') ?? [])];
    return items.length ? items.map((li) => squash(li.textContent)) : [squash(detail?.textContent)];
  }

  /** Everything a card shows as a CDS Hooks card would carry it: summary, indicator, detail lines, source and links. */
  cardContent(ruleId: string) {
    const card = this.card(ruleId);
    const links = [...card.querySelectorAll<HTMLAnchorElement>('a')].map((a) => ({ label: squash(a.textContent), url: a.href }));
    return {
      summary: this.cardText(ruleId, 'summary'),
      indicator: this.cardText(ruleId, 'indicator'),
      lines: this.detailLines(ruleId),
      links,
    };
  }

  /** The rules that could not be checked, as listed ("title: why"). */
  notChecked(): string[] {
    return this.$$('[part=not-checked] li').map((li) => squash(li.textContent));
  }

  /** "Request specialist advice" or "Refer" on a card: the event it fires. */
  async act(ruleId: string, action: 'advice' | 'refer'): Promise<CustomEvent<AdvicePromptActionDetail>> {
    const fired = oneEvent(this.el, action === 'advice' ? 'jc-advice-request' : 'jc-referral-request');
    this.card(ruleId).querySelector<HTMLButtonElement>(`[data-action=${action}]`)!.click();
    return (await fired) as CustomEvent<AdvicePromptActionDetail>;
  }

  /** The card's dismiss form, when open. */
  dismissForm(ruleId: string): HTMLFormElement | null {
    return this.card(ruleId).querySelector('form');
  }

  /** Dismiss on a card: opens the form of reasons. */
  openDismiss(ruleId: string): Promise<void> {
    return this.click(this.card(ruleId).querySelector<HTMLButtonElement>('[data-action=dismiss]')!);
  }

  /** Sends the open dismiss form as it is (a submit that skips the browser's own check of the required reason). */
  async submitDismiss(ruleId: string): Promise<void> {
    this.dismissForm(ruleId)!.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    await this.el.updateComplete;
  }

  /** Presses a key in the open dismiss form. */
  async keyInDismiss(ruleId: string, key: string): Promise<void> {
    this.dismissForm(ruleId)!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    await this.el.updateComplete;
  }

  /** "Keep prompt" in the open dismiss form. */
  cancelDismiss(ruleId: string): Promise<void> {
    return this.click(this.card(ruleId).querySelector<HTMLButtonElement>('[data-action=cancel-dismiss]')!);
  }

  /** Dismisses a card with a reason: Dismiss, the reason, "Dismiss prompt". */
  async dismiss(ruleId: string, reason: DismissReason): Promise<void> {
    if (!this.dismissForm(ruleId)) await this.openDismiss(ruleId);
    this.card(ruleId).querySelector<HTMLInputElement>(`input[name=reason][value=${reason}]`)!.click();
    await this.click(this.card(ruleId).querySelector<HTMLButtonElement>('[data-action=confirm-dismiss]')!);
  }

  /** The dismissed prompts, as listed. */
  dismissed(): string[] {
    const own = (li: Element) => [...li.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent);
    return this.$$('[part=dismissed] li').map((li) => squash(own(li).join('')));
  }

  /** Restore on a dismissed prompt. */
  restore(ruleId: string): Promise<void> {
    return this.click(`[data-restore="${ruleId}"]`);
  }
}

export class FinderHarness extends Harness<JcSpecialistFinder> {
  /**
   * Mounts a finder (inside a `<jc-context>` on the fixture server unless `context: false`) and
   * runs its check to the end: the worklist (or the state the check ended in) is drawn.
   * `wait: false` returns at once, while it checks.
   */
  static async run(finder: TemplateResult, { wait = true, context = true } = {}): Promise<FinderHarness> {
    const host = context
      ? await fixture<JcContext>(html`<jc-context fhir-base-url=${BASE} .clock=${clock}>${finder}</jc-context>`)
      : await fixture<HTMLElement>(html`<div>${finder}</div>`);
    const h = new FinderHarness(host.querySelector<JcSpecialistFinder>('jc-specialist-finder')!);
    return wait ? h.settled() : h;
  }

  /** The rows of the page shown. */
  rows(): HTMLTableRowElement[] {
    return this.$$<HTMLTableRowElement>('tbody tr');
  }

  /** The cells of a row as shown. */
  cells(row: HTMLTableRowElement): string[] {
    return [...row.cells].map((c) => squash(c.textContent));
  }

  /** The column's `aria-sort` (ascending, descending or none). */
  sortOf(column: SortColumn): string | null {
    return this.$(`[data-sort=${column}]`)?.closest('th')?.getAttribute('aria-sort') ?? null;
  }

  /** Clicks a column's sort button (again: the other direction). */
  sort(column: SortColumn): Promise<void> {
    return this.click(`[data-sort=${column}]`);
  }

  /** Chooses a rule (id) or severity in its filter; '' is All. */
  async filter(which: 'rule' | 'severity', value: string): Promise<void> {
    const select = this.$<HTMLSelectElement>(`[data-filter=${which}]`)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await this.el.updateComplete;
  }

  /** The next or previous page of the worklist. */
  page(which: 'next' | 'previous'): Promise<void> {
    return this.click(`[data-page=${which}]`);
  }

  /** The worklist as CSV (every page, filters and order as shown). */
  csv(): string {
    return this.el.exportCsv();
  }

  /** Findings of every page, by rule id (from the CSV). */
  countByRule(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const line of this.csv().trim().split('\r\n').slice(1)) {
      const ruleId = line.split('","')[3];
      out[ruleId] = (out[ruleId] ?? 0) + 1;
    }
    return out;
  }

  /** "Export CSV": the name of the file downloaded. */
  async export(): Promise<string> {
    const orig = HTMLAnchorElement.prototype.click;
    let filename = '';
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      filename = this.download;
    };
    try {
      this.$<HTMLButtonElement>('[part=export-button]')!.click();
    } finally {
      HTMLAnchorElement.prototype.click = orig;
    }
    await this.el.updateComplete;
    return filename;
  }

  /** Opens a row's patient: the event fired. */
  async select(row: HTMLTableRowElement): Promise<CustomEvent<PatientSelectedDetail>> {
    const fired = oneEvent(this.el, 'jc-patient-selected');
    row.querySelector<HTMLButtonElement>('button')!.click();
    return (await fired) as CustomEvent<PatientSelectedDetail>;
  }

  /** Cancel while checking; waits until "cancelled" is drawn. */
  cancel(): Promise<void> {
    return this.click('[part=cancel-button]');
  }

  /** "Check again": checks the population from the start, to the end. */
  checkAgain(): Promise<void> {
    return this.click('[data-action=rerun]');
  }
}
