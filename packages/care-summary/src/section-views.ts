// The care summary's filter and section rendering (header, states, warnings, paged item lists) as plain view functions.
import { html, nothing } from 'lit';
import { formatDateTime, formatRelative } from '@joinedcare/core';
import type { SectionModel, SectionWarning, SummaryItem } from './model-shared.js';
import { SECTION_TITLE_KEYS, type SectionKey } from './sections.js';
import type { SectionState } from './section-state.js';
import type { BuildProgress } from './summary-build.js';
import { mainSource, renderTable, tableLayout } from './table-views.js';
import { recordedBy } from './source.js';
import { isOwn, type SummaryFilter, type SummaryViewHost } from './view-host.js';

/** Rows per page once a long list is expanded. */
const PAGE = 50;

/** The items the filter shows (past medicines only once asked for). */
function visibleItems(host: SummaryViewHost, model: SectionModel): SummaryItem[] {
  const showPast = host.views.has(`past:${model.key}`);
  const items = showPast ? model.items : model.items.filter((i) => !i.past);
  return host.filter === 'other' && host.other ? items.filter((i) => !isOwn(host, i)) : items;
}

/** A warning banner: our wording, then the sender's own note. */
export function renderBanner(w: SectionWarning, part: 'warning' | 'record-warning') {
  return html`<div class="banner" part=${part} data-code=${w.code}>
    <p class="banner-title">${w.title}</p>
    ${w.detail ? html`<p>${w.detail}</p>` : nothing}
  </div>`;
}

/** The "Without … items / All" radio group, the default first (nothing when the perspective is unknown). */
export function renderFilter(host: SummaryViewHost) {
  const other = host.other;
  if (!other) return nothing;
  const onlyLabel = other === 'primary' ? host.t('csFilterOnlyPrimary') : host.t('csFilterOnlySecondary');
  const choose = (value: SummaryFilter) => () => {
    host.setFilter(value);
  };
  return html`<fieldset class="filter" part="filter">
    <legend>${host.t('csFilterLabel')}</legend>
    <label
      ><input type="radio" name="filter" value="other" .checked=${host.filter === 'other'} @change=${choose('other')} />${onlyLabel}</label
    >
    <label
      ><input
        type="radio"
        name="filter"
        value="all"
        .checked=${host.filter === 'all'}
        @change=${choose('all')}
      />${host.t('csFilterAll')}</label
    >
    <span class="visually-hidden" role="status"
      >${host.t('csFilterStatus', { filter: host.filter === 'all' ? host.t('csFilterAll') : onlyLabel })}</span
    >
  </fieldset>`;
}

/** One section: its header (toggle, count; its source and "as of" time, once), and, when expanded, its body. */
export function renderSection(host: SummaryViewHost, key: SectionKey, s: SectionState) {
  const title = host.t(SECTION_TITLE_KEYS[key]);
  const expanded = !host.collapsed.has(key);
  const level = Math.min(6, Math.max(1, Math.round(host.headingLevel) || 3));
  let count: string | undefined;
  let from: string | undefined;
  if (s.status === 'done') {
    const visible = visibleItems(host, s.model);
    const shown = visible.length;
    const total = s.model.items.length;
    count = shown === total ? host.t('csCountItems', { count: total }) : host.t('csCountFiltered', { shown, count: total });
    const main = mainSource(visible);
    if (main) from = host.t(main.mixed ? 'csSectionFromMixed' : 'csSectionFrom', { source: main.source });
  }
  return html`<section
    class="section ${isBare(host, s) ? 'section--bare' : ''}"
    part="section"
    data-section=${key}
    aria-labelledby="h-${key}"
  >
    <div class="header" part="header">
      <div role="heading" aria-level=${level} part="title" class="title">
        <button
          id="h-${key}"
          type="button"
          part="toggle"
          class="toggle"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-controls="b-${key}"
          @click=${() => host.toggleSection(key)}
        >
          <span class="chevron" aria-hidden="true"></span
          >${title}${count ? html` <span class="count" part="count">(${count})</span>` : nothing}
        </button>
      </div>
      ${
        s.status === 'done'
          ? html`<p class="provenance">
              ${from ? html`<span part="section-source">${from}</span> · ` : nothing}<span part="as-of">${asOfText(host, s.asOf)}</span>
            </p>`
          : nothing
      }
    </div>
    <div class="body" part="body" id="b-${key}" ?hidden=${!expanded}>${expanded ? renderBody(host, key, title, s) : nothing}</div>
  </section>`;
}

/** A section that says only "none recorded" (its message then sits beside its heading). */
function isBare(host: SummaryViewHost, s: SectionState): boolean {
  if (s.status !== 'done' || s.note || s.updating) return false;
  const m = s.model;
  return !m.statements.length && !m.warnings.length && !m.notes?.length && !m.items.some((i) => i.past) && !visibleItems(host, m).length;
}

function asOfText(host: SummaryViewHost, asOf: Date | string): string {
  const lang = host.lang;
  const opts = { now: host.now(), ...(lang ? { lang } : {}) };
  return host.t('csAsOfTime', { time: formatDateTime(asOf, opts), relative: formatRelative(asOf, opts) });
}

/** A chunked build's progress: visible text, announced politely. */
function renderProgress(host: SummaryViewHost, p: BuildProgress, title: string, updating: boolean) {
  const lang = host.lang ?? 'en-GB';
  const n = (x: number) => x.toLocaleString(lang);
  const params = { section: title.toLowerCase(), done: n(p.done), total: n(p.total) };
  return html`<div class="state state--loading" part="progress" role="status" aria-live="polite">
    <p><span class="spinner" aria-hidden="true"></span>${host.t(updating ? 'csUpdating' : 'csPreparing', params)}</p>
  </div>`;
}

