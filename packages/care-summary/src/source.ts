import type { FhirResource, Organization, Reference } from 'fhir/r4.js';
import { parseReference, plainText, valuesAt, type CareSetting } from '@joinedcare/core';

export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const ODS_SITE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-site-code';

/** Where an item came from: the organisation (when known) and its care setting (when known). */
export interface ItemSource {
  /** Organisation name, else its ODS code, else undefined (show "Source not recorded"). */
  organisation?: string;
  odsCode?: string;
  setting?: CareSetting;
}

/** Organisations (and practitioner roles) to resolve references against. */
export interface OrgDirectory {
  byRef: Map<string, Organization>;
  byOds: Map<string, Organization>;
  /** Practitioner reference (`Practitioner/x`) to the organisation of their role. */
  practitionerOrg: Map<string, Reference>;
}

const str = (v: unknown): string | undefined => plainText(v) || undefined;

function odsOf(org: Organization | undefined): string | undefined {
  const id = org?.identifier?.find?.((i) => i?.system === ODS_SYSTEM || i?.system === ODS_SITE_SYSTEM);
  return str(id?.value)?.toUpperCase();
}

/** Builds the directory from any resources (only Organization and PractitionerRole are used). */
export function buildOrgDirectory(resources: readonly unknown[]): OrgDirectory {
  const dir: OrgDirectory = { byRef: new Map(), byOds: new Map(), practitionerOrg: new Map() };
  for (const r of resources) {
    if (!r || typeof r !== 'object') continue;
    const res = r as FhirResource;
    if (res.resourceType === 'Organization') {
      if (str(res.id)) dir.byRef.set(`Organization/${res.id}`, res);
      const ods = odsOf(res);
      if (ods) dir.byOds.set(ods, res);
    } else if (res.resourceType === 'PractitionerRole') {
      const pr = res;
      const p = parseReference(pr.practitioner?.reference);
      if (p && pr.organization) dir.practitionerOrg.set(`${p.type}/${p.id}`, pr.organization);
    }
  }
  return dir;
}

/** Role codes (ODS organisation roles) of primary care organisations. */
const PRIMARY_ROLES = new Set(['RO76', 'RO177', 'RO87', 'RO80']); // GP practice, prescribing cost centre, PCT, ...
/** Role codes of secondary care organisations. */
const SECONDARY_ROLES = new Set(['RO197', 'RO57', 'RO198', 'RO108', 'RO172']); // NHS trust, trust site, ...

/**
 * The setting of an organisation: from `Organization.type` (ODS role RO76 GP practice: primary;
 * RO197 NHS trust, RO57 trust site: secondary), else from the shape of its ODS code (GP practices
 * are one letter and five digits, e.g. `A81999`; trusts and their sites start with R, e.g. `R9A`,
 * `R9A01`). Undefined when neither tells.
 */
export function settingOfOrganisation(org: Organization | undefined, odsCode?: string): CareSetting | undefined {
  for (const t of org?.type ?? []) {
    for (const c of t?.coding ?? []) {
      const code = str(c?.code)?.toUpperCase();
      if (!code) continue;
      if (PRIMARY_ROLES.has(code)) return 'primary';
      if (SECONDARY_ROLES.has(code)) return 'secondary';
    }
    const label = `${t?.text ?? ''} ${(t?.coding ?? []).map((c) => c?.display ?? '').join(' ')}`.toLowerCase();
    if (/gp practice|general practice/.test(label)) return 'primary';
    if (/trust|hospital/.test(label)) return 'secondary';
  }
  const ods = (odsCode ?? odsOf(org))?.toUpperCase();
  if (ods && /^[A-HJ-NP-QS-Y]\d{5}$/.test(ods)) return 'primary';
  if (ods && /^R[A-Z0-9]{2}([A-Z0-9]{2})?$/.test(ods)) return 'secondary';
  return undefined;
}

