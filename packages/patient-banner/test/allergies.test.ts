import { expect } from '@open-wc/testing';
import type { AllergyIntolerance, Bundle } from 'fhir/r4.js';
import { allergyIndicator } from '../src/index.js';

/** A published example, as published (served from test/data by the test runner). */
const published = async (name: string): Promise<unknown> => (await fetch(`/test/data/ips/${name}`)).json();

const SCT = 'http://snomed.info/sct';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
const allergy = (code: string, display: string, extra: Partial<AllergyIntolerance> = {}): AllergyIntolerance => ({
  resourceType: 'AllergyIntolerance',
  clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
  verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
  code: { coding: [{ system: SCT, code, display }] },
  patient: { reference: 'Patient/p' },
  ...extra,
});
const allergiesOf = (b: unknown) =>
  ((b as Bundle).entry ?? []).map((e) => e.resource).filter((r): r is AllergyIntolerance => r?.resourceType === 'AllergyIntolerance');

describe('allergy indicator model', () => {
  it('lists current allergies, high criticality first, with the record’s own terms', () => {
    const i = allergyIndicator([
      allergy('91936005', 'Allergy to penicillin', { criticality: 'low' }),
      allergy('91935009', 'Allergy to peanut', { criticality: 'high' }),
      allergy('300916003', 'Latex allergy', { verificationStatus: { coding: [{ system: VERIFICATION, code: 'unconfirmed' }] } }),
    ]);
    expect(i.kind).to.equal('allergies');
    expect(i.allergies).to.deep.equal([
      { name: 'Allergy to peanut', high: true, unconfirmed: false },
      { name: 'Allergy to penicillin', high: false, unconfirmed: false },
      { name: 'Latex allergy', high: false, unconfirmed: true },
    ]);
    expect(i.incomplete).to.equal(false);
  });

  it('leaves out records entered in error, refuted or ended', () => {
    const i = allergyIndicator([
      allergy('91936005', 'Allergy to penicillin', {
        verificationStatus: { coding: [{ system: VERIFICATION, code: 'entered-in-error' }] },
      }),
      allergy('91935009', 'Allergy to peanut', { verificationStatus: { coding: [{ system: VERIFICATION, code: 'refuted' }] } }),
      allergy('300916003', 'Latex allergy', { clinicalStatus: { coding: [{ system: CLINICAL, code: 'resolved' }] } }),
    ]);
    expect(i.kind).to.equal('none-recorded');
  });

  it('says "No known allergies" only when that is coded, and no broader than the code', () => {
    expect(allergyIndicator([allergy('716186003', 'No known allergy')])).to.include({ kind: 'none-known' });
    expect(allergyIndicator([allergy('716186003', 'No known allergy')]).statements).to.deep.equal(['No known allergies']);
    // "No known drug allergy" is not "No known allergies"
    expect(allergyIndicator([allergy('409137002', 'No known drug allergy')]).statements).to.deep.equal(['No known drug allergies']);
    // nothing found at all is not a statement of no allergies
    const none = allergyIndicator([]);
    expect(none.kind).to.equal('none-recorded');
    expect(none.statements).to.deep.equal([]);
  });

  it('is not available when the search failed, or when the list is partial and shows nothing', () => {
    expect(allergyIndicator(undefined)).to.include({ kind: 'not-available', failed: true });
    expect(allergyIndicator([], { complete: false }).kind).to.equal('not-available');
    const partial = allergyIndicator([allergy('91935009', 'Allergy to peanut')], { complete: false });
    expect(partial.kind).to.equal('allergies');
    expect(partial.incomplete).to.equal(true);
  });

  it('names an allergy with no term by its code, and one with no code as unnamed', () => {
    const i = allergyIndicator([
      { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p' }, code: { coding: [{ system: SCT, code: '91935009' }] } },
      { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p' } },
    ] as AllergyIntolerance[]);
    expect(i.allergies.map((a) => a.name)).to.deep.equal(['Unnamed allergy (code 91935009)', 'Unnamed allergy']);
  });

  it('reads the published IPS examples: a high-criticality penicillin allergy, and "no information" as not available', async () => {
    const minimal = allergyIndicator(allergiesOf(await published('Bundle-IPS-examples-Bundle-minimal.json')));
    expect(minimal.kind).to.equal('allergies');
    expect(minimal.allergies[0]).to.deep.equal({
      name: 'Substance with penicillin structure and antibacterial mechanism of action (substance)',
      high: true,
      unconfirmed: false,
    });
    // IPS absent-unknown "no-allergy-info" says there is no information, not that there are no allergies
    expect(allergyIndicator(allergiesOf(await published('bundle-no-info-required-sections.json'))).kind).to.equal('not-available');
  });
});
