// The clock rules (clock-rules.ts): where the clock starts, what may stop it, which referrals have
// none, weeks and days, and the 28-day FDS only from a cancer waiting-times source.
import { expect } from '@open-wc/testing';
import type { ServiceRequest, Task } from 'fhir/r4.js';
import { referral } from '@joinedcare/fixtures';
import { buildReferrals, CLOCK_RULES, referralClock, RTT_PERIOD_STATUSES, weeksOf } from '../src/index.js';
import { a041Referral, cancerWaitingTimes, ersReferral, rttStatus } from './ers-variants.js';

const now = new Date('2026-11-22T12:00:00Z');
const build = (items: unknown[]) => buildReferrals(items, { now });

describe('clock rules: the start', () => {
  it('e-RS pathway start, then UBRN conversion, then booking, then the referral date ("clock start not known")', () => {
    const facts = (starts: Record<string, string>) => ({ state: 'BOOKED' as const, priority: 'routine' as const, starts });
    const all = {
      'ers-pathway-start': '2026-10-01',
      'ubrn-conversion': '2026-09-20',
      booking: '2026-09-15',
      'referral-date': '2026-09-01',
    };
    expect(referralClock(facts(all), { now }).rtt).to.include({
      basis: 'ers-pathway-start',
      startText: 'from the e-RS pathway start, 01-Oct-2026',
    });
    const { ['ers-pathway-start']: _p, ...noPathway } = all;
    expect(referralClock(facts(noPathway), { now }).rtt).to.include({
      basis: 'ubrn-conversion',
      startText: 'from the UBRN conversion, 20-Sep-2026',
    });
    const { ['ubrn-conversion']: _c, ...noConversion } = noPathway;
    expect(referralClock(facts(noConversion), { now }).rtt).to.include({ basis: 'booking' });
    const onlyReferred = referralClock(facts({ 'referral-date': '2026-09-01' }), { now }).rtt;
    expect(onlyReferred).to.include({ basis: 'referral-date', startText: 'from the referral date; clock start not known' });
    expect(CLOCK_RULES.startOrder).to.deep.equal(['rtt-status', 'ers-pathway-start', 'ubrn-conversion', 'booking', 'referral-date']);
  });

  it('a referral written on 1 Sep but received by the provider (pathway start) on 1 Oct waits from 1 Oct', () => {
    const [r] = build([
      {
        ...a041Referral('000000087000', { authoredDaysAgo: 82 }, now),
        extension: [
          {
            url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-eReferralPathwayStart-1',
            valueDateTime: '2026-10-01T09:00:00Z',
          },
        ],
      },
    ]);
    expect(r.clockText).to.equal('Day 52 of 126 (7w 3d of 18 weeks)');
  });

  it('weeks and days beside the day count: day 97 is 13w 6d of 18 weeks', () => {
    expect(weeksOf(97, 126)).to.equal('13w 6d of 18 weeks');
    expect(weeksOf(0, 126)).to.equal('0w 0d of 18 weeks');
    expect(weeksOf(12, 28)).to.equal('1w 5d of 4 weeks');
    expect(weeksOf(40, 31)).to.equal('5w 5d of 31 days');
  });

  it('the rules are configurable: another start order', () => {
    const facts = {
      state: 'BOOKED' as const,
      priority: 'routine' as const,
      starts: { 'ers-pathway-start': '2026-10-01', 'referral-date': '2026-09-01' },
    };
    expect(referralClock(facts, { now, rules: { startOrder: ['referral-date', 'ers-pathway-start'] } }).rtt).to.include({
      basis: 'referral-date',
    });
  });
});

