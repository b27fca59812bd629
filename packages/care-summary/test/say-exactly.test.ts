// Issue 17, item 4: the summary says exactly what the record says: negations as coded, who prescribed
// only from the requester or recorder, result status and interpretation both, trends by unit with
// censored values marked, unnamed items named as such, nothing printed twice, past medicines counted,
// several records of one medicine in one row. Every mount has the tests' clock.
import { expect } from '@open-wc/testing';
import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  Location,
  MedicationStatement,
  Observation,
  Organization,
  Practitioner,
  PractitionerRole,
  Procedure,
} from 'fhir/r4.js';
import { clock, now, personas } from './data.js';
import { summaryInContext, type CareSummaryHarness } from './harness.js';

const { a } = personas;
const SCT = 'http://snomed.info/sct';
const subject = { reference: `Patient/${a.patientId}` };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

const mount = (sections: string, resources: FhirResource[]): Promise<CareSummaryHarness> =>
  summaryInContext({ patientId: a.patientId, setting: 'secondary', clock, sections, resources });

const trust: Organization = {
  resourceType: 'Organization',
  id: 'org-trust',
  name: 'Northbridge University Hospitals NHS Foundation Trust',
  type: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code: 'RO197' }] }],
};
const practice: Organization = {
  resourceType: 'Organization',
  id: 'org-gp',
  name: 'Riverside Medical Practice',
  type: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code: 'RO76' }] }],
};
const surgeon: Practitioner = {
  resourceType: 'Practitioner',
  id: 'pr-surgeon',
  name: [{ family: 'Achebe', given: ['Ngozi'], prefix: ['Ms'] }],
};
const surgeonRole: PractitionerRole = {
  resourceType: 'PractitionerRole',
  id: 'prr-surgeon',
  practitioner: { reference: 'Practitioner/pr-surgeon' },
  organization: { reference: 'Organization/org-trust' },
};
const gp: Practitioner = { resourceType: 'Practitioner', id: 'pr-gp', name: [{ family: 'Okafor', given: ['Chidi'], prefix: ['Dr'] }] };
const gpRole: PractitionerRole = {
  resourceType: 'PractitionerRole',
  id: 'prr-gp',
  practitioner: { reference: 'Practitioner/pr-gp' },
  organization: { reference: 'Organization/org-gp' },
};
const directory = [trust, practice, surgeon, surgeonRole, gp, gpRole];

function observation(id: string, o: Partial<Observation>): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    subject,
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'HbA1c' }] },
    ...o,
  };
}

