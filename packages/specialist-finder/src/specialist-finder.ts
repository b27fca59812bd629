import { html, nothing, css, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FhirResource, Patient } from 'fhir/r4.js';
import {
  JcElement,
  ageInYears,
  describeError,
  formatAge,
  formatDate,
  formatName,
  formatNhsNumber,
  isAbort,
  nhsNumberOf,
  type FhirError,
} from '@joinedcare/core';
import { ScanError, scanPopulation, type PatientData, type PopulationSource, type ScanProgress } from './data.js';
import { SEVERITY_RANK, evaluateRules, parseDate, type RuleOutcome } from './rules/engine.js';
import { EXAMPLE_RULE_SET } from './rules/example-rules.js';
import { RuleSetError, parseRuleSet, type Rule, type RuleIssue, type Severity } from './rules/schema.js';
import { describeEvidence, describeExisting, describeNoRequest } from './present.js';
import { downloadCsv, toCsv } from './csv.js';
import { renderRuleIssues } from './advice-prompt.js';
import { SEVERITY_ICONS, buttonStyles, sharedStyles } from './shared.styles.js';
import { finderStrings } from './strings.js';

/** Detail of `jc-patient-selected`: the Patient id only. */
export interface PatientSelectedDetail {
  patientId: string;
}

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-patient-selected': PatientSelectedDetail;
  }
}

/** One worklist row: a patient and a rule they match. @internal */
export interface FinderRow {
  key: string;
  patientId: string;
  nhsNumber: string;
  name: string;
  age?: number;
  ageText: string;
  outcome: RuleOutcome;
  evidence: string;
  existing: string;
  /** Epoch ms of the newest referral or advice request to the specialty, if any. */
  lastContact?: number;
  lastContactText: string;
}

export type SortColumn = 'severity' | 'rule' | 'lastContact' | 'name';
type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'invalid-rules';

const DAY_MS = 86_400_000;
const n = (x: number) => x.toLocaleString('en-GB');

/**
 * A worklist of the patients in a population whose records match the rules: a GP practice
 * (`ods-code`), a FHIR Group (`group-id`) or patients the host passes in (`patients`). Each row
 * shows NHS number, name, age, the rule, the evidence with dates and any existing referral or
 * advice request; rows can be filtered by rule and severity, sorted by severity, rule, name or time
 * since the last specialist contact, paged, and exported as CSV for a virtual clinic. Selecting a
 * patient fires `jc-patient-selected`.
 *
 * Loading happens in pages with progress ("Checked 1,200 of 3,400 patients") and can be cancelled;
 * the page stays responsive. When some patients could not be checked the list says so and offers
 * Retry for them.
 *
 * @summary Population worklist of patients who could benefit from specialist input.
 * @fires jc-patient-selected - A patient was chosen in the worklist. Detail: `{ patientId }`.
 * @csspart base - The worklist container.
 * @csspart header - The heading and buttons.
 * @csspart title - The heading.
 * @csspart progress - The progress message and bar.
 * @csspart filters - The rule and severity filters.
 * @csspart table - The worklist table.
 * @csspart item - A row.
 * @csspart status - A row's severity.
 * @csspart pager - The paging controls.
 * @csspart cancel-button - The Cancel button.
 * @csspart export-button - The Export CSV button.
 * @csspart cancelled - The notice that the check was cancelled.
 * @cssproperty --jc-finder-critical-color - Critical indicator colour (default `--jc-color-error`).
 * @cssproperty --jc-finder-warning-color - Warning indicator colour (default `#8a5300`).
 * @cssproperty --jc-finder-info-color - Info indicator colour (default `--jc-color-primary`).
 * @cssproperty --jc-finder-row-hover - Background of a hovered row (default `--jc-color-surface-alt`).
 */
export class JcSpecialistFinder extends JcElement {
  protected static override messages = finderStrings;

