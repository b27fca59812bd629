import { expect } from '@open-wc/testing';
import { manyReferrals } from '@joinedcare/fixtures';
import { buildReferrals } from '../src/index.js';
import { ReferralHarness } from './harness.js';
import { forD, now, clock } from './server.js';

const RAW_VALUES = /undefined|null|NaN|\[object Object\]|Invalid Date/;

describe('<jc-referral-status> long lists (built in chunks)', function () {
  this.timeout(30000);

  it('1,000+ handed-in referrals: a polite progress state, then the first page', async () => {
    const resources = manyReferrals({ ...forD, count: 1100 });
    const { h, seen, stop } = await ReferralHarness.mountWatched((el) => {
      el.filter = 'all';
      el.clock = clock;
      el.resources = resources;
    });
    stop();
    // updateComplete waited for the whole build: the progress was drawn on the way
    expect(seen.loadingRoles[0]).to.deep.equal({ role: 'status', live: 'polite' });
    // this many resources are read in a task after the first drawing (issue 19), then counted
    expect(seen.progress).to.deep.equal([
      'Preparing the referrals…',
      ...['0', '250', '500', '750', '1,000'].map((n) => `Preparing ${n} of 1,100 referrals…`),
    ]);
    expect(h.state).to.equal('list');
    expect(h.items()).to.have.length(20);
    expect(h.filters[2]).to.equal('All (1100)');
    expect(h.showing).to.contain('20 of 1100');
    expect(h.text).not.to.match(RAW_VALUES);
    // the page shows the same referrals, in the same order, as a short list would
    const sync = buildReferrals(resources, { now: new Date(), atRiskFraction: 0.8, triageAlertDays: 7 });
    expect(sync.slice(0, 20).map((r) => r.id)).to.deep.equal(h.items().map((i) => i.id));
    await expect(h.el).to.be.accessible();
  });

  it('new resources mid-build abort the old build: the old list is never shown', async () => {
    const first = manyReferrals({ ...forD, count: 1000 });
    const second = manyReferrals({ now, patientId: 'pat-second', count: 400 });
    // switch as soon as the first chunk of the first list is drawn: the build is mid-way
    const { h, seen, stop } = await ReferralHarness.mountWatched(
      (el) => {
        el.clock = clock;
        el.resources = first;
      },
      (progress, harness) => {
        if (progress === 'Preparing 250 of 1,000 referrals…') harness.el.resources = second;
      },
    );
    stop();
    expect(h.el.resources).to.equal(second);
    expect(seen.ids.size).to.be.greaterThan(0);
    expect([...seen.ids].every((id) => id.includes('pat-second'))).to.equal(true);
    expect(h.items().every((i) => i.id.includes('pat-second'))).to.equal(true);
    expect(h.text).not.to.contain('Preparing');
    expect(seen.progress.at(-1)).to.match(/of 400 referrals…$/);
  });

  it('a removed element stops building; put back, it builds again', async () => {
    const resources = manyReferrals({ ...forD, count: 700 });
    let parent: HTMLElement | undefined;
    // removed as soon as its progress is drawn
    const { h, seen, stop } = await ReferralHarness.mountWatched(
      (el) => {
        el.clock = clock;
        el.resources = resources;
      },
      (_progress, harness) => {
        parent ??= harness.el.parentElement ?? undefined;
        harness.el.remove();
      },
    );
    stop();
    expect(seen.progress.length).to.be.greaterThan(0);
    expect(h.el.isConnected).to.equal(false);
    expect(h.items()).to.have.length(0);
    parent!.append(h.el);
    await h.settled();
    expect(h.items()).to.have.length(20);
  });
});
