import { expect } from '@open-wc/testing';
import * as format from '../src/format/index.js';

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile get');
    },
    has() {
      throw new Error('hostile has');
    },
    ownKeys() {
      throw new Error('hostile keys');
    },
  },
);
const poisoned = {
  toString() {
    throw new Error('toString');
  },
  valueOf() {
    throw new Error('valueOf');
  },
};
const getterBomb = {
  get family(): string {
    throw new Error('family');
  },
  get text(): string {
    throw new Error('text');
  },
  get value(): number {
    throw new Error('value');
  },
  get start(): string {
    throw new Error('start');
  },
};

const hostileValues: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['0', 0],
  ['-1', -1],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['true', true],
  ['bigint', 12345678901234567890n],
  ['symbol', Symbol('x')],
  ['function', () => 1],
  ['empty string', ''],
  ['spaces', '   '],
  ["'undefined'", 'undefined'],
  ["'null'", 'null'],
  ["'NaN'", 'NaN'],
  ["'[object Object]'", '[object Object]'],
  ["'Invalid Date'", 'Invalid Date'],
  ['html', '<img src=x onerror=alert(1)>'],
  ['long string', 'x'.repeat(10000)],
  ['bad date', '2024-02-30'],
  ['{}', {}],
  ['[]', []],
  ['[null]', [null]],
  ['[{}]', [{}]],
  ['Object.create(null)', Object.create(null)],
  ['Invalid Date object', new Date(NaN)],
  ['huge Date', new Date(8.64e15)],
  ['proxied Date (getTime throws)', new Proxy(new Date(), {})],
  ['throwing proxy', throwing],
  ['poisoned toString', poisoned],
  ['getter bomb', getterBomb],
  ['nested garbage', { value: NaN, given: [null, 1, {}], family: {}, coding: [{ display: {} }], start: {}, end: [] }],
];

const hostileOptions: [string, unknown][] = [
  ['no options', undefined],
  ['null options', null],
  ['number options', 5],
  ['garbage fields', { lang: 5, now: 'yesterday', timeZone: 'Mars/Olympus_Mons' }],
  ['invalid now', { now: new Date(NaN), timeZone: '' }],
  ['throwing proxy options', throwing],
];

type Fn = (value: unknown, options?: never) => unknown;
const formatters: Record<string, Fn> = {
  formatDate: format.formatDate,
  formatDateLong: format.formatDateLong,
  formatTime: format.formatTime,
  formatDateTime: format.formatDateTime,
  formatAge: format.formatAge,
  formatRelative: format.formatRelative,
  formatNhsNumber: format.formatNhsNumber,
  formatName: format.formatName,
  formatCodeableConcept: format.formatCodeableConcept,
  formatCoding: format.formatCoding,
  formatQuantity: format.formatQuantity,
  formatNumber: format.formatNumber,
  formatPeriod: format.formatPeriod,
  formatGender: format.formatGender,
  notKnown: format.notKnown as Fn,
};

const FORBIDDEN = /undefined|null|NaN|\[object|Invalid Date/;

describe('format: hostile input never throws and never leaks junk', () => {
  for (const [fnName, fn] of Object.entries(formatters)) {
    it(`${fnName} returns a clean non-empty string for every hostile input`, () => {
      for (const [valueName, value] of hostileValues) {
        for (const [optionsName, options] of hostileOptions) {
          let out: unknown;
          expect(() => {
            out = fn(value, options as never);
          }, `${fnName}(${valueName}, ${optionsName})`).not.to.throw();
          expect(out, `${fnName}(${valueName}, ${optionsName})`).to.be.a('string');
          const s = out as string;
          expect(s.trim(), `${fnName}(${valueName}, ${optionsName})`).not.to.equal('');
          // formatNhsNumber echoes other strings trimmed by design; only check the rest.
          if (!(fnName === 'formatNhsNumber' && typeof value === 'string')) {
            expect(s, `${fnName}(${valueName}, ${optionsName})`).not.to.match(FORBIDDEN);
          }
        }
      }
    });
  }
  it('the non-string helpers return their documented empties', () => {
    for (const [, value] of hostileValues) {
      expect(() => format.parseFhirDate(value)).not.to.throw();
      expect(format.parseFhirDate(value)).to.equal(undefined);
      expect(format.ageInYears(value, throwing as Date)).to.equal(undefined);
      expect(format.nhsNumberCheckDigit(value as string)).to.equal(undefined);
      expect(['missing', 'invalid-format']).to.include(format.validateNhsNumber(value));
    }
  });
  it('formatNhsNumber echoes junk-free strings only', () => {
    expect(format.formatNhsNumber('<img src=x onerror=alert(1)>')).to.equal('<img src=x onerror=alert(1)>');
    expect(format.formatNhsNumber('undefined')).to.equal('Not known');
  });
});

describe('plainText and plainMultilineText (untrusted free text)', () => {
  it('removes bidi overrides, isolates, marks and invisible characters so one value cannot read as another', () => {
    expect(format.plainText('\u202E9194 567 346\u202C')).to.equal('9194 567 346');
    expect(format.plainText('Allergy: \u2066None\u2069\u2067 Penicillin\u2069')).to.equal('Allergy: None Penicillin');
    expect(format.plainText('Pen\u200Bicil\u00ADlin\uFEFF')).to.equal('Penicillin');
    expect(format.plainText('a\u0000b\u0007c\u009Fd')).to.equal('abcd');
    expect(format.plainText('\u200F\u200E\u061Cmarks')).to.equal('marks');
  });

  it('keeps ZWJ emoji and ZWNJ, and collapses whitespace including line separators', () => {
    expect(format.plainText('👩\u200D⚕️ nurse')).to.equal('👩\u200D⚕️ nurse');
    expect(format.plainText('  a\u2028b\u2029 c\n\td  ')).to.equal('a b c d');
  });

  it('plainMultilineText keeps line breaks (at most a blank line) and cleans the rest', () => {
    expect(format.plainMultilineText('Line 1\r\nLine 2\u2028\n\n\n\nLine\u202E 3  ')).to.equal('Line 1\nLine 2\n\nLine 3');
    expect(format.plainMultilineText(42)).to.equal('');
  });

  it('formatters built on it strip the same characters', () => {
    expect(format.formatCodeableConcept({ text: 'Metformin\u202E gm005' })).to.equal('Metformin gm005');
  });
});
