// One referral as a table row group (`<tbody part="item">`): a row of the facts a clinician scans, and its details on demand (view functions).
import { html, nothing, type TemplateResult } from 'lit';
import { formatDate, type MessageKey } from '@joinedcare/core';
import type { ReferralView } from './model.js';

// Icon shapes as path data: bound to one attribute of the row's own template, where a nested SVG
// template per icon cost a template instance per cell (issue 18: render cost per row).
const ICONS = {
  'double-arrow-up': 'M12 3 4 11l1.4 1.4L12 5.8l6.6 6.6L20 11zm0 7-8 8 1.4 1.4 6.6-6.6 6.6 6.6L20 18z',
  'arrow-up': 'M12 6 4 14l1.4 1.4L12 8.8l6.6 6.6L20 14z',
  'arrow-up-bar': 'M4 4h16v2H4zm8 4-8 8 1.4 1.4 6.6-6.6 6.6 6.6L20 16z',
  bolt: 'M13 2 4 14h6l-1 8 9-12h-6z',
  none: 'M12 8a4 4 0 1 0 0 8 4 4 0 1 0 0-8z',
  'on-track': 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  'at-risk': 'M12 2 1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z',
  breached:
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm5 13.6L15.6 17 12 13.4 8.4 17 7 15.6 10.6 12 7 8.4 8.4 7l3.6 3.6L15.6 7 17 8.4 13.4 12z',
  attention: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2zm0-4h-2V7h2z',
};

/** What a user can ask the host to do with a referral (`jc-referral-action-request`). */
export type ReferralAction = 'chase' | 'view-letter';

/** What the referral views need from the element. */
export interface ReferralItemHost {
  /** The element's localised strings. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** The effective locale, for dates. */
  lang: string | undefined;
  /** Hospital view: "Referred by" is the column, "Referred to" goes in the details. */
  secondary: boolean;
  /** The host listens for selection (`selectable`): the service name is a button. Otherwise plain text. */
  selectable: boolean;
  /** Whether a referral's details are open. */
  isExpanded: (id: string) => boolean;
  /** Opens or closes a referral's details. */
  toggle: (r: ReferralView) => void;
  /** The user opened a referral. */
  select: (r: ReferralView) => void;
  /** The user asked to chase a referral or view its letter. */
  act: (action: ReferralAction, r: ReferralView) => void;
}

/** The columns of a referral table, in order (their header texts). */
export function referralColumns(host: Pick<ReferralItemHost, 't' | 'secondary'>): string[] {
  const { t } = host;
  return [
    t('refColReferral'),
    t('refPriority'),
    t('refStatus'),
    t(host.secondary ? 'refReferredBy' : 'refReferredTo'),
    t('refReferredOn'),
    t('refWaiting'),
    t('refDetails'),
  ];
}

/**
 * One referral (`<tbody part="item">`): a row (`th` the service, then priority, state, the other
 * side, the date, the waiting clock and a Details button with `aria-expanded`), and a details row
 * drawn only while open. `index` is its place in the page; `columns` the header texts;
 * `sourceShown`: its group says where the last change came from, so the details give only the date.
 */
