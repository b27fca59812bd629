// One conversation of <jc-advice-panel>: its header, "Convert to referral", the message log with attachments; the reply form is passed in.
import { html, nothing, type TemplateResult } from 'lit';
import { describeError, organisationLabel, type MessageKey } from '@joinedcare/core';
import { contentTypeLabel, humanSize, type AttachmentView } from './attachments.js';
import { canConvert, type ConversationView, type MessageView } from './conversations.js';
import type { Perspective } from './status.js';
import { dateText, factsView, overdueText, statusTag, type AdviceViewContext } from './list-view.js';
import type { ConvertState } from './converting.js';

export interface ThreadViewOptions {
  /** Messages revealed ("Show earlier" adds a page); 0: one page. */
  shown: number;
  pageSize: number;
  /** The data was handed in (an empty thread then means its messages were not included, not that there are none). */
  handed: boolean;
  /** The convert action (`convertView`) and the reply form. */
  convert: TemplateResult | typeof nothing;
  reply: TemplateResult | typeof nothing;
  onBack: () => void;
  onShowEarlier: (shown: number) => void;
  /** Available attachments get an "Open …" button (the host listens: `open-attachments`); else their titles are plain text. */
  onOpenAttachment: ((documentReferenceId: string) => void) | undefined;
}

export function threadView(c: AdviceViewContext, v: ConversationView, o: ThreadViewOptions): TemplateResult {
  const total = v.messages.length;
  const size = Math.max(1, o.shown || o.pageSize);
  const visible = v.messages.slice(Math.max(0, total - size));
  const hidden = total - visible.length;
  return html`<div class="header">
      <button class="link" type="button" data-focus-target @click=${() => o.onBack()}>${c.t('apBack')}</button>
      <p>${statusTag(c, v)} <span class="next">${c.t(v.nextText)}</span></p>
      ${overdueText(c, v)}
      <dl class="header-facts">${factsView(c, v, v.requester ? html` (${c.t('apRequestedBy', { name: v.requester })})` : nothing)}</dl>
      ${o.convert}
    </div>
    ${
      hidden > 0
        ? html`<p class="hint">${c.t('apShowingLatest', { shown: visible.length, total })}</p>
            <button class="secondary" type="button" @click=${() => o.onShowEarlier(size + o.pageSize)}>
              ${c.t('apShowEarlier', { n: Math.min(o.pageSize, hidden), hidden })}
            </button>`
        : nothing
    }
    <div role="log" aria-label=${c.t('apThreadLabel')} part="thread">
      ${
        total === 0
          ? html`<p>${c.t(v.kind === 'summary' ? 'apSummaryOnly' : o.handed ? 'apNoMessagesHanded' : 'apNoMessages')}</p>`
          : html`<ol class="messages">
              ${visible.map((m) => messageView(c, m, o.onOpenAttachment))}
            </ol>`
      }
    </div>
    ${o.reply}`;
}

function messageView(c: AdviceViewContext, m: MessageView, onOpenAttachment: ((id: string) => void) | undefined): TemplateResult {
  const s = m.sender;
  const roles: Record<string, MessageKey> = {
    REQUESTER: 'apSenderRequester',
    RESPONDER: 'apSenderResponder',
    REFERRER_CLINICAL_INFORMATION_UPDATED: 'apSenderInfoUpdated',
  };
  const role = s.conversationRole ? c.t(roles[s.conversationRole]) : undefined;
  // the organisation as every widget names it, "Name (GP practice)"; its kind from the ODS role only
  const organisation = organisationLabel(s.organisation, c.lang) ?? c.t('notKnown');
  const details = [role, s.jobRole].filter((x): x is string => !!x).join(', ');
  return html`<li class="message ${s.conversationRole === 'RESPONDER' ? 'message--responder' : ''}" part="message">
    <p class="meta">
      <span class="sender">${s.name ?? c.t('notKnown')}</span>${details ? html` (${details})` : nothing} ·
      ${c.t('apSentFrom', { organisation })} · ${dateText(c, m.sent, true)}
    </p>
    <p class="text">${m.text ?? c.t('apNoText')}</p>
    ${
      m.attachments.length
        ? html`<ul class="attachments" aria-label=${c.t('apAttachments')}>
            ${m.attachments.map((a) => attachmentView(c, a, onOpenAttachment))}
          </ul>`
        : nothing
    }
  </li>`;
}

