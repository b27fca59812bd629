import { expect } from '@open-wc/testing';
import type { Bundle, FhirResource, Organization } from 'fhir/r4.js';
import {
  ClinicalRecord,
  attributionsOf,
  belongsToPatient,
  describeOrganisation,
  guardResources,
  isFhirId,
  isPatientReported,
  odsFromMetaSource,
  organisationKind,
  organisationLabel,
  organisationOf,
  originOf,
  parseReferenceString,
} from '../src/index.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const NHS_STU3 = 'http://fhir.nhs.net/Id/nhs-number';
const ROLE = 'https://fhir.nhs.uk/CodeSystem/organisation-role';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

const org = (id: string, roles: string[], ods?: string, name = `Org ${id}`): Organization => ({
  resourceType: 'Organization',
  id,
  name,
  ...(ods ? { identifier: [{ system: ODS, value: ods }] } : {}),
  type: roles.map((code) => ({ coding: [{ system: ROLE, code }] })),
});

/** The published IPS example (HL7/fhir-ips), fetched from the test server. */
async function publishedIps(): Promise<Bundle> {
  const r = await fetch('/test/data/ips/Bundle-IPS-examples-Bundle-minimal.json');
  return (await r.json()) as Bundle;
}

/**
 * The published example written as many IPS producers write documents: every reference is the
 * target entry's `urn:uuid:` fullUrl, and the Patient carries an NHS number.
 */
function asUrnDocument(bundle: Bundle, nhsNumber: string): Bundle {
  const urls = new Map<string, string>();
  for (const e of bundle.entry ?? []) if (e.resource?.id && e.fullUrl) urls.set(`${e.resource.resourceType}/${e.resource.id}`, e.fullUrl);
  const text = JSON.stringify(bundle).replace(/"reference":"([A-Za-z]+\/[A-Za-z0-9\-.]+)"/g, (m, ref: string) =>
    urls.has(ref) ? `"reference":"${urls.get(ref)}"` : m,
  );
  const doc = JSON.parse(text) as Bundle;
  const patient = doc.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as { identifier?: unknown[] };
  patient.identifier = [{ system: NHS, value: nhsNumber }];
  return doc;
}

