import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import type { Bundle, FhirResource, List, Organization } from 'fhir/r4.js';
import {
  FhirError,
  JcElement,
  formatDateTime,
  formatRelative,
  isAbort,
  resolvePatient,
  type CareSetting,
  type FhirClient,
  type PatientIdentity,
} from '@joinedcare/core';
import {
  CHUNKED_BUILD_THRESHOLD,
  buildSection,
  buildSectionChunked,
  buildSummary,
  buildSummaryChunked,
  sectionSize,
  yieldToMain,
  type SectionModel,
  type SectionWarning,
  type SummaryItem,
  type SummaryOptions,
} from './model.js';
import { readBundle } from './ips.js';
import { listWarnings } from './warnings.js';
import { listQuery, sectionQueries } from './queries.js';
import { SECTION_KEYS, SECTION_TITLE_KEYS, SECTION_TYPES, parseSections, type SectionKey } from './sections.js';
import { ODS_SYSTEM, buildOrgDirectory, odsFromMetaSource } from './source.js';
import { sparkline } from './sparkline.js';
import { careSummaryStyles } from './care-summary.styles.js';
import { careSummaryStrings } from './strings.js';

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-section-toggled': { section: SectionKey; expanded: boolean };
    'jc-item-selected': { resourceType: string; id: string };
    'jc-document-open-request': { documentReferenceId: string; attachmentUrl?: string };
  }
}

/**
 * One section's load state. `asOf` is when its data was fetched (or the Bundle's timestamp).
 * `preparing`: a long list is being built in chunks (its progress is in `progress`).
 */
type SectionState =
  | { status: 'loading' }
  | { status: 'preparing' }
  | { status: 'error'; error: unknown }
  | { status: 'done'; model: SectionModel; asOf: Date | string; note?: string };

/** A chunked build of handed-in resources. */
interface HandedJob {
  controller: AbortController;
}

interface LoadRun {
  client: FhirClient;
  patientId: string;
  who: PatientIdentity;
  key: string;
  signal: AbortSignal;
  lists?: Promise<List[]>;
  orgs: Map<string, Promise<Organization[]>>;
}

/** Rows per page once a long list is expanded. */
const PAGE = 50;
/** Values per page in a result's history. */
const HISTORY_PAGE = 20;
/** Sections that GP Connect Lists can carry warnings for. */
const WARNED_SECTIONS: readonly SectionKey[] = ['problems', 'medicines', 'allergies'];

