// The reply and new-request forms of <jc-advice-panel>, with the send-failed notice; drafts and sending live in the AdviceSending controller.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { describeError, type FhirError } from '@joinedcare/core';
import type { ConversationView } from './conversations.js';
import type { Draft } from './drafts.js';
import type { AdviceAttachmentOption, AdviceService } from './writes.js';
import { NEW_REQUEST, unknownOutcome, type AdviceSending, type SendState } from './sending.js';
import { priorityText, type AdviceViewContext } from './list-view.js';

export interface ComposeViewOptions {
  sending: AdviceSending;
  services: readonly AdviceService[];
  attachments: readonly AdviceAttachmentOption[];
  /** Leaves the form (Cancel on a new request). */
  onBack: () => void;
}

export interface ReplyViewOptions extends ComposeViewOptions {
  canReply: boolean;
  hasSender: boolean;
  /** The conversations were handed in by the host: replies are written where they came from. */
  handed: boolean;
}

/** The reply form under a conversation, or why there is none. */
export function replyView(c: AdviceViewContext, v: ConversationView, o: ReplyViewOptions): TemplateResult | typeof nothing {
  if (!o.canReply) return nothing;
  if (o.handed || v.kind !== 'request') return html`<p class="hint compose">${c.t('apHandedReadOnly')}</p>`;
  if (!o.hasSender) return html`<p class="hint compose">${c.t('apNoSender')}</p>`;
  if (!v.row.open) return html`<p class="hint compose">${c.t('apReplyClosed')}</p>`;
  return composeView(c, v.requestId, o);
}

/** The new-request page: Back, then the form. */
export function newRequestView(c: AdviceViewContext, o: ComposeViewOptions): TemplateResult {
  return html`<div class="header">
      <button class="link" type="button" data-focus-target @click=${() => o.onBack()}>${c.t('apBack')}</button>
    </div>
    ${composeView(c, NEW_REQUEST, o)}`;
}

function composeView(c: AdviceViewContext, conversation: string, o: ComposeViewOptions): TemplateResult {
  const s = o.sending;
  const draft = s.draft(conversation);
  const st = s.state(conversation);
  const sending = s.isSending(conversation);
  const isRequest = conversation === NEW_REQUEST;
  return html`<form
    class=${isRequest ? 'new-request' : 'compose'}
    part="compose"
    @submit=${(e: Event) => {
      e.preventDefault();
      void s.send(conversation);
    }}
  >
    ${isRequest ? requestFieldsView(c, draft, sending, o) : nothing}
    <label for="text">${c.t(isRequest ? 'apQuestionLabel' : 'apComposeLabel')}</label>
    <p class="hint" id="hint">${c.t('apComposeHint')}</p>
    <textarea
      id="text"
      aria-describedby="hint"
      ?readonly=${sending}
      .value=${live(draft.text)}
      @input=${(e: Event) => s.updateDraft(conversation, { text: (e.target as HTMLTextAreaElement).value })}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void s.send(conversation);
        }
      }}
    ></textarea>
    ${
      o.attachments.length
        ? html`<fieldset>
            <legend>${c.t('apAttachLabel')}</legend>
            ${o.attachments.map(
              (a) =>
                html`<label
                  ><input
                    type="checkbox"
                    ?disabled=${sending}
                    .checked=${live(draft.attachmentIds.includes(a.documentReferenceId))}
                    @change=${(e: Event) => {
                      const on = (e.target as HTMLInputElement).checked;
                      const ids = draft.attachmentIds.filter((x) => x !== a.documentReferenceId);
                      s.updateDraft(conversation, { attachmentIds: on ? [...ids, a.documentReferenceId] : ids });
                    }}
                  />
                  ${a.title}</label
                >`,
            )}
          </fieldset>`
        : nothing
    }
    ${st?.phase === 'empty' ? html`<p role="alert">${c.t(isRequest && draft.text.trim() ? 'apChooseService' : 'apSendEmpty')}</p>` : nothing}
    ${st?.phase === 'failed' ? sendErrorView(c, st, () => void s.send(conversation)) : nothing}
    <div class="actions">
      <button class="jc-button" part="send-button" type="submit" ?disabled=${sending}>
        ${sending ? c.t('apSending') : c.t(isRequest ? 'apSendRequest' : 'apSend')}
      </button>
      ${isRequest ? html`<button class="secondary" type="button" @click=${() => o.onBack()}>${c.t('apCancel')}</button>` : nothing}
    </div>
  </form>`;
}

function sendErrorView(c: AdviceViewContext, st: Extract<SendState, { phase: 'failed' }>, onRetry: () => void): TemplateResult {
  const error: FhirError = st.error;
  const title = st.wrongPatient ? 'apSendWrongPatient' : unknownOutcome(error) ? 'apSendUnknownTitle' : 'apSendFailedTitle';
  // the text keeps its surrounding whitespace, as before the split
  // prettier-ignore
  return html`<div class="state state--error send-error" part="send-error" role="alert">
    <p class="state-title">${c.t(title)}</p>
    ${st.wrongPatient ? nothing : html`<p>${describeError(error, c.lang)}${error.outcomeText ? html` <span>${error.outcomeText}</span>` : nothing}</p>`}
    <p>${c.t(st.wrongPatient ? 'apSendWrongPatientDetail' : 'apSendKept')}</p>
    <button class="jc-button" part="retry-button" type="button" @click=${() => onRetry()}>
      ${c.t('apRetrySend')}
    </button>
  </div>`;
}

function requestFieldsView(c: AdviceViewContext, draft: Draft, sending: boolean, o: ComposeViewOptions): TemplateResult {
  if (!o.services.length) return html`<p role="alert">${c.t('apNoServices')}</p>`;
  return html`<div class="title">${c.t('apNewRequestTitle')}</div>
    <label for="service">${c.t('apServiceLabel')}</label>
    <select
      id="service"
      ?disabled=${sending}
      @change=${(e: Event) => o.sending.updateDraft(NEW_REQUEST, { serviceId: (e.target as HTMLSelectElement).value || undefined })}
    >
      <option value="" ?selected=${!draft.serviceId}>${c.t('apServiceChoose')}</option>
      ${o.services.map((s) => html`<option value=${s.id} ?selected=${draft.serviceId === s.id}>${s.label}</option>`)}
    </select>
    <fieldset>
      <legend>${c.t('apPriorityLabel')}</legend>
      ${(['routine', 'urgent'] as const).map(
        (p) =>
          html`<label
            ><input
              type="radio"
              name="priority"
              value=${p}
              ?disabled=${sending}
              .checked=${live((draft.priority ?? 'routine') === p)}
              @change=${() => o.sending.updateDraft(NEW_REQUEST, { priority: p })}
            />
            ${priorityText(c, p)}</label
          >`,
      )}
    </fieldset>`;
}
