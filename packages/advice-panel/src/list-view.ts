// The conversation list of <jc-advice-panel>, and the small parts (status tag, dates, overdue notice, priority) the other views share.
import { html, nothing, type TemplateResult } from 'lit';
import { formatDate, formatDateLong, formatDateTime, type MessageKey } from '@joinedcare/core';
import type { ConversationView } from './conversations.js';

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
  const keys: Record<string, MessageKey> = {
    routine: 'apPriorityRoutine',
    urgent: 'apPriorityUrgent',
    asap: 'apPriorityAsap',
    stat: 'apPriorityStat',
  };
  return keys[p] ? c.t(keys[p]) : p;
}

/** Specialty, service and start date: what the list and the open conversation both show (inside a `<dl>`). */
export function factsView(c: AdviceViewContext, v: ConversationView, started: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`<dt>${c.t('apSpecialty')}</dt>
    <dd>${v.specialty ?? c.t('notKnown')}</dd>
    <dt>${c.t('apService')}</dt>
    <dd>${v.service ?? c.t('notKnown')}</dd>
    <dt>${c.t('apStarted')}</dt>
    <dd>${dateText(c, v.authoredOn)}${started}</dd>`;
}

export interface ListViewOptions {
  /** Shows the "New request" button. */
  canAsk: boolean;
  onNewRequest: () => void;
  onOpen: (requestId: string) => void;
  /** The element's empty state. */
  renderEmpty: (text: string) => TemplateResult;
}

export function listView(c: AdviceViewContext, views: ConversationView[], o: ListViewOptions): TemplateResult {
  return html`${
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
  const specialty = v.specialty ?? v.service ?? c.t('notKnown');
  return html`<li
    class="conversation ${v.yourTurn ? 'conversation--your-turn' : ''} ${v.overdue.overdue ? 'conversation--overdue' : ''}"
    part="item"
    data-id=${v.requestId}
  >
    <button class="link" type="button" @click=${() => onOpen(v.requestId)}>
      ${c.t('apOpen', { specialty, status: c.t(v.row.label) })}
    </button>
    <p>${statusTag(c, v)} <span class="next">${c.t(v.nextText)}</span></p>
    ${overdueText(c, v)}
    <dl>
      ${factsView(c, v)}
      <dt>${c.t('apLastActivity')}</dt>
      <dd>${dateText(c, v.lastActivity, true)}</dd>
      ${
        v.priority
          ? html`<dt>${c.t('apPriority')}</dt>
              <dd>${priorityText(c, v.priority)}</dd>`
          : nothing
      }
    </dl>
  </li>`;
}
