// Every e-RS state, reason and priority, from sandbox-shaped variants (ers-variants.ts): the words,
// the reasons, the clock each state has, who needs to act by perspective, and who may chase whom.
import { expect } from '@open-wc/testing';
import { buildReferrals, DEFAULT_TRIAGE_DAYS, type ReferralView } from '../src/index.js';
import { stu3 } from './ers-sandbox.js';
import { a041Referral, ersReferral, everyErsPriority, everyErsState, STATE_DISPLAY, STATE_REASON, type ErsState } from './ers-variants.js';

const now = new Date('2026-11-22T12:00:00Z');
type Options = Partial<Parameters<typeof buildReferrals>[1]>;
const build = (items: unknown[], extra: Options = {}) => buildReferrals(items, { now, ...extra });
const byState = (list: ReferralView[]) => new Map(list.map((r) => [r.state.code, r]));
const STATES = Object.keys(STATE_DISPLAY) as ErsState[];

describe('e-RS states, reasons and comments (sandbox-shaped variants)', () => {
  it('every e-RS state in the words e-RS displays, with its reason and comments', async () => {
    const views = byState(build([...everyErsState(now), await stu3('getCodeSystem-AppointmentCancellationReasonCodeSystem')]));
    expect(views.size).to.equal(12);
    for (const state of STATES) {
      const r = views.get(state)!;
      expect(r.state.label, state).to.equal(STATE_DISPLAY[state]);
      const preset = STATE_REASON[state];
      if (preset?.comments) expect(r.comments, state).to.include(preset.comments);
      if (preset?.reason?.display) expect(r.reason, state).to.equal(preset.reason.display);
    }
    // a code e-RS sends without a display, named from e-RS reference data handed in
    expect(views.get('APPT_CANCELLED_BY_PATIENT')!.reason).to.equal('Patient on holiday');
    // static e-RS codes with no display and no reference data: the code is said as a code
    expect(views.get('DEFERRED_TO_PROVIDER')!.reason).to.equal('code NO_SLOTS_AT_SERVICE, no description given');
    expect(views.get('CANCELLED_REFERRAL')!.state.label).to.equal('Cancelled Referral');
  });

  it('the clock each state has: none for rejected and cancelled, running from the pathway start for the others', () => {
    const views = byState(build(everyErsState(now)));
    for (const state of STATES) {
      const r = views.get(state)!;
      if (state === 'REJECTED') expect(r.clockText).to.equal('No waiting clock: the referral was rejected');
      else if (state === 'CANCELLED_REFERRAL') expect(r.clockText).to.equal('No waiting clock: the referral was cancelled');
      else {
        expect(r.clockView, state).to.include({ kind: 'running', basis: 'ers-pathway-start' });
        expect(r.clockText, state).to.match(/^Day \d+ of 126 \(\d+w \dd of 18 weeks\)$/);
      }
      expect(r.clockText, state).not.to.match(/clock stopped/i);
    }
  });

  it('drafts and withdrawn referrals have no clock; a completed one is "e-RS referral closed"', () => {
    const base = a041Referral('000000083000', { authoredDaysAgo: 20 }, now);
    const [draft] = build([{ ...base, id: 'd', status: 'draft' }]);
    const [withdrawn] = build([{ ...base, id: 'w', status: 'revoked' }]);
    const [completed] = build([{ ...base, id: 'c', status: 'completed' }]);
    expect(draft.clockText).to.equal('No waiting clock: a draft, not sent');
    expect(withdrawn.clockText).to.equal('No waiting clock: the referral was withdrawn');
    expect(completed.clockText).to.equal('e-RS referral closed; no RTT clock stop recorded');
    for (const r of [draft, withdrawn, completed]) expect(r.clockText).not.to.match(/on track|clock stopped|Day \d/);
  });
});