export function renderReferralItem(
  host: ReferralItemHost,
  r: ReferralView,
  index: number,
  columns: string[],
  sourceShown: boolean,
): TemplateResult {
  const { t, secondary } = host;
  const open = host.isExpanded(r.id);
  const detailsId = `referral-details-${index}`;
  const whoActs = whoActsText(host, r);
  // plain text unless the host listens for selection: no nested template per row for the common case
  const service = host.selectable
    ? html`<button class="link" type="button" @click=${() => host.select(r)}>${r.service}</button>`
    : r.service;
  const other = secondary ? t('refPersonAt', { person: r.requester, organisation: r.requesterOrganisation }) : r.performer;
  return html`<tbody
    class="item ${r.attention ? 'item--attention' : ''} ${open ? 'item--open' : ''}"
    part="item"
    data-id=${r.id}
    data-index=${index}
  >
    <tr class="row">
      <th scope="row" class="cell cell--service" data-field=${columns[0]}>
        <span class="service">${service}</span>
        <span class="sub ubrn" data-field=${t('refUbrn')}><span class="sub-label">${t('refUbrn')}</span> ${r.ubrnText}</span>
      </th>
      <td class="cell cell--tag" data-field=${columns[1]}>
        <span class="tag tag--${r.priority.tag}" part="priority"
          ><svg viewBox="0 0 24 24" aria-hidden="true"><path d=${ICONS[r.priority.icon]}></path></svg
          ><span class="visually-hidden">${t('refPriority')}: </span>${r.priority.label}</span
        >
      </td>
      <td class="cell cell--state" data-field=${columns[2]}>
        <span class="tag tag--${r.state.tag}" part="status"><span class="visually-hidden">${t('refStatus')}: </span>${r.state.label}</span>
        <span class="sub who-acts" ?hidden=${!whoActs}>${whoActs}</span>
        ${
          r.attention
            ? html`<span class="attention" part="attention"
                ><svg viewBox="0 0 24 24" aria-hidden="true"><path d=${ICONS.attention}></path></svg
                ><span class="visually-hidden">${t('refNeedsAttention')}: </span>${r.attention.reason}</span
              >`
            : nothing
        }
        ${r.appointment ? html`<span class="sub" data-field=${t('refAppointment')}>${appointmentText(host, r)}</span>` : nothing}
        ${
          r.reason !== undefined || r.comments.length
            ? html`<span class="sub" data-field=${t('refReason')}
                ><span class="sub-label">${t('refReason')}:</span> ${r.reason ?? t('refNone')}</span
              >`
            : nothing
        }
      </td>
      <td class="cell" data-field=${columns[3]}>${other}</td>
      <td class="cell cell--date" data-field=${columns[4]}>
        <span aria-hidden="true">${r.referredText}</span><span class="visually-hidden">${r.referredLong}</span>
      </td>
      <td class="cell cell--clock" data-field=${columns[5]}>${renderClock(host, r)}</td>
      <td class="cell cell--toggle">
        <button
          class="secondary toggle"
          part="details-button"
          type="button"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${detailsId}
          @click=${() => host.toggle(r)}
        >
          ${t('refDetails')}<span class="visually-hidden"> ${t('refForService', { service: r.service })}</span>
        </button>
      </td>
    </tr>
    <tr class="details" id=${detailsId} ?hidden=${!open} @keydown=${(e: KeyboardEvent) => onDetailsKeydown(e, host, r)}>
      ${open ? html`<td colspan=${columns.length}>${renderDetails(host, r, sourceShown)}</td>` : nothing}
    </tr>
  </tbody>`;
}

/** "Waiting for the provider" (active referrals whose move is someone's), else ''. */
function whoActsText(host: ReferralItemHost, r: ReferralView): string {
  if (r.phase !== 'active' || r.state.whoActs === 'nobody') return '';
  const w = r.state.whoActs;
  return host.t(w === 'referrer' ? 'refWhoActsReferrer' : w === 'provider' ? 'refWhoActsProvider' : 'refWhoActsPatient');
}

/** "Booked: 05-Dec-2026 at 10:30, Northbridge General Hospital (cancelled on …)", the long date for screen readers. */
function appointmentText(host: ReferralItemHost, r: ReferralView): TemplateResult {
  const { t } = host;
  const a = r.appointment!;
  return html`${a.statusText}: <span aria-hidden="true">${t('refApptPlace', { when: a.when, place: a.place })}</span
    ><span class="visually-hidden">${t('refApptPlace', { when: a.whenLong, place: a.place })}</span>
    ${r.cancelledOnText ? html`(${t('refApptCancelledOn', { date: r.cancelledOnText })})` : nothing}
    ${a.rebooked ? html`. ${t('refApptRebooked')}` : nothing}`;
}

