// A section's items as a table (issue 18): one row per item with the columns a clinician scans
// (name, dose, started, last issued; value, range, taken …), details on demand in a second row of
// the item's own <tbody>, and provenance only where a row differs from its section. Under a
// container width of about 480 px the same table is drawn as compact cards (see the styles).
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { MessageKey } from '@joinedcare/core';
import type { Field, SummaryItem } from './model-shared.js';
import type { SectionKey } from './sections.js';
import { renderDetails } from './item-views.js';
import { ROWS_PER_TASK } from './row-drawer.js';
import { isOther, type SummaryViewHost } from './view-host.js';

/** What a section's table shows in columns: the first column's heading, the fields shown as columns, and whether the item's date is one. */
interface Columns {
  name: MessageKey;
  fields: readonly MessageKey[];
  date: boolean;
}

const COLUMNS: Record<SectionKey, Columns> = {
  problems: { name: 'csColProblems', fields: [], date: true },
  medicines: { name: 'csColMedicines', fields: ['csDose', 'csStarted', 'csLastIssued'], date: false },
  allergies: { name: 'csColAllergies', fields: ['csReaction', 'csCriticality'], date: true },
  results: { name: 'csColResults', fields: ['csValue', 'csReferenceRange'], date: true },
  encounters: { name: 'csColEncounters', fields: ['csEncounterKind'], date: true },
  documents: { name: 'csColDocuments', fields: ['csDocumentType'], date: true },
  immunisations: { name: 'csColImmunisations', fields: ['csDoseNumber'], date: true },
  'care-team': { name: 'csColCareTeam', fields: ['csRole', 'csPhone'], date: false },
  'care-plans': { name: 'csColCarePlans', fields: ['csDates'], date: false },
  procedures: { name: 'csColProcedures', fields: ['csLocation'], date: true },
  consultations: { name: 'csColConsultations', fields: ['csClinician'], date: true },
  referrals: { name: 'csColReferrals', fields: ['csReferredTo', 'csPriority'], date: true },
  diary: { name: 'csColDiary', fields: [], date: true },
  uncategorised: { name: 'csColUncategorised', fields: [], date: true },
};

/** The columns of one table as drawn: labels of the field columns some item has, and the date column's heading. */
export interface TableLayout {
  key: SectionKey;
  name: string;
  /** Field labels shown as columns (only those at least one item of the section has). */
  fields: string[];
  /** The date column's heading: the items' own date label when they share one, else "Date"; undefined when the date is not a column. */
  dateHeading?: string;
  /** Whether the date cells say their own label ("Onset 12-Mar-2020"): the items' date labels differ. */
  dateLabelled: boolean;
  /** The section's most common source, said once in its header; rows from another source say theirs. */
  source?: string;
}

