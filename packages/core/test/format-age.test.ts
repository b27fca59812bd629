import { expect } from '@open-wc/testing';
import { formatAge, ageInYears, formatRelative } from '../src/format/index.js';

const at = (iso: string) => ({ now: new Date(iso) });

describe('format: formatAge', () => {
  const now = at('2024-03-12T12:00:00Z');
  const cases: [string, string][] = [
    ['2024-03-12T07:00:00Z', '5h'],
    ['2024-03-12T11:59:00Z', '0h'],
    ['2024-03-11T12:30:00Z', '23h'],
    ['2024-03-11T11:00:00Z', '1d'],
    ['2024-03-12', '0d'],
    ['2024-03-11', '1d'],
    ['2024-02-26', '15d'],
    ['2024-02-14', '27d'],
    ['2024-02-13', '4w'],
    ['2023-12-15', '12w 4d'],
    ['2023-03-13', '52w 1d'],
    ['2023-03-12', '12m'],
    ['2022-12-09', '15m 3d'],
    ['2022-12-12', '15m'],
    ['2022-03-13', '23m 28d'],
    ['2022-03-12', '2y'],
    ['2011-12-12', '12y 3m'],
    ['2012-03-12', '12y'],
    ['2006-03-13', '17y 11m'],
    ['2006-03-12', '18y'],
    ['1979-03-12', '45y'],
    ['1979-03-13', '44y'],
    ['1900-01-01', '124y'],
  ];
  for (const [birth, expected] of cases) {
    it(`${birth} on 12-Mar-2024 12:00 is ${expected}`, () => {
      expect(formatAge(birth, now)).to.equal(expected);
    });
  }
  it('is Not known for future, partial or unusable birth dates', () => {
    expect(formatAge('2024-03-13', now)).to.equal('Not known');
    expect(formatAge('2024-03-12T12:30:00Z', now)).to.equal('Not known');
    expect(formatAge('1980', now)).to.equal('Not known');
    expect(formatAge('1980-05', now)).to.equal('Not known');
    expect(formatAge('12/03/1980', now)).to.equal('Not known');
    expect(formatAge(undefined, now)).to.equal('Not known');
    expect(formatAge(new Date(NaN), now)).to.equal('Not known');
  });
  it('accepts a Date birth date and defaults now to the clock', () => {
    expect(formatAge(new Date('1979-03-12T10:00:00Z'), now)).to.equal('45y');
    expect(formatAge(new Date(Date.now() - 3 * 3_600_000))).to.equal('3h');
    expect(formatAge('1979-03-12', { now: new Date(NaN) })).to.match(/^\d+y$/);
  });
  it('counts a 29 February birthday on 1 March in non-leap years', () => {
    expect(formatAge('2020-02-29', at('2023-02-28T12:00:00Z'))).to.equal('2y 11m');
    expect(formatAge('2020-02-29', at('2023-03-01T12:00:00Z'))).to.equal('3y');
    expect(formatAge('2020-02-29', at('2024-02-28T12:00:00Z'))).to.equal('3y 11m');
    expect(formatAge('2020-02-29', at('2024-02-29T12:00:00Z'))).to.equal('4y');
    expect(formatAge('2024-02-29', at('2025-02-28T12:00:00Z'))).to.equal('52w 1d');
    expect(formatAge('2024-02-29', at('2025-03-01T12:00:00Z'))).to.equal('12m');
    expect(formatAge('2024-02-29', at('2024-03-29T12:00:00Z'))).to.equal('4w 1d');
  });
  it('does month-end arithmetic', () => {
    expect(formatAge('2023-01-31', at('2024-02-29T12:00:00Z'))).to.equal('12m 29d');
    expect(formatAge('2023-01-31', at('2024-03-01T12:00:00Z'))).to.equal('13m');
    expect(formatAge('2022-08-31', at('2024-02-29T12:00:00Z'))).to.equal('17m 29d');
    expect(formatAge('2022-08-31', at('2024-03-31T12:00:00Z'))).to.equal('19m');
    expect(formatAge('2022-12-31', at('2024-12-30T12:00:00Z'))).to.equal('23m 29d'); // 30-Nov anniversary falls on 1-Dec
    expect(formatAge('2022-12-31', at('2024-12-31T12:00:00Z'))).to.equal('2y');
  });
  it('uses the UK calendar day (BST) for day counts', () => {
    // 23:30 UTC on 12 June is 00:30 BST on 13 June.
    expect(formatAge('2024-06-12', at('2024-06-12T23:30:00Z'))).to.equal('1d');
    expect(formatAge('2024-06-12', { now: new Date('2024-06-12T23:30:00Z'), timeZone: 'UTC' })).to.equal('0d');
  });
  it('shows hours through the 25-hour day when the clocks go back', () => {
    // 00:10 BST and 23:50 GMT on Sunday 27 October 2024 are 24h40m apart.
    expect(formatAge('2024-10-26T23:10:00Z', at('2024-10-27T23:50:00Z'))).to.equal('24h');
    expect(formatAge('2024-10-26T23:10:00Z', at('2024-10-28T00:10:00Z'))).to.equal('1d');
  });
});

