import { expect } from '@open-wc/testing';
import type { AllergyIntolerance, Observation, Patient } from 'fhir/r4.js';
import { ClinicalRecord } from '@joinedcare/core';
import { patientIdOf } from '../src/index.js';

const BASE = 'https://fhir.example.nhs.uk/R4';
const obs = (subject: Observation['subject']): Observation => ({
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: {},
  subject,
});

describe('patientIdOf (whom a resource is about, through the clinical record)', () => {
  it('reads relative, versioned and same-server absolute references alike', () => {
    const forms = ['Patient/p1', 'Patient/p1/_history/3', `${BASE}/Patient/p1`, `${BASE}/Patient/p1/_history/3`];
    for (const reference of forms) {
      const r = obs({ reference });
      expect(patientIdOf(r, new ClinicalRecord([r], { baseUrl: BASE })), reference).to.equal('p1');
    }
  });

  it("is not another server's patient, nor a patient local to a document", () => {
    const other = obs({ reference: 'https://elsewhere.example/fhir/Patient/p1' });
    expect(patientIdOf(other, new ClinicalRecord([other], { baseUrl: BASE }))).to.equal(undefined);
    const contained: Observation = { ...obs({ reference: '#p' }), contained: [{ resourceType: 'Patient', id: 'p' }] };
    expect(patientIdOf(contained)).to.equal(undefined);
    expect(patientIdOf(obs({ reference: 'Practitioner/x' }))).to.equal(undefined);
  });

  it('finds the Patient the record holds by NHS number, and reads `patient` when there is no `subject`', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      id: 'p9',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }],
    };
    const byNumber = obs({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '999 000 0018' } });
    expect(patientIdOf(byNumber, new ClinicalRecord([patient, byNumber]))).to.equal('p9');
    const allergy: AllergyIntolerance = { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p2' } };
    expect(patientIdOf(allergy)).to.equal('p2');
  });
});
