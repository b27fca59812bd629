import { expect, html, oneEvent } from '@open-wc/testing';
import type { Bundle, Communication, CommunicationRequest, FhirResource } from 'fhir/r4.js';
import { adviceConversation, type HeldRequests } from '@joinedcare/fixtures';
import { FetchFhirClient, FhirError, type CreateOptions } from '@joinedcare/core';
import { AdvicePanelHarness, squash } from './harness.js';
import { asPublished, published, sentByCategory } from './ers-data.js';
import { BASE, POST_COMM, PRR, clock, mountPanel as mount, now, req, sender, set, switchTo, useAdviceServer } from './panel-fixture.js';

const { a, c, d } = set.personas;

/**
 * A client whose first create gives up as a timeout once the server has received (and saved) the
 * request, whose answer `held` keeps back: "the timeout after commit", with no timing involved.
 */
class GivesUpOnce extends FetchFhirClient {
  private gaveUp = false;
  constructor(private readonly held: HeldRequests) {
    super({ baseUrl: BASE });
  }
  override create<T extends FhirResource>(resource: T, options?: CreateOptions): Promise<T> {
    const real = super.create(resource, options);
    if (this.gaveUp) return real;
    this.gaveUp = true;
    real.catch(() => undefined);
    return Promise.race([
      real,
      this.held.arrived.then((): never => {
        throw new FhirError('timeout', 'The server took too long to answer');
      }),
    ]);
  }
}

