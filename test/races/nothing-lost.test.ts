// Nothing lost (issue 7, part 5; hazard H-08 in docs/clinical-safety/hazard-log.md).
//
// Sending advice through <jc-advice-panel> under faults never duplicates a message and never loses
// the draft: a timeout after the server committed, a 500 (before and after commit), going offline
// (before and after commit), several failures in a row, the element being re-created between a
// failure and the retry, and a patient switch while a send is in flight. Every case retries until
// the send is confirmed and then counts what the fixture FHIR server holds.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Communication, CommunicationRequest, Reference } from 'fhir/r4';
import { adviceStatusScenarios, buildPersonas, type FaultRule } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient, sharedRequestCache, type JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/advice-panel/define.js';
import { clearAllDrafts, type AdviceService, type JcAdvicePanel } from '@joinedcare/advice-panel';

const now = new Date('2026-11-20T12:00:00Z');
const set = buildPersonas({ now });
const { a, c } = set.personas;
const clock = { now: () => now };
const BASE = '/nothing-lost-fhir';
const sender: Reference = { reference: 'Practitioner/prac-gp-okafor', display: 'Dr Amara Okafor' };
const services: AdviceService[] = [
  {
    id: 'diab',
    label: 'Diabetes Advice Service',
    specialty: { text: 'Diabetic medicine' },
    reference: { reference: 'HealthcareService/hs-diabetes-advice', display: 'Diabetes Advice Service' },
  },
];
const PRR = `ag-${a.patientId}-provider-response-required-req`;
const POST_COMM = `POST ${BASE}/Communication`;
/** The client times out after this long; "timeout" faults answer later than that. */
const TIMEOUT_MS = 300;

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const until = (cond: () => boolean, what: string, timeout = 5000) =>
  waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 10 });

type Fault = { rule: Omit<FaultRule, 'match' | 'times'>; committed: 0 | 1; kind: string };

/** The faults a send can meet, with what the server holds after the failed attempt. */
const FAULTS = {
  timeoutAfterCommit: { rule: { latencyMs: TIMEOUT_MS * 4, afterCommit: true }, committed: 1, kind: 'timeout' },
  timeoutBeforeCommit: { rule: { latencyMs: TIMEOUT_MS * 4, status: 504 }, committed: 0, kind: 'timeout' },
  http500: { rule: { status: 500 }, committed: 0, kind: 'http' },
  http500AfterCommit: { rule: { status: 500, afterCommit: true }, committed: 1, kind: 'http' },
  offline: { rule: { networkError: true }, committed: 0, kind: 'network' },
  droppedAfterCommit: { rule: { networkError: true, afterCommit: true }, committed: 1, kind: 'network' },
} satisfies Record<string, Fault>;