  static override styles = [
    ...JcElement.styles,
    sharedStyles,
    buttonStyles,
    css`
      .header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--jc-space-2, 8px);
      }
      .title {
        font-size: var(--jc-font-size-large, 1.1875rem);
        font-weight: 700;
        margin: 0;
      }
      .toolbar,
      .filters,
      .pager {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jc-space-2, 8px);
        margin: var(--jc-space-2, 8px) 0;
      }
      .filters label {
        display: inline-flex;
        flex-direction: column;
        font-weight: 600;
      }
      select {
        font: inherit;
        min-height: 40px;
        border: 2px solid var(--jc-color-text, #212b32);
        border-radius: var(--jc-radius, 4px);
      }
      progress {
        width: 100%;
        height: 0.75rem;
      }
      .table-wrap {
        overflow-x: auto;
        max-width: 100%;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: var(--jc-space-1, 4px) 0;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: var(--jc-space-1, 4px) var(--jc-space-2, 8px);
        border-bottom: 1px solid var(--jc-color-border, #d8dde0);
      }
      tbody tr:hover {
        background: var(--jc-finder-row-hover, var(--jc-color-surface-alt, #f0f4f5));
      }
      th button,
      td button.link {
        font: inherit;
        font-weight: 600;
        background: none;
        border: 0;
        padding: 0;
        color: var(--jc-color-primary, #005eb8);
        text-decoration: underline;
        cursor: pointer;
        text-align: left;
        min-height: 24px;
      }
      .nowrap {
        white-space: nowrap;
      }
      @container (max-width: 40rem) {
        .evidence {
          min-width: 14rem;
        }
      }
    `,
  ];

  /** ODS code of a GP practice: its registered patients (`Patient.generalPractitioner`) are checked. */
  @property({ attribute: 'ods-code' })
  odsCode?: string;

  /** Id of a FHIR Group whose members are checked. */
  @property({ attribute: 'group-id' })
  groupId?: string;

  /** Patients to check: ids or Patient resources. Takes precedence over `group-id` and `ods-code`. */
  @property({ attribute: false })
  patients?: ReadonlyArray<string | Patient>;

  /** The rules (a rule set object; checked before use). Default: the example rule set. Ignored when `rules-src` is set. */
  @property({ attribute: false })
  rules: unknown = EXAMPLE_RULE_SET;

  /** URL of a JSON rule file to use instead of `rules`. */
  @property({ attribute: 'rules-src' })
  rulesSrc?: string;

  /** Rows per page of the worklist. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 25;

  /** ARIA heading level of the title (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** @internal */ @state() private phase: Phase = 'idle';
  /** @internal */ @state() private progress: ScanProgress = { phase: 'starting', done: 0 };
  /** @internal */ @state() private rows: FinderRow[] = [];
  /** @internal */ @state() private population = 0;
  /** @internal */ @state() private failedIds: string[] = [];
  /** @internal */ @state() private failureReason?: FhirError;
  /** @internal */ @state() private incomplete = false;
  /** @internal */ @state() private error?: unknown;
  /** @internal */ @state() private issues: RuleIssue[] = [];
  /** @internal */ @state() private ruleList: Rule[] = [];
  /** @internal */ @state() private filterRule = '';
  /** @internal */ @state() private filterSeverity = '';
  /** @internal */ @state() private sortColumn: SortColumn = 'severity';
  /** @internal */ @state() private sortDescending = true;
  /** @internal */ @state() private page = 0;
  /** @internal */ @state() private announcement = '';

  private controller?: AbortController;
  private lastRun = '';

  protected override get displayName(): string {
    return this.t('sfName');
  }

  protected override missingConfiguration(): string[] {
    const missing: string[] = [];
    if (!this.effectiveClient) missing.push(this.t('missingClient'));
    if (!this.source) missing.push(this.t('sfMissingPopulation'));
    return missing;
  }

  /** The population to check, from `patients`, `group-id` or `ods-code`. @internal */
  get source(): PopulationSource | undefined {
    if (this.patients) return { kind: 'patients', patients: this.patients };
    if (this.groupId) return { kind: 'group', groupId: this.groupId };
    if (this.odsCode) return { kind: 'practice', odsCode: this.odsCode.trim().toUpperCase() };
    return undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.lastRun = '';
    if (this.phase === 'running') this.phase = 'idle';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const inputs = ['client', 'contextClient', 'odsCode', 'groupId', 'patients', 'rules', 'rulesSrc'];
    if (inputs.some((k) => changed.has(k)) || this.lastRun === '') {
      if (this.effectiveClient && this.source && this.isConnected) void this.run();
    }
  }

