import { ReactiveElement, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { systemClock, type Clock, type PatientInContext } from '../context/contexts.js';
import { guardResources, newRejections, type GuardOptions, type PatientIdentity, type RejectedResource } from '../context/guard.js';
import { identityWho, type ConfirmedIdentity } from '../context/identity.js';
import type { FhirClient } from '../fhir/client.js';
import { onLocaleChange, translate, type MessageCatalogue, type MessageKey } from '../i18n/index.js';
import { loadLocale } from '../i18n/lazy.js';
import { baseStyles, tokenStyles } from './tokens.js';
import { safeDefine } from './define.js';
import { JcContextConsumer } from './context-consumer.js';
import { DataTracker } from './data-tracker.js';
import { checkProperties, renderPropertyProblems, type PropertyProblem } from './property-checks.js';
import { Lifecycle, readTasks, type LifecycleReading, type WidgetState } from './lifecycle.js';
import { renderTaskState, runPatientTask } from './patient-task.js';
import type { JcEventMap, PatientLoadInput, PatientScoped } from './element-types.js';
import * as views from './state-views.js';

export type { JcEventMap, PatientLoadInput, PatientScoped, SafetyWarningDetail } from './element-types.js';

/**
 * The base class of every joined-care element. It consumes the shared contexts (FHIR client,
 * patient, setting, locale, clock), renders the shared states the same way everywhere (not
 * configured, loading, empty, error with Retry, partial, safety warning), emits typed events, runs
 * the patient guard, and looks strings up in the catalogue.
 *
 * @attr lang - The widget's language (BCP 47, e.g. `cy`) for its strings and dates; without it, `<jc-context lang>`'s, else the nearest `lang` around it. Changing it redraws the widget.
 * @cssproperty --jc-color-text - Body text colour.
 * @cssproperty --jc-color-text-secondary - Labels and secondary text.
 * @cssproperty --jc-color-surface - Background.
 * @cssproperty --jc-color-surface-alt - Banners, headers.
 * @cssproperty --jc-color-border - Borders.
 * @cssproperty --jc-color-primary - Buttons (NHS blue).
 * @cssproperty --jc-color-link - Links and link-styled buttons (default `--jc-color-primary`, else `#005eb8`).
 * @cssproperty --jc-color-link-hover - Hovered links (default `--jc-color-primary-dark`, else `#7c2855`).
 * @cssproperty --jc-color-link-visited - Visited links (default `--jc-color-primary`, else `#330072`).
 * @cssproperty --jc-color-primary-dark - Hovered buttons.
 * @cssproperty --jc-color-on-primary - Text on primary colours.
 * @cssproperty --jc-color-error - Errors.
 * @cssproperty --jc-color-success - Success, verified.
 * @cssproperty --jc-color-warning - Warning and not-configured notices (border).
 * @cssproperty --jc-color-focus - Focus highlight.
 * @cssproperty --jc-color-focus-text - Focus underline and text.
 * @cssproperty --jc-font-family - Font.
 * @cssproperty --jc-font-size - Body font size.
 * @cssproperty --jc-font-size-small - Small text size.
 * @cssproperty --jc-font-size-large - Large text size.
 * @cssproperty --jc-line-height - Line height.
 * @cssproperty --jc-space-1 - Smallest space (4px).
 * @cssproperty --jc-space-2 - Small space (8px).
 * @cssproperty --jc-space-3 - Medium space (16px).
 * @cssproperty --jc-space-4 - Large space (24px).
 * @cssproperty --jc-space-outer - Space below each widget on a page (default 24px); set `0` where the host's layout spaces the widgets itself.
 * @cssproperty --jc-radius - Corner radius.
 * @cssproperty --jc-focus-ring - Focus indicator (a box-shadow).
 * @csspart loading - The loading message.
 * @csspart empty - The "none recorded" message.
 * @csspart error - The error message.
 * @csspart retry-button - The Retry button.
 * @csspart not-configured - The "not configured" message.
 * @csspart partial - The notice that some parts could not be loaded (the partial state).
 * @csspart safety-warning - The notice that records were hidden by the patient guard.
 * @fires jc-safety-warning - A resource for another patient (or with no checkable patient) was refused. Detail: `{ resourceType, id, reason }`.
 * @fires jc-load - The widget has loaded its data and drawn it (again after `refresh()`, a Retry or a patient switch). Detail: `{ count?, partial }`: how many items it shows, when it counts them, and whether some parts could not be loaded. No clinical content.
 * @fires jc-error - The widget could not load (`state` is `error`, or `stopped` when the server's record is another person). Detail: `{ kind }`, the kind of failure only (`http`, `network`, `timeout`, `auth`, `wrong-patient`, …).
 * @fires jc-empty - The widget loaded and has nothing recorded to show (after `jc-load` with count 0).
 */
export class JcElement extends JcContextConsumer {
  static override styles = [tokenStyles, baseStyles];

  /**
   * The widget's own en-GB strings (its package's catalogue), looked up by `t()` before core's.
   * Passed by value, so a bundler that trusts the package's `sideEffects` can never drop them, and
   * two packages that use one key never see each other's text. @internal
   */
  protected static messages?: MessageCatalogue;

  /** Changes whenever strings are registered or the document's or the widget's language changes (redraws it). @internal */
  @state()
  protected localeRevision = 0;
  private stopLocaleWatch?: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopLocaleWatch ??= onLocaleChange(() => this.localeRevision++);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLocaleWatch?.();
    this.stopLocaleWatch = undefined;
  }

  /** The widget's own `lang` is watched too: changing it redraws the widget in that language. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }
  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.localeRevision++;
  }

  /** A FHIR client to use instead of the one from `<jc-context>` (any object implementing `FhirClient`). */
  @property({ attribute: false, type: Object })
  client?: FhirClient;

  /**
   * A clock for "now" instead of the one from `<jc-context>` (waiting times, ages, "as of"): for a widget
   * used without a context, in tests, stories and replays. Any object with `now(): Date`.
   */
  @property({ attribute: false, type: Object })
  clock?: Clock;

  /** The confirmed identity of the patient in context (set by the patient task). @internal */
  @state()
  protected confirmed?: { key: string; identity: ConfirmedIdentity } | undefined;

  /** Resources refused by the patient guard in the current view. @internal */
  @state()
  protected rejected: RejectedResource[] = [];

  /**
   * Contains a failure while rendering: the widget shows "could not be displayed" instead of throwing
   * into the host page (an exception escaping `update()` would leave a half-drawn widget and an
   * unhandled rejection in the host). The console gets the element name and the error type only,
   * never the message, which may quote clinical data.
   */
  /** Properties the host set to a value of the wrong type (shown above the widget's content). @internal */
  @state()
  protected propertyProblems: PropertyProblem[] = [];
  private readonly problemSlot: { el?: HTMLElement } = {};

  protected override update(changed: PropertyValues): void {
    try {
      super.update(changed);
      renderPropertyProblems(this.renderRoot, this.problemSlot, (p) => this.t('propertyWrongType', { ...p }), this.propertyProblems);
    } catch (err) {
      const kind = err instanceof Error ? err.name : typeof err;
      console.error(`[joinedcare] <${this.localName}> could not render (${kind}).`);
      // LitElement.update threw before ReactiveElement.update ran: finish the update cycle (reflect
      // attributes, clear the pending flag) or the element would never update again
      (ReactiveElement.prototype as unknown as { update(this: ReactiveElement, c: PropertyValues): void }).update.call(this, changed);
      render(this.renderRenderFailure(), this.renderRoot, this.renderOptions);
    }
  }

  /** What is shown when rendering threw. @internal */
  protected renderRenderFailure(): TemplateResult {
    return views.renderFailureView(this.viewText(), this.displayName);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    void loadLocale(this.effectiveLocale); // a language's strings are loaded the first time a widget is shown in it (then it redraws)
    const problems = checkProperties(this, changed, this.localName);
    if (problems.length)
      this.propertyProblems = [...this.propertyProblems.filter((p) => !problems.some((q) => q.name === p.name)), ...problems];
    else if (this.propertyProblems.length) this.propertyProblems = this.propertyProblems.filter((p) => !changed.has(p.name));
    if (changed.has('contextPatient')) {
      const previous = changed.get('contextPatient') as PatientInContext | undefined;
      if (previous?.key !== this.contextPatient?.key) {
        // warnings belong to the patient they were raised for
        this.rejected = [];
        this.confirmed = undefined;
        this.patientChanged(previous);
      }
    }
  }

  /**
   * THE hook for a patient change (another patient, or none), called in `willUpdate` so that what it
   * clears is never drawn for the new patient. Widgets clear their per-patient state here. The
   * patient task re-runs on its own. @internal
   */
  protected patientChanged(_previous: PatientInContext | undefined): void {
    // nothing in the base class
  }

  /** The name used in state messages, e.g. "Patient banner". Override. @internal */
  protected get displayName(): string {
    return this.localName;
  }

  /** The client in use: the `client` property, else the context's. */
  protected get effectiveClient(): FhirClient | undefined {
    return this.client ?? this.contextClient;
  }

  /**
   * Language for strings: the element's `lang`, else the context's, else the nearest `lang` of the
   * page around it (crossing shadow roots), else the document's, else en-GB.
   */
  protected get effectiveLocale(): string | undefined {
    return this.lang || this.contextLocale || views.inheritedLang(this) || undefined;
  }

  /** "Now" from the `clock` property, else the context's clock, else the system's. */
  protected now(): Date {
    return (this.clock ?? this.contextClock ?? systemClock).now();
  }

  /** Looks up a string (the widget's catalogue first, then core's) in the effective locale. */
  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate((this.constructor as typeof JcElement).messages, key, params, this.effectiveLocale);
  }

  /** Fires a typed, bubbling, composed event. Returns false when a listener called preventDefault. */
  emit<K extends keyof JcEventMap>(type: K, detail: JcEventMap[K], init: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: init.cancelable ?? false }));
  }

  /** Registers `this` under `tag`, warning instead of throwing when the tag is taken. */
  static define(tag: string): boolean {
    return safeDefine(tag, this);
  }

  /**
   * Runs the patient guard: returns the resources about `who`, remembers what was refused (shown as
   * a warning by `renderSafetyWarnings`) and fires `jc-safety-warning` for each refused resource.
   */
  protected guard<T extends { resourceType?: unknown; id?: unknown }>(
    resources: readonly T[],
    who: PatientIdentity,
    options: GuardOptions = {},
  ): T[] {
    // once the server has confirmed the patient, that identity (id, NHS number, server) is the one checked
    const confirmed = this.confirmed && this.confirmed.key === this.contextPatient?.key ? identityWho(this.confirmed.identity) : undefined;
    const { accepted, rejected } = guardResources(resources, confirmed ?? who, options);
    const fresh = newRejections(this.rejected, rejected);
    if (fresh.length) this.rejected = [...this.rejected, ...fresh];
    for (const r of fresh) {
      if (r.reason !== 'unexpected-type') this.emit('jc-safety-warning', { resourceType: r.resourceType, id: r.id, reason: r.reason });
      else console.warn(`[joinedcare] <${this.localName}> ignored a resource of unexpected type ${r.resourceType}.`);
    }
    return accepted;
  }

  /** Data work under way (patient tasks, and whatever a widget passes to `trackData`). */
  private readonly jcData = new DataTracker();

  /**
   * Counts `work` as data the widget is loading: `updateComplete` resolves only after it has settled
   * and the widget has drawn the result. Never await `updateComplete` inside tracked work. @internal
   */
  protected trackData<T>(work: Promise<T>): Promise<T> {
    return this.jcData.track(work);
  }

  /**
   * Resolves when the widget has drawn everything it is loading for the patient in context: the
   * patient task (and any tracked work) has settled, and the update it caused has rendered. Tests and
   * hosts await `el.updateComplete` instead of polling for content.
   */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.jcData.settle(() => super.getUpdateComplete());
  }

  private readonly jcLifecycle = new Lifecycle(this);
  private readonly jcTasks: Array<Task<readonly unknown[], PatientScoped<unknown> | undefined>> = [];

  /**
   * Where the widget stands (read-only; also the `state` attribute, for CSS): `not-configured`,
   * `loading`, `ready`, `empty`, `error` or `stopped` (the server's record is another person).
   */
  get state(): WidgetState {
    return this.jcLifecycle.state;
  }

  /**
   * Loads the widget's data again for the same patient (after the host's own write, say): what is on
   * screen stays until the new data is drawn. Resolves when it is drawn.
   */
  async refresh(): Promise<void> {
    for (const task of this.jcTasks) void task.run();
    this.refreshData();
    await this.updateComplete;
  }

  /** What `refresh()` reloads besides the patient tasks (a widget's own tasks). Override. @internal */
  protected refreshData(): void {
    // nothing in the base class
  }

  /** How many items a loaded value shows, for `jc-load` and `empty`; undefined when the widget does not count. Override. @internal */
  protected countItems(_value: unknown): number | undefined {
    return undefined;
  }

  /** The widget's state after this update (see `state`). Widgets with several data sources override it. @internal */
  readLifecycle(): LifecycleReading {
    if (this.missingConfiguration().length) return { state: 'not-configured' };
    return readTasks(this.jcTasks, this.contextPatient?.key, (v) => this.countItems(v));
  }

  /** @internal */
  lifecycleKey(): string {
    return this.contextPatient?.key ?? '';
  }

  /**
   * A @lit/task that loads data for the patient in context. It re-runs when the client or the
   * patient changes, aborts the previous run (and any run for a previous patient), and tags the
   * result with the patient key so a late result can never be shown for another patient.
   */
  protected createPatientTask<T>(
    load: (input: PatientLoadInput) => Promise<T>,
  ): Task<readonly [FhirClient | undefined, PatientInContext | undefined], PatientScoped<T> | undefined> {
    const task = new Task(this, {
      // the whole run is tracked: `updateComplete` resolves only after the task has settled and drawn
      task: ([client, patient], { signal }) =>
        this.trackData(
          runPatientTask(load, client, patient, signal, {
            current: (p) => p === this.contextPatient,
            confirmed: (p, identity) => (this.confirmed = { key: p.key, identity }),
            // hosts that alert on refused records hear of it too (ids only)
            wrongPatient: (p) =>
              this.emit('jc-safety-warning', { resourceType: 'Patient', id: p.id ?? '(no id)', reason: 'other-patient' }),
          }),
        ),
      args: () => [this.effectiveClient, this.contextPatient] as const,
    });
    this.jcTasks.push(task);
    return task;
  }

  /**
   * Renders a patient task's state: not configured, loading, error with Retry, or `complete(value)`.
   * While the task reloads for the same patient, the value already drawn stays; a value loaded for a
   * different patient than the one now in context renders as loading.
   */
  protected renderPatientTask<T>(
    task: Task<readonly [FhirClient | undefined, PatientInContext | undefined], PatientScoped<T> | undefined>,
    what: string,
    complete: (value: T) => unknown,
  ): unknown {
    const missing = this.missingConfiguration();
    if (missing.length) return this.renderNotConfigured(missing);
    return renderTaskState(task, this.contextPatient?.key, {
      loading: () => this.renderLoading(what),
      error: (error) => this.renderError(error, what, () => void task.run()),
      complete,
    });
  }

  /** What is missing for this element to load data (names of settings). Override to add more. */
  protected missingConfiguration(): string[] {
    const missing: string[] = [];
    if (!this.effectiveClient) missing.push(this.t('missingClient'));
    if (!this.contextPatient) missing.push(this.t('missingPatient'));
    return missing;
  }

  protected renderNotConfigured(missing: readonly string[]): TemplateResult {
    return views.notConfiguredView(this.viewText(), this.displayName, missing);
  }

  protected renderLoading(what: string): TemplateResult {
    return views.loadingView(this.viewText(), what);
  }

  /** The error state with Retry; a `wrong-patient` error is the stop-level message instead (no Retry). */
  protected renderError(error: unknown, what: string, retry: () => void): TemplateResult {
    return views.errorView(this.viewText(), error, what, retry);
  }

  protected renderEmpty(text: string): TemplateResult {
    return views.emptyView(text);
  }

  /** The "partial" state: what loaded is shown elsewhere; this lists what did not. */
  protected renderPartial(failed: readonly string[], retry?: () => void): TemplateResult {
    return views.partialView(this.viewText(), failed, retry);
  }

  /** The stop-level message: the patient's own record is another person, from the server or handed in. */
  protected renderIdentityStop(source: 'server' | 'handed-in' = 'server'): TemplateResult {
    return views.identityStopView(this.viewText(), source);
  }

  /** What the server said it left out of its answers (searchset OperationOutcome text), as a notice; nothing when none. */
  protected renderWithheld(texts: readonly string[]): TemplateResult | typeof nothing {
    return views.withheldView(this.viewText(), texts);
  }

  /** Whether the patient guard refused a resource as another patient's (since the patient was selected). */
  protected get refusedOtherPatient(): boolean {
    return this.rejected.some((r) => r.reason === 'other-patient');
  }

  /** A visible notice when the patient guard refused anything, and the notices about the patient's record. Nothing otherwise. */
  protected renderSafetyWarnings(): TemplateResult | typeof nothing {
    const c = this.confirmed && this.confirmed.key === this.contextPatient?.key ? this.confirmed.identity : undefined;
    return views.safetyWarningsView(this.viewText(), this.rejected, c?.notices ?? []);
  }

  private viewText(): views.StateText {
    return { t: (key, params) => this.t(key, params), lang: this.effectiveLocale };
  }
}
