import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import type { Bundle } from 'fhir/r4.js';
import { JcElement, isAbort, type CareSetting, type ClinicalRecord } from '@joinedcare/core';
import { parseTriageDays, type TriageDays } from './attention.js';
import { dataFor, loadReferrals, needsReload, referralData, type ReferralData } from './data.js';
import type { ReadInput } from './ers-input.js';
import { HandedReader, modelOptionsOf, NotShownCounter, optionsKeyOf, readHandedIn, readLoaded, type ModelOptionSource } from './handed.js';
import { filterOf, filterReferrals, pageSizeOf, settingOf, type ReferralFilter } from './lists.js';
import { Poller, realScheduler, type PollHost, type PollScheduler } from './poller.js';
import { announcementOf, ReferralPreparer, type ListAbout, type PreparedList } from './preparer.js';
import type { ReferralAction } from './referral-item-view.js';
import { renderPreparing, renderReferralSection, type ReferralListHost } from './referral-list-view.js';
import { ListDrawing } from './list-drawing.js';
import { referralStyles } from './referral-status.styles.js';
import { referralStatusMessages } from './messages.js';

export type { ReferralAction };

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-referral-selected': { id: string; ubrn?: string };
    'jc-referral-action-request': { action: ReferralAction; id: string; ubrn?: string };
  }
}

const MIN_REFRESH_SECONDS = 5;

/**
 * Every referral of the patient in context: who referred to whom, priority, UBRN, date, the
 * current state in e-RS words, rejection or cancellation reasons, the appointment, a timeline, and
 * the waiting clock ("Day 97 of 126") against the standard that applies. Referrals that need
 * someone to act come first, each with a one-sentence reason. In a GP setting (`primary`) it reads
 * as "Referrals made"; in a hospital (`secondary`) as "Referrals received", with the triage state
 * first.
 *
 * Data: ServiceRequest + Task + Appointment read through the client, or handed in (`resources`,
 * `bundle`), e-RS responses as published included (STU3 and R4; the widget cannot call e-RS itself,
 * which needs NHS CIS2 and e-RS headers). What is not listed is counted on screen. Every resource
 * passes the patient guard.
 *
 * @summary Referral status and waiting times.
 * @fires jc-referral-selected - The user opened a referral. Detail: `{ id, ubrn }` (ServiceRequest id, UBRN digits).
 * @fires jc-referral-action-request - The user asked to chase a referral or view its letter; the host acts. Cancelable. Detail: `{ action: 'chase' | 'view-letter', id, ubrn }`.
 * @csspart base - The widget container.
 * @csspart header - Title and "as of" line.
 * @csspart title - The title.
 * @csspart filters - The active / completed / all radio group.
 * @csspart list - A group's table of referrals (`<table>`, with a caption and column headers; compact cards under 480 px).
 * @csspart item - One referral (a `<tbody>`: its row, and its details while open).
 * @csspart status - A referral's state tag.
 * @csspart priority - A referral's priority badge.
 * @csspart clock - A referral's waiting clock.
 * @csspart fds - The 28-day Faster Diagnosis Standard line (urgent suspected cancer referrals).
 * @csspart not-shown - The notice counting what was read but is not listed as a referral.
 * @csspart attention - The reason a referral needs attention.
 * @csspart timeline - A referral's history (in its open details).
 * @csspart details-button - A referral's Details button (`aria-expanded`).
 * @csspart action-button - The chase and view-letter buttons.
 * @csspart show-more - The "Show more" button.
 * @csspart progress - "Showing 250 of 5,000 referrals…" while a long page is drawn step by step.
 * @csspart announcer - The polite live region that announces changes found by polling.
 * @csspart refresh-error - The notice that a check for updates failed.
 * @cssproperty --jc-referral-background - Background of a referral (default `--jc-color-surface`).
 * @cssproperty --jc-referral-border - Left border of a referral (default `--jc-color-border`).
 * @cssproperty --jc-referral-attention-color - Border and icon of a referral that needs attention (default `--jc-color-error`).
 * @cssproperty --jc-referral-label-color - Labels (default `--jc-color-text-secondary`).
 * @cssproperty --jc-referral-at-risk-color - Text of an at-risk clock (default `#6b4700`).
 * @cssproperty --jc-referral-breached-color - Text of a breached clock (default `#8a1f17`).
 */
export class JcReferralStatus extends JcElement implements PollHost {
  static override styles = [...JcElement.styles, referralStyles];
  protected static override messages = referralStatusMessages;

