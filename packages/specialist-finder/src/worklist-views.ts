// The worklist of <jc-specialist-finder>: rule and severity filters, the sortable table and the pager.
import { html, nothing, type TemplateResult } from 'lit';
import type { Rule, Severity } from './rules/schema.js';
import type { Translate } from './present.js';
import { SEVERITY_ICONS } from './shared.styles.js';
import { n, type FinderRow, type SortColumn, type WorklistOrder } from './worklist.js';

/** What the worklist view draws from, and where the user's choices go. @internal */
export interface WorklistView extends WorklistOrder {
  t: Translate;
  /** The rows after filters, in order (every page). */
  rows: readonly FinderRow[];
  /** The rules, for the rule filter. */
  rules: readonly Rule[];
  page: number;
  pageSize: number;
  /** The "none recorded" message. */
  empty(text: string): TemplateResult;
  filter(which: 'rule' | 'severity', value: string): void;
  sortBy(column: SortColumn): void;
  goTo(page: number): void;
  select(patientId: string): void;
}

function sortHeader(v: WorklistView, column: SortColumn, label: string) {
  const active = v.sortColumn === column;
  const sort = active ? (v.sortDescending ? 'descending' : 'ascending') : 'none';
  return html`<th scope="col" aria-sort=${sort}>
    <button type="button" data-sort=${column} @click=${() => v.sortBy(column)}>
      ${label}<span aria-hidden="true">${active ? (v.sortDescending ? ' ▼' : ' ▲') : ''}</span>
    </button>
  </th>`;
}

function renderRow(v: WorklistView, r: FinderRow) {
  const { t } = v;
  const sev = r.outcome.rule.severity;
  return html`<tr part="item" data-patient=${r.patientId} data-rule=${r.outcome.rule.id}>
    <td class="nowrap">${r.nhsNumber}</td>
    <td>
      <button class="link" type="button" aria-label=${t('sfOpenPatient', { name: r.name })} @click=${() => v.select(r.patientId)}>
        ${r.name}
      </button>
    </td>
    <td class="nowrap">${r.ageText}</td>
    <td>${r.outcome.rule.title}</td>
    <td class="nowrap">
      <span class="severity severity--${sev}" part="status"
        ><svg viewBox="0 0 24 24" aria-hidden="true">${SEVERITY_ICONS[sev]}</svg>${t(`sfSeverity_${sev}`)}</span
      >
    </td>
    <td class="evidence">${r.evidence}</td>
    <td>${r.existing}</td>
    <td class="nowrap">${r.lastContactText}</td>
  </tr>`;
}

/** The filters, then the current page of the table with its pager (or "none match the filters"). @internal */
export function renderWorklist(v: WorklistView): TemplateResult {
  const { t, rows } = v;
  const size = Math.max(1, Math.round(v.pageSize) || 25);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(v.page, pages - 1);
  const slice = rows.slice(page * size, page * size + size);
  const labels: Record<SortColumn, string> = {
    severity: t('sfColSeverity'),
    rule: t('sfColRule'),
    lastContact: t('sfColLastContact'),
    name: t('sfColName'),
  };
  return html`<div class="filters" part="filters">
      <label
        >${t('sfFilterRule')}
        <select data-filter="rule" @change=${(e: Event) => v.filter('rule', (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!v.filterRule}>${t('sfFilterAll')}</option>
          ${v.rules.map((r) => html`<option value=${r.id} ?selected=${v.filterRule === r.id}>${r.title}</option>`)}
        </select>
      </label>
      <label
        >${t('sfFilterSeverity')}
        <select data-filter="severity" @change=${(e: Event) => v.filter('severity', (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!v.filterSeverity}>${t('sfFilterAll')}</option>
          ${(['critical', 'warning', 'info'] as Severity[]).map(
            (s) => html`<option value=${s} ?selected=${v.filterSeverity === s}>${t(`sfSeverity_${s}`)}</option>`,
          )}
        </select>
      </label>
    </div>
    ${
      rows.length
        ? html`<div class="table-wrap" role="region" aria-label=${t('sfTableRegion')} tabindex="0">
              <table part="table">
                <caption>
                  ${t('sfCaption', {
                    count: n(rows.length),
                    column: labels[v.sortColumn],
                    direction: t(v.sortDescending ? 'sfDescending' : 'sfAscending'),
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('sfColNhs')}</th>
                    ${sortHeader(v, 'name', labels.name)}
                    <th scope="col">${t('sfColAge')}</th>
                    ${sortHeader(v, 'rule', labels.rule)} ${sortHeader(v, 'severity', labels.severity)}
                    <th scope="col">${t('sfColEvidence')}</th>
                    <th scope="col">${t('sfColExisting')}</th>
                    ${sortHeader(v, 'lastContact', labels.lastContact)}
                  </tr>
                </thead>
                <tbody>
                  ${slice.map((r) => renderRow(v, r))}
                </tbody>
              </table>
            </div>
            ${
              pages > 1
                ? html`<div class="pager" part="pager">
                    <button
                      class="jc-button jc-button--secondary"
                      type="button"
                      data-page="previous"
                      ?disabled=${page === 0}
                      @click=${() => v.goTo(page - 1)}
                    >
                      ${t('sfPrevious')}
                    </button>
                    <span>${t('sfPage', { from: n(page * size + 1), to: n(page * size + slice.length), count: n(rows.length) })}</span>
                    <button
                      class="jc-button jc-button--secondary"
                      type="button"
                      data-page="next"
                      ?disabled=${page >= pages - 1}
                      @click=${() => v.goTo(page + 1)}
                    >
                      ${t('sfNext')}
                    </button>
                  </div>`
                : nothing
            }`
        : v.empty(t('sfFilteredOut'))
    }`;
}