describe('record layer: references', () => {
  it('parses every reference form', () => {
    expect(parseReferenceString('Patient/1')).to.deep.equal({ form: 'relative', type: 'Patient', id: '1' });
    expect(parseReferenceString('Patient/1/_history/2')).to.deep.equal({ form: 'relative', type: 'Patient', id: '1', version: '2' });
    expect(parseReferenceString('https://fhir.example/R4/Task/t1/_history/3')).to.include({
      form: 'absolute',
      base: 'https://fhir.example/R4',
      type: 'Task',
      id: 't1',
      version: '3',
    });
    expect(parseReferenceString('#med1')).to.deep.equal({ form: 'contained', id: 'med1' });
    expect(parseReferenceString('#')).to.deep.equal({ form: 'contained', id: '' });
    expect(parseReferenceString('urn:uuid:30551CE1-5a28-4356-b684-1e639094ad4d')).to.deep.equal({
      form: 'urn',
      urn: 'urn:uuid:30551ce1-5a28-4356-b684-1e639094ad4d',
    });
    expect(parseReferenceString('Patient/..')).to.deep.equal({ form: 'unparseable', value: 'Patient/..' });
    expect(parseReferenceString('not a reference')).to.deep.equal({ form: 'unparseable', value: 'not a reference' });
    expect(parseReferenceString(undefined)).to.equal(undefined);
    expect(parseReferenceString('  ')).to.equal(undefined);
  });

  it('validates FHIR ids: dots alone are path segments, not ids', () => {
    expect(isFhirId('p1')).to.equal(true);
    expect(isFhirId('a.b-c')).to.equal(true);
    expect(isFhirId('..')).to.equal(false);
    expect(isFhirId('.')).to.equal(false);
    expect(isFhirId('a/b')).to.equal(false);
    expect(isFhirId('x'.repeat(65))).to.equal(false);
    expect(isFhirId(42)).to.equal(false);
  });

  it('resolves relative, versioned and same-server absolute references; another server does not resolve', () => {
    const task = { resourceType: 'Task', id: 't1', meta: { versionId: '3' } } as FhirResource;
    const record = new ClinicalRecord([task], { baseUrl: 'https://fhir.example/R4/' });
    for (const reference of [
      'Task/t1',
      'Task/t1/_history/3',
      'https://fhir.example/R4/Task/t1',
      'HTTPS://FHIR.EXAMPLE/R4/Task/t1/_history/3',
    ]) {
      const r = record.resolve({ reference });
      expect(r.kind, reference).to.equal('resource');
      if (r.kind === 'resource') expect(r.resource).to.equal(task);
    }
    const v = record.resolve({ reference: 'Task/t1/_history/3' });
    expect(v.kind === 'resource' && v.version).to.equal('3');
    expect(record.resolve({ reference: 'https://other-trust.example/fhir/Task/t1' })).to.include({
      kind: 'unresolvable',
      reason: 'other-server',
    });
    expect(record.resolve({ reference: 'Task/t2' })).to.include({ kind: 'unresolvable', reason: 'not-in-record', key: 'Task/t2' });
  });

  it('without a known server, an absolute reference is matched by type and id', () => {
    const task = { resourceType: 'Task', id: 't1' } as FhirResource;
    const r = new ClinicalRecord([task]).resolve({ reference: 'https://anywhere.example/fhir/Task/t1' });
    expect(r.kind).to.equal('resource');
  });

  it('resolves contained resources from the resource that holds them, and from a sibling', () => {
    const request = {
      resourceType: 'ServiceRequest',
      id: 'sr1',
      contained: [
        { resourceType: 'Practitioner', id: 'requester', name: [{ family: 'Okafor', given: ['Amara'] }] },
        { resourceType: 'PractitionerRole', id: 'role', practitioner: { reference: '#requester' }, organization: { reference: '#org' } },
        {
          resourceType: 'Organization',
          id: 'org',
          name: 'Riverside Medical Practice',
          type: [{ coding: [{ system: ROLE, code: 'RO76' }] }],
        },
      ],
      requester: { reference: '#role' },
    } as unknown as FhirResource;
    const record = new ClinicalRecord([request]);
    const r = record.resolve((request as { requester: unknown }).requester, request);
    expect(r.kind === 'resource' && r.resource.resourceType).to.equal('PractitionerRole');
    expect(r.kind === 'resource' && r.local).to.equal(true);
    // the role names its practitioner and organisation as siblings
    const info = organisationOf(record, (request as { requester: unknown }).requester, request);
    expect(info).to.include({ name: 'Riverside Medical Practice', kind: 'gp-practice', setting: 'primary' });
    // `#` names the container
    const role = (request as { contained: FhirResource[] }).contained[1];
    const back = record.resolve({ reference: '#' }, role);
    expect(back.kind === 'resource' && back.resource).to.equal(request);
    expect(record.resolve({ reference: '#missing' }, request)).to.include({ kind: 'unresolvable', reason: 'contained-missing' });
    expect(record.resolve({ reference: '#requester' })).to.include({ kind: 'unresolvable', reason: 'contained-missing' });
  });

  it('resolves urn:uuid: references through the Bundle’s fullUrls (the published IPS example, as a urn document)', async () => {
    const doc = asUrnDocument(await publishedIps(), '9990000018');
    const record = ClinicalRecord.fromBundle(doc);
    const condition = record.ofType('Condition')[0];
    const r = record.resolve((condition as { subject: unknown }).subject, condition);
    expect(r.kind).to.equal('resource');
    if (r.kind === 'resource') {
      expect(r.resource.resourceType).to.equal('Patient');
      expect(r.via).to.equal('urn');
      expect(r.local).to.equal(true);
    }
    expect(record.resolve({ reference: 'urn:uuid:00000000-0000-0000-0000-000000000000' })).to.include({
      kind: 'unresolvable',
      reason: 'not-in-record',
    });
  });

  it('resolves identifier-only references (NHS number, ODS code, UBRN) to the resource, else to the identifier', () => {
    const patient = { resourceType: 'Patient', id: 'p1', identifier: [{ system: NHS, value: '9990000018' }] } as FhirResource;
    const trust = org('t', ['RO197'], 'R9A');
    const sr = {
      resourceType: 'ServiceRequest',
      id: 'sr1',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/UBRN', value: '000011112222' }],
    };
    const record = new ClinicalRecord([patient, trust, sr]);
    const byNhs = record.resolve({ identifier: { system: NHS_STU3, value: '999 000 0018' } });
    expect(byNhs.kind === 'resource' && byNhs.resource).to.equal(patient);
    const byOds = record.resolve({ identifier: { system: ODS, value: 'r9a' } });
    expect(byOds.kind === 'resource' && byOds.resource).to.equal(trust);
    const byUbrn = record.resolve({ identifier: { system: 'https://fhir.nhs.uk/Id/UBRN', value: '0000 1111 2222' } });
    expect(byUbrn.kind === 'resource' && byUbrn.resource).to.equal(sr);
    expect(record.resolve({ identifier: { system: ODS, value: 'A81999' } })).to.deep.equal({
      kind: 'identifier',
      system: ODS,
      value: 'A81999',
    });
    // never silently nothing
    expect(record.resolve({ display: 'Dr Nobody' })).to.include({ kind: 'unresolvable', reason: 'absent' });
    expect(record.resolve(null)).to.include({ kind: 'unresolvable', reason: 'absent' });
    expect(record.resolve({ reference: '%%' })).to.include({ kind: 'unresolvable', reason: 'malformed' });
  });
});

