import { guard, langOf, notKnown, type FormatOptions } from './shared.js';

export type NhsNumberValidity = 'valid' | 'invalid-check-digit' | 'invalid-format' | 'missing';

/** Removes the spaces and hyphens people type into NHS numbers. */
function compact(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/**
 * The modulus 11 check digit for the first nine digits of an NHS number:
 * weights 10..2, `11 - (sum % 11)`, 11 becomes 0; undefined when the result is 10
 * (no valid NHS number starts with these digits) or the input is not nine digits.
 */
export function nhsNumberCheckDigit(first9: string): number | undefined {
  if (typeof first9 !== 'string' || !/^\d{9}$/.test(first9)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/**
 * Checks an NHS number (spaces and hyphens allowed). Numbers made of one repeated digit
 * (0000000000, 1111111111, …) are `invalid-format` even where the check digit works out.
 */
export function validateNhsNumber(value: unknown): NhsNumberValidity {
  if (value === undefined || value === null) return 'missing';
  if (typeof value !== 'string') return 'invalid-format';
  const digits = compact(value);
  if (digits === '') return 'missing';
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return 'invalid-format';
  return nhsNumberCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? 'valid' : 'invalid-check-digit';
}

/**
 * `943 476 5919` (3 3 4). Input that is not ten digits after removing spaces and hyphens is
 * returned trimmed as it was; empty or non-string input (or the text `undefined`, `null`,
 * `NaN`, `[object Object]`, `Invalid Date`) is Not known.
 * Formatting does not validate: use {@link validateNhsNumber} for that.
 */
export function formatNhsNumber(value: unknown, options?: Pick<FormatOptions, 'lang'>): string {
  return guard(options, () => {
    // Empty, non-string, or the text of a stringified missing value from upstream code.
    if (typeof value !== 'string' || /^\s*(undefined|null|nan|\[object \w+\]|invalid date)?\s*$/i.test(value)) {
      return notKnown(langOf(options));
    }
    const digits = compact(value);
    if (!/^\d{10}$/.test(digits)) return value.trim();
    return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  });
}
