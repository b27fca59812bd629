// The banner's allergy indicator (issue 18): opt-in, read through the context's client, guarded, never blank.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { AllergyIntolerance } from 'fhir/r4.js';
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache, type JcContext } from '@joinedcare/core';
import '../src/define.js';
import type { JcPatientBanner } from '../src/index.js';

const now = new Date('2026-11-01T00:00:00Z');
const set = buildPersonas({ now });
const { a, c, d } = set.personas;
const clock = { now: () => now };
const BASE = '/banner-allergy-fhir';

async function banner(patientId: string, attrs: { allergies?: boolean } = { allergies: true }): Promise<JcPatientBanner> {
  const ctx = await fixture<JcContext>(
    html`<jc-context fhir-base-url=${BASE} patient-id=${patientId} .clock=${clock}>
      <jc-patient-banner ?allergies=${attrs.allergies}></jc-patient-banner>
    </jc-context>`,
  );
  const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
  await el.updateComplete;
  return el;
}
const indicator = (el: JcPatientBanner) => el.shadowRoot!.querySelector<HTMLElement>('[part=allergies]');
const said = (el: JcPatientBanner) => indicator(el)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<jc-patient-banner allergies>', () => {
  let server: FhirFixtureServer;
  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set });
    await startFixtureWorker(server);
  });
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
  });

  it('reports the one patient it shows in jc-load, with or without the indicator', async () => {
    for (const allergies of [false, true]) {
      const ctx = document.createElement('jc-context');
      ctx.setAttribute('fhir-base-url', BASE);
      ctx.setAttribute('patient-id', d.patientId);
      const el = document.createElement('jc-patient-banner');
      el.allergies = allergies;
      ctx.append(el);
      const loaded = oneEvent(el, 'jc-load');
      document.body.append(ctx);
      expect((await loaded).detail).to.deep.equal({ count: 1, partial: false });
      expect(el.state).to.equal('ready');
      ctx.remove();
    }
  });

  it('is off by default: no indicator and no allergy request', async () => {
    const el = await banner(c.patientId, {});
    expect(el.shadowRoot!.querySelector('[part=base]')).to.exist;
    expect(indicator(el)).to.equal(null);
    expect(server.requests.some((r) => r.url.includes('AllergyIntolerance'))).to.equal(false);
  });

  it('marks a high-criticality allergy in words and with an icon, not by colour alone (persona c)', async () => {
    const el = await banner(c.patientId);
    expect(said(el)).to.equal('Allergies Allergy to peanut (high criticality)');
    const high = el.shadowRoot!.querySelector('[part~=allergy-high]')!;
    expect(high.querySelector('svg[aria-hidden=true]')).to.exist;
    expect(high.textContent).to.contain('high criticality');
    expect(getComputedStyle(high).fontWeight).to.equal('700');
    expect(server.requests.filter((r) => r.url.includes('AllergyIntolerance')).length).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('says "No known allergies" when the record codes it (persona a)', async () => {
    const el = await banner(a.patientId);
    expect(said(el)).to.equal('Allergies No known allergies');
    await expect(el).to.be.accessible();
  });

  it('says "No allergies recorded" when there is nothing, not "No known allergies" (persona d)', async () => {
    const el = await banner(d.patientId);
    expect(said(el)).to.equal('Allergies No allergies recorded');
    await expect(el).to.be.accessible();
  });

  it('says "Allergy information not available" when the search fails, and still identifies the patient', async () => {
    server.addFault({ match: /AllergyIntolerance/, status: 500 });
    const el = await banner(c.patientId);
    expect(said(el)).to.equal('Allergies Allergy information not available');
    expect(el.shadowRoot!.querySelector('[part=nhs-number]')!.textContent.replace(/ /g, '')).to.equal(c.nhsNumber);
    expect(el.state).to.equal('ready');
    await expect(el).to.be.accessible();
  });

  it('says partial in jc-load when the allergies could not be read', async () => {
    server.addFault({ match: /AllergyIntolerance/, status: 500 });
    const ctx = document.createElement('jc-context');
    ctx.setAttribute('fhir-base-url', BASE);
    ctx.setAttribute('patient-id', c.patientId);
    const el = document.createElement('jc-patient-banner');
    el.allergies = true;
    ctx.append(el);
    const loaded = oneEvent(el, 'jc-load');
    document.body.append(ctx);
    expect((await loaded).detail).to.deep.equal({ count: 1, partial: true });
    ctx.remove();
  });

  it('says it is loading allergies while the search is held', async () => {
    const held = server.hold(/AllergyIntolerance/);
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id=${c.patientId} .clock=${clock}
        ><jc-patient-banner allergies></jc-patient-banner
      ></jc-context>`,
    );
    const el = ctx.querySelector<JcPatientBanner>('jc-patient-banner')!;
    await held.arrived;
    // the patient is identified while the allergies are on their way
    await waitUntil(() => said(el) === 'Allergies Loading allergies…', 'allergies loading', { timeout: 4000, interval: 10 });
    expect(indicator(el)!.querySelector('[role=status]')).to.exist;
    expect(el.shadowRoot!.querySelector('[part=nhs-number]')).to.exist;
    await expect(el).to.be.accessible();
    held.release();
    await el.updateComplete;
    expect(said(el)).to.contain('Allergy to peanut');
  });

  it('refuses an allergy that belongs to another patient and says so', async () => {
    const foreign: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'foreign-allergy',
      code: { text: 'Allergy to shellfish' },
      patient: { reference: `Patient/${a.patientId}` },
    };
    // the server answers the search for D with an allergy of A's
    server.addFault({
      match: /AllergyIntolerance/,
      status: 200,
      body: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: foreign, search: { mode: 'match' } }] },
    });
    const el = await banner(d.patientId);
    expect(said(el)).not.to.contain('shellfish');
    expect(el.shadowRoot!.querySelector('[part=safety-warning]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('says so when the server withheld some allergies (an OperationOutcome in the searchset)', async () => {
    const peanut: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'withheld-test',
      criticality: 'high',
      code: { text: 'Allergy to peanut' },
      patient: { reference: `Patient/${c.patientId}` },
    };
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'warning', code: 'suppressed', diagnostics: 'Some records were withheld.' }],
    };
    server.addFault({
      match: /AllergyIntolerance/,
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { resource: peanut, search: { mode: 'match' } },
          { resource: outcome, search: { mode: 'outcome' } },
        ],
      },
    });
    const el = await banner(c.patientId);
    expect(said(el)).to.equal('Allergies Allergy to peanut (high criticality) Some allergy information could not be loaded');
    await expect(el).to.be.accessible();
  });

  it('never shows the previous patient’s allergies after a patient switch', async () => {
    const el = await banner(a.patientId);
    expect(said(el)).to.equal('Allergies No known allergies');
    const ctx = el.closest('jc-context')!;
    const held = server.hold(/AllergyIntolerance/);
    ctx.setAttribute('patient-id', c.patientId);
    await held.arrived;
    // C is identified while C's allergies are on their way: A's "No known allergies" is gone
    const nhs = () => el.shadowRoot!.querySelector('[part=nhs-number]')?.textContent?.replace(/ /g, '');
    await waitUntil(() => nhs() === c.nhsNumber, 'banner for C', { timeout: 4000, interval: 10 });
    expect(said(el)).to.equal('Allergies Loading allergies…');
    held.release();
    await el.updateComplete;
    expect(said(el)).to.equal('Allergies Allergy to peanut (high criticality)');
  });

  it('turned on later, reads the allergies then', async () => {
    const el = await banner(c.patientId, {});
    expect(indicator(el)).to.equal(null);
    el.allergies = true;
    await el.updateComplete;
    expect(said(el)).to.contain('Allergy to peanut');
  });

  it('with a patient property and no client, says the information is not available', async () => {
    const el = await fixture<JcPatientBanner>(html`<jc-patient-banner allergies .patient=${c.patient}></jc-patient-banner>`);
    expect(said(el)).to.equal('Allergies Allergy information not available');
  });
});
