// Seeded generator of malformed FHIR (issue 7.2): takes real resources and breaks them the ways real
// feeds do. Deterministic for a seed, and every mutation is described (kind and path, no values) so
// a failure can be reproduced.
import type { Resource } from 'fhir/r4.js';
import { Rng } from '@joinedcare/fixtures';

export type MutationKind =
  'remove-field' | 'wrong-type' | 'null-value' | 'unknown-resource-type' | 'stu3-contained' | 'bad-date' | 'huge-string' | 'deep-nesting';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'remove-field',
  'wrong-type',
  'null-value',
  'unknown-resource-type',
  'stu3-contained',
  'bad-date',
  'huge-string',
  'deep-nesting',
];

export interface Mutation {
  kind: MutationKind;
  /** `Type/id.path.to.field`. */
  where: string;
}

/** Dates as they arrive from systems that do not follow FHIR (never the words a user must not see). */
const BAD_DATES: readonly unknown[] = [
  '12/03/2024',
  '2024-13-45',
  'yesterday',
  '',
  '2024-02-30T25:61:00Z',
  '0000-00-00',
  '99999-01-01',
  '2024-06-01T10:00',
  '20240312',
  20240312,
  -1,
  '1e400',
];

/** Resource types from STU3 or other versions, or none at all. */
const UNKNOWN_TYPES: readonly unknown[] = ['Widget', 'MedicationOrder', 'ReferralRequest', 'ProcedureRequest', '', 42, null, ['Condition']];

/** STU3 resources as they appear inside R4 `contained`. */
const STU3: readonly Record<string, unknown>[] = [
  {
    resourceType: 'MedicationOrder',
    id: 'stu3-med',
    status: 'active',
    medicationCodeableConcept: { text: 'Amoxicillin 500mg capsules' },
    dateWritten: '2017-01-01',
  },
  { resourceType: 'ReferralRequest', id: 'stu3-ref', status: 'active', type: { text: 'Referral' }, authoredOn: '2017-02-03' },
  {
    resourceType: 'AllergyIntolerance',
    id: 'stu3-allergy',
    verificationStatus: 'confirmed',
    clinicalStatus: 'active',
    code: { text: 'Peanut' },
  },
  {
    resourceType: 'Medication',
    id: 'stu3-medication',
    isBrand: true,
    code: { text: 'Brand medicine' },
    package: { container: { text: 'Box' } },
  },
  { resourceType: 'Practitioner', id: 'stu3-prac', name: { family: 'Jones', given: 'Ann' } },
];

const DATE_KEY =
  /date|time|period|start|end|authoredOn|issued|recorded|sent|received|occurrence|onset|abatement|birth|lastUpdated|instant/i;
const ISO_LIKE = /^\d{4}(-\d{2}(-\d{2}(T.*)?)?)?$/;

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 12) return out;
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), paths(v, [...prefix, i], out)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, k];
      // the resource's own identity stays (a server needs it to store and find the resource)
      if (prefix.length === 0 && (k === 'resourceType' || k === 'id')) continue;
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), root);
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): void {
  const parent = getAt(root, path.slice(0, -1));
  if (!parent || typeof parent !== 'object') return;
  const key = path[path.length - 1];
  if (remove) {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete (parent as Record<string | number, unknown>)[key];
  } else (parent as Record<string | number, unknown>)[key] = value;
}

/** An object nested `depth` levels deep (built iteratively: no recursion limit is hit building it). */
export function deeplyNested(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { text: 'deep' };
  // one child per level: a shared child would make the JSON exponentially large
  for (let i = 0; i < depth; i++) inner = i % 2 ? { coding: [inner] } : { extension: inner };
  return inner;
}

function wrongType(value: unknown, rng: Rng): unknown {
  if (typeof value === 'string') return rng.pick([rng.int(0, 99999), true, { text: value }, [value]]);
  if (typeof value === 'number') return rng.pick([String(value), `${value} mg`, 'twelve', { value }]);
  if (typeof value === 'boolean') return rng.pick(['yes', 1, [value]]);
  if (Array.isArray(value)) return value.length ? value[0] : {};
  if (value && typeof value === 'object') return rng.pick([[value], 'text instead of an object', 7]);
  return {};
}

/**
 * Applies `count` random mutations to copies of `resources` (picked uniformly over resources, then
 * over the paths in the chosen resource). Returns the copies and what was done.
 */
export function mutate(resources: readonly Resource[], rng: Rng, count: number): { resources: Resource[]; applied: Mutation[] } {
  const out = resources.map((r) => structuredClone(r));
  const applied: Mutation[] = [];
  if (!out.length) return { resources: out, applied };
  for (let n = 0; n < count; n++) {
    const kind = rng.pick(MUTATION_KINDS);
    const index = rng.int(0, out.length - 1);
    const r = out[index] as unknown as Record<string, unknown>;
    const name = `${String(r['resourceType'])}/${String(r['id'])}`;
    const all = paths(r);
    const path = all.length ? rng.pick(all) : ['text'];
    const where = `${name}.${path.join('.')}`;
    switch (kind) {
      case 'remove-field':
        setAt(r, path, undefined, true);
        break;
      case 'wrong-type':
        setAt(r, path, wrongType(getAt(r, path), rng));
        break;
      case 'null-value':
        setAt(r, path, null);
        break;
      case 'unknown-resource-type':
        if (r['resourceType'] === 'Patient') continue; // the patient in context stays findable
        r['resourceType'] = rng.pick(UNKNOWN_TYPES);
        applied.push({ kind, where: name });
        continue;
      case 'stu3-contained': {
        const stu3 = structuredClone(rng.pick(STU3));
        r['contained'] = [...(Array.isArray(r['contained']) ? (r['contained'] as unknown[]) : []), stu3];
        // and point a reference at it, as an STU3 feed would
        if (rng.chance(0.5)) r['medicationReference'] = { reference: `#${String(stu3['id'])}` };
        applied.push({ kind, where: `${name}.contained` });
        continue;
      }
      case 'bad-date': {
        const dated = all.filter((p) => DATE_KEY.test(String(p[p.length - 1])) || ISO_LIKE.test(String(getAt(r, p))));
        const target = dated.length ? rng.pick(dated) : path;
        setAt(r, target, rng.pick(BAD_DATES));
        applied.push({ kind, where: `${name}.${target.join('.')}` });
        continue;
      }
      case 'huge-string':
        setAt(r, path, `${'Very long text '.repeat(rng.int(1000, 20000))}end`);
        break;
      case 'deep-nesting':
        setAt(r, path, deeplyNested(1000));
        break;
    }
    applied.push({ kind, where });
  }
  return { resources: out, applied };
}
