import { html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { AllergyIntolerance, Patient } from 'fhir/r4.js';
import { JcElement, isAbort, needPatientBannerContext, resolvePatient, type MessageKey, type PatientLoadInput } from '@joinedcare/core';
import { bannerModel, type BannerModel } from './model.js';
import { allergyIndicator, type AllergyIndicator } from './allergies.js';
import { renderAllergies } from './allergies-view.js';
import { patientBannerMessages } from './messages.js';
import { bannerStyles } from './patient-banner.styles.js';

const ICONS = {
  verified: svg`<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>`,
  unverified: svg`<path d="M11 7h2v6h-2zm0 8h2v2h-2z"/>`,
  invalid: svg`<path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"/>`,
};

/** Reads the patient's AllergyIntolerance records; a failure is "not available", never the banner's error. */
async function loadAllergies(
  { client, who, signal }: PatientLoadInput,
  guard: (r: AllergyIntolerance[]) => AllergyIntolerance[],
  lang: string | undefined,
): Promise<AllergyIndicator> {
  if (!who.id) return allergyIndicator(undefined);
  try {
    const found = await client.searchAll<AllergyIntolerance>('AllergyIntolerance', { patient: who.id }, { signal });
    const complete = found.complete && !found.truncated && found.warnings.length === 0;
    return allergyIndicator(guard(found.resources), { complete, ...(lang ? { lang } : {}) });
  } catch (e) {
    if (isAbort(e)) throw e;
    return allergyIndicator(undefined);
  }
}

/**
 * The NHS CUI patient banner: `FAMILY, Given (Title)`, Born `dd-Mmm-yyyy` (age), Gender and
 * NHS No. in `3 3 4`, with an NHS number verification indicator and a clear deceased treatment.
 * Missing values say "Not known", once (no age after a birth date that is not known). It takes its Patient from `<jc-context>` (read by id or found by
 * NHS number) or from the `patient` property, and refuses to show a Patient that is not the one in
 * context.
 *
 * Usable from a 320 px side panel (stacked) up to full width (one line).
 *
 * Inside a `<jc-context>` whose SMART launch said `need_patient_banner: false` (the EHR already shows
 * a banner), it hides itself (`hidden`) and renders nothing.
 *
 * With the `allergies` attribute it also shows an allergy indicator, as the NHS CUI banner guidance
 * allows: the patient's current AllergyIntolerance records (read through the context's client and
 * checked by the patient guard), high criticality first and marked in words and with an icon; "No
 * known allergies" (or drug, food, environmental) only when the record codes that statement; "No
 * allergies recorded" when there are none; "Allergy information not available" when they could not
 * be loaded. It is never blank, and a failure there never hides the patient's identification.
 *
 * @summary NHS CUI patient banner.
 * @csspart base - The banner container (a labelled region).
 * @csspart name - The patient's name.
 * @csspart details - The list of born, gender and NHS number.
 * @csspart nhs-number - The formatted NHS number.
 * @csspart verification - The NHS number verification indicator.
 * @csspart deceased - The "Deceased" tag.
 * @csspart allergies - The allergy indicator (with `allergies`).
 * @csspart allergy - One allergy in the indicator.
 * @csspart allergy-high - A high-criticality allergy in the indicator (also `allergy`).
 * @cssproperty --jc-banner-background - Banner background (default: `--jc-color-surface-alt`).
 * @cssproperty --jc-banner-color - Banner text colour (default: `--jc-color-text`).
 * @cssproperty --jc-banner-accent - Bottom border colour (default: `--jc-color-primary`).
 * @cssproperty --jc-banner-label-color - Label colour (default: `--jc-color-text-secondary`).
 * @cssproperty --jc-banner-deceased-background - Background when the patient has died (default `#425563`).
 * @cssproperty --jc-banner-deceased-color - Text colour when the patient has died (default `#ffffff`).
 * @cssproperty --jc-banner-deceased-accent - Bottom border when the patient has died (default `#212b32`).
 * @cssproperty --jc-banner-allergy-accent - Left border of the allergy indicator when an allergy is high criticality (default: `--jc-color-error`).
 * @cssproperty --jc-banner-allergy-background - Background of that indicator (default `#ffffff`).
 * @cssproperty --jc-banner-allergy-color - Text colour of that indicator (default: `--jc-color-text`).
 */
export class JcPatientBanner extends JcElement {
  static override styles = [...JcElement.styles, bannerStyles];
  protected static override messages = patientBannerMessages;

  /** A Patient resource to show instead of loading one from the context. */
  @property({ attribute: false })
  patient?: Patient;

  /** ARIA heading level of the patient's name (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /**
   * Show the allergy indicator: reads the patient's AllergyIntolerance records through the context's
   * client. Off by default (the banner then makes no allergy request).
   */
  @property({ type: Boolean, reflect: true })
  allergies = false;

  /** False when a SMART launch said the EHR already shows a patient banner. @internal */
  @consume({ context: needPatientBannerContext, subscribe: true })
  @state()
  protected contextNeedBanner?: boolean;

  private readonly task = this.createPatientTask(async ({ client, patient, signal }) => {
    const found = await resolvePatient(client, patient, { signal });
    // a Patient read by id must have that id; one found by NHS number must carry that number
    return this.guard([found], { id: patient.id, nhsNumber: patient.nhsNumber })[0];
  });

  private readonly allergyTask = this.createPatientTask((input) =>
    this.allergies ? loadAllergies(input, (r) => this.guard(r, input.who), this.effectiveLocale) : Promise.resolve(undefined),
  );

  /** The `patient` property after the patient guard (when a context patient exists). */
  private checkedPatient?: Patient | undefined;

  protected override get displayName(): string {
    return this.t('bannerLabel');
  }

  protected override missingConfiguration(): string[] {
    return this.patient ? [] : super.missingConfiguration();
  }

  /** One patient shown (the allergy task does not count). @internal */
  protected override countItems(value: unknown): number | undefined {
    return (value as Patient | undefined)?.resourceType === 'Patient' ? 1 : undefined;
  }

  /** `jc-load` says partial when the allergies asked for could not be read, or only in part. @internal */
  override readLifecycle(): ReturnType<JcElement['readLifecycle']> {
    const reading = super.readLifecycle();
    const v = this.allergies ? this.allergyTask.value : undefined;
    const a = v && v.patientKey === this.contextPatient?.key ? v.value : undefined;
    return reading.state === 'ready' && (a?.failed || a?.incomplete) ? { ...reading, partial: true } : reading;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // turned on after the first load: read the allergies now (turned off: nothing to fetch)
    if (changed.has('allergies') && changed.get('allergies') !== undefined && this.allergies) void this.allergyTask.run();
    if (changed.has('contextNeedBanner')) this.hidden = this.contextNeedBanner === false;
    if (this.patient && (changed.has('patient') || changed.has('contextPatient'))) {
      const ctx = this.contextPatient;
      this.checkedPatient = ctx ? this.guard([this.patient], { id: ctx.id, nhsNumber: ctx.nhsNumber })[0] : this.patient;
    }
  }

  protected override render() {
    if (this.contextNeedBanner === false) return nothing;
    if (this.patient) return this.renderChecked(this.checkedPatient);
    return this.renderPatientTask(this.task, this.t('whatPatient'), (p) => this.renderChecked(p));
  }

  private renderChecked(patient: Patient | undefined) {
    // the patient's own record refused as another person's: stop-level, not a routine warning
    if (!patient)
      return this.refusedOtherPatient ? this.renderIdentityStop(this.patient ? 'handed-in' : 'server') : this.renderSafetyWarnings();
    const lang = this.effectiveLocale;
    // allergy records refused as another patient's: said above the banner
    return html`${this.rejected.length ? this.renderSafetyWarnings() : nothing}${this.renderBanner(
      bannerModel(patient, { now: this.now(), ...(lang ? { lang } : {}) }),
    )}`;
  }

  /** The allergy indicator's state: loading, the indicator, or "not available" (no client to ask). */
  private renderAllergyRow() {
    if (!this.allergies) return nothing;
    const t = (key: MessageKey, params?: Record<string, string | number>) => this.t(key, params);
    if (!this.effectiveClient || !this.contextPatient) return renderAllergies(allergyIndicator(undefined), t);
    const v = this.allergyTask.value;
    const mine = v && v.patientKey === this.contextPatient.key ? v.value : undefined;
    return renderAllergies(mine ?? 'loading', t);
  }

  private renderBanner(m: BannerModel) {
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    const statusText = {
      verified: [this.t('nhsVerified'), this.t('nhsVerifiedLong')],
      unverified: [this.t('nhsUnverified'), this.t('nhsUnverifiedLong')],
      invalid: [this.t('nhsInvalid'), this.t('nhsInvalidLong')],
      missing: [this.t('notKnown'), this.t('notKnown')],
    }[m.nhsStatus];
    return html`<section class="banner ${m.deceased ? 'banner--deceased' : ''}" part="base" aria-label=${this.t('bannerLabel')}>
      <div class="name" part="name" role="heading" aria-level=${level}>
        ${m.name}${m.deceased ? html`<span class="deceased-tag" part="deceased">${this.t('bannerDeceased')}</span>` : nothing}
      </div>
      <dl part="details">
        <div>
          <dt>${this.t('bannerBorn')}</dt>
          <dd>
            <span aria-hidden="true">${m.born}</span><span class="visually-hidden">${m.bornLong}</span>${m.age ? ` (${m.age})` : nothing}
          </dd>
        </div>
        ${
          m.deceased
            ? html`<div>
                <dt>${this.t('bannerDied')}</dt>
                <dd><span aria-hidden="true">${m.died}</span><span class="visually-hidden">${m.diedLong}</span></dd>
              </div>`
            : nothing
        }
        <div>
          <dt>${this.t('bannerGender')}</dt>
          <dd>${m.gender}</dd>
        </div>
        <div>
          <dt>${this.t('bannerNhsNo')}</dt>
          <dd>
            <span class="nhs-number" part="nhs-number">${m.nhsNumber}</span>
            ${
              m.nhsStatus === 'missing'
                ? nothing
                : html`<span class="verification verification--${m.nhsStatus}" part="verification" title=${statusText[1]}>
                    <svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[m.nhsStatus]}</svg>
                    <span aria-hidden="true">${statusText[0]}</span><span class="visually-hidden">${statusText[1]}</span>
                  </span>`
            }
          </dd>
        </div>
      </dl>
      ${this.renderAllergyRow()}
    </section>`;
  }
}
