import { expect, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Resource, ServiceRequest, Task } from 'fhir/r4.js';
import {
  manyReferrals,
  referral,
  referralsPerClockState,
  referralsPerErsState,
  referralsPerPriority,
  referralsWithAppointments,
  referralsWithFhirStatusesOnly,
} from '@joinedcare/fixtures';
import { REFERRAL_STATES } from '../src/index.js';
import { ReferralHarness } from './harness.js';
import { BASE, clock, forD, now, set, useFixtureServer } from './server.js';

const { a } = set.personas;
const RAW_VALUES = /undefined|null|NaN|\[object Object\]|Invalid Date/;
const RAW_CODES =
  /\b(NOT_BOOKED|AWAITING_TRIAGE|TRIAGE_RESPONSE|TRIAGED_PROVIDER_TO_ACTION|DEFERRED_TO_PROVIDER|APPT_CANCELLED_BY_\w+|DID_NOT_ATTEND|ASSESSMENT_RESULT|CANCELLED_REFERRAL|TWO_WEEK_WAIT|in-progress|entered-in-error|on-hold)\b/;
const ERS = 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState';

/** The widget with handed-in resources (no requests are made). */
const handed = (resources: readonly unknown[], attrs: { filter?: string; setting?: string; atRisk?: number; selectable?: boolean } = {}) =>
  ReferralHarness.mount(
    html`<jc-referral-status
      ?selectable=${attrs.selectable}
      filter=${attrs.filter ?? 'active'}
      setting=${ifDefined(attrs.setting)}
      at-risk-threshold=${attrs.atRisk ?? 0.8}
      .clock=${clock}
      .resources=${resources}
    ></jc-referral-status>`,
  );

/** The widget with handed-in resources, collecting the safety warnings it fires. */
async function handedWatchingWarnings(resources: readonly unknown[]) {
  const warned: unknown[] = [];
  const h = await ReferralHarness.mount(
    html`<jc-referral-status
      @jc-safety-warning=${(e: CustomEvent) => warned.push(e.detail)}
      .clock=${clock}
      .resources=${resources}
    ></jc-referral-status>`,
  );
  return { h, warned };
}

