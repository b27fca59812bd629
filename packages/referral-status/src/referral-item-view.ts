// One referral as a list item: its tags, people, dates, waiting clock, timeline and actions (view functions).
import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatDate, type MessageKey } from '@joinedcare/core';
import type { ReferralView } from './model.js';

const ICONS = {
  'double-arrow-up': svg`<path d="M12 3 4 11l1.4 1.4L12 5.8l6.6 6.6L20 11zm0 7-8 8 1.4 1.4 6.6-6.6 6.6 6.6L20 18z"/>`,
  'arrow-up': svg`<path d="M12 6 4 14l1.4 1.4L12 8.8l6.6 6.6L20 14z"/>`,
  'arrow-up-bar': svg`<path d="M4 4h16v2H4zm8 4-8 8 1.4 1.4 6.6-6.6 6.6 6.6L20 16z"/>`,
  bolt: svg`<path d="M13 2 4 14h6l-1 8 9-12h-6z"/>`,
  none: svg`<circle cx="12" cy="12" r="4"/>`,
  'on-track': svg`<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>`,
  'at-risk': svg`<path d="M12 2 1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z"/>`,
  breached: svg`<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm5 13.6L15.6 17 12 13.4 8.4 17 7 15.6 10.6 12 7 8.4 8.4 7l3.6 3.6L15.6 7 17 8.4 13.4 12z"/>`,
  attention: svg`<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2zm0-4h-2V7h2z"/>`,
};

/** What a user can ask the host to do with a referral (`jc-referral-action-request`). */
export type ReferralAction = 'chase' | 'view-letter';

/** What the referral views need from the element. */
export interface ReferralItemHost {
  /** The element's localised strings. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** The effective locale, for dates. */
  lang: string | undefined;
  /** Hospital view: the triage state first, and "referred by" before "referred to". */
  secondary: boolean;
  /** The user opened a referral. */
  select: (r: ReferralView) => void;
  /** The user asked to chase a referral or view its letter. */
  act: (action: ReferralAction, r: ReferralView) => void;
}

