// Drives <jc-advice-panel> as a user does: open a conversation, type, send, retry, start a new request,
// attach, go back, and read what is shown (status, who acts next, messages). The one place that knows
// the panel's markup: tests say what the user does, not where the buttons are.
import { fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../src/define.js';
import { squash, WidgetHarness } from '../../../test/helpers/widget-harness.js';
import type { AdviceSendFailedDetail, AdviceSentDetail, JcAdvicePanel } from '../src/index.js';

export { squash };

/** What a send (or Retry) ended in: the event it fired, with its detail. */
export interface SendOutcome {
  sent?: AdviceSentDetail;
  failed?: AdviceSendFailedDetail;
}

/** What the panel is showing. */
export type PanelState = 'not-configured' | 'loading' | 'error' | 'empty' | 'list' | 'thread' | 'new-request';

export class AdvicePanelHarness extends WidgetHarness<JcAdvicePanel> {
  /**
   * Mounts `template` (a `<jc-context>` holding a `<jc-advice-panel>`, or the panel alone) and waits
   * until the panel has drawn its data; `wait: false` returns at once (to look at the loading state
   * with `server.hold()`).
   */
  static async mount(template: TemplateResult, { wait = true } = {}): Promise<AdvicePanelHarness> {
    const host = await fixture<HTMLElement>(template);
    const el = host.localName === 'jc-advice-panel' ? (host as JcAdvicePanel) : host.querySelector<JcAdvicePanel>('jc-advice-panel')!;
    const h = new AdvicePanelHarness(el);
    return wait ? h.settled() : h;
  }

  /** What the panel shows. */
  state(): PanelState {
    if (this.has('[part=not-configured]')) return 'not-configured';
    if (this.has('[part=loading]')) return 'loading';
    if (this.has('[part=error]')) return 'error';
    if (this.has('[part=thread]')) return 'thread';
    if (this.has('form.new-request')) return 'new-request';
    if (this.has('[part=list]')) return 'list';
    return this.has('[part=empty]') ? 'empty' : 'loading';
  }

  /** What the live region last announced. */
  announcement(): string {
    return this.text('[role=status][aria-live]');
  }

  private async click(target: HTMLElement | null | undefined, what: string): Promise<void> {
    if (!target) throw new Error(`nothing to click: ${what}`);
    target.click();
    await this.el.updateComplete;
  }

  // ---------- the list ----------

  /** The conversations in the list. */
  items(): HTMLElement[] {
    return this.$$('[part~=item]');
  }

  itemIds(): string[] {
    return this.items().map((li) => li.dataset['id'] ?? '');
  }

  item(requestId: string): HTMLElement {
    const item = this.items().find((li) => li.dataset['id'] === requestId);
    if (!item) throw new Error(`no conversation ${requestId} in the list (${this.itemIds().join(', ')})`);
    return item;
  }

  /** Opens a conversation from the list. */
  open(requestId: string): Promise<void> {
    return this.click(this.item(requestId).querySelector('button'), `open ${requestId}`);
  }

  /** "Back to all conversations" (also Cancel of a new request). */
  back(): Promise<void> {
    return this.click(this.$('button[data-focus-target]'), 'Back');
  }

  /** The status tag of a conversation in the list, or of the open one. */
  status(requestId?: string): string {
    return squash((requestId ? this.item(requestId) : this.$('.header'))?.querySelector('[part=status]')?.textContent);
  }

  /** Who acts next, in words, for a conversation in the list or the open one. */
  nextActor(requestId?: string): string {
    return squash((requestId ? this.item(requestId) : this.$('.header'))?.querySelector('.next')?.textContent);
  }

  /** The overdue notice of a conversation in the list (empty when not overdue). */
  overdue(requestId: string): string {
    return squash(this.item(requestId).querySelector('[part=overdue]')?.textContent);
  }

  // ---------- a conversation ----------

  /** The messages shown in the open conversation, as read. */
  messages(): string[] {
    return this.$$('[part=message]').map((m) => squash(m.textContent));
  }

  /** The attachments of the open conversation. */
  attachments(): HTMLElement[] {
    return this.$$('[part=attachment]');
  }

  /** "Show N earlier messages". */
  showEarlier(): Promise<void> {
    return this.click(
      this.$$('button.secondary').find((b) => b.textContent.includes('earlier')),
      'Show earlier',
    );
  }

  /** "Convert to referral"; waits for the conversion (and the reload after it). */
  convert(): Promise<void> {
    return this.click(this.$('[part=convert-button]'), 'Convert to referral');
  }

  // ---------- writing ----------

  textarea(): HTMLTextAreaElement | null {
    return this.$<HTMLTextAreaElement>('textarea');
  }

  /** The draft shown in the text box (undefined when there is none). */
  draft(): string | undefined {
    return this.textarea()?.value;
  }

  /** Types into the reply or question box. */
  async type(value: string): Promise<void> {
    const ta = this.textarea();
    if (!ta) throw new Error('no text box');
    ta.value = value;
    ta.dispatchEvent(new Event('input'));
    await this.el.updateComplete;
  }

  sendButton(): HTMLButtonElement | null {
    return this.$<HTMLButtonElement>('[part=send-button]');
  }

  /** Presses Send without waiting (a double click, or a look at the send in flight with `server.hold()`). */
  pressSend(): void {
    const b = this.sendButton();
    if (!b) throw new Error('no Send button');
    b.click();
  }

  /** Presses Send and waits until the send (and the reload after it) is drawn: what it ended in. */
  send(): Promise<SendOutcome> {
    return this.write(() => this.pressSend());
  }

  /** Runs `press` and waits for what it causes, noting the send events fired meanwhile. */
  private async write(press: () => void): Promise<SendOutcome> {
    const out: SendOutcome = {};
    const onSent = (e: Event) => (out.sent = (e as CustomEvent<AdviceSentDetail>).detail);
    const onFailed = (e: Event) => (out.failed = (e as CustomEvent<AdviceSendFailedDetail>).detail);
    this.el.addEventListener('jc-advice-sent', onSent);
    this.el.addEventListener('jc-advice-send-failed', onFailed);
    try {
      press();
      await this.el.updateComplete;
    } finally {
      this.el.removeEventListener('jc-advice-sent', onSent);
      this.el.removeEventListener('jc-advice-send-failed', onFailed);
    }
    return out;
  }

  /** Ctrl+Enter (or Cmd+Enter with `mac`) in the text box, without waiting. */
  pressSendKeys({ mac = false } = {}): void {
    this.textarea()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: !mac, metaKey: mac, bubbles: true }));
  }

  /** The "not sent" notice, with Retry (empty when there is none). */
  sendError(): string {
    return this.text('[part=send-error]');
  }

  /** Retry of a failed send; waits until it is drawn: what it ended in. */
  retry(): Promise<SendOutcome> {
    const button = this.$('[part=send-error] [part=retry-button]');
    if (!button) throw new Error('no Retry sending');
    return this.write(() => button.click());
  }

  /** "New advice request". */
  newRequest(): Promise<void> {
    return this.click(
      this.$$('button.jc-button').find((b) => b.textContent.includes('New advice request')),
      'New advice request',
    );
  }

  /** Chooses a service of the new request by its id. */
  async chooseService(id: string): Promise<void> {
    const select = this.$<HTMLSelectElement>('select')!;
    select.value = id;
    select.dispatchEvent(new Event('change'));
    await this.el.updateComplete;
  }

  /** Chooses the priority of the new request. */
  choosePriority(priority: 'routine' | 'urgent'): Promise<void> {
    return this.click(this.$(`input[type=radio][value=${priority}]`), `priority ${priority}`);
  }

  /** Ticks (or unticks) a document to attach, by its title. */
  attach(title: string): Promise<void> {
    const label = this.$$('fieldset label').find((l) => squash(l.textContent) === title);
    return this.click(label?.querySelector('input[type=checkbox]'), `attach ${title}`);
  }
}
