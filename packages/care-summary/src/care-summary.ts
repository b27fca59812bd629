import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import {
  FhirError,
  JcElement,
  isAbort,
  resolvePatient,
  yieldToMain,
  type CareSetting,
  type PatientIdentity,
  type PatientInContext,
} from '@joinedcare/core';
import { prepareHandedIn, type Guard, type HandedInput } from './handed-in.js';
import { loadServerSection, type LoadRun } from './server-load.js';
import { SECTION_KEYS, SECTION_TITLE_KEYS, parseSections, type SectionKey } from './sections.js';
import { sectionState, type SectionData, type SectionState } from './section-state.js';
import { SummaryBuild } from './summary-build.js';
import { renderFilter, renderSection } from './section-views.js';
import type { SummaryFilter, SummaryViewHost } from './view-host.js';
import { careSummaryStyles } from './care-summary.styles.js';
import { careSummaryMessages } from './messages.js';

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-section-toggled': { section: SectionKey; expanded: boolean };
    'jc-item-selected': { resourceType: string; id: string };
    'jc-document-open-request': { documentReferenceId: string; attachmentUrl?: string };
  }
}

/** Where a section's data comes from: the patient's load run (the server), or the handed-in data. */
type SectionSource = LoadRun | HandedInput;

/** Whose data a section's value is: a run, or the handed-in data's patient (ids only; else that very input). */
const ownerOf = (source: SectionSource | undefined): unknown => (source?.kind === 'handed' ? (source.whoKey ?? source) : source);

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

  /** How a chunked build lets the main thread run between chunks (tests pace builds with it). @internal */
  pause: () => Promise<void> = yieldToMain;
  private sectionKeys: SectionKey[] = [...SECTION_KEYS];
  /** The handed-in data after the patient guard (derived in `willUpdate`). */
  private handed?: HandedInput | undefined;
  /** Section builds, at once or in chunks with progress. */
  private readonly build = new SummaryBuild(this);

  /** The patient in context, resolved to the server's id (by NHS number when needed): whose records the sections load. */
  private readonly task = this.createPatientTask(async ({ client, patient, signal }): Promise<LoadRun> => {
    let who: PatientIdentity = { id: patient.id, nhsNumber: patient.nhsNumber };
    let patientId = patient.id;
    if (!patientId) {
      const found = this.guard([await resolvePatient(client, patient, { signal })], who)[0];
      if (!found?.id) throw new FhirError('not-found', 'The patient was not found');
      patientId = found.id;
      who = { id: found.id, nhsNumber: patient.nhsNumber };
    }
    return { kind: 'server', client, patientId, who, signal, orgs: new Map() };
  });

  /**
   * One task per section. Its args are where the data comes from (the patient's load run, or the
   * handed-in data; undefined while the section is not shown or the patient not yet resolved); its
   * value is the section's built model. Retry is the task's `run`.
   */
  private readonly sectionTasks = new Map(
    SECTION_KEYS.map((key) => [
      key,
      new Task(this, {
        args: () => [this.sourceOf(key)] as const,
        task: ([source], { signal }): Promise<SectionData | undefined> =>
          source ? this.trackData(this.loadSection(key, source, signal)) : Promise.resolve(undefined),
      }),
    ]),
  );

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

  /** The patient guard, as the loaders call it. */
  private readonly guardFor: Guard = (resources, who, options) => this.guard(resources, who, options);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('sections')) {
      const { sections, unknown } = parseSections(this.sections);
      if (unknown.length) {
        console.warn(`[joinedcare] <${this.localName}> ignored unknown section key(s): ${unknown.join(', ')}.`);
      }
      this.sectionKeys = sections;
    }
    // handed-in data is checked and prepared in this update, so a patient switch clears the old list at once
    if (['resources', 'bundle', 'contextPatient', 'lang', 'contextLocale'].some((k) => changed.has(k))) {
      this.handed = this.handedIn
        ? prepareHandedIn(
            { resources: this.resources, bundle: this.bundle },
            { patient: this.contextPatient, now: this.now(), lang: this.effectiveLocale },
            this.guardFor,
          )
        : undefined;
    }
  }

  /** Pages and expanded lists belong to the patient they were opened for. */
  protected override patientChanged(_previous: PatientInContext | undefined): void {
    this.views = new Map();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    // every task under way counts as data to its very end (its value drawn), so `updateComplete`
    // also covers the moment between the patient being resolved and the sections starting
    const tasks: Array<{ status: TaskStatus; taskComplete: Promise<unknown> }> = [this.task, ...this.sectionTasks.values()];
    for (const t of tasks) if (t.status === TaskStatus.PENDING) void this.trackData(t.taskComplete);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // put back after a removal that stopped a load or a build: start it again
    for (const t of this.sectionTasks.values()) if (t.status === TaskStatus.ERROR && isAbort(t.error)) void t.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // a removal stops what is under way (a long build keeps no work going for a page that lost it)
    for (const t of this.sectionTasks.values()) if (t.status === TaskStatus.PENDING) t.abort();
  }

  /** Where section `key`'s data comes from now (undefined while it is not shown, or its patient is not resolved yet). */
  private sourceOf(key: SectionKey): SectionSource | undefined {
    if (!this.sectionKeys.includes(key)) return undefined;
    if (this.handedIn) return this.handed;
    const v = this.task.value;
    return this.task.status === TaskStatus.COMPLETE && v && v.patientKey === this.contextPatient?.key ? v.value : undefined;
  }

  /** Loads (from the server) and builds one section; a failure stays in that section. */
  private async loadSection(key: SectionKey, source: SectionSource, signal: AbortSignal): Promise<SectionData> {
    const owner = ownerOf(source);
    if (source.kind === 'handed') {
      const model = await this.build.section(key, source.accepted, source.options, source.extras.get(key) ?? {}, signal);
      return { owner, model, asOf: source.asOf };
    }
    const both = AbortSignal.any([signal, source.signal]);
    const lang = this.effectiveLocale;
    const loaded = await loadServerSection(key, source, this.guardFor, lang, both);
    const options = { now: this.now(), lang, record: loaded.record };
    const model = await this.build.section(key, loaded.resources, options, loaded.extras, both);
    return { owner, model, asOf: this.now(), ...(loaded.note ? { note: loaded.note } : {}) };
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
    if (!this.handedIn && this.task.status === TaskStatus.ERROR && !isAbort(this.task.error)) {
      return html`${this.renderSafetyWarnings()}${this.renderError(this.task.error, this.t('csLabel'), () => void this.task.run())}`;
    }
    const states = this.sectionKeys.map((k): [SectionKey, SectionState] => [k, this.stateOf(k)]);
    const failed = states.filter(([, s]) => s.status === 'error').map(([k]) => this.t(SECTION_TITLE_KEYS[k]));
    const view = this.viewHost();
    return html`<div class="summary" part="base" role="region" aria-label=${this.t('csLabel')}>
      ${this.renderSafetyWarnings()} ${failed.length ? this.renderPartial(failed) : nothing} ${renderFilter(view)}
      ${states.map(([k, s]) => renderSection(view, k, s))}
    </div>`;
  }

  /** Section `key`'s state, read from its task for the data now wanted (never another patient's). */
  private stateOf(key: SectionKey): SectionState {
    const task = this.sectionTasks.get(key);
    return task ? sectionState(task, ownerOf(this.sourceOf(key)), this.build.progress.get(key)) : { status: 'loading' };
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
      renderLoading: (what) => this.renderLoading(what),
      renderError: (error, what, retry) => this.renderError(error, what, retry),
      renderEmpty: (text) => this.renderEmpty(text),
      setFilter: (filter) => (this.filter = filter),
      setView: (id, page) => this.setView(id, page),
      toggleSection: (key) => this.toggleSection(key),
      retrySection: (key) => void this.sectionTasks.get(key)?.run(),
      selectItem: (item) => this.emit('jc-item-selected', { resourceType: item.resourceType, id: item.id }),
      openDocument: (item) => this.openDocument(item),
    };
  }
}