describe('clock rules: stop only when an RTT status source says so', () => {
  it('a completed e-RS referral is "e-RS referral closed", never "clock stopped"', () => {
    const [sr] = referral(
      { slug: 'done', srStatus: 'completed', noTask: true, daysAgo: 95, appointment: 'fulfilled' },
      { now, patientId: 'p' },
    ) as ServiceRequest[];
    const [r] = build([sr]);
    expect(r.clockText).to.equal('e-RS referral closed; no RTT clock stop recorded');
    expect(r.clock).to.deep.equal({ state: 'unknown', reason: 'no-clock' });
  });

  it('RTT period status 30 (first definitive treatment) on the ServiceRequest stops the clock on its date', () => {
    const sr = { ...a041Referral('000000087001', { authoredDaysAgo: 100 }, now), extension: [rttStatus('30', '2026-11-02')] };
    const [r] = build([sr]);
    expect(r.clockView).to.include({
      kind: 'stopped',
      statusText: 'Clock stopped 02-Nov-2026: RTT status 30, first definitive treatment started: RTT period ended',
    });
    expect(r.clock).to.include({ stopped: true, day: 80, stoppedOn: '2026-11-02' });
  });

  it('…or on a linked resource (a Task of the referral); a completed referral with a stop says the stop', () => {
    const [sr, task] = referral({ slug: 'rtt', state: 'BOOKED', daysAgo: 60 }, { now, patientId: 'p' }) as [ServiceRequest, Task];
    const done: ServiceRequest = { ...sr, status: 'completed' };
    const [r] = build([done, { ...task, status: 'completed', businessStatus: undefined, extension: [rttStatus('34', '2026-11-10')] }]);
    expect(r.clockView.kind).to.equal('stopped');
    expect(r.clockView.statusText).to.equal('Clock stopped 10-Nov-2026: RTT status 34, decision not to treat: RTT period ended');
  });

  it('codes 90, 91, 92, 98: not on an RTT clock; 10/11/12 start a period; 20, 21, 99 leave it running; the latest dated status counts', () => {
    const base = a041Referral('000000087002', { authoredDaysAgo: 100 }, now);
    const [notRtt] = build([{ ...base, extension: [rttStatus('98', '2026-10-01')] }]);
    expect(notRtt.clockText).to.equal('No RTT clock: RTT status 98, not applicable to RTT');
    const [restart] = build([{ ...base, extension: [rttStatus('30', '2026-09-01'), rttStatus('11', '2026-10-01')] }]);
    expect(restart.clockView).to.include({
      kind: 'running',
      basis: 'rtt-status',
      startText: 'from the start of the RTT period, 01-Oct-2026',
    });
    const [running] = build([{ ...base, extension: [rttStatus('20', '2026-10-01')] }]);
    expect(running.clockView).to.include({ kind: 'running', statusText: 'RTT status 20, subsequent activity: RTT period continues' });
    const [odd] = build([{ ...base, extension: [rttStatus('77', '2026-10-01')] }]);
    expect(odd.clockView.statusText).to.equal('RTT status 77, not a national code');
    expect(Object.keys(RTT_PERIOD_STATUSES)).to.have.members([
      '10',
      '11',
      '12',
      '20',
      '21',
      '30',
      '31',
      '32',
      '33',
      '34',
      '35',
      '36',
      '90',
      '91',
      '92',
      '98',
      '99',
    ]);
  });

  it('a stop with no date is said, not counted', () => {
    const [r] = build([{ ...a041Referral('000000087003', { authoredDaysAgo: 30 }, now), extension: [rttStatus('31')] }]);
    expect(r.clockView.statusText).to.equal(
      'Clock stopped (date not recorded): RTT status 31, active monitoring started at the patient’s request: RTT period ended',
    );
    expect(r.clock.state).to.equal('unknown');
  });
});

describe('clock rules: the 28-day Faster Diagnosis Standard', () => {
  const twoWeekWait = (extension: Record<string, unknown>[] = []) =>
    ersReferral({ ubrn: '000000088000', state: 'BOOKED', priority: 'TWO_WEEK_WAIT', pathwayStartDaysAgo: 12, extension }, now);

  it('no cancer waiting-times source: "28-day FDS: outcome not available", and the RTT clock', () => {
    const [r] = build([twoWeekWait()]);
    expect(r.fds?.text).to.equal('28-day FDS: outcome not available');
    expect(r.clockText).to.equal('Day 12 of 126 (1w 5d of 18 weeks)');
  });

  it('with a source: the FDS clock, and the outcome when it has been communicated', () => {
    const [running] = build([twoWeekWait([cancerWaitingTimes({})])]);
    expect(running.fds?.text).to.equal('28-day FDS: Day 12 of 28 (1w 5d of 4 weeks), on track');
    const [told] = build([twoWeekWait([cancerWaitingTimes({ outcomeDate: '2026-11-20', outcome: 'cancer ruled out' })])]);
    expect(told.fds?.text).to.equal(
      '28-day FDS: outcome communicated 20-Nov-2026, Day 10 of 28 (1w 3d of 4 weeks), within 28 days (cancer ruled out)',
    );
  });

  it('no FDS line for referrals that are not urgent suspected cancer, unless a source gives one', () => {
    const [routine] = build([ersReferral({ ubrn: '000000088001', state: 'BOOKED', pathwayStartDaysAgo: 12 }, now)]);
    expect(routine.fds).to.equal(undefined);
    const [breast] = build([
      ersReferral({ ubrn: '000000088002', state: 'BOOKED', pathwayStartDaysAgo: 40, extension: [cancerWaitingTimes({})] }, now),
    ]);
    expect(breast.fds?.text).to.equal('28-day FDS: Day 40 of 28 (5w 5d of 4 weeks), breached');
  });
});