describe('format: ageInYears', () => {
  it('returns completed years', () => {
    const now = new Date('2024-03-12T12:00:00Z');
    expect(ageInYears('1979-03-12', now)).to.equal(45);
    expect(ageInYears('1979-03-13', now)).to.equal(44);
    expect(ageInYears('2024-03-12', now)).to.equal(0);
    expect(ageInYears('2020-02-29', new Date('2023-02-28T12:00:00Z'))).to.equal(2);
    expect(ageInYears('2020-02-29', new Date('2023-03-01T00:30:00Z'))).to.equal(3);
    expect(ageInYears('2020-02-29', new Date('2024-02-29T00:30:00Z'))).to.equal(4);
    expect(ageInYears(new Date('1979-03-12T00:00:00Z'), now)).to.equal(45);
    expect(ageInYears('2000-01-01')).to.be.a('number').and.to.be.at.least(24);
  });
  it('uses UK midnight for the birthday', () => {
    // 23:30 UTC on 11 June 2024 is already 12 June in the UK.
    expect(ageInYears('2000-06-12', new Date('2024-06-11T23:30:00Z'))).to.equal(24);
    expect(ageInYears('2000-06-12', new Date('2024-06-11T23:30:00Z'), { timeZone: 'UTC' })).to.equal(23);
  });
  it('is undefined for unusable input', () => {
    const now = new Date('2024-03-12T12:00:00Z');
    for (const v of [undefined, null, '', '1980', '1980-05', '2025-01-01', 'x', 1980, {}, [], new Date(NaN)]) {
      expect(ageInYears(v, now)).to.equal(undefined);
    }
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(ageInYears('1980-01-01', now, hostile)).to.equal(44);
    expect(ageInYears('1980-01-01', hostile as Date)).to.be.a('number');
  });
});

describe('format: formatRelative', () => {
  const now = at('2024-06-12T12:00:00Z'); // 13:00 BST
  const cases: [string, string][] = [
    ['2024-06-12T11:59:30Z', 'just now'],
    ['2024-06-12T12:00:30Z', 'just now'],
    ['2024-06-12T12:00:00Z', 'just now'],
    ['2024-06-12T11:59:00Z', '1 minute ago'],
    ['2024-06-12T11:55:00Z', '5 minutes ago'],
    ['2024-06-12T11:00:01Z', '59 minutes ago'],
    ['2024-06-12T11:00:00Z', '1 hour ago'],
    ['2024-06-12T09:00:00Z', '3 hours ago'],
    ['2024-06-11T12:00:01Z', '23 hours ago'],
    ['2024-06-11T10:00:00Z', 'yesterday'],
    ['2024-06-12', 'today'],
    ['2024-06-11', 'yesterday'],
    ['2024-06-07', '5 days ago'],
    ['2024-05-30', '13 days ago'],
    ['2024-05-29', '2 weeks ago'],
    ['2024-04-18', '7 weeks ago'],
    ['2024-04-17', '1 month ago'],
    ['2024-04-12', '2 months ago'],
    ['2022-06-13', '23 months ago'],
    ['2022-06-12', '2 years ago'],
    ['2014-01-01T00:00:00Z', '10 years ago'],
    ['2024-06-13', 'tomorrow'],
    ['2024-06-15', 'in 3 days'],
    ['2024-06-25', 'in 13 days'],
    ['2024-06-26', 'in the future'],
    ['2024-06-12T15:00:00Z', 'in the future'],
    ['2024-06-13T09:00:00Z', 'tomorrow'],
    ['2024-06-14T09:00:00Z', 'in 2 days'],
    ['2024', 'this year'],
    ['2023', '1 year ago'],
    ['2020', '4 years ago'],
    ['2025', 'in the future'],
    ['2024-06', 'this month'],
    ['2024-05', '1 month ago'],
    ['2023-06', '12 months ago'],
    ['2022-05', '2 years ago'],
    ['2024-07', 'in the future'],
  ];
  for (const [value, expected] of cases) {
    it(`${value} is "${expected}"`, () => {
      expect(formatRelative(value, now)).to.equal(expected);
    });
  }
  it('counts days on the UK calendar', () => {
    const early = at('2024-06-12T00:30:00Z'); // 01:30 BST
    expect(formatRelative('2024-06-11T22:30:00Z', early)).to.equal('2 hours ago');
    expect(formatRelative('2024-06-10T23:30:00Z', early)).to.equal('yesterday'); // 00:30 BST 11 June
    expect(formatRelative('2024-06-10T22:30:00Z', early)).to.equal('2 days ago'); // 23:30 BST 10 June
  });
  it('keeps counting hours through the 25-hour day', () => {
    expect(formatRelative('2024-10-26T23:10:00Z', at('2024-10-27T23:50:00Z'))).to.equal('24 hours ago');
  });
  it('accepts Dates, defaults now to the clock, and is Not known for garbage', () => {
    expect(formatRelative(new Date('2024-06-12T09:00:00Z'), now)).to.equal('3 hours ago');
    expect(formatRelative(new Date())).to.equal('just now');
    expect(formatRelative(new Date(Date.now() - 120_000), { now: 'yesterday' as unknown as Date })).to.equal('2 minutes ago');
    expect(formatRelative('yesterday', now)).to.equal('Not known');
    expect(formatRelative(undefined, now)).to.equal('Not known');
    expect(formatRelative(new Date(NaN), now)).to.equal('Not known');
  });
});
