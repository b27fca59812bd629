// Organisations: one rule, from ODS role codes, for "is this a GP practice or a hospital".
import type { FhirResource, Organization, PractitionerRole } from 'fhir/r4.js';
import type { CareSetting } from '../context/contexts.js';
import { asArray, cleanString, isRecord } from '../format/shared.js';
import { msg } from '../i18n/index.js';
import type { ClinicalRecord } from './record.js';
import { ORG_ROLE_SYSTEMS, isOdsSystem } from './systems.js';

/** What kind of organisation an ODS role makes it. */
export type OrganisationKind = 'gp-practice' | 'nhs-trust' | 'independent-sector' | 'community-urgent-other' | 'unknown';

/**
 * THE table: ODS primary role codes to the kind of organisation. GP practice only for RO76; NHS
 * trust, trust site and care trust for RO197, RO198 and RO57; independent sector provider for RO172.
 * Any other role (out of hours RO80, walk-in centre RO87, prescribing cost centre RO177, …) is
 * "community, urgent care or other". No role at all: unknown. Nothing is guessed from names, ODS
 * code shapes or URLs.
 */
export const ODS_ROLE_KINDS: Readonly<Record<string, Exclude<OrganisationKind, 'community-urgent-other' | 'unknown'>>> = {
  RO76: 'gp-practice',
  RO197: 'nhs-trust',
  RO198: 'nhs-trust',
  RO57: 'nhs-trust',
  RO172: 'independent-sector',
};

/** When an organisation has several roles (a GP practice is also a prescribing cost centre), the first kind here wins. */
const KIND_ORDER: readonly OrganisationKind[] = ['gp-practice', 'nhs-trust', 'independent-sector', 'community-urgent-other'];

/** The care setting of each kind: GP practices are primary care; trusts and independent providers secondary. */
export function careSettingOfKind(kind: OrganisationKind): CareSetting | undefined {
  return kind === 'gp-practice' ? 'primary' : kind === 'nhs-trust' || kind === 'independent-sector' ? 'secondary' : undefined;
}

const str = (v: unknown): string | undefined => cleanString(v) || undefined;

/** The ODS role codes an Organization carries: `type` codings (role systems, or no system) and ODS API role extensions. */
export function organisationRoles(org: unknown): string[] {
  if (!isRecord(org)) return [];
  const out = new Set<string>();
  const add = (code: unknown) => {
    const c = str(code)?.toUpperCase();
    if (c && /^RO\d{1,4}$/.test(c)) out.add(c);
  };
  for (const t of asArray(org['type'])) {
    for (const c of asArray<Record<string, unknown>>(isRecord(t) ? t['coding'] : undefined)) {
      if (!isRecord(c)) continue;
      const system = c['system'];
      if (system === undefined || (typeof system === 'string' && ORG_ROLE_SYSTEMS.includes(system))) add(c['code']);
    }
  }
  // ODS API: extension OrganizationRole { role: Coding, primaryRole: boolean, … }
  for (const e of asArray<Record<string, unknown>>(org['extension'])) {
    if (!isRecord(e) || typeof e['url'] !== 'string' || !/OrganizationRole/i.test(e['url'])) continue;
    for (const sub of asArray<Record<string, unknown>>(e['extension'])) {
      if (isRecord(sub) && sub['url'] === 'role' && isRecord(sub['valueCoding'])) add(sub['valueCoding']['code']);
    }
  }
  return [...out];
}

/** The kind of an Organization, from its ODS roles (see `ODS_ROLE_KINDS`). */
export function organisationKind(org: unknown): OrganisationKind {
  const kinds = organisationRoles(org).map((r) => ODS_ROLE_KINDS[r] ?? 'community-urgent-other');
  return KIND_ORDER.find((k) => (kinds as OrganisationKind[]).includes(k)) ?? 'unknown';
}

