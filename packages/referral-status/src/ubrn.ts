// The e-Referral Service's Unique Booking Reference Number: where a referral carries it, and how it is shown.
import type { ServiceRequest } from 'fhir/r4.js';
import { asArray, isRecord, plainText, SYSTEM } from '@joinedcare/core';
import { refMsg } from './messages.js';

/** The UBRN identifier system (core's `SYSTEM.ubrn`). */
export const UBRN_SYSTEM = SYSTEM.ubrn;

/** Formats a UBRN as `0000 0000 0000`; other values are shown as recorded; missing is Not known. */
export function formatUbrn(value: unknown, lang?: string): string {
  const raw = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  const digits = raw.replace(/[\s-]/g, '');
  if (/^\d{12}$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
  return raw || refMsg('notKnown', undefined, lang);
}

/** The UBRN of a referral (the value as recorded), if it has one. */
export function ubrnOf(sr: ServiceRequest): string | undefined {
  const id = asArray<Record<string, unknown>>(sr.identifier).find((i) => isRecord(i) && plainText(i['system']) === UBRN_SYSTEM);
  const v = id ? plainText(id['value']) : '';
  return v || undefined;
}
