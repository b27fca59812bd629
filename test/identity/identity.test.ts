// One identity, confirmed once for every widget (issue 15, item 1; hazard H-13 in
// docs/clinical-safety/hazard-log.md). The context's patient is read by id, searched by NHS number and
// cross-checked; a record that contradicts the context stops every widget; references are checked
// against the confirmed id, NHS number and server.
import { expect, fixture, html } from '@open-wc/testing';
import type { Condition } from 'fhir/r4.js';
import { buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache, type JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';

const now = new Date('2026-11-22T12:00:00Z');
const set = buildPersonas({ now });
const { a, c } = set.personas;
const clock = { now: () => now };
const BASE = '/identity-fhir';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const WIDGETS = ['jc-patient-banner', 'jc-care-summary', 'jc-referral-status', 'jc-advice-panel'] as const;

const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;

describe('one identity, confirmed once for every widget', function () {
  this.timeout(30_000);
  let server: FhirFixtureServer;

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    await startFixtureWorker(server);
  });
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
  });

  async function page(attrs: { patientId?: string; nhsNumber?: string }) {
    const ctx = await fixture<JcContext>(
      html`<jc-context
        fhir-base-url=${BASE}
        patient-id=${attrs.patientId ?? ''}
        nhs-number=${attrs.nhsNumber ?? ''}
        setting="secondary"
        .clock=${clock}
      >
        ${WIDGETS.map((t) => (t === 'jc-patient-banner' ? html`<jc-patient-banner></jc-patient-banner>` : t === 'jc-care-summary' ? html`<jc-care-summary></jc-care-summary>` : t === 'jc-referral-status' ? html`<jc-referral-status></jc-referral-status>` : html`<jc-advice-panel></jc-advice-panel>`))}
      </jc-context>`,
    );
    const widgets = WIDGETS.map((t) => ctx.querySelector(t)!);
    for (const w of widgets) await (w as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    return { ctx, widgets };
  }

  it('patient-id mapped to another person than the NHS number says: every widget stops, none shows that person’s records', async () => {
    // the server's Patient/a is another person: it carries c's NHS number
    server.put({ ...a.patient, identifier: [{ system: NHS, value: c.nhsNumber }] });
    const warnings: unknown[] = [];
    const onWarning = (e: Event) => warnings.push((e as CustomEvent).detail);
    document.addEventListener('jc-safety-warning', onWarning);
    const { widgets } = await page({ patientId: a.patientId, nhsNumber: a.nhsNumber });
    document.removeEventListener('jc-safety-warning', onWarning);
    for (const w of widgets) {
      const stop = w.shadowRoot!.querySelector('[part~=identity-stop][role=alert]');
      expect(stop, w.localName).to.exist;
      expect(stop!.textContent, w.localName).to.contain('Do not use this page for this patient');
      // nothing of the record the server returned: not its name, its number, its problems or referrals
      expect(text(w), w.localName).not.to.contain(spaced(c.nhsNumber));
      expect(text(w), w.localName).not.to.contain('Type 2 diabetes');
      expect(w.shadowRoot!.querySelector('[part=retry-button]'), w.localName).to.equal(null);
      await expect(w).to.be.accessible();
    }
    expect(warnings.length).to.be.greaterThan(0);
    expect(warnings).to.deep.include({ resourceType: 'Patient', id: a.patientId, reason: 'other-patient' });
  });

  it('the patient is confirmed once for the whole page, before any widget asks for data', async () => {
    server.clearLog();
    await page({ patientId: a.patientId, nhsNumber: a.nhsNumber });
    const requests = server.requests.map((r) => new URL(r.url).pathname + new URL(r.url).search);
    const patientReads = requests.filter((r) => r === `${BASE}/Patient/${a.patientId}`);
    expect(patientReads).to.have.length(1);
    const first = requests.findIndex((r) => r.startsWith(`${BASE}/Patient/${a.patientId}`));
    expect(first).to.equal(0);
  });

  it('references are checked against the confirmed NHS number, even when the context gave only an id', async () => {
    // a Condition that names the patient by id but another NHS number on the same reference
    const foreign: Condition = {
      resourceType: 'Condition',
      id: 'id-but-other-nhs',
      code: { text: 'SECRET other person condition' },
      subject: { reference: `Patient/${a.patientId}`, identifier: { system: NHS, value: c.nhsNumber } },
    };
    server.put(foreign);
    const { widgets } = await page({ patientId: a.patientId });
    const summary = widgets[1];
    expect(text(summary)).not.to.contain('SECRET');
    expect(summary.shadowRoot!.querySelector('[part=safety-warning]')).to.exist;
  });

  it('a reference to a patient with the same id on another server is not this patient', async () => {
    server.put({
      resourceType: 'Condition',
      id: 'other-server',
      code: { text: 'SECRET other trust condition' },
      subject: { reference: `https://other-trust.example/fhir/Patient/${a.patientId}` },
    });
    const { widgets } = await page({ patientId: a.patientId });
    expect(text(widgets[1])).not.to.contain('SECRET');
  });

  it('an inactive or merged record is shown with a notice that says what to do', async () => {
    server.put({ ...a.patient, active: false, link: [{ type: 'replaced-by', other: { reference: 'Patient/a-current' } }] });
    const { widgets } = await page({ patientId: a.patientId });
    for (const w of widgets.slice(1)) {
      const notice = w.shadowRoot!.querySelector('[part=identity-notice]');
      expect(notice, w.localName).to.exist;
      expect(notice!.textContent).to.contain('marked inactive');
      expect(notice!.textContent).to.contain('merged into another record (Patient/a-current)');
      expect(notice!.textContent).to.contain('open the current record in your system');
    }
  });

  it('a record without an NHS number is cross-checked by searching the NHS number given', async () => {
    server.put({ ...a.patient, identifier: [] });
    const { widgets } = await page({ patientId: a.patientId, nhsNumber: c.nhsNumber });
    // c's NHS number finds c's record, not a's: another person
    for (const w of widgets) expect(w.shadowRoot!.querySelector('[part~=identity-stop]'), w.localName).to.exist;
  });

  it('a handed-in Patient that is another person than the server’s record stops the widgets', async () => {
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id=${a.patientId} .patient=${{ ...c.patient, id: undefined }} .clock=${clock}>
        <jc-care-summary sections="problems"></jc-care-summary>
      </jc-context>`,
    );
    const w = ctx.querySelector('jc-care-summary')!;
    await w.updateComplete;
    expect(w.shadowRoot!.querySelector('[part~=identity-stop]')).to.exist;
    expect(text(w)).not.to.contain('Type 2 diabetes');
  });

  describe('servers that ignore the patient parameter (issue 15, item 6)', () => {
    const searchset = (entries: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', total: entries.length, entry: entries });
    const problemOf = (patient: string, id: string, textOf: string) => ({
      fullUrl: `${BASE}/Condition/${id}`,
      resource: {
        resourceType: 'Condition',
        id,
        subject: { reference: `Patient/${patient}` },
        code: { text: textOf },
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      },
      search: { mode: 'match' },
    });
    const section = (summary: Element, key: string) => summary.shadowRoot!.querySelector(`section[data-section="${key}"]`)!;

    it('an answer for this patient that holds another patient’s record fails the section, shown as such: none of it is shown', async () => {
      server.addFault({
        match: (req) => req.method === 'GET' && req.url.pathname === `${BASE}/Condition`,
        status: 200,
        body: searchset([problemOf(a.patientId, 'mine', 'OWN asthma'), problemOf(c.patientId, 'theirs', 'SECRET other person problem')]),
      });
      const { widgets } = await page({ patientId: a.patientId });
      const problems = section(widgets[1], 'problems');
      const err = problems.querySelector('[part~=error][role=alert]');
      expect(err, 'the problems section failed').to.exist;
      expect(err!.textContent).to.contain('records for a different patient, so none of it is shown');
      // neither the other patient's record nor the rest of that answer is shown as if complete
      expect(text(widgets[1])).not.to.contain('SECRET');
      expect(problems.textContent).not.to.contain('OWN asthma');
      // the other sections are unaffected
      expect(section(widgets[1], 'medicines').querySelector('[part~=error]')).to.equal(null);
      await expect(widgets[1]).to.be.accessible();
    });

    for (const [tag, type, what] of [
      ['jc-referral-status', 'ServiceRequest', 'Could not load referrals'],
      ['jc-advice-panel', 'CommunicationRequest', 'Could not load advice and guidance conversations'],
    ] as const) {
      it(`${tag}: an answer for this patient that holds another patient’s ${type} fails the list, shown as such`, async () => {
        server.addFault({
          match: (req) => req.method === 'GET' && req.url.pathname === `${BASE}/${type}`,
          status: 200,
          body: searchset([
            {
              fullUrl: `${BASE}/${type}/theirs`,
              resource: {
                resourceType: type,
                id: 'theirs',
                status: 'active',
                intent: 'order',
                subject: { reference: `Patient/${c.patientId}` },
              },
              search: { mode: 'match' },
            },
          ]),
        });
        const { widgets } = await page({ patientId: a.patientId });
        const w = widgets[WIDGETS.indexOf(tag)];
        const err = w.shadowRoot!.querySelector('[part~=error][role=alert]');
        expect(err, tag).to.exist;
        expect(err!.textContent).to.contain(what);
        expect(err!.textContent).to.contain('records for a different patient, so none of it is shown');
        await expect(w).to.be.accessible();
      });
    }

    it('jc-referral-status: searchset OperationOutcome warnings are said above the list ("some items withheld")', async () => {
      server.addFault({
        match: (req) => req.method === 'GET' && req.url.pathname === `${BASE}/ServiceRequest`,
        status: 200,
        body: searchset([
          {
            resource: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'warning', code: 'suppressed', diagnostics: '2 referrals withheld by consent' }],
            },
            search: { mode: 'outcome' },
          },
        ]),
      });
      const { widgets } = await page({ patientId: a.patientId });
      const w = widgets[WIDGETS.indexOf('jc-referral-status')];
      const note = w.shadowRoot!.querySelector('[part=withheld][role=status]');
      expect(note, 'the withheld notice').to.exist;
      expect(note!.textContent).to.contain('The server said it did not return everything');
      expect(note!.textContent).to.contain('2 referrals withheld by consent');
      await expect(w).to.be.accessible();
    });

    it('jc-advice-panel: searchset OperationOutcome warnings are said above the list ("some items withheld")', async () => {
      server.addFault({
        match: (req) => req.method === 'GET' && req.url.pathname === `${BASE}/CommunicationRequest`,
        status: 200,
        body: searchset([
          {
            resource: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'warning', code: 'suppressed', diagnostics: '1 request withheld by consent' }],
            },
            search: { mode: 'outcome' },
          },
        ]),
      });
      const { widgets } = await page({ patientId: a.patientId });
      const w = widgets[WIDGETS.indexOf('jc-advice-panel')];
      const note = w.shadowRoot!.querySelector('[part=withheld][role=status]');
      expect(note, 'the withheld notice').to.exist;
      expect(note!.textContent).to.contain('The server said it did not return everything');
      expect(note!.textContent).to.contain('1 request withheld by consent');
      expect(w.shadowRoot!.querySelector('[part~=error]')).to.equal(null);
      await expect(w).to.be.accessible();
    });

    it('searchset OperationOutcome warnings are said in the section ("some items withheld")', async () => {
      server.addFault({
        match: (req) => req.method === 'GET' && req.url.pathname === `${BASE}/Condition`,
        status: 200,
        body: searchset([
          problemOf(a.patientId, 'mine', 'OWN asthma'),
          {
            resource: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'warning', code: 'suppressed', diagnostics: '2 items withheld by consent' }],
            },
            search: { mode: 'outcome' },
          },
        ]),
      });
      const { widgets } = await page({ patientId: a.patientId });
      const problems = section(widgets[1], 'problems');
      expect(problems.querySelector('[part~=error]'), 'a warning, not a failure').to.equal(null);
      expect(problems.textContent.replace(/\s+/g, ' ')).to.contain(
        'The server said some items were not returned: 2 items withheld by consent',
      );
      await expect(widgets[1]).to.be.accessible();
    });
  });
});