/** The ODS code of an Organization (organisation code, else site code), upper case. */
export function odsCodeOf(org: unknown): string | undefined {
  if (!isRecord(org)) return undefined;
  const ids = asArray<Record<string, unknown>>(org['identifier']).filter(isRecord);
  const id = ids.find((i) => i['system'] === 'https://fhir.nhs.uk/Id/ods-organization-code') ?? ids.find((i) => isOdsSystem(i['system']));
  return str(id?.['value'])?.toUpperCase();
}

/**
 * The ODS code a server wrote in `meta.source`: `urn:ods:<code>`, or `<ODS system>|<code>`. Any other
 * URL is not read (its last segment is not an ODS code). This is where the data was held, never
 * who recorded it.
 */
export function odsFromMetaSource(source: unknown): string | undefined {
  const s = str(source);
  if (!s) return undefined;
  const m =
    /^urn:ods:([A-Za-z0-9]{3,10})$/i.exec(s) ??
    /^https:\/\/fhir\.nhs\.uk\/Id\/ods-(?:organization|site)-code\|([A-Za-z0-9]{3,10})$/.exec(s);
  return m?.[1]?.toUpperCase();
}

/** An organisation as every widget describes it. */
export interface OrganisationInfo {
  /** Its name, else the display of the reference that named it, else undefined. */
  name?: string;
  odsCode?: string;
  kind: OrganisationKind;
  /** The care setting of its kind; undefined when the kind is not known or not GP / hospital. */
  setting?: CareSetting;
  /** `Organization/id`, when the record holds it. */
  key?: string;
}

/** Describes an Organization resource (or only what a reference said of it). */
export function describeOrganisation(
  org: Organization | undefined,
  fallback: { display?: string; odsCode?: string; key?: string } = {},
): OrganisationInfo {
  const kind = organisationKind(org);
  const setting = careSettingOfKind(kind);
  const name = str(org?.name) ?? str(fallback.display);
  const odsCode = odsCodeOf(org) ?? str(fallback.odsCode)?.toUpperCase();
  const key = typeof org?.id === 'string' ? `Organization/${org.id}` : fallback.key;
  return { ...(name ? { name } : {}), ...(odsCode ? { odsCode } : {}), kind, ...(setting ? { setting } : {}), ...(key ? { key } : {}) };
}

/** Organisations by ODS code, and PractitionerRoles by practitioner, per record (built once). */
interface OrgIndex {
  byOds: Map<string, Organization>;
  rolesByPractitioner: Map<string, PractitionerRole[]>;
}
const indexes = new WeakMap<ClinicalRecord, OrgIndex>();

function orgIndex(record: ClinicalRecord): OrgIndex {
  let idx = indexes.get(record);
  if (idx) return idx;
  idx = { byOds: new Map(), rolesByPractitioner: new Map() };
  for (const o of record.ofType<Organization>('Organization')) {
    const ods = odsCodeOf(o);
    if (ods && !idx.byOds.has(ods)) idx.byOds.set(ods, o);
  }
  for (const pr of record.ofType<PractitionerRole>('PractitionerRole')) {
    const key = record.targetKey(pr.practitioner, pr);
    if (!key) continue;
    const l = idx.rolesByPractitioner.get(key);
    if (l) l.push(pr);
    else idx.rolesByPractitioner.set(key, [pr]);
  }
  indexes.set(record, idx);
  return idx;
}

/** The Organization with an ODS code in the record. */
export function organisationByOds(record: ClinicalRecord, ods: string | undefined): Organization | undefined {
  return ods ? orgIndex(record).byOds.get(ods.toUpperCase()) : undefined;
}

/** The PractitionerRoles of a practitioner (`Practitioner/x`, or the key `targetKey` gives). */
export function rolesOfPractitioner(record: ClinicalRecord, practitionerKey: string | undefined): PractitionerRole[] {
  return practitionerKey ? (orgIndex(record).rolesByPractitioner.get(practitionerKey) ?? []) : [];
}