  /**
   * Resources to show instead of loading them: ServiceRequest, Task, Appointment, Provenance and
   * directory resources (R4), and e-RS responses as published: STU3 ReferralRequest and Appointment
   * (A005, A038), worklists (A008), Parameters responses (A014, A028, A036), CodeSystems (A004, as
   * reference data) and R4 A041 searchsets. No requests are made.
   */
  @property({ attribute: false })
  resources?: unknown[];

  /** A Bundle to show instead of loading (a searchset, collection or document; its `fullUrl`s resolve `urn:uuid:` references). Read together with `resources`. No requests are made. */
  @property({ attribute: false })
  bundle?: Bundle;

  /** `primary` ("Referrals made") or `secondary` ("Referrals received", triage first). Default: the context's setting. */
  @property()
  setting?: CareSetting;

  /** Which referrals to list: `active`, `completed` or `all`. */
  @property()
  filter: ReferralFilter = 'active';

  /**
   * Days a referral may await triage before it needs attention, per priority:
   * `routine=40, urgent=5, 2ww=2` (also `asap`, `stat`). Default: e-RS reference data handed in
   * (`triageContactDays` of the PRIORITY code system), else e-RS's published 40 / 5 / 2 days
   * (ASAP as urgent, STAT as 2WW).
   */
  @property({ attribute: 'triage-days', converter: { fromAttribute: (v: string | null) => parseTriageDays(v) } })
  triageDays?: TriageDays;

  /** Days a referral may await triage before it needs attention, for every priority not in `triage-days`. */
  @property({ type: Number, attribute: 'triage-alert-days' })
  triageAlertDays?: number;

  /** Fraction of the standard from which the clock is "at risk", in (0, 1]. */
  @property({ type: Number, attribute: 'at-risk-threshold' })
  atRiskThreshold = 0.8;

  /** Seconds between checks for changes (at least 5); 0 (the default) turns live updates off. */
  @property({ type: Number, attribute: 'refresh-interval' })
  refreshInterval = 0;

  /** Referrals shown per page before "Show more" (needs-attention referrals first). */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 20;

  /** ARIA heading level of the title (1–6); the group headings ("Needs attention (3)") are one level below it. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /**
   * The host listens for `jc-referral-selected`: each referral's service name is a button that fires
   * it. Without `selectable` the names are plain text (nothing that looks clickable does nothing).
   */
  @property({ type: Boolean, reflect: true })
  selectable = false;

  /** Timer functions used for polling (tests inject a fake clock). @internal */
  @property({ attribute: false })
  scheduler: PollScheduler = realScheduler;

  @state() private announcement = '';
  @state() private pollFailedAt?: Date;
  @state() private shown = 0;

  // derived in `willUpdate`: the handed-in input read, what is not listed, the list last announced, the data last polled for
  private readonly handedReader = new HandedReader(this, (work) => void this.trackData(work));
  private notShownLine?: string | undefined;
  private announced?: PreparedList<ListAbout>;
  private polled?: ReferralData;
  private pollAbort?: AbortController;
  private pollCount = 0;
  /** Set by a check that asked for a reload: that run skips the cache, and a failure keeps the data on screen. */
  private pendingCheck?: { failed: boolean };

  private readonly poller = new Poller(this);
  private readonly notShownCounter = new NotShownCounter();

  /** The task's value is the data: a reload for the same patient keeps the previous value (on screen) while it runs. */
  private readonly task = this.createPatientTask(async ({ client, patient, signal }) => {
    const previous = dataFor(this.task.value, patient.key);
    const refresh = previous ? this.pendingCheck : undefined;
    try {
      const load = await loadReferrals(client, patient, { signal, ...(refresh ? { fresh: true } : {}) });
      const baseUrl = client.baseUrl;
      const { accepted, read } = readLoaded(load, patient, baseUrl, (resources, who, options) => this.guard(resources, who, options));
      const next = referralData(load.patientId, accepted, load.complete, this.now(), baseUrl, !!refresh, read, load.withheld);
      // nothing changed: the same value, so nothing is rebuilt or redrawn
      return previous && previous.fingerprint === next.fingerprint && previous.complete === next.complete ? previous : next;
    } catch (e) {
      if (!previous || !refresh || isAbort(e) || signal.aborted) throw e;
      refresh.failed = true; // the check says so; the list stays
      return previous;
    }
  });

  /** The views of the list on screen; a long list is built in chunks. */
  private readonly preparer = new ReferralPreparer<ListAbout>(this);
  /** How much of the page (its size, or what "Show more" asked for, at most the list) is drawn, and whose details are open. */
  private readonly drawing = new ListDrawing(
    this,
    () =>
      Math.min(
        Math.max(this.shown, pageSizeOf(this.pageSize)),
        filterReferrals(this.preparer.list?.views ?? [], filterOf(this.filter)).length,
      ),
    (step) => this.trackData(step),
  );

