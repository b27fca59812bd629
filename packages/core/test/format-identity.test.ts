import { expect } from '@open-wc/testing';
import type { HumanName } from 'fhir/r4.js';
import { formatNhsNumber, validateNhsNumber, nhsNumberCheckDigit, formatName, formatGender, notKnown } from '../src/format/index.js';
import { registerLocale } from '../src/i18n/index.js';

describe('format: NHS number', () => {
  it('computes the modulus 11 check digit', () => {
    expect(nhsNumberCheckDigit('943476591')).to.equal(9);
    expect(nhsNumberCheckDigit('401023213')).to.equal(7); // 401 023 2137
    expect(nhsNumberCheckDigit('000000001')).to.equal(9); // 11 - 2 = 9
    expect(nhsNumberCheckDigit('000000000')).to.equal(0); // 11 -> 0
    expect(nhsNumberCheckDigit('000000006')).to.equal(undefined); // 11 - 1 = 10 -> invalid
    expect(nhsNumberCheckDigit('94347659')).to.equal(undefined);
    expect(nhsNumberCheckDigit('9434765919')).to.equal(undefined);
    expect(nhsNumberCheckDigit('94347659x')).to.equal(undefined);
    expect(nhsNumberCheckDigit(943476591 as unknown as string)).to.equal(undefined);
    expect(nhsNumberCheckDigit(undefined as unknown as string)).to.equal(undefined);
  });
  it('validates', () => {
    expect(validateNhsNumber('9434765919')).to.equal('valid');
    expect(validateNhsNumber('943 476 5919')).to.equal('valid');
    expect(validateNhsNumber(' 943-476-5919 ')).to.equal('valid');
    expect(validateNhsNumber('4010232137')).to.equal('valid');
    expect(validateNhsNumber('9434765918')).to.equal('invalid-check-digit');
    expect(validateNhsNumber('0000000060')).to.equal('invalid-check-digit'); // check digit would be 10
    expect(validateNhsNumber('0000000000')).to.equal('invalid-format');
    expect(validateNhsNumber('1111111111')).to.equal('invalid-format');
    expect(validateNhsNumber('9999999999')).to.equal('invalid-format');
    expect(validateNhsNumber('943476591')).to.equal('invalid-format');
    expect(validateNhsNumber('94347659190')).to.equal('invalid-format');
    expect(validateNhsNumber('943476591X')).to.equal('invalid-format');
    expect(validateNhsNumber('943.476.5919')).to.equal('invalid-format');
    expect(validateNhsNumber(9434765919)).to.equal('invalid-format');
    expect(validateNhsNumber({})).to.equal('invalid-format');
    expect(validateNhsNumber(undefined)).to.equal('missing');
    expect(validateNhsNumber(null)).to.equal('missing');
    expect(validateNhsNumber('')).to.equal('missing');
    expect(validateNhsNumber('  - ')).to.equal('missing');
  });
  it('formats 3 3 4', () => {
    expect(formatNhsNumber('9434765919')).to.equal('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).to.equal('943 476 5919');
    expect(formatNhsNumber(' 943 4765 919 ')).to.equal('943 476 5919');
    expect(formatNhsNumber('9434765918')).to.equal('943 476 5918'); // formatting does not validate
  });
  it('returns other strings trimmed, and Not known for empty or non-strings', () => {
    expect(formatNhsNumber(' 12345 ')).to.equal('12345');
    expect(formatNhsNumber('A123456')).to.equal('A123456');
    expect(formatNhsNumber('')).to.equal('Not known');
    expect(formatNhsNumber('   ')).to.equal('Not known');
    expect(formatNhsNumber('undefined')).to.equal('Not known');
    expect(formatNhsNumber('null')).to.equal('Not known');
    expect(formatNhsNumber(' NaN ')).to.equal('Not known');
    expect(formatNhsNumber('[object Object]')).to.equal('Not known');
    expect(formatNhsNumber('Invalid Date')).to.equal('Not known');
    expect(formatNhsNumber(9434765919)).to.equal('Not known');
    expect(formatNhsNumber(undefined)).to.equal('Not known');
    expect(formatNhsNumber(['9434765919'])).to.equal('Not known');
  });
});

describe('format: formatName', () => {
  const now = { now: new Date('2024-03-12T12:00:00Z') };
  it('formats FAMILY, Given Middle (Title)', () => {
    expect(formatName({ family: 'Smith', given: ['Jane', 'Mary'], prefix: ['Mrs'] })).to.equal('SMITH, Jane Mary (Mrs)');
    expect(formatName({ family: 'Smith', given: ['Jane'] })).to.equal('SMITH, Jane');
    expect(formatName({ family: "O'Brien-Núñez", given: ['Seán'] })).to.equal("O'BRIEN-NÚÑEZ, Seán");
    expect(formatName({ family: 'Smith', prefix: ['Dr', 'Prof'] })).to.equal('SMITH (Dr Prof)');
    expect(formatName({ given: ['Jane'], prefix: ['Ms'] })).to.equal('Jane (Ms)');
  });
  it('handles family only, given only, text and nothing', () => {
    expect(formatName({ family: 'Smith' })).to.equal('SMITH');
    expect(formatName({ given: ['Jane'] })).to.equal('Jane');
    expect(formatName({ text: 'Jane Smith' })).to.equal('Jane Smith');
    expect(formatName({ text: '  Jane   Smith ', prefix: ['Mrs'] })).to.equal('Jane Smith');
    expect(formatName({ prefix: ['Mrs'] })).to.equal('Not known');
    expect(formatName({})).to.equal('Not known');
    expect(formatName([])).to.equal('Not known');
    expect(formatName(undefined)).to.equal('Not known');
    expect(formatName('Jane Smith')).to.equal('Not known');
  });
  it('tidies white space and ignores non-string parts', () => {
    expect(formatName({ family: '  Smith  ', given: ['  Jane ', '', null, 42, {}, ' Mary\tAnn '] })).to.equal('SMITH, Jane Mary Ann');
    expect(formatName({ family: 'Smith', given: 'Jane' })).to.equal('SMITH, Jane');
    expect(formatName({ family: ['van', 'Dyke'], given: ['Dick'] })).to.equal('VAN DYKE, Dick');
    expect(formatName({ family: {}, given: [{}], text: 'Shown Text' })).to.equal('Shown Text');
    expect(formatName({ family: '', given: [], text: 5 })).to.equal('Not known');
  });
  it('chooses usual, then official, then the first current name', () => {
    const names: HumanName[] = [
      { use: 'nickname', given: ['Jo'] },
      { use: 'official', family: 'Smith', given: ['Joanna'] },
      { use: 'usual', family: 'Smith', given: ['Jo'] },
    ];
    expect(formatName(names, now)).to.equal('SMITH, Jo');
    expect(formatName(names.slice(0, 2), now)).to.equal('SMITH, Joanna');
    expect(formatName(names.slice(0, 1), now)).to.equal('Jo');
    expect(formatName([{ given: ['A'] }, { given: ['B'] }], now)).to.equal('A');
  });
  it('skips old and ended names unless nothing else is usable', () => {
    const names: HumanName[] = [
      { use: 'usual', family: 'Brown', given: ['Jane'], period: { end: '2020-01-01' } },
      { use: 'old', family: 'Jones', given: ['Jane'] },
      { use: 'official', family: 'Smith', given: ['Jane'], period: { start: '2020-01-01' } },
    ];
    expect(formatName(names, now)).to.equal('SMITH, Jane');
    expect(formatName([names[1], { family: 'White', period: { end: '2024-03-12T11:00:00Z' } }], now)).to.equal('JONES, Jane');
    expect(formatName([{ family: 'Ended', period: { end: '2023' } }, { family: 'Current' }], now)).to.equal('CURRENT');
    expect(formatName([{ family: 'Ended', period: { end: '2024-02' } }, { family: 'Current' }], now)).to.equal('CURRENT');
    expect(formatName([{ use: 'usual', family: 'Still', period: { end: '2024-03' } }, { family: 'Other' }], now)).to.equal('STILL');
    expect(formatName([{ use: 'usual', family: 'Still', period: { end: '2024' } }, { family: 'Other' }], now)).to.equal('STILL');
    expect(formatName([{ use: 'usual', family: 'Today', period: { end: '2024-03-12' } }, { family: 'Other' }], now)).to.equal('TODAY');
    expect(formatName([{ use: 'usual', family: 'Later', period: { end: '2024-03-12T13:00:00Z' } }, { family: 'O' }], now)).to.equal(
      'LATER',
    );
    expect(formatName([{ use: 'usual', family: 'Bad', period: { end: 'soon' } }, { family: 'O' }], now)).to.equal('BAD');
    expect(formatName([{ use: 'usual', family: 'Odd', period: 'x' }, { family: 'O' }], now)).to.equal('ODD');
    expect(formatName([{ use: 'old', family: 'Only' }], now)).to.equal('ONLY');
  });
  it('skips empty preferred names and garbage entries', () => {
    expect(formatName([null, 5, 'x', [], { use: 'usual' }, { use: 'official', family: 'Smith' }], now)).to.equal('SMITH');
    expect(
      formatName(
        [
          { use: 'constructor', family: 'Proto' },
          { use: '__proto__', family: 'X' },
        ],
        now,
      ),
    ).to.equal('PROTO');
    expect(formatName([{ use: { toString: () => 'usual' }, family: 'Obj' }], now)).to.equal('OBJ');
  });
});

describe('format: formatGender and notKnown', () => {
  it('maps administrative gender', () => {
    expect(formatGender('male')).to.equal('Male');
    expect(formatGender('female')).to.equal('Female');
    expect(formatGender('other')).to.equal('Other');
    expect(formatGender('unknown')).to.equal('Not known');
    expect(formatGender(' Female ')).to.equal('Female');
    expect(formatGender('MALE')).to.equal('Male');
    expect(formatGender('m')).to.equal('Not known');
    expect(formatGender(undefined)).to.equal('Not known');
    expect(formatGender(1)).to.equal('Not known');
  });
  it('translates', () => {
    registerLocale('cy', { genderMale: 'Gwryw', notKnown: 'Anhysbys' });
    expect(formatGender('male', { lang: 'cy' })).to.equal('Gwryw');
    expect(formatGender('nonsense', { lang: 'cy' })).to.equal('Anhysbys');
    expect(notKnown()).to.equal('Not known');
    expect(notKnown('cy')).to.equal('Anhysbys');
    expect(notKnown('')).to.equal('Not known');
    expect(notKnown(5 as unknown as string)).to.equal('Not known');
  });
});
