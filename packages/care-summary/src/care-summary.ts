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
import type { LoadRun } from './server-load.js';
import { loadSectionData } from './section-load.js';
import { DEFAULT_SECTIONS, SECTION_KEYS, SECTION_TITLE_KEYS, parseSections, sectionsFor, type SectionKey } from './sections.js';
import { relayTask } from './gpc-relay.js';
import { recordNotices, renderRecordNotices } from './record-views.js';
import { sectionState, type SectionData, type SectionState } from './section-state.js';
import { SummaryBuild } from './summary-build.js';
import { renderSummaryBody } from './summary-views.js';
import { RowDrawer } from './row-drawer.js';
import { toggled, withView, type SummaryFilter, type SummaryViewHost } from './view-host.js';
import { ownerOf, type SectionSource } from './section-state.js';
import { careSummaryStyles } from './care-summary.styles.js';
import { careSummaryMessages } from './messages.js';
import './events.js';

/**
 * The shared care summary: what the other care setting knows about the patient, at a glance.
 * Sections (problems, medicines, allergies, recent results, encounters, letters, immunisations, care
 * team, care plans, procedures; from a GP Connect record also consultations, referrals, diary entries
 * and uncategorised data) load independently from the FHIR server in `<jc-context>`, or come from a
 * handed-in `resources` array or `bundle` (an IPS document, or a GP Connect structured record), or
 * from the host's relay of GP Connect `$gpc.getstructuredrecord` (`gp-connect-endpoint`). Each
 * section is a table (compact cards under a width of about 480 px) that says its source and "as of"
 * time once; a row names its own source only where it differs, and opens its details on demand.
 * High-criticality allergies lead the summary. By default only the other setting's items are shown
 * (`filter`). A section fails on its own with a Retry; when every section failed, one error offers
 * "Retry all".
 *
 * @summary Shared care summary across GP and hospital.
 * @csspart base - The summary container.
 * @csspart risk-summary - The high-criticality allergies, above everything else.
 * @csspart filter - The "Without … items / All" filter (a radio group).
 * @csspart section - One section.
 * @csspart header - A section's header (title button, count, source, as-of time).
 * @csspart title - A section's heading.
 * @csspart toggle - The button that collapses and expands a section.
 * @csspart count - The item count in a section header.
 * @csspart section-source - The section's source, said once ("From … unless marked").
 * @csspart as-of - How current a section's data is.
 * @csspart body - A section's content.
 * @csspart warning - A GP Connect style warning banner on a section.
 * @csspart list - A section's table.
 * @csspart item - One item (the `<tbody>` of its row and its details row).
 * @csspart item-other - An item from the other care setting (in addition to `item`).
 * @csspart item-title - An item's title: plain text, or with `selectable-items` a button that fires `jc-item-selected`.
 * @csspart status - An item's status.
 * @csspart risk - The "High criticality" tag of an allergy.
 * @csspart row-source - A row's source, when it differs from its section's.
 * @csspart other-setting - A row's source from the other setting (with `row-source`).
 * @csspart expand-button - The button that shows and hides an item's details (`aria-expanded`).
 * @csspart fields - An item's labelled details.
 * @csspart source - An item's source organisation and setting (in its details).
 * @csspart trend - A result's trend chart (SVG).
 * @csspart open-button - A document's Open button.
 * @csspart show-all-button - The "Show all N" / "Show fewer" button.
 * @csspart pager - Paging controls of an expanded long list.
 * @csspart history - A result's list of every value.
 * @csspart none-known - The positive "No known allergies" statement.
 * @csspart not-available - The "No … information available" notice.
 * @csspart note - A note about incomplete loading or warnings that could not be checked.
 * @csspart progress - The progress of a long list being prepared or drawn (a polite live region).
 * @csspart record-warning - A warning about the whole record (GP Connect `data-in-transit`: the GP2GP transfer is incomplete).
 * @csspart record-note - What could not be shown of the record as a whole (GP Connect Lists, OperationOutcome issues).
 * @csspart refused - The notice that a GP Connect record was refused whole (it is another patient's).
 * @csspart statement - A statement about a whole section, as the record codes it (with `none-known` or `not-available`).
 * @csspart past-button - The "Show past medicines" / "Hide past medicines" button.
 * @cssproperty --jc-care-summary-background - Background (default `--jc-color-surface`).
 * @cssproperty --jc-care-summary-border - Section and row borders (default `--jc-color-border`).
 * @cssproperty --jc-care-summary-header-background - Section header and table header background (default `--jc-color-surface-alt`).
 * @cssproperty --jc-care-summary-other-accent - Text of a row's source from the other setting (default `#7c2855`, NHS plum).
 * @cssproperty --jc-care-summary-risk-accent - Frame of the high-criticality allergies (default `--jc-color-error`).
 * @cssproperty --jc-care-summary-none-known-accent - Border of the "No known allergies" statement (default `--jc-color-success`).
 * @cssproperty --jc-care-summary-notice-accent - Border of "not available" notices and warning banners (default `--jc-color-warning`).
 * @cssproperty --jc-care-summary-trend-color - Trend line colour (default `--jc-color-primary`).
 * @cssproperty --jc-care-summary-trend-color-2 - Second trend line (e.g. diastolic) (default `--jc-color-text-secondary`).
 * @cssproperty --jc-care-summary-gap - Space between sections (default `--jc-space-3`).
 * @fires jc-section-toggled - A section was collapsed or expanded. Detail: `{ section, expanded }`.
 * @fires jc-item-selected - The user chose an item (only with `selectable-items`). Detail: `{ resourceType, id }`.
 * @fires jc-document-open-request - The user asked to open a letter or document; the host decides how. Detail: `{ documentReferenceId, attachmentUrl? }`.
 */
