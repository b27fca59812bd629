// The referral list: header, notices, the active/completed/all filter, the needs-attention and other groups, paging (view functions).
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatDateTime, formatTime, type CareSetting, type MessageKey } from '@joinedcare/core';
import type { NotShown } from './ers-input.js';
import type { ErsReference } from './ers-reference.js';
import { refMsg } from './messages.js';
import { filterReferrals, REFERRAL_FILTERS, type ReferralFilter } from './lists.js';
import type { ReferralView } from './model.js';
import { DRAW_CHUNK } from './list-drawing.js';
import { referralColumns, renderReferralItem, type ReferralItemHost } from './referral-item-view.js';

/** What the list view needs from the element, besides the item view's needs. */
export interface ReferralListHost extends ReferralItemHost {
  setting: CareSetting | undefined;
  /** The effective filter and page size. */
  filter: ReferralFilter;
  pageSize: number;
  /** How many referrals "Show more" has asked for (0: one page). */
  shown: number;
  /** How many of the page's referrals are drawn so far (a long page is drawn step by step). */
  drawn: number;
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
  // a long page is drawn step by step (the element raises `drawn` one step per frame)
  const drawn = Math.min(shown, host.drawn);
  const attentionShown = attention.slice(0, drawn);
  const othersShown = others.slice(0, Math.max(0, drawn - attention.length));
  const level = Math.min(6, Math.max(1, Math.round(host.headingLevel) || 2));
  const setting = host.setting;
  const title = setting === 'primary' ? t('refTitlePrimary') : setting === 'secondary' ? t('refTitleSecondary') : t('refTitle');
  const counts = { active: filterReferrals(all, 'active').length, completed: filterReferrals(all, 'completed').length, all: all.length };
  const filterKeys = { active: 'refFilterActive', completed: 'refFilterCompleted', all: 'refFilterAll' } as const;
  const columns = referralColumns(host);
  const table = (group: 'attention' | 'others', rows: readonly ReferralView[], total: number, offset: number, titled: boolean) =>
    renderReferralTable(host, { all, group, rows, total, offset, columns, level: Math.min(6, level + 1), titled, title });
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
            ${attention.length ? table('attention', attentionShown, attention.length, 0, true) : nothing}
            ${othersShown.length ? table('others', othersShown, others.length, attention.length, attention.length > 0) : nothing}
            ${
              drawn < shown
                ? html`<p class="meta" part="progress" role="status">
                    ${t('refDrawing', { done: drawn.toLocaleString(lang ?? 'en-GB'), total: shown.toLocaleString(lang ?? 'en-GB') })}
                  </p>`
                : shown < list.length
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

/** Above this many referrals a group's table lays out its rows as fixed grids, each drawn only near the viewport (see the styles). */
export const LONG_TABLE = 100;

/** One group's table: what it is drawn from and where it sits. */
interface ReferralTable {
  /** The whole list (its identity keys the drawn blocks). */
  all: readonly ReferralView[];
  group: 'attention' | 'others';
  /** The group's referrals drawn so far. */
  rows: readonly ReferralView[];
  /** How many referrals the group has (shown or not). */
  total: number;
  /** Index of its first referral within the page. */
  offset: number;
  columns: string[];
  /** ARIA level of the group's heading. */
  level: number;
  /** Whether the group has a visible heading ("Needs attention (3)"); otherwise the caption is for screen readers. */
  titled: boolean;
  /** The widget's title, for an untitled group's caption. */
  title: string;
}

/**
 * One group of referrals as a table (`<table part="list">`, a caption, column headers), one
 * `<tbody part="item">` per referral. The rows are drawn in blocks of `DRAW_CHUNK`; a block is
 * drawn again only when what it shows changes (its referrals, a referral opened or closed, the
 * view), so drawing a long page step by step never redraws the steps already drawn.
 */
function renderReferralTable(host: ReferralListHost, tb: ReferralTable): TemplateResult {
  const { t } = host;
  const heading = tb.group === 'attention' ? t('refNeedsAttentionTitle', { n: tb.total }) : t('refOthersTitle', { n: tb.total });
  const source = groupSourceText(tb.rows);
  const blocks: number[] = [];
  for (let i = 0; i < tb.rows.length; i += DRAW_CHUNK) blocks.push(i);
  return html`<table class="table ${tb.total > LONG_TABLE ? 'table--long' : ''}" part="list">
    <caption>
      ${
        tb.titled
          ? html`<div class="section-title" role="heading" aria-level=${tb.level}>${heading}</div>`
          : html`<span class="visually-hidden">${t('refTableCaption', { title: tb.title, n: tb.total })}</span>`
      }
      ${source ? html`<span class="group-source">${source}</span>` : nothing}
    </caption>
    <thead>
      <tr>
        ${tb.columns.map((c, i) => (i === tb.columns.length - 1 ? html`<th scope="col"><span class="visually-hidden">${c}</span></th>` : html`<th scope="col">${c}</th>`))}
      </tr>
    </thead>
    ${repeat(
      blocks,
      (start) => start,
      (start) => {
        const rows = tb.rows.slice(start, start + DRAW_CHUNK);
        const open = rows
          .filter((r) => host.isExpanded(r.id))
          .map((r) => r.id)
          .join('\n');
        return guard(
          [tb.all, host.filter, tb.group, start, rows.length, open, host.secondary, host.selectable, tb.columns.join('|'), source],
          () =>
            repeat(
              rows,
              (r) => r.id,
              (r, i) => renderReferralItem(host, r, tb.offset + start + i, tb.columns, !!source),
            ),
        );
      },
    )}
  </table>`;
}

/**
 * Where a group's referrals were last changed, said once when every referral drawn says the same
 * ("Last changed by Northbridge … (NHS trust)"); each referral's details then give only its date.
 * Undefined when they differ (each referral's details say it).
 */
function groupSourceText(rows: readonly ReferralView[]): string | undefined {
  const first = rows[0]?.updatedSource;
  if (!first || rows.some((r) => r.updatedSource !== first)) return undefined;
  return first;
}

/** Progress of a chunked build of a long list ("Preparing 250 of 1,100 referrals…"), or "Preparing the referrals…" before it is counted. */
export function renderPreparing(
  host: Pick<ReferralItemHost, 't' | 'lang'>,
  progress: { done: number; total: number } | undefined,
): TemplateResult {
  const n = (x: number) => x.toLocaleString(host.lang ?? 'en-GB');
  return html`<div class="state state--loading" part="loading" role="status" aria-live="polite">
    <p>
      <span class="spinner" aria-hidden="true"></span
      >${progress?.total ? host.t('refPreparing', { done: n(progress.done), total: n(progress.total) }) : host.t('refPreparingStart')}
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
