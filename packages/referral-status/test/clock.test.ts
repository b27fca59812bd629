import { expect } from '@open-wc/testing';
import {
  waitingClock,
  standardFor,
  atRiskFractionOf,
  ukDayNumber,
  RTT_18_WEEKS,
  CANCER_FDS_28_DAYS,
  type WaitingClock,
  type ClockStandard,
} from '../src/index.js';

type Known = Exclude<WaitingClock, { state: 'unknown' }>;
function known(c: WaitingClock): Known {
  if (c.state === 'unknown') throw new Error(`expected a known clock, got ${c.reason}`);
  return c;
}
const now = (iso: string) => new Date(iso);

describe('clock: standards', () => {
  it('defines RTT 18 weeks and FDS 28 days', () => {
    expect(RTT_18_WEEKS).to.include({ id: 'rtt-18-weeks', days: 126, label: 'Referral to treatment, 18 weeks' });
    expect(CANCER_FDS_28_DAYS).to.include({ id: 'cancer-fds-28-days', days: 28, label: 'Faster Diagnosis Standard, 28 days' });
  });
  it('two week wait uses FDS; everything else RTT', () => {
    expect(standardFor('two-week-wait')).to.equal(CANCER_FDS_28_DAYS);
    expect(standardFor('TWO_WEEK_WAIT')).to.equal(CANCER_FDS_28_DAYS);
    expect(standardFor('routine')).to.equal(RTT_18_WEEKS);
    expect(standardFor('urgent')).to.equal(RTT_18_WEEKS);
    expect(standardFor(undefined)).to.equal(RTT_18_WEEKS);
    expect(standardFor(42)).to.equal(RTT_18_WEEKS);
  });
  it('standards are configurable, and invalid overrides are ignored', () => {
    const custom: ClockStandard = { id: 'cancer-62-days', label: '62-day standard', days: 62 };
    expect(standardFor('two-week-wait', { cancer: custom })).to.equal(custom);
    expect(standardFor('routine', { rtt: { id: 'x', label: 'x', days: 0 } })).to.equal(RTT_18_WEEKS);
  });
});

describe('clock: day counting', () => {
  it('the referral date is day 0', () => {
    const c = known(waitingClock({ referred: '2024-03-12', now: now('2024-03-12T15:00:00Z') }));
    expect(c.day).to.equal(0);
    expect(c.label).to.equal('Day 0 of 126');
    expect(c.state).to.equal('on-track');
  });
  it('"Day 97 of 126" with the long label', () => {
    // 2024-01-01 + 97 days = 2024-04-07
    const c = known(waitingClock({ referred: '2024-01-01', now: now('2024-04-07T10:00:00Z') }));
    expect(c.day).to.equal(97);
    expect(c.of).to.equal(126);
    expect(c.label).to.equal('Day 97 of 126');
    expect(c.longLabel).to.equal('Day 97 of 126 (18-week referral to treatment standard); on track');
    expect(c.stopped).to.equal(false);
    expect(c.stoppedOn).to.equal(undefined);
  });
  it('counts calendar days, not 24-hour blocks', () => {
    // 23:50 to 00:10 the next day (winter, UK = UTC) is 1 day
    const c = known(waitingClock({ referred: '2024-01-10T23:50:00Z', now: now('2024-01-11T00:10:00Z') }));
    expect(c.day).to.equal(1);
    // 00:10 to 23:50 the same day is 0 days
    expect(known(waitingClock({ referred: '2024-01-10T00:10:00Z', now: now('2024-01-10T23:50:00Z') })).day).to.equal(0);
  });
  it('accepts Date objects as well as FHIR strings', () => {
    const c = known(waitingClock({ referred: new Date('2024-01-01T12:00:00Z'), now: now('2024-01-31T12:00:00Z') }));
    expect(c.day).to.equal(30);
  });
  it('date-only and dateTime inputs agree on the same UK date', () => {
    const a = known(waitingClock({ referred: '2024-07-01', now: now('2024-07-11T09:00:00+01:00') }));
    const b = known(waitingClock({ referred: '2024-07-01T08:00:00+01:00', now: now('2024-07-11T09:00:00+01:00') }));
    const c = known(waitingClock({ referred: '2024-06-30T23:30:00Z', now: now('2024-07-11T09:00:00+01:00') }));
    expect([a.day, b.day, c.day]).to.deep.equal([10, 10, 10]);
  });
});