/** The details of an open referral: the other side, the rest of its facts, where it came from, its history and its actions. */
function renderDetails(host: ReferralItemHost, r: ReferralView, sourceShown: boolean): TemplateResult {
  const { t, secondary } = host;
  const standard = standardText(r);
  const field = (name: string, value: unknown) =>
    html`<dt>${name}</dt>
      <dd>${value}</dd>`;
  return html`<div class="details-body">
    <dl>
      ${
        secondary
          ? field(t('refReferredTo'), r.performer)
          : field(t('refReferredBy'), t('refPersonAt', { person: r.requester, organisation: r.requesterOrganisation }))
      }
      ${r.clinicalInfoText ? field(t('refClinicalInfo'), r.clinicalInfoText) : nothing}
      ${
        r.reason !== undefined || r.comments.length
          ? field(
              t('refComments'),
              r.comments.length
                ? html`<ul>
                    ${r.comments.map((c) => html`<li>${c}</li>`)}
                  </ul>`
                : t('refNone'),
            )
          : nothing
      }
      ${standard ? field(t('refClockStandard'), standard) : nothing}
    </dl>
    ${r.worklistText ? html`<p class="updated">${r.worklistText}</p>` : nothing}
    <p class="updated">${sourceShown ? r.updatedDateText : r.updatedText}</p>
    <div part="timeline" class="timeline">
      <div class="timeline-title">${t('refTimeline', { n: r.timeline.length })}</div>
      <ol>
        ${r.timeline.map((e) => html`<li>${e.dateText}: ${e.text}${e.byText ? html` <span class="by">${e.byText}</span>` : nothing}</li>`)}
      </ol>
    </div>
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
  </div>`;
}

/** The standard the clock is counted against ("18-week referral to treatment standard"), if it has one. */
function standardText(r: ReferralView): string | undefined {
  const v = r.clockView;
  if (v.kind !== 'running' && v.kind !== 'stopped') return undefined;
  const c = v.clock;
  return c.state === 'unknown' ? undefined : (c.standard.name ?? c.standard.label);
}

/**
 * A referral's waiting clock ("Day 97 of 126 (13w 6d of 18 weeks), on track"), where it starts
 * from and what an RTT status source says; or what stands instead of a clock ("e-RS referral
 * closed…", "No waiting clock: …"); and the 28-day FDS line when it applies.
 */
function renderClock(host: ReferralItemHost, r: ReferralView): TemplateResult {
  const { t, lang } = host;
  const v = r.clockView;
  const timed = v.kind === 'running' || v.kind === 'stopped' ? v : undefined;
  const c = timed && timed.clock.state !== 'unknown' ? timed.clock : undefined;
  // one template for every kind of clock (the lines it does not have are hidden), so a long page
  // creates one template instance per clock, not one per line
  let text = v.text;
  if (c) {
    text += `, ${t(c.state === 'breached' ? 'refClockBreached' : c.state === 'at-risk' ? 'refClockAtRisk' : 'refClockOnTrack')}`;
    if (c.stopped && c.stoppedOn) text += `, ${t('refClockStopped', { date: formatDate(c.stoppedOn, lang ? { lang } : undefined) })}`;
  }
  return html`<span class=${c ? `clock clock--${c.state}` : 'clock'} part="clock" data-state=${c ? c.state : nothing}
      >${c ? html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${ICONS[c.state]}></path></svg>` : nothing}${text}</span
    ><span class="clock-line" ?hidden=${!timed}>${timed?.startText ?? ''}</span
    ><span class="clock-line" ?hidden=${!v.statusText}>${v.statusText ?? ''}</span
    >${r.fds ? html`<span class="clock-line" part="fds">${r.fds.text}</span>` : nothing}`;
}

/** Escape in an open referral's details closes them and puts focus back on its Details button. */
function onDetailsKeydown(e: KeyboardEvent, host: ReferralItemHost, r: ReferralView): void {
  if (e.key !== 'Escape' || !host.isExpanded(r.id)) return;
  e.stopPropagation();
  const button = (e.currentTarget as HTMLElement).previousElementSibling?.querySelector<HTMLButtonElement>('[part=details-button]');
  host.toggle(r);
  button?.focus();
}
