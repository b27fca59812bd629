import type { Patient } from 'fhir/r4.js';
import {
  NHS_NUMBER_SYSTEM,
  formatAge,
  formatDate,
  formatDateLong,
  formatGender,
  formatName,
  formatNhsNumber,
  msg,
  notKnown,
  validateNhsNumber,
  type FormatOptions,
} from '@joinedcare/core';

export const NHS_VERIFICATION_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';

/** How far the NHS number can be trusted. */
export type NhsNumberStatus = 'verified' | 'unverified' | 'invalid' | 'missing';

/** Everything the banner shows, as display strings. Pure and never throws. */
export interface BannerModel {
  name: string;
  born: string;
  bornLong: string;
  /**
   * The age in CUI form (`44y`), or undefined when it is not known (no full birth date, or died on a
   * date that is not known). Not shown then: the missing birth date already says "Not known".
   */
  age?: string;
  gender: string;
  nhsNumber: string;
  nhsStatus: NhsNumberStatus;
  /** Display date of death, when the patient has died. */
  died?: string;
  diedLong?: string;
  /** True when deceased, with or without a date. */
  deceased: boolean;
}

/** The NHS number identifier and its verification code (UK Core extension), if present. */
export function nhsIdentifier(patient: Patient | undefined): { value?: string; verificationCode?: string } {
  const ids = Array.isArray(patient?.identifier) ? patient.identifier : [];
  const id = ids.find((i) => i?.system === NHS_NUMBER_SYSTEM);
  if (!id) return {};
  const ext = Array.isArray(id.extension) ? id.extension.find((e) => e?.url === NHS_VERIFICATION_EXTENSION) : undefined;
  const code = ext?.valueCodeableConcept?.coding?.find?.((c) => typeof c?.code === 'string')?.code;
  return { ...(typeof id.value === 'string' ? { value: id.value } : {}), ...(code ? { verificationCode: code } : {}) };
}

/**
 * NHS number trust: `invalid` when the check digit (or format) is wrong, `verified` when the UK
 * Core verification status is `01` ("Number present and verified"), otherwise `unverified`.
 */
export function nhsNumberStatus(patient: Patient | undefined): NhsNumberStatus {
  const { value, verificationCode } = nhsIdentifier(patient);
  const validity = validateNhsNumber(value);
  if (validity === 'missing') return 'missing';
  if (validity !== 'valid') return 'invalid';
  return verificationCode === '01' ? 'verified' : 'unverified';
}

export function bannerModel(patient: Patient | undefined, options: FormatOptions = {}): BannerModel {
  const p = patient && typeof patient === 'object' ? patient : undefined;
  const deceasedDate = typeof p?.deceasedDateTime === 'string' ? p.deceasedDateTime : undefined;
  const deceased = Boolean(deceasedDate) || p?.deceasedBoolean === true;
  const { value } = nhsIdentifier(p);
  // age at death for a deceased patient, age now otherwise
  const ageOptions = deceasedDate ? { ...options, now: new Date(deceasedDate) } : options;
  const model: BannerModel = {
    name: formatName(p?.name, options),
    born: formatDate(p?.birthDate, options),
    bornLong: formatDateLong(p?.birthDate, options),
    gender: formatGender(p?.gender, options),
    nhsNumber: formatNhsNumber(value, options),
    nhsStatus: nhsNumberStatus(p),
    deceased,
  };
  // died on an unknown date: the age at death is not known either; a partial birth date has no age
  const age = p?.birthDate && !(deceased && !deceasedDate) ? formatAge(p.birthDate, ageOptions) : undefined;
  if (age !== undefined && age !== notKnown(options.lang)) model.age = age;
  if (deceased) {
    model.died = deceasedDate ? formatDate(deceasedDate, options) : msg('notKnown', undefined, options.lang);
    model.diedLong = deceasedDate ? formatDateLong(deceasedDate, options) : model.died;
  }
  return model;
}
