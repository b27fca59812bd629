// A Medplum MemoryRepository with what a production FHIR server adds on top of the in-memory store:
// validation on write, spec-conformant search results (paging links, fullUrl, search.mode,
// _include / _revinclude, stable multi-key _sort, a default page size), 400 for unknown search
// parameters, and a reference index so searches over the large persona stay fast.
//
// Matching itself is Medplum's: `parseSearchRequest` + `matchesSearchRequest` evaluate the official
// R4 SearchParameter FHIRPath expressions. Writes go through Medplum's router and repository
// (create, conditional create, update with If-Match, history, vread, delete, batch/transaction).
import {
  OperationOutcomeError,
  Operator,
  badRequest,
  evalFhirPath,
  formatSearchQuery,
  getSearchParameter,
  matchesSearchRequest,
  validateResource,
} from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';

/** Default and largest page size (Medplum's own server uses 20 and 1000). */
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

const keyOf = (r) => `${r.resourceType}/${r.id}`;

/** Every `reference` string in a resource (any depth). */
function referencesIn(value, out = new Set()) {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.add(v);
      else if (v && typeof v === 'object') referencesIn(v, out);
    }
  }
  return out;
}

/** A comparable key for one _sort value (dates as epoch ms, numbers as numbers, else text). */
function sortKey(values) {
  const v = values[0];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return Number(v);
  if (typeof v === 'string') {
    if (/^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(v)) {
      const ms = Date.parse(v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v);
      if (!Number.isNaN(ms)) return ms;
    }
    return v.toLowerCase();
  }
  if (typeof v === 'object') {
    if (v.start || v.end) return sortKey([v.start ?? v.end]);
    if (typeof v.value === 'number') return v.value;
    if (v.family || v.given) return `${v.family ?? ''} ${(v.given ?? []).join(' ')}`.toLowerCase();
    if (v.coding || v.text) return String(v.coding?.[0]?.display ?? v.coding?.[0]?.code ?? v.text ?? '').toLowerCase();
    if (v.reference) return String(v.reference);
    if (v.value !== undefined) return String(v.value).toLowerCase();
  }
  return JSON.stringify(v);
}

