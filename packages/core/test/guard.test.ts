import { expect } from '@open-wc/testing';
import type { FhirResource } from 'fhir/r4.js';
import {
  belongsToPatient,
  guardResources,
  makePatientInContext,
  nhsNumberOf,
  normaliseNhsNumber,
  parseReference,
  patientIdFromReference,
  bundleResources,
  indexResources,
} from '../src/index.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const who = { id: 'pat-a', nhsNumber: '9990000018' };

const cond = (subject: object | undefined, id = 'c1') =>
  ({ resourceType: 'Condition', id, ...(subject ? { subject } : {}) }) as unknown as FhirResource;

describe('patient guard', () => {
  it('accepts a resource whose subject is the patient by id, in any reference form', () => {
    for (const reference of ['Patient/pat-a', 'https://fhir.example/R4/Patient/pat-a', 'Patient/pat-a/_history/3']) {
      expect(belongsToPatient(cond({ reference }), who), reference).to.equal('yes');
    }
  });

  it('accepts a subject given by NHS number identifier', () => {
    expect(belongsToPatient(cond({ identifier: { system: NHS, value: '999 000 0018' } }), who)).to.equal('yes');
  });

  it('refuses a resource about another patient, by id or by NHS number', () => {
    expect(belongsToPatient(cond({ reference: 'Patient/pat-b' }), who)).to.equal('no');
    expect(belongsToPatient(cond({ identifier: { system: NHS, value: '9990000026' } }), who)).to.equal('no');
    // id matches but the NHS number on the same reference contradicts it
    expect(belongsToPatient(cond({ reference: 'Patient/pat-a', identifier: { system: NHS, value: '9990000026' } }), who)).to.equal('no');
  });

  it('cannot confirm a resource with no subject, a contained or a non-patient subject', () => {
    expect(belongsToPatient(cond(undefined), who)).to.equal('unknown');
    expect(belongsToPatient(cond({ reference: '#p1' }), who)).to.equal('unknown');
    expect(belongsToPatient(cond({ reference: 'Group/g1' }), who)).to.equal('unknown');
    expect(belongsToPatient(cond({ display: 'John Smith' }), who)).to.equal('unknown');
    // we only know the NHS number but the reference is by id: unverifiable
    expect(belongsToPatient(cond({ reference: 'Patient/pat-a' }), { nhsNumber: '9990000018' })).to.equal('unknown');
    expect(belongsToPatient(null, who)).to.equal('unknown');
    expect(belongsToPatient('Condition', who)).to.equal('unknown');
  });

  it('checks each type at its own patient element', () => {
    const allergy = { resourceType: 'AllergyIntolerance', id: 'x', patient: { reference: 'Patient/pat-b' } };
    expect(belongsToPatient(allergy, who)).to.equal('no');
    const imm = { resourceType: 'Immunization', id: 'x', patient: { reference: 'Patient/pat-a' } };
    expect(belongsToPatient(imm, who)).to.equal('yes');
    const task = { resourceType: 'Task', id: 't', for: { reference: 'Patient/pat-a' }, focus: { reference: 'ServiceRequest/s' } };
    expect(belongsToPatient(task, who)).to.equal('yes');
    const appt = {
      resourceType: 'Appointment',
      id: 'ap',
      participant: [{ actor: { reference: 'Location/l1' } }, { actor: { reference: 'Patient/pat-b' } }],
    };
    expect(belongsToPatient(appt, who)).to.equal('no');
    const appt2 = { ...appt, participant: [{ actor: { reference: 'Practitioner/x' } }, { actor: { reference: 'Patient/pat-a' } }] };
    expect(belongsToPatient(appt2, who)).to.equal('yes');
  });

  it('treats shared reference data as shared, and checks Patient resources themselves', () => {
    expect(belongsToPatient({ resourceType: 'Organization', id: 'o' }, who)).to.equal('shared');
    expect(belongsToPatient({ resourceType: 'Medication', id: 'm' }, who)).to.equal('shared');
    const p = (id: string | undefined, nhs?: string) => ({
      resourceType: 'Patient',
      ...(id ? { id } : {}),
      ...(nhs ? { identifier: [{ system: NHS, value: nhs }] } : {}),
    });
    expect(belongsToPatient(p('pat-a'), who)).to.equal('yes');
    expect(belongsToPatient(p('pat-b'), who)).to.equal('no');
    expect(belongsToPatient(p('pat-a', '9990000026'), who)).to.equal('no');
    expect(belongsToPatient(p(undefined, '9990000018'), who)).to.equal('yes');
    expect(belongsToPatient(p(undefined), who)).to.equal('unknown');
  });

  it('guardResources splits accepted from refused, describing refusals without clinical content', () => {
    const resources = [
      cond({ reference: 'Patient/pat-a' }, 'mine'),
      cond({ reference: 'Patient/pat-b' }, 'theirs'),
      cond(undefined, 'orphan'),
      { resourceType: 'Organization', id: 'org' } as FhirResource,
      {
        resourceType: 'Observation',
        id: 'obs',
        subject: { reference: 'Patient/pat-a' },
        status: 'final',
        code: { text: 'secret' },
      } as FhirResource,
    ];
    const r = guardResources(resources, who, { expectedTypes: ['Condition'] });
    expect(r.accepted.map((x) => x.id)).to.deep.equal(['mine', 'org']);
    expect(r.rejected).to.deep.equal([
      { resourceType: 'Condition', id: 'theirs', reason: 'other-patient' },
      { resourceType: 'Condition', id: 'orphan', reason: 'no-subject' },
      { resourceType: 'Observation', id: 'obs', reason: 'unexpected-type' },
    ]);
    expect(JSON.stringify(r.rejected)).not.to.contain('secret');
    const r2 = guardResources([null, undefined, { id: 5 }] as never[], who);
    expect(r2.accepted).to.deep.equal([]);
    expect(r2.rejected[0]).to.deep.equal({ resourceType: 'Unknown', id: '(no id)', reason: 'no-subject' });
  });
});

