// Provenance: who recorded or asserted an item, and where, from the clinical fields only.
import type { FhirResource, Provenance } from 'fhir/r4.js';
import { formatName } from '../format/name.js';
import { asArray, cleanString, isRecord, valuesAt } from '../format/shared.js';
import { formatCodeableConcept } from '../format/clinical.js';
import { notKnown } from '../format/shared.js';
import { describeOrganisation, odsFromMetaSource, organisationByOds, organisationOf, type OrganisationInfo } from './organisation.js';
import type { ClinicalRecord, Resolution } from './record.js';

/** What kind of actor a clinical field names. */
export type ActorKind = 'practitioner' | 'organisation' | 'patient' | 'related-person' | 'device' | 'other';

/** One actor named by a clinical field of a resource (or by a Provenance that targets it). */
export interface Attribution {
  /** The element that names the actor (`recorder`, `asserter`, `informationSource`, …, or `Provenance.agent`). */
  field: string;
  actor: ActorKind;
  /** The person's or organisation's name (the reference's display first: it is what the sender chose to show). */
  name?: string;
  /** A practitioner's job role (PractitionerRole.code), when the record says. */
  jobRole?: string;
  /** The organisation the actor is, or acts for. */
  organisation?: OrganisationInfo;
  resolution: Resolution;
}

/**
 * The clinical fields that name who recorded, asserted, performed or authored each type, most
 * specific first (R4 names; STU3 names where they differ). `meta.lastUpdated` and `meta.source` are
 * written by servers and are never read here.
 */
export const ATTRIBUTION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Condition: ['asserter', 'recorder'],
  AllergyIntolerance: ['asserter', 'recorder'],
  MedicationStatement: ['informationSource'],
  MedicationRequest: ['requester', 'recorder', 'requester.agent', 'requester.onBehalfOf'],
  Observation: ['performer'],
  DiagnosticReport: ['resultsInterpreter', 'performer', 'performer.actor'],
  Encounter: ['serviceProvider', 'participant.individual'],
  DocumentReference: ['author'],
  Immunization: ['performer.actor', 'practitioner.actor'],
  Procedure: ['performer.actor', 'recorder', 'asserter'],
  CarePlan: ['author', 'contributor'],
  CareTeam: ['managingOrganization'],
  List: ['source'],
  ServiceRequest: ['requester'],
  ReferralRequest: ['requester.agent', 'requester.onBehalfOf'],
  CommunicationRequest: ['requester', 'requester.agent', 'sender'],
  Communication: ['sender'],
  Task: ['requester', 'owner'],
  Composition: ['author'],
  Flag: ['author'],
};

/** For types not in the table. */
const DEFAULT_FIELDS = ['author', 'performer', 'recorder', 'asserter'];

const str = (v: unknown): string | undefined => cleanString(v) || undefined;

function actorKind(type: string | undefined): ActorKind {
  switch (type) {
    case 'Practitioner':
    case 'PractitionerRole':
      return 'practitioner';
    case 'Organization':
    case 'Location':
    case 'HealthcareService':
      return 'organisation';
    case 'Patient':
      return 'patient';
    case 'RelatedPerson':
      return 'related-person';
    case 'Device':
      return 'device';
    default:
      return 'other';
  }
}

function personName(resource: FhirResource | undefined, lang: string | undefined): string | undefined {
  const names: unknown = resource && (resource as { name?: unknown }).name;
  if (names === undefined) return undefined;
  if (typeof names === 'string') return str(names);
  const n = formatName(names, lang ? { lang } : undefined);
  return n === notKnown(lang) ? undefined : n;
}

