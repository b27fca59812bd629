import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { FhirResource, Resource } from 'fhir/r4.js';
import { JcElement, formatDateTime, formatTime, isAbort, type CareSetting, type PatientIdentity } from '@joinedcare/core';
import { atRiskFractionOf } from './clock.js';
import { changedSince, fingerprint, loadReferrals, REFERRAL_TYPES } from './data.js';
import {
  buildReferrals,
  buildReferralsChunked,
  CHUNKED_BUILD_THRESHOLD,
  countServiceRequests,
  DEFAULT_TRIAGE_ALERT_DAYS,
  filterReferrals,
  newestLastUpdated,
  referralChanges,
  REFERRAL_FILTERS,
  subjectIdOf,
  yieldToMain,
  type ReferralFilter,
  type ReferralModelOptions,
  type ReferralView,
} from './model.js';
import { Poller, realScheduler, type PollScheduler } from './poller.js';
import { referralStyles } from './referral-status.styles.js';
import { referralStatusStrings } from './strings.js';

export type ReferralAction = 'chase' | 'view-letter';

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-referral-selected': { id: string; ubrn?: string };
    'jc-referral-action-request': { action: ReferralAction; id: string; ubrn?: string };
  }
}

/** Loaded (and guarded) data for one patient. */
interface Loaded {
  patientKey: string;
  patientId: string;
  resources: FhirResource[];
  complete: boolean;
  loadedAt: Date;
  /** Newest `meta.lastUpdated`, for `_lastUpdated=gt…` checks. */
  watermark?: string;
  fingerprint: string;
}

const ICONS = {
  'double-arrow-up': svg`<path d="M12 3 4 11l1.4 1.4L12 5.8l6.6 6.6L20 11zm0 7-8 8 1.4 1.4 6.6-6.6 6.6 6.6L20 18z"/>`,
  'arrow-up': svg`<path d="M12 6 4 14l1.4 1.4L12 8.8l6.6 6.6L20 14z"/>`,
  none: svg`<circle cx="12" cy="12" r="4"/>`,
  'on-track': svg`<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>`,
  'at-risk': svg`<path d="M12 2 1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z"/>`,
  breached: svg`<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm5 13.6L15.6 17 12 13.4 8.4 17 7 15.6 10.6 12 7 8.4 8.4 7l3.6 3.6L15.6 7 17 8.4 13.4 12z"/>`,
  attention: svg`<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2zm0-4h-2V7h2z"/>`,
};

const MIN_REFRESH_SECONDS = 5;

/** Views built in chunks for one resource list (and the options they were built with). */
interface Prepared {
  resources: readonly FhirResource[];
  optionsKey: string;
  views: ReferralView[];
}

