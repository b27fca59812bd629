// The referral list: header, notices, the active/completed/all filter, the needs-attention and other groups, paging (view functions).
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatDateTime, formatTime, type CareSetting, type MessageKey } from '@joinedcare/core';
import type { NotShown } from './ers-input.js';
import type { ErsReference } from './ers-reference.js';
import { refMsg } from './messages.js';
import { filterReferrals, REFERRAL_FILTERS, type ReferralFilter } from './lists.js';
import type { ReferralView } from './model.js';
import { renderReferralItem, type ReferralItemHost } from './referral-item-view.js';

/** What the list view needs from the element, besides the item view's needs. */
export interface ReferralListHost extends ReferralItemHost {
  setting: CareSetting | undefined;
  /** The effective filter and page size. */
  filter: ReferralFilter;
  pageSize: number;
  /** How many referrals "Show more" has asked for (0: one page). */
  shown: number;
  /** The `heading-level` property as set (clamped here). */
  headingLevel: number;
  /** Seconds between checks for changes, when live updates are on. */
  liveUpdateSeconds: number | undefined;
  /** When the last check for changes failed, if it did. */
  pollFailedAt: Date | undefined;
  /** What was read but is not listed as a referral, as one sentence (`notShownText`). */
  notShown: string | undefined;
  renderSafetyWarnings: () => TemplateResult | typeof nothing;
  /** The "partial" notice for an incomplete load. */
  renderPartial: () => TemplateResult;
  renderEmpty: (text: string) => TemplateResult;
  setFilter: (f: ReferralFilter) => void;
  /** Shows the next page, from the `from`-th referral. */
  showMore: (from: number) => void;
}

/** The whole widget body for a loaded list of referral views (`<section part="base">`). */
export function renderReferralSection(
  host: ReferralListHost,
  all: readonly ReferralView[],
  complete: boolean,
  loadedAt: Date | undefined,
): TemplateResult {
  const { t, lang } = host;
  const filter = host.filter;
  const list = filterReferrals(all, filter);
  const attention = list.filter((r) => r.attention);
  const others = list.filter((r) => !r.attention);
  // one page covers both groups, needs-attention first: a patient with hundreds of referrals that
  // need attention still renders one page at a time
  const page = host.pageSize;
  const shown = Math.min(list.length, Math.max(host.shown, page));
  const attentionShown = attention.slice(0, shown);
  const othersShown = others.slice(0, Math.max(0, shown - attention.length));
  const level = Math.min(6, Math.max(1, Math.round(host.headingLevel) || 2));
  const setting = host.setting;
  const title = setting === 'primary' ? t('refTitlePrimary') : setting === 'secondary' ? t('refTitleSecondary') : t('refTitle');
  const counts = { active: filterReferrals(all, 'active').length, completed: filterReferrals(all, 'completed').length, all: all.length };
  const filterKeys = { active: 'refFilterActive', completed: 'refFilterCompleted', all: 'refFilterAll' } as const;
  return html`<section class="base" part="base" aria-label=${title}>
    <div class="header" part="header">
      <div class="title" part="title" role="heading" aria-level=${level}>${title}</div>
      ${loadedAt ? html`<p class="meta">${t('refAsOf', { time: formatDateTime(loadedAt, lang ? { lang } : undefined) })}</p>` : nothing}
    </div>
    ${host.renderSafetyWarnings()} ${complete ? nothing : host.renderPartial()}
    ${host.notShown ? html`<p class="notice" part="not-shown">${host.notShown}</p>` : nothing}
    ${host.liveUpdateSeconds !== undefined ? html`<p class="meta">${t('refLiveUpdates', { n: host.liveUpdateSeconds })}</p>` : nothing}
    ${
      host.pollFailedAt
        ? html`<p class="notice" part="refresh-error">
            ${t('refRefreshFailed', { time: formatTime(host.pollFailedAt, lang ? { lang } : undefined) })}
          </p>`
        : nothing
    }
    ${
      all.length === 0
        ? host.renderEmpty(t('refEmpty'))
        : html`<fieldset part="filters">
              <legend>${t('refFilterLegend')}</legend>
              ${REFERRAL_FILTERS.map(
                (f) =>
                  html`<label
                    ><input type="radio" name="filter" value=${f} .checked=${f === filter} @change=${() => host.setFilter(f)} />${t(
                      filterKeys[f],
                      { n: counts[f] },
                    )}</label
                  >`,
              )}
            </fieldset>
            ${list.length === 0 ? host.renderEmpty(t(filter === 'completed' ? 'refEmptyCompleted' : 'refEmptyActive')) : nothing}
            ${
              attention.length
                ? html`<div class="section-title" role="heading" aria-level=${Math.min(6, level + 1)}>
                      ${t('refNeedsAttentionTitle', { n: attention.length })}
                    </div>
                    ${renderReferralList(host, attentionShown, level + 2, 0)}`
                : nothing
            }
            ${
              othersShown.length
                ? html`${
                    attention.length
                      ? html`<div class="section-title" role="heading" aria-level=${Math.min(6, level + 1)}>
                          ${t('refOthersTitle', { n: others.length })}
                        </div>`
                      : nothing
                  }
                  ${renderReferralList(host, othersShown, attention.length ? level + 2 : level + 1, attention.length)}`
                : nothing
            }
            ${
              shown < list.length
                ? html`<div class="more">
                    <button class="jc-button" part="show-more" type="button" @click=${() => host.showMore(shown)}>
                      ${t('refShowMore', { n: Math.min(page, list.length - shown) })}
                    </button>
                    <span class="meta">${t('refShowing', { shown, total: list.length })}</span>
                  </div>`
                : nothing
            }`
    }
  </section>`;
}

