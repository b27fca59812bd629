/**
 * Specialist contact: has the patient been referred to the specialty, asked it for advice, attended
 * its clinic or been in its care? Real records say so in several places, so the specialty codes of
 * an exclusion (SNOMED CT specialty, e-RS specialty, treatment function code) are looked for in all
 * of them:
 * - ServiceRequest: `code`, `category`, `performerType`, `reasonCode`, extensions (e-RS names the
 *   specialty of a referral or A&G request in its own extensions), and the HealthcareService it names
 *   as performer (contained or in the record) through `specialty`, `type` and `category`;
 * - e-RS's STU3 ReferralRequest: `specialty`, `serviceRequested`, `type`, extensions, services;
 * - CommunicationRequest (an advice request): `category`, `reasonCode`, extensions
 *   (`Extension-eRS-Specialty-1`);
 * - Encounter (an attendance or admission under the specialty): `serviceType`, `type`, extensions;
 * - EpisodeOfCare (being in the specialty's care): `type`, extensions.
 */
import type { CodeableConcept, Coding } from 'fhir/r4.js';
import { codesOf, codingIn, list } from './codes.js';
import { monthsBefore, parseDate } from './dates.js';
import type { ContactRef, PatientRecord, RequestResource } from './outcome.js';
import type { ContactExclusion, ContactResourceType, RuleCode } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Codings of a value that is a Coding or a CodeableConcept (or a list of them). */
function codingsOf(v: unknown): Coding[] {
  if (Array.isArray(v)) return v.flatMap(codingsOf);
  if (!isObj(v)) return [];
  if (typeof v['code'] === 'string' && typeof v['system'] === 'string') return [v];
  return list<Coding>((v as CodeableConcept).coding).filter(isObj);
}

/** Codings in extensions, at any depth (valueCoding, valueCodeableConcept). */
function extensionCodings(r: unknown, depth = 0): Coding[] {
  if (!isObj(r) || depth > 3) return [];
  return list<Obj>(r['extension']).flatMap((e) =>
    isObj(e) ? [...codingsOf(e['valueCoding']), ...codingsOf(e['valueCodeableConcept']), ...extensionCodings(e, depth + 1)] : [],
  );
}

/** The HealthcareServices a request names: contained (`#id`) ones, found by reference. */
function servicesOf(r: Obj): Obj[] {
  const contained = list<Obj>(r['contained']).filter((c) => isObj(c) && c['resourceType'] === 'HealthcareService');
  if (!contained.length) return [];
  const refs = [r['performer'], r['recipient']].flatMap((p): unknown[] => (Array.isArray(p) ? (p as unknown[]) : [p])).filter(isObj);
  const named = new Set(refs.map((p) => (typeof p['reference'] === 'string' ? p['reference'] : '')).filter((s) => s.startsWith('#')));
  return contained.filter((c) => named.size === 0 || named.has(`#${String(c['id'])}`));
}

/** Every coding of a resource that could name a specialty. */
function specialtyCodings(r: Obj): Coding[] {
  const fields: Record<string, string[]> = {
    ServiceRequest: ['code', 'category', 'performerType', 'reasonCode'],
    ReferralRequest: ['specialty', 'serviceRequested', 'type'],
    CommunicationRequest: ['category', 'reasonCode'],
    Encounter: ['serviceType', 'type'],
    EpisodeOfCare: ['type'],
  };
  const own = (fields[String(r['resourceType'])] ?? []).flatMap((f) => codingsOf(r[f]));
  const services = servicesOf(r).flatMap((s) => [...codingsOf(s['specialty']), ...codingsOf(s['type']), ...codingsOf(s['category'])]);
  return [...own, ...extensionCodings(r), ...services];
}

const hasSpecialty = (r: Obj, codes: readonly RuleCode[]) => specialtyCodings(r).some((c) => codingIn(c, codes) !== undefined);

const REQUEST_STATUSES = ['active', 'on-hold', 'completed'];
const NOT_CONTACT = new Set(['planned', 'cancelled', 'entered-in-error']);