describe('<jc-care-summary> says exactly what the record says', () => {
  it('a negation is shown as coded: "No known drug allergy" is not "No known allergies"', async () => {
    const nkda: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'nkda',
      patient: subject,
      code: { coding: [{ system: SCT, code: '409137002', display: 'No known drug allergy' }] },
      recordedDate: daysAgo(40),
      recorder: { reference: 'PractitionerRole/prr-gp' },
    };
    const h = await mount('allergies', [nkda, ...directory]);
    expect(h.statements('allergies')).to.deep.equal([{ kind: 'none-known', text: 'No known drug allergy' }]);
    expect(h.sectionText('allergies')).not.to.contain('No known allergies');
    expect(h.noneKnown()!.textContent).to.contain('Riverside Medical Practice (GP practice)');
    // a code with no words: our wording of that exact code, never a wider one
    const coded = { ...nkda, id: 'nkfa', code: { coding: [{ system: SCT, code: '429625007' }] } };
    const h2 = await mount('allergies', [coded, ...directory]);
    expect(h2.statements('allergies')).to.deep.equal([{ kind: 'none-known', text: 'No known food allergy' }]);
    await expect(h.el).to.be.accessible();
  });

  it('who prescribed comes only from a requester or recorder; a patient-reported medicine says so, with its note', async () => {
    const statement = (
      id: string,
      name: string,
      informationSource: MedicationStatement['informationSource'],
      days: number,
    ): MedicationStatement => ({
      resourceType: 'MedicationStatement',
      id,
      status: 'active',
      subject,
      medicationCodeableConcept: { text: name },
      informationSource,
      dateAsserted: daysAgo(days),
    });
    const herbal: MedicationStatement = {
      ...statement('ms-herbal', 'St John’s wort 300mg tablets', subject, 20),
      note: [{ text: 'Bought from a health food shop; taken for low mood.' }],
      meta: { source: 'urn:ods:A81999' },
    };
    // the GP who recorded the statement is its information source, not its prescriber
    const recordedByGp = statement('ms-gp-noted', 'Omeprazole 20mg capsules', { reference: 'PractitionerRole/prr-gp' }, 30);
    const h = await mount('medicines', [herbal, recordedByGp, ...directory]);
    expect(h.field('medicines', 'St John’s wort 300mg tablets', 'Prescribed by')).to.equal('Not recorded');
    expect(h.field('medicines', 'St John’s wort 300mg tablets', 'Reported by')).to.equal('Patient reported');
    expect(h.field('medicines', 'St John’s wort 300mg tablets', 'Notes')).to.equal('Bought from a health food shop; taken for low mood.');
    expect(h.field('medicines', 'Omeprazole 20mg capsules', 'Prescribed by')).to.equal('Not recorded');
    expect(h.sourceOf('medicines', 'Omeprazole 20mg capsules')).to.equal('Riverside Medical Practice (GP practice)');
    await expect(h.el).to.be.accessible();
  });

  it('the same medicine recorded several times is one row with its history, not three rows', async () => {
    const statement = (id: string, days: number, dose: string): MedicationStatement => ({
      resourceType: 'MedicationStatement',
      id,
      status: 'active',
      subject,
      medicationCodeableConcept: { coding: [{ system: SCT, code: '325278004', display: 'Metformin 500mg tablets' }] },
      effectivePeriod: { start: daysAgo(days) },
      dateAsserted: daysAgo(days),
      dosage: [{ text: dose }],
    });
    const h = await mount('medicines', [
      statement('m1', 300, 'One twice a day'),
      statement('m2', 100, 'Two twice a day'),
      statement('m3', 10, 'Two twice a day'),
      ...directory,
    ]);
    expect(h.titles('medicines')).to.deep.equal(['Metformin 500mg tablets']);
    expect(h.field('medicines', 'Metformin 500mg tablets', 'Records')).to.equal('3');
    await h.showRecords('medicines', 'Metformin 500mg tablets');
    expect(h.historyTexts('medicines')).to.have.length(3);
    await expect(h.el).to.be.accessible();
  });

  it('result status and interpretation are both shown', async () => {
    const h = await mount('results', [
      observation('o-prelim', {
        status: 'preliminary',
        interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' }] }],
        valueQuantity: { value: 82, unit: 'mmol/mol' },
        effectiveDateTime: daysAgo(3),
      }),
    ]);
    expect(h.item('results', 'HbA1c').querySelector('[part=status]')!.textContent).to.equal('High · Preliminary');
  });

  it('a trend never mixes units: each unit is its own row; censored values (>90) are marked and no direction is made up', async () => {
    const hba1c = (id: string, days: number, value: number, unit: string) =>
      observation(id, { valueQuantity: { value, unit }, effectiveDateTime: daysAgo(days) });
    const egfr = (id: string, days: number, value: number, comparator?: '>') =>
      observation(id, {
        code: { coding: [{ system: 'http://loinc.org', code: '33914-3', display: 'eGFR' }] },
        valueQuantity: { value, unit: 'mL/min/1.73m2', ...(comparator ? { comparator } : {}) },
        effectiveDateTime: daysAgo(days),
      });
    const h = await mount('results', [
      hba1c('h1', 400, 7.9, '%'),
      hba1c('h2', 300, 8.1, '%'),
      hba1c('h3', 200, 64, 'mmol/mol'),
      hba1c('h4', 100, 71, 'mmol/mol'),
      egfr('e1', 90, 85),
      egfr('e2', 60, 90, '>'),
      egfr('e3', 30, 90, '>'),
    ]);
    expect(h.titles('results')).to.have.members(['HbA1c (%)', 'HbA1c (mmol/mol)', 'eGFR']);
    expect(h.trendLabel('HbA1c (mmol/mol)')).to.match(/^HbA1c \(mmol\/mol\) 71 mmol\/mol on .+, up from 64 on /);
    expect(h.trendLabel('HbA1c (%)')).to.match(/^HbA1c \(%\) 8\.1% on .+, up from 7\.9% on /);
    expect(h.field('results', 'eGFR', 'Value')).to.equal('>90 mL/min/1.73m2');
    const egfrTrend = h.trendLabel('eGFR')!;
    // >90 then >90: not "the same", not known
    expect(egfrTrend).to.match(/^eGFR >90 mL\/min\/1\.73m2 on [^,]+; >90 on /);
    expect(egfrTrend).to.contain('Some values are censored');
    expect(h.item('results', 'eGFR').querySelectorAll('svg[part=trend] .censored')).to.have.length(2);
    await expect(h.el).to.be.accessible();
  });

  it('an uncoded item reads "Unnamed problem (SNOMED CT 38341003)"; the onset is printed once', async () => {
    const unnamed: Condition = {
      resourceType: 'Condition',
      id: 'c-unnamed',
      subject,
      code: { coding: [{ system: SCT, code: '38341003' }] },
    };
    const dated: Condition = {
      resourceType: 'Condition',
      id: 'c-dated',
      subject,
      code: { text: 'Hypertension' },
      onsetDateTime: daysAgo(800),
      recordedDate: daysAgo(790),
    };
    const h = await mount('problems', [unnamed, dated]);
    expect(h.titles('problems')).to.deep.equal(['Hypertension', 'Unnamed problem (SNOMED CT 38341003)']);
    const text = h.itemText('problems', 'Hypertension');
    expect(text.match(/Onset/g)).to.have.length(1);
    expect(text.match(/Recorded/g)).to.have.length(1);
    await expect(h.el).to.be.accessible();
  });

  it('procedures: performed date, performer and location, in `sections` like the others', async () => {
    const theatre: Location = { resourceType: 'Location', id: 'loc-theatre', name: 'Northbridge General, Theatre 3' };
    const hip: Procedure = {
      resourceType: 'Procedure',
      id: 'proc-hip',
      status: 'completed',
      subject,
      code: { coding: [{ system: SCT, code: '52734007', display: 'Total replacement of hip' }] },
      performedDateTime: daysAgo(365),
      performer: [{ actor: { reference: 'PractitionerRole/prr-surgeon' } }],
      location: { reference: 'Location/loc-theatre' },
    };
    const h = await mount('problems procedures', [hip, theatre, ...directory]);
    expect(h.sectionKeys()).to.deep.equal(['problems', 'procedures']);
    expect(h.titles('procedures')).to.deep.equal(['Total replacement of hip']);
    expect(h.itemText('procedures', 'Total replacement of hip')).to.match(/Performed \d{2}-[A-Z][a-z]{2}-\d{4}/);
    expect(h.field('procedures', 'Total replacement of hip', 'Performed by')).to.equal(
      'ACHEBE, Ngozi (Ms), Northbridge University Hospitals NHS Foundation Trust (NHS trust)',
    );
    expect(h.field('procedures', 'Total replacement of hip', 'Location')).to.equal('Northbridge General, Theatre 3');
    expect(h.item('procedures', 'Total replacement of hip').querySelector('[part=status]')!.textContent).to.equal('Completed');
    await expect(h.el).to.be.accessible();
  });
});
