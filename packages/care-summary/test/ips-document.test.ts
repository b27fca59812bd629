// Issue 17, item 2: an International Patient Summary document in <jc-care-summary>: the published IPS
// examples (test/data/ips), and documents derived from them in code. Every IPS section is mapped; the
// absent/unknown codes are the "none known" or "not available" statements they are, never items.
import { expect } from '@open-wc/testing';
import type { AllergyIntolerance, Bundle, Composition, CompositionSection, FhirResource, Flag, Observation, Procedure } from 'fhir/r4.js';
import { clock } from './data.js';
import { summaryAlone } from './harness.js';

async function published(name: string): Promise<Bundle> {
  return (await (await fetch(`/test/data/ips/${name}`)).json()) as Bundle;
}

const compositionOf = (b: Bundle) => b.entry![0].resource as Composition;
const patientRef = (b: Bundle) => ({ reference: compositionOf(b).subject!.reference! });

/** A document with a section (and its entries, as urn:uuid entries of the Bundle) added. */
function withSection(doc: Bundle, code: string, title: string, entries: FhirResource[], extra: Partial<CompositionSection> = {}): Bundle {
  const out = structuredClone(doc);
  const urls = entries.map((_, i) => `urn:uuid:5d2c0a7e-17e0-4c41-8d4e-${String(out.entry!.length + i).padStart(12, '0')}`);
  compositionOf(out).section = [
    ...(compositionOf(out).section ?? []),
    { title, code: { coding: [{ system: 'http://loinc.org', code }] }, entry: urls.map((reference) => ({ reference })), ...extra },
  ];
  out.entry = [...out.entry!, ...entries.map((resource, i) => ({ fullUrl: urls[i], resource }))];
  return out;
}

describe('<jc-care-summary> with an IPS document', () => {
  it('the IPS absent/unknown codes are "not available" statements, never items (published: bundle-no-info-required-sections)', async () => {
    const doc = await published('bundle-no-info-required-sections.json');
    const h = await summaryAlone({ bundle: doc, clock, sections: 'allergies problems medicines immunisations' });
    expect(h.safetyWarning()).to.equal(undefined);
    expect(h.statements('allergies')).to.deep.equal([{ kind: 'not-available', text: 'No information about allergies' }]);
    expect(h.statements('problems')).to.deep.equal([{ kind: 'not-available', text: 'No information about problems' }]);
    expect(h.statements('medicines')).to.deep.equal([{ kind: 'not-available', text: 'No information about medications' }]);
    for (const key of ['allergies', 'problems', 'medicines'] as const) {
      expect(h.items(key), key).to.have.length(0);
      expect(h.noneKnown(key), key).to.equal(null);
    }
    expect(h.count('immunisations')).to.equal('(2 items)');
    expect(h.asOf('problems')).to.contain('08-Jan-2022');
    await expect(h.el).to.be.accessible();
  });

  it('a SNOMED CT known absence is "none known", as coded, and looks different from "not available"', async () => {
    const doc = structuredClone(await published('Bundle-IPS-examples-Bundle-minimal.json'));
    const allergy = doc.entry!.find((e) => e.resource?.resourceType === 'AllergyIntolerance')!.resource as AllergyIntolerance;
    allergy.code = { coding: [{ system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy (situation)' }] };
    const h = await summaryAlone({ bundle: doc, clock, sections: 'allergies' });
    expect(h.statements('allergies')).to.deep.equal([{ kind: 'none-known', text: 'No known allergy (situation)' }]);
    expect(h.items('allergies')).to.have.length(0);
    const noneKnown = getComputedStyle(h.noneKnown()!).borderLeftColor;
    const h2 = await summaryAlone({ bundle: await published('bundle-no-info-required-sections.json'), clock, sections: 'allergies' });
    expect(getComputedStyle(h2.notAvailable('allergies')!).borderLeftColor).not.to.equal(noneKnown);
    expect(getComputedStyle(h2.notAvailable('allergies')!).borderTopStyle).to.equal('dashed');
  });

  it('every IPS section is mapped: procedures, vital signs with results, the others under "Other record entries" by their own title', async () => {
    const base = await published('Bundle-IPS-examples-Bundle-minimal.json');
    const subject = patientRef(base);
    const procedure: Procedure = {
      resourceType: 'Procedure',
      id: 'ips-proc',
      status: 'completed',
      subject,
      code: { coding: [{ system: 'http://snomed.info/sct', code: '80146002', display: 'Appendectomy' }] },
      performedDateTime: '2015-06-11',
    };
    const observation = (
      id: string,
      code: string,
      display: string,
      value: Partial<Observation>,
      effectiveDateTime: string,
    ): Observation => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      subject,
      code: { coding: [{ system: 'http://loinc.org', code, display }] },
      effectiveDateTime,
      ...value,
    });
    const smoking = observation(
      'ips-smoking',
      '72166-2',
      'Tobacco smoking status',
      { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '8517006', display: 'Ex-smoker' }] } },
      '2020-01-10',
    );
    const pulse = observation('ips-pulse', '8867-4', 'Heart rate', { valueQuantity: { value: 72, unit: 'beats/min' } }, '2020-12-01');
    const alert: Flag = { resourceType: 'Flag', id: 'ips-flag', status: 'active', subject, code: { text: 'Difficult airway' } };
    let doc = withSection(base, '47519-4', 'History of Procedures', [procedure]);
    doc = withSection(doc, '29762-2', 'Social History', [smoking]);
    doc = withSection(doc, '8716-3', 'Vital Signs', [pulse]);
    doc = withSection(doc, '104605-1', 'Alerts', [alert]);
    doc = withSection(doc, '47420-5', 'Functional Status', [], {
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Walks with a frame.</div>' },
    });
    const h = await summaryAlone({ bundle: doc, clock, sections: '' });
    expect(h.safetyWarning()).to.equal(undefined);
    expect(h.sectionKeys()).to.include.members(['procedures', 'uncategorised']);
    expect(h.titles('procedures')).to.deep.equal(['Appendectomy']);
    expect(h.titles('results')).to.deep.equal(['Heart rate']);
    expect(h.titles('uncategorised')).to.have.members(['Tobacco smoking status', 'Difficult airway']);
    expect(h.sectionText('uncategorised')).to.contain('Social History');
    expect(h.sectionText('uncategorised')).to.contain('Alerts');
    expect(h.titles('results')).not.to.include('Tobacco smoking status');
    // a section the document does not have
    expect(h.notAvailable('care-plans')!.textContent).to.contain('Not included in this summary document');
    await expect(h.el).to.be.accessible();
    // a section given as text only says so, with its text
    const text = await summaryAlone({
      bundle: withSection(base, '47420-5', 'Functional Status', [], {
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Walks with a frame.</div>' },
      }),
      clock,
      sections: 'uncategorised',
    });
    expect(text.notAvailable('uncategorised')!.textContent).to.contain('The document gives this section as text only: Walks with a frame.');
  });
});
