// Nothing lost (issue 7, part 5; hazard H-08 in docs/clinical-safety/hazard-log.md).
//
// Sending advice through <jc-advice-panel> under faults never duplicates a message and never loses
// the draft: a timeout after the server committed, a 500 (before and after commit), going offline
// (before and after commit), several failures in a row, the element being re-created between a
// failure and the retry, and a patient switch while a send is in flight. Every case retries until
// the send is confirmed and then counts what the fixture FHIR server holds.
//
// Nothing here depends on how fast the machine is (issue 14): the client's timeouts never fire by
// themselves (test/helpers/timeouts.ts); a timeout is a send held at the fixture server
// (`server.hold`) whose timeout the test fires. Every other wait is on an event, on
// `el.updateComplete` (which waits for data and sends), or, while a held send keeps
// `updateComplete` waiting, on the panel drawing the other patient (`drawn`).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Communication, CommunicationRequest, Reference } from 'fhir/r4';
import { adviceStatusScenarios, buildPersonas, type FaultRule, type HeldFault, type HeldRequests } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient, sharedRequestCache, type FhirErrorKind, type JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/advice-panel/define.js';
import { clearAllDrafts, type AdviceService, type JcAdvicePanel } from '@joinedcare/advice-panel';
import { manualTimeouts, type ManualTimeouts } from '../helpers/timeouts.js';

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

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The list of conversations (or "none") is drawn, not a thread and not the loading state. */
const listShown = (el: Element) => !$(el, '[part=thread]') && !!$(el, '[part=list], [part=empty]');
/** Patient c has no conversations: "No advice and guidance conversations for this patient". */
const patientCShown = (el: Element) => !!$(el, '[part=empty]');
const messagesWith = (el: Element, message: string) => $$(el, '[part=message]').filter((m) => m.textContent.includes(message)).length;

/**
 * Resolves at the first change of `el`'s shadow DOM after which `cond` holds (or at once). Only for
 * when `el.updateComplete` cannot be used because a held send keeps it waiting on purpose.
 */
const drawn = (el: Element, cond: () => boolean) =>
  new Promise<void>((resolve) => {
    if (cond()) return resolve();
    const watch = new MutationObserver(() => {
      if (!cond()) return;
      watch.disconnect();
      resolve();
    });
    watch.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
  });

/**
 * How a send fails, and what the server holds after the failed attempt. A timeout is a send held at
 * the server (stored on arrival, or answered 504 unprocessed) whose client timeout the test fires.
 */
type Fault =
  | { kind: 'timeout'; committed: 0 | 1; held: HeldFault }
  | { kind: FhirErrorKind; committed: 0 | 1; rule: Omit<FaultRule, 'match' | 'times'> };

const FAULTS = {
  timeoutAfterCommit: { kind: 'timeout', committed: 1, held: {} },
  timeoutBeforeCommit: { kind: 'timeout', committed: 0, held: { status: 504 } },
  http500: { kind: 'http', committed: 0, rule: { status: 500 } },
  http500AfterCommit: { kind: 'http', committed: 1, rule: { status: 500, afterCommit: true } },
  offline: { kind: 'network', committed: 0, rule: { networkError: true } },
  droppedAfterCommit: { kind: 'network', committed: 1, rule: { networkError: true, afterCommit: true } },
} satisfies Record<string, Fault>;