/**
 * The organisation behind a reference: an Organization itself (by reference or ODS identifier); a
 * PractitionerRole's organisation; a Practitioner's, through their PractitionerRole (when exactly one
 * organisation is named); a Location's managing organisation; a HealthcareService's provider.
 * Undefined when the reference names no organisation the record can tell.
 */
export function organisationOf(record: ClinicalRecord, ref: unknown, from?: unknown, depth = 0): OrganisationInfo | undefined {
  if (!isRecord(ref) || depth > 3) return undefined;
  const display = str(ref['display']);
  const r = record.resolve(ref, from);
  const refType = str(ref['type']);
  if (r.kind === 'identifier') {
    if (!isOdsSystem(r.system)) return undefined;
    const org = organisationByOds(record, r.value);
    return describeOrganisation(org, { ...(display ? { display } : {}), odsCode: r.value });
  }
  if (r.kind === 'unresolvable') {
    const type = r.type ?? refType;
    // a practitioner the record does not hold, but whose PractitionerRole it does
    if (type === 'Practitioner') return organisationOfRoles(record, r.key, depth);
    if (type !== 'Organization') return undefined;
    const ods = r.identifier && isOdsSystem(r.identifier.system) ? r.identifier.value : undefined;
    const org = organisationByOds(record, ods);
    if (org) return describeOrganisation(org);
    return describeOrganisation(undefined, {
      ...(display ? { display } : {}),
      ...(ods ? { odsCode: ods } : {}),
      ...(r.key ? { key: r.key } : {}),
    });
  }
  const res: FhirResource = r.resource;
  switch (res.resourceType) {
    case 'Organization':
      return describeOrganisation(res, display ? { display } : {});
    case 'PractitionerRole':
      return organisationOf(record, res.organization, res, depth + 1);
    case 'Practitioner':
      return organisationOfRoles(record, r.key, depth);
    case 'Location':
      return organisationOf(record, res.managingOrganization, res, depth + 1);
    case 'HealthcareService':
      return organisationOf(record, res.providedBy, res, depth + 1);
    default:
      return undefined;
  }
}

/** The one organisation a practitioner's PractitionerRoles name (none, or several different: undefined). */
function organisationOfRoles(record: ClinicalRecord, practitionerKey: string | undefined, depth: number): OrganisationInfo | undefined {
  const orgs = rolesOfPractitioner(record, practitionerKey)
    .map((pr) => organisationOf(record, pr.organization, pr, depth + 1))
    .filter((o): o is OrganisationInfo => !!o);
  const distinct = new Map(orgs.map((o) => [o.key ?? o.odsCode ?? o.name ?? '', o]));
  return distinct.size === 1 ? [...distinct.values()][0] : undefined;
}

const KIND_TEXT: Record<
  OrganisationKind,
  'orgKindGpPractice' | 'orgKindNhsTrust' | 'orgKindIndependentSector' | 'orgKindCommunityUrgentOther' | 'orgKindUnknown'
> = {
  'gp-practice': 'orgKindGpPractice',
  'nhs-trust': 'orgKindNhsTrust',
  'independent-sector': 'orgKindIndependentSector',
  'community-urgent-other': 'orgKindCommunityUrgentOther',
  unknown: 'orgKindUnknown',
};

/** The kind of an organisation in words ("GP practice", "NHS trust", …, "setting not known"). */
export function organisationKindText(kind: OrganisationKind, lang?: string): string {
  return msg(KIND_TEXT[kind] ?? 'orgKindUnknown', undefined, lang);
}

/**
 * An organisation as every widget names it: "Riverside Medical Practice (GP practice)",
 * "R9A (NHS trust)", "Northbridge Hospice (setting not known)". Undefined when it has neither a
 * name nor an ODS code.
 */
export function organisationLabel(info: OrganisationInfo | undefined, lang?: string): string | undefined {
  const name = info?.name ?? info?.odsCode;
  if (!info || !name) return undefined;
  return msg('orgWithKind', { organisation: name, kind: organisationKindText(info.kind, lang) }, lang);
}
