import { LitElement, html, css, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider, ContextRoot } from '@lit/context';
import type { Patient } from 'fhir/r4.js';
import { JC_CONTEXTS, systemClock, type CareSetting, type Clock, type PatientInContext } from './contexts.js';
import { makePatientInContext, normaliseNhsNumber } from './patient.js';
import { FetchFhirClient, type FhirClient, type GetAccessToken } from '../fhir/client.js';
import { fromSmartClient, needPatientBannerContext, smartLaunchContext, type SmartClientLike } from '../fhir/smart.js';
import { validateNhsNumber } from '../format/index.js';
import { msg } from '../i18n/index.js';
import { safeDefine } from '../element/define.js';
import { isFhirId } from '../record/ids.js';
import { checkProperties } from '../element/property-checks.js';
import { tokenStyles } from '../element/tokens.js';

let rootAttached = false;
/**
 * Attaches a @lit/context ContextRoot to the document once, so widgets that upgrade before their
 * `<jc-context>` (e.g. when the page loads our script after its markup) still get the contexts.
 */
export function ensureContextRoot(): void {
  if (rootAttached || typeof document === 'undefined') return;
  rootAttached = true;
  new ContextRoot().attach(document.documentElement);
}

/**
 * Provides the FHIR client, the patient, the care setting, the language and the clock to every
 * joined-care widget inside it. It renders its children unchanged, plus a visible notice when its
 * own attributes are wrong.
 *
 * When the patient changes, every widget inside is cleared in the same frame and requests made for
 * the previous patient are aborted.
 *
 * **SMART on FHIR (EHR launch):** set `smartClient` to the client from `FHIR.oauth2.ready()`. The
 * widgets then read from the EHR's FHIR server with the launch's access token (refreshed after a
 * 401), the launch patient becomes the patient in context, and when the launch said
 * `need_patient_banner: false` a `<jc-patient-banner>` inside hides itself (the EHR shows one).
 * See docs/smart-launch.md.
 *
 * @summary Shared context for joined-care widgets.
 * @slot - The widgets (and any other content).
 * @csspart config-error - The notice shown when an attribute is invalid (e.g. an NHS number with a wrong check digit).
 * @fires jc-context-changed - The patient in context was set or changed (also when the element connects). Detail: `{ patientKey }` (an opaque key, no patient data; empty when no patient is selected).
 */
export class JcContext extends LitElement {
  static override styles = [
    tokenStyles,
    css`
      :host {
        display: contents;
      }
      .config-error {
        display: block;
        margin: 0 0 var(--_jc-s2);
        padding: var(--_jc-s2) var(--_jc-s3);
        border-left: 6px solid var(--_jc-warning);
        background: var(--_jc-surface);
        color: var(--_jc-text);
        font-family: var(--_jc-font);
      }
    `,
  ];

  /** Base URL of the FHIR R4 server, e.g. `https://fhir.example.nhs.uk/R4` (ignored when `client` is set). */
  @property({ attribute: 'fhir-base-url', type: String })
  fhirBaseUrl?: string;

  /** Logical id of the Patient resource on the FHIR server. */
  @property({ attribute: 'patient-id', type: String })
  patientId?: string;

  /** NHS number of the patient (spaces allowed). Used to find the patient when `patient-id` is not given, and checked against it when both are. */
  @property({ attribute: 'nhs-number', type: String })
  nhsNumber?: string;

  /** Which side the user is on: `primary` (GP) or `secondary` (hospital). Widgets highlight information from the other side. */
  @property({ reflect: true })
  setting?: CareSetting;

  /** Language for widget strings (BCP 47), default `en-GB`. Set with the standard `lang` attribute. */
  @property({ reflect: true })
  override lang = '';

  /** A ready-made FHIR client (any object implementing `FhirClient`). Wins over `smartClient` and `fhir-base-url`. */
  @property({ attribute: false })
  client?: FhirClient;

  /**
   * A `fhirclient` Client from a SMART App Launch 2 EHR launch (`await FHIR.oauth2.ready()`). When set,
   * it is the data source (its server, its access token, refreshed once after a 401) unless `client`
   * is also set, and its launch patient is the patient in context. If `patient-id` is also given and
   * names a different patient, no patient is selected (the widgets say a patient is missing). Its
   * `need_patient_banner` is passed on: see `needPatientBanner`. The token is never stored or logged.
   */
  @property({ attribute: false })
  smartClient?: SmartClientLike;

