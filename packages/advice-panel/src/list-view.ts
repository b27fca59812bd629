// The conversation list of <jc-advice-panel>, and the small parts (status tag, dates, overdue notice, priority) the other views share.
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { formatDate, formatDateLong, formatDateTime, organisationLabel, type MessageKey } from '@joinedcare/core';
import type { ConversationView } from './conversations.js';
import type { SenderView } from './senders.js';
import { spacedUbrn } from './values.js';

/** What every view reads from the element: its strings, its language and the response target. */
export interface AdviceViewContext {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  lang: string | undefined;
  responseTargetDays: number;
}

export function statusTag(c: AdviceViewContext, v: ConversationView): TemplateResult {
  return html`<span class="tag tag--${v.row.tone}" part="status"
    >${c.t(v.row.label)}${v.status.inferred ? html` <span class="visually-hidden">${c.t('apStatusInferred')}</span>` : nothing}</span
  >`;
}

/** A date shown short, read out long. */
export function dateText(c: AdviceViewContext, value: string | undefined, withTime = false): TemplateResult {
  const lang = c.lang;
  const opts = lang ? { lang } : {};
  // no date (or none that can be read): the missing-value wording once, read as it is shown
  if (!value || !Number.isFinite(Date.parse(value))) return html`${c.t('notKnown')}`;
  return html`<span aria-hidden="true">${withTime ? formatDateTime(value, opts) : formatDate(value, opts)}</span
    ><span class="visually-hidden"
      >${formatDateLong(value, opts)}${withTime ? ` ${formatDateTime(value, opts).split(' ')[1] ?? ''}` : ''}</span
    >`;
}

export function overdueText(c: AdviceViewContext, v: ConversationView): TemplateResult | typeof nothing {
  if (!v.overdue.overdue) return nothing;
  const lang = c.lang;
  return html`<p class="overdue" part="overdue">
    <strong>${c.t('apOverdue')}:</strong>
    ${c.t('apOverdueDetail', { due: formatDate(v.overdue.due, lang ? { lang } : {}), days: c.responseTargetDays })}
  </p>`;
}

export function priorityText(c: AdviceViewContext, p: string): string {
  // FHIR priorities, and e-RS's (its priority extension): only TWO_WEEK_WAIT is a suspected cancer
  const keys: Record<string, MessageKey> = {
    routine: 'apPriorityRoutine',
    urgent: 'apPriorityUrgent',
    asap: 'apPriorityAsap',
    stat: 'apPriorityStat',
    ROUTINE: 'apPriorityRoutine',
    URGENT: 'apPriorityUrgent',
    TWO_WEEK_WAIT: 'apPriorityTwoWeekWait',
  };
  return keys[p] ? c.t(keys[p]) : p;
}

/** Specialty, service and start date: what the open conversation shows (inside a `<dl>`). */
export function factsView(c: AdviceViewContext, v: ConversationView, started: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`${fact(c.t('apSpecialty'), v.specialty ?? c.t('notKnown'))} ${fact(c.t('apService'), v.service ?? c.t('notKnown'))}
  ${fact(c.t('apStarted'), html`${dateText(c, v.authoredOn)}${started}`)} ${ubrnFact(v)}`;
}