export class JcCareSummary extends JcElement {
  static override styles = [...JcElement.styles, ...careSummaryStyles];
  protected static override messages = careSummaryMessages;

  /**
   * Which sections to show, in order, separated by spaces or commas, from `problems medicines
   * allergies results encounters documents immunisations care-team care-plans procedures
   * consultations referrals diary uncategorised`. Unset: the source's sections (a FHIR server or
   * resources: `problems medicines allergies results encounters documents immunisations care-team
   * care-plans procedures`; an IPS document: those and `uncategorised`; a GP Connect record:
   * `problems medicines allergies consultations results immunisations referrals diary
   * uncategorised`). Unknown keys are ignored with a console warning.
   */
  @property()
  sections?: string;

  /** The user's care setting, overriding `<jc-context>`'s: `secondary` marks GP items, `primary` marks hospital items. */
  @property()
  setting?: CareSetting;

  /** FHIR resources to show instead of searching the server (each is checked against the patient). */
  @property({ attribute: false })
  resources?: FhirResource[];

  /**
   * A Bundle to show instead of searching the server: any Bundle, an IPS document Bundle, or a GP
   * Connect structured record (the STU3 Bundle of `$gpc.getstructuredrecord`, read through its Lists).
   */
  @property({ attribute: false })
  bundle?: Bundle;

  /**
   * An endpoint of the host's own origin that relays GP Connect `$gpc.getstructuredrecord` (the
   * browser cannot reach the Spine Secure Proxy): the summary POSTs the operation's `Parameters` for
   * the patient's NHS number there and shows the Bundle it answers with. Instead of the FHIR server.
   */
  @property({ attribute: 'gp-connect-endpoint' })
  gpConnectEndpoint?: string;

  /** How many items a section shows before "Show all N". */
  @property({ type: Number, attribute: 'initial-items' })
  initialItems = 10;

  /** ARIA heading level of the section headings (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 3;

  /**
   * Which items the sections show when the perspective is known: `other` (the default), all but
   * those known to be from the user's own setting (a GP sees hospital information first; an item of
   * unknown setting is always shown); `all`, every item. The filter's radio buttons change it.
   */
  @property()
  filter: SummaryFilter = 'other';

  /**
   * Item titles are plain text unless this is set: then each is a button that fires
   * `jc-item-selected` (set it only when the host listens for that event).
   */
  @property({ type: Boolean, attribute: 'selectable-items' })
  selectableItems = false;
  /** @internal */
  @state() private collapsed = new Set<SectionKey>();
  /** @internal */
  @state() private views = new Map<string, number>(); // list id -> page (absent: not expanded)

  /** How a chunked build lets the main thread run between chunks (tests pace builds with it). @internal */
  pause: () => Promise<void> = yieldToMain;
  /** Starts the GP Connect relay's timeout timer (tests fire it themselves). @internal */
  relayTimer?: (fire: () => void, ms: number) => () => void;
  private sectionKeys: SectionKey[] = [...DEFAULT_SECTIONS];
  /** The relayed Bundle the handed-in data was prepared from. */
  private relayed?: Bundle | undefined;
  /** The handed-in data after the patient guard (derived in `willUpdate`). */
  private handed?: HandedInput | undefined;
  /** Section builds, at once or in chunks with progress. */
  private readonly build = new SummaryBuild(this);
  /** Long lists drawn a batch of rows per task. */
  private readonly rows = new RowDrawer(
    this,
    () => this.pause(),
    (work) => void this.trackData(work),
  );

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

  /** The GP Connect record through the host's relay, for the patient's NHS number (the confirmed one when a server confirmed it). */
  private readonly relay = relayTask(
    this,
    () => [this.gpConnectEndpoint, this.relayNhsNumber, this.contextPatient?.key] as const,
    (work) => this.trackData(work),
    () => this.relayTimer,
  );

  /** The NHS number the relay asks for: none until a server in context has confirmed the patient. */
  private get relayNhsNumber(): string | undefined {
    return this.effectiveClient ? (this.awaitingIdentity ? undefined : this.confirmed?.identity.nhsNumber) : this.contextPatient?.nhsNumber;
  }