/** Whether an e-RS ServiceRequest is an Advice & Guidance request (R4: code advice-and-guidance, category request). */
function isAdvice(r: Obj): boolean {
  return [...codingsOf(r['code']), ...codingsOf(r['category'])].some((c) => c.code === 'advice-and-guidance' || c.code === 'request');
}

interface Candidate {
  ref: ContactRef;
  /** When it counts from (requests: authored; encounters: start; episodes: end, or now while open). */
  t?: number;
  type: ContactResourceType;
  status: string;
  resource: Obj;
}

function candidates(record: PatientRecord, now: Date): Candidate[] {
  const out: Candidate[] = [];
  for (const r of record.requests as readonly (RequestResource & Obj)[]) {
    if (!isObj(r) || r['status'] === 'entered-in-error') continue;
    const rt = r.resourceType;
    const date = (r['authoredOn'] ?? r['occurrenceDateTime']) as string | undefined;
    const type: ContactResourceType = rt === 'CommunicationRequest' ? 'CommunicationRequest' : 'ServiceRequest';
    const kind = rt === 'CommunicationRequest' || (rt === 'ServiceRequest' && isAdvice(r)) ? 'advice' : 'referral';
    const t = parseDate(date);
    out.push({
      ref: { resourceType: rt, kind, id: String(r['id'] ?? ''), status: String(r['status']), ...(date ? { date } : {}) },
      ...(t === undefined ? {} : { t }),
      type,
      status: String(r['status']),
      resource: r,
    });
  }
  for (const e of record.encounters) {
    if (!isObj(e) || NOT_CONTACT.has(e.status)) continue;
    const date = e.period?.start;
    const t = parseDate(date);
    out.push({
      ref: { resourceType: 'Encounter', kind: 'attendance', id: e.id ?? '', status: e.status, ...(date ? { date } : {}) },
      ...(t === undefined ? {} : { t }),
      type: 'Encounter',
      status: e.status,
      resource: e,
    });
  }
  for (const ep of record.episodes ?? []) {
    if (!isObj(ep) || NOT_CONTACT.has(ep.status)) continue;
    const date = ep.period?.start;
    // an open episode is current contact; a closed one counts from its end
    const end = parseDate(ep.period?.end);
    const t = end ?? (ep.status === 'finished' ? parseDate(date) : now.getTime());
    out.push({
      ref: { resourceType: 'EpisodeOfCare', kind: 'episode', id: ep.id ?? '', status: ep.status, ...(date ? { date } : {}) },
      ...(t === undefined ? {} : { t }),
      type: 'EpisodeOfCare',
      status: ep.status,
      resource: ep,
    });
  }
  return out;
}

const newestFirst = (a: Candidate, b: Candidate) => (b.t ?? -Infinity) - (a.t ?? -Infinity) || a.ref.id.localeCompare(b.ref.id);

/** Every specialist contact with the specialty of `exclusions` (any date, any status but entered in error), newest first. */
export function specialistContacts(exclusions: readonly ContactExclusion[], record: PatientRecord, now: Date): ContactRef[] {
  if (!exclusions.length) return [];
  return candidates(record, now)
    .filter((c) => exclusions.some((x) => x.resourceTypes.includes(c.type) && hasSpecialty(c.resource, codesOf(x))))
    .sort(newestFirst)
    .map((c) => c.ref);
}

/** The newest contact that excludes the patient: the specialty, a counted status, within `withinMonths`. */
export function excludingContact(exclusions: readonly ContactExclusion[], record: PatientRecord, now: Date): ContactRef | undefined {
  const all = candidates(record, now);
  for (const x of exclusions) {
    const since = monthsBefore(now, x.withinMonths);
    const hit = all
      .filter((c) => x.resourceTypes.includes(c.type) && c.t !== undefined && c.t >= since)
      .filter((c) =>
        x.statuses
          ? x.statuses.includes(c.status)
          : c.type === 'Encounter' || c.type === 'EpisodeOfCare' || REQUEST_STATUSES.includes(c.status),
      )
      .filter((c) => hasSpecialty(c.resource, codesOf(x)))
      .sort(newestFirst)[0];
    if (hit) return hit.ref;
  }
  return undefined;
}