/** One group of referrals (`<ol part="list">`), numbered from `offset` within the page. */
function renderReferralList(host: ReferralItemHost, list: readonly ReferralView[], level: number, offset: number): TemplateResult {
  return html`<ol class="list" part="list">
    ${repeat(
      list,
      (r) => r.id,
      (r, i) => renderReferralItem(host, r, Math.min(6, level), offset + i),
    )}
  </ol>`;
}

/** Progress of a chunked build of a long list ("Preparing 250 of 1,100 referrals…"). */
export function renderPreparing(
  host: Pick<ReferralItemHost, 't' | 'lang'>,
  progress: { done: number; total: number } | undefined,
): TemplateResult {
  const n = (x: number) => x.toLocaleString(host.lang ?? 'en-GB');
  return html`<div class="state state--loading" part="loading" role="status" aria-live="polite">
    <p>
      <span class="spinner" aria-hidden="true"></span
      >${host.t('refPreparing', { done: n(progress?.done ?? 0), total: n(progress?.total ?? 0) })}
    </p>
  </div>`;
}

const NOT_SHOWN: [keyof NotShown | 'otherRequests', MessageKey][] = [
  ['adviceRequests', 'refNotShownAdvice'],
  ['adviceMessages', 'refNotShownAdviceMessages'],
  ['otherRequests', 'refNotShownOther'],
  ['worklistOtherPatients', 'refNotShownWorklist'],
  ['unreadable', 'refNotShownUnreadable'],
  ['olderVersions', 'refNotShownOlder'],
];

/**
 * "Not listed here: 1 Advice & Guidance request (shown in the advice panel); 2 requests that are
 * not referrals." and the e-RS reference data used, or undefined when everything read is listed.
 */
export function notShownText(
  read: NotShown,
  record: { adviceRequests: number; otherRequests: number },
  reference: ErsReference | undefined,
  lang: string | undefined,
): string | undefined {
  const counts: Record<string, number> = { ...read };
  counts['adviceRequests'] = (counts['adviceRequests'] ?? 0) + record.adviceRequests;
  counts['otherRequests'] = (counts['otherRequests'] ?? 0) + record.otherRequests;
  const items = NOT_SHOWN.filter(([k]) => (counts[k] ?? 0) > 0).map(([k, key]) => refMsg(key, { n: counts[k] ?? 0 }, lang));
  const parts = [
    ...(items.length ? [refMsg('refNotShown', { items: items.join('; ') }, lang)] : []),
    ...(reference?.systems.length ? [refMsg('refReferenceData', { names: reference.systems.join(', ') }, lang)] : []),
  ];
  return parts.length ? parts.join(' ') : undefined;
}
