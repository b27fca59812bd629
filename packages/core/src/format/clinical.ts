import type { CodeableConcept, Coding, Quantity } from 'fhir/r4.js';
import { cleanString, guard, isRecord, langOf, notKnown, text, type FormatOptions } from './shared.js';

/** `display`, else `code`, else '' for one Coding. */
function codingLabel(coding: unknown, field: 'display' | 'code'): string {
  return isRecord(coding) ? cleanString(coding[field]) : '';
}

/** A Coding's `display`, else its `code`, else Not known. */
export function formatCoding(coding: Coding | unknown, options?: Pick<FormatOptions, 'lang'>): string {
  return guard(options, () => codingLabel(coding, 'display') || codingLabel(coding, 'code') || notKnown(langOf(options)));
}

/**
 * A CodeableConcept's `text`, else the first coding `display`, else the first coding `code`
 * (e.g. `44054006`), else Not known.
 */
export function formatCodeableConcept(concept: CodeableConcept | unknown, options?: Pick<FormatOptions, 'lang'>): string {
  return guard(options, () => {
    if (!isRecord(concept)) return notKnown(langOf(options));
    const own = cleanString(concept['text']);
    if (own) return own;
    const codings: unknown[] = Array.isArray(concept['coding']) ? concept['coding'] : [];
    for (const field of ['display', 'code'] as const) {
      for (const coding of codings) {
        const label = codingLabel(coding, field);
        if (label) return label;
      }
    }
    return notKnown(langOf(options));
  });
}

const FIXED = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4, useGrouping: false });
const TINY = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 4, useGrouping: false });

/**
 * A finite number without float noise (`0.1 + 0.2` gives `0.3`), at most 4 decimal places
 * (values closer to zero than 0.0001 keep 4 significant figures), no digit grouping.
 * Non-numbers and non-finite numbers are Not known.
 */
export function formatNumber(value: unknown, options?: Pick<FormatOptions, 'lang'>): string {
  return guard(options, () => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return notKnown(langOf(options));
    const abs = Math.abs(value);
    const s = (abs !== 0 && abs < 0.0001 ? TINY : FIXED).format(value);
    return s === '-0' ? '0' : s;
  });
}

const COMPARATORS = new Set(['<', '<=', '>=', '>']);

/**
 * `78 mmol/mol` (unit, else code), `<5 mmol/L`, `6.5%`, or just `78`.
 * A missing, non-number or non-finite value is Not known.
 */
export function formatQuantity(quantity: Quantity | unknown, options?: Pick<FormatOptions, 'lang'>): string {
  return guard(options, () => {
    if (!isRecord(quantity)) return notKnown(langOf(options));
    const value = quantity['value'];
    if (typeof value !== 'number' || !Number.isFinite(value)) return notKnown(langOf(options));
    const comparator = cleanString(quantity['comparator']);
    const number = (COMPARATORS.has(comparator) ? comparator : '') + formatNumber(value);
    const unit = cleanString(quantity['unit']) || cleanString(quantity['code']);
    if (!unit) return number;
    return unit === '%' ? `${number}%` : `${number} ${unit}`;
  });
}

const GENDER_TEXT: Record<string, 'genderMale' | 'genderFemale' | 'genderOther' | 'genderUnknown'> = {
  male: 'genderMale',
  female: 'genderFemale',
  other: 'genderOther',
  unknown: 'genderUnknown',
};

/** FHIR administrative gender: Male, Female, Other, else Not known (including `unknown`). */
export function formatGender(value: unknown, options?: Pick<FormatOptions, 'lang'>): string {
  return guard(options, () => {
    const key = GENDER_TEXT[cleanString(value).toLowerCase()];
    return key ? text(key, undefined, options) : notKnown(langOf(options));
  });
}
