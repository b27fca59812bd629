import { html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Patient } from 'fhir/r4.js';
import { JcElement, needPatientBannerContext, resolvePatient } from '@joinedcare/core';
import { bannerModel, type BannerModel } from './model.js';
import { bannerStyles } from './patient-banner.styles.js';

const ICONS = {
  verified: svg`<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>`,
  unverified: svg`<path d="M11 7h2v6h-2zm0 8h2v2h-2z"/>`,
  invalid: svg`<path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"/>`,
};

/**
 * The NHS CUI patient banner: `FAMILY, Given (Title)`, Born `dd-Mmm-yyyy` (age), Gender and
 * NHS No. in `3 3 4`, with an NHS number verification indicator and a clear deceased treatment.
 * Missing values say "Not Known". It takes its Patient from `<jc-context>` (read by id or found by
 * NHS number) or from the `patient` property, and refuses to show a Patient that is not the one in
 * context.
 *
 * Usable from a 320 px side panel (stacked) up to full width (one line).
 *
 * Inside a `<jc-context>` whose SMART launch said `need_patient_banner: false` (the EHR already shows
 * a banner), it hides itself (`hidden`) and renders nothing.
 *
 * @summary NHS CUI patient banner.
 * @csspart base - The banner container (a labelled region).
 * @csspart name - The patient's name.
 * @csspart details - The list of born, gender and NHS number.
 * @csspart nhs-number - The formatted NHS number.
 * @csspart verification - The NHS number verification indicator.
 * @csspart deceased - The "Deceased" tag.
 * @cssproperty --jc-banner-background - Banner background (default: `--jc-color-surface-alt`).
 * @cssproperty --jc-banner-color - Banner text colour (default: `--jc-color-text`).
 * @cssproperty --jc-banner-accent - Bottom border colour (default: `--jc-color-primary`).
 * @cssproperty --jc-banner-label-color - Label colour (default: `--jc-color-text-secondary`).
 * @cssproperty --jc-banner-deceased-background - Background when the patient has died (default `#425563`).
 * @cssproperty --jc-banner-deceased-color - Text colour when the patient has died (default `#ffffff`).
 * @cssproperty --jc-banner-deceased-accent - Bottom border when the patient has died (default `#212b32`).
 */
export class JcPatientBanner extends JcElement {
  static override styles = [...JcElement.styles, bannerStyles];

  /** A Patient resource to show instead of loading one from the context. */
  @property({ attribute: false })
  patient?: Patient;

  /** ARIA heading level of the patient's name (1–6). */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** False when a SMART launch said the EHR already shows a patient banner. @internal */
  @consume({ context: needPatientBannerContext, subscribe: true })
  @state()
  protected contextNeedBanner?: boolean;

  private readonly task = this.createPatientTask(async ({ client, patient, signal }) => {
    const found = await resolvePatient(client, patient, { signal });
    // a Patient read by id must have that id; one found by NHS number must carry that number
    return this.guard([found], { id: patient.id, nhsNumber: patient.nhsNumber })[0];
  });

  /** The `patient` property after the patient guard (when a context patient exists). */
  private checkedPatient?: Patient | undefined;

  protected override get displayName(): string {
    return this.t('bannerLabel');
  }

  protected override missingConfiguration(): string[] {
    return this.patient ? [] : super.missingConfiguration();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
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
    if (!patient) return this.renderSafetyWarnings();
    const lang = this.effectiveLocale;
    return this.renderBanner(bannerModel(patient, { now: this.now(), ...(lang ? { lang } : {}) }));
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
          <dd><span aria-hidden="true">${m.born}</span><span class="visually-hidden">${m.bornLong}</span> (${m.age})</dd>
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
    </section>`;
  }
}
