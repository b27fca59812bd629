import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Resource, ServiceRequest, Task } from 'fhir/r4.js';
import {
  buildPersonas,
  manyReferrals,
  referral,
  referralsPerClockState,
  referralsPerErsState,
  referralsPerPriority,
  referralsWithAppointments,
  referralsWithFhirStatusesOnly,
} from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache, type JcContext } from '@joinedcare/core';
import '../src/define.js';
import { buildReferrals, REFERRAL_STATES, type JcReferralStatus, type PollScheduler } from '../src/index.js';

const now = new Date('2026-11-22T12:00:00Z');
const set = buildPersonas({ now });
const { a, d } = set.personas;
const clock = { now: () => now };
const BASE = '/referral-fhir';
const RAW_VALUES = /undefined|null|NaN|\[object Object\]|Invalid Date/;
const RAW_CODES =
  /\b(NOT_BOOKED|AWAITING_TRIAGE|TRIAGE_RESPONSE|TRIAGED_PROVIDER_TO_ACTION|DEFERRED_TO_PROVIDER|APPT_CANCELLED_BY_\w+|DID_NOT_ATTEND|ASSESSMENT_RESULT|CANCELLED_REFERRAL|TWO_WEEK_WAIT|in-progress|entered-in-error|on-hold)\b/;

const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const until = (cond: () => boolean, what: string, timeout = 5000) =>
  waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 10 });
const forD = { now, patientId: d.patientId };

/** A fake clock for polling: timers run only when the test says so. */
class FakeScheduler implements PollScheduler {
  private timers = new Map<number, { fn: () => void; ms: number }>();
  private n = 0;
  setTimeout(fn: () => void, ms: number): number {
    this.timers.set(++this.n, { fn, ms });
    return this.n;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  get delays(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }
  tick(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const t of due) t.fn();
  }
}

