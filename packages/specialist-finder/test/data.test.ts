import { expect } from '@open-wc/testing';
import type { AllergyIntolerance, Observation, Organization, Patient } from 'fhir/r4.js';
import { ClinicalRecord, FetchFhirClient, FhirError } from '@joinedcare/core';
import {
  CHUNK_MAX_PAGES,
  EXAMPLE_RULES,
  PATIENT_MAX_PAGES,
  loadPatientRecord,
  patientIdOf,
  registeredWith,
  scanPopulation,
} from '../src/index.js';
import { patientParts } from '../src/data.js';
import { FhirFixtureServer, buildPersonas } from '@joinedcare/fixtures';
import { FINDER_PRACTICE, buildFinderPopulation } from './population/index.js';

const BASE = 'https://fhir.example.nhs.uk/R4';
const now = new Date('2026-11-22T00:00:00Z');
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

describe('bounded paging (a server whose next links never end)', () => {
  /** A server answering every search with an empty page and a new next link; counts the pages asked for. */
  function loopingServer() {
    const asked = { pages: 0 };
    const fetchLoop: typeof fetch = (input) => {
      asked.pages++;
      const url = new URL(String(input instanceof Request ? input.url : input));
      url.searchParams.set('_page', String(asked.pages + 1));
      const body = { resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: url.href }] };
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } }));
    };
    return { asked, client: new FetchFhirClient({ baseUrl: BASE, fetch: fetchLoop, cache: false }) };
  }

  it('one patient: every search stops at its page cap and the record is an error, never evaluated in part', async () => {
    const { asked, client } = loopingServer();
    const parts = patientParts(EXAMPLE_RULES, now, { patient: 'p1' }, { trigger: true, contact: true }, 200).length;
    let error: unknown;
    try {
      await loadPatientRecord(client, { id: 'p1' }, EXAMPLE_RULES, now, new AbortController().signal);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FhirError);
    expect(asked.pages).to.equal(parts * PATIENT_MAX_PAGES);
  });

  it('a chunk of patients: its searches stop at their page cap and its patients are reported as not checked', async () => {
    const { asked, client } = loopingServer();
    const result = await scanPopulation(
      client,
      { kind: 'patients', patients: ['p1', 'p2', 'p3'] },
      {
        rules: EXAMPLE_RULES,
        now,
        signal: new AbortController().signal,
        onProgress: () => {},
        onPatients: () => {},
      },
    );
    expect(result.failedPatientIds).to.deep.equal(['p1', 'p2', 'p3']);
    expect(asked.pages).to.be.at.most(2 * CHUNK_MAX_PAGES);
  });
});

describe('registeredWith (the practice check of every patient listed)', () => {
  const practice: Organization = {
    resourceType: 'Organization',
    id: 'org-1',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'C84998' }],
  };
  const patient = (gp: Patient['generalPractitioner']): Patient => ({ resourceType: 'Patient', id: 'p1', generalPractitioner: gp });
  it('reads the practice by reference (relative, absolute same-server) or by ODS code, and nothing else', () => {
    expect(registeredWith(patient([{ reference: 'Organization/org-1' }]), practice, 'C84998', BASE)).to.equal(true);
    expect(registeredWith(patient([{ reference: `${BASE}/Organization/org-1` }]), practice, 'C84998', BASE)).to.equal(true);
    expect(
      registeredWith(
        patient([{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'c84998' } }]),
        practice,
        'C84998',
        BASE,
      ),
    ).to.equal(true);
    expect(registeredWith(patient([{ reference: 'Organization/org-2' }]), practice, 'C84998', BASE)).to.equal(false);
    expect(
      registeredWith(patient([{ reference: 'https://elsewhere.example/fhir/Organization/org-1' }]), practice, 'C84998', BASE),
    ).to.equal(false);
    expect(registeredWith(patient(undefined), practice, 'C84998', BASE)).to.equal(false);
  });
});

describe('a practice check gives the main thread back, however slow the machine', () => {
  it('files and evaluates in slices of about 10 ms, never a stretch over 50 ms (a clock where every step takes 4 ms)', async () => {
    const population = buildFinderPopulation({ now, size: 200 });
    const server = new FhirFixtureServer({ baseUrl: BASE, personas: buildPersonas({ now }) });
    for (const r of population.resources) server.put(r, { preserveLastUpdated: true });
    const fetchFake: typeof fetch = async (input, init) => {
      const r = server.handle({
        method: init?.method ?? 'GET',
        url: input instanceof Request ? input.url : input instanceof URL ? input.href : input,
        headers: {},
        body: null,
      });
      return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status });
    };
    const client = new FetchFhirClient({ baseUrl: BASE, fetch: fetchFake, cache: false });
    const g = globalThis as unknown as { scheduler?: unknown };
    const realScheduler = g.scheduler;
    const realNow = Object.getOwnPropertyDescriptor(performance, 'now');
    // the fake clock moves only when asked: 4 ms a step; a pause starts a new stretch
    let clock = 0;
    let since = 0;
    let longest = 0;
    let yields = 0;
    let handed = 0;
    try {
      g.scheduler = {
        yield: () => {
          yields++;
          longest = Math.max(longest, clock - since);
          since = clock;
          return Promise.resolve();
        },
      };
      performance.now = () => (clock += 4);
      const result = await scanPopulation(
        client,
        { kind: 'practice', odsCode: FINDER_PRACTICE.ods },
        {
          rules: EXAMPLE_RULES,
          now,
          signal: new AbortController().signal,
          onProgress: () => {},
          onPatients: (b) => void (handed += b.length),
        },
      );
      expect(result.failedPatientIds).to.deep.equal([]);
    } finally {
      g.scheduler = realScheduler;
      if (realNow) Object.defineProperty(performance, 'now', realNow);
      else delete (performance as { now?: unknown }).now;
    }
    expect(handed).to.be.above(0);
    expect(yields).to.be.above(10);
    expect(longest).to.be.at.most(50);
  });
});