/** A chunked build in progress. */
interface Preparing {
  resources: readonly FhirResource[];
  optionsKey: string;
  controller: AbortController;
  done: number;
  total: number;
}

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
  protected static override messages = referralStatusStrings;

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
  /** Views of a large list, built in chunks (see `viewsOf`). */
  private prepared?: Prepared;
  /** The chunked build in progress (its progress is drawn on `requestUpdate` between chunks). */
  private preparing?: Preparing;
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

  protected override get displayName(): string {
    return this.t('refWidgetName');
  }

  protected override missingConfiguration(): string[] {
    return this.resources ? [] : super.missingConfiguration();
  }

  private toLoaded(patientKey: string, patientId: string, resources: FhirResource[], complete: boolean, who: PatientIdentity): Loaded {
    const accepted = this.guard(resources, who, { expectedTypes: REFERRAL_TYPES });
    const watermark = newestLastUpdated(
      accepted.filter((r) => r.resourceType === 'ServiceRequest' || r.resourceType === 'Task' || r.resourceType === 'Appointment'),
    );
    return {
      patientKey,
      patientId,
      resources: accepted,
      complete,
      loadedAt: this.now(),
      ...(watermark ? { watermark } : {}),
      fingerprint: fingerprint(accepted),
    };
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
      this.abortPreparing();
      this.prepared = undefined;
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

  override connectedCallback(): void {
    super.connectedCallback();
    // put back after a removal that stopped a build: draw again, which starts a new one
    if (this.hasUpdated && !this.prepared) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abortPreparing();
  }

  private abortPreparing(): void {
    this.preparing?.controller.abort();
    this.preparing = undefined;
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
      if (this.isLarge(base.resources) || this.isLarge(next.resources)) {
        // a long list: build in chunks and keep showing the current one until the new one is ready
        const key = this.optionsKey();
        const prepared = this.prepared;
        before =
          prepared?.resources === base.resources && prepared.optionsKey === key
            ? prepared.views
            : await buildReferralsChunked(base.resources, this.modelOptions(), { signal });
        after = await buildReferralsChunked(next.resources, this.modelOptions(), { signal });
        if (signal.aborted || patient !== this.contextPatient) return;
        this.abortPreparing();
        this.prepared = { resources: next.resources, optionsKey: key, views: after };
      } else {
        before = this.views(base.resources);
        after = this.views(next.resources);
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

  private views(resources: readonly FhirResource[]): ReferralView[] {
    return buildReferrals(resources, this.modelOptions());
  }

  /** What a chunked build depends on besides the resources (the clock is read when it starts). */
  private optionsKey(): string {
    return `${this.effectiveLocale ?? ''}|${atRiskFractionOf(this.atRiskThreshold)}|${this.triageAlertDays}`;
  }

  private isLarge(resources: readonly FhirResource[]): boolean {
    return countServiceRequests(resources) > CHUNKED_BUILD_THRESHOLD;
  }

  /**
   * The views of `resources`: built at once for a short list; for a long one, built in chunks
   * between which the page stays responsive (undefined until ready). A new list aborts the build of
   * the previous one.
   */
  private viewsOf(resources: readonly FhirResource[]): ReferralView[] | undefined {
    if (!this.isLarge(resources)) return this.views(resources);
    const key = this.optionsKey();
    const prepared = this.prepared;
    if (prepared?.resources === resources && prepared.optionsKey === key) return prepared.views;
    const running = this.preparing;
    if (running?.resources === resources && running.optionsKey === key) return undefined;
    this.preparing?.controller.abort();
    const job: Preparing = {
      resources,
      optionsKey: key,
      controller: new AbortController(),
      done: 0,
      total: countServiceRequests(resources),
    };
    // not reactive: render() must not request an update; progress is drawn between chunks
    this.preparing = job;
    void this.prepare(job);
    return undefined;
  }

  private async prepare(job: Preparing): Promise<void> {
    const { signal } = job.controller;
    try {
      // start after this render: the first chunk must not lengthen the task that draws the progress
      await yieldToMain();
      if (signal.aborted) return;
      const views = await buildReferralsChunked(job.resources, this.modelOptions(), {
        signal,
        yieldToMain: async () => {
          await yieldToMain();
          // show the progress of the chunks built so far
          if (!signal.aborted && this.preparing === job) this.requestUpdate();
        },
        onProgress: (done, total) => {
          job.done = done;
          job.total = total;
        },
      });
      if (signal.aborted || this.preparing !== job) return;
      this.prepared = { resources: job.resources, optionsKey: job.optionsKey, views };
      this.preparing = undefined;
      this.requestUpdate();
    } catch (e) {
      if (isAbort(e) || signal.aborted) return;
      throw e;
    }
  }

  private renderPreparing(): TemplateResult {
    const job = this.preparing;
    const lang = this.effectiveLocale ?? 'en-GB';
    const n = (x: number) => x.toLocaleString(lang);
    return html`<div class="state state--loading" part="loading" role="status" aria-live="polite">
      <p>
        <span class="spinner" aria-hidden="true"></span>${this.t('refPreparing', { done: n(job?.done ?? 0), total: n(job?.total ?? 0) })}
      </p>
    </div>`;
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
    const all = this.viewsOf(resources);
    if (!all) return this.renderPreparing();
    const filter = this.effectiveFilter;
    const list = filterReferrals(all, filter);
    const attention = list.filter((r) => r.attention);
    const others = list.filter((r) => !r.attention);
    // one page covers both groups, needs-attention first: a patient with hundreds of referrals that
    // need attention still renders one page at a time
    const page = this.effectivePageSize;
    const shown = Math.min(list.length, Math.max(this.shown, page));
    const attentionShown = attention.slice(0, shown);
    const othersShown = others.slice(0, Math.max(0, shown - attention.length));
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    const setting = this.effectiveSetting;
    const title =
      setting === 'primary' ? this.t('refTitlePrimary') : setting === 'secondary' ? this.t('refTitleSecondary') : this.t('refTitle');
    const lang = this.effectiveLocale;
    const counts = { active: filterReferrals(all, 'active').length, completed: filterReferrals(all, 'completed').length, all: all.length };
    const filterKeys = { active: 'refFilterActive', completed: 'refFilterCompleted', all: 'refFilterAll' } as const;
    return html`<section class="base" part="base" aria-label=${title}>
      <div class="header" part="header">
        <div class="title" part="title" role="heading" aria-level=${level}>${title}</div>
        ${loadedAt ? html`<p class="meta">${this.t('refAsOf', { time: formatDateTime(loadedAt, lang ? { lang } : undefined) })}</p>` : nothing}
      </div>
      ${this.renderSafetyWarnings()} ${complete ? nothing : this.renderPartial([this.t('refWhat')], () => void this.task.run())}
      ${
        this.refreshInterval > 0 && !this.resources
          ? html`<p class="meta">${this.t('refLiveUpdates', { n: Math.max(MIN_REFRESH_SECONDS, this.refreshInterval) })}</p>`
          : nothing
      }
      ${
        this.pollFailedAt
          ? html`<p class="notice" part="refresh-error">
              ${this.t('refRefreshFailed', { time: formatTime(this.pollFailedAt, lang ? { lang } : undefined) })}
            </p>`
          : nothing
      }
      ${
        all.length === 0
          ? this.renderEmpty(this.t('refEmpty'))
          : html`<fieldset part="filters">
                <legend>${this.t('refFilterLegend')}</legend>
                ${REFERRAL_FILTERS.map(
                  (f) =>
                    html`<label
                      ><input type="radio" name="filter" value=${f} .checked=${f === filter} @change=${() => this.setFilter(f)} />${this.t(
                        filterKeys[f],
                        { n: counts[f] },
                      )}</label
                    >`,
                )}
              </fieldset>
              ${list.length === 0 ? this.renderEmpty(this.t(filter === 'completed' ? 'refEmptyCompleted' : 'refEmptyActive')) : nothing}
              ${
                attention.length
                  ? html`<div class="section-title" role="heading" aria-level=${Math.min(6, level + 1)}>
                        ${this.t('refNeedsAttentionTitle', { n: attention.length })}
                      </div>
                      ${this.renderList(attentionShown, level + 2, 0)}`
                  : nothing
              }
              ${
                othersShown.length
                  ? html`${
                      attention.length
                        ? html`<div class="section-title" role="heading" aria-level=${Math.min(6, level + 1)}>
                            ${this.t('refOthersTitle', { n: others.length })}
                          </div>`
                        : nothing
                    }
                    ${this.renderList(othersShown, attention.length ? level + 2 : level + 1, attention.length)}`
                  : nothing
              }
              ${
                shown < list.length
                  ? html`<div class="more">
                      <button class="jc-button" part="show-more" type="button" @click=${() => this.showMore(shown)}>
                        ${this.t('refShowMore', { n: Math.min(page, list.length - shown) })}
                      </button>
                      <span class="meta">${this.t('refShowing', { shown, total: list.length })}</span>
                    </div>`
                  : nothing
              }`
      }
    </section>`;
  }

  private renderList(list: readonly ReferralView[], level: number, offset: number): TemplateResult {
    return html`<ol class="list" part="list">
      ${repeat(
        list,
        (r) => r.id,
        (r, i) => this.renderItem(r, Math.min(6, level), offset + i),
      )}
    </ol>`;
  }

  private renderItem(r: ReferralView, level: number, index: number): TemplateResult {
    const secondary = this.effectiveSetting === 'secondary';
    const stateTag = html`<span class="tag tag--${r.state.tag}" part="status"
      ><span class="visually-hidden">${this.t('refStatus')}: </span>${r.state.label}</span
    >`;
    const whoActs =
      r.phase === 'active' && r.state.whoActs !== 'nobody'
        ? this.t(
            r.state.whoActs === 'referrer'
              ? 'refWhoActsReferrer'
              : r.state.whoActs === 'provider'
                ? 'refWhoActsProvider'
                : 'refWhoActsPatient',
          )
        : '';
    const people = {
      to: html`<dt>${this.t('refReferredTo')}</dt>
        <dd>${r.performer}</dd>`,
      by: html`<dt>${this.t('refReferredBy')}</dt>
        <dd>${this.t('refPersonAt', { person: r.requester, organisation: r.requesterOrganisation })}</dd>`,
    };
    return html`<li class="item ${r.attention ? 'item--attention' : ''}" part="item" data-id=${r.id} data-index=${index}>
      ${secondary ? html`<div class="triage">${stateTag}${whoActs ? html`<span>${whoActs}</span>` : nothing}</div>` : nothing}
      <div class="item-head">
        <div class="item-title" role="heading" aria-level=${level}>
          <button class="link" type="button" @click=${() => this.select(r)}>${r.service}</button>
        </div>
        <span class="tag tag--${r.priority.tag}" part="priority"
          ><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[r.priority.icon]}</svg
          ><span class="visually-hidden">${this.t('refPriority')}: </span>${r.priority.label}</span
        >
        ${secondary ? nothing : stateTag}
      </div>
      ${
        r.attention
          ? html`<p class="attention" part="attention">
              <svg viewBox="0 0 24 24" aria-hidden="true">${ICONS.attention}</svg
              ><span class="visually-hidden">${this.t('refNeedsAttention')}: </span>${r.attention.reason}
            </p>`
          : nothing
      }
      <dl>
        ${secondary ? [people.by, people.to] : [people.to, people.by]}
        <dt>${this.t('refReferredOn')}</dt>
        <dd><span aria-hidden="true">${r.referredText}</span><span class="visually-hidden">${r.referredLong}</span></dd>
        <dt>${this.t('refUbrn')}</dt>
        <dd>${r.ubrnText}</dd>
        <dt>${this.t('refWaiting')}</dt>
        <dd>${this.renderClock(r)}</dd>
        ${
          !secondary && whoActs
            ? html`<dt>${this.t('refStatus')}</dt>
                <dd>${whoActs}</dd>`
            : nothing
        }
        ${
          r.appointment
            ? html`<dt>${this.t('refAppointment')}</dt>
                <dd>
                  ${r.appointment.statusText}:
                  <span aria-hidden="true">${this.t('refApptPlace', { when: r.appointment.when, place: r.appointment.place })}</span
                  ><span class="visually-hidden"
                    >${this.t('refApptPlace', { when: r.appointment.whenLong, place: r.appointment.place })}</span
                  >
                  ${r.appointment.rebooked ? html`<br />${this.t('refApptRebooked')}` : nothing}
                </dd>`
            : nothing
        }
        ${
          r.reason !== undefined || r.comments.length
            ? html`<dt>${this.t('refReason')}</dt>
                <dd>${r.reason ?? this.t('refNone')}</dd>
                <dt>${this.t('refComments')}</dt>
                <dd>
                  ${
                    r.comments.length
                      ? html`<ul>
                          ${r.comments.map((c) => html`<li>${c}</li>`)}
                        </ul>`
                      : this.t('refNone')
                  }
                </dd>`
            : nothing
        }
      </dl>
      <p class="updated">${r.updatedText}</p>
      <details part="timeline" @keydown=${(e: KeyboardEvent) => this.onTimelineKeydown(e)}>
        <summary>${this.t('refTimeline', { n: r.timeline.length })}</summary>
        <ol>
          ${r.timeline.map((e) => html`<li>${e.dateText}: ${e.text}${e.byText ? html` <span class="by">${e.byText}</span>` : nothing}</li>`)}
        </ol>
      </details>
      <div class="actions">
        ${
          r.phase === 'active'
            ? html`<button class="secondary" part="action-button" type="button" @click=${() => this.act('chase', r)}>
                ${this.t('refChase')}<span class="visually-hidden"> ${this.t('refForService', { service: r.service })}</span>
              </button>`
            : nothing
        }
        <button class="secondary" part="action-button" type="button" @click=${() => this.act('view-letter', r)}>
          ${this.t('refViewLetter')}<span class="visually-hidden"> ${this.t('refForService', { service: r.service })}</span>
        </button>
      </div>
    </li>`;
  }

  private renderClock(r: ReferralView): TemplateResult {
    const c = r.clock;
    if (c.state === 'unknown') return html`<span class="clock" part="clock">${r.clockText}</span>`;
    const words = this.t(c.state === 'breached' ? 'clockBreached' : c.state === 'at-risk' ? 'clockAtRisk' : 'clockOnTrack');
    const lang = this.effectiveLocale;
    return html`<span class="clock clock--${c.state}" part="clock" data-state=${c.state}
        ><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[c.state]}</svg>${c.label},
        ${words}${
          c.stopped && c.stoppedOn
            ? html`, ${this.t('refClockStopped', { date: formatDateTime(c.stoppedOn, lang ? { lang } : undefined) })}`
            : nothing
        }</span
      ><span class="clock-standard">${this.t('refClockStandardLabel', { standard: c.standard.name ?? c.standard.label })}</span>`;
  }

  /** Escape closes an open timeline and leaves focus on its summary. */
  private onTimelineKeydown(e: KeyboardEvent): void {
    const details = e.currentTarget as HTMLDetailsElement;
    if (e.key !== 'Escape' || !details.open) return;
    e.stopPropagation();
    details.open = false;
    details.querySelector('summary')?.focus();
  }

  private setFilter(f: ReferralFilter): void {
    this.filter = f;
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
