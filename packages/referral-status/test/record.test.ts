// The referral model reads through core's clinical record: every reference form groups a Task,
// an Appointment or a Provenance with its referral, and organisations are named with core's wording.
import { expect } from '@open-wc/testing';
import type { Appointment, Bundle, FhirResource, Organization, Provenance, ServiceRequest, Task } from 'fhir/r4.js';
import { buildPersonas, referral } from '@joinedcare/fixtures';
import { ClinicalRecord, describeOrganisation, organisationLabel, SYSTEM } from '@joinedcare/core';
import { buildReferrals, groupReferrals } from '../src/index.js';
import { useFixtureServer } from './server.js';

const now = new Date('2026-11-22T12:00:00Z');
const opts = { now, patientId: 'pat-r' };
const BASE_URL = 'https://fhir.example.nhs.uk/R4';
const ERS = 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState';
const directory = buildPersonas({ now }).directory;

/** A referral with one Task (Booked), one booked Appointment and no Provenance. */
function booked(slug: string) {
  const [sr, task, appt] = referral({ slug, state: 'BOOKED', daysAgo: 30, appointment: 'booked' }, opts) as [
    ServiceRequest,
    Task,
    Appointment,
  ];
  return { sr, task: { ...task, basedOn: [] } as Task, appt };
}
const stateRecorded = (id: string, target: string, extra: Partial<Provenance> = {}): Provenance => ({
  resourceType: 'Provenance',
  id,
  target: [{ reference: target }],
  recorded: '2026-11-10T09:00:00Z',
  activity: { coding: [{ system: ERS, code: 'TRIAGED_PROVIDER_TO_ACTION' }] },
  agent: [{ who: { display: 'Dr Lee' } }],
  ...extra,
});
const groupOf = (input: readonly unknown[] | ClinicalRecord) => {
  const { groups } = groupReferrals(input);
  expect(groups).to.have.length(1);
  return groups[0];
};

describe('record: every reference form groups with its referral', () => {
  it('a Task whose focus is an absolute URL of the same server', () => {
    const { sr, task } = booked('abs');
    const t = { ...task, focus: { reference: `${BASE_URL}/ServiceRequest/${sr.id}` } };
    const g = groupOf(new ClinicalRecord([sr, t], { baseUrl: BASE_URL }));
    expect(g.tasks).to.deep.equal([t]);
    expect(buildReferrals(new ClinicalRecord([sr, t], { baseUrl: BASE_URL }), { now })[0].state.code).to.equal('BOOKED');
  });

  it('but not an absolute URL of another server that happens to use the same id', () => {
    const { sr, task } = booked('other');
    const elsewhere = { ...task, focus: { reference: `https://elsewhere.example/fhir/ServiceRequest/${sr.id}` } };
    expect(groupOf(new ClinicalRecord([sr, elsewhere], { baseUrl: BASE_URL })).tasks).to.deep.equal([]);
  });

  it('versioned references: a Task, an Appointment and a Provenance', () => {
    const { sr, task, appt } = booked('ver');
    const t = { ...task, focus: { reference: `ServiceRequest/${sr.id}/_history/2` } };
    const a = { ...appt, basedOn: [{ reference: `${BASE_URL}/ServiceRequest/${sr.id}/_history/1` }] };
    const p = stateRecorded('p-ver', `Task/${task.id}/_history/4`);
    const g = groupOf(new ClinicalRecord([sr, t, a, p], { baseUrl: BASE_URL }));
    expect([g.tasks.length, g.appointments.length, g.provenances?.length]).to.deep.equal([1, 1, 1]);
    const [r] = buildReferrals(new ClinicalRecord([sr, t, a, p], { baseUrl: BASE_URL }), { now });
    expect(r.timeline.map((e) => [e.text, e.byText])).to.deep.include(['Triaged - Provider To Action', 'by Dr Lee']);
  });

  it('urn:uuid: references in a Bundle, through each entry’s fullUrl', () => {
    const { sr, task, appt } = booked('urn');
    const urn = { sr: 'urn:uuid:6f0c3b52-0d8a-4a57-9f7e-1a2b3c4d5e01', task: 'urn:uuid:6f0c3b52-0d8a-4a57-9f7e-1a2b3c4d5e02' };
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: urn.sr, resource: sr },
        { fullUrl: urn.task, resource: { ...task, focus: { reference: urn.sr } } },
        { fullUrl: 'urn:uuid:6f0c3b52-0d8a-4a57-9f7e-1a2b3c4d5e03', resource: { ...appt, basedOn: [{ reference: urn.sr }] } },
        { fullUrl: 'urn:uuid:6f0c3b52-0d8a-4a57-9f7e-1a2b3c4d5e04', resource: stateRecorded('p-urn', urn.task) },
      ],
    };
    const record = ClinicalRecord.fromBundle(bundle);
    const g = groupOf(record);
    expect([g.tasks.length, g.appointments.length, g.provenances?.length]).to.deep.equal([1, 1, 1]);
    const [r] = buildReferrals(record, { now });
    expect(r.state.code).to.equal('BOOKED');
    expect(r.appointment?.outcome).to.equal('booked');
    expect(r.timeline.map((e) => e.text)).to.include('Triaged - Provider To Action');
  });

  it('a requester contained in the referral is named', () => {
    const { sr } = booked('contained');
    const withContained: ServiceRequest = {
      ...sr,
      contained: [{ resourceType: 'Practitioner', id: 'gp', name: [{ family: 'Ahmed', given: ['Sara'], prefix: ['Dr'] }] }],
      requester: { reference: '#gp' },
    };
    expect(buildReferrals([withContained], { now })[0].requester).to.equal('AHMED, Sara (Dr)');
  });
});

