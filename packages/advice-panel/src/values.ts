// Field readers shared by the advice panel's model modules: untrusted text, codings and extensions, and what a reference points at.
import type { Coding, Extension } from 'fhir/r4.js';
import { asArray, formatCodeableConcept, isRecord, plainMultilineText, plainText, type ClinicalRecord } from '@joinedcare/core';

/** Untrusted text as one clean line (bidi controls and invisible characters removed), or undefined when empty. */
export const str = (v: unknown): string | undefined => plainText(v) || undefined;
/** Untrusted message text, line breaks kept. */
export const multiline = (v: unknown): string | undefined => plainMultilineText(v) || undefined;

/** A CodeableConcept in words, or undefined when it says nothing (never core's missing-value wording, whatever it is). */
export function conceptText(c: unknown): string | undefined {
  const t = c ? formatCodeableConcept(c) : undefined;
  return t && t !== formatCodeableConcept(undefined) ? t : undefined;
}

/** A UBRN as e-RS prints it, `0000 0000 0000`; anything that is not 12 digits as recorded. */
export const spacedUbrn = (ubrn: string): string => {
  const d = ubrn.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(d) ? `${d.slice(0, 4)} ${d.slice(4, 8)} ${d.slice(8)}` : ubrn;
};

/** The codings of a CodeableConcept, or a lone Coding. */
export function codingsOf(v: unknown): Coding[] {
  if (!isRecord(v)) return [];
  if (Array.isArray(v['coding'])) return (v['coding'] as unknown[]).filter(isRecord);
  if ('code' in v) return [v];
  return [];
}

/** The codings an extension with `url` carries (valueCoding, valueCodeableConcept or valueCode). */
export function extensionValue(exts: unknown, url: string): Coding[] {
  for (const e of asArray<Extension>(exts)) {
    if (!isRecord(e) || e.url !== url) continue;
    return [
      ...codingsOf(e.valueCoding),
      ...codingsOf(e.valueCodeableConcept),
      ...(str(e.valueCode) ? [{ code: e.valueCode } as Coding] : []),
    ];
  }
  return [];
}

/**
 * The resource type a reference points at: the resolved resource's type, else the type the
 * reference names (in its `reference` or its `type`).
 */
export function targetType(record: ClinicalRecord, ref: unknown, from: unknown): string | undefined {
  const r = record.resolve(ref, from);
  if (r.kind === 'resource') return r.resource.resourceType;
  return r.type ?? (isRecord(ref) ? str(ref['type']) : undefined);
}

/**
 * The id to ask this server for, of a reference to a `type` the record does not hold: a relative
 * (or same-server, or versioned) reference. Contained, `urn:` and other servers' references have none.
 */
export function missingIdOf(record: ClinicalRecord, ref: unknown, from: unknown, type: string): string | undefined {
  const r = record.resolve(ref, from);
  return r.kind === 'unresolvable' && r.reason === 'not-in-record' && r.type === type ? r.id : undefined;
}
