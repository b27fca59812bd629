import { expect } from '@open-wc/testing';
import { registerLocale } from '../src/i18n/index.js';
import { parseFhirDate, formatDate, formatDateLong, formatTime, formatDateTime, formatPeriod, UK_TIME_ZONE } from '../src/format/index.js';
import { zonedParts } from '../src/format/date.js';

describe('format: parseFhirDate', () => {
  it('parses each FHIR precision', () => {
    expect(parseFhirDate('2019')).to.deep.equal({ date: new Date('2019-01-01T00:00:00Z'), precision: 'year' });
    expect(parseFhirDate('2019-03')).to.deep.equal({ date: new Date('2019-03-01T00:00:00Z'), precision: 'month' });
    expect(parseFhirDate('2019-03-12')).to.deep.equal({ date: new Date('2019-03-12T00:00:00Z'), precision: 'day' });
    expect(parseFhirDate('2024-03-12T14:05:00Z')).to.deep.equal({
      date: new Date('2024-03-12T14:05:00Z'),
      precision: 'time',
    });
  });
  it('applies offsets and fractional seconds (instant)', () => {
    expect(parseFhirDate('2024-03-12T14:05:00+01:00')?.date.toISOString()).to.equal('2024-03-12T13:05:00.000Z');
    expect(parseFhirDate('2024-03-12T14:05:00-05:30')?.date.toISOString()).to.equal('2024-03-12T19:35:00.000Z');
    expect(parseFhirDate('2024-03-12T14:05:00.123456789Z')?.date.toISOString()).to.equal('2024-03-12T14:05:00.123Z');
    expect(parseFhirDate('2024-03-12T14:05:00.5Z')?.date.toISOString()).to.equal('2024-03-12T14:05:00.500Z');
    expect(parseFhirDate('2024-03-12T14:05:00+14:00')?.precision).to.equal('time');
    expect(parseFhirDate('2016-12-31T23:59:60Z')?.date.toISOString()).to.equal('2017-01-01T00:00:00.000Z');
    expect(parseFhirDate(' 2024-03-12 ')?.precision).to.equal('day');
  });
  it('handles years before 100 without the Date.UTC two-digit trap', () => {
    expect(parseFhirDate('0099-01-01')?.date.getUTCFullYear()).to.equal(99);
    expect(formatDate('0099-01-01')).to.equal('01-Jan-0099');
  });
  it('accepts 29 February only in leap years', () => {
    expect(parseFhirDate('2024-02-29')?.precision).to.equal('day');
    expect(parseFhirDate('2000-02-29')?.precision).to.equal('day');
    expect(parseFhirDate('2023-02-29')).to.equal(undefined);
    expect(parseFhirDate('1900-02-29')).to.equal(undefined);
  });
  const bad = [
    '2024-13-01',
    '2024-00-10',
    '2024-02-30',
    '2024-04-31',
    '2024-01-00',
    '0000',
    '12/03/2024',
    '2024/03/12',
    '20240312',
    '24-03-12',
    '2024-3-12',
    '2024-03-12T14:05Z',
    '2024-03-12T14:05:00',
    '2024-03-12T24:00:00Z',
    '2024-03-12T14:60:00Z',
    '2024-03-12T14:05:61Z',
    '2024-03-12T14:05:00+15:00',
    '2024-03-12T14:05:00+14:30',
    '2024-03-12T14:05:00+01:60',
    '2024-03-12T14:05:00+0100',
    '2024-03-12 14:05:00Z',
    '2024-03-12T',
    'Mar 12 2024',
    '',
    'today',
  ];
  for (const value of bad) {
    it(`rejects ${JSON.stringify(value)}`, () => {
      expect(parseFhirDate(value)).to.equal(undefined);
      expect(formatDate(value)).to.equal('Not known');
    });
  }
  it('rejects non-strings', () => {
    for (const v of [undefined, null, 2024, new Date(), {}, [], ['2024']]) expect(parseFhirDate(v)).to.equal(undefined);
  });
});

