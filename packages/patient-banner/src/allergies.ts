// The banner's allergy indicator: what the patient's AllergyIntolerance records say, in one line.
// Pure: FHIR in, display strings out; never throws.
import type { AllergyIntolerance } from 'fhir/r4.js';
import { asArray, isRecord, plainText } from '@joinedcare/core';
import { pbMsg } from './messages.js';

const SNOMED = 'http://snomed.info/sct';
const IPS_ABSENT_UNKNOWN = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
type Key = Parameters<typeof pbMsg>[0];

/**
 * Codes that state an absence, each with what it says (never broader than the code: "no known drug
 * allergy" is not "no known allergies"). `none` is a statement that nothing is known; `unavailable`
 * says there is no information.
 */
const ABSENCES: Record<string, { kind: 'none' | 'unavailable'; key: Key }> = {
  [`${SNOMED}|716186003`]: { kind: 'none', key: 'pbNoKnownAllergies' },
  [`${SNOMED}|409137002`]: { kind: 'none', key: 'pbNoKnownDrugAllergies' },
  [`${SNOMED}|429625007`]: { kind: 'none', key: 'pbNoKnownFoodAllergies' },
  [`${SNOMED}|428607008`]: { kind: 'none', key: 'pbNoKnownEnvironmentalAllergies' },
  [`${IPS_ABSENT_UNKNOWN}|no-known-allergies`]: { kind: 'none', key: 'pbNoKnownAllergies' },
  [`${IPS_ABSENT_UNKNOWN}|no-known-medication-allergies`]: { kind: 'none', key: 'pbNoKnownDrugAllergies' },
  [`${IPS_ABSENT_UNKNOWN}|no-known-food-allergies`]: { kind: 'none', key: 'pbNoKnownFoodAllergies' },
  [`${IPS_ABSENT_UNKNOWN}|no-known-environmental-allergies`]: { kind: 'none', key: 'pbNoKnownEnvironmentalAllergies' },
  [`${IPS_ABSENT_UNKNOWN}|no-allergy-info`]: { kind: 'unavailable', key: 'pbAllergiesNotAvailable' },
};

/** One allergy as the banner names it. */
export interface BannerAllergy {
  /** The record's own term (`code.text`, else a coding's `display`), as written. */
  name: string;
  /** `criticality: high`: marked in words and with an icon, never by colour alone. */
  high: boolean;
  /** `verificationStatus: unconfirmed` (or provisional, presumed). */
  unconfirmed: boolean;
}

/**
 * What the indicator says:
 * - `allergies`: active allergies (high criticality first), with any absence statement also recorded;
 * - `none-known`: only statements such as "No known allergies", as coded;
 * - `none-recorded`: the search found nothing at all (no allergy and no statement);
 * - `not-available`: the allergies could not be loaded, or the record says there is no information.
 * `incomplete` is true when the list is not the whole record (a page failed, the server withheld items).
 */
export interface AllergyIndicator {
  kind: 'allergies' | 'none-known' | 'none-recorded' | 'not-available';
  allergies: BannerAllergy[];
  /** Absence statements as coded ("No known drug allergies"), each once. */
  statements: string[];
  incomplete: boolean;
  /** True when the allergies could not be read at all (the search failed, or there was no client to ask). */
  failed?: boolean;
}

const codingsOf = (concept: unknown): Record<string, unknown>[] =>
  asArray<unknown>(isRecord(concept) ? concept['coding'] : undefined).filter(isRecord);

const statusOf = (concept: unknown): string | undefined => {
  const c = codingsOf(concept).find((x) => typeof x['code'] === 'string');
  return c ? (c['code'] as string) : undefined;
};

function absenceOf(a: AllergyIntolerance): { kind: 'none' | 'unavailable'; key: Key } | undefined {
  for (const c of codingsOf(a.code)) {
    const hit = ABSENCES[`${String(c['system'])}|${String(c['code'])}`];
    if (hit) return hit;
  }
  return undefined;
}

function nameOf(a: AllergyIntolerance, lang?: string): string {
  const text = plainText(isRecord(a.code) ? a.code['text'] : undefined);
  if (text) return text;
  const codings = codingsOf(a.code);
  const display = codings.map((c) => plainText(c['display'])).find(Boolean);
  if (display) return display;
  const code = codings.map((c) => plainText(c['code'])).find(Boolean);
  return code ? pbMsg('pbUnnamedAllergyCode', { code }, lang) : pbMsg('pbUnnamedAllergy', undefined, lang);
}

/** Records that say nothing about the patient now: entered in error, refuted, or ended (inactive, resolved). */
function current(a: AllergyIntolerance): boolean {
  const verification = statusOf(a.verificationStatus);
  if (verification === 'entered-in-error' || verification === 'refuted') return false;
  const clinical = statusOf(a.clinicalStatus);
  return clinical !== 'inactive' && clinical !== 'resolved';
}

/**
 * The indicator for the patient's AllergyIntolerance resources (already through the patient guard).
 * `loaded: false` (the search failed) gives `not-available`; `complete: false` marks what was found
 * as incomplete, and with nothing found it is `not-available` too (never "none recorded" on a partial list).
 */
export function allergyIndicator(
  resources: readonly AllergyIntolerance[] | undefined,
  options: { complete?: boolean; lang?: string } = {},
): AllergyIndicator {
  const complete = options.complete !== false;
  if (!resources) return { kind: 'not-available', allergies: [], statements: [], incomplete: false, failed: true };
  const live = resources.filter((a) => isRecord(a) && current(a));
  const allergies: BannerAllergy[] = [];
  const statements = new Set<string>();
  let unavailable = false;
  for (const a of live) {
    const absence = absenceOf(a);
    if (absence?.kind === 'unavailable') unavailable = true;
    else if (absence) statements.add(pbMsg(absence.key, undefined, options.lang));
    else {
      const v = statusOf(a.verificationStatus);
      allergies.push({
        name: nameOf(a, options.lang),
        high: a.criticality === 'high',
        unconfirmed: v === 'unconfirmed' || v === 'provisional' || v === 'presumed',
      });
    }
  }
  // high criticality first; otherwise in the server's order
  allergies.sort((x, y) => Number(y.high) - Number(x.high));
  const out = { allergies, statements: [...statements], incomplete: !complete };
  if (allergies.length) return { kind: 'allergies', ...out };
  if (statements.size) return { kind: 'none-known', ...out };
  if (unavailable || !complete) return { kind: 'not-available', ...out };
  return { kind: 'none-recorded', ...out };
}