describe('patient helpers', () => {
  it('normalises NHS numbers and reads them from a Patient', () => {
    expect(normaliseNhsNumber('999 000-0018')).to.equal('9990000018');
    expect(normaliseNhsNumber(9990000018)).to.equal('9990000018');
    expect(normaliseNhsNumber('12345')).to.equal(undefined);
    expect(normaliseNhsNumber({})).to.equal(undefined);
    expect(
      nhsNumberOf({
        resourceType: 'Patient',
        identifier: [
          { system: 'x', value: '1' },
          { system: NHS, value: '9990000018' },
        ],
      }),
    ).to.equal('9990000018');
    expect(nhsNumberOf(undefined)).to.equal(undefined);
  });

  it('makes a patient-in-context with a fresh key each time, or none without an identity', () => {
    const signal = new AbortController().signal;
    const a = makePatientInContext({ id: 'x' }, signal);
    const b = makePatientInContext({ id: 'x' }, signal);
    expect(a?.id).to.equal('x');
    expect(a?.key).not.to.equal(b?.key);
    expect(makePatientInContext({ id: '  ', nhsNumber: 'bad' }, signal)).to.equal(undefined);
    const c = makePatientInContext(
      { resource: { resourceType: 'Patient', id: 'r', identifier: [{ system: NHS, value: '9990000018' }] } },
      signal,
    );
    expect(c?.id).to.equal('r');
    expect(c?.nhsNumber).to.equal('9990000018');
  });

  it('parses references and bundles', () => {
    expect(patientIdFromReference('https://x/fhir/Patient/a1/_history/2')).to.equal('a1');
    expect(patientIdFromReference('Practitioner/a1')).to.equal(undefined);
    expect(patientIdFromReference(7)).to.equal(undefined);
    expect(parseReference('Organization/RAX')).to.deep.equal({ type: 'Organization', id: 'RAX' });
    expect(parseReference('nonsense')).to.equal(undefined);
    expect(parseReference(undefined)).to.equal(undefined);
    const b = {
      resourceType: 'Bundle' as const,
      type: 'searchset' as const,
      entry: [
        { resource: { resourceType: 'Patient' as const, id: 'p' } },
        {},
        { resource: { resourceType: 'Organization' as const, id: 'o' } },
      ],
    };
    expect(bundleResources(b).map((r) => r.id)).to.deep.equal(['p', 'o']);
    expect(bundleResources(b, 'Organization').map((r) => r.id)).to.deep.equal(['o']);
    expect(bundleResources(undefined)).to.deep.equal([]);
    expect([...indexResources(bundleResources(b)).keys()]).to.deep.equal(['Patient/p', 'Organization/o']);
  });
});