describe('nothing lost: sending advice under faults', function () {
  this.timeout(30_000);
  let server: FhirFixtureServer;

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    await startFixtureWorker(server);
  });
  beforeEach(() => {
    for (const r of adviceStatusScenarios({ now, patientId: a.patientId })) server.put(r, { preserveLastUpdated: true });
  });
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
    clearAllDrafts();
  });

  const client = () => new FetchFhirClient({ baseUrl: BASE, timeoutMs: TIMEOUT_MS });
  const countByText = (t: string) =>
    server.list<Communication>('Communication').filter((m) => m.payload?.some((p) => p.contentString === t)).length;
  const requestsByText = (t: string) =>
    server.list<CommunicationRequest>('CommunicationRequest').filter((m) => m.payload?.some((p) => p.contentString === t)).length;

  async function mount(patientId = a.patientId) {
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id=${patientId} setting="primary" .clock=${clock}>
        <jc-advice-panel can-reply .sender=${sender} .services=${services} .client=${client()}></jc-advice-panel>
      </jc-context>`,
    );
    const el = ctx.querySelector('jc-advice-panel')!;
    await until(() => !!$(el, '[part=list], [part=empty]'), 'the list');
    return { ctx, el };
  }

  async function openConversation(el: JcAdvicePanel, requestId: string) {
    await until(() => $$(el, '[part=item]').some((li) => li.dataset['id'] === requestId), `conversation ${requestId}`);
    $$(el, '[part=item]')
      .find((li) => li.dataset['id'] === requestId)!
      .querySelector('button')!
      .click();
    await until(() => !!$(el, '[part=thread]'), 'the thread');
  }

  async function type(el: JcAdvicePanel, value: string) {
    const ta = $<HTMLTextAreaElement>(el, 'textarea')!;
    ta.value = value;
    ta.dispatchEvent(new Event('input'));
    await el.updateComplete;
  }

  const draftShown = (el: JcAdvicePanel) => $<HTMLTextAreaElement>(el, 'textarea')?.value;

  /** Clicks Send (or the Retry of a failed send) and waits for the outcome. */
  async function attempt(el: JcAdvicePanel): Promise<'sent' | 'failed'> {
    const outcome = Promise.race([
      oneEvent(el, 'jc-advice-sent').then(() => 'sent' as const),
      oneEvent(el, 'jc-advice-send-failed').then(() => 'failed' as const),
    ]);
    ($(el, '[part=send-error] [part=retry-button]') ?? $(el, '[part=send-button]'))!.click();
    return outcome;
  }

  /** Types a reply, meets `f` on the first send, checks the draft is kept, retries, and counts. */
  async function replySurvives(f: Fault, message: string) {
    const { el } = await mount();
    await openConversation(el, PRR);
    await type(el, message);
    server.addFault({ match: POST_COMM, times: 1, ...f.rule });
    const failed = oneEvent(el, 'jc-advice-send-failed');
    expect(await attempt(el)).to.equal('failed');
    expect((await failed).detail.kind).to.equal(f.kind);
    await until(() => !!$(el, '[part=send-error][role=alert]'), 'the send error');
    // the draft is still there, word for word, and the user is told it is kept
    expect(draftShown(el)).to.equal(message);
    expect(text(el)).to.contain('Your text has been kept. Retry will not send it twice.');
    expect(countByText(message)).to.equal(f.committed);
    await expect(el).to.be.accessible();
    // the retry
    expect(await attempt(el)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    await until(() => $$(el, '[part=message]').filter((m) => m.textContent.includes(message)).length === 1, 'the message once');
    expect(draftShown(el)).to.equal('');
  }

  it('a timeout after the server committed: the draft is kept and the retry sends exactly one message', () =>
    replySurvives(FAULTS.timeoutAfterCommit, 'Reply through a timeout after commit'));
  it('a timeout before the server saw the message: the draft is kept and the retry sends exactly one message', () =>
    replySurvives(FAULTS.timeoutBeforeCommit, 'Reply through a timeout before commit'));
  it('a 500: the draft is kept and the retry sends exactly one message', () => replySurvives(FAULTS.http500, 'Reply through a 500'));
  it('a 500 after the server committed: the draft is kept and the retry sends exactly one message', () =>
    replySurvives(FAULTS.http500AfterCommit, 'Reply through a 500 after commit'));
  it('going offline: the draft is kept and the retry sends exactly one message', () =>
    replySurvives(FAULTS.offline, 'Reply while offline'));
  it('the connection dropping after the server committed: the draft is kept and the retry sends exactly one message', () =>
    replySurvives(FAULTS.droppedAfterCommit, 'Reply through a dropped connection after commit'));

  it('several failures in a row, then success: one message, the draft kept until then', async () => {
    const { el } = await mount();
    await openConversation(el, PRR);
    const message = 'Persistent reply';
    await type(el, message);
    const sequence: Fault[] = [FAULTS.http500AfterCommit, FAULTS.offline, FAULTS.timeoutAfterCommit, FAULTS.timeoutBeforeCommit];
    for (const f of sequence) {
      server.addFault({ match: POST_COMM, times: 1, ...f.rule });
      expect(await attempt(el)).to.equal('failed');
      await until(() => !!$(el, '[part=send-error]'), 'the send error');
      expect(draftShown(el)).to.equal(message);
      expect(countByText(message)).to.be.at.most(1);
    }
    expect(await attempt(el)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
  });

  it('the element re-created between the failure and the retry still has the draft, and sends it once', async () => {
    const { ctx, el } = await mount();
    await openConversation(el, PRR);
    const message = 'Survives a re-created element';
    await type(el, message);
    server.addFault({ match: POST_COMM, times: 1, latencyMs: TIMEOUT_MS * 4, afterCommit: true });
    expect(await attempt(el)).to.equal('failed');
    expect(countByText(message)).to.equal(1);
    el.remove();
    const el2 = document.createElement('jc-advice-panel');
    el2.canReply = true;
    el2.sender = sender;
    el2.client = client();
    ctx.appendChild(el2);
    await until(() => !!$(el2, '[part=list]'), 'the list in the new element');
    await openConversation(el2, PRR);
    expect(draftShown(el2)).to.equal(message);
    expect(await attempt(el2)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    await until(() => draftShown(el2) === '', 'the draft cleared');
  });

  it('a new advice request survives a timeout after commit: one request on the server', async () => {
    const { el } = await mount();
    $$(el, 'button.jc-button')
      .find((b) => b.textContent.includes('New advice request'))!
      .click();
    await until(() => !!$(el, 'select'), 'the form');
    await type(el, 'A new question, sent once');
    const select = $<HTMLSelectElement>(el, 'select')!;
    select.value = 'diab';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    server.addFault({ match: `POST ${BASE}/CommunicationRequest`, times: 1, latencyMs: TIMEOUT_MS * 4, afterCommit: true });
    expect(await attempt(el)).to.equal('failed');
    expect(requestsByText('A new question, sent once')).to.equal(1);
    expect(draftShown(el)).to.equal('A new question, sent once');
    expect(await attempt(el)).to.equal('sent');
    expect(requestsByText('A new question, sent once')).to.equal(1);
  });

  it('a patient switch while the send is in flight: sent once, for the right patient, never shown or kept under the other', async () => {
    const { ctx, el } = await mount();
    await openConversation(el, PRR);
    const message = 'Sent while switching patient';
    await type(el, message);
    server.addFault({ match: POST_COMM, times: 1, latencyMs: 200 });
    const sent = oneEvent(el, 'jc-advice-sent');
    $(el, '[part=send-button]')!.click();
    await until(() => server.requests.some((r) => r.method === 'POST'), 'the POST to start');
    ctx.patientId = c.patientId;
    await until(() => !!$(el, '[part=list], [part=empty]') && !text(el).includes(message), 'patient c');
    expect((await sent).detail.requestId).to.equal(PRR);
    const saved = server.list<Communication>('Communication').filter((m) => m.payload?.some((p) => p.contentString === message));
    expect(saved).to.have.length(1);
    expect(saved[0].subject?.reference).to.equal(`Patient/${a.patientId}`);
    expect(text(el)).not.to.contain(message);
    // back to the first patient: the message is in the thread once and the draft is gone (confirmed)
    ctx.patientId = a.patientId;
    await openConversation(el, PRR);
    await until(() => $$(el, '[part=message]').filter((m) => m.textContent.includes(message)).length === 1, 'the message once');
    expect(draftShown(el)).to.equal('');
  });

  it('a patient switch during a send that fails after commit: the draft waits for its patient and the retry does not duplicate', async () => {
    const { ctx, el } = await mount();
    await openConversation(el, PRR);
    const message = 'Committed while switching patient';
    await type(el, message);
    server.addFault({ match: POST_COMM, times: 1, latencyMs: TIMEOUT_MS * 4, afterCommit: true });
    const failed = oneEvent(el, 'jc-advice-send-failed');
    $(el, '[part=send-button]')!.click();
    await until(() => server.requests.some((r) => r.method === 'POST'), 'the POST to start');
    ctx.patientId = c.patientId;
    expect((await failed).detail.kind).to.equal('timeout');
    await until(() => !!$(el, '[part=list], [part=empty]'), 'patient c');
    expect(text(el)).not.to.contain(message);
    expect(countByText(message)).to.equal(1);
    ctx.patientId = a.patientId;
    await openConversation(el, PRR);
    expect(draftShown(el)).to.equal(message);
    expect(await attempt(el)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    await until(() => $$(el, '[part=message]').filter((m) => m.textContent.includes(message)).length === 1, 'the message once');
  });
});