  /** The Bundle handed in, or relayed for the patient in context. */
  private get bundleInUse(): Bundle | undefined {
    if (this.bundle !== undefined || !this.gpConnectEndpoint) return this.bundle;
    const v = this.relay.value;
    return v && v.key === this.contextPatient?.key ? v.bundle : undefined;
  }

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
    return this.resources !== undefined || this.bundle !== undefined || !!this.gpConnectEndpoint;
  }

  protected override missingConfiguration(): string[] {
    if (this.resources !== undefined || this.bundle !== undefined) return [];
    if (!this.gpConnectEndpoint) return super.missingConfiguration();
    if (!this.contextPatient) return [this.t('missingPatient')];
    return this.effectiveClient || this.contextPatient.nhsNumber ? [] : [this.t('csMissingNhsNumber')];
  }

  /** Whether handed-in data waits for the server in context to confirm the patient (it is then checked against that identity). */
  private get awaitingIdentity(): boolean {
    return !!this.effectiveClient && !!this.contextPatient && !(this.confirmed && this.confirmed.key === this.contextPatient.key);
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
    // handed-in data is checked and prepared in this update, so a patient switch clears the old list at
    // once; with a server in context, only once the server has confirmed the patient
    const bundle = this.bundleInUse;
    const inputs = ['resources', 'bundle', 'gpConnectEndpoint', 'contextPatient', 'confirmed', 'lang', 'contextLocale'];
    if (inputs.some((k) => changed.has(k)) || bundle !== this.relayed) {
      this.relayed = bundle;
      const ready = (this.resources !== undefined || bundle !== undefined) && !this.awaitingIdentity;
      this.handed = ready
        ? prepareHandedIn(
            { resources: this.resources, bundle },
            { patient: this.contextPatient, now: this.now(), lang: this.effectiveLocale },
            this.guardFor,
          )
        : undefined;
    }
    const { sections, unknown } = parseSections(this.sections, sectionsFor(this.handed?.source));
    if (changed.has('sections') && unknown.length) {
      console.warn(`[joinedcare] <${this.localName}> ignored unknown section key(s): ${unknown.join(', ')}.`);
    }
    if (sections.join() !== this.sectionKeys.join()) this.sectionKeys = sections;
  }

  /** Pages and expanded lists belong to the patient they were opened for. */
  protected override patientChanged(_previous: PatientInContext | undefined): void {
    this.views = new Map();
    this.rows.reset();
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
  private loadSection(key: SectionKey, source: SectionSource, signal: AbortSignal): Promise<SectionData> {
    return loadSectionData(
      key,
      source,
      { build: this.build, guard: this.guardFor, now: () => this.now(), lang: this.effectiveLocale },
      signal,
    );
  }

  // rendering: the parts are in summary-views.ts, section-views.ts, table-views.ts and item-views.ts
  protected override render() {
    const missing = this.missingConfiguration();
    if (missing.length) return this.renderNotConfigured(missing);
    const stop = this.wholeError();
    if (stop) return html`${this.renderSafetyWarnings()}${stop}`;
    const states = this.sectionKeys.map((k): [SectionKey, SectionState] => [k, this.stateOf(k)]);
    const view = this.viewHost();
    const notices = recordNotices(this.handed, states);
    const retryAll = () => {
      for (const [k, st] of states) if (st.status === 'error') void this.sectionTasks.get(k)?.run();
    };
    return html`<div class="summary" part="base" role="region" aria-label=${this.t('csLabel')}>
      ${this.renderSafetyWarnings()} ${renderRecordNotices(view, notices)}
      ${
        notices.refused
          ? nothing
          : renderSummaryBody(view, {
              states,
              partial: (failed) => this.renderPartial(failed),
              retryAll,
              title: (k) => this.t(SECTION_TITLE_KEYS[k]),
            })
      }
    </div>`;
  }

  /** The one error for the whole summary: the patient could not be confirmed, or the GP Connect relay failed. */
  private wholeError() {
    const tasks = !this.handedIn ? [this.task] : this.awaitingIdentity || this.gpConnectEndpoint ? [this.task, this.relay] : [];
    const failed = tasks.find((t) => t.status === TaskStatus.ERROR && !isAbort(t.error));
    return failed ? this.renderError(failed.error, this.t('csLabel'), () => void failed.run()) : undefined;
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
      selectable: this.selectableItems,
      drawLimit: (id, total) => this.rows.limit(id, total),
      renderLoading: (what) => this.renderLoading(what),
      renderError: (error, what, retry) => this.renderError(error, what, retry),
      renderEmpty: (text) => this.renderEmpty(text),
      setFilter: (filter) => (this.filter = filter),
      setView: (id, page) => (this.views = withView(this.views, id, page)),
      toggleSection: (key) => {
        this.collapsed = toggled(this.collapsed, key);
        this.emit('jc-section-toggled', { section: key, expanded: !this.collapsed.has(key) });
      },
      retrySection: (key) => void this.sectionTasks.get(key)?.run(),
      selectItem: (item) => this.emit('jc-item-selected', { resourceType: item.resourceType, id: item.id }),
      openDocument: ({ id, attachmentUrl }) =>
        this.emit('jc-document-open-request', { documentReferenceId: id, ...(attachmentUrl ? { attachmentUrl } : {}) }),
    };
  }
}
