// Attachments that name no patient (e-RS DocumentReferences carry no subject) belong to the messages that carry them.
import type { DocumentReference, FhirResource } from 'fhir/r4.js';
import { asArray, ClinicalRecord, isRecord, type GuardOptions } from '@joinedcare/core';

/** The element's patient guard for one set of resources (it shows and announces what it refuses). */
export type GuardFn = <T extends { resourceType?: unknown; id?: unknown }>(resources: readonly T[], options?: GuardOptions) => T[];

/**
 * Guards DocumentReferences. One that names a patient is checked against the patient as any other
 * resource. One that names none (as e-RS sends them) is kept only when a request or message the
 * guard already accepted (`parents`) carries it in `payload.contentReference`; otherwise the guard
 * refuses it, visibly, as a record whose patient cannot be confirmed.
 */
export function guardWithAttachments(
  docs: readonly DocumentReference[],
  parents: readonly FhirResource[],
  guard: GuardFn,
): DocumentReference[] {
  const record = new ClinicalRecord([...parents, ...docs]);
  const carried = new Set<string>();
  for (const p of parents) {
    for (const item of asArray<Record<string, unknown>>((p as { payload?: unknown }).payload)) {
      const key = isRecord(item) ? record.targetKey(item['contentReference'], p) : undefined;
      if (key) carried.add(key);
    }
  }
  const byParent: DocumentReference[] = [];
  const rest: DocumentReference[] = [];
  for (const d of docs) {
    const namesNoPatient = isRecord(d) && d.subject === undefined && !('patient' in d);
    const key = record.keyOf(d);
    if (namesNoPatient && key && carried.has(key)) byParent.push(d);
    else rest.push(d);
  }
  return [...byParent, ...(rest.length ? guard(rest, { expectedTypes: ['DocumentReference'] }) : [])];
}
