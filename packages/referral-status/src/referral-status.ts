import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FhirResource, Resource } from 'fhir/r4.js';
import { JcElement, isAbort, type CareSetting, type PatientIdentity } from '@joinedcare/core';
import { atRiskFractionOf } from './clock.js';
import { changedSince, loadedData, loadReferrals, REFERRAL_TYPES, type Loaded } from './data.js';
import {
  buildReferralsChunked,
  DEFAULT_TRIAGE_ALERT_DAYS,
  referralChanges,
  REFERRAL_FILTERS,
  subjectIdOf,
  type ReferralFilter,
  type ReferralModelOptions,
  type ReferralView,
} from './model.js';
import { Poller, realScheduler, type PollScheduler } from './poller.js';
import { ReferralPreparer } from './preparer.js';
import { renderPreparing, renderReferralSection, type ReferralListHost } from './referral-list-view.js';
import { referralStyles } from './referral-status.styles.js';
import { referralStatusMessages } from './strings.js';

export type ReferralAction = 'chase' | 'view-letter';

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
 * Data: ServiceRequest + Task (`focus` / `basedOn`) + Appointment (`basedOn`) read through the
 * client, or handed in with the `resources` property. Every resource passes the patient guard.
 *
 * @summary Referral status and waiting times.
 * @fires jc-referral-selected - The user opened a referral. Detail: `{ id, ubrn }` (ServiceRequest id, UBRN digits).
 * @fires jc-referral-action-request - The user asked to chase a referral or view its letter; the host acts. Cancelable. Detail: `{ action: 'chase' | 'view-letter', id, ubrn }`.
 * @csspart base - The widget container.
 * @csspart header - Title and "as of" line.
 * @csspart title - The title.
 * @csspart filters - The active / completed / all radio group.
 * @csspart list - A list of referrals.
 * @csspart item - One referral.
 * @csspart status - A referral's state tag.
 * @csspart priority - A referral's priority badge.
 * @csspart clock - A referral's waiting clock.
 * @csspart attention - The reason a referral needs attention.
 * @csspart timeline - A referral's history.
 * @csspart action-button - The chase and view-letter buttons.
 * @csspart show-more - The "Show more" button.
 * @csspart announcer - The polite live region that announces changes found by polling.
 * @csspart refresh-error - The notice that a check for updates failed.
 * @cssproperty --jc-referral-background - Background of a referral (default `--jc-color-surface`).
 * @cssproperty --jc-referral-border - Left border of a referral (default `--jc-color-border`).
 * @cssproperty --jc-referral-attention-color - Border and icon of a referral that needs attention (default `--jc-color-error`).
 * @cssproperty --jc-referral-label-color - Labels (default `--jc-color-text-secondary`).
 * @cssproperty --jc-referral-at-risk-color - Text of an at-risk clock (default `#6b4700`).
 * @cssproperty --jc-referral-breached-color - Text of a breached clock (default `#8a1f17`).
 */
export class JcReferralStatus extends JcElement {
  static override styles = [...JcElement.styles, referralStyles];
  protected static override messages = referralStatusMessages;

  /** Resources to show instead of loading them (ServiceRequest, Task, Appointment and directory resources). No requests are made. */
  @property({ attribute: false })
  resources?: Resource[];

  /** `primary` ("Referrals made") or `secondary` ("Referrals received", triage first). Default: the context's setting. */
  @property()
  setting?: CareSetting;

  /** Which referrals to list: `active`, `completed` or `all`. */
  @property()
  filter: ReferralFilter = 'active';

  /** Days a referral may await triage before it needs attention. */
  @property({ type: Number, attribute: 'triage-alert-days' })
  triageAlertDays: number = DEFAULT_TRIAGE_ALERT_DAYS;

  /** Fraction of the standard from which the clock is "at risk", in (0, 1]. */
  @property({ type: Number, attribute: 'at-risk-threshold' })
  atRiskThreshold = 0.8;

  /** Seconds between checks for changes (at least 5); 0 (the default) turns live updates off. */
  @property({ type: Number, attribute: 'refresh-interval' })
  refreshInterval = 0;

  /** Referrals shown per page before "Show more" (needs-attention referrals first). */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 20;

  /** ARIA heading level of the title (1–6); section titles and referral names are headings below it. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** Timer functions used for polling (tests inject a fake clock). @internal */
  @property({ attribute: false })
  scheduler: PollScheduler = realScheduler;

  @state() private live?: Loaded;
  @state() private announcement = '';
  @state() private pollFailedAt?: Date;
  @state() private shown = 0;
  @state() private handed: FhirResource[] = [];

