// Where an item came from, in the care summary's words. Core's record layer decides (originOf, and
// THE ODS role → setting table); nothing here guesses from ODS code shapes, names or URLs.
import type { FhirResource } from 'fhir/r4.js';
import {
  ATTRIBUTION_FIELDS,
  organisationKindText,
  organisationLabel,
  originOf,
  provenanceOf,
  valuesAt,
  type CareSetting,
  type ClinicalRecord,
  type ItemOrigin,
  type OrganisationInfo,
  type OrganisationKind,
} from '@joinedcare/core';
import { csMsg } from './messages.js';

/** Where an item came from: the organisation (when known), its kind and setting, and how the widget knows. */
export interface ItemSource {
  /** Organisation name, else its ODS code, else undefined (shown as "Source not recorded"). */
  organisation?: string;
  odsCode?: string;
  /** From the organisation's ODS role (core's table): GP practice `primary`; NHS trust or independent sector `secondary`; else undefined. */
  setting?: CareSetting;
  /** The kind of organisation, from its ODS role (`unknown` when it has none). */
  kind?: OrganisationKind;
  /**
   * `clinical` or `provenance`: a clinical field (or a Provenance) names who recorded the item;
   * `server`: only the server's `meta.source` names the organisation, which says where the record
   * was held, never who recorded or prescribed it.
   */
  basis?: ItemOrigin['basis'];
}

/** An organisation as core describes it, with the basis the widget knows it on. */
export function itemSource(info: OrganisationInfo | undefined, basis: ItemOrigin['basis']): ItemSource {
  if (!info) return {};
  const organisation = info.name ?? info.odsCode;
  return {
    ...(organisation ? { organisation } : {}),
    ...(info.odsCode ? { odsCode: info.odsCode } : {}),
    ...(info.setting ? { setting: info.setting } : {}),
    kind: info.kind,
    basis,
  };
}

/** Where `resource` came from, resolved through its record (see core's `originOf`). */
export function sourceOfResource(record: ClinicalRecord, resource: FhirResource, lang?: string): ItemSource {
  const origin = originOf(record, resource, lang);
  return origin ? itemSource(origin.organisation, origin.basis) : {};
}

/** The fields of a Reference that decide which organisation it names. */
function refKey(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const r = value as { reference?: unknown; type?: unknown; display?: unknown; identifier?: { system?: unknown; value?: unknown } };
  const parts = [r.reference, r.type, r.display, r.identifier?.system, r.identifier?.value];
  // anything but plain strings (malformed data): the whole value, exactly
  return parts.every((p) => p === undefined || typeof p === 'string') ? parts.join('\u0002') : JSON.stringify(value);
}

/**
 * A key for everything `originOf` reads from `resource`: resources with the same key have the same
 * source in one record, so a long list works it out once per distinct key. Undefined when the
 * answer depends on the resource itself (a contained `#id` reference, a Provenance that targets
 * it, a type without a known set of fields) or the data cannot be serialised.
 */
export function sourceKey(record: ClinicalRecord, resource: FhirResource): string | undefined {
  const fields = ATTRIBUTION_FIELDS[resource.resourceType];
  if (!fields) return undefined;
  try {
    let key = `${resource.resourceType}|${String(resource.meta?.source)}`;
    for (const field of fields) {
      key += '|';
      for (const v of valuesAt(resource, field)) {
        const k = refKey(v);
        if (k.startsWith('#')) return undefined;
        key += `\u0001${k}`;
      }
    }
    return provenanceOf(record, resource).length ? undefined : key;
  } catch {
    return undefined;
  }
}

/** The organisation with its kind, in core's one wording: "Riverside Medical Practice (GP practice)". */
export function sourceLabel(source: ItemSource, lang?: string): string | undefined {
  return source.organisation ? organisationLabel({ name: source.organisation, kind: source.kind ?? 'unknown' }, lang) : undefined;
}

/**
 * Who recorded or prescribed an item: the organisation, only when a clinical field or a Provenance
 * names it (never from `meta.source`).
 */
export function recordedBy(source: ItemSource, lang?: string): string | undefined {
  return source.basis === 'server' ? undefined : sourceLabel(source, lang);
}

/**
 * What an item says about its source: the organisation that recorded it; "Record held by …" when only
 * the server's `meta.source` names one; else "Source not recorded".
 */
export function sourceText(source: ItemSource, lang?: string): string {
  const label = sourceLabel(source, lang);
  if (!label) return csMsg('csSourceNotRecorded', undefined, lang);
  return source.basis === 'server' ? csMsg('csHeldBy', { organisation: label }, lang) : label;
}

/** The kind of the source organisation in words ("GP practice", "NHS trust", …, "setting not known"). */
export function kindText(source: ItemSource, lang?: string): string {
  return organisationKindText(source.kind ?? 'unknown', lang);
}