/** One label and value of a `<dl>`, grouped (so that a card can lay them out in a line). */
const fact = (label: string, value: unknown, cls = ''): TemplateResult =>
  html`<div class=${ifDefined(cls || undefined)}>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;

const ubrnFact = (v: ConversationView) => (v.ubrn ? fact('UBRN', spacedUbrn(v.ubrn)) : nothing);

/** Who asked and who answered: with the question's first line, what tells one conversation from another. */
function partiesView(c: AdviceViewContext, v: ConversationView): TemplateResult {
  const answered = v.responder ? partyText(c, v.responder) : v.unattributed ? c.t('notKnown') : c.t('apNotYetAnswered');
  return html`${fact(c.t('apAskedBy'), partyText(c, v.asker))} ${fact(c.t('apAnsweredBy'), answered)}`;
}

/** A person as a card names them: "Dr Amara Okafor, Riverside Medical Practice (GP practice)". */
export function partyText(c: AdviceViewContext, p: SenderView | undefined): string {
  const organisation = organisationLabel(p?.organisation, c.lang);
  const name = p?.name;
  if (name && organisation) return c.t('apPartyAt', { name, organisation });
  return name ?? organisation ?? c.t('notKnown');
}

export interface ListViewOptions {
  /** Shows the "New request" button. */
  canAsk: boolean;
  /** Referrals handed in with the data: not shown here, but said. */
  referrals: number;
  onNewRequest: () => void;
  onOpen: (requestId: string) => void;
  /** The element's empty state. */
  renderEmpty: (text: string) => TemplateResult;
}

export function listView(c: AdviceViewContext, views: ConversationView[], o: ListViewOptions): TemplateResult {
  return html`${o.referrals ? html`<p class="hint">${c.t('apReferralsNotShown', { count: o.referrals })}</p>` : nothing}${
    o.canAsk
      ? html`<div class="actions">
          <button class="jc-button" type="button" @click=${() => o.onNewRequest()}>${c.t('apNewRequest')}</button>
        </div>`
      : nothing
  }
  ${
    views.length === 0
      ? o.renderEmpty(c.t('apEmpty'))
      : html`<ul class="conversations" part="list" aria-label=${c.t('apListLabel')}>
          ${views.map((v) => itemView(c, v, o.onOpen))}
        </ul>`
  }`;
}

function itemView(c: AdviceViewContext, v: ConversationView, onOpen: (requestId: string) => void): TemplateResult {
  const title = v.specialty ?? v.service ?? c.t('notKnown');
  const summary = v.kind === 'summary';
  // the specialty is the card's title: the service is said only when it adds something
  const service = v.specialty && v.service ? fact(c.t('apService'), v.service) : nothing;
  return html`<li
    class="conversation ${v.yourTurn ? 'conversation--your-turn' : ''} ${v.overdue.overdue ? 'conversation--overdue' : ''}"
    part="item"
    data-id=${v.requestId}
  >
    <p class="card-head">
      <button
        class="link card-title"
        type="button"
        aria-label=${c.t('apOpen', { specialty: title, status: c.t(v.row.label) })}
        @click=${() => onOpen(v.requestId)}
      >
        ${title}
      </button>
      ${statusTag(c, v)} <span class="next">${c.t(v.nextText)}</span>
    </p>
    ${overdueText(c, v)} ${summary ? html`<p class="hint">${c.t('apSummaryOnly')}</p>` : nothing}
    <dl class="card-facts">
      ${summary ? nothing : fact(c.t('apQuestion'), v.questionFirstLine ?? c.t('notKnown'), 'question')}
      ${summary ? nothing : partiesView(c, v)} ${service} ${fact(c.t('apStarted'), dateText(c, v.authoredOn))}
      ${fact(c.t('apLastActivity'), dateText(c, v.lastActivity, true))}
      ${v.priority ? fact(c.t('apPriority'), priorityText(c, v.priority)) : nothing} ${ubrnFact(v)}
    </dl>
  </li>`;
}

/** Where focus goes once the next update is drawn: Back in an opened conversation, or the conversation left. */
export type FocusAfter = { to: 'back' } | { to: 'item'; requestId: string | undefined };

/** The element focus goes to: Back, or the conversation left (else the first one). */
export function focusTarget(root: ParentNode, f: FocusAfter): HTMLElement | null {
  if (f.to === 'back') return root.querySelector<HTMLElement>('[data-focus-target]');
  return (
    root.querySelector<HTMLElement>(`[part=item][data-id="${CSS.escape(f.requestId ?? '')}"] button.link`) ??
    root.querySelector<HTMLElement>('.conversation button.link')
  );
}
