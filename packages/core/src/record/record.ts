// The clinical record: the one place where references between raw resources are resolved.
import type { Bundle, FhirResource, Identifier } from 'fhir/r4.js';
import { isRecord } from '../format/shared.js';
import { normaliseBaseUrl, parseReferenceString, type ReferenceTarget } from './reference.js';
import { isNhsNumberSystem, isOdsSystem, isUbrnSystem } from './systems.js';

/** How a reference reached its resource. */
export type ResolvedVia = 'relative' | 'absolute' | 'contained' | 'urn' | 'identifier';

/** Why a reference could not be resolved. */
export type UnresolvableReason =
  /** No `reference` and no `identifier`. */
  | 'absent'
  /** A reference string that is not a FHIR reference. */
  | 'malformed'
  /** A relative or `urn:` reference to a resource the record does not hold. */
  | 'not-in-record'
  /** An absolute reference to a server other than the record's. */
  | 'other-server'
  /** `#id` that the referring resource does not contain. */
  | 'contained-missing';

/** What a reference resolves to: the resource, an identifier, or "not resolvable" (never nothing). */
export type Resolution =
  | {
      kind: 'resource';
      resource: FhirResource;
      /** `Type/id` of a resource with an id, else its `fullUrl` (or `#id` for a contained one). */
      key: string;
      via: ResolvedVia;
      /** The version a versioned reference names. */
      version?: string;
      /**
       * The resource's id is local to its document (a `urn:` fullUrl, or contained): it is not the
       * server's id of the resource and must not be compared with one.
       */
      local: boolean;
    }
  | { kind: 'identifier'; system: string; value: string; type?: string }
  | {
      kind: 'unresolvable';
      reason: UnresolvableReason;
      /** The type and id the reference names, when it names them (a relative reference not held). */
      type?: string;
      id?: string;
      /** `Type/id` of a relative (or same-server) reference not held. */
      key?: string;
      version?: string;
      /** The absolute base of a reference to another server. */
      base?: string;
      /** The Reference's own `identifier`, when it has one that matched no resource. */
      identifier?: { system: string; value: string };
    };

export interface RecordOptions {
  /**
   * The FHIR base URL the resources came from. Absolute references under it are read as relative;
   * absolute references to any other server do not resolve. When no base is known (resources handed
   * in by a host), an absolute reference is matched by its type and id.
   */
  baseUrl?: string | undefined;
  /** Bundle entries' `fullUrl`s, for `urn:uuid:` and absolute references (see `ClinicalRecord.fromBundle`). */
  fullUrls?: ReadonlyMap<string, FhirResource>;
}

const canonicalSystem = (system: string): string =>
  isNhsNumberSystem(system) ? 'nhs-number' : isOdsSystem(system) ? 'ods' : isUbrnSystem(system) ? 'ubrn' : system;

/** The identifier types that can stand in for a reference, and the resource types they name. */
const IDENTIFIED_TYPES: Record<string, readonly string[]> = {
  'nhs-number': ['Patient'],
  ods: ['Organization', 'Location'],
  ubrn: ['ServiceRequest', 'ReferralRequest', 'CommunicationRequest'],
};