describe('<jc-referral-status>', () => {
  let server: FhirFixtureServer;
  let serverNow = new Date(now.getTime() + 3_600_000);
  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => serverNow });
    await startFixtureWorker(server);
  });
  afterEach(() => {
    server.reset();
    serverNow = new Date(now.getTime() + 3_600_000);
    sharedRequestCache.invalidate();
  });
  const store = (resources: Resource[]) => {
    for (const r of resources) server.put(r, { preserveLastUpdated: true });
  };
  const inContext = async (attrs: { setting?: string; patientId?: string; extra?: string } = {}) => {
    const ctx = await fixture<JcContext>(
      html`<jc-context
        fhir-base-url=${BASE}
        patient-id=${attrs.patientId ?? d.patientId}
        setting=${attrs.setting ?? 'primary'}
        .clock=${clock}
      >
        <jc-referral-status></jc-referral-status>
      </jc-context>`,
    );
    const el = ctx.querySelector('jc-referral-status')!;
    return { ctx, el };
  };
  const loaded = (el: JcReferralStatus) => until(() => !!$(el, '[part=base]') || !!$(el, '[part=error]'), 'referrals');

  describe('states', () => {
    it('is not configured without a client and a patient', async () => {
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status></jc-referral-status>`);
      expect($(el, '[part=not-configured]')).to.exist;
      expect(text(el)).to.contain('Referral status is not configured');
      await expect(el).to.be.accessible();
    });

    it('shows loading, then the referrals from the server', async () => {
      store(referralsWithAppointments(forD));
      const held = server.hold();
      const { el } = await inContext();
      await held.arrived;
      expect($(el, '[part=loading][role=status]')).to.exist;
      await expect(el).to.be.accessible();
      held.release();
      await loaded(el);
      expect($$(el, '[part=item]').length).to.equal(5);
      expect(text(el)).to.contain('Referral information as of 22-Nov-2026 12:00');
      // the referring organisation, found by the ODS code in meta.source, and the hospital as the source
      expect(text(el)).to.contain('Dr Amara Okafor, Riverside Medical Practice');
      expect(text(el)).to.match(/by Northbridge University Hospitals NHS Foundation Trust \(hospital\)/);
      await expect(el).to.be.accessible();
      const url = server.requests.find((r) => r.url.includes('/ServiceRequest?'))!.url;
      expect(decodeURIComponent(url))
        .to.contain('_revinclude=Task:focus')
        .and.contain('_revinclude=Appointment:based-on')
        .and.contain('_sort=-authored');
    });

    it('says so when the patient has no referrals', async () => {
      const { el } = await inContext();
      await loaded(el);
      expect($(el, '[part=empty]')!.textContent).to.contain('No referrals recorded for this patient.');
      await expect(el).to.be.accessible();
    });

    it('shows an error with Retry, and recovers', async () => {
      store(referralsPerPriority(forD));
      server.addFault({ match: '/ServiceRequest', status: 500, times: 1 });
      const { el } = await inContext();
      await loaded(el);
      expect($(el, '[part=error][role=alert]')).to.exist;
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
      await until(() => $$(el, '[part=item]').length === 3, 'items after retry');
    });

    it('finds the patient by NHS number alone', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} nhs-number=${a.nhsNumber} .clock=${clock}
          ><jc-referral-status></jc-referral-status
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-referral-status')!;
      await until(() => $$(el, '[part=item]').length === 1, 'persona a referral');
      expect(text(el)).to.contain('Awaiting Triage');
    });
  });

  describe('what each referral shows', () => {
    it('every e-RS state renders its human label and a tag style, never a raw code', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status filter="all" .resources=${[...referralsPerErsState(forD), ...set.directory]}></jc-referral-status>`,
      );
      const tags = $$(el, '[part=status]');
      expect(tags.length).to.equal(12);
      const labels = tags.map((t) => t.textContent.replace('Status:', '').trim());
      const expected = Object.entries(REFERRAL_STATES)
        .filter(([code]) => /^[A-Z_]+$/.test(code))
        .map(([, e]) => e.label);
      expect(labels).to.have.members(expected);
      for (const t of tags) expect(t.className).to.match(/tag--(grey|green|blue|purple|red|orange|yellow)/);
      expect(text(el)).not.to.match(RAW_CODES);
      expect(text(el)).not.to.match(RAW_VALUES);
      await expect(el).to.be.accessible();
    });

    it('FHIR statuses alone render human labels', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status filter="all" .resources=${referralsWithFhirStatusesOnly(forD)}></jc-referral-status>`,
      );
      const labels = $$(el, '[part=status]').map((t) => t.textContent.replace('Status:', '').trim());
      expect(labels).to.have.members(['Draft', 'Active', 'On Hold', 'Withdrawn', 'Completed']);
      expect(text(el)).not.to.match(RAW_CODES);
    });

    it('shows service, who referred from where, to whom, UBRN, date, clock and source', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status
          .resources=${[...referral({ slug: 'x', state: 'BOOKED', priority: 'urgent', daysAgo: 97, specialty: 0 }, forD), ...set.directory]}
        ></jc-referral-status>`,
      );
      const item = $(el, '[part=item]')!;
      const t = item.textContent.replace(/\s+/g, ' ');
      expect(t).to.contain('Cardiology');
      expect(t).to.contain('Referred to Northbridge University Hospitals NHS Foundation Trust');
      expect(t).to.match(/Referred by Dr Amara Okafor, Riverside Medical Practice/);
      expect(t).to.match(/UBRN \d{4} \d{4} \d{4}/);
      expect(t).to.contain('Referred 17-Aug-2026');
      expect(t).to.contain('Day 97 of 126, on track');
      expect(t).to.contain('against the 18-week referral to treatment standard');
      expect(t).to.match(/Updated .* by Northbridge .* \(hospital\)/);
      expect(t).to.match(/Booked: \d{2}-[A-Z][a-z]{2}-\d{4} at \d{2}:\d{2}, Northbridge General Hospital/);
    });

    it('priorities differ by text and shape, not colour alone', async () => {
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status .resources=${referralsPerPriority(forD)}></jc-referral-status>`);
      const badges = $$(el, '[part=priority]');
      expect(badges.map((b) => b.textContent.replace('Priority:', '').trim())).to.deep.equal(['Two week wait', 'Urgent', 'Routine']);
      const shapes = badges.map((b) => b.querySelector('svg')!.innerHTML);
      expect(new Set(shapes).size).to.equal(3);
      await expect(el).to.be.accessible();
    });

    it('clock states are said in words', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status filter="all" .resources=${referralsPerClockState(forD)}></jc-referral-status>`,
      );
      const clocks = $$(el, '[part=clock]').map((c) => c.textContent.replace(/\s+/g, ' ').trim());
      expect(clocks).to.include('Day 140 of 126, breached');
      expect(clocks).to.include('Day 110 of 126, at risk');
      expect(clocks).to.include('Day 25 of 28, at risk');
      expect(clocks).to.include('Not Known: no referral date is recorded');
      expect(clocks.some((c) => /clock stopped \d{2}-[A-Z][a-z]{2}-\d{4}/.test(c))).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('the at-risk threshold is an attribute', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status
          at-risk-threshold="0.3"
          .resources=${referral({ slug: 'r', state: 'BOOKED', daysAgo: 40 }, forD)}
        ></jc-referral-status>`,
      );
      expect($(el, '[part=clock]')!.dataset['state']).to.equal('at-risk');
    });

    it('a rejection shows its reason and comments; the timeline opens with the keyboard', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status .resources=${referral({ slug: 'rej', state: 'REJECTED', daysAgo: 20 }, forD)}></jc-referral-status>`,
      );
      const t = text(el);
      expect(t).to.contain('Reason Insufficient information');
      expect(t).to.contain('Please attach recent blood results');
      const details = $<HTMLDetailsElement>(el, '[part=timeline]')!;
      expect(details.querySelector('summary')!.textContent).to.match(/History \(\d+ events\)/);
      expect(details.querySelectorAll('li').length).to.be.greaterThan(1);
      await expect(el).to.be.accessible();
    });
  });

  describe('needs attention, views, filters, long lists', () => {
    it('lists referrals needing attention first, each with a reason', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status .resources=${[...referralsPerErsState(forD), ...referralsWithAppointments(forD)]}></jc-referral-status>`,
      );
      const headings = $$(el, '.section-title').map((h) => h.textContent.trim());
      expect(headings[0]).to.equal('Needs attention (6)');
      const lists = $$(el, '[part=list]');
      const first = [...lists[0].querySelectorAll('[part=item]')];
      expect(first.every((li) => li.querySelector('[part=attention]'))).to.equal(true);
      expect(lists[1].querySelector('[part=attention]')).to.equal(null);
      expect(first[0].querySelector('[part=attention]')!.textContent).to.match(/Needs attention: .+\./);
      await expect(el).to.be.accessible();
    });

    it('primary says "Referrals made"; secondary says "Referrals received" with the triage state first', async () => {
      const resources = referral({ slug: 't', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      const gp = await fixture<JcReferralStatus>(html`<jc-referral-status setting="primary" .resources=${resources}></jc-referral-status>`);
      expect($(gp, '[part=title]')!.textContent).to.equal('Referrals made');
      const hosp = await fixture<JcReferralStatus>(
        html`<jc-referral-status setting="secondary" .resources=${resources}></jc-referral-status>`,
      );
      expect($(hosp, '[part=title]')!.textContent).to.equal('Referrals received');
      const item = $(hosp, '[part=item]')!;
      expect(item.firstElementChild!.classList.contains('triage')).to.equal(true);
      expect(item.firstElementChild!.textContent).to.contain('Awaiting Triage').and.contain('Waiting for the provider');
      await expect(hosp).to.be.accessible();
    });

    it('takes the setting from the context', async () => {
      store(referralsPerPriority(forD));
      const { el } = await inContext({ setting: 'secondary' });
      await loaded(el);
      expect($(el, '[part=title]')!.textContent).to.equal('Referrals received');
    });

    it('filters active, completed and all with a labelled radio group', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status .resources=${referralsWithFhirStatusesOnly(forD)}></jc-referral-status>`,
      );
      expect($(el, 'fieldset legend')!.textContent).to.equal('Show referrals');
      expect($$(el, '[part=item]').length).to.equal(3);
      const radios = $$<HTMLInputElement>(el, 'input[type=radio]');
      expect(radios.map((r) => r.parentElement!.textContent.trim())).to.deep.equal(['Active (3)', 'Completed (2)', 'All (5)']);
      radios[1].click();
      await el.updateComplete;
      expect(el.filter).to.equal('completed');
      expect($$(el, '[part=item]').length).to.equal(2);
      radios[2].click();
      await el.updateComplete;
      expect($$(el, '[part=item]').length).to.equal(5);
      await expect(el).to.be.accessible();
    });

    it('says when a filter has nothing to show', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status filter="completed" .resources=${referralsPerPriority(forD)}></jc-referral-status>`,
      );
      expect($(el, '[part=empty]')!.textContent).to.contain('No completed referrals.');
      await expect(el).to.be.accessible();
    });

    it('50 referrals: pages with "Show more", moving focus to the first new referral', async () => {
      store(manyReferrals(forD));
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} patient-id=${d.patientId} .clock=${clock}
          ><jc-referral-status filter="all" page-size="10"></jc-referral-status
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-referral-status')!;
      await loaded(el);
      expect($$(el, 'input[type=radio]')[2].parentElement!.textContent).to.contain('All (50)');
      // one page of 10, needs-attention referrals first; the headings give the full counts
      expect($$(el, '[part=item]').length).to.equal(10);
      const attentionTotal = Number(/\((\d+)\)/.exec($$(el, '.section-title')[0].textContent)![1]);
      expect(attentionTotal).to.be.greaterThan(0);
      expect($$(el, '.item--attention').length).to.equal(Math.min(10, attentionTotal));
      const more = $<HTMLButtonElement>(el, '[part=show-more]')!;
      expect(more.textContent.trim()).to.equal('Show 10 more');
      expect(el.shadowRoot!.querySelector('.more .meta')!.textContent).to.contain('10 of 50');
      more.click();
      await until(() => $$(el, '[part=item]').length === 20, 'second page');
      await el.updateComplete;
      const focused = el.shadowRoot!.activeElement as HTMLElement;
      expect(focused.closest('li')!.dataset['index']).to.equal('10');
      // keep going to the end: every referral is reachable, and the button goes away
      for (let page = 3; page <= 5; page++) {
        $<HTMLButtonElement>(el, '[part=show-more]')!.click();
        await until(() => $$(el, '[part=item]').length === page * 10, `page ${page}`);
      }
      expect($(el, '[part=show-more]')).to.equal(null);
      expect($$(el, '.item--attention').length).to.equal(attentionTotal);
      await expect(el).to.be.accessible();
    });

    it('fits 320 px', async () => {
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status
          style="width:320px"
          filter="all"
          .resources=${[...referralsPerErsState(forD), ...set.directory]}
        ></jc-referral-status>`,
      );
      expect(el.scrollWidth).to.be.at.most(320);
    });
  });

  describe('events', () => {
    const resources = referral({ slug: 'ev', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
    const ubrn = (resources[0] as ServiceRequest).identifier![0].value;
    it('jc-referral-selected with id and UBRN only', async () => {
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status .resources=${resources}></jc-referral-status>`);
      setTimeout(() => $<HTMLButtonElement>(el, 'button.link')!.click());
      const e = await oneEvent(el, 'jc-referral-selected');
      expect(e.detail).to.deep.equal({ id: resources[0].id, ubrn });
      expect(e.bubbles && e.composed).to.equal(true);
    });
    it('jc-referral-action-request for chase and view letter', async () => {
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status .resources=${resources}></jc-referral-status>`);
      const [chase, letter] = $$<HTMLButtonElement>(el, '[part=action-button]');
      expect(chase.textContent).to.contain('Chase referral');
      setTimeout(() => chase.click());
      const e1 = await oneEvent(el, 'jc-referral-action-request');
      expect(e1.detail).to.deep.equal({ action: 'chase', id: resources[0].id, ubrn });
      expect(e1.cancelable).to.equal(true);
      setTimeout(() => letter.click());
      const e2 = await oneEvent(el, 'jc-referral-action-request');
      expect(e2.detail.action).to.equal('view-letter');
    });
  });

  describe('patient safety', () => {
    it('refuses a handed-in referral for another patient, visibly', async () => {
      const mine = referral({ slug: 'mine', state: 'BOOKED', daysAgo: 3 }, forD);
      const theirs = referral({ slug: 'theirs', state: 'REJECTED', daysAgo: 3 }, { now, patientId: a.patientId });
      const el = document.createElement('jc-referral-status');
      const warned: unknown[] = [];
      el.addEventListener('jc-safety-warning', (e) => warned.push((e as CustomEvent).detail));
      el.resources = [...mine, ...theirs];
      await fixture(el);
      expect($$(el, '[part=item]').length).to.equal(1);
      expect($(el, '[part=safety-warning]')!.textContent).to.contain('belonged to a different patient');
      expect(warned).to.deep.include({ resourceType: 'ServiceRequest', id: theirs[0].id, reason: 'other-patient' });
      await expect(el).to.be.accessible();
    });

    it('refuses a Task from the server that names another patient', async () => {
      const mine = referral({ slug: 'mine', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      const stray: Task = {
        ...(mine[1] as Task),
        id: 'stray-task',
        for: { reference: `Patient/${a.patientId}` },
        businessStatus: { text: 'Rejected' },
      };
      store([...mine, stray]);
      const { el } = await inContext();
      await loaded(el);
      expect(text(el)).to.contain('Awaiting Triage');
      expect(text(el)).not.to.contain('Rejected');
      expect($(el, '[part=safety-warning]')).to.exist;
    });

    it('checks handed-in resources against the patient in context', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context patient-id=${a.patientId} .clock=${clock}
          ><jc-referral-status .resources=${referralsPerPriority(forD)}></jc-referral-status
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-referral-status')!;
      await el.updateComplete;
      expect($$(el, '[part=item]').length).to.equal(0);
      expect($(el, '[part=safety-warning]')).to.exist;
      expect(server.requests.length).to.equal(0);
    });
  });

  describe('timeline from Provenance', () => {
    it("loads the referrals' and the Tasks' Provenance and shows who made each change", async () => {
      store(referralsWithAppointments(forD));
      const { el } = await inContext();
      await loaded(el);
      const srUrl = decodeURIComponent(server.requests.find((r) => r.url.includes('/ServiceRequest?'))!.url);
      expect(srUrl).to.contain('_revinclude=Provenance:target');
      const provUrl = decodeURIComponent(server.requests.find((r) => r.url.includes('/Provenance?'))!.url);
      expect(provUrl).to.match(/target=Task\/[^&]+,Task\//);
      const item = $$(el, '[part=item]').find((li) => li.textContent.includes('Did Not Attend'))!;
      const rows = [...item.querySelectorAll('[part=timeline] li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim());
      // the first change (from the ServiceRequest's Provenance), and later ones (from the Tasks' Provenance,
      // the person resolved by a follow-up read of the directory)
      expect(rows.some((r) => /Awaiting Triage by Dr Amara Okafor, Riverside Medical Practice$/.test(r))).to.equal(true);
      expect(rows.some((r) => /Booked by RAMAN, Priya \(Dr\), Northbridge University Hospitals NHS Foundation Trust$/.test(r))).to.equal(
        true,
      );
      expect(rows.filter((r) => r.includes('Did Not Attend by'))).to.have.length(1);
      expect(text(el)).not.to.match(RAW_VALUES);
      expect($(el, '[part=safety-warning]')).to.equal(null);
      item.querySelector<HTMLElement>('[part=timeline] summary')!.click();
      await expect(el).to.be.accessible();
    });

    it('still shows the referrals when the Provenance search fails', async () => {
      store(referralsWithAppointments(forD));
      server.addFault({ match: '/Provenance?', status: 500, times: 10 });
      const { el } = await inContext();
      await loaded(el);
      expect($$(el, '[part=item]').length).to.equal(5);
      expect(text(el)).to.contain('Did Not Attend');
    });

    it("refuses a Provenance targeting another patient's resource, with the visible safety warning", async () => {
      const mine = referral({ slug: 'mine', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      const theirs = referral({ slug: 'theirs', state: 'REJECTED', daysAgo: 3 }, { now, patientId: a.patientId });
      const stray = {
        resourceType: 'Provenance',
        id: 'stray-prov',
        target: [{ reference: `ServiceRequest/${mine[0].id}` }, { reference: `Task/${theirs[1].id}/_history/1` }],
        recorded: '2026-11-21T10:00:00Z',
        activity: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState', code: 'REJECTED' }] },
        agent: [{ who: { display: 'Somebody Else' } }],
      } as Resource;
      const el = document.createElement('jc-referral-status');
      const warned: unknown[] = [];
      el.addEventListener('jc-safety-warning', (e) => warned.push((e as CustomEvent).detail));
      el.resources = [...mine, ...theirs, stray];
      await fixture(el);
      expect($$(el, '[part=item]').length).to.equal(1);
      expect(text(el)).not.to.contain('Somebody Else');
      expect($(el, '[part=safety-warning]')!.textContent).to.contain('belonged to a different patient');
      expect(warned).to.deep.include({ resourceType: 'Provenance', id: 'stray-prov', reason: 'other-patient' });
      await expect(el).to.be.accessible();
    });

    it('refuses a Provenance from the server whose target it cannot check', async () => {
      const mine = referral({ slug: 'mine', state: 'AWAITING_TRIAGE', daysAgo: 3 }, forD);
      store([
        ...mine,
        {
          resourceType: 'Provenance',
          id: 'half-known',
          target: [{ reference: `ServiceRequest/${mine[0].id}` }, { reference: 'Task/not-loaded' }],
          recorded: '2026-11-21T10:00:00Z',
          activity: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState', code: 'REJECTED' }] },
          agent: [{ who: { display: 'Unverified Agent' } }],
        } as Resource,
      ]);
      const { el } = await inContext();
      await loaded(el);
      expect(text(el)).to.contain('Awaiting Triage');
      expect(text(el)).not.to.contain('Unverified Agent');
      expect($(el, '[part=safety-warning]')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('tolerates malformed Provenance handed in', async () => {
      const mine = referral({ slug: 'mine', state: 'BOOKED', daysAgo: 10 }, forD);
      const target = [{ reference: `Task/${mine[1].id}` }];
      const junk = [
        { resourceType: 'Provenance', id: 'j1', target, recorded: 'soon', activity: 7, agent: [null, { who: 'x' }] },
        { resourceType: 'Provenance', id: 'j2', target, occurredPeriod: { start: 'nope' }, activity: { coding: 'BOOKED' } },
      ] as unknown as Resource[];
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status .resources=${[...mine, ...junk]}></jc-referral-status>`);
      expect($$(el, '[part=item]').length).to.equal(1);
      expect(text(el)).not.to.match(RAW_VALUES);
      expect($(el, '[part=safety-warning]')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('long lists (built in chunks)', function () {
    this.timeout(30000);
    /** Records every referral id, every loading state and every progress text drawn into the shadow root. */
    const watch = (el: Element, onProgress?: (text: string) => void) => {
      const seen = { ids: new Set<string>(), loading: 0, progress: [] as string[] };
      const observer = new MutationObserver((records) => {
        const progress = $(el, '[part=loading]')?.textContent.replace(/\s+/g, ' ').trim();
        if (progress && progress !== seen.progress.at(-1)) {
          seen.progress.push(progress);
          onProgress?.(progress);
        }
        for (const r of records) {
          for (const node of r.addedNodes) {
            if (!(node instanceof Element)) continue;
            if (node.matches('[part=loading]') || node.querySelector('[part=loading]')) seen.loading++;
            for (const li of [node, ...node.querySelectorAll('li.item')])
              if (li.matches('li.item')) seen.ids.add(li.getAttribute('data-id')!);
          }
        }
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
      return { seen, stop: () => observer.disconnect() };
    };

    it('1,000+ handed-in referrals: a polite progress state, then the first page', async () => {
      const resources = manyReferrals({ ...forD, count: 1100 });
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status filter="all" .resources=${resources}></jc-referral-status>`);
      const { seen, stop } = watch(el);
      const loading = $(el, '[part=loading]')!;
      expect(loading).to.exist;
      expect(loading.getAttribute('role')).to.equal('status');
      expect(loading.getAttribute('aria-live')).to.equal('polite');
      expect(loading.textContent.replace(/\s+/g, ' ').trim()).to.equal('Preparing 0 of 1,100 referrals…');
      await expect(el).to.be.accessible();
      await until(() => $$(el, '[part=item]').length > 0, 'the first page', 15000);
      stop();
      expect(seen.progress).to.deep.equal(['250', '500', '750', '1,000'].map((n) => `Preparing ${n} of 1,100 referrals…`));
      expect($(el, '[part=loading]')).to.equal(null);
      expect($$(el, '[part=item]').length).to.equal(20);
      expect($$(el, 'input[type=radio]')[2].parentElement!.textContent).to.contain('All (1100)');
      expect(el.shadowRoot!.querySelector('.more .meta')!.textContent).to.contain('20 of 1100');
      expect(text(el)).not.to.match(RAW_VALUES);
      // the page shows the same referrals, in the same order, as a short list would
      const ids = $$(el, '[part=item]').map((li) => li.dataset['id']);
      const sync = buildReferrals(resources, { now: new Date(), atRiskFraction: 0.8, triageAlertDays: 7 });
      expect(sync.slice(0, 20).map((r) => r.id)).to.deep.equal(ids);
      await expect(el).to.be.accessible();
    });

    it('new resources mid-build abort the old build: the old list is never shown', async () => {
      const first = manyReferrals({ ...forD, count: 1000 });
      const second = manyReferrals({ now, patientId: 'pat-second', count: 400 });
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status .resources=${first}></jc-referral-status>`);
      // switch as soon as the first chunk of the first list is drawn: the build is mid-way
      const { seen, stop } = watch(el, (progress) => {
        if (progress === 'Preparing 250 of 1,000 referrals…') el.resources = second;
      });
      await until(() => el.resources === second, 'the switch');
      await until(() => $$(el, '[part=item]').length > 0, 'the new list', 15000);
      // give the aborted build time to have finished, had it not been aborted
      await new Promise((r) => setTimeout(r, 300));
      await el.updateComplete;
      stop();
      expect(seen.ids.size).to.be.greaterThan(0);
      expect([...seen.ids].every((id) => id.includes('pat-second'))).to.equal(true);
      expect($$(el, '[part=item]').every((li) => li.dataset['id']!.includes('pat-second'))).to.equal(true);
      expect(text(el)).not.to.contain('Preparing');
      expect(seen.progress.at(-1)).to.match(/of 400 referrals…$/);
    });

    it('a removed element stops building; put back, it builds again', async () => {
      const resources = manyReferrals({ ...forD, count: 700 });
      const el = await fixture<JcReferralStatus>(html`<jc-referral-status .resources=${resources}></jc-referral-status>`);
      const parent = el.parentElement!;
      const { seen, stop } = watch(el, () => el.remove());
      await until(() => seen.progress.length > 0, 'progress');
      stop();
      expect(el.isConnected).to.equal(false);
      el.remove();
      await new Promise((r) => setTimeout(r, 100));
      expect($$(el, '[part=item]').length).to.equal(0);
      parent.append(el);
      await until(() => $$(el, '[part=item]').length === 20, 'the first page', 15000);
    });

    it('from the server: progress, the list, and a poll that finds a change keeps the list on screen', async () => {
      const resources = manyReferrals({ ...forD, count: 400 });
      store(resources);
      const scheduler = new FakeScheduler();
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} patient-id=${d.patientId} .clock=${clock}
          ><jc-referral-status filter="all" refresh-interval="30" .scheduler=${scheduler}></jc-referral-status
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-referral-status')!;
      const first = watch(el);
      await until(() => $$(el, '[part=item]').length === 20, 'the first page', 15000);
      first.stop();
      expect(first.seen.progress).to.include('Preparing 250 of 400 referrals…');
      expect(text(el)).to.contain('All (400)');
      await until(() => scheduler.pending === 1, 'a scheduled check');
      const { seen, stop } = watch(el);
      const task = resources.find(
        (r) => r.resourceType === 'Task' && JSON.stringify((r as Task).businessStatus ?? {}).includes('AWAITING_TRIAGE'),
      ) as Task;
      // manyReferrals has future-dated appointment changes: the change must be newer than all of them
      serverNow = new Date(now.getTime() + 60 * 86_400_000);
      server.put({ ...task, businessStatus: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState', code: 'BOOKED' }] } });
      scheduler.tick();
      const announcer = $(el, '[part=announcer]')!;
      await until(() => announcer.textContent.includes('Booked') || !!$(el, '[part=refresh-error]'), 'announcement', 15000);
      expect($(el, '[part=refresh-error]')).to.equal(null);
      stop();
      expect(seen.loading).to.equal(0);
      expect($(el, '[part=loading]')).to.equal(null);
      expect($$(el, '[part=item]').length).to.equal(20);
      await expect(el).to.be.accessible();
    });
  });

  describe('live updates', () => {
    const setup = async (extra: Resource[] = []) => {
      const resources = [...referral({ slug: 'live', state: 'AWAITING_TRIAGE', daysAgo: 3, specialty: 0 }, forD), ...extra];
      store(resources);
      const scheduler = new FakeScheduler();
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} patient-id=${d.patientId} .clock=${clock}
          ><jc-referral-status refresh-interval="30" .scheduler=${scheduler}></jc-referral-status
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-referral-status')!;
      await loaded(el);
      await until(() => scheduler.pending === 1, 'a scheduled check');
      return { ctx, el, scheduler, resources };
    };

    it('is off by default', async () => {
      const scheduler = new FakeScheduler();
      const el = await fixture<JcReferralStatus>(
        html`<jc-referral-status .scheduler=${scheduler} .resources=${referralsPerPriority(forD)}></jc-referral-status>`,
      );
      await el.updateComplete;
      expect(scheduler.pending).to.equal(0);
    });

    it('asks cheaply and redraws nothing when nothing changed', async () => {
      const { el, scheduler } = await setup();
      expect(scheduler.delays).to.deep.equal([30_000]);
      const button = $(el, 'button.link')!;
      server.clearLog();
      scheduler.tick();
      await until(() => scheduler.pending === 1, 'the next check');
      expect(server.requests.length).to.equal(3);
      expect(
        server.requests.every((r) => decodeURIComponent(r.url).includes('_summary=count') && r.url.includes('_lastUpdated=gt')),
      ).to.equal(true);
      expect($(el, 'button.link')).to.equal(button);
      expect($(el, '[part=announcer]')!.textContent.trim()).to.equal('');
    });

    it('notices a change, announces it politely, and keeps focus', async () => {
      const { el, scheduler, resources } = await setup();
      const button = $<HTMLButtonElement>(el, '[part=action-button]')!;
      button.focus();
      const task = resources[1] as Task;
      server.put({ ...task, businessStatus: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState', code: 'BOOKED' }] } });
      scheduler.tick();
      const announcer = $(el, '[part=announcer]')!;
      await until(() => announcer.textContent.includes('Booked'), 'announcement');
      expect(announcer.getAttribute('aria-live')).to.equal('polite');
      expect(announcer.textContent.trim()).to.equal('Referral to Cardiology is now Booked.');
      expect($(el, '[part=status]')!.textContent).to.contain('Booked');
      expect($(el, '[part=action-button]')).to.equal(button);
      expect(el.shadowRoot!.activeElement).to.equal(button);
      await until(() => scheduler.pending === 1, 'the next check');
      await expect(el).to.be.accessible();
    });

    it('says when a check fails, and carries on', async () => {
      const { el, scheduler } = await setup();
      // the count check and the reload it falls back to both fail
      server.addFault({ match: '/ServiceRequest', status: 500, times: 2 });
      scheduler.tick();
      await until(() => !!$(el, '[part=refresh-error]'), 'refresh error');
      expect(text(el)).to.contain('may be out of date');
      expect($$(el, '[part=item]').length).to.equal(1);
      await until(() => scheduler.pending === 1, 'the next check');
      scheduler.tick();
      await until(() => !$(el, '[part=refresh-error]'), 'error cleared');
    });

    it('stops when disconnected, when the page is hidden, and on a patient switch', async () => {
      const { ctx, el, scheduler } = await setup();
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      expect(scheduler.pending).to.equal(0);
      delete (document as unknown as Record<string, unknown>)['visibilityState'];
      document.dispatchEvent(new Event('visibilitychange'));
      expect(scheduler.pending).to.equal(1);

      const held = server.hold();
      ctx.patientId = a.patientId;
      await ctx.updateComplete;
      await held.arrived;
      expect(scheduler.pending).to.equal(0);
      held.release();
      await el.updateComplete;
      expect(text(el)).to.include('Diabet');
      expect(scheduler.pending, 'polling for the new patient').to.equal(1);

      el.remove();
      expect(scheduler.pending).to.equal(0);
    });
  });
});