describe('<jc-advice-panel>', function () {
  this.timeout(20000);
  const fixture = useAdviceServer();
  const { countByText } = fixture;
  let server: typeof fixture.server;
  beforeEach(() => (server = fixture.server));

  describe('reading', () => {
    it('shows loading, then every conversation with status, who acts next and dates (GP view)', async () => {
      const held = server.hold();
      const h = await AdvicePanelHarness.mount(
        html`<jc-context fhir-base-url=${BASE} patient-id=${a.patientId} setting="primary" .clock=${clock}
          ><jc-advice-panel></jc-advice-panel
        ></jc-context>`,
        { wait: false },
      );
      await held.arrived;
      expect(h.state()).to.equal('loading');
      expect(h.has('[part=loading][role=status]')).to.equal(true);
      await expect(h.el).to.be.accessible();
      held.release();
      await h.settled();
      expect(h.state()).to.equal('list');
      const t = h.text();
      for (const s of [
        'Provider response required',
        'Referrer to submit further information',
        'Referrer to review response',
        'Conversation ended - cancelled',
        'Conversation ended - closed',
        'Advice converted to referral',
        'Awaiting specialist response',
        'Specialist asked for more information',
        'Response ready to review',
        'Diabetic medicine',
        'Diabetes and Endocrinology Advice Service',
      ])
        expect(t, s).to.contain(s);
      expect(h.status(PRR)).to.equal('Provider response required');
      expect(h.nextActor(PRR)).to.equal('Awaiting specialist response');
      expect(t).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
      expect(t).not.to.match(/undefined|null|NaN|Invalid Date|\[object Object\]/);
      await expect(h.el).to.be.accessible();
    });

    it('highlights an overdue response in words, with the configured target', async () => {
      const h = await mount();
      const overdue = h.overdue(req('overdue'));
      expect(overdue).to.contain('Overdue');
      expect(overdue).to.contain('2 working day target');
      expect(h.item(req('overdue')).classList.contains('conversation--overdue')).to.equal(true);
      expect(h.overdue(PRR)).to.equal('');
      h.el.responseTargetDays = 20;
      await h.settled();
      expect(h.$$('[part=overdue]')).to.have.length(0);
    });

    it('non-working-days (attribute) push the due date: days the host closes do not count', async () => {
      const h = await mount();
      const overdueAtFirst = h.$$('[part=overdue]').length;
      expect(overdueAtFirst).to.be.greaterThan(0);
      // every day of the four weeks before "now", as the attribute would be written
      const days: string[] = [];
      for (let i = 1; i <= 28; i++) days.push(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
      h.el.setAttribute('non-working-days', `${days.join(', ')} not-a-date 2026-02-30`);
      await h.settled();
      expect(h.el.nonWorkingDays).to.include(days[0]);
      expect(h.$$('[part=overdue]')).to.have.length(0);
      h.el.removeAttribute('non-working-days');
      await h.settled();
      expect(h.$$('[part=overdue]')).to.have.length(overdueAtFirst);
      await expect(h.el).to.be.accessible();
    });

    it('speaks from the specialist perspective in secondary care', async () => {
      const h = await mount({ setting: 'secondary' });
      const t = h.text();
      expect(h.nextActor(PRR)).to.equal('Your response is needed');
      expect(t).to.contain('Awaiting more information from the referrer');
      expect(t).to.contain('Awaiting the referrer’s review of your response');
      expect(t).not.to.contain('Awaiting specialist response');
      await expect(h.el).to.be.accessible();
    });

    it('opens a thread: log semantics, sender, role, organisation with its kind, time, text; and goes back', async () => {
      const h = await mount();
      await h.open(req('referrer-to-review-response'));
      expect(h.state()).to.equal('thread');
      expect(h.$('[role=log]')!.getAttribute('aria-label')).to.equal('Messages');
      expect(h.status()).to.equal('Referrer to review response');
      expect(h.nextActor()).to.equal('Response ready to review');
      const msgs = h.messages();
      expect(msgs.length).to.be.greaterThan(1);
      const all = msgs.join(' | ');
      expect(all).to.contain('Dr Amara Okafor (Referrer');
      expect(all).to.contain('Dr Priya Raman (Specialist');
      // the organisation as every widget names it, from its ODS role
      expect(all).to.contain('From Riverside Medical Practice (GP practice)');
      expect(all).to.contain('From Northbridge University Hospitals NHS Foundation Trust (NHS trust)');
      expect(all).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}/);
      expect(h.announcement()).to.match(/^Conversation opened: \d+ messages$/);
      await expect(h.el).to.be.accessible();
      await h.back();
      expect(h.state()).to.equal('list');
    });

    it('attachments: with open-attachments, available ones open through an event with the id only; unavailable ones cannot be opened', async () => {
      const h = await mount({ openAttachments: true });
      await h.open(req('attachments'));
      const atts = h.attachments();
      expect(atts).to.have.length(2);
      expect(atts[0].textContent).to.contain('Blood results (HbA1c, eGFR, lipids)');
      expect(atts[0].textContent).to.contain('Laboratory report');
      expect(atts[0].textContent).to.contain('PDF');
      expect(atts[0].textContent).to.contain('243 KB');
      expect(atts[1].textContent).to.contain('Not yet available');
      expect(atts[1].querySelector('button')).to.equal(null);
      const opened = oneEvent(h.el, 'jc-attachment-open-request');
      atts[0].querySelector('button')!.click();
      const ev = await opened;
      expect(ev.detail).to.deep.equal({ documentReferenceId: `ag-${a.patientId}-attachments-doc-1` });
      expect(ev.bubbles && ev.composed).to.equal(true);
      await expect(h.el).to.be.accessible();
    });

    it('attachments without open-attachments: titles and details as plain text, no button that does nothing', async () => {
      const h = await mount();
      await h.open(req('attachments'));
      const atts = h.attachments();
      expect(squash(atts[0].textContent)).to.equal('Blood results (HbA1c, eGFR, lipids) (Laboratory report, PDF, 243 KB)');
      expect(h.$$('[part=attachment] button')).to.have.length(0);
      expect(atts[1].textContent).to.contain('Not yet available');
      await expect(h.el).to.be.accessible();
    });

    it('keeps a 200-message thread usable: latest 50, then "show earlier"', async () => {
      const h = await mount();
      await h.open(req('long'));
      expect(h.messages()).to.have.length(50);
      expect(h.text()).to.contain('Showing the latest 50 of 200 messages');
      expect(h.messages().at(-1)).to.contain('200.');
      await expect(h.el).to.be.accessible();
      expect(h.text()).to.contain('Show 50 earlier');
      await h.showEarlier();
      expect(h.messages()).to.have.length(100);
    });

    it('says so when the patient has no conversations (empty)', async () => {
      const h = await mount({ patientId: d.patientId });
      expect(h.state()).to.equal('empty');
      expect(h.text('[part=empty]')).to.contain('No advice and guidance conversations');
      await expect(h.el).to.be.accessible();
    });

    it('shows the error state with Retry, then loads', async () => {
      server.addFault({ match: '/CommunicationRequest', status: 500, times: 1 });
      const h = await mount();
      expect(h.state()).to.equal('error');
      expect(h.has('[part=error][role=alert]')).to.equal(true);
      await expect(h.el).to.be.accessible();
      h.$('[part=error] [part=retry-button]')!.click();
      await h.settled();
      expect(h.state()).to.equal('list');
    });

    it('says what failed when attachments and senders could not be loaded, and shows the rest', async () => {
      server.addFault({ match: '/DocumentReference', status: 500 });
      server.addFault({ match: '/PractitionerRole', status: 503 });
      const h = await mount();
      expect(h.text('[part=partial]')).to.contain('attachment details');
      expect(h.text('[part=partial]')).to.contain('sender details');
      await h.open(req('attachments'));
      expect(h.attachments()[0].textContent).to.contain('Details could not be loaded');
      expect(h.messages()[0]).to.contain('Dr Amara Okafor (Referrer');
      await expect(h.el).to.be.accessible();
    });

    it('says what is missing when not configured', async () => {
      const h = await AdvicePanelHarness.mount(html`<jc-advice-panel></jc-advice-panel>`);
      expect(h.state()).to.equal('not-configured');
      await expect(h.el).to.be.accessible();
    });

    it('refuses a message about another patient, with a visible warning, and never shows its text: the list fails, shown as such', async () => {
      const foreign: Communication = {
        ...published(adviceConversation({ now, patientId: c.patientId, status: 'PROVIDER_RESPONSE_REQUIRED' })[1] as Communication),
        partOf: [{ reference: `CommunicationRequest/${PRR}` }],
        payload: [{ contentString: 'SECRET about another patient' }],
      };
      const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: foreign, search: { mode: 'match' } }] };
      server.addFault({ match: /\/Communication\?/, status: 200, body: bundle });
      const warnings: unknown[] = [];
      const onWarning = (e: Event) => warnings.push((e as CustomEvent).detail);
      document.addEventListener('jc-safety-warning', onWarning);
      const h = await mount();
      document.removeEventListener('jc-safety-warning', onWarning);
      expect(h.text()).not.to.contain('SECRET');
      // the search for this patient was answered with another patient's message: the list failed, shown as such
      expect(h.text()).to.contain('records for a different patient, so none of it is shown');
      expect(h.has('[part=item]')).to.equal(false);
      await expect(h.el).to.be.accessible();
      expect(warnings).to.deep.include({ resourceType: 'Communication', id: foreign.id, reason: 'other-patient' });
    });

    it('shows script and markup in message text as text; nothing runs', async () => {
      const hostile = '<img src=x onerror="window.__advicePwned=1"><script>window.__advicePwned=1</script><b>bold</b>';
      const resources = asPublished(
        adviceConversation({ now, patientId: a.patientId, key: 'hostile', status: 'REFERRER_TO_REVIEW_RESPONSE', messages: 2 }),
      );
      const first = resources[1] as Communication;
      for (const r of resources) server.put(r.id === first.id ? { ...first, payload: [{ contentString: hostile }] } : r);
      const h = await mount();
      await h.open(req('hostile'));
      expect(h.text()).to.contain('<script>window.__advicePwned=1</script>');
      expect(h.$('img, script, b')).to.equal(null);
      expect((window as { __advicePwned?: number }).__advicePwned).to.equal(undefined);
    });
  });

  describe('senders and references, resolved through the record', () => {
    /**
     * A conversation whose second message comes from Dr Jan Lowe, a practitioner at `org` (put on the
     * server with the ODS roles given), in the conversation role given.
     */
    function conversationFrom(key: string, org: { id: string; name: string; roles: string[] }, role: 'REQUESTER' | 'RESPONDER') {
      const [request, first, reply] = asPublished(
        adviceConversation({ now, patientId: a.patientId, key, status: 'REFERRER_TO_REVIEW_RESPONSE', messages: 2 }),
      ) as [CommunicationRequest, Communication, Communication];
      server.put({
        resourceType: 'Organization',
        id: org.id,
        name: org.name,
        ...(org.roles.length
          ? { type: [{ coding: org.roles.map((code) => ({ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code })) }] }
          : {}),
      });
      server.put({ resourceType: 'Practitioner', id: `prac-${key}`, name: [{ family: 'Lowe', given: ['Jan'], prefix: ['Dr'] }] });
      server.put({
        resourceType: 'PractitionerRole',
        id: `role-${key}`,
        practitioner: { reference: `Practitioner/prac-${key}` },
        organization: { reference: `Organization/${org.id}` },
      });
      server.put(request);
      server.put(first);
      server.put({
        ...reply,
        category: sentByCategory(role),
        sender: { reference: `Practitioner/prac-${key}`, display: 'Dr Jan Lowe' },
      });
      return request.id!;
    }

    it('a sender whose organisation is only a prescribing cost centre (RO177) is not labelled a GP practice', async () => {
      const id = conversationFrom('ro177', { id: 'org-ro177', name: 'Harbour Prescribing Centre', roles: ['RO177'] }, 'REQUESTER');
      const h = await mount();
      await h.open(id);
      const lowe = h.messages().find((m) => m.includes('Dr Jan Lowe'))!;
      expect(lowe).to.contain('From Harbour Prescribing Centre (community, urgent care or other)');
      expect(lowe).not.to.contain('GP practice');
    });

    it('a sender whose organisation has no ODS role says "setting not known", whatever their role in the conversation', async () => {
      const asked = conversationFrom('norole-req', { id: 'org-norole-1', name: 'Northbridge Hospice', roles: [] }, 'REQUESTER');
      const answered = conversationFrom('norole-resp', { id: 'org-norole-2', name: 'Eastmoor Clinic', roles: [] }, 'RESPONDER');
      const h = await mount();
      await h.open(asked);
      const asker = h.messages().find((m) => m.includes('Dr Jan Lowe'))!;
      expect(asker).to.contain('(Referrer');
      expect(asker).to.contain('From Northbridge Hospice (setting not known)');
      expect(asker).not.to.contain('GP practice');
      await h.back();
      await h.open(answered);
      const lowe = h.messages().find((m) => m.includes('Dr Jan Lowe'))!;
      expect(lowe).to.contain('(Specialist');
      expect(lowe).to.contain('From Eastmoor Clinic (setting not known)');
      expect(lowe).not.to.contain('Hospital');
    });

    it('shows an attachment that is a DocumentReference contained in the message', async () => {
      const [request, first] = asPublished(
        adviceConversation({ now, patientId: a.patientId, key: 'contained', status: 'PROVIDER_RESPONSE_REQUIRED' }),
      ) as [CommunicationRequest, Communication];
      server.put(request);
      server.put({
        ...first,
        contained: [
          {
            resourceType: 'DocumentReference',
            id: 'letter',
            status: 'current',
            content: [{ attachment: { contentType: 'application/pdf', title: 'Discharge letter', url: 'Binary/letter-1', size: 4096 } }],
          },
        ],
        payload: [{ contentString: 'Letter attached.' }, { contentReference: { reference: '#letter' } }],
      });
      const h = await mount({ openAttachments: true });
      await h.open(request.id!);
      const [att] = h.attachments();
      expect(squash(att.textContent)).to.contain('Open Discharge letter');
      expect(squash(att.textContent)).to.contain('PDF, 4 KB');
    });
  });

  describe('writing', () => {
    it('offers no compose box without can-reply, and explains a missing sender', async () => {
      const h = await mount();
      await h.open(PRR);
      expect(h.textarea()).to.equal(null);
      const h2 = await mount({ canReply: true, who: undefined });
      await h2.open(PRR);
      expect(h2.textarea()).to.equal(null);
      expect(h2.text()).to.contain('has not said who you are');
    });

    it('sends a reply once: labelled box, keyboard send, draft kept while sending, ids-only event', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      expect(h.text('label[for=text]')).to.equal('Your reply');
      await expect(h.el).to.be.accessible();
      await h.type('Reply one, confidential text');
      const sent = oneEvent(h.el, 'jc-advice-sent');
      const held = server.hold(POST_COMM);
      h.pressSendKeys();
      await held.arrived;
      // the send is in flight: the draft stays, read-only, and Send is disabled
      expect(h.sendButton()!.disabled).to.equal(true);
      expect(h.textarea()!.readOnly).to.equal(true);
      expect(h.draft()).to.equal('Reply one, confidential text');
      expect(h.announcement()).to.equal('Sending your message…');
      await expect(h.el).to.be.accessible();
      held.release();
      await h.settled();
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
      // the reload has drawn the message; the user's own reply is not announced as a new message
      expect(h.announcement()).to.equal('Message sent.');
      expect(h.messages().some((m) => m.includes('Reply one'))).to.equal(true);
      expect(h.draft()).to.equal('');
      await expect(h.el).to.be.accessible();
    });

    it('500: keeps the draft, says so, fires send-failed with ids only; Retry sends exactly one', async () => {
      server.addFault({ match: POST_COMM, status: 500, times: 1 });
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('Retry me secret');
      expect((await h.send()).failed).to.deep.equal({ requestId: PRR, kind: 'http' });
      expect(h.has('[part=send-error][role=alert]')).to.equal(true);
      expect(h.sendError()).to.contain('We could not confirm that your message was sent');
      expect(h.draft()).to.equal('Retry me secret');
      expect(countByText('Retry me secret')).to.equal(0);
      await expect(h.el).to.be.accessible();
      expect((await h.retry()).sent?.requestId).to.equal(PRR);
      expect(countByText('Retry me secret')).to.equal(1);
    });

    it('timeout after the server committed: Retry does not duplicate', async () => {
      const held = server.hold(POST_COMM);
      const h = await mount({ canReply: true, client: new GivesUpOnce(held) });
      await h.open(PRR);
      await h.type('Committed then timed out');
      expect((await h.send()).failed?.kind).to.equal('timeout');
      expect(countByText('Committed then timed out')).to.equal(1); // the server did save it
      expect(h.draft()).to.equal('Committed then timed out');
      held.release();
      expect((await h.retry()).sent?.requestId).to.equal(PRR);
      expect(countByText('Committed then timed out')).to.equal(1);
    });

    it('5xx after the server committed: Retry does not duplicate', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('Committed then 503');
      server.addFault({ match: POST_COMM, status: 502, afterCommit: true, times: 1 });
      expect((await h.send()).failed?.kind).to.equal('http');
      expect((await h.retry()).sent?.requestId).to.equal(PRR);
      expect(countByText('Committed then 503')).to.equal(1);
    });

    it('offline: network error keeps the draft; Retry sends one', async () => {
      server.addFault({ match: POST_COMM, networkError: true, times: 1 });
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('Offline draft');
      expect((await h.send()).failed).to.deep.equal({ requestId: PRR, kind: 'network' });
      expect(h.draft()).to.equal('Offline draft');
      expect(h.text()).to.contain('could not be reached');
      expect((await h.retry()).sent?.requestId).to.equal(PRR);
      expect(countByText('Offline draft')).to.equal(1);
    });

    it('a double click (and Ctrl+Enter on top) sends exactly one message', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('Double click');
      const sent = oneEvent(h.el, 'jc-advice-sent');
      h.pressSend();
      h.pressSend();
      h.pressSendKeys({ mac: true });
      await h.settled();
      await sent;
      expect(server.requests.filter((r) => r.method === 'POST' && r.url.includes('/Communication')).length).to.equal(1);
      expect(countByText('Double click')).to.equal(1);
    });

    it('refuses to send an empty reply', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.send();
      expect(h.text()).to.contain('Write a message before sending.');
      expect(server.requests.some((r) => r.method === 'POST')).to.equal(false);
    });

    it('keeps drafts across re-render, element re-creation, and a patient switch and back', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('Unsent thoughts');
      h.el.requestUpdate();
      await h.settled();
      expect(h.draft()).to.equal('Unsent thoughts');
      // a new element for the same patient
      h.el.remove();
      const el2 = document.createElement('jc-advice-panel');
      el2.canReply = true;
      el2.sender = sender;
      h.ctx.appendChild(el2);
      const h2 = Object.assign(await new AdvicePanelHarness(el2).settled(), { ctx: h.ctx });
      await h2.open(PRR);
      expect(h2.draft()).to.equal('Unsent thoughts');
      // switch to another patient: the draft is not shown there
      await switchTo(h2, c.patientId);
      expect(['list', 'empty']).to.include(h2.state());
      expect(h2.text()).not.to.contain('Unsent thoughts');
      // and back
      await switchTo(h2, a.patientId);
      expect(h2.items().length).to.be.greaterThan(5);
      await h2.open(PRR);
      expect(h2.draft()).to.equal('Unsent thoughts');
    });

    it('a send that completes after a patient switch fires its event but announces nothing under the new patient', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('Sent while switching');
      const sent = oneEvent(h.el, 'jc-advice-sent');
      const held = server.hold(POST_COMM);
      h.pressSend();
      await held.arrived;
      // the panel moves to patient c while the send waits for its answer
      h.ctx.setAttribute('patient-id', c.patientId);
      await h.ctx.updateComplete;
      held.release();
      const ev = await sent;
      await h.settled();
      expect(ev.detail.requestId).to.equal(PRR);
      expect(countByText('Sent while switching')).to.equal(1);
      expect(h.announcement()).not.to.contain('Message sent.');
      expect(h.text()).not.to.contain('Sent while switching');
      // back on the first patient, the draft is gone (it was sent) and the message is in the thread
      await switchTo(h, a.patientId);
      await h.open(PRR);
      expect(h.messages().some((m) => m.includes('Sent while switching'))).to.equal(true);
      expect(h.draft()).to.equal('');
    });

    it('persist-drafts keeps the draft in sessionStorage until the send is confirmed', async () => {
      const h = await mount({ canReply: true, persist: true });
      await h.open(PRR);
      await h.type('Persisted draft');
      const keys = () => Object.keys(sessionStorage).filter((k) => k.startsWith('jc-advice-draft:'));
      expect(keys()).to.have.length(1);
      expect(sessionStorage.getItem(keys()[0])).to.contain('Persisted draft');
      expect((await h.send()).sent).to.exist;
      expect(keys()).to.have.length(0);
    });

    it('sends a new request to a chosen service, idempotently', async () => {
      const h = await mount({ canReply: true });
      await h.newRequest();
      expect(h.state()).to.equal('new-request');
      await expect(h.el).to.be.accessible();
      await h.type('New question text');
      await h.send();
      expect(h.text()).to.contain('Choose a specialty or service.');
      await h.chooseService('diab');
      await h.choosePriority('urgent');
      const { sent } = await h.send();
      expect(sent?.kind).to.equal('request');
      expect(JSON.stringify(sent)).not.to.contain('New question');
      const created = server.get<CommunicationRequest>('CommunicationRequest', sent!.requestId)!;
      expect(created.priority).to.equal('urgent');
      expect(created.payload?.[0]?.contentString).to.equal('New question text');
      expect(created.identifier?.[0]?.system).to.equal('urn:ietf:rfc:3986');
      // the new conversation is open
      expect(h.state()).to.equal('thread');
      expect(h.text()).to.contain('New question text');
      expect(h.announcement()).to.equal('Advice request sent.');
      await expect(h.el).to.be.accessible();
    });

    it('attaches host-passed documents as contentReference', async () => {
      const h = await mount({ canReply: true });
      await h.open(PRR);
      await h.type('With attachment');
      await h.attach('Blood results');
      const { sent } = await h.send();
      const created = server.get<Communication>('Communication', sent?.communicationId ?? '')!;
      expect(created.payload?.[1]?.contentReference?.reference).to.equal(`DocumentReference/ag-${a.patientId}-attachments-doc-1`);
    });
  });
});