/**
 * The shared care summary: what the other care setting knows about the patient, at a glance.
 * Sections (problems, medicines, allergies, recent results, encounters, letters, immunisations, care
 * team, care plans) load independently from the FHIR server in `<jc-context>`, or come from a
 * handed-in `resources` array or `bundle` (including an IPS document Bundle). Every item shows its
 * source organisation and setting and its date; items from the other setting are marked, and a
 * filter shows only those. Each section shows its count and "as of" time, collapses, and fails on
 * its own with a Retry (the partial state).
 *
 * @summary Shared care summary across GP and hospital.
 * @csspart base - The summary container.
 * @csspart filter - The "All / Only from …" filter (a radio group).
 * @csspart section - One section.
 * @csspart header - A section's header (title button, count, as-of time).
 * @csspart title - A section's heading.
 * @csspart toggle - The button that collapses and expands a section.
 * @csspart count - The item count in a section header.
 * @csspart as-of - How current a section's data is.
 * @csspart body - A section's content.
 * @csspart warning - A GP Connect style warning banner on a section.
 * @csspart list - A list of items.
 * @csspart item - One item.
 * @csspart item-other - An item from the other care setting (in addition to `item`).
 * @csspart item-title - An item's title (a button that fires `jc-item-selected`).
 * @csspart status - An item's status tag.
 * @csspart other-setting - The tag marking an item from the other setting.
 * @csspart fields - An item's labelled details.
 * @csspart source - An item's source organisation and setting.
 * @csspart trend - A result's trend chart (SVG).
 * @csspart open-button - A document's Open button.
 * @csspart show-all-button - The "Show all N" / "Show fewer" button.
 * @csspart pager - Paging controls of an expanded long list.
 * @csspart history - A result's list of every value.
 * @csspart none-known - The positive "No known allergies" statement.
 * @csspart not-available - The "No … information available" notice.
 * @csspart note - A note about incomplete loading or warnings that could not be checked.
 * @csspart progress - The progress of a long list being prepared (a polite live region).
 * @cssproperty --jc-care-summary-background - Background (default `--jc-color-surface`).
 * @cssproperty --jc-care-summary-border - Section borders (default `--jc-color-border`).
 * @cssproperty --jc-care-summary-header-background - Section header background (default `--jc-color-surface-alt`).
 * @cssproperty --jc-care-summary-other-accent - Left border and tag of items from the other setting (default `#7c2855`, NHS plum).
 * @cssproperty --jc-care-summary-other-background - Background of items from the other setting (default `#f9f0f5`).
 * @cssproperty --jc-care-summary-other-color - Text of the "From …" tag (default `#ffffff`).
 * @cssproperty --jc-care-summary-none-known-accent - Border of the "No known allergies" statement (default `--jc-color-success`).
 * @cssproperty --jc-care-summary-notice-accent - Border of "not available" notices and warning banners (default `--jc-color-warning`).
 * @cssproperty --jc-care-summary-trend-color - Trend line colour (default `--jc-color-primary`).
 * @cssproperty --jc-care-summary-trend-color-2 - Second trend line (e.g. diastolic) (default `--jc-color-text-secondary`).
 * @cssproperty --jc-care-summary-gap - Space between sections (default `--jc-space-3`).
 * @fires jc-section-toggled - A section was collapsed or expanded. Detail: `{ section, expanded }`.
 * @fires jc-item-selected - The user chose an item. Detail: `{ resourceType, id }`.
 * @fires jc-document-open-request - The user asked to open a letter or document; the host decides how. Detail: `{ documentReferenceId, attachmentUrl? }`.
 */
export class JcCareSummary extends JcElement {
  static override styles = [...JcElement.styles, careSummaryStyles];
  protected static override messages = careSummaryStrings;

  /**
   * Which sections to show, in order, separated by spaces or commas: `problems medicines allergies
   * results encounters documents immunisations care-team care-plans` (the default). Unknown keys are
   * ignored with a console warning.
   */
  @property()
  sections = 'problems medicines allergies results encounters documents immunisations care-team care-plans';

  /** The user's care setting, overriding `<jc-context>`'s: `secondary` marks GP items, `primary` marks hospital items. */
  @property()
  setting?: CareSetting;

  /** FHIR resources to show instead of searching the server (each is checked against the patient). */
  @property({ attribute: false })
  resources?: FhirResource[];

  /** A Bundle to show instead of searching the server: any Bundle, or an IPS document Bundle. */
  @property({ attribute: false })
  bundle?: Bundle;

  /** How many items a section shows before "Show all N". */
  @property({ type: Number, attribute: 'initial-items' })
  initialItems = 10;

  /** ARIA heading level of the section headings (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 3;

  /** @internal */
  @state() private filter: 'all' | 'other' = 'all';
  /** @internal */
  @state() private collapsed = new Set<SectionKey>();
  /** @internal */
  @state() private views = new Map<string, number>(); // list id -> page (absent: not expanded)
  /** @internal */
  @state() private states = new Map<SectionKey, SectionState>();
  /** @internal */
  @state() private handed?: Map<SectionKey, SectionState> | undefined;

  private statesKey?: string;
  private run?: LoadRun;
  /** The chunked build of handed-in resources in progress. */
  private handedJob?: HandedJob | undefined;
  /** Whose handed-in data `handed` shows (only set for an identified patient). */
  private handedWho?: string | undefined;
  /** A chunked build was stopped by a removal: build again when put back. */
  private handedStale = false;
  /** How a chunked build lets the main thread run between chunks (tests pace builds with it). @internal */
  pause: () => Promise<void> = yieldToMain;
  /** Progress of the chunked builds (not reactive: drawn on `requestUpdate` between chunks). */
  private readonly progress = new Map<SectionKey, { done: number; total: number }>();
  private sectionKeys: SectionKey[] = [...SECTION_KEYS];