describe('e-RS priorities (sandbox-shaped variants)', () => {
  it('ROUTINE, URGENT and TWO_WEEK_WAIT; 2WW as urgent suspected cancer, with the FDS outcome said as not available', () => {
    const list = build(everyErsPriority(now));
    expect(list.map((r) => r.priority.label)).to.deep.equal(['Urgent suspected cancer (2WW)', 'Urgent', 'Routine']);
    expect(list[0].fds?.text).to.equal('28-day FDS: outcome not available');
    expect(list[1].fds).to.equal(undefined);
    expect(list[2].fds).to.equal(undefined);
  });

  it('R4: the e-RS priority extension, and FHIR asap and stat, which say nothing about cancer', () => {
    const list = build([
      a041Referral('000000084001', { ersPriority: 'TWO_WEEK_WAIT' }, now),
      a041Referral('000000084002', { priority: 'asap' }, now),
      a041Referral('000000084003', { priority: 'stat' }, now),
      a041Referral('000000084004', { priority: 'urgent' }, now),
    ]);
    expect(list.map((r) => [r.ubrn, r.priority.label])).to.deep.equal([
      ['000000084003', 'STAT (immediate)'],
      ['000000084001', 'Urgent suspected cancer (2WW)'],
      ['000000084002', 'ASAP'],
      ['000000084004', 'Urgent'],
    ]);
    // no suspected-cancer line, no 28-day clock for ASAP
    expect(list.find((r) => r.ubrn === '000000084002')!.fds).to.equal(undefined);
    expect(list.find((r) => r.ubrn === '000000084002')!.clockText).not.to.match(/of 28/);
  });
});

describe('needs attention, by the viewer’s side', () => {
  const attention = (list: ReferralView[]) =>
    list
      .filter((r) => r.attention)
      .map((r) => r.state.code)
      .sort();

  it('the GP (referrer): Rejected, Triage Response and Assessment Result wait for the GP; missed and cancelled appointments for anyone', () => {
    const list = build(everyErsState(now), { setting: 'primary' });
    expect(attention(list)).to.deep.equal(
      ['APPT_CANCELLED_BY_PROVIDER', 'ASSESSMENT_RESULT', 'DID_NOT_ATTEND', 'REJECTED', 'TRIAGE_RESPONSE'].sort(),
    );
    const r = byState(list);
    expect(r.get('TRIAGE_RESPONSE')!.attention!.reason).to.equal(
      'Triage response: the provider has returned the referral with advice, and the referrer needs to act.',
    );
    expect(r.get('ASSESSMENT_RESULT')!.attention!.reason).to.equal(
      'Assessment result: the provider has assessed the referral, and the referrer needs to review the result.',
    );
  });

  it('the hospital (provider): triage, decisions to act on, deferrals, cancellations and missed appointments; not what waits for the GP', () => {
    const list = build(everyErsState(now), { setting: 'secondary' });
    expect(attention(list)).to.deep.equal(
      ['APPT_CANCELLED_BY_PROVIDER', 'AWAITING_TRIAGE', 'DEFERRED_TO_PROVIDER', 'DID_NOT_ATTEND', 'TRIAGED_PROVIDER_TO_ACTION'].sort(),
    );
    const triage = byState(list).get('AWAITING_TRIAGE')!;
    // pathway start 32 days ago: within the 40 days e-RS gives a routine referral
    expect(triage.attention!.reason).to.equal('Awaiting triage for 32 days; expected within 40 days for Routine.');
  });

  it('triage days per priority from e-RS reference data: 40 / 5 / 2 days (the sandbox PRIORITY code system)', async () => {
    const cs = await stu3('getCodeSystem-PriorityCodeSystem');
    const triage = (cs['concept'] as { code: string; property: { code: string; valueInteger?: number }[] }[]).map(
      (c) => [c.code, c.property.find((p) => p.code === 'triageContactDays')!.valueInteger] as const,
    );
    expect(Object.fromEntries(triage)).to.deep.equal({ ROUTINE: 40, URGENT: 5, TWO_WEEK_WAIT: 2 });
    expect([DEFAULT_TRIAGE_DAYS.routine, DEFAULT_TRIAGE_DAYS.urgent, DEFAULT_TRIAGE_DAYS['two-week-wait']]).to.deep.equal([40, 5, 2]);
    // awaiting triage for 3 days: only the two week wait is overdue, in the GP's view too
    const list = build(everyErsPriority(now), { setting: 'primary' });
    expect(list.map((r) => [r.priority.code, r.attention?.reason])).to.deep.equal([
      ['two-week-wait', 'Awaiting triage for 3 days, longer than the 2 days expected for Urgent suspected cancer (2WW).'],
      ['urgent', undefined],
      ['routine', undefined],
    ]);
  });

  it('triage days are configurable per priority, and handed-in reference data replaces the defaults', async () => {
    const urgentAfterTwo = build(everyErsPriority(now), { setting: 'primary', triageDays: { urgent: 2, 'two-week-wait': 5 } });
    expect(urgentAfterTwo.filter((r) => r.attention).map((r) => r.priority.code)).to.deep.equal(['urgent']);
    const cs = await stu3('getCodeSystem-PriorityCodeSystem');
    const concepts = cs['concept'] as { code: string; property: { code: string; valueInteger?: number }[] }[];
    concepts.find((c) => c.code === 'ROUTINE')!.property.find((p) => p.code === 'triageContactDays')!.valueInteger = 1;
    const withReference = build([...everyErsPriority(now), cs], { setting: 'primary' });
    expect(withReference.filter((r) => r.attention).map((r) => r.priority.code)).to.have.members(['routine', 'two-week-wait']);
  });
});