describe('record layer: the patient guard on resolved references', () => {
  it('does not refuse a real IPS document written with urn:uuid references', async () => {
    const doc = asUrnDocument(await publishedIps(), '9990000018');
    const record = ClinicalRecord.fromBundle(doc);
    const resources = record.resources.filter((r) => r.resourceType !== 'Composition');
    // context: a patient id on our server (not the document's id) and the NHS number
    const { accepted, rejected } = guardResources(resources, { id: 'server-id-1', nhsNumber: '9990000018' }, { record });
    expect(rejected).to.deep.equal([]);
    expect(accepted.map((r) => r.resourceType)).to.include.members(['Patient', 'Condition', 'MedicationStatement', 'AllergyIntolerance']);
  });

  it('still refuses, visibly, a document resource whose subject resolves to another patient', async () => {
    const doc = asUrnDocument(await publishedIps(), '9990000018');
    doc.entry!.push(
      {
        fullUrl: 'urn:uuid:11111111-2222-3333-4444-555555555555',
        resource: { resourceType: 'Patient', identifier: [{ system: NHS, value: '9990000026' }] },
      },
      {
        fullUrl: 'urn:uuid:11111111-2222-3333-4444-666666666666',
        resource: {
          resourceType: 'Condition',
          id: 'other',
          subject: { reference: 'urn:uuid:11111111-2222-3333-4444-555555555555' },
        },
      },
    );
    const record = ClinicalRecord.fromBundle(doc);
    const { rejected } = guardResources(record.resources, { nhsNumber: '9990000018' }, { record });
    expect(rejected.map((r) => `${r.resourceType}/${r.id}/${r.reason}`)).to.have.members([
      'Patient/(no id)/other-patient',
      'Condition/other/other-patient',
    ]);
  });

  it('an absolute reference to another server is not this server’s patient', () => {
    const cond = { resourceType: 'Condition', id: 'c', subject: { reference: 'https://other-trust.example/fhir/Patient/p1' } };
    expect(guardResources([cond], { id: 'p1' }, { baseUrl: 'https://fhir.example/R4' }).rejected).to.deep.equal([
      { resourceType: 'Condition', id: 'c', reason: 'no-subject' },
    ]);
    expect(guardResources([cond], { id: 'p1' }, { baseUrl: 'https://other-trust.example/fhir' }).accepted).to.have.length(1);
  });

  it('reads STU3 NHS numbers and contained patients', () => {
    const who = { nhsNumber: '9990000018' };
    const stu3 = { resourceType: 'Condition', id: 'c', subject: { identifier: { system: NHS_STU3, value: '9990000018' } } };
    expect(belongsToPatient(stu3, who)).to.equal('yes');
    const contained = {
      resourceType: 'Condition',
      id: 'c2',
      contained: [{ resourceType: 'Patient', id: 'pt', identifier: [{ system: NHS, value: '9990000026' }] }],
      subject: { reference: '#pt' },
    };
    expect(belongsToPatient(contained, who)).to.equal('no');
  });
});