describe('<jc-referral-status>', () => {
  const fhir = useFixtureServer();

  describe('states', () => {
    it('is not configured without a client and a patient', async () => {
      const h = await ReferralHarness.mount(html`<jc-referral-status></jc-referral-status>`);
      expect(h.state).to.equal('not-configured');
      expect(h.text).to.contain('Referral status is not configured');
      await expect(h.el).to.be.accessible();
    });

    it('shows loading, then the referrals from the server', async () => {
      fhir.store(referralsWithAppointments(forD));
      const held = fhir.server.hold();
      const mounting = fhir.inContext();
      await held.arrived;
      const el = document.querySelector('jc-referral-status')!;
      const h = new ReferralHarness(el);
      expect(h.part('loading')?.getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
      held.release();
      await mounting;
      expect(h.items()).to.have.length(5);
      expect(h.text).to.contain('Referral information as of 22-Nov-2026 12:00');
      // the referring organisation through the requester's role (fetched by core's loadReferenced), never from
      // meta.source; the newest change says where it came from by its clinical field (core's originOf), not "by"
      await h.expandAll();
      expect(h.items().every((i) => i.field('Referred by') === 'Dr Amara Okafor, Riverside Medical Practice (GP practice)')).to.equal(true);
      // every referral says the same: once for the group, and each referral's details give only the date
      expect(h.groupSources.every((g) => g === 'From Riverside Medical Practice (GP practice)')).to.equal(true);
      expect(h.items().every((i) => /^Updated \d{2}-[A-Z][a-z]{2}-\d{4} \(.+\)$/.test(i.updated))).to.equal(true);
      expect(h.text).not.to.contain('Not listed here');
      await expect(el).to.be.accessible();
      const url = fhir.server.requests.find((r) => r.url.includes('/ServiceRequest?'))!.url;
      expect(decodeURIComponent(url))
        .to.contain('_revinclude=Task:focus')
        .and.contain('_revinclude=Appointment:based-on')
        .and.contain('_sort=-authored');
    });

    it('says so when the patient has no referrals', async () => {
      const h = await fhir.inContext();
      expect(h.state).to.equal('empty');
      expect(h.part('empty')!.textContent).to.contain('No referrals recorded for this patient.');
      await expect(h.el).to.be.accessible();
    });

    it('shows an error with Retry, and recovers', async () => {
      fhir.store(referralsPerPriority(forD));
      fhir.server.addFault({ match: '/ServiceRequest', status: 500, times: 1 });
      const h = await fhir.inContext();
      expect(h.state).to.equal('error');
      expect(h.part('error')!.getAttribute('role')).to.equal('alert');
      await expect(h.el).to.be.accessible();
      await h.retry();
      expect(h.items()).to.have.length(3);
    });

    it('finds the patient by NHS number alone', async () => {
      const h = await ReferralHarness.mount(
        html`<jc-context fhir-base-url=${BASE} nhs-number=${a.nhsNumber} .clock=${clock}
          ><jc-referral-status></jc-referral-status
        ></jc-context>`,
      );
      expect(h.items()).to.have.length(1);
      expect(h.items()[0].state).to.equal('Awaiting Triage');
    });
  });

  describe('what each referral shows', () => {
    it('every e-RS state renders its human label and a tag style, never a raw code', async () => {
      const h = await handed([...referralsPerErsState(forD), ...set.directory], { filter: 'all' });
      const items = h.items();
      expect(items).to.have.length(12);
      const expected = Object.entries(REFERRAL_STATES)
        .filter(([code]) => /^[A-Z_]+$/.test(code))
        .map(([, e]) => e.label);
      expect(items.map((i) => i.state)).to.have.members(expected);
      for (const i of items) expect(i.stateColour).to.be.oneOf(['grey', 'green', 'blue', 'purple', 'red', 'orange', 'yellow']);
      expect(h.text).not.to.match(RAW_CODES);
      expect(h.text).not.to.match(RAW_VALUES);
      await expect(h.el).to.be.accessible();
    });

    it('FHIR statuses alone render human labels', async () => {
      const h = await handed(referralsWithFhirStatusesOnly(forD), { filter: 'all' });
      expect(h.items().map((i) => i.state)).to.have.members(['Draft', 'Active', 'On hold', 'Withdrawn', 'Completed']);
      expect(h.text).not.to.match(RAW_CODES);
    });

    it('shows service, who referred from where, to whom, UBRN, date, clock and source', async () => {
      const h = await handed([
        ...referral({ slug: 'x', state: 'BOOKED', priority: 'urgent', daysAgo: 97, specialty: 0 }, forD),
        ...set.directory,
      ]);
      const item = await h.item('x').expand();
      expect(item.service).to.equal('Cardiology');
      expect(item.field('Referred to')).to.equal('Northbridge University Hospitals NHS Foundation Trust');
      // the organisation from the requester's role (core's originOf), in core's one wording
      expect(item.field('Referred by')).to.equal('Dr Amara Okafor, Riverside Medical Practice (GP practice)');
      expect(item.field('UBRN')).to.match(/^\d{4} \d{4} \d{4}$/);
      expect(item.field('Referred')).to.match(/^17-Aug-2026/);
      // booked two days after the referral: the clock starts there, in days and in weeks and days
      expect(item.clock).to.contain('Day 95 of 126 (13w 4d of 18 weeks), on track');
      expect(item.text).to.contain('from when the appointment was booked or deferred, 19-Aug-2026');
      expect(item.field('Standard')).to.equal('18-week referral to treatment standard');
      expect(h.groupSources).to.deep.equal(['From Riverside Medical Practice (GP practice)']);
      expect(item.updated).to.match(/^Updated \d{2}-[A-Z][a-z]{2}-\d{4} \(.+\)$/);
      expect(item.field('Appointment')).to.match(/^Booked: \d{2}-[A-Z][a-z]{2}-\d{4} at \d{2}:\d{2}, Northbridge General Hospital/);
    });

    it('priorities differ by text and shape, not colour alone', async () => {
      const h = await handed(referralsPerPriority(forD));
      const items = h.items();
      expect(items.map((i) => i.priority)).to.deep.equal(['Urgent suspected cancer (2WW)', 'Urgent', 'Routine']);
      expect(new Set(items.map((i) => i.priorityShape)).size).to.equal(3);
      await expect(h.el).to.be.accessible();
    });

    it('clock states are said in words', async () => {
      const h = await handed(referralsPerClockState(forD), { filter: 'all' });
      const clocks = h.items().map((i) => i.clock);
      expect(clocks).to.include('Day 138 of 126 (19w 5d of 18 weeks), breached');
      expect(clocks).to.include('Day 108 of 126 (15w 3d of 18 weeks), at risk');
      // an urgent suspected cancer referral waits on the RTT clock; the FDS outcome needs a cancer waiting-times source
      expect(clocks).to.include('Day 23 of 126 (3w 2d of 18 weeks), on track');
      expect(h.parts('fds').map((p) => p.textContent)).to.include('28-day FDS: outcome not available');
      // a completed e-RS referral is closed, never "clock stopped"
      expect(clocks).to.include('e-RS referral closed; no RTT clock stop recorded');
      expect(clocks.some((c) => /clock stopped/i.test(c))).to.equal(false);
      await expect(h.el).to.be.accessible();
    });

    it('the at-risk threshold is an attribute', async () => {
      const h = await handed(referral({ slug: 'r', state: 'BOOKED', daysAgo: 40 }, forD), { atRisk: 0.3 });
      expect(h.items()[0].clockState).to.equal('at-risk');
    });

    it('a rejection shows its reason and comments; the timeline opens', async () => {
      const h = await handed(referral({ slug: 'rej', state: 'REJECTED', daysAgo: 20 }, forD));
      const item = h.item('rej');
      // the reason is in the row; the comments and the history in the details
      expect(item.field('Reason')).to.equal('Insufficient information');
      expect(item.field('Comments')).to.equal(undefined);
      await item.openTimeline();
      expect(item.field('Comments')).to.contain('Please attach recent blood results');
      expect(item.timelineSummary).to.match(/History \(\d+ events\)/);
      expect(item.timeline.length).to.be.greaterThan(1);
      await expect(h.el).to.be.accessible();
    });
  });

  describe('needs attention, views, filters, long lists', () => {
    it('lists referrals needing attention first, each with a reason', async () => {
      const h = await handed([...referralsPerErsState(forD), ...referralsWithAppointments(forD)]);
      expect(h.sectionTitles[0]).to.equal('Needs attention (7)');
      const [first, others] = h.lists();
      expect(first.every((i) => i.attention)).to.equal(true);
      expect(others.some((i) => i.attention)).to.equal(false);
      expect(first[0].attention).to.match(/^.+\.$/);
      await expect(h.el).to.be.accessible();
    });

    it('primary says "Referrals made"; secondary says "Referrals received" with the triage state first', async () => {
      const resources = referral({ slug: 't', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      const gp = await handed(resources, { setting: 'primary' });
      expect(gp.title).to.equal('Referrals made');
      expect(gp.items()[0].columns).to.deep.equal(['Referral', 'Priority', 'Status', 'Referred to', 'Referred', 'Waiting time']);
      const hosp = await handed(resources, { setting: 'secondary' });
      expect(hosp.title).to.equal('Referrals received');
      // the hospital's column is who referred; the state says who acts
      expect(hosp.items()[0].columns).to.deep.equal(['Referral', 'Priority', 'Status', 'Referred by', 'Referred', 'Waiting time']);
      expect(hosp.items()[0].field('Status')).to.contain('Awaiting Triage').and.contain('Waiting for the provider');
      await expect(hosp.el).to.be.accessible();
    });

    it('takes the setting from the context', async () => {
      fhir.store(referralsPerPriority(forD));
      const h = await fhir.inContext({ setting: 'secondary' });
      expect(h.title).to.equal('Referrals received');
    });

    it('filters active, completed and all with a labelled radio group', async () => {
      const h = await handed(referralsWithFhirStatusesOnly(forD));
      expect(h.filterLegend).to.equal('Show referrals');
      expect(h.items()).to.have.length(3);
      expect(h.filters).to.deep.equal(['Active (3)', 'Completed (2)', 'All (5)']);
      await h.filter('completed');
      expect(h.el.filter).to.equal('completed');
      expect(h.items()).to.have.length(2);
      await h.filter('all');
      expect(h.items()).to.have.length(5);
      await expect(h.el).to.be.accessible();
    });

    it('says when a filter has nothing to show', async () => {
      const h = await handed(referralsPerPriority(forD), { filter: 'completed' });
      expect(h.part('empty')!.textContent).to.contain('No completed referrals.');
      await expect(h.el).to.be.accessible();
    });

    it('50 referrals: pages with "Show more", moving focus to the first new referral', async function () {
      // axe's colour-contrast rule over a 50-row table takes seconds on a loaded machine
      this.timeout(60_000);
      fhir.store(manyReferrals(forD));
      const h = await fhir.inContext({ filter: 'all', pageSize: 10 });
      expect(h.filters[2]).to.contain('All (50)');
      // one page of 10, needs-attention referrals first; the headings give the full counts
      expect(h.items()).to.have.length(10);
      const attentionTotal = Number(/\((\d+)\)/.exec(h.sectionTitles[0])![1]);
      expect(attentionTotal).to.be.greaterThan(0);
      expect(h.items().filter((i) => i.attention)).to.have.length(Math.min(10, attentionTotal));
      expect(h.showMoreText).to.equal('Show 10 more');
      expect(h.showing).to.contain('10 of 50');
      await h.showMore();
      expect(h.items()).to.have.length(20);
      expect(h.focused!.closest<HTMLElement>('[part~=item]')!.dataset['index']).to.equal('10');
      // keep going to the end: every referral is reachable, and the button goes away
      for (let page = 3; page <= 5; page++) {
        await h.showMore();
        expect(h.items(), `page ${page}`).to.have.length(page * 10);
      }
      expect(h.showMoreText).to.equal(undefined);
      expect(h.items().filter((i) => i.attention)).to.have.length(attentionTotal);
      await expect(h.el).to.be.accessible();
    });

    it('fits 320 px', async () => {
      const h = await ReferralHarness.mount(
        html`<jc-referral-status
          style="width:320px"
          filter="all"
          .clock=${clock}
          .resources=${[...referralsPerErsState(forD), ...set.directory]}
        ></jc-referral-status>`,
      );
      expect(h.el.scrollWidth).to.be.at.most(320);
    });
  });

  describe('events', () => {
    const resources = referral({ slug: 'ev', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
    const ubrn = (resources[0] as ServiceRequest).identifier![0].value;

    it('jc-referral-selected with id and UBRN only', async () => {
      const h = await handed(resources, { selectable: true });
      const e = h.item('ev').pick();
      expect(e.detail).to.deep.equal({ id: resources[0].id, ubrn });
      expect(e.bubbles && e.composed).to.equal(true);
    });

    it('jc-referral-action-request for chase and view letter', async () => {
      const h = await handed(resources);
      const item = await h.item('ev').expand();
      expect(item.actions[0]).to.contain('Chase referral');
      const chase = item.act('chase');
      expect(chase.detail).to.deep.equal({ action: 'chase', id: resources[0].id, ubrn });
      expect(chase.cancelable).to.equal(true);
      expect(item.act('view-letter').detail.action).to.equal('view-letter');
    });
  });

  describe('patient safety', () => {
    it('refuses a handed-in referral for another patient, visibly', async () => {
      const mine = referral({ slug: 'mine', state: 'BOOKED', daysAgo: 3 }, forD);
      const theirs = referral({ slug: 'theirs', state: 'REJECTED', daysAgo: 3 }, { now, patientId: a.patientId });
      const { h, warned } = await handedWatchingWarnings([...mine, ...theirs]);
      expect(h.items()).to.have.length(1);
      expect(h.part('safety-warning')!.textContent).to.contain('belonged to a different patient');
      expect(warned).to.deep.include({ resourceType: 'ServiceRequest', id: theirs[0].id, reason: 'other-patient' });
      await expect(h.el).to.be.accessible();
    });

    it('refuses a Task from the server that names another patient', async () => {
      const mine = referral({ slug: 'mine', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      const stray: Task = {
        ...(mine[1] as Task),
        id: 'stray-task',
        for: { reference: `Patient/${a.patientId}` },
        businessStatus: { text: 'Rejected' },
      };
      fhir.store([...mine, stray]);
      const h = await fhir.inContext();
      expect(h.item('mine').state).to.equal('Awaiting Triage');
      expect(h.text).not.to.contain('Rejected');
      expect(h.part('safety-warning')).to.exist;
    });

    it('checks handed-in resources against the patient in context', async () => {
      const h = await ReferralHarness.mount(
        html`<jc-context patient-id=${a.patientId} .clock=${clock}
          ><jc-referral-status .resources=${referralsPerPriority(forD)}></jc-referral-status
        ></jc-context>`,
      );
      expect(h.items()).to.have.length(0);
      expect(h.part('safety-warning')).to.exist;
      expect(fhir.server.requests.length).to.equal(0);
    });
  });

  describe('timeline from Provenance', () => {
    it("loads the referrals' and the Tasks' Provenance and shows who made each change", async () => {
      fhir.store(referralsWithAppointments(forD));
      const h = await fhir.inContext();
      const srUrl = decodeURIComponent(fhir.server.requests.find((r) => r.url.includes('/ServiceRequest?'))!.url);
      expect(srUrl).to.contain('_revinclude=Provenance:target');
      const provUrl = decodeURIComponent(fhir.server.requests.find((r) => r.url.includes('/Provenance?'))!.url);
      expect(provUrl).to.match(/target=Task\/[^&]+,Task\//);
      const item = await h
        .items()
        .find((i) => i.state === 'Did Not Attend')!
        .expand();
      const rows = item.timeline;
      // the first change (from the ServiceRequest's Provenance), and later ones (from the Tasks' Provenance,
      // the person resolved by a follow-up read of the directory)
      expect(rows.some((r) => /Awaiting Triage by Dr Amara Okafor, Riverside Medical Practice$/.test(r))).to.equal(true);
      expect(
        rows.some((r) =>
          /Booked: appointment for .+ by RAMAN, Priya \(Dr\), Northbridge University Hospitals NHS Foundation Trust$/.test(r),
        ),
      ).to.equal(true);
      expect(rows.filter((r) => /Did Not Attend: the appointment on .+ by /.test(r))).to.have.length(1);
      expect(h.text).not.to.match(RAW_VALUES);
      expect(h.part('safety-warning')).to.equal(null);
      await expect(h.el).to.be.accessible();
    });

    it('still shows the referrals when the Provenance search fails', async () => {
      fhir.store(referralsWithAppointments(forD));
      fhir.server.addFault({ match: '/Provenance?', status: 500, times: 10 });
      const h = await fhir.inContext();
      expect(h.items()).to.have.length(5);
      expect(h.items().map((i) => i.state)).to.include('Did Not Attend');
    });

    it("refuses a Provenance targeting another patient's resource, with the visible safety warning", async () => {
      const mine = referral({ slug: 'mine', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      const theirs = referral({ slug: 'theirs', state: 'REJECTED', daysAgo: 3 }, { now, patientId: a.patientId });
      const stray = {
        resourceType: 'Provenance',
        id: 'stray-prov',
        target: [{ reference: `ServiceRequest/${mine[0].id}` }, { reference: `Task/${theirs[1].id}/_history/1` }],
        recorded: '2026-11-21T10:00:00Z',
        activity: { coding: [{ system: ERS, code: 'REJECTED' }] },
        agent: [{ who: { display: 'Somebody Else' } }],
      } as Resource;
      const { h, warned } = await handedWatchingWarnings([...mine, ...theirs, stray]);
      expect(h.items()).to.have.length(1);
      expect(h.text).not.to.contain('Somebody Else');
      expect(h.part('safety-warning')!.textContent).to.contain('belonged to a different patient');
      expect(warned).to.deep.include({ resourceType: 'Provenance', id: 'stray-prov', reason: 'other-patient' });
      await expect(h.el).to.be.accessible();
    });

    it('refuses a Provenance from the server whose target it cannot check', async () => {
      const mine = referral({ slug: 'mine', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      fhir.store([
        ...mine,
        {
          resourceType: 'Provenance',
          id: 'half-known',
          target: [{ reference: `ServiceRequest/${mine[0].id}` }, { reference: 'Task/not-loaded' }],
          recorded: '2026-11-21T10:00:00Z',
          activity: { coding: [{ system: ERS, code: 'REJECTED' }] },
          agent: [{ who: { display: 'Unverified Agent' } }],
        } as Resource,
      ]);
      const h = await fhir.inContext();
      expect(h.item('mine').state).to.equal('Awaiting Triage');
      expect(h.text).not.to.contain('Unverified Agent');
      expect(h.part('safety-warning')).to.exist;
      await expect(h.el).to.be.accessible();
    });

    it('tolerates malformed Provenance handed in', async () => {
      const mine = referral({ slug: 'mine', state: 'BOOKED', daysAgo: 10 }, forD);
      const target = [{ reference: `Task/${mine[1].id}` }];
      const junk = [
        { resourceType: 'Provenance', id: 'j1', target, recorded: 'soon', activity: 7, agent: [null, { who: 'x' }] },
        { resourceType: 'Provenance', id: 'j2', target, occurredPeriod: { start: 'nope' }, activity: { coding: 'BOOKED' } },
      ];
      const h = await handed([...mine, ...junk]);
      expect(h.items()).to.have.length(1);
      await h.expandAll();
      expect(h.text).not.to.match(RAW_VALUES);
      expect(h.part('safety-warning')).to.equal(null);
      await expect(h.el).to.be.accessible();
    });
  });
});