describe('actions fit the viewer', () => {
  const chasing = (list: ReferralView[]) =>
    list
      .filter((r) => r.chase)
      .map((r) => r.state.code)
      .sort();

  it('the GP chases the provider, never a referral waiting for the GP, never a draft', () => {
    const list = build([...everyErsState(now), { ...a041Referral('000000085000', {}, now), status: 'draft' }], { setting: 'primary' });
    expect(chasing(list)).to.deep.equal(
      [
        'APPT_CANCELLED_BY_PROVIDER',
        'AWAITING_TRIAGE',
        'BOOKED',
        'DEFERRED_TO_PROVIDER',
        'DID_NOT_ATTEND',
        'TRIAGED_PROVIDER_TO_ACTION',
      ].sort(),
    );
  });

  it('the hospital chases the referrer, never itself', () => {
    const list = build(everyErsState(now), { setting: 'secondary' });
    expect(chasing(list)).to.deep.equal(['ASSESSMENT_RESULT', 'REJECTED', 'TRIAGE_RESPONSE'].sort());
  });
});

describe('cancellations say when they happened and which appointment they cancelled', () => {
  it('a cancelled appointment for 06-Dec, cancelled on 30-Oct: both dates, never one for the other', () => {
    const referral = ersReferral(
      { ubrn: '000000086000', state: 'APPT_CANCELLED_BY_PROVIDER', pathwayStartDaysAgo: 40, appointmentInDays: 14 },
      now,
    );
    const appt = (referral['contained'] as Record<string, unknown>[]).find((c) => c['resourceType'] === 'Appointment')!;
    appt['extension'] = [
      { url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.cancellationDate', valueDateTime: '2026-10-30T10:00:00Z' },
    ];
    const [r] = build([referral], { setting: 'primary' });
    expect(r.appointment!.when).to.equal('06-Dec-2026 at 10:30');
    expect(r.cancelledOnText).to.equal('30-Oct-2026');
    expect(r.attention!.reason).to.equal('The provider cancelled the appointment for 06-Dec-2026 on 30-Oct-2026 and has not rebooked it.');
    const entry = r.timeline.find((e) => /cancelled/i.test(e.text))!;
    expect(entry.dateText).to.equal('30-Oct-2026 10:00');
    expect(entry.text).to.equal('Appointment for 06-Dec-2026 cancelled by the provider');
  });

  it('without a cancellation date, it says so rather than give the appointment date', () => {
    const referral = ersReferral(
      { ubrn: '000000086001', state: 'APPT_CANCELLED_BY_PROVIDER', pathwayStartDaysAgo: 40, appointmentInDays: 14 },
      now,
    );
    const [r] = build([referral]);
    expect(r.attention!.reason).to.equal(
      'The provider cancelled the appointment for 06-Dec-2026 (when is not recorded) and has not rebooked it.',
    );
    expect(r.cancelledOnText).to.equal('Date not recorded');
    expect(r.attention!.reason).not.to.match(/on 06-Dec-2026/);
  });
});