describe('record layer: one organisation → setting rule', () => {
  const cases: Array<[string[], string, string | undefined]> = [
    [['RO76'], 'gp-practice', 'primary'],
    [['RO177', 'RO76'], 'gp-practice', 'primary'],
    [['RO197'], 'nhs-trust', 'secondary'],
    [['RO198'], 'nhs-trust', 'secondary'],
    [['RO57'], 'nhs-trust', 'secondary'],
    [['RO172'], 'independent-sector', 'secondary'],
    [['RO80'], 'community-urgent-other', undefined],
    [['RO87'], 'community-urgent-other', undefined],
    [['RO177'], 'community-urgent-other', undefined],
    [[], 'unknown', undefined],
  ];
  for (const [roles, kind, setting] of cases) {
    it(`${roles.join('+') || 'no role'}: ${kind}`, () => {
      const info = describeOrganisation(org('x', roles, 'X1'));
      expect(info.kind).to.equal(kind);
      expect(info.setting).to.equal(setting);
    });
  }

  it('guesses nothing from names, ODS code shapes or URLs', () => {
    expect(
      organisationKind({ resourceType: 'Organization', name: 'Riverside GP Practice', identifier: [{ system: ODS, value: 'A81999' }] }),
    ).to.equal('unknown');
    expect(
      organisationKind({ resourceType: 'Organization', name: 'Northbridge Hospital', identifier: [{ system: ODS, value: 'R9A' }] }),
    ).to.equal('unknown');
    // a role code in a system that is not an ODS role system is not a role
    expect(
      organisationKind({ resourceType: 'Organization', type: [{ coding: [{ system: 'http://example.org/x', code: 'RO76' }] }] }),
    ).to.equal('unknown');
    expect(odsFromMetaSource('https://gp.example/fhir/A81999')).to.equal(undefined);
    expect(odsFromMetaSource('urn:ods:a81999')).to.equal('A81999');
  });

  it('reads the ODS API role extension', () => {
    const o = {
      resourceType: 'Organization',
      extension: [
        {
          url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-ODSAPI-OrganizationRole-1',
          extension: [
            {
              url: 'role',
              valueCoding: { system: 'https://directory.spineservices.nhs.uk/STU3/CodeSystem/ODSAPI-OrganizationRole-1', code: 'RO76' },
            },
            { url: 'primaryRole', valueBoolean: false },
          ],
        },
      ],
    };
    expect(organisationKind(o)).to.equal('gp-practice');
  });

  it('labels say the kind, and say when it is not known', () => {
    expect(organisationLabel(describeOrganisation(org('g', ['RO76'], 'A81999', 'Riverside Medical Practice')))).to.equal(
      'Riverside Medical Practice (GP practice)',
    );
    expect(organisationLabel(describeOrganisation(org('t', ['RO198'], 'R9A01', 'Northbridge General')))).to.equal(
      'Northbridge General (NHS trust)',
    );
    expect(organisationLabel(describeOrganisation(undefined, { odsCode: 'B82999' }))).to.equal('B82999 (setting not known)');
    expect(organisationLabel(describeOrganisation(undefined))).to.equal(undefined);
  });
});

describe('record layer: provenance from the clinical fields', () => {
  const gp = org('gp', ['RO76'], 'A81999', 'Riverside Medical Practice');
  const trust = org('trust', ['RO197'], 'R9A', 'Northbridge Trust');
  const prac = { resourceType: 'Practitioner', id: 'dr', name: [{ family: 'Okafor', given: ['Amara'], prefix: ['Dr'] }] };
  const role = {
    resourceType: 'PractitionerRole',
    id: 'role',
    practitioner: { reference: 'Practitioner/dr' },
    organization: { reference: 'Organization/gp' },
    code: [{ text: 'General practitioner' }],
  };

  it('names who recorded an item and where, through their PractitionerRole', () => {
    const cond = {
      resourceType: 'Condition',
      id: 'c',
      recorder: { reference: 'Practitioner/dr' },
      meta: { source: 'urn:ods:R9A' },
    } as FhirResource;
    const record = new ClinicalRecord([gp, trust, prac, role, cond]);
    const [a] = attributionsOf(record, cond);
    expect(a).to.include({ field: 'recorder', actor: 'practitioner', name: 'OKAFOR, Amara (Dr)' });
    expect(a.organisation).to.include({ name: 'Riverside Medical Practice', kind: 'gp-practice' });
    // the clinical field wins over the server's meta.source
    expect(originOf(record, cond)).to.deep.include({ basis: 'clinical' });
    expect(originOf(record, cond)!.organisation.name).to.equal('Riverside Medical Practice');
  });

  it('names the organisation of a practitioner the record does not hold, through their PractitionerRole', () => {
    const cond = { resourceType: 'Condition', id: 'c', recorder: { reference: 'Practitioner/dr' } } as FhirResource;
    const record = new ClinicalRecord([gp, role, cond]);
    expect(organisationOf(record, { reference: 'Practitioner/dr' })).to.include({
      name: 'Riverside Medical Practice',
      kind: 'gp-practice',
    });
    expect(originOf(record, cond)?.organisation.name).to.equal('Riverside Medical Practice');
  });

  it('meta.source is only where the record was held (basis "server"), never an author', () => {
    const cond = {
      resourceType: 'Condition',
      id: 'c',
      meta: { source: 'urn:ods:R9A', lastUpdated: '2026-11-01T10:00:00Z' },
    } as FhirResource;
    const record = new ClinicalRecord([trust, cond]);
    expect(attributionsOf(record, cond)).to.deep.equal([]);
    expect(originOf(record, cond)).to.deep.include({ basis: 'server' });
    expect(originOf(record, cond)!.organisation.kind).to.equal('nhs-trust');
  });

  it('reads Provenance agents of resources that target the item', () => {
    const task = { resourceType: 'Task', id: 't1' } as FhirResource;
    const prov = {
      resourceType: 'Provenance',
      id: 'pv',
      target: [{ reference: 'Task/t1/_history/2' }],
      agent: [{ who: { reference: 'Practitioner/dr' }, onBehalfOf: { reference: 'Organization/trust' } }],
    } as FhirResource;
    const record = new ClinicalRecord([task, prov, prac, trust]);
    const fields = attributionsOf(record, task).map((a) => `${a.field}:${a.actor}:${a.name ?? ''}`);
    expect(fields).to.deep.equal(['Provenance.agent:practitioner:OKAFOR, Amara (Dr)', 'Provenance.agent:organisation:Northbridge Trust']);
    expect(originOf(record, task)).to.deep.include({ basis: 'provenance' });
  });

  it('says when the patient reported an item', () => {
    const herbal = { resourceType: 'MedicationStatement', id: 'm', informationSource: { reference: 'Patient/p1' } } as FhirResource;
    const gpRecorded = {
      resourceType: 'MedicationStatement',
      id: 'm2',
      informationSource: { reference: 'Practitioner/dr' },
    } as FhirResource;
    const record = new ClinicalRecord([herbal, gpRecorded, prac]);
    expect(isPatientReported(record, herbal)).to.equal(true);
    expect(isPatientReported(record, gpRecorded)).to.equal(false);
  });
});