  protected override get displayName(): string {
    return this.t('refWidgetName');
  }

  protected override missingConfiguration(): string[] {
    return this.handedIn ? [] : super.missingConfiguration();
  }

  /** The host hands the data in (`resources` or `bundle`): no requests are made. */
  private get handedIn(): boolean {
    return !!this.resources || !!this.bundle;
  }

  /** The data for the patient in context. */
  private get data(): ReferralData | undefined {
    return this.handedIn ? undefined : dataFor(this.task.value, this.contextPatient?.key);
  }

  protected override patientChanged(): void {
    // a new patient: nothing of the previous one's polling, list or announcements may survive
    this.poller.stop();
    this.pollAbort?.abort();
    this.pendingCheck = undefined;
    this.announcement = '';
    this.pollFailedAt = undefined;
    this.shown = 0;
    this.drawing.reset(true);
    this.preparer.reset();
    this.announced = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('filter')) {
      this.shown = 0;
      this.drawing.reset();
    }
    if (this.handedIn && (changed.has('resources') || changed.has('bundle') || changed.has('contextPatient' as keyof JcReferralStatus))) {
      this.handedReader.start(this.resources, this.bundle, () => this.readHandedNow());
    }
    this.prepareList();
  }

  /**
   * Brings the list up to date with the data and the options, and works out what to announce: the
   * changes between the list drawn before and the same patient's data loaded again by a check.
   */
  private prepareList(): void {
    const data = this.data;
    const input = this.handedIn ? this.handedReader.record : data?.record;
    // what was read but is not listed as a referral, as one sentence (counted once per record and language)
    const read = this.handedIn ? this.handedReader.read : data;
    const lang = this.effectiveLocale;
    this.notShownLine = input && read ? this.notShownCounter.text(input, read, `${lang ?? ''}|${this.localeRevision}`, lang) : undefined;
    if (!input) return;
    const key = optionsKeyOf(this.optionSource);
    const about: ListAbout = data
      ? { origin: this.contextPatient?.key, complete: data.complete, loadedAt: data.loadedAt, fromCheck: data.fromCheck }
      : { origin: input, complete: true };
    const on = this.preparer.list;
    const keep = !!on && on.about.origin === about.origin && on.key === key;
    const work = this.preparer.prepare(input, key, about, () => modelOptionsOf(this.optionSource), keep);
    if (work) void this.trackData(work);
    const list = this.preparer.list;
    if (!list || list === this.announced) return;
    const text = announcementOf(this.announced, list, this.effectiveLocale);
    this.announced = list;
    if (text) this.announcement = text;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const data = this.data;
    if (
      changed.has('refreshInterval') ||
      changed.has('resources') ||
      changed.has('bundle') ||
      changed.has('scheduler') ||
      data !== this.polled
    ) {
      this.polled = data;
      this.poller.start();
    }
  }

  /** Reads what the host handed in (e-RS shapes included) and runs the patient guard on it. */
  private readHandedNow(): { record: ClinicalRecord; read: ReadInput } | undefined {
    if (!this.handedIn) return undefined;
    const items = [...(Array.isArray(this.resources) ? this.resources : []), ...(this.bundle ? [this.bundle] : [])];
    return readHandedIn(items, this.contextPatient, (resources, who, options) => this.guard(resources, who, options));
  }

  /** Milliseconds between checks for changes: off for handed-in resources and until there is data. @internal */
  get pollIntervalMs(): number {
    return this.refreshInterval > 0 && this.data ? Math.max(MIN_REFRESH_SECONDS, this.refreshInterval) * 1000 : 0;
  }

  /** One live-update check, counted as data (`updateComplete` waits for what it finds to be drawn). @internal */
  poll(): Promise<void> {
    return this.trackData(this.checkForChanges());
  }

  /** Cheap `_lastUpdated` counts, then a reload only when something changed (the list stays on screen while it runs). */
  private async checkForChanges(): Promise<void> {
    const client = this.effectiveClient;
    const patient = this.contextPatient;
    const base = this.data;
    if (!client || !patient || !base || this.task.status === TaskStatus.PENDING) return;
    this.pollAbort?.abort();
    const controller = new AbortController();
    this.pollAbort = controller;
    const signal = AbortSignal.any([controller.signal, patient.signal]);
    const changed = await needsReload(client, base, ++this.pollCount, signal).catch(() => undefined);
    if (changed === undefined || signal.aborted) return;
    if (!changed) {
      this.pollFailedAt = undefined;
      return;
    }
    const refresh = { failed: false };
    this.pendingCheck = refresh;
    try {
      await this.task.run();
    } finally {
      if (this.pendingCheck === refresh) this.pendingCheck = undefined;
    }
    if (signal.aborted || patient !== this.contextPatient) return;
    this.pollFailedAt = refresh.failed ? this.now() : undefined;
  }

  /** What the model is built with: the clock, language, thresholds, the viewer's side, e-RS reference data. */
  private get optionSource(): ModelOptionSource {
    const setting = settingOf(this.setting ?? this.contextSetting);
    const reference = this.handedIn ? this.handedReader.read?.reference : this.data?.reference;
    return {
      now: this.now(),
      lang: this.effectiveLocale,
      localeRevision: this.localeRevision,
      atRiskThreshold: this.atRiskThreshold,
      triageDays: this.triageDays,
      triageAlertDays: this.triageAlertDays,
      setting,
      reference,
    };
  }

  protected override render() {
    // a reload for the same patient (a check that found a change, a Retry) keeps the list on screen
    const reloading = !this.handedIn && this.task.status === TaskStatus.PENDING && !!this.data && !this.missingConfiguration().length;
    const body =
      this.handedIn || reloading ? this.renderList() : this.renderPatientTask(this.task, this.t('refWhat'), () => this.renderList());
    return html`${body}
      <div class="visually-hidden" part="announcer" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  /** The list prepared in `willUpdate`, or the progress of its chunked build. */
  private renderList(): TemplateResult {
    const list = this.preparer.list;
    if (!list) return renderPreparing(this.viewHost(), this.preparer.progress);
    return renderReferralSection(this.viewHost(), list.views, list.about.complete, list.about.loadedAt);
  }

  /** What the view functions need: the current settings and strings, and callbacks into the element. */
  private viewHost(): ReferralListHost {
    const setting = settingOf(this.setting ?? this.contextSetting);
    return {
      t: (key, params) => this.t(key, params),
      lang: this.effectiveLocale,
      setting,
      secondary: setting === 'secondary',
      filter: filterOf(this.filter),
      pageSize: pageSizeOf(this.pageSize),
      shown: this.shown,
      drawn: this.drawing.drawn,
      selectable: this.selectable,
      isExpanded: (id) => this.drawing.expanded.has(id),
      toggle: (r) => this.drawing.toggle(r.id),
      headingLevel: this.headingLevel,
      liveUpdateSeconds: this.refreshInterval > 0 && !this.handedIn ? Math.max(MIN_REFRESH_SECONDS, this.refreshInterval) : undefined,
      notShown: this.notShownLine,
      pollFailedAt: this.pollFailedAt,
      renderSafetyWarnings: () => html`${this.renderSafetyWarnings()}${this.renderWithheld(this.data?.withheld ?? [])}`,
      renderPartial: () => this.renderPartial([this.t('refWhat')], () => void this.task.run()),
      renderEmpty: (text) => this.renderEmpty(text),
      setFilter: (f) => (this.filter = f),
      showMore: (from) => void this.showMore(from),
      select: (r) => this.emit('jc-referral-selected', { id: r.id, ...(r.ubrn ? { ubrn: r.ubrn } : {}) }),
      act: (action, r) =>
        this.emit('jc-referral-action-request', { action, id: r.id, ...(r.ubrn ? { ubrn: r.ubrn } : {}) }, { cancelable: true }),
    };
  }

  private async showMore(from: number): Promise<void> {
    this.shown = from + pageSizeOf(this.pageSize);
    await this.updateComplete;
    // focus the first newly shown referral, so keyboard users continue where they were
    const items = this.renderRoot.querySelectorAll<HTMLElement>('[part~=item]');
    const target = [...items].find((item) => Number(item.dataset['index']) >= from);
    target?.querySelector<HTMLButtonElement>('button.link, [part=details-button]')?.focus();
  }

  /** `jc-load` counts the referrals read (every filter) once their list is built; handed-in data has no task to wait for. @internal */
  override readLifecycle(): ReturnType<JcElement['readLifecycle']> {
    if (!this.handedIn) return super.readLifecycle();
    const n = this.preparer.list?.views.length;
    return n === undefined ? { state: 'loading' } : { state: n ? 'ready' : 'empty', count: n };
  }

  /** @internal */
  protected override countItems(value: unknown): number | undefined {
    const list = this.preparer.list;
    return list && (value as ReferralData | undefined)?.record === list.input ? list.views.length : undefined;
  }
}
