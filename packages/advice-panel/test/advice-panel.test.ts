import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Bundle, Communication, CommunicationRequest, Reference } from 'fhir/r4.js';
import { adviceAllScenarios, adviceConversation, buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient, sharedRequestCache, type FhirClient, type JcContext } from '@joinedcare/core';
import '../src/define.js';
import { clearAllDrafts, type AdviceService, type JcAdvicePanel } from '../src/index.js';

const now = new Date('2026-11-20T12:00:00Z');
const set = buildPersonas({ now });
const { a, c, d } = set.personas;
const clock = { now: () => now };
const BASE = '/advice-fhir';
const sender: Reference = { reference: 'Practitioner/prac-gp-okafor', display: 'Dr Amara Okafor' };
const specialist: Reference = { reference: 'Practitioner/prac-cons-raman', display: 'Dr Priya Raman' };
const services: AdviceService[] = [
  {
    id: 'diab',
    label: 'Diabetes Advice Service',
    specialty: { text: 'Diabetic medicine' },
    reference: { reference: 'HealthcareService/hs-diabetes-advice', display: 'Diabetes Advice Service' },
  },
];
const req = (key: string) => `ag-${a.patientId}-${key}-req`;
const PRR = req('provider-response-required');
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];

function until(cond: () => boolean, what: string, timeout = 5000): Promise<void> {
  return waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 10 });
}

interface MountOptions {
  setting?: 'primary' | 'secondary';
  patientId?: string;
  canReply?: boolean;
  who?: Reference | undefined;
  client?: FhirClient;
  persist?: boolean;
  convertMode?: 'event' | 'update';
}