  /**
   * Supplies a bearer token for each request; called again with `forceRefresh: true` after a 401.
   * Cached responses are kept per token (a digest, never the token), so two users never share one;
   * a new callback gets a new client, so the widgets reload.
   */
  @property({ attribute: false })
  getAccessToken?: GetAccessToken;

  /**
   * An opaque key for the signed-in user (for example a hash of their user id; never a name or a
   * token). When given, cached responses, advice drafts and dismissed prompts are kept per server,
   * patient and this key; without it, per access token.
   */
  @property({ attribute: 'user-key' })
  userKey?: string;

  /**
   * `post` sends every search as `POST [base]/[type]/_search`, so NHS numbers and other identifiers
   * stay out of URLs, proxy logs and browser history (the server must support it). Default `get`.
   */
  @property({ attribute: 'search-method' })
  searchMethod?: 'get' | 'post';

  /** A Patient resource handed in directly (its id and NHS number set the patient in context). */
  @property({ attribute: false })
  patient?: Patient;

  /** A clock for "now" (tests, demos and waiting-time figures). Default: the system clock. */
  @property({ attribute: false })
  clock?: Clock;

  @state() private configErrors: string[] = [];
  private readonly typeErrors = new Map<string, string>();

  private readonly clientProvider = new ContextProvider(this, { context: JC_CONTEXTS.client });
  private readonly patientProvider = new ContextProvider(this, { context: JC_CONTEXTS.patient });
  private readonly settingProvider = new ContextProvider(this, { context: JC_CONTEXTS.setting });
  private readonly localeProvider = new ContextProvider(this, { context: JC_CONTEXTS.locale });
  private readonly clockProvider = new ContextProvider(this, { context: JC_CONTEXTS.clock, initialValue: systemClock });
  private readonly bannerProvider = new ContextProvider(this, { context: needPatientBannerContext });

  private patientAbort?: AbortController;
  private ownClient?: {
    baseUrl: string;
    getAccessToken?: GetAccessToken | undefined;
    userKey?: string | undefined;
    post: boolean;
    client: FhirClient;
  };

  constructor() {
    super();
    ensureContextRoot();
  }

  /**
   * Whether widgets should show their own patient banner: false only when `smartClient` is set and its
   * launch said `need_patient_banner: false` (the EHR already shows a banner). Read-only.
   */
  get needPatientBanner(): boolean {
    return this.smartClient ? smartLaunchContext(this.smartClient).needPatientBanner : true;
  }

