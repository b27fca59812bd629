import { expect } from '@open-wc/testing';
import { formatCodeableConcept, formatCoding, formatQuantity, formatNumber } from '../src/format/index.js';

const SCT = 'http://snomed.info/sct';

describe('format: formatCodeableConcept / formatCoding', () => {
  it('prefers text, then the first display, then the first code', () => {
    expect(
      formatCodeableConcept({ text: 'Type 2 diabetes', coding: [{ system: SCT, code: '44054006', display: 'Diabetes mellitus type 2' }] }),
    ).to.equal('Type 2 diabetes');
    expect(formatCodeableConcept({ coding: [{ system: SCT, code: '44054006', display: 'Diabetes mellitus type 2' }] })).to.equal(
      'Diabetes mellitus type 2',
    );
    expect(formatCodeableConcept({ coding: [{ code: '44054006' }, { code: 'x', display: 'Second display' }] })).to.equal('Second display');
    expect(formatCodeableConcept({ coding: [{ system: SCT, code: '44054006' }] })).to.equal('44054006');
    expect(formatCodeableConcept({ text: '  ', coding: [null, 'x', { display: ' ' }, { code: ' 73211009 ' }] })).to.equal('73211009');
  });
  it('is Not known with nothing usable', () => {
    expect(formatCodeableConcept({})).to.equal('Not known');
    expect(formatCodeableConcept({ coding: 'x' })).to.equal('Not known');
    expect(formatCodeableConcept({ coding: [{ system: SCT }] })).to.equal('Not known');
    expect(formatCodeableConcept({ text: 42 })).to.equal('Not known');
    expect(formatCodeableConcept('Diabetes')).to.equal('Not known');
    expect(formatCodeableConcept(undefined)).to.equal('Not known');
    expect(formatCodeableConcept([{ text: 'x' }])).to.equal('Not known');
  });
  it('formats a single Coding', () => {
    expect(formatCoding({ system: SCT, code: '44054006', display: 'Diabetes mellitus type 2' })).to.equal('Diabetes mellitus type 2');
    expect(formatCoding({ system: SCT, code: '44054006' })).to.equal('44054006');
    expect(formatCoding({ system: SCT })).to.equal('Not known');
    expect(formatCoding(null)).to.equal('Not known');
    expect(formatCoding({ code: 5 })).to.equal('Not known');
  });
});

describe('format: formatQuantity / formatNumber', () => {
  it('formats value and unit', () => {
    expect(formatQuantity({ value: 78, unit: 'mmol/mol' })).to.equal('78 mmol/mol');
    expect(formatQuantity({ value: 78, code: 'mmol/mol', system: 'http://unitsofmeasure.org' })).to.equal('78 mmol/mol');
    expect(formatQuantity({ value: 78, unit: ' ', code: 'mmol/mol' })).to.equal('78 mmol/mol');
    expect(formatQuantity({ value: 78 })).to.equal('78');
    expect(formatQuantity({ value: 6.5, unit: '%' })).to.equal('6.5%');
    expect(formatQuantity({ value: 6.5, code: '%' })).to.equal('6.5%');
    expect(formatQuantity({ value: 0, unit: 'mg' })).to.equal('0 mg');
    expect(formatQuantity({ value: -2.5, unit: 'kg' })).to.equal('-2.5 kg');
  });
  it('prefixes comparators and ignores unknown ones', () => {
    expect(formatQuantity({ value: 5, comparator: '<', unit: 'mmol/L' })).to.equal('<5 mmol/L');
    expect(formatQuantity({ value: 5, comparator: '<=', unit: 'mmol/L' })).to.equal('<=5 mmol/L');
    expect(formatQuantity({ value: 90, comparator: '>', unit: 'mL/min/1.73m2' })).to.equal('>90 mL/min/1.73m2');
    expect(formatQuantity({ value: 90, comparator: '>=' })).to.equal('>=90');
    expect(formatQuantity({ value: 5, comparator: 'about' })).to.equal('5');
    expect(formatQuantity({ value: 5, comparator: 7 })).to.equal('5');
  });
  it('prints numbers without float noise, up to 4 decimals, no grouping', () => {
    expect(formatQuantity({ value: 0.1 + 0.2, unit: 'mg' })).to.equal('0.3 mg');
    expect(formatNumber(6.5)).to.equal('6.5');
    expect(formatNumber(6.5)).to.equal('6.5');
    expect(formatNumber(1.23456)).to.equal('1.2346');
    expect(formatNumber(12345.6)).to.equal('12345.6');
    expect(formatNumber(1e-7)).to.equal('0.0000001');
    expect(formatNumber(-0.000012345)).to.equal('-0.00001235');
    expect(formatNumber(-0.00001)).to.equal('-0.00001');
    expect(formatNumber(-0)).to.equal('0');
    expect(formatNumber(-0.00004999, {})).to.equal('-0.00004999');
    expect(formatNumber(NaN)).to.equal('Not known');
    expect(formatNumber('5')).to.equal('Not known');
  });
  it('is Not known without a usable value', () => {
    for (const value of [undefined, null, NaN, Infinity, -Infinity, '78', [78], {}]) {
      expect(formatQuantity({ value, unit: 'mmol/mol' })).to.equal('Not known');
    }
    expect(formatQuantity({ unit: 'mmol/mol' })).to.equal('Not known');
    expect(formatQuantity(78)).to.equal('Not known');
    expect(formatQuantity(undefined)).to.equal('Not known');
  });
});