function compareKeys(a, b) {
  if (a === b) return 0;
  if (a === undefined) return 1; // missing values sort last
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

export class LiveRepository extends MemoryRepository {
  /** @param {{ validate?: boolean }} [options] */
  constructor(options = {}) {
    super();
    this.validate = options.validate !== false;
    /** Absolute base URL used in fullUrl and paging links (set by the HTTP layer). */
    this.baseUrl = 'http://127.0.0.1/fhir';
    /** @type {Map<string, Map<string, any>>} current version of every resource, by type */
    this.current = new Map();
    /** @type {Map<string, Set<string>>} reference string -> keys of resources that contain it */
    this.refIndex = new Map();
    /** @type {Map<string, Set<string>>} resource key -> its reference strings */
    this.refsByKey = new Map();
  }

  clear() {
    super.clear();
    this.current.clear();
    this.refIndex.clear();
    this.refsByKey.clear();
  }

  /** Creates (or stores a new version of) a resource; validates it first, as a production server does. */
  async createResource(resource, options) {
    if (this.validate) {
      // throws OperationOutcomeError (400) with the issues when the resource is invalid
      validateResource(resource);
    }
    const stored = await super.createResource(resource, options);
    this.index(stored);
    return stored;
  }

  /** Stores a resource without validation (for reloading a snapshot of already-validated data). */
  async restore(resource) {
    const stored = await super.createResource(resource);
    this.index(stored);
    return stored;
  }

  async deleteResource(resourceType, id) {
    await super.deleteResource(resourceType, id);
    this.unindex(`${resourceType}/${id}`);
    this.current.get(resourceType)?.delete(id);
  }

  index(resource) {
    const key = keyOf(resource);
    this.unindex(key);
    let byType = this.current.get(resource.resourceType);
    if (!byType) this.current.set(resource.resourceType, (byType = new Map()));
    byType.set(resource.id, resource);
    const refs = referencesIn(resource);
    this.refsByKey.set(key, refs);
    for (const ref of refs) {
      let set = this.refIndex.get(ref);
      if (!set) this.refIndex.set(ref, (set = new Set()));
      set.add(key);
    }
  }

  unindex(key) {
    for (const ref of this.refsByKey.get(key) ?? []) this.refIndex.get(ref)?.delete(key);
    this.refsByKey.delete(key);
  }

  /** Every stored resource (current versions). */
  *all() {
    for (const byType of this.current.values()) yield* byType.values();
  }

  /**
   * Normalises a parsed search: rejects unknown or unsupported parameters (a server that silently
   * ignored them would return other patients' data), and expands bare ids of reference parameters
   * (`patient=123`) to `Patient/123` as the spec allows.
   */
  normalise(searchRequest) {
    const filters = [];
    for (const filter of searchRequest.filters ?? []) {
      const param = getSearchParameter(searchRequest.resourceType, filter.code);
      if (!param) {
        throw new OperationOutcomeError(
          badRequest(`Unknown or unsupported search parameter for ${searchRequest.resourceType}: ${filter.code}`),
        );
      }
      if (!['reference', 'token', 'string', 'uri', 'date'].includes(param.type)) {
        throw new OperationOutcomeError(
          badRequest(`Search parameter type ${param.type} (${filter.code}) is not supported by this test server`),
        );
      }
      if (param.type === 'reference' && filter.operator !== Operator.MISSING && filter.operator !== Operator.PRESENT) {
        const values = String(filter.value)
          .split(',')
          .flatMap((v) => {
            if (v.includes('/')) return [v.replace(/^.*\/([A-Z][A-Za-z]+\/[^/]+)$/, '$1')];
            return (param.target ?? []).map((t) => `${t}/${v}`);
          });
        filters.push({ ...filter, value: values.join(',') });
      } else filters.push(filter);
    }
    for (const rule of searchRequest.sortRules ?? []) {
      if (!getSearchParameter(searchRequest.resourceType, rule.code)) {
        throw new OperationOutcomeError(badRequest(`Unknown _sort parameter for ${searchRequest.resourceType}: ${rule.code}`));
      }
    }
    return { ...searchRequest, filters };
  }

  /** Resources of `type` that could match: narrowed by the reference index when a reference filter allows it. */
  candidates(type, filters) {
    const byType = this.current.get(type);
    if (!byType) return [];
    const refFilter = filters.find(
      (f) => f.operator === Operator.EQUALS && getSearchParameter(type, f.code)?.type === 'reference' && f.value,
    );
    if (!refFilter) return [...byType.values()];
    const out = new Map();
    for (const ref of String(refFilter.value).split(',')) {
      for (const key of this.refIndex.get(ref) ?? []) {
        const [t, id] = key.split('/');
        if (t === type && byType.has(id)) out.set(key, byType.get(id));
      }
    }
    return [...out.values()];
  }

  async search(rawRequest) {
    const searchRequest = this.normalise(rawRequest);
    const { resourceType } = searchRequest;
    const matches = this.candidates(resourceType, searchRequest.filters).filter((r) => matchesSearchRequest(r, searchRequest));

    if (searchRequest.sortRules?.length) {
      const rules = searchRequest.sortRules.map((rule) => ({ rule, param: getSearchParameter(resourceType, rule.code) }));
      const keyed = matches.map((r) => ({ r, keys: rules.map(({ param }) => sortKey(evalFhirPath(param.expression, r))) }));
      keyed.sort((a, b) => {
        for (let i = 0; i < rules.length; i++) {
          const c = compareKeys(a.keys[i], b.keys[i]);
          if (c !== 0) {
            // missing values stay last in either direction
            if (a.keys[i] === undefined || b.keys[i] === undefined) return c;
            return rules[i].rule.descending ? -c : c;
          }
        }
        return 0;
      });
      matches.splice(0, matches.length, ...keyed.map((k) => k.r));
    } else {
      matches.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // a stable order for paging
    }

    const count = Math.min(Math.max(0, Number.isFinite(searchRequest.count) ? searchRequest.count : DEFAULT_COUNT), MAX_COUNT);
    const offset = Math.max(0, Number.isFinite(searchRequest.offset) ? searchRequest.offset : 0);
    const page = matches.slice(offset, offset + count);

    const entry = page.map((r) => ({ fullUrl: `${this.baseUrl}/${keyOf(r)}`, resource: structuredClone(r), search: { mode: 'match' } }));
    const included = this.includes(searchRequest, page);
    for (const r of included)
      entry.push({ fullUrl: `${this.baseUrl}/${keyOf(r)}`, resource: structuredClone(r), search: { mode: 'include' } });

    const link = [{ relation: 'self', url: this.pageUrl(rawRequest, offset, count) }];
    if (count > 0) {
      link.push({ relation: 'first', url: this.pageUrl(rawRequest, 0, count) });
      if (offset > 0) link.push({ relation: 'previous', url: this.pageUrl(rawRequest, Math.max(0, offset - count), count) });
      if (offset + count < matches.length) link.push({ relation: 'next', url: this.pageUrl(rawRequest, offset + count, count) });
      const last = matches.length === 0 ? 0 : Math.floor((matches.length - 1) / count) * count;
      link.push({ relation: 'last', url: this.pageUrl(rawRequest, last, count) });
    }
    return { resourceType: 'Bundle', type: 'searchset', total: matches.length, link, ...(entry.length ? { entry } : {}) };
  }

  /** The URL of another page of the same search (Medplum's own formatter of the parsed request). */
  pageUrl(searchRequest, offset, count) {
    return `${this.baseUrl}/${searchRequest.resourceType}${formatSearchQuery({ ...searchRequest, offset, count })}`;
  }

  /** Resources pulled in by _include and _revinclude (with :iterate, repeated until nothing new). */
  includes(searchRequest, page) {
    const seen = new Set(page.map(keyOf));
    const out = [];
    const add = (r) => {
      if (!r || seen.has(keyOf(r))) return false;
      seen.add(keyOf(r));
      out.push(r);
      return true;
    };
    const resolve = (ref) => {
      const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(String(ref ?? ''));
      return m ? this.current.get(m[1])?.get(m[2]) : undefined;
    };
    let sources = page;
    for (let round = 0; round < 4 && sources.length; round++) {
      const added = [];
      for (const target of searchRequest.include ?? []) {
        if (round > 0 && target.modifier !== Operator.ITERATE) continue;
        const param = getSearchParameter(target.resourceType, target.searchParam);
        if (!param) throw new OperationOutcomeError(badRequest(`Unknown _include parameter: ${target.resourceType}:${target.searchParam}`));
        for (const r of sources) {
          if (r.resourceType !== target.resourceType) continue;
          for (const v of evalFhirPath(param.expression, r)) {
            const found = resolve(v?.reference);
            if (found && (!target.targetType || found.resourceType === target.targetType) && add(found)) added.push(found);
          }
        }
      }
      for (const target of searchRequest.revInclude ?? []) {
        if (round > 0 && target.modifier !== Operator.ITERATE) continue;
        const param = getSearchParameter(target.resourceType, target.searchParam);
        if (!param)
          throw new OperationOutcomeError(badRequest(`Unknown _revinclude parameter: ${target.resourceType}:${target.searchParam}`));
        for (const r of sources) {
          const ref = keyOf(r);
          const filter = { code: target.searchParam, operator: Operator.EQUALS, value: ref };
          const request = { resourceType: target.resourceType, filters: [filter] };
          for (const c of this.candidates(target.resourceType, [filter])) {
            if (matchesSearchRequest(c, request) && add(c)) added.push(c);
          }
        }
      }
      sources = added;
    }
    return out;
  }
}
