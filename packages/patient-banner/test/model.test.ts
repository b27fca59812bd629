import { expect } from '@open-wc/testing';
import type { Patient } from 'fhir/r4.js';
import { msg } from '@joinedcare/core';
import { bannerModel, nhsNumberStatus, nhsIdentifier, NHS_VERIFICATION_EXTENSION } from '../src/index.js';

/** The one missing-value wording (core's catalogue). */
const NOT_KNOWN = msg('notKnown');
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const now = new Date('2024-03-12T12:00:00Z');
const withNhs = (value: string, code?: string): Patient => ({
  resourceType: 'Patient',
  identifier: [
    {
      system: NHS,
      value,
      ...(code ? { extension: [{ url: NHS_VERIFICATION_EXTENSION, valueCodeableConcept: { coding: [{ code }] } }] } : {}),
    },
  ],
});

describe('banner model', () => {
  it('formats a full patient the CUI way', () => {
    const m = bannerModel(
      {
        resourceType: 'Patient',
        name: [{ use: 'official', family: 'Smith', given: ['Jane', 'Ann'], prefix: ['Mrs'] }],
        birthDate: '1980-03-12',
        gender: 'female',
        identifier: [
          {
            system: NHS,
            value: '9434765919',
            extension: [{ url: NHS_VERIFICATION_EXTENSION, valueCodeableConcept: { coding: [{ code: '01' }] } }],
          },
        ],
      },
      { now },
    );
    expect(m).to.deep.equal({
      name: 'SMITH, Jane Ann (Mrs)',
      born: '12-Mar-1980',
      bornLong: '12 March 1980',
      age: '44y',
      gender: 'Female',
      nhsNumber: '943 476 5919',
      nhsStatus: 'verified',
      deceased: false,
    });
  });

  it('says core’s missing-value wording for every missing value, never blank', () => {
    const m = bannerModel({ resourceType: 'Patient' }, { now });
    expect(m.name).to.equal(NOT_KNOWN);
    expect(m.born).to.equal(NOT_KNOWN);
    // the age is not said again after a birth date that is not known ("Born Not known (Not known)")
    expect(m.age).to.equal(undefined);
    expect(m.gender).to.equal(NOT_KNOWN);
    expect(m.nhsNumber).to.equal(NOT_KNOWN);
    expect(m.nhsStatus).to.equal('missing');
    const u = bannerModel(undefined, { now });
    expect(Object.values(u).every((v) => v !== '')).to.equal(true);
    expect(Object.keys(u)).not.to.include('age');
  });

  it('gives no age for a partial birth date: the date is shown as it is, once', () => {
    const m = bannerModel({ resourceType: 'Patient', birthDate: '1980' }, { now });
    expect(m.born).to.equal('1980');
    expect(m.age).to.equal(undefined);
  });

  it('tells verified, unverified and invalid NHS numbers apart', () => {
    expect(nhsNumberStatus(withNhs('9434765919', '01'))).to.equal('verified');
    expect(nhsNumberStatus(withNhs('9434765919', '02'))).to.equal('unverified');
    expect(nhsNumberStatus(withNhs('9434765919'))).to.equal('unverified');
    expect(nhsNumberStatus(withNhs('9434765918', '01'))).to.equal('invalid');
    expect(nhsNumberStatus(withNhs('12345'))).to.equal('invalid');
    expect(nhsNumberStatus({ resourceType: 'Patient' })).to.equal('missing');
    expect(nhsIdentifier(undefined)).to.deep.equal({});
  });

  it('shows death, with the age at death', () => {
    const m = bannerModel({ resourceType: 'Patient', birthDate: '1940-01-01', deceasedDateTime: '2020-06-30T10:00:00Z' }, { now });
    expect(m.deceased).to.equal(true);
    expect(m.died).to.equal('30-Jun-2020');
    expect(m.diedLong).to.equal('30 June 2020');
    expect(m.age).to.equal('80y');
    const b = bannerModel({ resourceType: 'Patient', deceasedBoolean: true }, { now });
    expect(b.deceased).to.equal(true);
    expect(b.died).to.equal(NOT_KNOWN);
    const noDate = bannerModel({ resourceType: 'Patient', birthDate: '1940-01-01', deceasedBoolean: true }, { now });
    expect(noDate.age).to.equal(undefined, 'age at death is unknown when the date of death is');
  });
});