describe('record layer: who recorded an item, fetched', () => {
  it('loadReferenced fetches the practitioners, roles and organisations the clinical fields name, best effort', async () => {
    const { http, HttpResponse } = await import('msw');
    const { useMswHandlers } = await import('../../../test/helpers/msw.js');
    const { FetchFhirClient, RequestCache, loadReferenced } = await import('../src/index.js');
    const b = '/referenced-fhir';
    const asked: string[] = [];
    const bundle = (resources: FhirResource[]) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: resources.map((resource) => ({ resource })),
    });
    await useMswHandlers(
      http.get(`${b}/:type`, ({ request, params }) => {
        const url = new URL(request.url);
        asked.push(`${String(params['type'])}?${url.searchParams.toString()}`);
        if (params['type'] === 'Practitioner')
          return HttpResponse.json(bundle([{ resourceType: 'Practitioner', id: 'dr', name: [{ family: 'Okafor' }] }]));
        if (params['type'] === 'PractitionerRole')
          return HttpResponse.json(
            bundle([
              {
                resourceType: 'PractitionerRole',
                id: 'role',
                practitioner: { reference: 'Practitioner/dr' },
                organization: { reference: 'Organization/gp' },
              },
            ]),
          );
        if (params['type'] === 'Organization')
          return HttpResponse.json(bundle([org('gp', ['RO76'], 'A81999', 'Riverside Medical Practice')]));
        return HttpResponse.json(bundle([]));
      }),
    );
    const client = new FetchFhirClient({ baseUrl: b, cache: new RequestCache(0) });
    const cond = { resourceType: 'Condition', id: 'c', recorder: { reference: 'Practitioner/dr' } } as FhirResource;
    const got = await loadReferenced(client, [cond]);
    expect(got.map((r) => `${r.resourceType}/${r.id}`)).to.have.members(['Practitioner/dr', 'PractitionerRole/role', 'Organization/gp']);
    const record = new ClinicalRecord([cond, ...got]);
    expect(originOf(record, cond)?.organisation).to.include({ name: 'Riverside Medical Practice', kind: 'gp-practice' });
    expect(asked.some((a) => a.startsWith('PractitionerRole?practitioner=Practitioner%2Fdr'))).to.equal(true);
    // a failing search leaves the names unknown; it does not fail the load
    await useMswHandlers(http.get(`${b}/:type`, () => HttpResponse.json({}, { status: 500 })));
    expect(await loadReferenced(client, [cond])).to.deep.equal([]);
  });
});