describe('record: organisations are named through core', () => {
  const org = (ods: string, name: string, roles: string[]): Organization => ({
    resourceType: 'Organization',
    id: `org-${ods}`,
    name,
    identifier: [{ system: SYSTEM.ods, value: ods }],
    ...(roles.length ? { type: roles.map((code) => ({ coding: [{ system: SYSTEM.orgRole, code }] })) } : {}),
  });
  /** A referral last updated at the organisation with `ods` (meta.source: where the record was held, not who changed it). */
  const updatedAt = (ods: string): ServiceRequest => {
    const { sr } = booked(`org-${ods.toLowerCase()}`);
    return { ...sr, meta: { lastUpdated: '2026-11-20T10:00:00Z', source: `urn:ods:${ods}` } };
  };

  for (const [roles, kind] of [
    [['RO177'], 'community, urgent care or other'],
    [[], 'setting not known'],
    [['RO76'], 'GP practice'],
    [['RO197'], 'NHS trust'],
  ] as const) {
    it(`an Organization with ${roles.length ? roles.join(', ') : 'no role'} is "(${kind})", in core's words`, () => {
      const o = org('Y1234', 'Moorland Urgent Care', [...roles]);
      const [r] = buildReferrals([updatedAt('Y1234'), o], { now });
      const label = organisationLabel(describeOrganisation(o));
      expect(label).to.equal(`Moorland Urgent Care (${kind})`);
      expect(r.updatedText).to.match(
        new RegExp(`^Updated 20-Nov-2026 \\(.+\\); record held by ${label!.replace(/[()]/g, '\\$&')}; who changed it is not recorded$`),
      );
    });
  }

  it('an organisation known only by its ODS code says its setting is not known', () => {
    const [r] = buildReferrals([updatedAt('Q9Z')], { now });
    expect(r.updatedText).to.match(/record held by Q9Z \(setting not known\); who changed it is not recorded$/);
  });

  it('a Provenance agent given only by an ODS identifier is named', () => {
    const { sr, task } = booked('ods-agent');
    const p = stateRecorded('p-ods', `Task/${task.id}`, { agent: [{ who: { identifier: { system: SYSTEM.ods, value: 'R9A' } } }] });
    const [r] = buildReferrals([sr, task, p, ...directory], { now });
    const row = r.timeline.find((e) => e.text === 'Triaged - Provider To Action')!;
    expect(row.byText).to.equal('by Northbridge University Hospitals NHS Foundation Trust');
    // without the Organization at hand, the ODS code names it
    const [bare] = buildReferrals([sr, task, p], { now });
    expect(bare.timeline.find((e) => e.text === 'Triaged - Provider To Action')!.byText).to.equal('by R9A');
  });
});

describe('record: through the client, the server’s base URL decides', () => {
  const fhir = useFixtureServer();
  const forD = { now, patientId: buildPersonas({ now }).personas.d.patientId };

  it('a Task pointing at our ServiceRequest by absolute URL groups with it; one pointing at another server does not', async () => {
    const { inContext, store } = fhir;
    const [sr, task] = referral({ slug: 'abs-live', state: 'BOOKED', daysAgo: 30 }, forD) as [ServiceRequest, Task];
    const ours: Task = { ...task, basedOn: [], focus: { reference: `${location.origin}/referral-fhir/ServiceRequest/${sr.id}` } };
    const theirs: Task = {
      ...task,
      id: `${task.id}-elsewhere`,
      basedOn: [],
      focus: { reference: `https://elsewhere.example/fhir/ServiceRequest/${sr.id}` },
      lastModified: '2026-11-21T10:00:00Z',
      businessStatus: { coding: [{ system: ERS, code: 'REJECTED' }] },
    };
    store([sr, ours, theirs] as FhirResource[]);
    const h = await inContext();
    expect(h.items()).to.have.length(1);
    expect(h.items()[0].state).to.equal('Booked');
    expect(h.text).not.to.contain('Rejected');
  });
});