function refOrganisation(ref: unknown, dir: OrgDirectory): { org?: Organization; ods?: string; display?: string } | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  const r = ref as Reference;
  const parsed = parseReference(r.reference);
  const identOds = r.identifier?.system === ODS_SYSTEM || r.identifier?.system === ODS_SITE_SYSTEM ? str(r.identifier.value) : undefined;
  const isOrg = parsed?.type === 'Organization' || r.type === 'Organization' || identOds !== undefined;
  if (isOrg) {
    const org = (parsed && dir.byRef.get(`Organization/${parsed.id}`)) ?? (identOds ? dir.byOds.get(identOds.toUpperCase()) : undefined);
    const ods = odsOf(org) ?? identOds?.toUpperCase();
    return { ...(org ? { org } : {}), ...(ods ? { ods } : {}), ...(str(r.display) ? { display: str(r.display) } : {}) };
  }
  if (parsed?.type === 'Practitioner' || parsed?.type === 'PractitionerRole') {
    const orgRef = dir.practitionerOrg.get(`${parsed.type}/${parsed.id}`);
    if (orgRef) return refOrganisation(orgRef, dir);
  }
  return undefined;
}

/** Elements naming who recorded, performed or authored a resource, most specific first. */
const SOURCE_PATHS: Record<string, readonly string[]> = {
  Observation: ['performer'],
  Encounter: ['serviceProvider'],
  DocumentReference: ['author', 'custodian'],
  Immunization: ['performer.actor'],
  MedicationStatement: ['informationSource'],
  MedicationRequest: ['requester', 'performer'],
  Condition: ['asserter', 'recorder'],
  AllergyIntolerance: ['asserter', 'recorder'],
  CarePlan: ['author', 'contributor'],
  CareTeam: ['managingOrganization'],
  List: ['source'],
};

/** The ODS code in `meta.source` (`urn:ods:A81999`, or a URL ending in the code). */
export function odsFromMetaSource(source: unknown): string | undefined {
  const s = str(source);
  if (!s) return undefined;
  const m = /^urn:ods:([A-Za-z0-9]{3,10})$/.exec(s) ?? /[/#|]([A-Z0-9]{3,10})$/.exec(s);
  return m?.[1]?.toUpperCase();
}

function sourcePaths(type: string): readonly string[] {
  return SOURCE_PATHS[type] ?? ['author', 'performer', 'recorder', 'asserter'];
}

/**
 * Everything `deriveSource` reads from a resource, as a string: resources with the same key have
 * the same source (against the same directory). Undefined when the data cannot be serialised.
 */
export function sourceKey(resource: unknown): string | undefined {
  if (!resource || typeof resource !== 'object') return undefined;
  const type = (resource as FhirResource).resourceType;
  try {
    let key = `${String(type)}|${String((resource as FhirResource).meta?.source)}`;
    for (const path of sourcePaths(type)) {
      key += '|';
      for (const v of valuesAt(resource, path)) key += `\u0001${refKey(v)}`;
    }
    return key;
  } catch {
    return undefined;
  }
}

/** The fields of a Reference that `refOrganisation` reads. */
function refKey(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const r = value as Reference;
  const id = r.identifier;
  const parts = [r.reference, r.type, r.display, id?.system, id?.value];
  // anything but plain strings (malformed data): the whole value, exactly
  return parts.every((p) => p === undefined || typeof p === 'string') ? parts.join('\u0002') : JSON.stringify(value);
}

/**
 * Where a resource came from. The organisation is found, in order, from the resource's own
 * author/performer/recorder elements (an Organization reference, or a Practitioner whose
 * PractitionerRole names one), then from `meta.source` (`urn:ods:<code>`), resolved against the
 * directory. The setting comes from the organisation (see `settingOfOrganisation`).
 */
export function deriveSource(resource: unknown, dir: OrgDirectory): ItemSource {
  if (!resource || typeof resource !== 'object') return {};
  const type = (resource as FhirResource).resourceType;
  let found: { org?: Organization; ods?: string; display?: string } | undefined;
  for (const path of sourcePaths(type)) {
    for (const ref of valuesAt(resource, path)) {
      const f = refOrganisation(ref, dir);
      if (f) {
        found = f;
        break;
      }
    }
    if (found) break;
  }
  const metaOds = odsFromMetaSource((resource as FhirResource).meta?.source);
  if (!found && metaOds) {
    const org = dir.byOds.get(metaOds);
    found = { ods: metaOds, ...(org ? { org } : {}) };
  }
  if (!found) return {};
  const ods = found.ods ?? odsOf(found.org);
  const organisation = str(found.org?.name) ?? found.display ?? ods;
  const setting = settingOfOrganisation(found.org, ods);
  return { ...(organisation ? { organisation } : {}), ...(ods ? { odsCode: ods } : {}), ...(setting ? { setting } : {}) };
}