  /** Cancels the check in progress; what was found so far stays on screen. */
  cancel(): void {
    this.controller?.abort();
  }

  /** Checks the population again from the start. */
  refresh(): Promise<void> {
    return this.run();
  }

  private async resolveRules(signal: AbortSignal): Promise<Rule[] | undefined> {
    try {
      let input: unknown = this.rules;
      if (this.rulesSrc) {
        const response = await fetch(this.rulesSrc, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        try {
          input = JSON.parse(await response.text());
        } catch {
          this.issues = [{ rule: '(file)', path: '', message: 'is not valid JSON' }];
          return undefined;
        }
      }
      return parseRuleSet(input).rules;
    } catch (e) {
      if (e instanceof RuleSetError) {
        this.issues = e.issues;
        return undefined;
      }
      throw e;
    }
  }

  private async run(retryIds?: string[]): Promise<void> {
    const client = this.effectiveClient;
    const source = this.source;
    if (!client || !source) return;
    this.lastRun = 'started';
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = controller.signal;
    const current = () => this.controller === controller;
    this.phase = 'running';
    this.error = undefined;
    this.issues = [];
    this.progress = { phase: 'starting', done: 0 };
    if (!retryIds) {
      this.rows = [];
      this.rejected = [];
      this.failedIds = [];
      this.failureReason = undefined;
      this.incomplete = false;
      this.page = 0;
    }
    try {
      const rules = await this.resolveRules(signal);
      if (!current()) return;
      if (!rules) {
        this.phase = 'invalid-rules';
        return;
      }
      this.ruleList = rules;
      const now = this.now();
      const result = await scanPopulation(client, retryIds ? { kind: 'patients', patients: retryIds } : source, {
        rules,
        now,
        signal,
        onProgress: (p) => {
          if (current()) this.progress = p;
        },
        onPatients: (batch) => {
          if (current()) this.addPatients(batch, rules, now);
        },
      });
      if (!current()) return;
      if (!retryIds) this.population = result.population;
      this.failedIds = result.failedPatientIds;
      this.failureReason = result.lastError;
      this.incomplete = retryIds ? this.incomplete : result.incomplete;
      this.phase = 'done';
      this.announcement = this.summaryText();
    } catch (e) {
      if (!current()) return;
      if (signal.aborted || isAbort(e)) {
        this.phase = 'cancelled';
        this.announcement = this.t('sfCancelled');
      } else {
        this.phase = 'error';
        this.error = e;
      }
    }
  }

  /** Runs each patient's data through the patient guard, evaluates the rules and adds the matches. */
  private addPatients(batch: PatientData[], rules: readonly Rule[], now: Date): void {
    const lang = this.effectiveLocale;
    const t = this.t.bind(this);
    const added: FinderRow[] = [];
    for (const d of batch) {
      const all: FhirResource[] = [...(d.patient ? [d.patient] : []), ...d.observations, ...d.encounters, ...d.requests];
      const ok = this.guard(all, { id: d.patientId });
      const patient = ok.find((r): r is Patient => r.resourceType === 'Patient');
      const record = {
        observations: d.observations.filter((r) => ok.includes(r)),
        encounters: d.encounters.filter((r) => ok.includes(r)),
        requests: d.requests.filter((r) => ok.includes(r)),
      };
      for (const o of evaluateRules(rules, record, now)) {
        if (o.status !== 'match') continue;
        const last = parseDate(o.existing[0]?.date);
        const age = ageInYears(patient?.birthDate, now);
        added.push({
          key: `${d.patientId}|${o.rule.id}`,
          patientId: d.patientId,
          nhsNumber: formatNhsNumber(nhsNumberOf(patient) ?? '', { lang }),
          name: formatName(patient?.name, { lang }),
          ...(age !== undefined ? { age } : {}),
          ageText: formatAge(patient?.birthDate, { now, ...(lang ? { lang } : {}) }),
          outcome: o,
          evidence: [describeEvidence(o, t, lang), describeNoRequest(o, t)].filter(Boolean).join('; '),
          existing: describeExisting(o, t, lang),
          ...(last !== undefined ? { lastContact: last } : {}),
          lastContactText: last !== undefined ? formatDate(new Date(last), lang ? { lang } : undefined) : t('sfNeverContact'),
        });
      }
    }
    if (!added.length) return;
    const keys = new Set(added.map((r) => r.key));
    this.rows = [...this.rows.filter((r) => !keys.has(r.key)), ...added];
  }

  /** The rows after filters, in the chosen order. @internal */
  get visibleRows(): FinderRow[] {
    const dir = this.sortDescending ? -1 : 1;
    const now = this.now().getTime();
    const since = (r: FinderRow) => (r.lastContact === undefined ? Number.POSITIVE_INFINITY : Math.floor((now - r.lastContact) / DAY_MS));
    const cmp = (a: FinderRow, b: FinderRow): number => {
      switch (this.sortColumn) {
        case 'severity':
          return SEVERITY_RANK[a.outcome.rule.severity] - SEVERITY_RANK[b.outcome.rule.severity];
        case 'rule':
          return a.outcome.rule.title.localeCompare(b.outcome.rule.title);
        case 'name':
          return a.name.localeCompare(b.name);
        case 'lastContact': {
          const x = since(a);
          const y = since(b);
          return x === y ? 0 : x < y ? -1 : 1;
        }
      }
    };
    return this.rows
      .filter(
        (r) =>
          (!this.filterRule || r.outcome.rule.id === this.filterRule) &&
          (!this.filterSeverity || r.outcome.rule.severity === this.filterSeverity),
      )
      .sort((a, b) => dir * cmp(a, b) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  }

  /** The worklist as CSV (filters and order as shown; every page), with formulas neutralised. */
  exportCsv(): string {
    const t = this.t.bind(this);
    const header = [
      t('sfColNhs'),
      t('sfColName'),
      t('sfColAge'),
      t('sfCsvRuleId'),
      t('sfColRule'),
      t('sfCsvSeverity'),
      t('sfColEvidence'),
      t('sfColExisting'),
      t('sfColLastContact'),
    ];
    const rows = this.visibleRows.map((r) => [
      r.nhsNumber,
      r.name,
      r.ageText,
      r.outcome.rule.id,
      r.outcome.rule.title,
      t(`sfSeverity_${r.outcome.rule.severity}`),
      r.evidence,
      r.existing,
      r.lastContactText,
    ]);
    return toCsv([header, ...rows]);
  }

  private download(): void {
    const csv = this.exportCsv();
    const day = this.now().toISOString().slice(0, 10);
    downloadCsv(csv, `specialist-worklist-${day}.csv`);
    this.announcement = this.t('sfExported', { count: this.visibleRows.length });
  }

  private summaryText(): string {
    const patients = new Set(this.rows.map((r) => r.patientId)).size;
    if (this.rows.length) return this.t('sfSummary', { rows: n(this.rows.length), patients: n(patients), population: n(this.population) });
    // never a bare "no patients match" when some could not be checked: that would read as a negative
    if (this.incomplete) return this.t('sfNoMatchesIncomplete');
    if (this.failedIds.length) {
      const checked = Math.max(0, this.population - this.failedIds.length);
      return this.t('sfNoMatchesPartial', { checked: n(checked), failed: n(this.failedIds.length) });
    }
    return this.t('sfNoMatches', { population: n(this.population) });
  }

  private progressText(): string {
    const p = this.progress;
    switch (p.phase) {
      case 'starting':
        return this.t('sfProgressStarting');
      case 'patients':
        return p.total !== undefined
          ? this.t('sfProgressPatients', { done: n(p.done), total: n(p.total) })
          : this.t('sfProgressPatientsUnknown', { done: n(p.done) });
      case 'results':
        return this.t('sfProgressResults', { done: n(p.done), total: n(p.total ?? p.done) });
      case 'candidates':
        return this.t('sfProgressCandidates', { done: n(p.done), total: n(p.total ?? p.done) });
    }
  }

  protected override render() {
    const missing = this.missingConfiguration();
    if (missing.length) return this.renderNotConfigured(missing);
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    return html`<section part="base" aria-label=${this.t('sfTitle')}>
      <div class="header" part="header">
        <div class="title" part="title" role="heading" aria-level=${level}>${this.t('sfTitle')}</div>
        <div class="toolbar">
          ${
            this.phase === 'running'
              ? html`<button class="jc-button jc-button--secondary" part="cancel-button" type="button" @click=${() => this.cancel()}>
                  ${this.t('sfCancel')}
                </button>`
              : html`<button class="jc-button jc-button--secondary" type="button" data-action="rerun" @click=${() => void this.run()}>
                  ${this.t('sfRerun')}
                </button>`
          }
          ${
            this.rows.length && this.phase !== 'running'
              ? html`<button class="jc-button" part="export-button" type="button" @click=${() => this.download()}>
                  ${this.t('sfExport')}
                </button>`
              : nothing
          }
        </div>
      </div>
      ${this.renderStatus()} ${this.renderSafetyWarnings()} ${this.rows.length ? this.renderWorklist() : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderStatus() {
    switch (this.phase) {
      case 'idle':
        return this.renderLoading(this.t('sfWhat'));
      case 'running': {
        const p = this.progress;
        return html`<div class="state state--loading" part="progress">
          <p role="status" aria-live="polite">${this.progressText()}</p>
          ${
            p.total
              ? html`<progress max=${p.total} .value=${p.done} aria-label=${this.t('sfProgressLabel')}></progress>`
              : html`<progress aria-label=${this.t('sfProgressLabel')}></progress>`
          }
        </div>`;
      }
      case 'invalid-rules':
        return renderRuleIssues(this.t.bind(this), this.issues);
      case 'error': {
        const e = this.error;
        if (e instanceof ScanError) {
          return html`<div class="state state--error" part="error" role="alert">
            <p class="state-title">${this.t('errorTitle', { what: this.t('sfWhat') })}</p>
            <p>${e.kind === 'practice-not-found' ? this.t('sfPracticeNotFound', { ods: this.odsCode ?? '' }) : this.t('sfGroupEmpty')}</p>
          </div>`;
        }
        return this.renderError(e, this.t('sfWhat'), () => void this.run());
      }
      case 'cancelled':
        return html`<div class="state state--warning" part="cancelled" role="status"><p>${this.t('sfCancelled')}</p></div>`;
      case 'done': {
        const partial = this.failedIds.length || this.incomplete;
        return html`${
          partial
            ? html`<div class="state state--warning" part="partial" role="alert">
                <p class="state-title">${this.t('sfPartialTitle')}</p>
                <p>
                  ${this.failedIds.length ? this.t('sfPartialDetail', { count: n(this.failedIds.length) }) : this.t('sfPartialUnknown')}
                </p>
                ${
                  this.failureReason
                    ? html`<p>
                        ${describeError(this.failureReason, this.effectiveLocale)}${
                          this.failureReason.outcomeText ? html` <span class="outcome">${this.failureReason.outcomeText}</span>` : nothing
                        }
                      </p>`
                    : nothing
                }
                <button
                  class="jc-button"
                  part="retry-button"
                  type="button"
                  @click=${() => void this.run(this.failedIds.length && !this.incomplete ? [...this.failedIds] : undefined)}
                >
                  ${this.t('retry')}
                </button>
              </div>`
            : nothing
        }
        ${this.rows.length ? html`<p class="muted">${this.summaryText()}</p>` : this.renderEmpty(this.summaryText())}`;
      }
    }
  }

  private sortHeader(column: SortColumn, label: string) {
    const active = this.sortColumn === column;
    const sort = active ? (this.sortDescending ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col" aria-sort=${sort}>
      <button type="button" data-sort=${column} @click=${() => this.sortBy(column)}>
        ${label}<span aria-hidden="true">${active ? (this.sortDescending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>`;
  }

  private sortBy(column: SortColumn): void {
    if (this.sortColumn === column) this.sortDescending = !this.sortDescending;
    else {
      this.sortColumn = column;
      this.sortDescending = column === 'severity' || column === 'lastContact';
    }
    this.page = 0;
  }

  private renderWorklist() {
    const rows = this.visibleRows;
    const size = Math.max(1, Math.round(this.pageSize) || 25);
    const pages = Math.max(1, Math.ceil(rows.length / size));
    const page = Math.min(this.page, pages - 1);
    const slice = rows.slice(page * size, page * size + size);
    const labels: Record<SortColumn, string> = {
      severity: this.t('sfColSeverity'),
      rule: this.t('sfColRule'),
      lastContact: this.t('sfColLastContact'),
      name: this.t('sfColName'),
    };
    const rules = this.ruleList;
    return html`<div class="filters" part="filters">
        <label
          >${this.t('sfFilterRule')}
          <select
            data-filter="rule"
            @change=${(e: Event) => {
              this.filterRule = (e.target as HTMLSelectElement).value;
              this.page = 0;
            }}
          >
            <option value="" ?selected=${!this.filterRule}>${this.t('sfFilterAll')}</option>
            ${rules.map((r) => html`<option value=${r.id} ?selected=${this.filterRule === r.id}>${r.title}</option>`)}
          </select>
        </label>
        <label
          >${this.t('sfFilterSeverity')}
          <select
            data-filter="severity"
            @change=${(e: Event) => {
              this.filterSeverity = (e.target as HTMLSelectElement).value;
              this.page = 0;
            }}
          >
            <option value="" ?selected=${!this.filterSeverity}>${this.t('sfFilterAll')}</option>
            ${(['critical', 'warning', 'info'] as Severity[]).map(
              (s) => html`<option value=${s} ?selected=${this.filterSeverity === s}>${this.t(`sfSeverity_${s}`)}</option>`,
            )}
          </select>
        </label>
      </div>
      ${
        rows.length
          ? html`<div class="table-wrap" role="region" aria-label=${this.t('sfTableRegion')} tabindex="0">
                <table part="table">
                  <caption>
                    ${this.t('sfCaption', {
                      count: n(rows.length),
                      column: labels[this.sortColumn],
                      direction: this.t(this.sortDescending ? 'sfDescending' : 'sfAscending'),
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${this.t('sfColNhs')}</th>
                      ${this.sortHeader('name', labels.name)}
                      <th scope="col">${this.t('sfColAge')}</th>
                      ${this.sortHeader('rule', labels.rule)} ${this.sortHeader('severity', labels.severity)}
                      <th scope="col">${this.t('sfColEvidence')}</th>
                      <th scope="col">${this.t('sfColExisting')}</th>
                      ${this.sortHeader('lastContact', labels.lastContact)}
                    </tr>
                  </thead>
                  <tbody>
                    ${slice.map((r) => this.renderRow(r))}
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
                        @click=${() => (this.page = page - 1)}
                      >
                        ${this.t('sfPrevious')}
                      </button>
                      <span
                        >${this.t('sfPage', { from: n(page * size + 1), to: n(page * size + slice.length), count: n(rows.length) })}</span
                      >
                      <button
                        class="jc-button jc-button--secondary"
                        type="button"
                        data-page="next"
                        ?disabled=${page >= pages - 1}
                        @click=${() => (this.page = page + 1)}
                      >
                        ${this.t('sfNext')}
                      </button>
                    </div>`
                  : nothing
              }`
          : this.renderEmpty(this.t('sfFilteredOut'))
      }`;
  }

  private renderRow(r: FinderRow) {
    const sev = r.outcome.rule.severity;
    return html`<tr part="item" data-patient=${r.patientId} data-rule=${r.outcome.rule.id}>
      <td class="nowrap">${r.nhsNumber}</td>
      <td>
        <button
          class="link"
          type="button"
          aria-label=${this.t('sfOpenPatient', { name: r.name })}
          @click=${() => this.emit('jc-patient-selected', { patientId: r.patientId })}
        >
          ${r.name}
        </button>
      </td>
      <td class="nowrap">${r.ageText}</td>
      <td>${r.outcome.rule.title}</td>
      <td class="nowrap">
        <span class="severity severity--${sev}" part="status"
          ><svg viewBox="0 0 24 24" aria-hidden="true">${SEVERITY_ICONS[sev]}</svg>${this.t(`sfSeverity_${sev}`)}</span
        >
      </td>
      <td class="evidence">${r.evidence}</td>
      <td>${r.existing}</td>
      <td class="nowrap">${r.lastContactText}</td>
    </tr>`;
  }
}
