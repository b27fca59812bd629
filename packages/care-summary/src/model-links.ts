// One line naming any record entry ("Temperature 36.7 C", "Amoxicillin 250mg capsules", "Surgery
// Consultation on 28-Mar-2019"): for the items a problem links to and the entries of a consultation.
import type { FhirResource } from 'fhir/r4.js';
import { isRecord, plainText } from '@joinedcare/core';
import { date, str, titleOf, type BuildContext, type ItemNoun } from './model-shared.js';
import { medicineName } from './model-medicines.js';
import { observationValue } from './model-results.js';

const NOUN: Record<string, ItemNoun> = {
  Condition: 'problem',
  AllergyIntolerance: 'allergy',
  Immunization: 'vaccination',
  Procedure: 'procedure',
  Observation: 'result',
};

/** The words of a record entry, in one line. */
export function resourceLabel(r: FhirResource, ctx: BuildContext): string {
  const x = r as unknown as Record<string, unknown>;
  switch (r.resourceType) {
    case 'MedicationStatement':
    case 'MedicationRequest':
      return medicineName(r, ctx);
    case 'Observation': {
      const value = observationValue(r, ctx);
      const name = titleOf(r.code, 'result', ctx);
      return value === ctx.t('notKnown') ? name : `${name} ${value}`;
    }
    case 'Encounter': {
      const type = isRecord(r.type?.[0]) ? titleOf(r.type[0], 'record', ctx) : ctx.t('csConsultation');
      const start = r.period?.start;
      return start ? ctx.t('csOnDate', { what: type, date: date(start, ctx).date }) : type;
    }
    case 'Immunization':
      return titleOf(r.vaccineCode, 'vaccination', ctx);
    case 'DocumentReference':
      return str(r.description) ?? titleOf(r.type, 'record', ctx);
    case 'List':
      return str(r.title) ?? titleOf(r.code, 'record', ctx);
    case 'ServiceRequest':
      return referralTitle(x, ctx);
    default: {
      if (r.resourceType === ('ReferralRequest' as string)) return referralTitle(x, ctx);
      const words = plainText(x['description']);
      if (x['code'] === undefined && words) return words;
      return titleOf(x['code'] ?? x['serviceRequested'], NOUN[r.resourceType] ?? 'record', ctx);
    }
  }
}

/** A referral's title: the service requested, else the specialty, else its reason, else its description. */
export function referralTitle(r: Record<string, unknown>, ctx: BuildContext): string {
  const first = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[0] : v);
  for (const c of [first(r['serviceRequested']), r['specialty'], first(r['reasonCode']), first(r['code'])]) {
    if (isRecord(c)) return titleOf(c, 'record', ctx);
  }
  return plainText(r['description']) || ctx.t('csReferral');
}
