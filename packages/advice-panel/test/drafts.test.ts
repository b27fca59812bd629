// What the advice panel keeps, and whose it is (issue 15): drafts keyed by server, patient and user
// (core's patientScopeKey), never shared between two servers' patients with the same id; a send
// is "sent" only when the server answers with this patient's record; Retry after a load error.
import { expect } from '@open-wc/testing';
import type { Bundle, Communication, OperationOutcome, Patient, Resource } from 'fhir/r4.js';
import { adviceAllScenarios } from '@joinedcare/fixtures';
import { FhirFixtureServer, createFhirHandlers, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { asPublished } from './ers-data.js';
import { POST_COMM, PRR, mountPanel, now, set, useAdviceServer } from './panel-fixture.js';

const { a, c } = set.personas;
/** Another trust's FHIR server, where the patient with persona (a)'s id is somebody else. */
const OTHER_BASE = '/advice-fhir-other';
const OTHER_NHS = '9434765919';
const SOMEONE_ELSE: Patient = {
  resourceType: 'Patient',
  id: a.patientId,
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: OTHER_NHS }],
  name: [{ family: 'OTHERPERSON', given: ['Not'], prefix: ['Mx'] }],
  birthDate: '1950-01-01',
};

describe('<jc-advice-panel> drafts, answers and Retry', function () {
  this.timeout(20000);
  const fixture = useAdviceServer();
  const other = new FhirFixtureServer({ baseUrl: OTHER_BASE, clock: () => now });
  // the other server's records are about its own person: the same patient id, that person's NHS number
  const theirOwn = <T extends Resource>(r: T): T => JSON.parse(JSON.stringify(r).replaceAll(a.nhsNumber, OTHER_NHS)) as T;
  before(async () => {
    // both servers answer on this page
    await startFixtureWorker(fixture.server, { handlers: createFhirHandlers(other) });
  });
  beforeEach(() => {
    for (const type of ['CommunicationRequest', 'Communication', 'ServiceRequest', 'DocumentReference'] as const) {
      for (const r of other.list<Resource>(type)) other.put(theirOwn(r), { preserveLastUpdated: true });
    }
    other.put(SOMEONE_ELSE);
    const theirs = JSON.parse(
      JSON.stringify(asPublished(adviceAllScenarios({ now, patientId: a.patientId }))).replaceAll(a.nhsNumber, OTHER_NHS),
    ) as Resource[];
    for (const r of theirs) other.put(r, { preserveLastUpdated: true });
  });
  afterEach(() => other.reset());

  describe('drafts are kept per server, patient and user', () => {
    it('two contexts on different servers, the same patient-id, different people: a draft typed for one is never shown or sent for the other', async () => {
      const here = await mountPanel({ canReply: true });
      await here.open(PRR);
      await here.type('For persona a on this server only');
      const there = await mountPanel({ canReply: true, base: OTHER_BASE });
      await there.open(PRR);
      expect(there.draft()).to.equal('');
      await there.type('For the other person on the other server');
      expect((await there.send()).sent?.requestId).to.equal(PRR);
      const sentThere = other
        .list<Communication>('Communication')
        .filter((m) => m.payload?.some((p) => p.contentString?.startsWith('For ')));
      expect(sentThere.map((m) => m.payload?.[0]?.contentString)).to.deep.equal(['For the other person on the other server']);
      // the first context still has its own draft, and sends it to its own server
      here.el.requestUpdate();
      await here.settled();
      expect(here.draft()).to.equal('For persona a on this server only');
      expect((await here.send()).sent?.requestId).to.equal(PRR);
      expect(fixture.countByText('For persona a on this server only')).to.equal(1);
      expect(fixture.countByText('For the other person on the other server')).to.equal(0);
    });

    it('another user on the same server and patient (user-key) does not see the first user’s draft', async () => {
      const first = await mountPanel({ canReply: true, userKey: 'user-1' });
      await first.open(PRR);
      await first.type('Draft of user 1');
      const second = await mountPanel({ canReply: true, userKey: 'user-2' });
      await second.open(PRR);
      expect(second.draft()).to.equal('');
      const again = await mountPanel({ canReply: true, userKey: 'user-1' });
      await again.open(PRR);
      expect(again.draft()).to.equal('Draft of user 1');
    });

    it('persist-drafts: sessionStorage keys carry no patient id or NHS number, and differ by server', async () => {
      const here = await mountPanel({ canReply: true, persist: true });
      await here.open(PRR);
      await here.type('Persisted here');
      const there = await mountPanel({ canReply: true, persist: true, base: OTHER_BASE });
      await there.open(PRR);
      await there.type('Persisted there');
      const keys = Object.keys(sessionStorage).filter((k) => k.startsWith('jc-advice-draft:'));
      expect(keys).to.have.length(2);
      for (const k of keys) {
        expect(k).not.to.contain(a.patientId);
        expect(k).not.to.contain(a.nhsNumber);
      }
    });
  });

  describe('a send is "sent" only when the server answers with this patient’s record', () => {
    const foreign = (): Communication => ({
      resourceType: 'Communication',
      id: 'someone-elses',
      status: 'completed',
      subject: { reference: `Patient/${c.patientId}` },
      partOf: [{ reference: `CommunicationRequest/${PRR}` }],
      payload: [{ contentString: 'not this patient' }],
    });
    const outcome: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] };
    const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction-response', entry: [] };
    for (const [what, body, title] of [
      ['a Communication for another patient', foreign(), 'Not sent: the server answered with a record for another patient'],
      ['an OperationOutcome', outcome, 'Your message was not sent'],
      ['a Bundle', bundle, 'Your message was not sent'],
    ] as const) {
      it(`answered with ${what}: a failure, the draft kept, never "Sent"`, async () => {
        fixture.server.addFault({ match: POST_COMM, status: 201, body, times: 1 });
        const h = await mountPanel({ canReply: true });
        await h.open(PRR);
        await h.type('Must not be lost');
        const result = await h.send();
        expect(result.sent).to.equal(undefined);
        expect(result.failed?.requestId).to.equal(PRR);
        expect(h.sendError()).to.contain(title);
        expect(h.draft()).to.equal('Must not be lost');
        expect(h.announcement()).not.to.contain('Message sent');
        expect(h.text()).not.to.contain('not this patient');
        await expect(h.el).to.be.accessible();
        // Retry, with the server answering properly: one message
        expect((await h.retry()).sent?.requestId).to.equal(PRR);
        expect(fixture.countByText('Must not be lost')).to.equal(1);
      });
    }
  });

  describe('Retry after a load error', () => {
    /** Requests the fixture server saw while `action` ran and was drawn. */
    async function requestsDuring(action: () => Promise<unknown>): Promise<string[]> {
      const before = fixture.server.requests.length;
      await action();
      return fixture.server.requests.slice(before).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    }

    it('the first Retry after the requests failed while the messages were still on their way asks the server again, and loads', async () => {
      // the requests' search fails at once; the messages' search is still in flight when the error is drawn
      fixture.server.addFault({ match: '/CommunicationRequest?', status: 500, times: 1 });
      let answer!: () => void;
      const late = new Promise<void>((r) => (answer = r));
      fixture.server.addFault({ match: '/Communication?patient', status: 500, times: 1, until: late });
      const h = await mountPanel();
      expect(h.state()).to.equal('error');
      const seen = await requestsDuring(async () => {
        h.$('[part=error] [part=retry-button]')!.click();
        answer(); // the first load's messages search now fails too: the Retry must not be given that stale answer
        await h.settled();
      });
      expect(
        seen.filter((r) => r.endsWith('/CommunicationRequest')),
        'the requests asked again',
      ).to.have.length(1);
      expect(seen.filter((r) => r.endsWith('/Communication')).length, 'the messages asked again').to.be.greaterThan(0);
      expect(h.state()).to.equal('list');
    });

    it('the first Retry of a partial load (attachment details failed) asks again and clears the notice', async () => {
      const remove = fixture.server.addFault({ match: '/DocumentReference', status: 500 });
      const h = await mountPanel();
      expect(h.text('[part=partial]')).to.contain('attachment details');
      remove();
      const seen = await requestsDuring(async () => {
        h.$('[part=partial] [part=retry-button]')!.click();
        await h.settled();
      });
      expect(
        seen.some((r) => r.endsWith('/DocumentReference')),
        seen.join(', '),
      ).to.equal(true);
      expect(h.has('[part=partial]')).to.equal(false);
    });
  });
});