describe('nothing lost: sending advice under faults', function () {
  this.timeout(30_000);
  let server: FhirFixtureServer;
  let timeouts: ManualTimeouts;
  let holds: HeldRequests[] = [];

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    await startFixtureWorker(server);
  });
  beforeEach(() => {
    timeouts = manualTimeouts();
    for (const r of adviceStatusScenarios({ now, patientId: a.patientId })) server.put(r, { preserveLastUpdated: true });
  });
  afterEach(() => {
    for (const held of holds) held.release();
    holds = [];
    server.reset();
    sharedRequestCache.invalidate();
    clearAllDrafts();
  });

  /** A client whose requests time out only when the test fires `timeouts`. */
  const client = () => new FetchFhirClient({ baseUrl: BASE, setTimer: timeouts.setTimer });
  /** Holds matching answers at the server until released (released after each test at the latest). */
  const hold = (match: string, fault?: HeldFault) => {
    const held = server.hold(match, fault);
    holds.push(held);
    return held;
  };
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
    await el.updateComplete;
    expect(listShown(el), 'the list is drawn').to.be.true;
    return { ctx, el };
  }

  /** Switches the context's patient and waits until the panel has drawn the new one. */
  async function switchPatient(ctx: JcContext, el: JcAdvicePanel, patientId: string) {
    ctx.patientId = patientId;
    await ctx.updateComplete;
    await el.updateComplete;
  }

  async function openConversation(el: JcAdvicePanel, requestId: string) {
    const item = $$(el, '[part=item]').find((li) => li.dataset['id'] === requestId);
    if (!item) throw new Error(`no conversation ${requestId} in the list`);
    item.querySelector('button')!.click();
    await el.updateComplete;
    expect($(el, '[part=thread]'), 'the thread is open').to.exist;
  }

  async function type(el: JcAdvicePanel, value: string) {
    const ta = $<HTMLTextAreaElement>(el, 'textarea')!;
    ta.value = value;
    ta.dispatchEvent(new Event('input'));
    await el.updateComplete;
  }

  const draftShown = (el: JcAdvicePanel) => $<HTMLTextAreaElement>(el, 'textarea')?.value;

  /** Clicks Send (or the Retry of a failed send); settles with the outcome the panel reports. */
  function press(el: JcAdvicePanel): Promise<{ sent: true } | { sent: false; kind: FhirErrorKind }> {
    const outcome = Promise.race([
      oneEvent(el, 'jc-advice-sent').then(() => ({ sent: true }) as const),
      oneEvent(el, 'jc-advice-send-failed').then((e) => ({ sent: false, kind: e.detail.kind }) as const),
    ]);
    ($(el, '[part=send-error] [part=retry-button]') ?? $(el, '[part=send-button]'))!.click();
    return outcome;
  }

  /** Clicks Send (or Retry) and waits until the outcome is drawn. */
  async function attempt(el: JcAdvicePanel): Promise<'sent' | 'failed'> {
    const outcome = await press(el);
    await el.updateComplete;
    return outcome.sent ? 'sent' : 'failed';
  }

  /** Clicks Send (or Retry) while `f` is armed; returns the error kind the panel reports, once drawn. */
  async function attemptFailing(el: JcAdvicePanel, f: Fault): Promise<FhirErrorKind | 'sent'> {
    if ('rule' in f) server.addFault({ match: POST_COMM, times: 1, ...f.rule });
    const held = 'held' in f ? hold(POST_COMM, f.held) : undefined;
    const outcome = press(el);
    if (held) {
      await held.arrived;
      // the send is the only request waiting for an answer; its time runs out now
      expect(timeouts.fire(), 'requests timed out').to.equal(1);
    }
    const result = await outcome;
    held?.release();
    await el.updateComplete;
    return result.sent ? 'sent' : result.kind;
  }

  /** Types a reply, meets `f` on the first send, checks the draft is kept, retries, and counts. */
  async function replySurvives(f: Fault, message: string) {
    const { el } = await mount();
    await openConversation(el, PRR);
    await type(el, message);
    expect(await attemptFailing(el, f)).to.equal(f.kind);
    expect($(el, '[part=send-error][role=alert]'), 'the send error').to.exist;
    // the draft is still there, word for word, and the user is told it is kept
    expect(draftShown(el)).to.equal(message);
    expect(text(el)).to.contain('Your text has been kept. Retry will not send it twice.');
    expect(countByText(message)).to.equal(f.committed);
    await expect(el).to.be.accessible();
    // the retry
    expect(await attempt(el)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    expect(messagesWith(el, message), 'the message is shown once').to.equal(1);
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
      expect(await attemptFailing(el, f)).to.equal(f.kind);
      expect($(el, '[part=send-error]'), 'the send error').to.exist;
      expect(draftShown(el)).to.equal(message);
      expect(countByText(message)).to.equal(1); // committed by the first failure, never again
    }
    expect(await attempt(el)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    expect(messagesWith(el, message), 'the message is shown once').to.equal(1);
  });

  it('the element re-created between the failure and the retry still has the draft, and sends it once', async () => {
    const { ctx, el } = await mount();
    await openConversation(el, PRR);
    const message = 'Survives a re-created element';
    await type(el, message);
    expect(await attemptFailing(el, FAULTS.timeoutAfterCommit)).to.equal('timeout');
    expect(countByText(message)).to.equal(1);
    el.remove();
    const el2 = document.createElement('jc-advice-panel');
    el2.canReply = true;
    el2.sender = sender;
    el2.client = client();
    ctx.appendChild(el2);
    await el2.updateComplete;
    expect(listShown(el2), 'the list in the new element').to.be.true;
    await openConversation(el2, PRR);
    expect(draftShown(el2)).to.equal(message);
    expect(await attempt(el2)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    expect(draftShown(el2)).to.equal('');
  });

  it('a new advice request survives a timeout after commit: one request on the server', async () => {
    const { el } = await mount();
    $$(el, 'button.jc-button')
      .find((b) => b.textContent.includes('New advice request'))!
      .click();
    await el.updateComplete;
    await type(el, 'A new question, sent once');
    const select = $<HTMLSelectElement>(el, 'select')!;
    select.value = 'diab';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const held = hold(`POST ${BASE}/CommunicationRequest`);
    const outcome = press(el);
    await held.arrived;
    expect(timeouts.fire(), 'requests timed out').to.equal(1);
    expect(await outcome).to.deep.equal({ sent: false, kind: 'timeout' });
    held.release();
    await el.updateComplete;
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
    const held = hold(POST_COMM); // stored when it arrives, answered when released
    const sent = oneEvent(el, 'jc-advice-sent');
    $(el, '[part=send-button]')!.click();
    await held.arrived;
    ctx.patientId = c.patientId;
    // patient c is drawn while the send still waits for its answer
    await drawn(el, () => patientCShown(el));
    expect(text(el)).not.to.contain(message);
    held.release();
    expect((await sent).detail.requestId).to.equal(PRR);
    await el.updateComplete; // the send's end and the reload after it, drawn under patient c
    expect(patientCShown(el), 'patient c is still shown').to.be.true;
    expect(text(el)).not.to.contain(message);
    const saved = server.list<Communication>('Communication').filter((m) => m.payload?.some((p) => p.contentString === message));
    expect(saved).to.have.length(1);
    expect(saved[0].subject?.reference).to.equal(`Patient/${a.patientId}`);
    // back to the first patient: the message is in the thread once and the draft is gone (confirmed)
    await switchPatient(ctx, el, a.patientId);
    await openConversation(el, PRR);
    expect(messagesWith(el, message), 'the message is shown once').to.equal(1);
    expect(draftShown(el)).to.equal('');
  });

  it('a switch to another patient and back during a slow send: the saved reply is shown, and the draft is not cleared in a way that invites a second send', async () => {
    const { ctx, el } = await mount();
    await openConversation(el, PRR);
    const message = 'Sent while switching away and back';
    await type(el, message);
    const held = hold(POST_COMM); // stored when it arrives, answered when released
    const sent = oneEvent(el, 'jc-advice-sent');
    $(el, '[part=send-button]')!.click();
    await held.arrived;
    ctx.patientId = c.patientId;
    await drawn(el, () => patientCShown(el));
    ctx.patientId = a.patientId;
    await drawn(el, () => listShown(el) && !patientCShown(el));
    // back on the first patient while the send still waits: the draft is there, and cannot be sent again
    $$(el, '[part=item]')
      .find((li) => li.dataset['id'] === PRR)!
      .querySelector('button')!
      .click();
    await drawn(el, () => !!$(el, '[part=thread]') && !!$(el, 'textarea'));
    expect(draftShown(el)).to.equal(message);
    expect($<HTMLTextAreaElement>(el, 'textarea')!.readOnly, 'the draft is read-only while it is sent').to.be.true;
    expect($<HTMLButtonElement>(el, '[part=send-button]')!.disabled, 'Send is disabled while it is sent').to.be.true;
    held.release();
    expect((await sent).detail.requestId).to.equal(PRR);
    await el.updateComplete;
    // the saved reply is in the thread, once; the draft is gone because it was sent; the user is told
    expect(messagesWith(el, message), 'the saved reply is shown').to.equal(1);
    expect(draftShown(el)).to.equal('');
    expect(text(el)).to.contain('Message sent.');
    expect(countByText(message)).to.equal(1);
  });

  it('a patient switch during a send that fails after commit: the draft waits for its patient and the retry does not duplicate', async () => {
    const { ctx, el } = await mount();
    await openConversation(el, PRR);
    const message = 'Committed while switching patient';
    await type(el, message);
    const held = hold(POST_COMM);
    const failed = oneEvent(el, 'jc-advice-send-failed');
    $(el, '[part=send-button]')!.click();
    await held.arrived;
    ctx.patientId = c.patientId;
    await drawn(el, () => patientCShown(el));
    // patient c has loaded; only the send is still waiting, and its time runs out under patient c
    expect(timeouts.fire(), 'requests timed out').to.equal(1);
    expect((await failed).detail.kind).to.equal('timeout');
    held.release();
    await el.updateComplete;
    expect(patientCShown(el), 'patient c is still shown').to.be.true;
    expect(text(el)).not.to.contain(message);
    expect(countByText(message)).to.equal(1);
    await switchPatient(ctx, el, a.patientId);
    await openConversation(el, PRR);
    expect(draftShown(el)).to.equal(message);
    expect(await attempt(el)).to.equal('sent');
    expect(countByText(message)).to.equal(1);
    expect(messagesWith(el, message), 'the message is shown once').to.equal(1);
  });
});
