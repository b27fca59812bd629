// Code matching for the engine: a rule's codes as a lookup of `system|code` (built once per list).
import type { CodeableConcept, Coding } from 'fhir/r4.js';
import type { CodeRef, RuleCode } from './types.js';

/** An array from untrusted FHIR data, or [] when the field is not an array (malformed data). */
export function list<T>(value: readonly T[] | undefined): readonly T[];
export function list<T>(value: unknown): readonly T[];
export function list<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

const lookups = new WeakMap<readonly RuleCode[], Map<string, RuleCode>>();

function lookup(codes: readonly RuleCode[]): Map<string, RuleCode> {
  let m = lookups.get(codes);
  if (!m) {
    m = new Map(codes.map((c) => [`${c.system}|${c.code}`, c]));
    lookups.set(codes, m);
  }
  return m;
}

/** The rule code a Coding is, if it is one of `codes`. */
export function codingIn(coding: Coding | undefined, codes: readonly RuleCode[]): RuleCode | undefined {
  if (!coding || typeof coding.system !== 'string' || typeof coding.code !== 'string') return undefined;
  return lookup(codes).get(`${coding.system}|${coding.code}`);
}

/** The first of `codes` that a CodeableConcept carries. */
export function conceptCode(cc: CodeableConcept | undefined, codes: readonly RuleCode[]): RuleCode | undefined {
  for (const c of list<Coding>(cc?.coding)) {
    const hit = codingIn(c, codes);
    if (hit) return hit;
  }
  return undefined;
}

export function conceptHasCode(cc: CodeableConcept | undefined, codes: readonly RuleCode[]): boolean {
  return conceptCode(cc, codes) !== undefined;
}

/** The codes of a code reference: `parseRuleSet` resolves every `codeList` into `codes` (an unresolved one is a bug: it throws). */
export function codesOf(ref: CodeRef): readonly RuleCode[] {
  if (ref.codes) return ref.codes;
  if (ref.codeList) throw new Error(`Code list "${ref.codeList}" is not resolved: check rules with parseRuleSet before evaluating them`);
  return [];
}
