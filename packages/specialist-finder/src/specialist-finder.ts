// <jc-specialist-finder>: the population worklist (the scan is population-scan.ts, the views worklist-views.ts and status-views.ts).
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FhirResource, Patient } from 'fhir/r4.js';
import { toFhirError, type JcElement } from '@joinedcare/core';
import type { PatientData } from './data.js';
import { ScanError, type PopulationSource } from './population-data.js';
import type { Rule } from './rules/schema.js';
import { RulesElement, headingLevel } from './rules-element.js';
import { renderRuleIssues } from './rule-views.js';
import { finderStyles } from './specialist-finder.styles.js';
import { PopulationScan, type ScanPhase } from './population-scan.js';
import { matchRows, orderRows, worklistCsv, type FinderRow, type NotCheckedRow, type SortColumn } from './worklist.js';
import { renderCancelled, renderDone, renderProgress, renderScanError, summaryText } from './status-views.js';
import { renderWorklist } from './worklist-views.js';
import { downloadCsv } from './csv.js';

export type { FinderRow, SortColumn } from './worklist.js';

/** Detail of `jc-patient-selected`: the Patient id only. */
export interface PatientSelectedDetail {
  patientId: string;
}

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-patient-selected': PatientSelectedDetail;
  }
}

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
export class JcSpecialistFinder extends RulesElement {
  static override styles = [...RulesElement.styles, finderStyles];

  /** ODS code of a GP practice: its registered patients (`Patient.generalPractitioner`) are checked. */
  @property({ attribute: 'ods-code' })
  odsCode?: string;

  /** Id of a FHIR Group whose members are checked. */
  @property({ attribute: 'group-id' })
  groupId?: string;

  /** Patients to check: ids or Patient resources. Takes precedence over `group-id` and `ods-code`. */
  @property({ attribute: false })
  patients?: ReadonlyArray<string | Patient>;

  /** Rows per page of the worklist. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 25;

  /** ARIA heading level of the title (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** @internal */ @state() private filterRule = '';
  /** @internal */ @state() private filterSeverity = '';
  /** @internal */ @state() private sortColumn: SortColumn = 'severity';
  /** @internal */ @state() private sortDescending = true;
  /** @internal */ @state() private page = 0;
  /** @internal */ @state() private announcement = '';

  /** The population check: its phase, progress, rows and failures. @internal */
  private readonly scan = new PopulationScan(this, (batch, rules, now) => this.toRows(batch, rules, now));

