// One organisation → setting rule, and one wording, for every widget (issue 14): the same
// Organization is labelled alike by the care summary, the referral status and the advice panel.
// Before the record layer, one organisation could be "(hospital)" in one widget, "(GP)" in another and
// have no setting at all in a third.
import { expect, fixture, html } from '@open-wc/testing';
import type {
  Communication,
  CommunicationRequest,
  Condition,
  FhirResource,
  Organization,
  Patient,
  PractitionerRole,
  ServiceRequest,
} from 'fhir/r4.js';
import { FetchFhirClient, RequestCache, type JcContext } from '@joinedcare/core';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { buildPersonas } from '@joinedcare/fixtures';
import '@joinedcare/core/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';

const now = new Date('2026-11-22T12:00:00Z');
const clock = { now: () => now };
const ROLE = 'https://fhir.nhs.uk/CodeSystem/organisation-role';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const BASE = '/wording-fhir';
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const patient: Patient = {
  resourceType: 'Patient',
  id: 'wp1',
  identifier: [{ system: NHS, value: '9434765919' }],
  name: [{ family: 'WORDING', given: ['Test'] }],
};
const subject = { reference: 'Patient/wp1' };

/** An organisation of each kind, and what every widget must call it. */
const CASES: Array<{ roles: string[]; label: string }> = [
  { roles: ['RO177'], label: 'Eastgate Health Hub (community, urgent care or other)' },
  { roles: [], label: 'Eastgate Health Hub (setting not known)' },
  { roles: ['RO177', 'RO76'], label: 'Eastgate Health Hub (GP practice)' },
  { roles: ['RO198'], label: 'Eastgate Health Hub (NHS trust)' },
];

function resourcesFor(roles: string[]): FhirResource[] {
  const org: Organization = {
    resourceType: 'Organization',
    id: 'org-eastgate',
    name: 'Eastgate Health Hub',
    identifier: [{ system: ODS, value: 'Y01234' }],
    type: roles.map((code) => ({ coding: [{ system: ROLE, code }] })),
  };
  const role: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: 'role-lee',
    practitioner: { reference: 'Practitioner/dr-lee', display: 'Dr Sam Lee' },
    organization: { reference: 'Organization/org-eastgate' },
  };
  const condition: Condition = {
    resourceType: 'Condition',
    id: 'c1',
    subject,
    code: { text: 'Asthma' },
    asserter: { reference: 'PractitionerRole/role-lee' },
    recordedDate: '2026-10-01',
  };
  const referral: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: 'sr1',
    status: 'active',
    intent: 'order',
    subject,
    authoredOn: '2026-10-02',
    code: { text: 'Respiratory medicine' },
    requester: { reference: 'PractitionerRole/role-lee' },
    meta: { lastUpdated: '2026-11-20T10:00:00Z', source: 'urn:ods:Y01234' },
  };
  const request: CommunicationRequest = {
    resourceType: 'CommunicationRequest',
    id: 'cr1',
    status: 'active',
    subject,
    authoredOn: '2026-11-01T09:00:00Z',
    requester: { reference: 'PractitionerRole/role-lee' },
    payload: [{ contentString: 'Could you advise on inhaler choice?' }],
  };
  const message: Communication = {
    resourceType: 'Communication',
    id: 'm1',
    status: 'completed',
    subject,
    partOf: [{ reference: 'CommunicationRequest/cr1' }],
    sender: { reference: 'PractitionerRole/role-lee' },
    sent: '2026-11-02T09:00:00Z',
    payload: [{ contentString: 'Further detail from the asker.' }],
  };
  return [patient, org, role, condition, referral, request, message];
}

describe('one organisation, labelled alike by every widget', function () {
  this.timeout(30_000);
  let server: FhirFixtureServer;
  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: buildPersonas({ now }), clock: () => now });
    await startFixtureWorker(server);
  });
  afterEach(() => server.reset());

  for (const { roles, label } of CASES) {
    it(`${roles.join(' + ') || 'no ODS role'}: "${label}" in the care summary, the referral status and the advice panel`, async () => {
      for (const r of resourcesFor(roles)) server.put(r);
      const client = new FetchFhirClient({ baseUrl: BASE, cache: new RequestCache(0) });
      const ctx = await fixture<JcContext>(
        html`<jc-context .client=${client} patient-id="wp1" setting="secondary" .clock=${clock}>
          <jc-care-summary sections="problems" filter="all"></jc-care-summary>
          <jc-referral-status></jc-referral-status>
          <jc-advice-panel></jc-advice-panel>
        </jc-context>`,
      );
      const summary = ctx.querySelector('jc-care-summary')!;
      const referrals = ctx.querySelector('jc-referral-status')!;
      const advice = ctx.querySelector('jc-advice-panel')!;
      await Promise.all([summary.updateComplete, referrals.updateComplete, advice.updateComplete]);
      expect(text(summary), 'care summary').to.contain(label);
      expect(text(referrals), 'referral status').to.contain(label);
      // the advice panel names the sender's organisation in the conversation
      advice.shadowRoot!.querySelector<HTMLButtonElement>('[part=item] button')!.click();
      await advice.updateComplete;
      expect(text(advice), 'advice panel').to.contain(label);
    });
  }
});
