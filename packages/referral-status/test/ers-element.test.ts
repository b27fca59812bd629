// <jc-referral-status> with e-RS responses handed in as a host gets them (the widget cannot call e-RS:
// CIS2 and e-RS's own headers), and the views that depend on whose side the viewer is on.
import { expect, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { referralsWithAppointments } from '@joinedcare/fixtures';
import { ReferralHarness } from './harness.js';
import { r4, stu3 } from './ers-sandbox.js';
import { a041Referral, ersReferral, everyErsPriority, everyErsState, SANDBOX_NHS_NUMBER } from './ers-variants.js';
import { clock, forD, now } from './server.js';

/** The widget inside a context that names the patient by NHS number (as e-RS does), with the data handed in. */
const inContext = (o: { resources?: unknown[]; bundle?: unknown; setting?: string; nhsNumber?: string; triageDays?: string }) =>
  ReferralHarness.mount(
    html`<jc-context nhs-number=${o.nhsNumber ?? SANDBOX_NHS_NUMBER} setting=${o.setting ?? 'primary'} .clock=${clock}>
      <jc-referral-status
        filter="all"
        triage-days=${ifDefined(o.triageDays)}
        .resources=${o.resources}
        .bundle=${o.bundle}
      ></jc-referral-status>
    </jc-context>`,
  );

describe('<jc-referral-status> reads e-RS as a host hands it in', () => {
  it('STU3 ReferralRequests (A005) for the patient named by NHS number: shown, never "of an unexpected type"', async () => {
    const h = await inContext({
      resources: [
        await stu3('retrieveReferralRequest-BookedDBS'),
        await stu3('retrieveReferralRequest-DeferredToProvider'),
        await stu3('retrieveReferralRequest-Unbooked'),
      ],
    });
    expect(h.items().map((i) => i.state)).to.have.members(['Booked', 'Deferred To Provider', 'Not Booked']);
    expect(h.part('safety-warning')).to.equal(null);
    expect(h.text).not.to.match(/unexpected type/);
    const booked = await h
      .items()
      .find((i) => i.state === 'Booked')!
      .expand();
    expect(booked.field('UBRN')).to.equal('0000 0007 0001');
    expect(booked.field('Referred to')).to.equal('Good Cardiology Business Service');
    expect(booked.field('Clinical information first submitted')).to.equal('11-Jun-2021');
    expect(booked.field('Waiting time')).to.contain('from the e-RS pathway start, 08-May-2024');
    await expect(h.el).to.be.accessible();
  });

  it('an STU3 referral for another NHS number is refused, visibly', async () => {
    const h = await inContext({ resources: [await stu3('rejectReferral-ExampleResponseDbs')] });
    expect(h.items()).to.have.length(0);
    expect(h.part('safety-warning')!.textContent).to.contain('belonged to a different patient');
  });

  it('with no context, the first referral’s NHS number is the patient', async () => {
    const h = await ReferralHarness.mount(
      html`<jc-referral-status
        .clock=${clock}
        .resources=${[await stu3('retrieveReferralRequest-BookedDBS'), await stu3('rejectReferral-ExampleResponseDbs')]}
      ></jc-referral-status>`,
    );
    expect(h.items().map((i) => i.state)).to.deep.equal(['Booked']);
    expect(h.part('safety-warning')).to.exist;
  });

  it('an A041 Bundle by the `bundle` property: the referral listed, the A&G request counted as shown in the advice panel', async () => {
    const h = await inContext({ bundle: await r4('ResponseExampleReferralAndAdvice') });
    expect(h.items()).to.have.length(1);
    expect(h.items()[0].field('UBRN')).to.equal('0000 0007 0002');
    expect(h.part('not-shown')!.textContent.trim()).to.equal('Not listed here: 1 Advice & Guidance request (shown in the advice panel).');
    expect(h.text).not.to.match(/Day \d+ of 126/);
    await expect(h.el).to.be.accessible();
  });

  it('an advice request alone: no referral with an RTT clock, and says where it is', async () => {
    const h = await inContext({ bundle: await r4('ResponseExampleAdvice') });
    expect(h.items()).to.have.length(0);
    expect(h.text).to.contain('No referrals recorded for this patient.');
    expect(h.part('not-shown')!.textContent).to.contain('1 Advice & Guidance request (shown in the advice panel)');
    await expect(h.el).to.be.accessible();
  });

  it('a cancelReferral response (A036) with its e-RS reference data: the reason and comment, and what was read', async () => {
    const h = await inContext({
      resources: [await stu3('cancelReferral-CancelledBookedReferralReferrerCancellation'), await stu3('getCodeSystem-PriorityCodeSystem')],
    });
    const item = await h.items()[0].expand();
    expect(item.state).to.equal('Cancelled Referral');
    expect(item.field('Reason')).to.equal('Other - Referrer request cancellation');
    expect(item.field('Comments')).to.equal('This is a cancellation reason comment');
    expect(item.field('Waiting time')).to.equal('No waiting clock: the referral was cancelled');
    expect(h.part('not-shown')!.textContent).to.contain('e-RS reference data used: PRIORITY.');
  });

  it('a worklist (A008) for several patients: this patient’s entries, the others counted', async () => {
    const h = await inContext({ nhsNumber: '1000000001', resources: [await stu3('retrieveWorklist-ReferralsForReview')] });
    expect(h.items()).to.have.length(1);
    expect(h.part('not-shown')!.textContent).to.contain('1 e-RS worklist entry for another patient');
    expect(h.part('safety-warning')).to.equal(null);
  });
});

describe('<jc-referral-status> by the viewer’s side', () => {
  it('GP view: Triage Response and Assessment Result are under "Needs attention"; no chasing yourself or a draft', async () => {
    const draft = { ...a041Referral('000000089000', { authoredDaysAgo: 2 }, now), status: 'draft' };
    const h = await inContext({ resources: [...everyErsState(now), draft] });
    await h.expandAll();
    const [attention] = h.lists();
    expect(attention.map((i) => i.state)).to.include.members(['Triage Response', 'Assessment Result', 'Rejected']);
    expect(
      h
        .items()
        .find((i) => i.state === 'Triage Response')!
        .actions.join(' '),
    ).not.to.contain('Chase referral');
    expect(
      h
        .items()
        .find((i) => i.state === 'Draft')!
        .actions.join(' '),
    ).not.to.contain('Chase referral');
    expect(
      h
        .items()
        .find((i) => i.state === 'Booked')!
        .actions.join(' '),
    ).to.contain('Chase referral');
    await expect(h.el).to.be.accessible();
  });

  it('hospital view: what waits for the provider needs attention, and "Chase referral" is never offered to the person chased', async () => {
    const h = await inContext({ setting: 'secondary', resources: everyErsState(now) });
    await h.expandAll();
    const [attention] = h.lists();
    expect(attention.map((i) => i.state)).to.have.members([
      'Awaiting Triage',
      'Triaged - Provider To Action',
      'Deferred To Provider',
      'Appointment Cancelled By Provider',
      'Did Not Attend',
    ]);
    for (const i of h.items().filter((x) => ['Awaiting Triage', 'Booked', 'Deferred To Provider', 'Did Not Attend'].includes(x.state))) {
      expect(i.actions.join(' '), i.state).not.to.contain('Chase referral');
    }
    expect(
      h
        .items()
        .find((i) => i.state === 'Rejected')!
        .actions.join(' '),
    ).to.contain('Chase referral');
    await expect(h.el).to.be.accessible();
  });

  it('triage days per priority are an attribute', async () => {
    const calm = await inContext({ resources: everyErsPriority(now) });
    expect(
      calm
        .items()
        .filter((i) => i.attention)
        .map((i) => i.priority),
    ).to.deep.equal(['Urgent suspected cancer (2WW)']);
    const strict = await inContext({ resources: everyErsPriority(now), triageDays: 'routine=1, urgent=1, 2ww=10' });
    expect(
      strict
        .items()
        .filter((i) => i.attention)
        .map((i) => i.priority),
    ).to.have.members(['Urgent', 'Routine']);
  });
});

describe('<jc-referral-status> what a person reads', () => {
  it('the history lists each event once, in one casing (Task, Appointment and Provenance say the same)', async () => {
    const h = await ReferralHarness.mount(
      html`<jc-referral-status .clock=${clock} .resources=${referralsWithAppointments(forD)}></jc-referral-status>`,
    );
    for (const item of await h.expandAll()) {
      const lines = item.timeline.map((l) => l.replace(/^[^:]+:\d\d: /, '').toLowerCase());
      for (const phrase of ['did not attend', 'cancelled by provider', 'cancelled by the provider']) {
        expect(lines.filter((l) => l.includes(phrase)).length, `${item.service}: ${phrase}`).to.be.at.most(1);
      }
    }
    const cancelled = h.items().find((i) => i.state === 'Appointment Cancelled By Provider')!;
    expect(cancelled.attention).to.match(
      /^The provider cancelled the appointment for \d{2}-[A-Z][a-z]{2}-\d{4} on \d{2}-[A-Z][a-z]{2}-\d{4} and has not rebooked it\.$/,
    );
    const [apptDate, cancelledOn] = /for (\S+) on (\S+) and/.exec(cancelled.attention!)!.slice(1);
    expect(apptDate).not.to.equal(cancelledOn);
  });

  it('a referral known to the widget only through meta.source: "record held by", never "by"', async () => {
    const referral = { ...ersReferral({ ubrn: '000000089100', state: 'BOOKED', pathwayStartDaysAgo: 10 }, now) };
    referral['meta'] = { versionId: '5', lastUpdated: '2026-11-20T10:00:00Z', source: 'urn:ods:R69' };
    const h = await inContext({ resources: [referral] });
    // said once for the group (every referral in it says the same), and each referral's details give its date
    expect(h.groupSources).to.deep.equal(['Record held by R69 (setting not known); who changed it is not recorded']);
    expect((await h.items()[0].expand()).updated).to.equal('Updated 20-Nov-2026 (2 days ago)');
  });
});
