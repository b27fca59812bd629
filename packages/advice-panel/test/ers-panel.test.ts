// <jc-advice-panel> reading e-RS as the e-Referral Service publishes it (issue 16): the sandbox
// responses of A024, A025, A026 and A041 (test/data/ers, unchanged) handed in or served by a FHIR
// server; cards that can be told apart.
import { expect, html } from '@open-wc/testing';
import type { Bundle, Communication, CommunicationRequest, Patient } from 'fhir/r4.js';
import { adviceConversation } from '@joinedcare/fixtures';
import { AdvicePanelHarness } from './harness.js';
import { asPublished, ersExample } from './ers-data.js';
import { clock, mountPanel, now, set, useAdviceServer } from './panel-fixture.js';

/** The NHS number the e-RS sandbox examples are about (A024, A025, A041). */
const ERS_NHS = '9912003888';
const ERS_PATIENT: Patient = {
  resourceType: 'Patient',
  id: 'ers-pat',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: ERS_NHS }],
  name: [{ family: 'SANDBOX', given: ['Pat'] }],
};
const entries = (b: Bundle) => (b.entry ?? []).map((e) => e.resource!);

describe('<jc-advice-panel> reads e-RS as published', function () {
  this.timeout(20000);
  const fixture = useAdviceServer();
  let request: CommunicationRequest; // A024 MinimalExample, as the request the MultiWay conversation is based on
  let multiWay: Bundle; // A025 MultiWayConversation (basedOn CommunicationRequest/000000070002/_history/6)
  let replied: Record<string, unknown>; // A026 ReturnToReferrerWithAdvice: Parameters with the request and the reply
  let a041: Bundle; // A041 searchServiceRequest-ResponseExampleReferralAndAdvice
  before(async () => {
    const minimal = await ersExample<CommunicationRequest>('stu3/retrieveAdviceAndGuidanceRequest-MinimalExample');
    request = { ...minimal, id: '000000070002', meta: { ...minimal.meta, versionId: '6' } };
    multiWay = await ersExample('stu3/retrieveAdviceAndGuidanceConversation-MultiWayConversation');
    replied = await ersExample('stu3/sendAdviceAndGuidanceResponse-ReturnToReferrerWithAdvice');
    a041 = await ersExample('r4/searchServiceRequest-ResponseExampleReferralAndAdvice');
  });

  /** The panel with handed-in data, for the patient with `nhs` (no FHIR server needed). */
  const handedIn = (resources: unknown[], nhs = ERS_NHS) =>
    AdvicePanelHarness.mount(
      html`<jc-context nhs-number=${nhs} setting="secondary" .clock=${clock}
        ><jc-advice-panel can-reply .resources=${resources}></jc-advice-panel
      ></jc-context>`,
    );

  it('handed in (A024 + A025): the right patient’s conversation is shown, with e-RS’s status, senders and text; nothing refused', async () => {
    const h = await handedIn([request, multiWay]);
    expect(h.has('[part=safety-warning]'), h.text('[part=safety-warning]')).to.equal(false);
    expect(h.itemIds()).to.deep.equal(['000000070002']);
    expect(h.status('000000070002')).to.equal('Provider response required');
    expect(h.nextActor('000000070002')).to.equal('Your response is needed');
    const card = h.text('[part~=item]');
    expect(card).to.contain('Question Please advise me on this patient who ...(information about patient)');
    expect(card).to.contain('Asked by R68 (setting not known)');
    expect(card).to.contain('Answered by R69 (setting not known)');
    expect(card).to.contain('UBRN 0000 0007 0002');
    expect(card).to.contain('Cardiology');
    await h.open('000000070002');
    const msgs = h.messages();
    expect(msgs).to.have.length(4);
    expect(msgs[0]).to.contain('(Referrer, Referring clinician)');
    expect(msgs[0]).to.contain('Please advise me on this patient');
    expect(msgs[1]).to.contain('Patient is complaining of breathing difficulties');
    expect(msgs.slice(2).every((m) => m.includes('(Specialist, Service provider clinician)'))).to.equal(true);
    // read only: replies go through e-RS (A026), not this page; converting is only asked of the host
    expect(h.textarea()).to.equal(null);
    expect(h.text()).to.contain('reply in the system they came from');
    await expect(h.el).to.be.accessible();
  });

  it('handed in (A024 alone): no date is said once as not known, to screen readers too (never "Not known known")', async () => {
    const h = await handedIn([request]);
    const card = h.text('[part~=item]');
    expect(card).to.match(/Started not known Last message not known/i);
    expect(card).not.to.match(/known\s*not known|known known/i);
    await expect(h.el).to.be.accessible();
  });

  it('handed in for another patient (another NHS number): every record refused, with the warning, and nothing shown', async () => {
    const h = await handedIn([request, multiWay], set.personas.a.nhsNumber);
    expect(h.text('[part=safety-warning]')).to.contain('belonged to a different patient');
    expect(h.text()).not.to.contain('breathing difficulties');
    expect(h.state()).to.equal('empty');
  });

  it('handed in (A026 Parameters): the updated request and the created reply; the status is the one e-RS returned', async () => {
    const h = await handedIn([replied], '9462979626');
    expect(h.itemIds()).to.deep.equal(['000000070000']);
    expect(h.status('000000070000')).to.equal('Referrer to review response');
    await h.open('000000070000');
    expect(h.messages()[0]).to.contain('No evidence of serious problem: patient can be advised to xxx');
    expect(h.messages()[0]).to.contain('(Specialist');
  });

  it('handed in (A041, R4): the A&G ServiceRequest is shown as a summary; the referral under the same UBRN is counted, not shown', async () => {
    const h = await handedIn([a041]);
    expect(h.itemIds()).to.deep.equal(['a.832db7fa-ebdd-44b6-ab3b-8329c2d43149']);
    expect(h.text()).to.contain('1 referral was also given');
    expect(h.text('[part~=item]')).to.contain('Only a summary of this request was included');
    expect(h.text('[part~=item]')).to.contain('UBRN 0000 0007 0002');
    await h.open('a.832db7fa-ebdd-44b6-ab3b-8329c2d43149');
    expect(h.text('[part=thread]')).to.contain('Only a summary of this request was included');
    expect(h.text('[part=thread]')).not.to.contain('No messages in this conversation yet');
    await expect(h.el).to.be.accessible();
  });

  it('from a FHIR server that holds e-RS’s messages (no subject): found and shown with their request, not refused', async () => {
    const { server } = fixture;
    server.put(ERS_PATIENT);
    server.put({ ...request, subject: { reference: `Patient/${ERS_PATIENT.id}`, identifier: request.subject?.identifier } });
    for (const r of entries(multiWay)) server.put(r);
    const h = await mountPanel({ patientId: ERS_PATIENT.id, setting: 'secondary' });
    expect(h.has('[part=safety-warning]'), h.text('[part=safety-warning]')).to.equal(false);
    await h.open('000000070002');
    expect(h.messages()).to.have.length(4);
    // they were found through their request: e-RS messages name no patient to search by
    expect(server.requests.some((r) => r.url.includes('based-on=CommunicationRequest%2F000000070002'))).to.equal(true);
  });

  it('from a FHIR server that answers the patient search with e-RS’s messages: accepted through their request, never "a different patient"', async () => {
    const { server } = fixture;
    server.put(ERS_PATIENT);
    server.put({ ...request, subject: { reference: `Patient/${ERS_PATIENT.id}`, identifier: request.subject?.identifier } });
    server.addFault({ match: /\/Communication\?patient=ers-pat/, status: 200, body: multiWay });
    const h = await mountPanel({ patientId: ERS_PATIENT.id, setting: 'secondary' });
    expect(h.has('[part=safety-warning]'), h.text('[part=safety-warning]')).to.equal(false);
    await h.open('000000070002');
    expect(h.messages()).to.have.length(4);
  });

  describe('cards that can be told apart', () => {
    it('two requests to the same service, specialty and priority: each card shows its question’s first line, who asked and who answered', async () => {
      const { server } = fixture;
      const pid = set.personas.d.patientId;
      const one = asPublished(adviceConversation({ now, patientId: pid, key: 'one', status: 'REFERRER_TO_REVIEW_RESPONSE', messages: 2 }));
      const two = asPublished(adviceConversation({ now, patientId: pid, key: 'two', status: 'PROVIDER_RESPONSE_REQUIRED', messages: 1 }));
      (two[0] as CommunicationRequest).payload = [{ contentString: 'Second question, first line\nand more detail below' }];
      (two[1] as Communication).payload = [{ contentString: 'Second question, first line\nand more detail below' }];
      for (const r of [...one, ...two]) server.put(r, { preserveLastUpdated: true });
      const h = await mountPanel({ patientId: pid });
      const first = h.text(`[data-id="ag-${pid}-one-req"]`);
      const second = h.text(`[data-id="ag-${pid}-two-req"]`);
      expect(first).to.contain('Question HbA1c has risen over two years despite metformin and gliclazide.');
      expect(second).to.contain('Question Second question, first line');
      expect(second).not.to.contain('more detail below');
      for (const card of [first, second]) expect(card).to.contain('Asked by Dr Amara Okafor, Riverside Medical Practice (GP practice)');
      expect(first).to.contain('Answered by Dr Priya Raman, Northbridge University Hospitals NHS Foundation Trust (NHS trust)');
      expect(second).to.contain('Answered by no one yet');
      await expect(h.el).to.be.accessible();
    });

    it('an overdue response says so once, in words: no "Overdue: Response overdue"', async () => {
      const h = await mountPanel();
      const overdue = h.$$('[part=overdue]').map((p) => p.textContent.replace(/\s+/g, ' ').trim());
      expect(overdue.length).to.be.greaterThan(0);
      for (const o of overdue) {
        expect(o).to.match(/^Overdue: the response was due \d{2}-[A-Z][a-z]{2}-\d{4} \(2 working day target\)$/);
        expect(o.match(/overdue/gi)).to.have.length(1);
      }
    });
  });
});