describe('clock: BST and time-zone boundaries', () => {
  it('2024-03-30T23:30:00Z is 30 March in the UK (GMT, before the clocks change)', () => {
    expect(ukDayNumber('2024-03-30T23:30:00Z')).to.equal(ukDayNumber('2024-03-30'));
  });
  it('2024-06-30T23:30:00Z is 1 July in the UK (BST)', () => {
    expect(ukDayNumber('2024-06-30T23:30:00Z')).to.equal(ukDayNumber('2024-07-01'));
    const c = known(waitingClock({ referred: '2024-06-30T23:30:00Z', now: now('2024-07-01T12:00:00Z') }));
    expect(c.day).to.equal(0);
  });
  it('a now just after midnight BST is already the next UK day', () => {
    // 2024-07-01T23:05:00Z is 00:05 on 2 July BST
    const c = known(waitingClock({ referred: '2024-07-01', now: now('2024-07-01T23:05:00Z') }));
    expect(c.day).to.equal(1);
    // and just before midnight BST is still 1 July
    expect(known(waitingClock({ referred: '2024-07-01', now: now('2024-07-01T22:55:00Z') })).day).to.equal(0);
  });
  it('an interval across the spring and autumn clock changes counts whole days', () => {
    expect(known(waitingClock({ referred: '2024-03-30', now: now('2024-04-01T00:30:00+01:00') })).day).to.equal(2);
    expect(known(waitingClock({ referred: '2024-10-26', now: now('2024-10-28T00:30:00Z') })).day).to.equal(2);
  });
  it('honours an offset other than Z', () => {
    // 2024-01-01T01:00:00+05:00 is 31 Dec 2023 20:00 UK
    expect(ukDayNumber('2024-01-01T01:00:00+05:00')).to.equal(ukDayNumber('2023-12-31'));
  });
});

describe('clock: leap years', () => {
  it('29 February 2024 in the interval counts as a day', () => {
    expect(known(waitingClock({ referred: '2024-02-28', now: now('2024-03-01T12:00:00Z') })).day).to.equal(2);
    expect(known(waitingClock({ referred: '2023-02-28', now: now('2023-03-01T12:00:00Z') })).day).to.equal(1);
  });
  it('a referral on 29 February 2024', () => {
    const c = known(waitingClock({ referred: '2024-02-29', now: now('2024-07-04T12:00:00+01:00') }));
    // Mar 31 + Apr 30 + May 31 + Jun 30 + 4 = 126
    expect(c.day).to.equal(126);
    expect(c.state).to.equal('at-risk');
    expect(known(waitingClock({ referred: '2024-02-29', now: now('2025-02-28T12:00:00Z') })).day).to.equal(365);
  });
  it('refuses 29 February in a non-leap year', () => {
    expect(waitingClock({ referred: '2023-02-29', now: now('2024-01-01T00:00:00Z') })).to.deep.equal({
      state: 'unknown',
      reason: 'invalid-referral-date',
    });
  });
});

describe('clock: states and boundaries', () => {
  const at = (day: number, extra: Partial<Parameters<typeof waitingClock>[0]> = {}) =>
    known(waitingClock({ referred: '2024-01-01', now: new Date(Date.UTC(2024, 0, 1 + day, 12)), ...extra }));
  it('RTT: on track to day 100, at risk from day 101 (ceil 0.8 × 126), breached from day 127', () => {
    expect(at(100).state).to.equal('on-track');
    expect(at(101).state).to.equal('at-risk');
    expect(at(101).atRiskFrom).to.equal(101);
    expect(at(126).state).to.equal('at-risk');
    expect(at(127).state).to.equal('breached');
    expect(at(127).label).to.equal('Day 127 of 126');
    expect(at(127).longLabel).to.equal('Day 127 of 126 (18-week referral to treatment standard); breached');
  });
  it('FDS 28 days for two week wait: at risk from day 23, breached from day 29', () => {
    expect(at(22, { priority: 'two-week-wait' }).state).to.equal('on-track');
    expect(at(23, { priority: 'two-week-wait' }).state).to.equal('at-risk');
    expect(at(28, { priority: 'two-week-wait' }).state).to.equal('at-risk');
    const c = at(29, { priority: 'two-week-wait' });
    expect(c.state).to.equal('breached');
    expect(c.standard).to.equal(CANCER_FDS_28_DAYS);
    expect(c.longLabel).to.equal('Day 29 of 28 (28-day Faster Diagnosis Standard); breached');
  });
  it('the at-risk threshold is configurable', () => {
    expect(at(62, { atRiskFraction: 0.5 }).state).to.equal('on-track');
    expect(at(63, { atRiskFraction: 0.5 }).state).to.equal('at-risk');
    expect(at(113, { atRiskFraction: 0.9 }).state).to.equal('on-track');
    expect(at(114, { atRiskFraction: 0.9 }).state).to.equal('at-risk');
    expect(at(125, { atRiskFraction: 1 }).state).to.equal('on-track');
    expect(at(126, { atRiskFraction: 1 }).state).to.equal('at-risk');
  });
  it('rejects thresholds outside (0, 1] and uses the default 0.8', () => {
    for (const bad of [0, -0.5, 1.5, NaN, Infinity]) {
      expect(atRiskFractionOf(bad), String(bad)).to.equal(0.8);
      expect(at(101, { atRiskFraction: bad }).atRiskFrom).to.equal(101);
    }
    expect(atRiskFractionOf('0.5')).to.equal(0.8);
    expect(atRiskFractionOf(0.9)).to.equal(0.9);
  });
  it('an explicit standard overrides the priority', () => {
    const c = at(40, { priority: 'routine', standard: { id: 'custom', label: 'Custom, 31 days', days: 31 } });
    expect(c.of).to.equal(31);
    expect(c.state).to.equal('breached');
    expect(c.longLabel).to.equal('Day 40 of 31 (Custom, 31 days); breached');
  });
});