  private readonly task = this.createPatientTask(async ({ client, patient, signal }) => {
    let who: PatientIdentity = { id: patient.id, nhsNumber: patient.nhsNumber };
    let patientId = patient.id;
    if (!patientId) {
      const found = this.guard([await resolvePatient(client, patient, { signal })], who)[0];
      if (!found?.id) throw new FhirError('not-found', 'The patient was not found');
      patientId = found.id;
      who = { id: found.id, nhsNumber: patient.nhsNumber };
    }
    const run: LoadRun = { client, patientId, who, key: patient.key, signal, orgs: new Map() };
    this.run = run;
    this.statesKey = patient.key;
    this.states = new Map();
    await Promise.all(this.sectionKeys.map((k) => this.loadSection(k, run)));
    return patientId;
  });

  protected override get displayName(): string {
    return this.t('csLabel');
  }

  private get handedIn(): boolean {
    return this.resources !== undefined || this.bundle !== undefined;
  }

  protected override missingConfiguration(): string[] {
    return this.handedIn ? [] : super.missingConfiguration();
  }

  /** The perspective: the `setting` attribute, else the context's. */
  private get perspective(): CareSetting | undefined {
    const s = this.setting ?? this.contextSetting;
    return s === 'primary' || s === 'secondary' ? s : undefined;
  }

