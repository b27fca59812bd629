import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import type { Bundle, FhirResource, List } from 'fhir/r4.js';
import { FhirError, JcElement, isAbort, resolvePatient, type CareSetting, type PatientIdentity } from '@joinedcare/core';
import { yieldToMain, type SectionWarning, type SummaryOptions } from './model.js';
import { readBundle } from './ips.js';
import { listWarnings } from './warnings.js';
import { listQuery, sectionQueries } from './queries.js';
import { SECTION_KEYS, SECTION_TITLE_KEYS, SECTION_TYPES, parseSections, type SectionKey } from './sections.js';
import { buildOrgDirectory } from './source.js';
import { SummaryBuild, type HandedInput, type SectionState, type ServerSectionLoad } from './summary-build.js';
import { lookupOrganisations, type LoadRun } from './load-run.js';
import { renderFilter, renderSection, type SummaryFilter, type SummaryViewHost } from './section-views.js';
import { careSummaryStyles } from './care-summary.styles.js';
import { careSummaryMessages } from './strings.js';

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-section-toggled': { section: SectionKey; expanded: boolean };
    'jc-item-selected': { resourceType: string; id: string };
    'jc-document-open-request': { documentReferenceId: string; attachmentUrl?: string };
  }
}

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
  protected static override messages = careSummaryMessages;

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
  @state() private filter: SummaryFilter = 'all';
  /** @internal */
  @state() private collapsed = new Set<SectionKey>();
  /** @internal */
  @state() private views = new Map<string, number>(); // list id -> page (absent: not expanded)
  /** @internal */
  @state() private states = new Map<SectionKey, SectionState>();

  private statesKey?: string;
  private run?: LoadRun;
  /** How a chunked build lets the main thread run between chunks (tests pace builds with it). @internal */
  pause: () => Promise<void> = yieldToMain;
  private sectionKeys: SectionKey[] = [...SECTION_KEYS];
  /** The build of handed-in resources, and the progress of every chunked build (handed-in or from the server). */
  private readonly build = new SummaryBuild(this, {
    handedIn: () => this.handedIn,
    sections: () => this.sectionKeys,
    prepare: () => this.prepareHandedIn(),
    pause: () => this.pause(),
  });

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
    // (re)build handed-in data in this update, so a patient switch clears the old patient's list at once
    if (this.build.stale || ['resources', 'bundle', 'contextPatient', 'sections', 'lang', 'contextLocale'].some((k) => changed.has(k))) {
      this.build.start();
    }
  }

  /** Handed-in resources after the patient guard, with the build options and whose they are. */
  private prepareHandedIn(): HandedInput {
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
      const orgs = await lookupOrganisations([...accepted, ...included], run);
      const all = [...accepted, ...included, ...orgs];
      const options = { now: this.now(), lang: this.effectiveLocale, directory: buildOrgDirectory(all) };
      const load: ServerSectionLoad = {
        signal: run.signal,
        current: () => this.run === run && !run.signal.aborted,
        preparing: () => set({ status: 'preparing' }),
        done: (model) => set({ status: 'done', model, asOf: this.now(), ...(note ? { note } : {}) }),
      };
      const pending = this.build.buildServerSection(key, all, options, { warnings }, load);
      if (pending) await pending;
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

  private retrySection(key: SectionKey): void {
    if (this.run) void this.loadSection(key, this.run);
  }

  private toggleSection(key: SectionKey): void {
    const collapsed = new Set(this.collapsed);
    const expanded = collapsed.has(key);
    if (expanded) collapsed.delete(key);
    else collapsed.add(key);
    this.collapsed = collapsed;
    this.emit('jc-section-toggled', { section: key, expanded });
  }

  private setView(id: string, page: number | undefined): void {
    const views = new Map(this.views);
    if (page === undefined) views.delete(id);
    else views.set(id, page);
    this.views = views;
  }

  private openDocument(item: { id: string; attachmentUrl?: string }): void {
    this.emit('jc-document-open-request', {
      documentReferenceId: item.id,
      ...(item.attachmentUrl ? { attachmentUrl: item.attachmentUrl } : {}),
    });
  }

  // ---------- rendering (the parts are in section-views.ts and item-views.ts) ----------

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
    const view = this.viewHost();
    return html`<div class="summary" part="base" role="region" aria-label=${this.t('csLabel')}>
      ${this.renderSafetyWarnings()} ${failed.length ? this.renderPartial(failed) : nothing} ${renderFilter(view)}
      ${this.sectionKeys.map((k) => renderSection(view, k, states?.get(k) ?? { status: this.build.building ? 'preparing' : 'loading' }))}
    </div>`;
  }

  /** Section states for the patient now in context (never another patient's). */
  private currentStates(): Map<SectionKey, SectionState> | undefined {
    if (this.build.states) return this.build.states;
    return this.statesKey !== undefined && this.statesKey === this.contextPatient?.key ? this.states : undefined;
  }

  /** What the view functions read and call back, for this render. */
  private viewHost(): SummaryViewHost {
    return {
      t: (key, params) => this.t(key, params),
      lang: this.effectiveLocale,
      now: () => this.now(),
      filter: this.filter,
      other: this.otherSetting,
      collapsed: this.collapsed,
      views: this.views,
      headingLevel: this.headingLevel,
      initialItems: this.initialItems,
      progress: this.build.progress,
      updating: this.build.states !== undefined && this.build.building,
      renderLoading: (what) => this.renderLoading(what),
      renderError: (error, what, retry) => this.renderError(error, what, retry),
      renderEmpty: (text) => this.renderEmpty(text),
      setFilter: (filter) => (this.filter = filter),
      setView: (id, page) => this.setView(id, page),
      toggleSection: (key) => this.toggleSection(key),
      retrySection: (key) => this.retrySection(key),
      selectItem: (item) => this.emit('jc-item-selected', { resourceType: item.resourceType, id: item.id }),
      openDocument: (item) => this.openDocument(item),
    };
  }
}