  /** The rows after filters, in the chosen order (derived in `willUpdate`). @internal */
  private shownRows: FinderRow[] = [];

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

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const inputs = ['client', 'contextClient', 'odsCode', 'groupId', 'patients', 'rules', 'rulesSrc'];
    if (inputs.some((k) => changed.has(k)) || !this.scan.started) {
      if (this.isConnected) void this.check();
    }
    this.shownRows = this.visibleRows;
  }

  /** Cancels the check in progress; what was found so far stays on screen. */
  cancel(): void {
    this.scan.cancel();
  }

  /** Checks the population again from the start. */
  override refresh(): Promise<void> {
    return this.check();
  }

  /**
   * Starts a check (of `retryIds` only, or from the start), counted as the element's data so that
   * `updateComplete` resolves once the worklist it finds is drawn. It says how the check ended.
   */
  private check(retryIds?: readonly string[]): Promise<void> {
    const client = this.effectiveClient;
    const source = this.source;
    if (!client || !source) return Promise.resolve();
    if (!retryIds) {
      // a fresh check: warnings and the page belonged to the previous one
      this.rejected = [];
      this.page = 0;
    }
    const run = this.scan.run({ client, source, ...this.ruleInput, now: () => this.now(), retryIds });
    return this.trackData(run.then((phase) => this.announce(phase)));
  }

  /** jc-load counts the worklist's findings (rows) once the check has ended. @internal */
  protected override countItems(): number | undefined {
    const { phase, rows } = this.scan;
    return phase === 'done' || phase === 'cancelled' ? rows.length : undefined;
  }

  /**
   * The state follows the check: `loading` while it runs; `ready` (or `empty`) with its findings when
   * it ends, `partial` when some patients could not be checked or it was cancelled; `error` when the
   * population could not be read or the rules cannot be used. @internal
   */
  override readLifecycle(): ReturnType<JcElement['readLifecycle']> {
    const base = super.readLifecycle();
    const s = this.scan;
    if (base.state === 'not-configured') return base;
    if (s.phase === 'idle' || s.phase === 'running') return { state: 'loading' };
    if (s.phase === 'invalid-rules') return { state: 'error', error: 'unexpected' };
    if (s.phase === 'error') return { state: 'error', error: s.error instanceof ScanError ? 'not-found' : toFhirError(s.error).kind };
    const count = this.countItems() ?? 0;
    return { state: count ? 'ready' : 'empty', count, partial: s.phase === 'cancelled' || s.incomplete || s.failedIds.length > 0 };
  }

  private announce(phase: ScanPhase | undefined): void {
    if (phase === 'done') this.announcement = summaryText(this.t.bind(this), this.scan);
    else if (phase === 'cancelled') this.announcement = this.t('sfCancelled');
  }

  /** Runs each patient's data through the patient guard and evaluates the rules: the matches, and the rules not checked. */
  private toRows(batch: PatientData[], rules: readonly Rule[], now: Date): { rows: FinderRow[]; notChecked: NotCheckedRow[] } {
    const lang = this.effectiveLocale;
    const t = this.t.bind(this);
    const baseUrl = this.effectiveClient?.baseUrl;
    const out: { rows: FinderRow[]; notChecked: NotCheckedRow[] } = { rows: [], notChecked: [] };
    for (const d of batch) {
      const all = [
        ...(d.patient ? [d.patient] : []),
        ...d.observations,
        ...d.conditions,
        ...d.encounters,
        ...d.episodes,
        ...d.requests,
      ] as FhirResource[];
      const ok = new Set<unknown>(this.guard(all, { id: d.patientId }, baseUrl ? { baseUrl } : {}));
      const patient = d.patient && ok.has(d.patient) ? d.patient : undefined;
      const keep = <T>(rs: readonly T[]) => rs.filter((r) => ok.has(r));
      const record = {
        patient,
        observations: keep(d.observations),
        conditions: keep(d.conditions),
        encounters: keep(d.encounters),
        episodes: keep(d.episodes),
        requests: keep(d.requests),
      };
      const found = matchRows(d.patientId, patient, record, rules, now, t, lang);
      out.rows.push(...found.rows);
      out.notChecked.push(...found.notChecked);
    }
    return out;
  }

  /** The rows after filters, in the chosen order. @internal */
  get visibleRows(): FinderRow[] {
    const { filterRule, filterSeverity, sortColumn, sortDescending } = this;
    return orderRows(this.scan.rows, { filterRule, filterSeverity, sortColumn, sortDescending }, this.now().getTime());
  }

  /** The worklist as CSV (filters and order as shown; every page), with formulas neutralised. */
  exportCsv(): string {
    return worklistCsv(this.visibleRows, this.t.bind(this));
  }

  private download(): void {
    const csv = this.exportCsv();
    const day = this.now().toISOString().slice(0, 10);
    downloadCsv(csv, `specialist-worklist-${day}.csv`);
    this.announcement = this.t('sfExported', { count: this.visibleRows.length });
  }

  private sortBy(column: SortColumn): void {
    if (this.sortColumn === column) this.sortDescending = !this.sortDescending;
    else {
      this.sortColumn = column;
      this.sortDescending = column === 'severity' || column === 'lastContact';
    }
    this.page = 0;
  }

  protected override render() {
    const missing = this.missingConfiguration();
    if (missing.length) return this.renderNotConfigured(missing);
    const level = headingLevel(this.headingLevel, 2);
    const { phase, rows } = this.scan;
    return html`<section part="base" aria-label=${this.t('sfTitle')}>
      <div class="header" part="header">
        <div class="title" part="title" role="heading" aria-level=${level}>${this.t('sfTitle')}</div>
        <div class="toolbar">
          ${
            phase === 'running'
              ? html`<button class="jc-button jc-button--secondary" part="cancel-button" type="button" @click=${() => this.cancel()}>
                  ${this.t('sfCancel')}
                </button>`
              : html`<button class="jc-button jc-button--secondary" type="button" data-action="rerun" @click=${() => void this.check()}>
                  ${this.t('sfRerun')}
                </button>`
          }
          ${
            rows.length && phase !== 'running'
              ? html`<button class="jc-button" part="export-button" type="button" @click=${() => this.download()}>
                  ${this.t('sfExport')}
                </button>`
              : nothing
          }
        </div>
      </div>
      ${this.renderStatus()} ${this.renderSafetyWarnings()} ${rows.length ? this.renderWorklist() : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderStatus() {
    const s = this.scan;
    const t = this.t.bind(this);
    switch (s.phase) {
      case 'idle':
        return this.renderLoading(this.t('sfWhat'));
      case 'running':
        return renderProgress(t, s.progress);
      case 'invalid-rules':
        return renderRuleIssues(t, s.issues);
      case 'error':
        if (s.error instanceof ScanError) return renderScanError(t, s.error, this.odsCode);
        return this.renderError(s.error, this.t('sfWhat'), () => void this.check());
      case 'cancelled':
        return renderCancelled(t);
      case 'done':
        return renderDone(
          t,
          s,
          this.effectiveLocale,
          () => void this.check(s.failedIds.length && !s.incomplete ? [...s.failedIds] : undefined),
          (text) => this.renderEmpty(text),
        );
    }
  }

  private renderWorklist() {
    return renderWorklist({
      t: this.t.bind(this),
      rows: this.shownRows,
      rules: this.scan.ruleList,
      filterRule: this.filterRule,
      filterSeverity: this.filterSeverity,
      sortColumn: this.sortColumn,
      sortDescending: this.sortDescending,
      page: this.page,
      pageSize: this.pageSize,
      empty: (text) => this.renderEmpty(text),
      filter: (which, value) => {
        if (which === 'rule') this.filterRule = value;
        else this.filterSeverity = value;
        this.page = 0;
      },
      sortBy: (column) => this.sortBy(column),
      goTo: (page) => (this.page = page),
      select: (patientId) => this.emit('jc-patient-selected', { patientId }),
    });
  }
}