describe('<jc-advice-panel>', function () {
  this.timeout(20000);
  let server: FhirFixtureServer;

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    await startFixtureWorker(server);
  });
  beforeEach(() => {
    for (const r of adviceAllScenarios({ now, patientId: a.patientId })) server.put(r, { preserveLastUpdated: true });
  });
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
    clearAllDrafts();
  });

  async function mount(o: MountOptions = {}) {
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id=${o.patientId ?? a.patientId} setting=${o.setting ?? 'primary'} .clock=${clock}>
        <jc-advice-panel
          ?can-reply=${o.canReply ?? false}
          ?persist-drafts=${o.persist ?? false}
          convert-mode=${o.convertMode ?? 'event'}
          .sender=${'who' in o ? o.who : o.setting === 'secondary' ? specialist : sender}
          .services=${services}
          .attachments=${[{ documentReferenceId: `ag-${a.patientId}-attachments-doc-1`, title: 'Blood results' }]}
          .client=${o.client}
        ></jc-advice-panel>
      </jc-context>`,
    );
    const el = ctx.querySelector('jc-advice-panel')!;
    await until(() => !!$(el, '[part=list], [part=empty], [part=error]'), 'list');
    return { ctx, el };
  }

  async function openConversation(el: JcAdvicePanel, requestId: string) {
    const items = $$(el, '[part=item]');
    const item = items.find((li) => li.dataset['id'] === requestId);
    if (!item) throw new Error(`no conversation ${requestId}`);
    item.querySelector('button')!.click();
    await until(() => !!$(el, '[part=thread]'), 'thread');
  }

  const typeInto = async (el: JcAdvicePanel, value: string) => {
    const ta = $<HTMLTextAreaElement>(el, 'textarea')!;
    ta.value = value;
    ta.dispatchEvent(new Event('input'));
    await el.updateComplete;
  };
  const countByText = (t: string) =>
    server.list<Communication>('Communication').filter((m) => m.payload?.some((p) => p.contentString === t)).length;

  describe('reading', () => {
    it('shows loading, then every conversation with status, who acts next and dates (GP view)', async () => {
      const held = server.hold();
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} patient-id=${a.patientId} setting="primary" .clock=${clock}
          ><jc-advice-panel></jc-advice-panel
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-advice-panel')!;
      await held.arrived;
      expect($(el, '[part=loading][role=status]')).to.exist;
      await expect(el).to.be.accessible();
      held.release();
      await until(() => !!$(el, '[part=list]'), 'list');
      const t = text(el);
      for (const s of [
        'Provider Response Required',
        'Referrer To Submit Further Information',
        'Referrer To Review Response',
        'Conversation Ended - Cancelled',
        'Conversation Ended - Closed',
        'Advice Converted To Referral',
        'Awaiting specialist response',
        'Specialist asked for more information',
        'Response ready to review',
        'Diabetic medicine',
        'Diabetes and Endocrinology Advice Service',
      ])
        expect(t, s).to.contain(s);
      expect(t).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
      expect(t).not.to.match(/undefined|null|NaN|Invalid Date|\[object Object\]/);
      await expect(el).to.be.accessible();
    });

    it('highlights an overdue response in words, with the configured target', async () => {
      const { el } = await mount();
      const item = (id: string) => $$(el, '[part=item]').find((li) => li.dataset['id'] === id)!;
      const overdue = item(req('overdue')).querySelector('[part=overdue]')!;
      expect(overdue.textContent).to.contain('Overdue');
      expect(overdue.textContent).to.contain('2 working day target');
      expect(item(req('overdue')).classList.contains('conversation--overdue')).to.equal(true);
      expect(item(PRR).querySelector('[part=overdue]')).to.equal(null);
      el.responseTargetDays = 20;
      await el.updateComplete;
      expect($$(el, '[part=overdue]')).to.have.length(0);
    });

    it('non-working-days (attribute) push the due date: days the host closes do not count', async () => {
      const { el } = await mount();
      const overdueAtFirst = $$(el, '[part=overdue]').length;
      expect(overdueAtFirst).to.be.greaterThan(0);
      // every day of the four weeks before "now", as the attribute would be written
      const days: string[] = [];
      for (let i = 1; i <= 28; i++) days.push(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
      el.setAttribute('non-working-days', `${days.join(', ')} not-a-date 2026-02-30`);
      await el.updateComplete;
      expect(el.nonWorkingDays).to.include(days[0]);
      expect($$(el, '[part=overdue]')).to.have.length(0);
      el.removeAttribute('non-working-days');
      await el.updateComplete;
      expect($$(el, '[part=overdue]')).to.have.length(overdueAtFirst);
      await expect(el).to.be.accessible();
    });

    it('speaks from the specialist perspective in secondary care', async () => {
      const { el } = await mount({ setting: 'secondary' });
      const t = text(el);
      expect(t).to.contain('Your response is needed');
      expect(t).to.contain('Awaiting more information from the referrer');
      expect(t).to.contain('Awaiting the referrer’s review of your response');
      expect(t).not.to.contain('Awaiting specialist response');
      await expect(el).to.be.accessible();
    });

    it('opens a thread: log semantics, sender, role, organisation, setting, time, text; and goes back', async () => {
      const { el } = await mount();
      await openConversation(el, req('referrer-to-review-response'));
      const log = $(el, '[role=log]')!;
      expect(log.getAttribute('aria-label')).to.equal('Messages');
      const msgs = $$(el, '[part=message]');
      expect(msgs.length).to.be.greaterThan(1);
      const all = msgs.map((m) => m.textContent.replace(/\s+/g, ' ')).join(' | ');
      expect(all).to.contain('Dr Amara Okafor (Referrer');
      expect(all).to.contain('Dr Priya Raman (Specialist');
      expect(all).to.contain('GP practice');
      expect(all).to.contain('Hospital');
      expect(all).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}/);
      await expect(el).to.be.accessible();
      $(el, '.header button.link')!.click();
      await until(() => !!$(el, '[part=list]'), 'list again');
    });

    it('attachments: available ones open through an event with the id only; unavailable ones cannot be opened', async () => {
      const { el } = await mount();
      await openConversation(el, req('attachments'));
      const atts = $$(el, '[part=attachment]');
      expect(atts).to.have.length(2);
      expect(atts[0].textContent).to.contain('Blood results (HbA1c, eGFR, lipids)');
      expect(atts[0].textContent).to.contain('Laboratory report');
      expect(atts[0].textContent).to.contain('PDF');
      expect(atts[0].textContent).to.contain('243 KB');
      expect(atts[1].textContent).to.contain('Not yet available');
      expect(atts[1].querySelector('button')).to.equal(null);
      setTimeout(() => atts[0].querySelector('button')!.click());
      const ev = await oneEvent(el, 'jc-attachment-open-request');
      expect(ev.detail).to.deep.equal({ documentReferenceId: `ag-${a.patientId}-attachments-doc-1` });
      expect(ev.bubbles && ev.composed).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('keeps a 200-message thread usable: latest 50, then "show earlier"', async () => {
      const { el } = await mount();
      await openConversation(el, req('long'));
      expect($$(el, '[part=message]')).to.have.length(50);
      expect(text(el)).to.contain('Showing the latest 50 of 200 messages');
      expect($$(el, '[part=message]').at(-1)!.textContent).to.contain('200.');
      await expect(el).to.be.accessible();
      $$(el, 'button.secondary')
        .find((b) => b.textContent.includes('Show 50 earlier'))!
        .click();
      await el.updateComplete;
      expect($$(el, '[part=message]')).to.have.length(100);
    });

    it('says so when the patient has no conversations (empty)', async () => {
      const { el } = await mount({ patientId: d.patientId });
      expect($(el, '[part=empty]')!.textContent).to.contain('No advice and guidance conversations');
      await expect(el).to.be.accessible();
    });

    it('shows the error state with Retry, then loads', async () => {
      server.addFault({ match: '/CommunicationRequest', status: 500, times: 1 });
      const { el } = await mount();
      expect($(el, '[part=error][role=alert]')).to.exist;
      await expect(el).to.be.accessible();
      $(el, '[part=retry-button]')!.click();
      await until(() => !!$(el, '[part=list]'), 'list after retry');
    });

    it('says what is missing when not configured', async () => {
      const el = await fixture<JcAdvicePanel>(html`<jc-advice-panel></jc-advice-panel>`);
      expect($(el, '[part=not-configured]')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('refuses a message about another patient, with a visible warning, and never shows its text', async () => {
      const foreign: Communication = {
        ...(adviceConversation({ now, patientId: c.patientId, status: 'PROVIDER_RESPONSE_REQUIRED' })[1] as Communication),
        partOf: [{ reference: `CommunicationRequest/${PRR}` }],
        payload: [{ contentString: 'SECRET about another patient' }],
      };
      const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: foreign, search: { mode: 'match' } }] };
      server.addFault({ match: /\/Communication\?/, status: 200, body: bundle });
      const warnings: unknown[] = [];
      const onWarning = (e: Event) => warnings.push((e as CustomEvent).detail);
      document.addEventListener('jc-safety-warning', onWarning);
      const { el } = await mount();
      document.removeEventListener('jc-safety-warning', onWarning);
      await until(() => !!$(el, '[part=safety-warning]'), 'warning');
      expect(text(el)).not.to.contain('SECRET');
      await openConversation(el, PRR);
      expect(text(el)).not.to.contain('SECRET');
      await expect(el).to.be.accessible();
      expect(warnings).to.deep.include({ resourceType: 'Communication', id: foreign.id, reason: 'other-patient' });
    });

    it('shows script and markup in message text as text; nothing runs', async () => {
      const hostile = '<img src=x onerror="window.__advicePwned=1"><script>window.__advicePwned=1</script><b>bold</b>';
      const [, first] = adviceConversation({
        now,
        patientId: a.patientId,
        key: 'hostile',
        status: 'REFERRER_TO_REVIEW_RESPONSE',
        messages: 2,
      }) as [CommunicationRequest, Communication];
      server.put({ ...first, payload: [{ contentString: hostile }] });
      for (const r of adviceConversation({
        now,
        patientId: a.patientId,
        key: 'hostile',
        status: 'REFERRER_TO_REVIEW_RESPONSE',
        messages: 2,
      }))
        if (r.id !== first.id) server.put(r);
      const { el } = await mount();
      await openConversation(el, req('hostile'));
      expect(text(el)).to.contain('<script>window.__advicePwned=1</script>');
      expect(el.shadowRoot!.querySelector('img, script, b')).to.equal(null);
      expect((window as { __advicePwned?: number }).__advicePwned).to.equal(undefined);
    });
  });

  describe('writing', () => {
    it('offers no compose box without can-reply, and explains a missing sender', async () => {
      const { el } = await mount();
      await openConversation(el, PRR);
      expect($(el, 'textarea')).to.equal(null);
      const { el: el2 } = await mount({ canReply: true, who: undefined });
      await openConversation(el2, PRR);
      expect($(el2, 'textarea')).to.equal(null);
      expect(text(el2)).to.contain('has not said who you are');
    });

    it('sends a reply once: labelled box, keyboard send, draft kept while sending, ids-only event', async () => {
      server.setLatency(150);
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      const ta = $<HTMLTextAreaElement>(el, 'textarea')!;
      expect($(el, 'label[for=text]')!.textContent).to.equal('Your reply');
      await expect(el).to.be.accessible();
      await typeInto(el, 'Reply one, confidential text');
      const sent = oneEvent(el, 'jc-advice-sent');
      ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
      await el.updateComplete;
      expect($<HTMLButtonElement>(el, '[part=send-button]')!.disabled).to.equal(true);
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Reply one, confidential text');
      await expect(el).to.be.accessible();
      const ev = await sent;
      expect(Object.keys(ev.detail).sort()).to.deep.equal(['communicationId', 'kind', 'requestId']);
      expect(ev.detail.requestId).to.equal(PRR);
      expect(JSON.stringify(ev.detail)).not.to.contain('confidential');
      const created = server.get<Communication>('Communication', ev.detail.communicationId)!;
      expect(created.partOf).to.deep.equal([{ reference: `CommunicationRequest/${PRR}` }]);
      expect(created.basedOn).to.deep.equal([{ reference: `CommunicationRequest/${PRR}` }]);
      expect(created.subject).to.deep.equal({ reference: `Patient/${a.patientId}` });
      expect(created.sender).to.deep.equal(sender);
      expect(created.identifier?.[0]?.value).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(countByText('Reply one, confidential text')).to.equal(1);
      await until(
        () => text(el).includes('Message sent.') && $$(el, '[part=message]').some((m) => m.textContent.includes('Reply one')),
        'message in thread',
      );
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('');
      await expect(el).to.be.accessible();
    });

    it('500: keeps the draft, says so, fires send-failed with ids only; Retry sends exactly one', async () => {
      server.addFault({ match: `POST ${BASE}/Communication`, status: 500, times: 1 });
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Retry me secret');
      const failed = oneEvent(el, 'jc-advice-send-failed');
      $(el, '[part=send-button]')!.click();
      const ev = await failed;
      expect(ev.detail).to.deep.equal({ requestId: PRR, kind: 'http' });
      await until(() => !!$(el, '[part=send-error][role=alert]'), 'send error');
      expect(text(el)).to.contain('We could not confirm that your message was sent');
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Retry me secret');
      expect(countByText('Retry me secret')).to.equal(0);
      await expect(el).to.be.accessible();
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-error] [part=retry-button]')!.click();
      await sent;
      expect(countByText('Retry me secret')).to.equal(1);
    });

    it('timeout after the server committed: Retry does not duplicate', async () => {
      const client = new FetchFhirClient({ baseUrl: BASE, timeoutMs: 400 });
      const { el } = await mount({ canReply: true, client });
      await openConversation(el, PRR);
      await typeInto(el, 'Committed then timed out');
      server.addFault({ match: `POST ${BASE}/Communication`, latencyMs: 2000, afterCommit: true, times: 1 });
      const failed = oneEvent(el, 'jc-advice-send-failed');
      $(el, '[part=send-button]')!.click();
      expect((await failed).detail.kind).to.equal('timeout');
      expect(countByText('Committed then timed out')).to.equal(1); // the server did save it
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Committed then timed out');
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-error] [part=retry-button]')!.click();
      await sent;
      expect(countByText('Committed then timed out')).to.equal(1);
    });

    it('5xx after the server committed: Retry does not duplicate', async () => {
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Committed then 503');
      server.addFault({ match: `POST ${BASE}/Communication`, status: 502, afterCommit: true, times: 1 });
      const failed = oneEvent(el, 'jc-advice-send-failed');
      $(el, '[part=send-button]')!.click();
      await failed;
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-error] [part=retry-button]')!.click();
      await sent;
      expect(countByText('Committed then 503')).to.equal(1);
    });

    it('offline: network error keeps the draft; Retry sends one', async () => {
      server.addFault({ match: `POST ${BASE}/Communication`, networkError: true, times: 1 });
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Offline draft');
      const failed = oneEvent(el, 'jc-advice-send-failed');
      $(el, '[part=send-button]')!.click();
      expect((await failed).detail).to.deep.equal({ requestId: PRR, kind: 'network' });
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Offline draft');
      expect(text(el)).to.contain('could not be reached');
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-error] [part=retry-button]')!.click();
      await sent;
      expect(countByText('Offline draft')).to.equal(1);
    });

    it('a double click (and Ctrl+Enter on top) sends exactly one message', async () => {
      server.setLatency(100);
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Double click');
      const sent = oneEvent(el, 'jc-advice-sent');
      const button = $(el, '[part=send-button]')!;
      button.click();
      button.click();
      $(el, 'textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', metaKey: true, bubbles: true }));
      await sent;
      expect(server.requests.filter((r) => r.method === 'POST' && r.url.includes('/Communication')).length).to.equal(1);
      expect(countByText('Double click')).to.equal(1);
    });

    it('refuses to send an empty reply', async () => {
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      $(el, '[part=send-button]')!.click();
      await el.updateComplete;
      expect(text(el)).to.contain('Write a message before sending.');
      expect(server.requests.some((r) => r.method === 'POST')).to.equal(false);
    });

    it('keeps drafts across re-render, element re-creation, and a patient switch and back', async () => {
      const { ctx, el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Unsent thoughts');
      el.requestUpdate();
      await el.updateComplete;
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Unsent thoughts');
      // a new element for the same patient
      el.remove();
      const el2 = document.createElement('jc-advice-panel');
      el2.canReply = true;
      el2.sender = sender;
      ctx.appendChild(el2);
      await until(() => !!$(el2, '[part=list]'), 'list in new element');
      await openConversation(el2, PRR);
      expect($<HTMLTextAreaElement>(el2, 'textarea')!.value).to.equal('Unsent thoughts');
      // switch to another patient: the draft is not shown there
      ctx.setAttribute('patient-id', c.patientId);
      await until(() => !!$(el2, '[part=list], [part=empty]') && !text(el2).includes('Unsent thoughts'), 'patient c');
      expect(text(el2)).not.to.contain('Unsent thoughts');
      // and back
      ctx.setAttribute('patient-id', a.patientId);
      await until(() => $$(el2, '[part=item]').length > 5, 'patient a again');
      await openConversation(el2, PRR);
      expect($<HTMLTextAreaElement>(el2, 'textarea')!.value).to.equal('Unsent thoughts');
    });

    it('a send that completes after a patient switch fires its event but announces nothing under the new patient', async () => {
      server.addFault({ match: `POST ${BASE}/Communication`, latencyMs: 600, times: 1 });
      const { ctx, el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Sent while switching');
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-button]')!.click();
      await el.updateComplete;
      ctx.setAttribute('patient-id', c.patientId);
      await until(() => !!$(el, '[part=list], [part=empty]') && !text(el).includes('Sent while switching'), 'patient c');
      const ev = await sent;
      expect(ev.detail.requestId).to.equal(PRR);
      await el.updateComplete;
      expect(countByText('Sent while switching')).to.equal(1);
      expect(text(el)).not.to.contain('Message sent.');
      expect(text(el)).not.to.contain('Sent while switching');
      // back on the first patient, the draft is gone (it was sent) and the message is in the thread
      ctx.setAttribute('patient-id', a.patientId);
      await until(() => $$(el, '[part=item]').length > 5, 'patient a again');
      await openConversation(el, PRR);
      await until(() => $$(el, '[part=message]').some((m) => m.textContent.includes('Sent while switching')), 'message in thread');
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('');
    });

    it('persist-drafts keeps the draft in sessionStorage until the send is confirmed', async () => {
      const { el } = await mount({ canReply: true, persist: true });
      await openConversation(el, PRR);
      await typeInto(el, 'Persisted draft');
      const keys = () => Object.keys(sessionStorage).filter((k) => k.startsWith('jc-advice-draft:'));
      expect(keys()).to.have.length(1);
      expect(sessionStorage.getItem(keys()[0])).to.contain('Persisted draft');
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-button]')!.click();
      await sent;
      expect(keys()).to.have.length(0);
    });

    it('sends a new request to a chosen service, idempotently', async () => {
      const { el } = await mount({ canReply: true });
      $$(el, 'button.jc-button')
        .find((b) => b.textContent.includes('New advice request'))!
        .click();
      await until(() => !!$(el, 'select'), 'form');
      await expect(el).to.be.accessible();
      await typeInto(el, 'New question text');
      $(el, '[part=send-button]')!.click();
      await el.updateComplete;
      expect(text(el)).to.contain('Choose a specialty or service.');
      const select = $<HTMLSelectElement>(el, 'select')!;
      select.value = 'diab';
      select.dispatchEvent(new Event('change'));
      $$<HTMLInputElement>(el, 'input[type=radio]')
        .find((r) => r.value === 'urgent')!
        .click();
      await el.updateComplete;
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-button]')!.click();
      const ev = await sent;
      expect(ev.detail.kind).to.equal('request');
      expect(JSON.stringify(ev.detail)).not.to.contain('New question');
      const created = server.get<CommunicationRequest>('CommunicationRequest', ev.detail.requestId)!;
      expect(created.priority).to.equal('urgent');
      expect(created.payload?.[0]?.contentString).to.equal('New question text');
      expect(created.identifier?.[0]?.system).to.equal('urn:ietf:rfc:3986');
      await until(() => !!$(el, '[part=thread]') && text(el).includes('New question text'), 'new conversation open');
      await expect(el).to.be.accessible();
    });

    it('attaches host-passed documents as contentReference', async () => {
      const { el } = await mount({ canReply: true });
      await openConversation(el, PRR);
      await typeInto(el, 'With attachment');
      $<HTMLInputElement>(el, 'input[type=checkbox]')!.click();
      await el.updateComplete;
      const sent = oneEvent(el, 'jc-advice-sent');
      $(el, '[part=send-button]')!.click();
      const ev = await sent;
      const created = server.get<Communication>('Communication', ev.detail.communicationId)!;
      expect(created.payload?.[1]?.contentReference?.reference).to.equal(`DocumentReference/ag-${a.patientId}-attachments-doc-1`);
    });
  });

  describe('convert to referral', () => {
    it('is offered to specialists only when authorised; fires jc-advice-convert-request with the id', async () => {
      const gp = await mount({ canReply: true });
      await openConversation(gp.el, PRR);
      expect($(gp.el, '[part=convert-button]')).to.equal(null);
      const { el } = await mount({ setting: 'secondary', canReply: true });
      await openConversation(el, req('referrer-to-submit-further-information')); // not authorised in the scenario
      expect($(el, '[part=convert-button]')).to.equal(null);
      expect(text(el)).to.contain('has not authorised conversion');
      $(el, '.header button.link')!.click();
      await until(() => !!$(el, '[part=list]'), 'list');
      await openConversation(el, PRR);
      await expect(el).to.be.accessible();
      setTimeout(() => $(el, '[part=convert-button]')!.click());
      const ev = await oneEvent(el, 'jc-advice-convert-request');
      expect(ev.detail).to.deep.equal({ requestId: PRR });
      expect(ev.cancelable).to.equal(true);
      expect(server.get<CommunicationRequest>('CommunicationRequest', PRR)!.status).to.equal('active');
    });

    it('convert-mode="update" marks the request converted with If-Match, unless the host prevents it', async () => {
      const { el } = await mount({ setting: 'secondary', canReply: true, convertMode: 'update' });
      await openConversation(el, PRR);
      const stop = (e: Event) => e.preventDefault();
      el.addEventListener('jc-advice-convert-request', stop, { once: true });
      $(el, '[part=convert-button]')!.click();
      await el.updateComplete;
      expect(server.get<CommunicationRequest>('CommunicationRequest', PRR)!.status).to.equal('active');
      $(el, '[part=convert-button]')!.click();
      await until(() => server.get<CommunicationRequest>('CommunicationRequest', PRR)!.status === 'completed', 'converted');
      expect(server.get<CommunicationRequest>('CommunicationRequest', PRR)!.statusReason?.coding?.[0]?.code).to.equal('ADVICE_CONVERTED');
      await until(() => text(el).includes('Advice Converted To Referral'), 'status shown');
    });
  });
});