function identifierKey(system: unknown, value: unknown): string | undefined {
  if (typeof system !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  const v = String(value).replace(/[\s-]/g, '').toUpperCase();
  return v ? `${canonicalSystem(system)}|${v}` : undefined;
}

/**
 * Raw resources, indexed so that every reference between them resolves one way: relative,
 * versioned, absolute to the same server, contained (`#id`), `urn:uuid:` through the Bundle's
 * `fullUrl`s, and identifier-only (NHS number, ODS code, UBRN). Malformed entries are skipped
 * (they are not resources); everything else is kept in order.
 */
export class ClinicalRecord {
  /** Every resource, in the order given (contained resources are not listed: they belong to their container). */
  readonly resources: readonly FhirResource[];
  /** The record's FHIR base URL, normalised, when known. */
  readonly baseUrl: string | undefined;
  private readonly byKey = new Map<string, FhirResource>();
  private readonly byFullUrl = new Map<string, FhirResource>();
  private readonly fullUrlOf = new Map<FhirResource, string>();
  private readonly containerOf = new Map<FhirResource, FhirResource>();
  private byIdentifier?: Map<string, FhirResource[]>;
  private byType?: Map<string, FhirResource[]>;

  constructor(resources: readonly unknown[], options: RecordOptions = {}) {
    this.baseUrl = options.baseUrl ? normaliseBaseUrl(options.baseUrl) : undefined;
    const list: FhirResource[] = [];
    for (const r of resources) {
      if (!isRecord(r) || typeof r['resourceType'] !== 'string') continue;
      const res = r as unknown as FhirResource;
      list.push(res);
      if (typeof res.id === 'string' && !this.byKey.has(`${res.resourceType}/${res.id}`))
        this.byKey.set(`${res.resourceType}/${res.id}`, res);
      if (Array.isArray((res as { contained?: unknown }).contained)) {
        for (const c of (res as { contained: unknown[] }).contained)
          if (isRecord(c)) this.containerOf.set(c as unknown as FhirResource, res);
      }
    }
    for (const [url, res] of options.fullUrls ?? []) {
      this.byFullUrl.set(url.toLowerCase(), res);
      this.fullUrlOf.set(res, url);
    }
    this.resources = list;
  }

  /** A record of a Bundle's entries, with their `fullUrl`s (searchset, collection, document or transaction). */
  static fromBundle(bundle: Bundle | undefined | null, options: Omit<RecordOptions, 'fullUrls'> = {}): ClinicalRecord {
    const resources: FhirResource[] = [];
    const fullUrls = new Map<string, FhirResource>();
    for (const e of Array.isArray(bundle?.entry) ? bundle.entry : []) {
      const r: unknown = isRecord(e) ? e['resource'] : undefined;
      if (!isRecord(r) || typeof r['resourceType'] !== 'string') continue;
      resources.push(r as unknown as FhirResource);
      const url = (e as { fullUrl?: unknown }).fullUrl;
      if (typeof url === 'string' && url.trim()) fullUrls.set(url.trim(), r as unknown as FhirResource);
    }
    return new ClinicalRecord(resources, { ...options, fullUrls });
  }

  /** The resource with this `Type/id`. */
  get(key: string): FhirResource | undefined {
    return this.byKey.get(key);
  }

  /** Every resource of one type, in order. */
  ofType<T extends FhirResource = FhirResource>(type: T['resourceType'] | (string & {})): T[] {
    if (!this.byType) {
      this.byType = new Map();
      for (const r of this.resources) {
        const l = this.byType.get(r.resourceType);
        if (l) l.push(r);
        else this.byType.set(r.resourceType, [r]);
      }
    }
    return (this.byType.get(type) ?? []) as T[];
  }

  /** `Type/id` of a resource with an id, else its `fullUrl`, else undefined. */
  keyOf(resource: unknown): string | undefined {
    if (!isRecord(resource)) return undefined;
    const r = resource as unknown as FhirResource;
    if (typeof r.id === 'string' && r.id && !this.containerOf.has(r)) return `${r.resourceType}/${r.id}`;
    return this.fullUrlOf.get(r);
  }

  /** Whether a resource's id is local to its document (it came with a `urn:` fullUrl, or is contained). */
  isLocal(resource: FhirResource): boolean {
    if (this.containerOf.has(resource)) return true;
    const url = this.fullUrlOf.get(resource);
    return url !== undefined && url.toLowerCase().startsWith('urn:');
  }

  /** The resource that contains `resource`, when it is a contained one. */
  containerOfResource(resource: FhirResource): FhirResource | undefined {
    return this.containerOf.get(resource);
  }

  /**
   * Resolves a Reference (the object; `from` is the resource that holds it, for `#id`). The
   * `reference` is tried first; when it does not resolve and the Reference has an `identifier`, a
   * resource with that identifier (NHS number, ODS code, UBRN; exactly one) is looked for, else the
   * identifier itself is the answer.
   */
  resolve(ref: unknown, from?: unknown): Resolution {
    if (!isRecord(ref)) return { kind: 'unresolvable', reason: 'absent' };
    const target = parseReferenceString(ref['reference']);
    const byRef = target ? this.resolveTarget(target, from) : undefined;
    if (byRef?.kind === 'resource') return byRef;
    const ident = ref['identifier'];
    if (isRecord(ident)) {
      const type = typeof ref['type'] === 'string' ? ref['type'] : byRef?.kind === 'unresolvable' ? byRef.type : undefined;
      const found = this.findByIdentifier(ident, type);
      if (found) return found;
      const system = ident['system'];
      const value = ident['value'];
      if (typeof system === 'string' && (typeof value === 'string' || typeof value === 'number') && String(value).trim()) {
        const identifier = { system, value: String(value).trim() };
        if (byRef === undefined) return { kind: 'identifier', ...identifier, ...(type ? { type } : {}) };
        if (byRef.kind === 'unresolvable') return { ...byRef, identifier };
      }
    }
    return byRef ?? { kind: 'unresolvable', reason: 'absent' };
  }

  /** The resource a reference resolves to (optionally only of `type`), else undefined. */
  resource<T extends FhirResource = FhirResource>(ref: unknown, from?: unknown, type?: T['resourceType']): T | undefined {
    const r = this.resolve(ref, from);
    if (r.kind !== 'resource') return undefined;
    return type === undefined || r.resource.resourceType === type ? (r.resource as T) : undefined;
  }

  /**
   * A key for what a reference points at, for grouping (a Task's `focus` with its ServiceRequest):
   * the key of the resource it resolves to, else `Type/id` of a relative reference not held.
   */
  targetKey(ref: unknown, from?: unknown): string | undefined {
    const r = this.resolve(ref, from);
    if (r.kind === 'resource') return r.key;
    if (r.kind === 'unresolvable') return r.key;
    return undefined;
  }

  private resolveTarget(target: ReferenceTarget, from: unknown): Resolution {
    switch (target.form) {
      case 'relative':
        return this.byTypeId(target.type, target.id, target.version, 'relative');
      case 'absolute': {
        const viaUrl = this.byFullUrl.get(target.url.toLowerCase());
        if (viaUrl) return this.found(viaUrl, 'absolute', target.version);
        if (this.baseUrl !== undefined && target.base.toLowerCase() !== this.baseUrl.toLowerCase()) {
          return { kind: 'unresolvable', reason: 'other-server', type: target.type, id: target.id, base: target.base };
        }
        return this.byTypeId(target.type, target.id, target.version, 'absolute');
      }
      case 'contained':
        return this.contained(target.id, from);
      case 'urn': {
        const r = this.byFullUrl.get(target.urn);
        return r ? this.found(r, 'urn') : { kind: 'unresolvable', reason: 'not-in-record' };
      }
      case 'unparseable':
        return { kind: 'unresolvable', reason: 'malformed' };
    }
  }

  private byTypeId(type: string, id: string, version: string | undefined, via: ResolvedVia): Resolution {
    const key = `${type}/${id}`;
    const r = this.byKey.get(key);
    if (r) return this.found(r, via, version);
    // an absolute fullUrl of the same server names the resource too
    if (this.baseUrl) {
      const viaUrl = this.byFullUrl.get(`${this.baseUrl}/${key}`.toLowerCase());
      if (viaUrl) return this.found(viaUrl, via, version);
    }
    return { kind: 'unresolvable', reason: 'not-in-record', type, id, key, ...(version ? { version } : {}) };
  }

  private contained(id: string, from: unknown): Resolution {
    if (!isRecord(from)) return { kind: 'unresolvable', reason: 'contained-missing' };
    const holder = from as unknown as FhirResource;
    // `#id` in a contained resource names a sibling; `#` names the container
    const container = this.containerOf.get(holder) ?? holder;
    if (id === '') return this.found(container, 'contained');
    const list = (container as { contained?: unknown }).contained;
    const found: unknown = Array.isArray(list) ? (list as unknown[]).find((c) => isRecord(c) && c['id'] === id) : undefined;
    if (!found) return { kind: 'unresolvable', reason: 'contained-missing' };
    const res = found as FhirResource;
    if (!this.containerOf.has(res)) this.containerOf.set(res, container);
    return { kind: 'resource', resource: res, key: `#${id}`, via: 'contained', local: true };
  }

  private found(resource: FhirResource, via: ResolvedVia, version?: string): Resolution {
    const key = this.keyOf(resource) ?? `${resource.resourceType}/${String(resource.id ?? '')}`;
    return { kind: 'resource', resource, key, via, ...(version ? { version } : {}), local: this.isLocal(resource) };
  }

  private findByIdentifier(ident: Identifier, type: string | undefined): Resolution | undefined {
    const key = identifierKey(ident.system, ident.value);
    if (!key) return undefined;
    const allowed = IDENTIFIED_TYPES[key.slice(0, key.indexOf('|'))];
    if (!allowed) return undefined;
    if (!this.byIdentifier) {
      this.byIdentifier = new Map();
      for (const r of this.resources) {
        if (!Object.values(IDENTIFIED_TYPES).some((types) => types.includes(r.resourceType))) continue;
        const ids = (r as { identifier?: unknown }).identifier;
        for (const i of Array.isArray(ids) ? ids : []) {
          const k = isRecord(i) ? identifierKey(i['system'], i['value']) : undefined;
          if (!k) continue;
          const l = this.byIdentifier.get(k);
          if (l) {
            if (!l.includes(r)) l.push(r);
          } else this.byIdentifier.set(k, [r]);
        }
      }
    }
    const matches = (this.byIdentifier.get(key) ?? []).filter(
      (r) => allowed.includes(r.resourceType) && (type === undefined || r.resourceType === type),
    );
    return matches.length === 1 ? this.found(matches[0], 'identifier') : undefined;
  }
}