  private pollAbort?: AbortController;
  private pollCount = 0;

  private readonly poller = new Poller(this, {
    intervalMs: () => (this.refreshInterval > 0 && !this.resources ? Math.max(MIN_REFRESH_SECONDS, this.refreshInterval) * 1000 : 0),
    scheduler: () => this.scheduler,
    tick: () => this.poll(),
  });

  private readonly task = this.createPatientTask(async ({ client, patient, signal }) => {
    const load = await loadReferrals(client, patient, { signal });
    const loaded = this.toLoaded(patient.key, load.patientId, load.resources, load.complete, {
      id: load.patientId,
      nhsNumber: patient.nhsNumber,
    });
    this.poller.start();
    return loaded;
  });

  /** The views of the list on screen; a long list is built in chunks. */
  private readonly preparer = new ReferralPreparer(this, {
    modelOptions: () => this.modelOptions(),
    optionsKey: () => this.optionsKey(),
  });

  protected override get displayName(): string {
    return this.t('refWidgetName');
  }

  protected override missingConfiguration(): string[] {
    return this.resources ? [] : super.missingConfiguration();
  }

  private toLoaded(patientKey: string, patientId: string, resources: FhirResource[], complete: boolean, who: PatientIdentity): Loaded {
    const accepted = this.guard(resources, who, { expectedTypes: REFERRAL_TYPES });
    return loadedData(patientKey, patientId, accepted, complete, this.now());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contextPatient' as keyof JcReferralStatus)) {
      // a new patient: nothing of the previous one's polling may survive
      this.poller.stop();
      this.pollAbort?.abort();
      this.live = undefined;
      this.announcement = '';
      this.pollFailedAt = undefined;
      this.shown = 0;
      this.preparer.reset();
    }
    if (changed.has('filter')) this.shown = 0;
    if (this.resources && (changed.has('resources') || changed.has('contextPatient' as keyof JcReferralStatus))) {
      this.handed = this.guardHanded(this.resources);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('refreshInterval') || changed.has('resources') || changed.has('scheduler')) this.poller.start();
  }

  /** Handed-in resources are checked against the patient in context, else against the first referral's patient. */
  private guardHanded(resources: Resource[]): FhirResource[] {
    const list = (Array.isArray(resources) ? resources : []) as FhirResource[];
    const ctx = this.contextPatient;
    let who: PatientIdentity | undefined = ctx ? { id: ctx.id, nhsNumber: ctx.nhsNumber } : undefined;
    if (!who) {
      const first = list.find((r) => r?.resourceType === 'ServiceRequest');
      const id = first ? subjectIdOf(first) : undefined;
      who = { id: id ?? '(none)' };
    }
    return this.guard(list, who, { expectedTypes: REFERRAL_TYPES });
  }

  /** One live-update check: cheap `_lastUpdated` counts, then a reload only when something changed. */
  private async poll(): Promise<void> {
    const client = this.effectiveClient;
    const patient = this.contextPatient;
    const value = this.task.value;
    const base = this.live?.patientKey === patient?.key ? this.live : value?.patientKey === patient?.key ? value?.value : undefined;
    if (!client || !patient || !base || this.resources) return;
    this.pollAbort?.abort();
    const controller = new AbortController();
    this.pollAbort = controller;
    const signal = AbortSignal.any([controller.signal, patient.signal]);
    try {
      this.pollCount++;
      // every tenth check reloads anyway: counts cannot see deletions
      const full = !base.watermark || this.pollCount % 10 === 0;
      let changed = full;
      if (!full) {
        try {
          changed = await changedSince(client, base.patientId, base.watermark!, { signal });
        } catch (e) {
          if (isAbort(e) || signal.aborted) return;
          changed = true; // the server cannot answer the check: reload
        }
      }
      if (!changed) {
        if (this.pollFailedAt) this.pollFailedAt = undefined;
        return;
      }
      const load = await loadReferrals(client, patient, { signal, fresh: true });
      if (signal.aborted || patient !== this.contextPatient) return;
      const next = this.toLoaded(patient.key, load.patientId, load.resources, load.complete, {
        id: load.patientId,
        nhsNumber: patient.nhsNumber,
      });
      if (this.pollFailedAt) this.pollFailedAt = undefined;
      if (next.fingerprint === base.fingerprint) return; // nothing to redraw
      let before: ReferralView[];
      let after: ReferralView[];
      const preparer = this.preparer;
      if (preparer.isLarge(base.resources) || preparer.isLarge(next.resources)) {
        // a long list: build in chunks and keep showing the current one until the new one is ready
        const key = this.optionsKey();
        before =
          preparer.preparedViews(base.resources, key) ?? (await buildReferralsChunked(base.resources, this.modelOptions(), { signal }));
        after = await buildReferralsChunked(next.resources, this.modelOptions(), { signal });
        if (signal.aborted || patient !== this.contextPatient) return;
        preparer.adopt(next.resources, key, after);
      } else {
        before = preparer.views(base.resources);
        after = preparer.views(next.resources);
      }
      const changes = referralChanges(before, after, this.effectiveLocale);
      this.live = next;
      if (changes.length) {
        const more = changes.length > 3 ? ` ${this.t('refAnnounceMore', { n: changes.length - 3 })}` : '';
        this.announcement = `${changes.slice(0, 3).join(' ')}${more}`;
      }
    } catch (e) {
      if (isAbort(e) || signal.aborted) return;
      this.pollFailedAt = this.now();
    }
  }

  private modelOptions(): ReferralModelOptions {
    const lang = this.effectiveLocale;
    return {
      now: this.now(),
      ...(lang ? { lang } : {}),
      atRiskFraction: atRiskFractionOf(this.atRiskThreshold),
      triageAlertDays: this.triageAlertDays,
    };
  }

  /** What a chunked build depends on besides the resources (the clock is read when it starts). */
  private optionsKey(): string {
    return `${this.effectiveLocale ?? ''}|${atRiskFractionOf(this.atRiskThreshold)}|${this.triageAlertDays}`;
  }

  private get effectiveSetting(): CareSetting | undefined {
    const s = this.setting ?? this.contextSetting;
    return s === 'primary' || s === 'secondary' ? s : undefined;
  }

  private get effectiveFilter(): ReferralFilter {
    return REFERRAL_FILTERS.includes(this.filter) ? this.filter : 'active';
  }

  private get effectivePageSize(): number {
    return Number.isFinite(this.pageSize) && this.pageSize >= 1 ? Math.floor(this.pageSize) : 20;
  }

  protected override render() {
    const body = this.resources
      ? this.renderLoaded(this.handed, true, undefined)
      : this.renderPatientTask(this.task, this.t('refWhat'), (v) => {
          const data = this.live?.patientKey === v.patientKey ? this.live : v;
          return this.renderLoaded(data.resources, data.complete, data.loadedAt);
        });
    return html`${body}
      <div class="visually-hidden" part="announcer" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  private renderLoaded(resources: readonly FhirResource[], complete: boolean, loadedAt: Date | undefined): TemplateResult {
    const all = this.preparer.viewsOf(resources);
    if (!all) return renderPreparing(this.viewHost(), this.preparer.progress);
    return renderReferralSection(this.viewHost(), all, complete, loadedAt);
  }

  /** What the view functions need: the current settings and strings, and callbacks into the element. */
  private viewHost(): ReferralListHost {
    const setting = this.effectiveSetting;
    return {
      t: (key, params) => this.t(key, params),
      lang: this.effectiveLocale,
      setting,
      secondary: setting === 'secondary',
      filter: this.effectiveFilter,
      pageSize: this.effectivePageSize,
      shown: this.shown,
      headingLevel: this.headingLevel,
      liveUpdateSeconds: this.refreshInterval > 0 && !this.resources ? Math.max(MIN_REFRESH_SECONDS, this.refreshInterval) : undefined,
      pollFailedAt: this.pollFailedAt,
      renderSafetyWarnings: () => this.renderSafetyWarnings(),
      renderPartial: () => this.renderPartial([this.t('refWhat')], () => void this.task.run()),
      renderEmpty: (text) => this.renderEmpty(text),
      setFilter: (f) => (this.filter = f),
      showMore: (from) => void this.showMore(from),
      select: (r) => this.select(r),
      act: (action, r) => this.act(action, r),
    };
  }

  private async showMore(from: number): Promise<void> {
    this.shown = from + this.effectivePageSize;
    await this.updateComplete;
    // focus the first newly shown referral, so keyboard users continue where they were
    const items = this.renderRoot.querySelectorAll<HTMLLIElement>('li.item');
    const target = [...items].find((li) => li.closest('ol') && Number(li.dataset['index']) >= from);
    target?.querySelector<HTMLButtonElement>('button.link')?.focus();
  }

  private select(r: ReferralView): void {
    this.emit('jc-referral-selected', { id: r.id, ...(r.ubrn ? { ubrn: r.ubrn } : {}) });
  }

  private act(action: ReferralAction, r: ReferralView): void {
    this.emit('jc-referral-action-request', { action, id: r.id, ...(r.ubrn ? { ubrn: r.ubrn } : {}) }, { cancelable: true });
  }
}