/** Describes the actor a Reference names. */
export function describeActor(record: ClinicalRecord, ref: unknown, from: unknown, field: string, lang?: string): Attribution | undefined {
  if (!isRecord(ref)) return undefined;
  const resolution = record.resolve(ref, from);
  const display = str(ref['display']);
  const type =
    resolution.kind === 'resource'
      ? resolution.resource.resourceType
      : resolution.kind === 'identifier'
        ? resolution.type
        : resolution.type;
  const declared = str(ref['type']);
  const actor = actorKind(
    type ?? declared ?? (resolution.kind === 'identifier' && /ods/.test(resolution.system) ? 'Organization' : undefined),
  );
  if (resolution.kind === 'unresolvable' && resolution.reason === 'absent' && !display) return undefined;
  let name = display;
  let jobRole: string | undefined;
  if (resolution.kind === 'resource') {
    const res = resolution.resource;
    if (res.resourceType === 'PractitionerRole') {
      name ??= str(res.practitioner?.display) ?? personName(record.resource(res.practitioner, res), lang);
      const code = asArray(res.code)[0];
      const text = code ? formatCodeableConcept(code, lang ? { lang } : undefined) : undefined;
      if (text && text !== notKnown(lang)) jobRole = text;
    } else if (actor === 'organisation') name ??= str((res as { name?: unknown }).name);
    else name ??= personName(res, lang);
  }
  const organisation = organisationOf(record, ref, from);
  return {
    field,
    actor,
    ...(name ? { name } : {}),
    ...(jobRole ? { jobRole } : {}),
    ...(organisation ? { organisation } : {}),
    resolution,
  };
}

const provenanceIndexes = new WeakMap<ClinicalRecord, Map<string, Provenance[]>>();

/** The Provenance resources of the record that target `resource`. */
export function provenanceOf(record: ClinicalRecord, resource: FhirResource): Provenance[] {
  let index = provenanceIndexes.get(record);
  if (!index) {
    index = new Map();
    for (const p of record.ofType<Provenance>('Provenance')) {
      for (const t of asArray(p.target)) {
        const key = record.targetKey(t, p);
        if (!key) continue;
        const l = index.get(key);
        if (l) {
          if (!l.includes(p)) l.push(p);
        } else index.set(key, [p]);
      }
    }
    provenanceIndexes.set(record, index);
  }
  const key = record.keyOf(resource);
  return key ? (index.get(key) ?? []) : [];
}

/**
 * Every actor the clinical fields of `resource` name, in the order of `ATTRIBUTION_FIELDS`, then the
 * agents of the Provenance resources that target it (`who`, then `onBehalfOf`).
 */
export function attributionsOf(record: ClinicalRecord, resource: FhirResource, lang?: string): Attribution[] {
  const out: Attribution[] = [];
  for (const field of ATTRIBUTION_FIELDS[resource.resourceType] ?? DEFAULT_FIELDS) {
    for (const ref of valuesAt(resource, field)) {
      const a = describeActor(record, ref, resource, field, lang);
      if (a) out.push(a);
    }
  }
  for (const p of provenanceOf(record, resource)) {
    for (const agent of asArray<Record<string, unknown>>(p.agent)) {
      if (!isRecord(agent)) continue;
      for (const ref of [agent['who'], agent['onBehalfOf']]) {
        const a = describeActor(record, ref, p, 'Provenance.agent', lang);
        if (a) out.push(a);
      }
    }
  }
  return out;
}

/** Where an item came from, and on what basis the widget says so. */
export interface ItemOrigin {
  organisation: OrganisationInfo;
  /**
   * `clinical`: a clinical field names the organisation (or a practitioner of it); `provenance`: a
   * Provenance targeting the item does; `server`: only the server's `meta.source` does, which says
   * where the record was held, not who recorded it.
   */
  basis: 'clinical' | 'provenance' | 'server';
}

/**
 * The organisation an item came from: the first clinical field (or Provenance agent) that names an
 * organisation, else the ODS code in `meta.source` (basis `server`). Undefined when nothing says.
 */
export function originOf(record: ClinicalRecord, resource: FhirResource, lang?: string): ItemOrigin | undefined {
  for (const a of attributionsOf(record, resource, lang)) {
    if (a.organisation) return { organisation: a.organisation, basis: a.field === 'Provenance.agent' ? 'provenance' : 'clinical' };
  }
  const ods = odsFromMetaSource(resource.meta?.source);
  if (ods) return { organisation: describeOrganisation(organisationByOds(record, ods), { odsCode: ods }), basis: 'server' };
  return undefined;
}

/**
 * Whether the record says the patient (or someone for them) gave the information: an
 * `informationSource` or `asserter` that is the Patient or a RelatedPerson.
 */
export function isPatientReported(record: ClinicalRecord, resource: FhirResource): boolean {
  for (const field of ['informationSource', 'asserter', 'reportedReference']) {
    for (const ref of valuesAt(resource, field)) {
      const a = describeActor(record, ref, resource, field);
      if (a && (a.actor === 'patient' || a.actor === 'related-person')) return true;
    }
  }
  return (resource as { reportedBoolean?: unknown }).reportedBoolean === true;
}
