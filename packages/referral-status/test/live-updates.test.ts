import { expect, html } from '@open-wc/testing';
import type { Resource, Task } from 'fhir/r4.js';
import { manyReferrals, referral, referralsPerPriority } from '@joinedcare/fixtures';
import { ReferralHarness } from './harness.js';
import { FakeScheduler, forD, now, set, useFixtureServer, clock } from './server.js';

const ERS = 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState';
const booked = (task: Task): Task => ({ ...task, businessStatus: { coding: [{ system: ERS, code: 'BOOKED' }] } });

describe('<jc-referral-status> live updates and reloads', () => {
  const fhir = useFixtureServer();

  /** One referral on the server, the widget polling every 30 s on a fake clock; a check is scheduled. */
  const setup = async (extra: Resource[] = []) => {
    const resources = [...referral({ slug: 'live', state: 'AWAITING_TRIAGE', daysAgo: 3, specialty: 0 }, forD), ...extra];
    fhir.store(resources);
    const scheduler = new FakeScheduler();
    const h = await fhir.inContext({ refreshInterval: 30, scheduler });
    expect(scheduler.pending, 'a scheduled check').to.equal(1);
    return { h, scheduler, resources };
  };
  /** Runs the scheduled check and waits until what it found is drawn. */
  const check = async (h: ReferralHarness, scheduler: FakeScheduler) => {
    scheduler.tick();
    await h.settled();
  };

  it('is off by default', async () => {
    const scheduler = new FakeScheduler();
    await ReferralHarness.mount(
      html`<jc-referral-status .scheduler=${scheduler} .clock=${clock} .resources=${referralsPerPriority(forD)}></jc-referral-status>`,
    );
    expect(scheduler.pending).to.equal(0);
  });

  it('asks cheaply and redraws nothing when nothing changed', async () => {
    const { h, scheduler } = await setup();
    expect(scheduler.delays).to.deep.equal([30_000]);
    const li = h.items()[0].li;
    fhir.server.clearLog();
    await check(h, scheduler);
    expect(scheduler.pending, 'the next check').to.equal(1);
    expect(fhir.server.requests.length).to.equal(3);
    expect(
      fhir.server.requests.every((r) => decodeURIComponent(r.url).includes('_summary=count') && r.url.includes('_lastUpdated=gt')),
    ).to.equal(true);
    expect(h.items()[0].li).to.equal(li);
    expect(h.announcement).to.equal('');
  });

  it('notices a change, announces it politely, and keeps the list and the focus', async () => {
    const { h, scheduler, resources } = await setup();
    // the details stay open across the reload, and focus stays on their button
    const button = (await h.items()[0].expand()).actionButton('chase');
    button.focus();
    fhir.server.put(booked(resources[1] as Task));
    // while the reload is held, the list stays on screen
    const held = fhir.server.hold(({ url }) => url.pathname.endsWith('/ServiceRequest') && !url.searchParams.has('_summary'));
    scheduler.tick();
    await held.arrived;
    expect(h.state).to.equal('list');
    expect(h.items()[0].state).to.equal('Awaiting Triage');
    held.release();
    await h.settled();
    expect(h.part('announcer')!.getAttribute('aria-live')).to.equal('polite');
    expect(h.announcement).to.equal('Referral to Cardiology is now Booked.');
    expect(h.items()[0].state).to.equal('Booked');
    expect(h.items()[0].actionButton('chase')).to.equal(button);
    expect(h.focused).to.equal(button);
    expect(scheduler.pending, 'the next check').to.equal(1);
    await expect(h.el).to.be.accessible();
  });

  it('says when a check fails, and carries on', async () => {
    const { h, scheduler } = await setup();
    // the count check and the reload it falls back to both fail
    fhir.server.addFault({ match: '/ServiceRequest', status: 500, times: 2 });
    await check(h, scheduler);
    expect(h.part('refresh-error')).to.exist;
    expect(h.text).to.contain('may be out of date');
    expect(h.items()).to.have.length(1);
    expect(scheduler.pending, 'the next check').to.equal(1);
    await check(h, scheduler);
    expect(h.part('refresh-error')).to.equal(null);
  });

  it('stops when disconnected, when the page is hidden, and on a patient switch', async () => {
    const { h, scheduler } = await setup();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(scheduler.pending).to.equal(0);
    delete (document as unknown as Record<string, unknown>)['visibilityState'];
    document.dispatchEvent(new Event('visibilitychange'));
    expect(scheduler.pending).to.equal(1);

    const held = fhir.server.hold();
    h.context!.patientId = set.personas.a.patientId;
    await h.context!.updateComplete;
    await held.arrived;
    expect(scheduler.pending).to.equal(0);
    expect(h.state).to.equal('loading');
    held.release();
    await h.settled();
    expect(h.text).to.include('Diabet');
    expect(scheduler.pending, 'polling for the new patient').to.equal(1);

    h.el.remove();
    expect(scheduler.pending).to.equal(0);
  });

  it('Retry after a partial load keeps the list on screen while it reloads, and announces nothing', async () => {
    fhir.store(manyReferrals({ ...forD, count: 60 }));
    fhir.server.addFault({ match: ({ url }) => url.searchParams.get('_offset') === '50', status: 500, times: 1 });
    const h = await fhir.inContext({ filter: 'all' });
    expect(h.part('partial')).to.exist;
    expect(h.filters[2]).to.equal('All (50)');
    const held = fhir.server.hold();
    const retrying = h.retry();
    await held.arrived;
    expect(h.state).to.equal('list');
    expect(h.filters[2]).to.equal('All (50)');
    held.release();
    await retrying;
    expect(h.part('partial')).to.equal(null);
    expect(h.filters[2]).to.equal('All (60)');
    expect(h.announcement).to.equal('');
  });

  it('a long list from the server: progress, the list, and a poll that finds a change keeps the list on screen', async function () {
    this.timeout(30000);
    const resources = manyReferrals({ ...forD, count: 400 });
    fhir.store(resources);
    const scheduler = new FakeScheduler();
    const h = await fhir.inContext({ filter: 'all', refreshInterval: 30, scheduler });
    expect(h.items()).to.have.length(20);
    expect(h.filters[2]).to.equal('All (400)');
    expect(scheduler.pending, 'a scheduled check').to.equal(1);
    const { seen, stop } = h.watch();
    const task = resources.find(
      (r) => r.resourceType === 'Task' && JSON.stringify((r as Task).businessStatus ?? {}).includes('AWAITING_TRIAGE'),
    ) as Task;
    // manyReferrals has future-dated appointment changes: the change must be newer than all of them
    fhir.setServerNow(new Date(now.getTime() + 60 * 86_400_000));
    fhir.server.put(booked(task));
    await check(h, scheduler);
    stop();
    expect(h.part('refresh-error')).to.equal(null);
    expect(h.announcement).to.contain('Booked');
    expect(seen.loading, 'no loading state while the new list was built').to.equal(0);
    expect(h.state).to.equal('list');
    expect(h.items()).to.have.length(20);
    await expect(h.el).to.be.accessible();
  });
});