/** One referral (`<li part="item">`); `level` is the ARIA heading level of its name, `index` its place in the page. */
export function renderReferralItem(host: ReferralItemHost, r: ReferralView, level: number, index: number): TemplateResult {
  const { t, secondary } = host;
  const stateTag = html`<span class="tag tag--${r.state.tag}" part="status"
    ><span class="visually-hidden">${t('refStatus')}: </span>${r.state.label}</span
  >`;
  const whoActs =
    r.phase === 'active' && r.state.whoActs !== 'nobody'
      ? t(
          r.state.whoActs === 'referrer'
            ? 'refWhoActsReferrer'
            : r.state.whoActs === 'provider'
              ? 'refWhoActsProvider'
              : 'refWhoActsPatient',
        )
      : '';
  const people = {
    to: html`<dt>${t('refReferredTo')}</dt>
      <dd>${r.performer}</dd>`,
    by: html`<dt>${t('refReferredBy')}</dt>
      <dd>${t('refPersonAt', { person: r.requester, organisation: r.requesterOrganisation })}</dd>`,
  };
  return html`<li class="item ${r.attention ? 'item--attention' : ''}" part="item" data-id=${r.id} data-index=${index}>
    ${secondary ? html`<div class="triage">${stateTag}${whoActs ? html`<span>${whoActs}</span>` : nothing}</div>` : nothing}
    <div class="item-head">
      <div class="item-title" role="heading" aria-level=${level}>
        <button class="link" type="button" @click=${() => host.select(r)}>${r.service}</button>
      </div>
      <span class="tag tag--${r.priority.tag}" part="priority"
        ><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[r.priority.icon]}</svg
        ><span class="visually-hidden">${t('refPriority')}: </span>${r.priority.label}</span
      >
      ${secondary ? nothing : stateTag}
    </div>
    ${
      r.attention
        ? html`<p class="attention" part="attention">
            <svg viewBox="0 0 24 24" aria-hidden="true">${ICONS.attention}</svg
            ><span class="visually-hidden">${t('refNeedsAttention')}: </span>${r.attention.reason}
          </p>`
        : nothing
    }
    <dl>
      ${secondary ? [people.by, people.to] : [people.to, people.by]}
      <dt>${t('refReferredOn')}</dt>
      <dd><span aria-hidden="true">${r.referredText}</span><span class="visually-hidden">${r.referredLong}</span></dd>
      ${
        r.clinicalInfoText
          ? html`<dt>${t('refClinicalInfo')}</dt>
              <dd>${r.clinicalInfoText}</dd>`
          : nothing
      }
      <dt>${t('refUbrn')}</dt>
      <dd>${r.ubrnText}</dd>
      <dt>${t('refWaiting')}</dt>
      <dd>${renderClock(host, r)}</dd>
      ${
        !secondary && whoActs
          ? html`<dt>${t('refStatus')}</dt>
              <dd>${whoActs}</dd>`
          : nothing
      }
      ${
        r.appointment
          ? html`<dt>${t('refAppointment')}</dt>
              <dd>
                ${r.appointment.statusText}:
                <span aria-hidden="true">${t('refApptPlace', { when: r.appointment.when, place: r.appointment.place })}</span
                ><span class="visually-hidden">${t('refApptPlace', { when: r.appointment.whenLong, place: r.appointment.place })}</span>
                ${r.cancelledOnText ? html`(${t('refApptCancelledOn', { date: r.cancelledOnText })})` : nothing}
                ${r.appointment.rebooked ? html`<br />${t('refApptRebooked')}` : nothing}
              </dd>`
          : nothing
      }
      ${
        r.reason !== undefined || r.comments.length
          ? html`<dt>${t('refReason')}</dt>
              <dd>${r.reason ?? t('refNone')}</dd>
              <dt>${t('refComments')}</dt>
              <dd>
                ${
                  r.comments.length
                    ? html`<ul>
                        ${r.comments.map((c) => html`<li>${c}</li>`)}
                      </ul>`
                    : t('refNone')
                }
              </dd>`
          : nothing
      }
    </dl>
    ${r.worklistText ? html`<p class="updated">${r.worklistText}</p>` : nothing}
    <p class="updated">${r.updatedText}</p>
    <details part="timeline" @keydown=${onTimelineKeydown}>
      <summary>${t('refTimeline', { n: r.timeline.length })}</summary>
      <ol>
        ${r.timeline.map((e) => html`<li>${e.dateText}: ${e.text}${e.byText ? html` <span class="by">${e.byText}</span>` : nothing}</li>`)}
      </ol>
    </details>
    <div class="actions">
      ${
        r.chase
          ? html`<button class="secondary" part="action-button" type="button" @click=${() => host.act('chase', r)}>
              ${t('refChase')}<span class="visually-hidden"> ${t('refForService', { service: r.service })}</span>
            </button>`
          : nothing
      }
      <button class="secondary" part="action-button" type="button" @click=${() => host.act('view-letter', r)}>
        ${t('refViewLetter')}<span class="visually-hidden"> ${t('refForService', { service: r.service })}</span>
      </button>
    </div>
  </li>`;
}

/**
 * A referral's waiting clock ("Day 97 of 126 (13w 6d of 18 weeks), on track"), the standard, where
 * it starts from and what an RTT status source says; or what stands instead of a clock ("e-RS
 * referral closed…", "No waiting clock: …"); and the 28-day FDS line when it applies.
 */
function renderClock(host: ReferralItemHost, r: ReferralView): TemplateResult {
  const { t, lang } = host;
  const v = r.clockView;
  const fds = r.fds ? html`<span class="clock-line" part="fds">${r.fds.text}</span>` : nothing;
  const status = v.statusText ? html`<span class="clock-line">${v.statusText}</span>` : nothing;
  if (v.kind !== 'running' && v.kind !== 'stopped') return html`<span class="clock" part="clock">${v.text}</span>${status}${fds}`;
  const c = v.clock;
  const start = html`<span class="clock-line">${v.startText}</span>`;
  if (c.state === 'unknown') return html`<span class="clock" part="clock">${v.text}</span>${start}${status}${fds}`;
  const words = t(c.state === 'breached' ? 'refClockBreached' : c.state === 'at-risk' ? 'refClockAtRisk' : 'refClockOnTrack');
  return html`<span class="clock clock--${c.state}" part="clock" data-state=${c.state}
      ><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[c.state]}</svg>${v.text},
      ${words}${c.stopped && c.stoppedOn ? html`, ${t('refClockStopped', { date: formatDate(c.stoppedOn, lang ? { lang } : undefined) })}` : nothing}</span
    ><span class="clock-standard">${t('refClockStandardLabel', { standard: c.standard.name ?? c.standard.label })}</span
    >${start}${status}${fds}`;
}

/** Escape closes an open timeline and leaves focus on its summary. */
function onTimelineKeydown(e: KeyboardEvent): void {
  const details = e.currentTarget as HTMLDetailsElement;
  if (e.key !== 'Escape' || !details.open) return;
  e.stopPropagation();
  details.open = false;
  details.querySelector('summary')?.focus();
}
