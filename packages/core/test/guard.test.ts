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

describe('patient guard: Provenance', () => {
  const task = (id: string, patient: string) => ({ resourceType: 'Task', id, for: { reference: `Patient/${patient}` } });
  const sr = (id: string, patient: string) => ({ resourceType: 'ServiceRequest', id, subject: { reference: `Patient/${patient}` } });
  const prov = (id: string, target?: unknown) => ({
    resourceType: 'Provenance',
    id,
    recorded: '2026-11-01T10:00:00Z',
    agent: [{ who: { reference: 'Organization/o1', display: 'A Trust' } }],
    ...(target === undefined ? {} : { target }),
  });

  it('accepts a Provenance whose every target was accepted in the same call (any reference form)', () => {
    const r = guardResources(
      [
        prov('p1', [{ reference: 'Task/t1/_history/2' }, { reference: 'https://fhir.example/R4/ServiceRequest/s1' }]),
        task('t1', 'pat-a'),
        sr('s1', 'pat-a'),
        prov('p2', [{ reference: 'Task/t1' }]),
      ],
      who,
    );
    expect(r.accepted.map((x) => x.id)).to.deep.equal(['p1', 't1', 's1', 'p2']);
    expect(r.rejected).to.deep.equal([]);
  });

  it("refuses a Provenance when any target is another patient's resource, naming the reason", () => {
    const r = guardResources(
      [
        task('t1', 'pat-a'),
        task('t2', 'pat-b'),
        prov('mixed', [{ reference: 'Task/t1' }, { reference: 'Task/t2' }]),
        prov('theirs', [{ reference: 'Task/t2/_history/1' }]),
        prov('patient-b', [{ reference: 'Task/t1' }, { reference: 'Patient/pat-b' }]),
      ],
      who,
    );
    expect(r.accepted.map((x) => x.id)).to.deep.equal(['t1']);
    expect(r.rejected).to.deep.equal([
      { resourceType: 'Task', id: 't2', reason: 'other-patient' },
      { resourceType: 'Provenance', id: 'mixed', reason: 'other-patient' },
      { resourceType: 'Provenance', id: 'theirs', reason: 'other-patient' },
      { resourceType: 'Provenance', id: 'patient-b', reason: 'other-patient' },
    ]);
  });

  it('refuses a Provenance with no target, an unknown target or an unusable one', () => {
    const r = guardResources(
      [
        task('t1', 'pat-a'),
        prov('none'),
        prov('empty', []),
        prov('unknown', [{ reference: 'Task/elsewhere' }]),
        prov('partly-unknown', [{ reference: 'Task/t1' }, { reference: 'Task/elsewhere' }]),
        prov('contained', [{ reference: '#x' }]),
        prov('display-only', [{ display: 'a task' }]),
        prov('garbage', 'Task/t1'),
        { resourceType: 'Provenance', id: undefined },
      ],
      who,
    );
    expect(r.accepted.map((x) => x.id)).to.deep.equal(['t1']);
    expect(r.rejected.map((x) => `${x.id}:${x.reason}`)).to.deep.equal([
      'none:no-subject',
      'empty:no-subject',
      'unknown:no-subject',
      'partly-unknown:no-subject',
      'contained:no-subject',
      'display-only:no-subject',
      'garbage:no-subject',
      '(no id):no-subject',
    ]);
  });

  it('does not count refused or other-type resources as accepted targets, and keeps expectedTypes', () => {
    const r = guardResources([cond({ reference: 'Patient/pat-a' }, 'c1'), prov('p', [{ reference: 'Condition/c1' }])], who, {
      expectedTypes: ['Task', 'Provenance'],
    });
    expect(r.accepted).to.deep.equal([]);
    expect(r.rejected).to.deep.equal([
      { resourceType: 'Condition', id: 'c1', reason: 'unexpected-type' },
      { resourceType: 'Provenance', id: 'p', reason: 'no-subject' },
    ]);
    const r2 = guardResources([task('t1', 'pat-a'), prov('p', [{ reference: 'Task/t1' }])], who, { expectedTypes: ['Task'] });
    expect(r2.rejected).to.deep.equal([{ resourceType: 'Provenance', id: 'p', reason: 'unexpected-type' }]);
    // a Provenance is never a target that makes another Provenance acceptable
    const r3 = guardResources(
      [task('t1', 'pat-a'), prov('p1', [{ reference: 'Task/t1' }]), prov('p2', [{ reference: 'Provenance/p1' }])],
      who,
    );
    expect(r3.accepted.map((x) => x.id)).to.deep.equal(['t1', 'p1']);
    expect(belongsToPatient(prov('p', [{ reference: 'Task/t1' }]), who)).to.equal('unknown');
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

describe('patient guard: resources that belong to a parent', () => {
  const who = { id: 'pat-a', nhsNumber: '9990000018' };
  const request = (id: string, patient: string) => ({
    resourceType: 'CommunicationRequest',
    id,
    subject: { reference: `Patient/${patient}` },
  });
  const message = (id: string, parent: string, field: 'partOf' | 'basedOn' | 'inResponseTo' = 'partOf') => ({
    resourceType: 'Communication',
    id,
    [field]: [{ reference: parent }],
  });

  it('an e-RS Communication with no subject is accepted through the CommunicationRequest it is part of', () => {
    const r = guardResources(
      [request('cr1', 'pat-a'), message('m1', 'CommunicationRequest/cr1'), message('m2', 'Communication/m1', 'inResponseTo')],
      who,
    );
    expect(r.accepted.map((x) => x.id)).to.deep.equal(['cr1', 'm1', 'm2']);
    expect(r.rejected).to.deep.equal([]);
  });

  it('is refused as another patient’s when its request is, and as unconfirmed when its request is not in the call', () => {
    const r = guardResources(
      [request('cr2', 'pat-b'), message('m3', 'CommunicationRequest/cr2', 'basedOn'), message('m4', 'CommunicationRequest/missing')],
      who,
    );
    expect(r.rejected).to.deep.equal([
      { resourceType: 'CommunicationRequest', id: 'cr2', reason: 'other-patient' },
      { resourceType: 'Communication', id: 'm3', reason: 'other-patient' },
      { resourceType: 'Communication', id: 'm4', reason: 'no-subject' },
    ]);
  });
});