  /** The patient currently provided (read-only; opaque `key`, aborted `signal` on change). */
  get patientInContext(): PatientInContext | undefined {
    return this.patientProvider.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // provide straight away, before the first render, so children never see an empty context
    this.sync(
      new Map([
        ['patientId', undefined],
        ['fhirBaseUrl', undefined],
        ['setting', undefined],
        ['lang', undefined],
        ['clock', undefined],
        ['smartClient', undefined],
      ]),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.patientAbort?.abort();
    this.patientSignature = undefined; // a fresh patient value (and signal) on reconnection
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.sync(changed);
  }

  private sync(changed: Map<PropertyKey, unknown>): void {
    // a property set to the wrong type (an object for patient-id) is set aside and said, like an invalid
    // value, until the host sets that property again (setting it aside leaves it undefined)
    for (const name of changed.keys())
      if ((this as unknown as Record<PropertyKey, unknown>)[name] !== undefined) this.typeErrors.delete(String(name));
    for (const p of checkProperties(this, changed, this.localName))
      this.typeErrors.set(p.name, msg('propertyWrongType', { ...p }, this.lang));
    const errors: string[] = [...this.typeErrors.values()];
    if (
      changed.has('client') ||
      changed.has('fhirBaseUrl') ||
      changed.has('getAccessToken') ||
      changed.has('smartClient') ||
      changed.has('userKey')
    ) {
      this.clientProvider.setValue(this.resolveClient());
    }
    if (changed.has('patientId') || changed.has('nhsNumber') || changed.has('patient') || changed.has('smartClient')) {
      this.updatePatient();
    }
    if (changed.has('smartClient')) this.bannerProvider.setValue(this.smartClient ? this.needPatientBanner : undefined);
    if (changed.has('setting')) {
      const s = this.setting === 'primary' || this.setting === 'secondary' ? this.setting : undefined;
      this.settingProvider.setValue(s);
    }
    if (changed.has('lang')) this.localeProvider.setValue(this.lang || undefined);
    if (changed.has('clock')) this.clockProvider.setValue(this.clock ?? systemClock);

    if (this.nhsNumber && validateNhsNumber(this.nhsNumber) !== 'valid') errors.push(msg('contextInvalidNhsNumber', undefined, this.lang));
    if (this.setting && this.setting !== 'primary' && this.setting !== 'secondary')
      errors.push(msg('contextInvalidSetting', undefined, this.lang));
    if (this.patientId && !isFhirId(this.patientId)) errors.push(msg('contextInvalidPatientId', undefined, this.lang));
    if (this.smartClient && this.patientId) {
      const launchId = smartLaunchContext(this.smartClient).patientId;
      if (launchId && launchId !== this.patientId) errors.push(msg('contextSmartPatientMismatch', undefined, this.lang));
    }
    if (errors.join('|') !== this.configErrors.join('|')) this.configErrors = errors;
  }

  private resolveClient(): FhirClient | undefined {
    if (this.client) return this.client;
    if (this.smartClient) return fromSmartClient(this.smartClient);
    const base = this.fhirBaseUrl?.trim();
    if (!base) return undefined;
    // The host's own callback, not a wrapper made here: the client's cache scope is the callback, so
    // contexts with the same callback (or none: the public scope) share cached responses, a new
    // context does not start a new scope (and fill the cache with entries no one asks for again),
    // and a new callback (another user) gets a new client and scope.
    const getAccessToken = this.getAccessToken;
    const userKey = this.userKey || undefined;
    const post = String(this.searchMethod ?? '').toLowerCase() === 'post';
    const o = this.ownClient;
    if (o?.baseUrl !== base || o.getAccessToken !== getAccessToken || o.userKey !== userKey || o.post !== post) {
      const client = new FetchFhirClient({
        baseUrl: base,
        getAccessToken,
        ...(userKey ? { cacheScope: userKey } : {}),
        ...(post ? { searchMethod: 'POST' as const } : {}),
      });
      this.ownClient = { baseUrl: base, getAccessToken, userKey, post, client };
      return client;
    }
    return o.client;
  }

  private patientSignature?: string;
  private patientResource?: Patient;

  private updatePatient(): void {
    const launchId = this.smartClient ? smartLaunchContext(this.smartClient).patientId : undefined;
    // a host patient-id that contradicts the EHR's launch patient selects no patient at all
    const conflict = !!launchId && !!this.patientId && launchId !== this.patientId;
    if (conflict) console.warn('[joinedcare] <jc-context> patient-id differs from the SMART launch patient; no patient is selected.');
    const rawId = launchId ?? this.patientId;
    const idValid = !conflict && (!rawId || isFhirId(rawId));
    const nhsValid = !this.nhsNumber || validateNhsNumber(this.nhsNumber) === 'valid';
    // any invalid identifier selects no patient: never fall back to the other one and drop a cross-check
    const id = idValid && rawId ? rawId : undefined;
    const nhs = idValid && nhsValid && this.nhsNumber ? normaliseNhsNumber(this.nhsNumber) : undefined;
    const usable = idValid && nhsValid;
    const signature = usable ? `${id ?? ''}|${nhs ?? ''}` : 'invalid';
    if (signature === this.patientSignature && this.patient === this.patientResource) return;
    this.patientSignature = signature;
    this.patientResource = this.patient;
    // abort everything that was loading for the previous patient, then switch
    this.patientAbort?.abort();
    this.patientAbort = new AbortController();
    const next = usable
      ? makePatientInContext({ id: id ?? null, nhsNumber: nhs ?? null, resource: this.patient ?? null }, this.patientAbort.signal)
      : undefined;
    this.patientProvider.setValue(next);
    this.dispatchEvent(new CustomEvent('jc-context-changed', { bubbles: true, composed: true, detail: { patientKey: next?.key ?? '' } }));
  }

  protected override render(): TemplateResult {
    return html`${
        this.configErrors.length
          ? html`<div class="config-error" part="config-error" role="alert">${this.configErrors.map((e) => html`<div>${e}</div>`)}</div>`
          : nothing
      }<slot></slot>`;
  }
}

export function defineJcContext(): void {
  safeDefine('jc-context', JcContext);
}
