/**
 * e-RS reference data (A004 `getCodeSystem`, STU3 CodeSystem): the words for codes e-RS sends
 * without a display (a cancellation reason, a review reason), who an appointment cancellation
 * reason belongs to (`appointmentBookingCancellationReasonType` PATIENT / PROVIDER), and the
 * per-priority triage days (`triageContactDays` of the PRIORITY code system).
 *
 * e-RS names its dynamic code systems `_baseUrl_/STU3/CodeSystem/<NAME>` (with `_baseurl_` in
 * some places): they are matched by `<NAME>`, whatever the base.
 */
import { asArray, isRecord, plainText } from '@joinedcare/core';

const str = (v: unknown): string => plainText(v);
type Json = Record<string, unknown>;

export interface ReferenceConcept {
  display?: string;
  /** Each property's values (a coding's code, or the value as sent). */
  properties: Record<string, unknown[]>;
}

/** Reference data read from e-RS CodeSystems. */
export interface ErsReference {
  concepts: Map<string, ReferenceConcept>;
  /** Code system names read (`PRIORITY`, `APPOINTMENT-CANCELLATION-REASON`, …). */
  systems: string[];
  /** `triageContactDays` per e-RS priority code (ROUTINE, URGENT, TWO_WEEK_WAIT). */
  triageContactDays: Record<string, number>;
}

export const emptyReference = (): ErsReference => ({ concepts: new Map(), systems: [], triageContactDays: {} });

/** The name a code system is matched by: the last path segment, upper case, without a `-1` version. */
export function systemName(system: unknown): string {
  const s = str(system);
  const last = s.split('/').pop() ?? '';
  return last.toUpperCase().replace(/-1$/, '');
}

const key = (system: unknown, code: unknown): string => `${systemName(system)}|${str(code).toUpperCase()}`;

function propertyValue(p: Json): unknown {
  for (const [k, v] of Object.entries(p)) {
    if (!k.startsWith('value')) continue;
    return isRecord(v) && 'code' in v ? str(v['code']) : v;
  }
  return undefined;
}

/** Adds one CodeSystem's concepts to `into`. */
export function readCodeSystem(cs: Json, into: ErsReference): void {
  const name = systemName(cs['url']) || systemName(cs['id']);
  if (!name) return;
  if (!into.systems.includes(name)) into.systems.push(name);
  const isPriority = name === 'PRIORITY' || name === 'ERS-PRIORITY';
  for (const c of asArray<Json>(cs['concept'])) {
    if (!isRecord(c) || !str(c['code'])) continue;
    const properties: Record<string, unknown[]> = {};
    for (const p of asArray<Json>(c['property'])) {
      if (!isRecord(p) || !str(p['code'])) continue;
      (properties[str(p['code'])] ??= []).push(propertyValue(p));
    }
    const display = str(c['display']);
    into.concepts.set(`${name}|${str(c['code']).toUpperCase()}`, { ...(display ? { display } : {}), properties });
    const triage = properties['triageContactDays']?.[0];
    if (isPriority && typeof triage === 'number' && Number.isInteger(triage) && triage >= 0) {
      into.triageContactDays[str(c['code']).toUpperCase()] = triage;
    }
  }
}

/** The reference concept for a coding, if the reference data has its code system. */
export function conceptOf(reference: ErsReference | undefined, coding: unknown): ReferenceConcept | undefined {
  if (!reference || !isRecord(coding)) return undefined;
  return reference.concepts.get(key(coding['system'], coding['code']));
}

/** Who an appointment cancellation reason belongs to, from the reference data: provider or patient. */
export function cancellationReasonOwner(reference: ErsReference | undefined, coding: unknown): 'provider' | 'patient' | undefined {
  const type = conceptOf(reference, coding)?.properties['appointmentBookingCancellationReasonType']?.[0];
  const t = str(type).toUpperCase();
  return t === 'PATIENT' ? 'patient' : t.startsWith('PROVIDER') ? 'provider' : undefined;
}