describe('format: formatDate / formatDateLong', () => {
  it('formats dd-Mmm-yyyy and partial dates', () => {
    expect(formatDate('2024-03-12')).to.equal('12-Mar-2024');
    expect(formatDate('2024-03-05')).to.equal('05-Mar-2024');
    expect(formatDate('2019-03')).to.equal('Mar-2019');
    expect(formatDate('2019')).to.equal('2019');
    expect(formatDate('2024-02-29')).to.equal('29-Feb-2024');
  });
  it('uses every month abbreviation', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    months.forEach((m, i) => void expect(formatDate(`2024-${String(i + 1).padStart(2, '0')}-01`)).to.equal(`01-${m}-2024`));
    const long = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    long.forEach((m, i) => void expect(formatDateLong(`2024-${String(i + 1).padStart(2, '0')}`)).to.equal(`${m} 2024`));
  });
  it('formats the long form for assistive technology', () => {
    expect(formatDateLong('2024-03-12')).to.equal('12 March 2024');
    expect(formatDateLong('2024-03-05')).to.equal('5 March 2024');
    expect(formatDateLong('2019-03')).to.equal('March 2019');
    expect(formatDateLong('2019')).to.equal('2019');
    expect(formatDateLong('2024-03-30T23:30:00Z')).to.equal('30 March 2024');
    expect(formatDateLong(new Date('2024-06-30T23:30:00Z'))).to.equal('1 July 2024');
    expect(formatDateLong('nonsense')).to.equal('Not known');
  });
  it('converts instants to the UK calendar date across the BST boundaries', () => {
    // BST starts 01:00 UTC on Sunday 31 March 2024.
    expect(formatDate('2024-03-30T23:30:00Z')).to.equal('30-Mar-2024'); // still GMT
    expect(formatDate('2024-03-31T00:30:00Z')).to.equal('31-Mar-2024');
    expect(formatDate('2024-06-30T23:30:00Z')).to.equal('01-Jul-2024'); // 00:30 BST
    expect(formatDate('2024-06-30T23:30:00+00:00')).to.equal('01-Jul-2024');
    expect(formatDate('2024-07-01T00:30:00+02:00')).to.equal('30-Jun-2024'); // 23:30 BST
    // BST ends 01:00 UTC on Sunday 27 October 2024.
    expect(formatDate('2024-10-26T23:30:00Z')).to.equal('27-Oct-2024'); // 00:30 BST
    expect(formatDate('2024-10-27T23:30:00Z')).to.equal('27-Oct-2024'); // 23:30 GMT
    expect(formatDate('2024-12-31T23:30:00Z')).to.equal('31-Dec-2024');
    expect(formatDate('2024-12-31T23:30:00-05:00')).to.equal('01-Jan-2025');
  });
  it('accepts Date objects and refuses invalid or out-of-range ones', () => {
    expect(formatDate(new Date('2024-03-12T14:05:00Z'))).to.equal('12-Mar-2024');
    expect(formatDate(new Date(NaN))).to.equal('Not known');
    expect(formatDate(new Date(8.64e15))).to.equal('Not known');
    expect(formatDate(new Date(-8.64e15))).to.equal('Not known');
    expect(formatDate('0001-01-01T00:00:00Z')).to.equal('Not known');
  });
  it('does not shift date-only values whatever the display time zone', () => {
    expect(formatDate('2024-03-12', { timeZone: 'America/New_York' })).to.equal('12-Mar-2024');
    expect(formatDate('2024-03-12', { timeZone: 'Pacific/Kiritimati' })).to.equal('12-Mar-2024');
  });
  it('honours timeZone and falls back to UK time for an unknown zone', () => {
    expect(formatDate('2024-03-12T02:00:00Z', { timeZone: 'America/New_York' })).to.equal('11-Mar-2024');
    expect(formatDateTime('2024-06-12T12:00:00Z', { timeZone: 'Mars/Olympus_Mons' })).to.equal('12-Jun-2024 13:00');
    expect(formatDateTime('2024-06-12T12:00:00Z', { timeZone: UK_TIME_ZONE })).to.equal('12-Jun-2024 13:00');
    expect(formatDateTime('2024-06-12T12:00:00Z', { timeZone: 'UTC' })).to.equal('12-Jun-2024 12:00');
  });
  it('takes month names and patterns from the catalogue', () => {
    registerLocale('cy', { monthShortMar: 'Maw', monthLongMar: 'Mawrth', notKnown: 'Anhysbys' });
    expect(formatDate('2024-03-12', { lang: 'cy' })).to.equal('12-Maw-2024');
    expect(formatDateLong('2024-03-12', { lang: 'cy-GB' })).to.equal('12 Mawrth 2024');
    expect(formatDate('2024-04-12', { lang: 'cy' })).to.equal('12-Apr-2024');
    expect(formatDate('garbage', { lang: 'cy' })).to.equal('Anhysbys');
    expect(formatDate('2024-03-12', { lang: 'fr' })).to.equal('12-Mar-2024');
  });
});

