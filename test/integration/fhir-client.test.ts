// FetchFhirClient against a real FHIR engine (Medplum), over real HTTP.
import { expect } from '@open-wc/testing';
import type { Bundle, Communication, Observation, Patient, ServiceRequest, Task } from 'fhir/r4.js';
import { FetchFhirClient, FhirError } from '@joinedcare/core';
import { liveBaseUrl, liveServerInfo, resetLiveServer, type LiveServerInfo } from './live.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

async function rejection(p: Promise<unknown>): Promise<FhirError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(FhirError);
    return e as FhirError;
  }
  throw new Error('expected a rejection');
}

const effective = (o: Observation) => Date.parse(o.effectiveDateTime ?? o.effectivePeriod?.start ?? '');

describe('FetchFhirClient against the live FHIR server', () => {
  let info: LiveServerInfo;
  let client: FetchFhirClient;

  before(async function () {
    this.timeout(60_000); // the first request starts the server
    info = await liveServerInfo();
    client = new FetchFhirClient({ baseUrl: liveBaseUrl(), cache: false });
  });

  after(() => resetLiveServer());

  it('loaded every persona (and skipped only what the engine refused)', () => {
    expect(Object.keys(info.personas)).to.have.members(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(info.loaded).to.be.greaterThan(5000);
    expect(info.skipped).to.be.lessThan(10);
  });

  it('reads a Patient by id', async () => {
    const p = await client.read<Patient>('Patient', info.personas.a.patientId);
    expect(p.id).to.equal(info.personas.a.patientId);
    expect(p.identifier?.find((i) => i.system === NHS)?.value).to.equal(info.personas.a.nhsNumber);
    expect(p.meta?.versionId).to.be.a('string');
  });

  it('answers 404 as not-found for a missing resource', async () => {
    const err = await rejection(client.read('Patient', 'no-such-patient'));
    expect(err.kind).to.equal('not-found');
    expect(err.status).to.equal(404);
  });

  it('searches by NHS number (token system|value)', async () => {
    const b = await client.search<Patient>('Patient', { identifier: `${NHS}|${info.personas.c.nhsNumber}` });
    expect(b.total).to.equal(1);
    expect(b.entry?.[0]?.resource?.id).to.equal(info.personas.c.patientId);
    expect(b.entry?.[0]?.fullUrl).to.match(/\/Patient\/pat-c$/);
  });

  it('honours _count and _sort=-date, with a next link on the same origin', async () => {
    const b: Bundle<Observation> = await client.search<Observation>('Observation', {
      patient: info.personas.a.patientId,
      _sort: '-date',
      _count: 4,
    });
    const obs = (b.entry ?? []).map((e) => e.resource!);
    expect(obs).to.have.length(4);
    expect(b.total).to.be.greaterThan(4);
    const dates = obs.map(effective);
    expect([...dates].sort((x, y) => y - x)).to.deep.equal(dates);
    const next = b.link?.find((l) => l.relation === 'next')?.url;
    expect(new URL(next!).origin).to.equal(location.origin);
  });

  it('pages with searchAll through link[next] without gaps or duplicates', async () => {
    const all = await client.searchAll<Observation>('Observation', { patient: info.personas.a.patientId, _count: 4, _sort: 'date' });
    const one = await client.search<Observation>('Observation', { patient: info.personas.a.patientId, _count: 200 });
    expect(all.complete).to.equal(true);
    expect(all.total).to.equal(one.total);
    expect(all.resources).to.have.length(one.total!);
    expect(all.pages).to.equal(Math.ceil(one.total! / 4));
    expect(new Set(all.resources.map((r) => r.id)).size).to.equal(all.resources.length);
    const dates = all.resources.map(effective);
    expect([...dates].sort((x, y) => x - y)).to.deep.equal(dates);
  });

  it('stops at the page cap and says so', async () => {
    const r = await client.searchAll<Observation>('Observation', { patient: info.personas.f.patientId, _count: 50 }, { maxPages: 2 });
    expect(r.pages).to.equal(2);
    expect(r.resources).to.have.length(100);
    expect(r.truncated).to.equal(true);
    expect(r.complete).to.equal(false);
    expect(r.total).to.be.greaterThan(5000);
  });

  it('returns _include resources as search.mode include', async () => {
    const r = await client.searchAll<Observation>('Observation', {
      patient: info.personas.a.patientId,
      _include: 'Observation:performer',
      _count: 50,
    });
    expect(r.resources.every((o) => o.resourceType === 'Observation')).to.equal(true);
    const performers = new Set(r.resources.flatMap((o) => (o.performer ?? []).map((p) => p.reference)));
    expect(r.included.length).to.be.greaterThan(0);
    for (const inc of r.included) expect(performers.has(`${inc.resourceType}/${inc.id}`)).to.equal(true);
  });

  it('returns _revinclude resources (the Task based on a referral)', async () => {
    const r = await client.searchAll<ServiceRequest>('ServiceRequest', {
      patient: info.personas.a.patientId,
      _revinclude: 'Task:based-on',
    });
    expect(r.resources.map((s) => s.id)).to.include('a-sr-1');
    const tasks = r.included.filter((x): x is Task => x.resourceType === 'Task');
    expect(tasks.length).to.be.greaterThan(0);
    expect(tasks.some((t) => t.basedOn?.some((b) => b.reference === 'ServiceRequest/a-sr-1'))).to.equal(true);
  });

  it('gives the total only for _count=0', async () => {
    const b = await client.search('Observation', { patient: info.personas.a.patientId, _count: 0 });
    expect(b.entry ?? []).to.have.length(0);
    expect(b.total).to.be.greaterThan(0);
  });

  it('never mixes patients: a patient search returns only that patient', async () => {
    const r = await client.searchAll<Observation>('Observation', { patient: info.personas.b.patientId, _count: 100 });
    expect(r.resources.length).to.be.greaterThan(0);
    expect(r.resources.every((o) => o.subject?.reference === `Patient/${info.personas.b.patientId}`)).to.equal(true);
  });

  it('refuses an unknown search parameter with 400 instead of ignoring it', async () => {
    const err = await rejection(client.search('Observation', { patient: info.personas.a.patientId, 'not-a-param': 'x' }));
    expect(err.status).to.equal(400);
  });

  describe('writes', () => {
    afterEach(() => resetLiveServer());

    const reply = (value: string): Communication => ({
      resourceType: 'Communication',
      status: 'completed',
      identifier: [{ system: 'https://example.org/joinedcare/test-reply', value }],
      subject: { reference: `Patient/pat-a` },
      payload: [{ contentString: 'Integration test reply' }],
    });

    it('creates a resource (201, server-assigned id and version)', async () => {
      const created = await client.create(reply('create-1'));
      expect(created.id).to.be.a('string');
      expect(created.meta?.versionId).to.be.a('string');
      const read = await client.read<Communication>('Communication', created.id!);
      expect(read.payload?.[0]?.contentString).to.equal('Integration test reply');
    });

    it('conditional create (If-None-Exist) returns the existing resource instead of a duplicate', async () => {
      const first = await client.create(reply('cond-1'), { ifNoneExist: 'identifier=https://example.org/joinedcare/test-reply|cond-1' });
      const second = await client.create(reply('cond-1'), { ifNoneExist: 'identifier=https://example.org/joinedcare/test-reply|cond-1' });
      expect(second.id).to.equal(first.id);
      const b = await client.search('Communication', { identifier: 'https://example.org/joinedcare/test-reply|cond-1' });
      expect(b.total).to.equal(1);
    });

    it('rejects an invalid resource with 400 and an OperationOutcome', async () => {
      const bad = { resourceType: 'Communication', status: 'completed', payload: [{}] } as unknown as Communication;
      const err = await rejection(client.create(bad));
      expect(err.status).to.equal(400);
      expect(err.operationOutcome?.resourceType).to.equal('OperationOutcome');
    });

    it('updates with If-Match, and a stale version gets 412', async () => {
      const created = await client.create(reply('update-1'));
      const v1 = created.meta!.versionId!;
      const updated = await client.update({ ...created, status: 'entered-in-error' }, { ifMatch: `W/"${v1}"` });
      expect(updated.meta?.versionId).to.be.a('string').and.not.equal(v1);
      expect(updated.status).to.equal('entered-in-error');
      const err = await rejection(client.update({ ...created, status: 'completed' }, { ifMatch: `W/"${v1}"` }));
      expect(err.status).to.equal(412);
      const now = await client.read<Communication>('Communication', created.id!);
      expect(now.status).to.equal('entered-in-error');
    });

    it('reset() drops what tests wrote', async () => {
      const created = await client.create(reply('reset-1'));
      await resetLiveServer();
      const err = await rejection(client.read('Communication', created.id!));
      expect(err.kind).to.equal('not-found');
    });
  });
});