function attachmentView(c: AdviceViewContext, a: AttachmentView, onOpen: ((id: string) => void) | undefined): TemplateResult {
  const title = a.title ?? c.t('apUntitled');
  const size = humanSize(a.sizeBytes);
  const facts = [a.type, contentTypeLabel(a.contentType), c.t(size.key, { n: size.n })].filter((x): x is string => !!x).join(', ');
  if (a.availability === 'available') {
    if (!onOpen) return html`<li class="attachment" part="attachment"><span>${title}</span> <span class="meta">(${facts})</span></li>`;
    // the text keeps its surrounding whitespace, as before the split
    // prettier-ignore
    return html`<li class="attachment" part="attachment">
      <button class="link" type="button" @click=${() => onOpen(a.documentReferenceId)}>
        ${c.t('apOpenAttachment', { title })}
      </button>
      <span class="meta">(${facts})</span>
    </li>`;
  }
  const reasons: Record<Exclude<AttachmentView['availability'], 'available'>, MessageKey> = {
    withdrawn: 'apAttachmentWithdrawn',
    'not-loaded': 'apAttachmentNotLoaded',
    'not-yet-available': 'apAttachmentUnavailable',
    'threats-found': 'apAttachmentThreats',
    'validation-failed': 'apAttachmentInvalid',
  };
  const why = reasons[a.availability];
  return html`<li class="attachment attachment--unavailable" part="attachment">
    <span>${title}</span> <span class="meta">(${facts})</span> — <strong>${c.t(why)}</strong>
  </li>`;
}

export interface ConvertViewOptions {
  /** The host allows writing and gave a sender. */
  writable: boolean;
  perspective: Perspective;
  state: ConvertState | undefined;
  onConvert: (v: ConversationView) => void;
}

/** "Convert to referral": for specialists on an open request, when writing is allowed. */
export function convertView(c: AdviceViewContext, v: ConversationView, o: ConvertViewOptions): TemplateResult | typeof nothing {
  if (!o.writable || o.perspective !== 'responder') return nothing;
  const st = o.state?.requestId === v.requestId ? o.state : undefined;
  const notice = html`${st?.error ? html`<p role="alert"><strong>${c.t('apConvertFailed')}:</strong> ${convertErrorText(c, st.error)}</p>` : nothing}
  ${st?.phase === 'requested' ? html`<p class="hint" role="status">${c.t('apConvertRequested')}</p>` : nothing}`;
  // what the last attempt ended in stays in view, also once the request is closed (a conversion not confirmed)
  if (!v.row.open) return st ? html`<div class="actions">${notice}</div>` : nothing;
  if (!canConvert(v, o.perspective)) return html`<p class="hint">${c.t('apNotAuthorisedToConvert')}</p>`;
  const busy = st?.phase === 'converting';
  return html`<div class="actions">
    <button class="secondary" part="convert-button" type="button" ?disabled=${busy} @click=${() => o.onConvert(v)}>
      ${busy ? c.t('apConverting') : c.t('apConvert')}
    </button>
    ${notice}
  </div>`;
}

function convertErrorText(c: AdviceViewContext, error: NonNullable<ConvertState['error']>): string {
  if (error.kind === 'not-convertible') return c.t('apConvertNotConvertible');
  if (error.kind === 'not-confirmed') return c.t('apConvertNotConfirmed');
  return describeError(error.cause, c.lang);
}