describe('format: formatTime / formatDateTime', () => {
  it('formats 24-hour UK time', () => {
    expect(formatTime('2024-03-12T14:05:00Z')).to.equal('14:05');
    expect(formatTime('2024-06-12T14:05:00Z')).to.equal('15:05');
    expect(formatTime('2024-06-12T23:05:00Z')).to.equal('00:05');
    expect(formatTime('2024-01-12T00:00:00Z')).to.equal('00:00');
    expect(formatTime(new Date('2024-01-12T09:07:59Z'))).to.equal('09:07');
  });
  it('is Not known for values without a time', () => {
    expect(formatTime('2024-03-12')).to.equal('Not known');
    expect(formatTime('2024-03')).to.equal('Not known');
    expect(formatTime('2024')).to.equal('Not known');
    expect(formatTime('14:05')).to.equal('Not known');
    expect(formatTime(undefined)).to.equal('Not known');
  });
  it('handles the clock changes', () => {
    expect(formatDateTime('2024-03-31T00:59:00Z')).to.equal('31-Mar-2024 00:59');
    expect(formatDateTime('2024-03-31T01:00:00Z')).to.equal('31-Mar-2024 02:00');
    expect(formatDateTime('2024-10-27T00:30:00Z')).to.equal('27-Oct-2024 01:30'); // BST
    expect(formatDateTime('2024-10-27T01:30:00Z')).to.equal('27-Oct-2024 01:30'); // GMT
    expect(formatDateTime('2025-03-30T01:00:00Z')).to.equal('30-Mar-2025 02:00');
    expect(formatDateTime('2025-10-26T00:59:00Z')).to.equal('26-Oct-2025 01:59');
  });
  it('formats date and time, or just the date', () => {
    expect(formatDateTime('2024-03-12T14:05:00Z')).to.equal('12-Mar-2024 14:05');
    expect(formatDateTime('2024-03-12')).to.equal('12-Mar-2024');
    expect(formatDateTime('2024-03')).to.equal('Mar-2024');
    expect(formatDateTime('2024')).to.equal('2024');
    expect(formatDateTime(new Date('2024-03-12T14:05:00Z'))).to.equal('12-Mar-2024 14:05');
    expect(formatDateTime('12/03/2024 14:05')).to.equal('Not known');
  });
});

describe('format: formatPeriod', () => {
  it('formats ranges and open ends', () => {
    expect(formatPeriod({ start: '2024-03-12', end: '2024-03-14' })).to.equal('12-Mar-2024 to 14-Mar-2024');
    expect(formatPeriod({ start: '2024-03-12' })).to.equal('From 12-Mar-2024');
    expect(formatPeriod({ end: '2024-03-14' })).to.equal('Until 14-Mar-2024');
    expect(formatPeriod({ start: '2019', end: '2020-06' })).to.equal('2019 to Jun-2020');
    expect(formatPeriod({ start: '2024-06-30T23:30:00Z' })).to.equal('From 01-Jul-2024');
  });
  it('ignores unusable ends and is Not known with nothing usable', () => {
    expect(formatPeriod({ start: 'rubbish', end: '2024-03-14' })).to.equal('Until 14-Mar-2024');
    expect(formatPeriod({ start: '2024-03-12', end: 42 })).to.equal('From 12-Mar-2024');
    expect(formatPeriod({})).to.equal('Not known');
    expect(formatPeriod({ start: null, end: '2024-02-30' })).to.equal('Not known');
    expect(formatPeriod(undefined)).to.equal('Not known');
    expect(formatPeriod('2024-03-12')).to.equal('Not known');
    expect(formatPeriod([{ start: '2024-03-12' }])).to.equal('Not known');
  });
});

describe('zonedParts (cached offsets) agrees with Intl for every instant', () => {
  const reference = (epoch: number, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    const o: Record<string, number> = {};
    for (const p of f.formatToParts(epoch)) if (p.type !== 'literal') o[p.type] = Number(p.value);
    return [o.year, o.month, o.day, o.hour === 24 ? 0 : o.hour, o.minute].join('-');
  };
  const ours = (epoch: number, timeZone: string) => {
    const p = zonedParts(epoch, timeZone)!;
    return [p.y, p.mo, p.d, p.h, p.mi].join('-');
  };

  it('minute by minute across the BST transitions of 2024 and 2025 in Europe/London', () => {
    for (const start of [
      Date.UTC(2024, 2, 31, 0, 0),
      Date.UTC(2024, 9, 27, 0, 0),
      Date.UTC(2025, 2, 30, 0, 0),
      Date.UTC(2025, 9, 26, 0, 0),
    ]) {
      for (let m = 0; m < 180; m++) {
        const epoch = start + m * 60_000 + 17_000;
        expect(ours(epoch, 'Europe/London'), new Date(epoch).toISOString()).to.equal(reference(epoch, 'Europe/London'));
      }
    }
  });

  it('at 2,000 random instants from 1850 to 2100 in London, Kathmandu (+05:45), Lord Howe (30-minute DST) and New York', function () {
    this.timeout(120_000); // 8,000 Intl comparisons: seconds on a busy machine, not a measure of speed
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lo = Date.UTC(1850, 0, 1);
    const hi = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 2000; i++) {
      const epoch = Math.floor(lo + rand() * (hi - lo));
      for (const zone of ['Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/New_York']) {
        expect(ours(epoch, zone), `${zone} ${new Date(epoch).toISOString()}`).to.equal(reference(epoch, zone));
      }
    }
  });
});