/** The most common source of `items` (the first seen on a tie), or undefined for none. */
export function mainSource(items: readonly SummaryItem[]): { source: string; mixed: boolean } | undefined {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.sourceText, (counts.get(i.sourceText) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best === undefined ? undefined : { source: best, mixed: counts.size > 1 };
}

/** The layout of section `key`'s table for `items` (all items the section shows, so the columns stay put while paging). */
export function tableLayout(
  host: SummaryViewHost,
  key: SectionKey,
  items: readonly SummaryItem[],
  source: string | undefined,
): TableLayout {
  const c = COLUMNS[key];
  const present = new Set<string>();
  for (const i of items) {
    if (i.knownLabels) for (const l of i.knownLabels) present.add(l);
    else for (const f of i.fields) present.add(f.label);
  }
  const fields = c.fields.map((k) => host.t(k)).filter((label) => present.has(label));
  const labels = new Set(items.map((i) => i.dateLabel));
  const shared = labels.size === 1 ? [...labels][0] : undefined;
  return {
    key,
    name: host.t(c.name),
    fields,
    ...(c.date ? { dateHeading: shared ?? host.t('csDate') } : {}),
    dateLabelled: c.date && shared === undefined,
    ...(source !== undefined ? { source } : {}),
  };
}

/** A cell with its column's label, shown only when the table is drawn as cards (NHS.UK responsive table). */
function cell(label: string, value: unknown, cls = '') {
  return html`<td role="cell" class=${cls}><span class="cell-label" aria-hidden="true">${label} </span>${value}</td>`;
}

/** What of `views` decides how an item is drawn (its details, its history and the history's page). */
function viewsOf(host: SummaryViewHost, item: SummaryItem): string {
  const v = host.views;
  return `${v.has(`x:${item.key}`) ? 'x' : ''}${v.has(`h:${item.key}`) ? `h${v.get(`h:${item.key}:p`) ?? 0}` : ''}`;
}

/** A table's caption and column headers (`repeat`: the header of a later batch of a long list, for assistive technology only). */
function tableHead(host: SummaryViewHost, layout: TableLayout, caption: string, repeat = false) {
  return html`<caption class="visually-hidden">
      ${caption}
    </caption>
    <thead role="rowgroup" class=${repeat ? 'repeat' : ''}>
      <tr role="row">
        <th scope="col" role="columnheader">${layout.name}</th>
        ${layout.fields.map((f) => html`<th scope="col" role="columnheader">${f}</th>`)}
        ${layout.dateHeading !== undefined ? html`<th scope="col" role="columnheader">${layout.dateHeading}</th>` : nothing}
        <th scope="col" role="columnheader" class="expand-col"><span class="visually-hidden">${host.t('csColDetails')}</span></th>
      </tr>
    </thead>`;
}

/**
 * The table for `list` (one page of the section's items). A list longer than `ROWS_PER_TASK` is drawn
 * a batch of rows per task (`host.drawLimit`), each batch its own table with the same fixed columns
 * (so one batch lays out only itself, and batches off screen are not laid out at all); a batch is
 * drawn again only when something in it changed.
 */
export function renderTable(
  host: SummaryViewHost,
  layout: TableLayout,
  caption: string,
  list: readonly SummaryItem[],
  listId: string,
): TemplateResult {
  const span = 2 + layout.fields.length + (layout.dateHeading !== undefined ? 1 : 0);
  const rows = (batch: readonly SummaryItem[], from: number) =>
    batch.map((item, i) => {
      const previous = i > 0 ? batch[i - 1] : list[from - 1];
      return renderRow(host, layout, item, span, item.group && item.group !== previous?.group ? item.group : undefined);
    });
  if (list.length <= ROWS_PER_TASK) {
    return html`<table class="items" part="list" role="table">
      ${tableHead(host, layout, caption)} ${rows(list, 0)}
    </table>`;
  }
  const drawn = host.drawLimit(listId, list.length);
  const batches: TemplateResult[] = [];
  for (let from = 0; from < drawn; from += ROWS_PER_TASK) {
    const to = Math.min(drawn, from + ROWS_PER_TASK);
    const batch = list.slice(from, to);
    const deps = [
      host.selectable,
      host.other,
      layout.source,
      layout.fields.join('|'),
      list.length,
      ...batch.flatMap((i) => [i, viewsOf(host, i)]),
    ];
    const part = host.t('csRowsOf', { section: caption, from: from + 1, to, count: list.length });
    batches.push(
      html`<div class="batch">
        ${guard(
          deps,
          () =>
            html`<table class="items items--long" part="list" role="table">
              ${tableHead(host, layout, part, from > 0)} ${rows(batch, from)}
            </table>`,
        )}
      </div>`,
    );
  }
  return html`${batches}
  ${drawn < list.length ? html`<p class="note" part="progress" role="status">${host.t('csDrawing', { done: drawn, total: list.length, section: caption.toLowerCase() })}</p>` : nothing}`;
}

function fieldOf(item: SummaryItem, label: string): Field | undefined {
  return item.fields.find((f) => f.label === label);
}

/** One item: its row, and its details row (in the DOM, hidden until asked for). */
function renderRow(host: SummaryViewHost, layout: TableLayout, item: SummaryItem, span: number, group: string | undefined) {
  const other = isOther(host, item);
  const id = `x:${item.key}`;
  const open = host.views.has(id);
  const detailsId = `d-${layout.key}-${encodeURIComponent(item.key)}`;
  const differs = layout.source !== undefined && item.sourceText !== layout.source;
  const high = layout.key === 'allergies' && item.group === host.t('csHighCriticality');
  const shown = new Set(layout.fields);
  const rest = item.fields.filter((f) => !shown.has(f.label));
  const date = html`<span aria-hidden="true">${item.date}</span><span class="visually-hidden">${item.dateLong}</span>`;
  return html`<tbody
    role="rowgroup"
    class="item ${other ? 'item--other' : ''} ${high ? 'item--risk' : ''}"
    part=${other ? 'item item-other' : 'item'}
  >
    ${
      group
        ? html`<tr role="row" class="group">
            <th role="columnheader" scope="colgroup" colspan=${span}>${group}</th>
          </tr>`
        : nothing
    }
    <tr role="row" class="row">
      <th scope="row" role="rowheader" class="name">
        ${
          host.selectable
            ? html`<button type="button" class="item-title link-button" part="item-title" @click=${() => host.selectItem(item)}>
                ${item.title}
              </button>`
            : html`<span class="item-title" part="item-title">${item.title}</span>`
        }
        ${high ? html`<span class="tag tag--red risk" part="risk"><span aria-hidden="true">!</span> ${host.t('csRiskHigh')}</span>` : nothing}
        ${item.status ? html`<span class="row-tag" part="status">${item.status}</span>` : nothing}
        ${differs ? html`<span class="row-tag row-source" part=${other ? 'row-source other-setting' : 'row-source'}>${item.sourceText}</span>` : nothing}
      </th>
      ${layout.fields.map((label) => cell(label, fieldOf(item, label)?.value ?? host.t('csNotRecorded')))}
      ${
        layout.dateHeading !== undefined
          ? cell(layout.dateHeading, layout.dateLabelled ? html`${item.dateLabel} ${date}` : date, 'date')
          : nothing
      }
      <td role="cell" class="expand">
        ${
          item.openable
            ? html`<button type="button" class="secondary open" part="open-button" @click=${() => host.openDocument(item)}>
                ${host.t('csOpen')}<span class="visually-hidden"> ${item.title}</span>
              </button>`
            : nothing
        }
        <button
          type="button"
          class="link-button expand-button"
          part="expand-button"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${detailsId}
          @click=${() => host.setView(id, open ? undefined : 0)}
        >
          <span class="chevron" aria-hidden="true"></span>${host.t('csShowDetails')}<span class="visually-hidden">
            ${host.t('csDetailsOf', { name: item.title })}</span
          >
        </button>
      </td>
    </tr>
    <tr role="row" class="details" id=${detailsId} ?hidden=${!open}>
      <td role="cell" colspan=${span}>${renderDetails(host, item, rest, layout.dateHeading === undefined)}</td>
    </tr>
  </tbody>`;
}