  private get otherSetting(): CareSetting | undefined {
    const p = this.perspective;
    return p === 'primary' ? 'secondary' : p === 'secondary' ? 'primary' : undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('sections')) {
      const { sections, unknown } = parseSections(this.sections);
      if (unknown.length) {
        console.warn(`[joinedcare] <${this.localName}> ignored unknown section key(s): ${unknown.join(', ')}.`);
      }
      const added = sections.some((k) => !this.sectionKeys.includes(k));
      this.sectionKeys = sections;
      if (added && this.hasUpdated && !this.handedIn && this.run) void this.task.run();
    }
    if (this.handedStale || ['resources', 'bundle', 'contextPatient', 'sections', 'lang', 'contextLocale'].some((k) => changed.has(k))) {
      this.handedStale = false;
      this.startHandedIn();
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // put back after a removal that stopped a build: draw again, which starts a new one
    if (this.handedStale) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.handedJob) {
      this.abortHandedJob();
      this.handedStale = true;
    }
  }

  private abortHandedJob(): void {
    this.handedJob?.controller.abort();
    this.handedJob = undefined;
    this.progress.clear();
  }

  /**
   * Builds every section from handed-in resources or a Bundle, after the patient guard: at once for
   * a short record; in chunks for a long one, between which the page stays responsive. While a
   * chunked build runs, the sections say so (with its progress); for the same patient the previous
   * list stays until the new one is ready, for another patient it goes at once.
   */
  private startHandedIn(): void {
    this.abortHandedJob();
    if (!this.handedIn) {
      this.handed = undefined;
      this.handedWho = undefined;
      return;
    }
    const { accepted, options, asOf, whoKey } = this.prepareHandedIn();
    const total = this.sectionKeys.reduce((n, k) => n + sectionSize(k, accepted), 0);
    if (total <= CHUNKED_BUILD_THRESHOLD) {
      this.handed = this.doneStates(buildSummary(accepted, options), asOf);
      this.handedWho = whoKey;
      return;
    }
    const keep = whoKey !== undefined && this.handedWho === whoKey && this.handed !== undefined;
    if (!keep) this.handed = new Map(this.sectionKeys.map((k) => [k, { status: 'preparing' }]));
    this.handedWho = whoKey;
    for (const k of this.sectionKeys) this.progress.set(k, { done: 0, total: sectionSize(k, accepted) });
    const job: HandedJob = { controller: new AbortController() };
    this.handedJob = job;
    void this.buildHandedChunked(job, accepted, options, asOf);
  }

  private async buildHandedChunked(job: HandedJob, accepted: FhirResource[], options: SummaryOptions, asOf: Date | string): Promise<void> {
    const { signal } = job.controller;
    const current = () => !signal.aborted && this.handedJob === job;
    try {
      // start after this render: the first chunk must not lengthen the task that draws the progress
      await this.pause();
      if (!current()) return;
      const models = await buildSummaryChunked(accepted, options, {
        signal,
        yieldToMain: async () => {
          await this.pause();
          // show the progress of the chunks built so far
          if (current()) this.requestUpdate();
        },
        onProgress: ({ key, done, total }) => {
          if (current()) this.progress.set(key, { done, total });
        },
      });
      if (!current()) return;
      this.handedJob = undefined;
      this.progress.clear();
      this.handed = this.doneStates(models, asOf);
    } catch (error) {
      if (isAbort(error) || !current()) return;
      this.handedJob = undefined;
      this.progress.clear();
      this.handed = new Map(this.sectionKeys.map((k) => [k, { status: 'error', error }]));
    }
  }

  private doneStates(models: Map<SectionKey, SectionModel>, asOf: Date | string): Map<SectionKey, SectionState> {
    return new Map([...models].map(([k, model]) => [k, { status: 'done', model, asOf }]));
  }

  /** Handed-in resources after the patient guard, with the build options and whose they are. */
  private prepareHandedIn(): { accepted: FhirResource[]; options: SummaryOptions; asOf: Date | string; whoKey: string | undefined } {
    const contents = this.bundle ? readBundle(this.bundle) : { resources: [...(this.resources ?? [])] };
    const ctx = this.contextPatient;
    let who: PatientIdentity | undefined = ctx
      ? { id: ctx.id, nhsNumber: ctx.nhsNumber }
      : 'subject' in contents
        ? contents.subject
        : undefined;
    if (!who) {
      const patients = contents.resources.filter((r) => r?.resourceType === 'Patient');
      if (patients.length === 1 && patients[0].id) who = { id: patients[0].id };
    }
    const accepted = this.guard(contents.resources, who ?? {});
    const options: SummaryOptions = {
      now: this.now(),
      lang: this.effectiveLocale,
      sections: this.sectionKeys,
      ...('composition' in contents && contents.composition ? { composition: contents.composition } : {}),
    };
    const asOf = ('asOf' in contents && contents.asOf) || this.now();
    // ids only; an unidentified set of resources never keeps a previous list on screen
    const whoKey = who?.id || who?.nhsNumber ? `${this.contextPatient?.key ?? ''}|${who.id ?? ''}|${who.nhsNumber ?? ''}` : undefined;
    return { accepted, options, asOf, whoKey };
  }

  /** Loads one section from the server; a failure stays in that section. */
  private async loadSection(key: SectionKey, run: LoadRun): Promise<void> {
    const set = (s: SectionState) => {
      if (this.run !== run || run.signal.aborted) return;
      this.states = new Map(this.states).set(key, s);
    };
    set({ status: 'loading' });
    try {
      const queries = sectionQueries(key, run.patientId);
      const results = await Promise.all(
        queries.map((q) => run.client.searchAll(q.type, q.params, { signal: run.signal, ...(q.maxPages ? { maxPages: q.maxPages } : {}) })),
      );
      const expected = [...SECTION_TYPES[key]];
      const found = results.flatMap((r) => r.resources);
      const accepted = this.guard(
        found.filter((r) => expected.includes(r.resourceType)),
        run.who,
      );
      const included = this.guard(
        results.flatMap((r) => r.included),
        run.who,
      );
      let note: string | undefined;
      const truncated = results.find((r) => r.truncated);
      const failedLater = results.find((r) => r.error);
      if (truncated) note = this.t('csTruncated', { count: truncated.resources.length });
      else if (failedLater) note = this.t('csIncomplete', { count: failedLater.resources.length });
      const warnings: SectionWarning[] = [];
      if (WARNED_SECTIONS.includes(key)) {
        try {
          const lists = await (run.lists ??= this.loadLists(run));
          warnings.push(...(listWarnings(lists, this.effectiveLocale).get(key) ?? []));
        } catch (e) {
          if (isAbort(e)) throw e;
          note = [note, this.t('csWarningsUnchecked')].filter(Boolean).join(' ');
        }
      }
      const orgs = await this.lookupOrganisations([...accepted, ...included], run);
      const all = [...accepted, ...included, ...orgs];
      const options = { now: this.now(), lang: this.effectiveLocale, directory: buildOrgDirectory(all) };
      const size = sectionSize(key, all);
      let model: SectionModel;
      if (size > CHUNKED_BUILD_THRESHOLD) {
        // a long list: built in chunks, with its progress shown, so the page stays responsive
        const current = () => this.run === run && !run.signal.aborted;
        this.progress.set(key, { done: 0, total: size });
        set({ status: 'preparing' });
        await this.pause();
        model = await buildSectionChunked(
          key,
          all,
          options,
          { warnings },
          {
            signal: run.signal,
            yieldToMain: async () => {
              await this.pause();
              if (current()) this.requestUpdate();
            },
            onProgress: ({ done, total }) => {
              if (current()) this.progress.set(key, { done, total });
            },
          },
        );
        if (current()) this.progress.delete(key);
      } else {
        model = buildSection(key, all, options, { warnings });
      }
      set({ status: 'done', model, asOf: this.now(), ...(note ? { note } : {}) });
    } catch (error) {
      if (isAbort(error)) return;
      set({ status: 'error', error });
    }
  }

  private async loadLists(run: LoadRun): Promise<List[]> {
    const q = listQuery(run.patientId);
    const r = await run.client.searchAll<List>(q.type, q.params, { signal: run.signal });
    return this.guard(r.resources, run.who);
  }

  /** Organisations named only by `meta.source` ODS codes: one search for the codes not yet known. */
  private async lookupOrganisations(resources: readonly FhirResource[], run: LoadRun): Promise<Organization[]> {
    const known = buildOrgDirectory(resources);
    const codes = new Set<string>();
    for (const r of resources) {
      const ods = odsFromMetaSource(r.meta?.source);
      if (ods && !known.byOds.has(ods)) codes.add(ods);
    }
    const missing = [...codes].filter((c) => !run.orgs.has(c));
    if (missing.length) {
      const search = run.client
        .searchAll<Organization>(
          'Organization',
          { identifier: missing.map((c) => `${ODS_SYSTEM}|${c}`).join(','), _count: 50 },
          { signal: run.signal },
        )
        .then((r) => r.resources.filter((o) => o.resourceType === 'Organization'))
        .catch(() => [] as Organization[]); // a name we cannot find falls back to the ODS code
      for (const c of missing) run.orgs.set(c, search);
    }
    const lists = await Promise.all([...codes].map((c) => run.orgs.get(c) ?? Promise.resolve([])));
    return [...new Map(lists.flat().map((o) => [o.id, o])).values()];
  }

  private retrySection(key: SectionKey): void {
    if (this.run) void this.loadSection(key, this.run);
  }

  // ---------- rendering ----------

  protected override render() {
    const missing = this.missingConfiguration();
    if (missing.length) return this.renderNotConfigured(missing);
    const states = this.currentStates();
    if (!states) {
      const err = this.task.error;
      if (this.task.status === TaskStatus.ERROR && !isAbort(err)) {
        return html`${this.renderSafetyWarnings()}${this.renderError(err, this.t('csLabel'), () => void this.task.run())}`;
      }
    }
    const failed = this.sectionKeys.filter((k) => states?.get(k)?.status === 'error').map((k) => this.t(SECTION_TITLE_KEYS[k]));
    return html`<div class="summary" part="base" role="region" aria-label=${this.t('csLabel')}>
      ${this.renderSafetyWarnings()} ${failed.length ? this.renderPartial(failed) : nothing} ${this.renderFilter()}
      ${this.sectionKeys.map((k) => this.renderSection(k, states?.get(k) ?? { status: this.handedJob ? 'preparing' : 'loading' }))}
    </div>`;
  }

  /** Section states for the patient now in context (never another patient's). */
  private currentStates(): Map<SectionKey, SectionState> | undefined {
    if (this.handed) return this.handed;
    return this.statesKey !== undefined && this.statesKey === this.contextPatient?.key ? this.states : undefined;
  }

  private renderFilter() {
    const other = this.otherSetting;
    if (!other) return nothing;
    const onlyLabel = other === 'primary' ? this.t('csFilterOnlyPrimary') : this.t('csFilterOnlySecondary');
    const choose = (value: 'all' | 'other') => () => {
      this.filter = value;
    };
    return html`<fieldset class="filter" part="filter">
      <legend>${this.t('csFilterLabel')}</legend>
      <label
        ><input
          type="radio"
          name="filter"
          value="all"
          .checked=${this.filter === 'all'}
          @change=${choose('all')}
        />${this.t('csFilterAll')}</label
      >
      <label
        ><input
          type="radio"
          name="filter"
          value="other"
          .checked=${this.filter === 'other'}
          @change=${choose('other')}
        />${onlyLabel}</label
      >
      <span class="visually-hidden" role="status"
        >${this.t('csFilterStatus', { filter: this.filter === 'all' ? this.t('csFilterAll') : onlyLabel })}</span
      >
    </fieldset>`;
  }

  private isOther(item: SummaryItem): boolean {
    return this.otherSetting !== undefined && item.source.setting === this.otherSetting;
  }

  private visibleItems(model: SectionModel): SummaryItem[] {
    return this.filter === 'other' && this.otherSetting ? model.items.filter((i) => this.isOther(i)) : model.items;
  }

  private toggleSection(key: SectionKey): void {
    const collapsed = new Set(this.collapsed);
    const expanded = collapsed.has(key);
    if (expanded) collapsed.delete(key);
    else collapsed.add(key);
    this.collapsed = collapsed;
    this.emit('jc-section-toggled', { section: key, expanded });
  }

  private renderSection(key: SectionKey, s: SectionState) {
    const title = this.t(SECTION_TITLE_KEYS[key]);
    const expanded = !this.collapsed.has(key);
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 3));
    let count: string | undefined;
    if (s.status === 'done') {
      const shown = this.visibleItems(s.model).length;
      const total = s.model.items.length;
      count = shown === total ? this.t('csCountItems', { count: total }) : this.t('csCountFiltered', { shown, count: total });
    }
    return html`<section class="section" part="section" data-section=${key} aria-labelledby="h-${key}">
      <div class="header" part="header">
        <div role="heading" aria-level=${level} part="title" class="title">
          <button
            id="h-${key}"
            type="button"
            part="toggle"
            class="toggle"
            aria-expanded=${expanded ? 'true' : 'false'}
            aria-controls="b-${key}"
            @click=${() => this.toggleSection(key)}
          >
            <span class="chevron" aria-hidden="true"></span
            >${title}${count ? html` <span class="count" part="count">(${count})</span>` : nothing}
          </button>
        </div>
        ${s.status === 'done' ? html`<p class="as-of" part="as-of">${this.asOfText(s.asOf)}</p>` : nothing}
      </div>
      <div class="body" part="body" id="b-${key}" ?hidden=${!expanded}>${expanded ? this.renderBody(key, title, s) : nothing}</div>
    </section>`;
  }

  private asOfText(asOf: Date | string): string {
    const lang = this.effectiveLocale;
    const opts = { now: this.now(), ...(lang ? { lang } : {}) };
    return this.t('csAsOfTime', { time: formatDateTime(asOf, opts), relative: formatRelative(asOf, opts) });
  }

  /** A chunked build's progress: visible text, announced politely. */
  private renderProgress(key: SectionKey, title: string, updating: boolean) {
    const p = this.progress.get(key) ?? { done: 0, total: 0 };
    const lang = this.effectiveLocale ?? 'en-GB';
    const n = (x: number) => x.toLocaleString(lang);
    const params = { section: title.toLowerCase(), done: n(p.done), total: n(p.total) };
    return html`<div class="state state--loading" part="progress" role="status" aria-live="polite">
      <p><span class="spinner" aria-hidden="true"></span>${this.t(updating ? 'csUpdating' : 'csPreparing', params)}</p>
    </div>`;
  }

  private renderBody(key: SectionKey, title: string, s: SectionState) {
    if (s.status === 'loading') return this.renderLoading(title);
    if (s.status === 'preparing') return this.renderProgress(key, title, false);
    if (s.status === 'error') return this.renderError(s.error, title, () => this.retrySection(key));
    const m = s.model;
    const items = this.visibleItems(m);
    return html`${m.warnings.map(
      (w) =>
        html`<div class="banner" part="warning" data-code=${w.code}>
          <p class="banner-title">${w.title}</p>
          ${w.detail ? html`<p>${w.detail}</p>` : nothing}
        </div>`,
    )}
    ${s.note ? html`<p class="note" part="note">${s.note}</p>` : nothing}
    ${this.handed && this.handedJob ? this.renderProgress(key, title, true) : nothing} ${this.renderItemsOrEmpty(key, title, m, items)}`;
  }

  private renderItemsOrEmpty(key: SectionKey, title: string, m: SectionModel, items: SummaryItem[]) {
    if (m.noneKnown && !items.length) {
      const n = m.noneKnown;
      const hidden = this.filter === 'other' && this.otherSetting && n.source.setting !== this.otherSetting;
      if (!hidden) {
        return html`<div class="statement statement--none-known" part="none-known">
          <p class="statement-title"><span class="tick" aria-hidden="true"></span>${n.text}</p>
          <p class="source" part="source">${this.t('csRecordedBy', { date: n.date, source: n.sourceText })} · ${n.settingText}</p>
        </div>`;
      }
    }
    if (!items.length) {
      if (m.items.length) {
        const setting = this.otherSetting === 'primary' ? this.t('csFromPrimary') : this.t('csFromSecondary');
        return this.renderEmpty(this.t('csNoneFromOther', { setting: setting.toLowerCase() }));
      }
      if (m.emptyKind === 'not-available') {
        return html`<div class="statement statement--not-available" part="not-available">
          <p class="statement-title"><span class="info" aria-hidden="true">i</span>${m.emptyText}</p>
        </div>`;
      }
      return this.renderEmpty(m.emptyText);
    }
    return this.renderPaged(
      `s:${key}`,
      title,
      items,
      this.initialItems,
      PAGE,
      (list) =>
        html`<ul class="items" part="list" aria-label=${title}>
          ${list.map((item, i) => this.renderItem(item, list[i - 1]))}
        </ul>`,
    );
  }

  /** First `initial` items, "Show all N", then pages of `page` with Previous/Next. Only one page is ever in the DOM. */
  private renderPaged<T>(id: string, title: string, items: readonly T[], initial: number, page: number, body: (slice: T[]) => unknown) {
    const first = Math.max(1, Math.round(initial) || 10);
    if (items.length <= first) return body([...items]);
    const current = this.views.get(id);
    const setView = (p: number | undefined) => {
      const views = new Map(this.views);
      if (p === undefined) views.delete(id);
      else views.set(id, p);
      this.views = views;
    };
    if (current === undefined) {
      return html`${body(items.slice(0, first))}
        <button type="button" class="link-button" part="show-all-button" aria-expanded="false" @click=${() => setView(0)}>
          ${this.t('csShowAll', { count: items.length })}<span class="visually-hidden"> ${title}</span>
        </button>`;
    }
    const pages = Math.ceil(items.length / page);
    const p = Math.min(current, pages - 1);
    const from = p * page;
    const to = Math.min(items.length, from + page);
    return html`${body(items.slice(from, to))}
      <div class="pager" part="pager">
        ${
          pages > 1
            ? html`<button type="button" class="link-button" ?disabled=${p === 0} @click=${() => setView(p - 1)}>
                  ${this.t('csPreviousPage', { n: page })}
                </button>
                <span role="status">${this.t('csPageStatus', { from: from + 1, to, count: items.length })}</span>
                <button type="button" class="link-button" ?disabled=${p >= pages - 1} @click=${() => setView(p + 1)}>
                  ${this.t('csNextPage', { n: page })}
                </button>`
            : nothing
        }
        <button type="button" class="link-button" part="show-all-button" aria-expanded="true" @click=${() => setView(undefined)}>
          ${this.t('csShowFewer')}<span class="visually-hidden"> ${title}</span>
        </button>
      </div>`;
  }

  private renderItem(item: SummaryItem, previous: SummaryItem | undefined): TemplateResult {
    const other = this.isOther(item);
    const otherTag = item.source.setting === 'primary' ? this.t('csFromPrimary') : this.t('csFromSecondary');
    return html`<li class="item ${other ? 'item--other' : ''}" part=${other ? 'item item-other' : 'item'}>
      ${item.group && item.group !== previous?.group ? html`<p class="group">${item.group}</p>` : nothing}
      <div class="item-head">
        <button
          type="button"
          class="item-title"
          part="item-title"
          @click=${() => this.emit('jc-item-selected', { resourceType: item.resourceType, id: item.id })}
        >
          ${item.title}
        </button>
        ${item.status ? html`<span class="tag" part="status">${item.status}</span>` : nothing}
        ${other ? html`<span class="tag tag--other" part="other-setting">${otherTag}</span>` : nothing}
      </div>
      <dl class="fields" part="fields">
        <div>
          <dt>${item.dateLabel}</dt>
          <dd><span aria-hidden="true">${item.date}</span><span class="visually-hidden">${item.dateLong}</span></dd>
        </div>
        ${item.fields.map(
          (f) =>
            html`<div>
              <dt>${f.label}</dt>
              <dd>${f.value}</dd>
            </div>`,
        )}
        <div class="source" part="source">
          <dt>${this.t('csSource')}</dt>
          <dd>${item.sourceText} (${item.settingText})</dd>
        </div>
      </dl>
      ${item.trend ? html`<div class="trend">${sparkline(item.trend)}</div>` : nothing}
      ${
        item.openable
          ? html`<button type="button" class="jc-button open" part="open-button" @click=${() => this.openDocument(item)}>
              ${this.t('csOpen')}<span class="visually-hidden"> ${item.title}</span>
            </button>`
          : nothing
      }
      ${item.history && item.history.length > 1 ? this.renderHistory(item) : nothing}
    </li>`;
  }

  private openDocument(item: SummaryItem): void {
    this.emit('jc-document-open-request', {
      documentReferenceId: item.id,
      ...(item.attachmentUrl ? { attachmentUrl: item.attachmentUrl } : {}),
    });
  }

  private renderHistory(item: SummaryItem) {
    const id = `h:${item.key}`;
    const open = this.views.has(id);
    const history = item.history ?? [];
    const toggle = () => {
      const views = new Map(this.views);
      if (open) views.delete(id);
      else views.set(id, 0);
      this.views = views;
    };
    const caption = this.t('csHistoryOf', { name: item.title });
    return html`<button type="button" class="link-button" aria-expanded=${open ? 'true' : 'false'} @click=${toggle}>
        ${open ? this.t('csHideHistory') : this.t('csShowHistory', { count: history.length })}<span class="visually-hidden">
          ${item.title}</span
        >
      </button>
      ${open ? this.renderHistoryTable(`${id}:p`, caption, history) : nothing}`;
  }

  private renderHistoryTable(id: string, caption: string, history: readonly SummaryItem[]) {
    const page = this.views.get(id) ?? 0;
    const pages = Math.ceil(history.length / HISTORY_PAGE);
    const p = Math.min(page, pages - 1);
    const from = p * HISTORY_PAGE;
    const to = Math.min(history.length, from + HISTORY_PAGE);
    const go = (n: number) => () => {
      this.views = new Map(this.views).set(id, n);
    };
    return html`<table class="history" part="history">
        <caption>
          ${caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.t('csTaken')}</th>
            <th scope="col">${this.t('csValue')}</th>
            <th scope="col">${this.t('csSource')}</th>
          </tr>
        </thead>
        <tbody>
          ${history.slice(from, to).map(
            (h) =>
              html`<tr>
                <td>${h.date}</td>
                <td>${h.fields[0]?.value ?? this.t('notKnown')}${h.status ? ` (${h.status})` : ''}</td>
                <td>${h.sourceText}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        pages > 1
          ? html`<div class="pager" part="pager">
              <button type="button" class="link-button" ?disabled=${p === 0} @click=${go(p - 1)}>
                ${this.t('csPreviousPage', { n: HISTORY_PAGE })}
              </button>
              <span role="status">${this.t('csPageStatus', { from: from + 1, to, count: history.length })}</span>
              <button type="button" class="link-button" ?disabled=${p >= pages - 1} @click=${go(p + 1)}>
                ${this.t('csNextPage', { n: HISTORY_PAGE })}
              </button>
            </div>`
          : nothing
      }`;
  }
}