function renderBody(host: SummaryViewHost, key: SectionKey, title: string, s: SectionState) {
  if (s.status === 'loading') return host.renderLoading(title);
  if (s.status === 'preparing') return renderProgress(host, s.progress, title, false);
  if (s.status === 'error') return host.renderError(s.error, title, () => host.retrySection(key));
  const m = s.model;
  const items = visibleItems(host, m);
  return html`${m.warnings.map((w) => renderBanner(w, 'warning'))} ${s.note ? html`<p class="note" part="note">${s.note}</p>` : nothing}
  ${(m.notes ?? []).map((n) => html`<p class="note" part="note">${n}</p>`)}
  ${s.updating ? renderProgress(host, s.updating, title, true) : nothing} ${renderStatements(host, m)}
  ${renderItemsOrEmpty(host, key, title, m, items)} ${renderPastToggle(host, m)}`;
}

/** What the record states about the section as a whole, each as coded ("No known drug allergy"), with its date and source. */
function renderStatements(host: SummaryViewHost, m: SectionModel) {
  const shown = m.statements.filter((n) => !(host.filter === 'other' && isOwn(host, n)));
  return shown.map((n) =>
    n.kind === 'none-known'
      ? html`<div class="statement statement--none-known" part="statement none-known">
          <p class="statement-title"><span class="tick" aria-hidden="true"></span>${n.text}</p>
          <p class="source" part="source">
            ${host.t(recordedBy(n.source) ? 'csRecordedBy' : 'csRecordedHeld', { date: n.date, source: n.sourceText })}
          </p>
        </div>`
      : html`<div class="statement statement--not-available" part="statement not-available">
          <p class="statement-title"><span class="info" aria-hidden="true">i</span>${n.text}</p>
          <p class="source" part="source">
            ${host.t(recordedBy(n.source) ? 'csRecordedBy' : 'csRecordedHeld', { date: n.date, source: n.sourceText })}
          </p>
        </div>`,
  );
}

/** "2 past medicines (stopped or completed more than 6 months ago) are not shown" and Show / Hide past medicines. */
function renderPastToggle(host: SummaryViewHost, m: SectionModel) {
  const past = m.items.filter((i) => i.past).length;
  if (!past) return nothing;
  const id = `past:${m.key}`;
  const open = host.views.has(id);
  return html`<p class="note" part="note">${host.t(open ? 'csPastShown' : 'csPastHidden', { count: past })}</p>
    <button
      type="button"
      class="link-button"
      part="past-button"
      aria-expanded=${open ? 'true' : 'false'}
      @click=${() => host.setView(id, open ? undefined : 0)}
    >
      ${open ? host.t('csHidePast') : host.t('csShowPast')}
    </button>`;
}

function renderItemsOrEmpty(host: SummaryViewHost, key: SectionKey, title: string, m: SectionModel, items: SummaryItem[]) {
  if (!items.length) {
    if (m.statements.length) return nothing;
    if (m.items.some((i) => !i.past)) {
      const own = host.other === 'primary' ? host.t('csOwnSecondary') : host.t('csOwnPrimary');
      return host.renderEmpty(host.t('csNoneFromOther', { setting: own }));
    }
    if (m.items.length) return host.renderEmpty(host.t('csNoCurrentMedicines'));
    if (m.emptyKind === 'not-available') {
      return html`<div class="statement statement--not-available" part="not-available">
        <p class="statement-title"><span class="info" aria-hidden="true">i</span>${m.emptyText}</p>
      </div>`;
    }
    return host.renderEmpty(m.emptyText);
  }
  const main = mainSource(items);
  const layout = tableLayout(host, key, items, main?.source);
  return renderPaged(host, `s:${key}`, title, items, host.initialItems, PAGE, (list, id) => renderTable(host, layout, title, list, id));
}

/** First `initial` items, "Show all N", then pages of `page` with Previous/Next. Only one page is ever in the DOM. */
function renderPaged<T>(
  host: SummaryViewHost,
  id: string,
  title: string,
  items: readonly T[],
  initial: number,
  page: number,
  body: (slice: T[], id: string) => unknown,
) {
  const first = Math.max(1, Math.round(initial) || 10);
  if (items.length <= first) return body([...items], `${id}:all`);
  const current = host.views.get(id);
  const setView = (p: number | undefined) => host.setView(id, p);
  if (current === undefined) {
    return html`${body(items.slice(0, first), `${id}:first`)}
      <button type="button" class="link-button" part="show-all-button" aria-expanded="false" @click=${() => setView(0)}>
        ${host.t('csShowAll', { count: items.length })}<span class="visually-hidden"> ${title}</span>
      </button>`;
  }
  const pages = Math.ceil(items.length / page);
  const p = Math.min(current, pages - 1);
  const from = p * page;
  const to = Math.min(items.length, from + page);
  return html`${body(items.slice(from, to), `${id}:${p}`)}
    <div class="pager" part="pager">
      ${
        pages > 1
          ? html`<button type="button" class="link-button" ?disabled=${p === 0} @click=${() => setView(p - 1)}>
                ${host.t('csPreviousPage', { n: page })}
              </button>
              <span role="status">${host.t('csPageStatus', { from: from + 1, to, count: items.length })}</span>
              <button type="button" class="link-button" ?disabled=${p >= pages - 1} @click=${() => setView(p + 1)}>
                ${host.t('csNextPage', { n: page })}
              </button>`
          : nothing
      }
      <button type="button" class="link-button" part="show-all-button" aria-expanded="true" @click=${() => setView(undefined)}>
        ${host.t('csShowFewer')}<span class="visually-hidden"> ${title}</span>
      </button>
    </div>`;
}