describe('clock: stopping', () => {
  it('counts up to the stop date and says so', () => {
    const c = known(waitingClock({ referred: '2024-01-01', stoppedAt: '2024-02-10T10:00:00Z', now: now('2024-12-01T12:00:00Z') }));
    expect(c.day).to.equal(40);
    expect(c.stopped).to.equal(true);
    expect(c.stoppedOn).to.equal('2024-02-10');
    expect(c.state).to.equal('on-track');
    expect(c.longLabel).to.equal('Day 40 of 126 (18-week referral to treatment standard); on track; clock stopped 10-Feb-2024');
  });
  it('a stop on the UK date after a late-evening UTC time (BST)', () => {
    const c = known(waitingClock({ referred: '2024-06-01', stoppedAt: '2024-06-30T23:30:00Z', now: now('2024-09-01T12:00:00Z') }));
    expect(c.stoppedOn).to.equal('2024-07-01');
    expect(c.day).to.equal(30);
  });
  it('a stopped clock can be breached', () => {
    const c = known(waitingClock({ referred: '2024-01-01', stoppedAt: '2024-06-01', now: now('2024-12-01T12:00:00Z') }));
    expect(c.state).to.equal('breached');
    expect(c.stopped).to.equal(true);
  });
  it('a stop on the referral date is day 0', () => {
    expect(known(waitingClock({ referred: '2024-01-01', stoppedAt: '2024-01-01', now: now('2024-03-01T00:00:00Z') })).day).to.equal(0);
  });
  it('a stop date after now has not happened yet: the clock runs', () => {
    const c = known(waitingClock({ referred: '2024-01-01', stoppedAt: '2024-05-01', now: now('2024-02-01T12:00:00Z') }));
    expect(c.stopped).to.equal(false);
    expect(c.day).to.equal(31);
  });
  it('a stop before the referral is unknown, not negative', () => {
    expect(waitingClock({ referred: '2024-03-01', stoppedAt: '2024-02-01', now: now('2024-04-01T00:00:00Z') })).to.deep.equal({
      state: 'unknown',
      reason: 'stop-before-referral',
    });
  });
  it('an unparseable stop date is unknown', () => {
    expect(waitingClock({ referred: '2024-03-01', stoppedAt: '01/04/2024', now: now('2024-04-01T00:00:00Z') })).to.deep.equal({
      state: 'unknown',
      reason: 'invalid-stop-date',
    });
  });
});

describe('clock: unknown', () => {
  const n = now('2024-06-01T12:00:00Z');
  it('missing referral date', () => {
    for (const referred of [undefined, '', '  ']) {
      expect(waitingClock({ referred, now: n })).to.deep.equal({ state: 'unknown', reason: 'missing-referral-date' });
    }
  });
  it('invalid referral dates (unparseable, no zone, partial, invalid Date)', () => {
    for (const referred of ['12/03/2024', '2024-13-01', '2024-03-12T10:00:00', '2024', '2024-03', new Date(NaN)]) {
      expect(waitingClock({ referred, now: n }), String(referred)).to.deep.equal({ state: 'unknown', reason: 'invalid-referral-date' });
    }
  });
  it('a referral date in the future gives no negative days', () => {
    expect(waitingClock({ referred: '2024-06-02', now: n })).to.deep.equal({ state: 'unknown', reason: 'referral-date-in-future' });
    expect(waitingClock({ referred: '2025-01-01T00:00:00Z', now: n })).to.deep.equal({
      state: 'unknown',
      reason: 'referral-date-in-future',
    });
  });
  it('a referral at 00:30 BST on 2 June is in the future at 23:59 BST on 1 June', () => {
    expect(waitingClock({ referred: '2024-06-01T23:30:00Z', now: now('2024-06-01T22:59:00Z') })).to.deep.equal({
      state: 'unknown',
      reason: 'referral-date-in-future',
    });
  });
  it('later the same UK day (clock skew) is day 0, not the future', () => {
    expect(known(waitingClock({ referred: '2024-06-01T15:00:00Z', now: n })).day).to.equal(0);
  });
  it('an invalid now', () => {
    expect(waitingClock({ referred: '2024-01-01', now: new Date(NaN) })).to.deep.equal({ state: 'unknown', reason: 'invalid-now' });
    expect(waitingClock(null as unknown as { now: Date })).to.deep.equal({ state: 'unknown', reason: 'invalid-now' });
  });
});
