// The care summary's item details (fields, source, trend) and a result's paged history, as plain view functions.
import { html, nothing, type TemplateResult } from 'lit';
import type { Field, SummaryItem } from './model-shared.js';
import { sparkline } from './sparkline.js';
import type { SummaryViewHost } from './view-host.js';

/** Values per page in a result's history. */
const HISTORY_PAGE = 20;

/**
 * An item's details (shown on demand under its row): the fields its table has no column for, its
 * date when that is not a column, its source in full, its trend and its history.
 */
export function renderDetails(host: SummaryViewHost, item: SummaryItem, fields: readonly Field[], withDate: boolean): TemplateResult {
  return html`<dl class="fields" part="fields">
      ${
        withDate
          ? html`<div>
              <dt>${item.dateLabel}</dt>
              <dd><span aria-hidden="true">${item.date}</span><span class="visually-hidden">${item.dateLong}</span></dd>
            </div>`
          : nothing
      }
      ${fields.map(
        (f) =>
          html`<div>
            <dt>${f.label}</dt>
            <dd>${f.value}</dd>
          </div>`,
      )}
      <div class="source" part="source">
        <dt>${host.t('csSource')}</dt>
        <dd>${item.sourceText}</dd>
      </div>
    </dl>
    ${item.trend ? html`<div class="trend">${sparkline(item.trend)}</div>` : nothing}
    ${item.history && item.history.length > 1 ? renderHistory(host, item) : nothing}`;
}

/** A result's "Show all N values" toggle and, when open, its history table. */
function renderHistory(host: SummaryViewHost, item: SummaryItem) {
  const id = `h:${item.key}`;
  const open = host.views.has(id);
  const history = item.history ?? [];
  const toggle = () => host.setView(id, open ? undefined : 0);
  const records = item.historyNoun === 'records';
  const caption = host.t(records ? 'csRecordsOf' : 'csHistoryOf', { name: item.title });
  const label = open
    ? host.t(records ? 'csHideRecords' : 'csHideHistory')
    : host.t(records ? 'csShowRecords' : 'csShowHistory', { count: history.length });
  return html`<button type="button" class="link-button" aria-expanded=${open ? 'true' : 'false'} @click=${toggle}>
      ${label}<span class="visually-hidden"> ${item.title}</span>
    </button>
    ${open ? renderHistoryTable(host, `${id}:p`, caption, history) : nothing}`;
}

function renderHistoryTable(host: SummaryViewHost, id: string, caption: string, history: readonly SummaryItem[]) {
  const page = host.views.get(id) ?? 0;
  const pages = Math.ceil(history.length / HISTORY_PAGE);
  const p = Math.min(page, pages - 1);
  const from = p * HISTORY_PAGE;
  const to = Math.min(history.length, from + HISTORY_PAGE);
  const go = (n: number) => () => {
    host.setView(id, n);
  };
  return html`<table class="history" part="history">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${history[0]?.dateLabel ?? host.t('csTaken')}</th>
          <th scope="col">${history[0]?.fields[0]?.label ?? host.t('csValue')}</th>
          <th scope="col">${host.t('csSource')}</th>
        </tr>
      </thead>
      <tbody>
        ${history.slice(from, to).map(
          (h) =>
            html`<tr>
              <td>${h.date}</td>
              <td>${h.fields[0]?.value ?? host.t('notKnown')}${h.status ? ` (${h.status})` : ''}</td>
              <td>${h.sourceText}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      pages > 1
        ? html`<div class="pager" part="pager">
            <button type="button" class="link-button" ?disabled=${p === 0} @click=${go(p - 1)}>
              ${host.t('csPreviousPage', { n: HISTORY_PAGE })}
            </button>
            <span role="status">${host.t('csPageStatus', { from: from + 1, to, count: history.length })}</span>
            <button type="button" class="link-button" ?disabled=${p >= pages - 1} @click=${go(p + 1)}>
              ${host.t('csNextPage', { n: HISTORY_PAGE })}
            </button>
          </div>`
        : nothing
    }`;
}
