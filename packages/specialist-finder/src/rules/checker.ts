// The field checks of parseRuleSet: each records a problem with the rule and the field it is in.
import type { RuleCode, RuleIssue } from './types.js';
import { isKnownUnit } from './units.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Code systems of clinical codes (results, diagnoses): a typo in these would silently never match. */
export const CLINICAL_SYSTEMS = ['http://snomed.info/sct', 'http://loinc.org'];
/** Specialty codes may come from any code system the records use, given as an absolute URI. */
const URI = /^(https?:\/\/\S+|urn:\S+)$/;
export const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KNOWN_UNITS = 'mmol/mol, %, mg/mmol, mg/g, mL/min/1.73m2, umol/L, mg/dL, mmol/L, L, mL';

/** What a code list reference resolves to: its codes, or why it cannot be used. */
export type ListLookup = { codes: RuleCode[] } | { missing: true } | { cycle: string[] };

export class Checker {
  readonly issues: RuleIssue[] = [];
  constructor(
    private rule: string,
    private readonly lists: (id: string) => ListLookup,
  ) {}

  issue(path: string, message: string): void {
    this.issues.push({ rule: this.rule, path, message });
  }

  setRule(rule: string): void {
    this.rule = rule;
  }

  private at = (path: string, key: string) => (path ? `${path}.${key}` : key);

  allowed(o: Obj, path: string, keys: readonly string[]): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.issue(this.at(path, k), `unknown field (allowed: ${keys.join(', ')})`);
  }

  string(o: Obj, key: string, path: string, opts: { max?: number; optional?: boolean; pattern?: RegExp } = {}): void {
    const v = o[key];
    const p = this.at(path, key);
    if (v === undefined && opts.optional) return;
    if (typeof v !== 'string' || v.trim() === '') return this.issue(p, 'must be a non-empty string');
    if (opts.max !== undefined && v.length >= opts.max) this.issue(p, `must be shorter than ${opts.max} characters (is ${v.length})`);
    if (opts.pattern && !opts.pattern.test(v)) this.issue(p, `does not have the expected form ${String(opts.pattern)}`);
  }

  number(
    o: Obj,
    key: string,
    path: string,
    opts: { min?: number; max?: number; integer?: boolean; optional?: boolean; above?: number } = {},
  ): void {
    const v = o[key];
    const p = this.at(path, key);
    if (v === undefined && opts.optional) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.issue(p, 'must be a number');
    if (opts.integer && !Number.isInteger(v)) this.issue(p, 'must be a whole number');
    if (opts.min !== undefined && v < opts.min) this.issue(p, `must be at least ${opts.min}`);
    if (opts.above !== undefined && v <= opts.above) this.issue(p, `must be more than ${opts.above}`);
    if (opts.max !== undefined && v > opts.max) this.issue(p, `must be at most ${opts.max}`);
  }

  oneOf(o: Obj, key: string, path: string, values: readonly unknown[], optional = false): void {
    const v = o[key];
    if (v === undefined && optional) return;
    if (!values.includes(v)) this.issue(this.at(path, key), `must be one of ${values.join(', ')}`);
  }

  unit(o: Obj, key: string, path: string, also?: (u: string) => string | undefined): void {
    this.string(o, key, path);
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') return;
    if (!isKnownUnit(v)) return this.issue(this.at(path, key), `"${v}" is not a unit results can be converted to (known: ${KNOWN_UNITS})`);
    const problem = also?.(v);
    if (problem) this.issue(this.at(path, key), problem);
  }

  stringList(o: Obj, key: string, path: string, values?: readonly string[], optional = false): void {
    const v = o[key];
    const p = this.at(path, key);
    if (v === undefined && optional) return;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x !== '')) {
      return this.issue(p, 'must be a non-empty list of strings');
    }
    if (values) for (const x of v as string[]) if (!values.includes(x)) this.issue(p, `"${x}" is not one of ${values.join(', ')}`);
  }

  /** A list of `{ system, code, display?, series? }`; clinical codes must be SNOMED CT or LOINC. */
  codeList(v: unknown, p: string, clinical: boolean): void {
    if (!Array.isArray(v) || v.length === 0) return this.issue(p, 'must be a non-empty list of codes');
    v.forEach((c, i) => {
      const cp = `${p}[${i}]`;
      if (!isObj(c)) return this.issue(cp, 'must be an object with system and code');
      this.allowed(c, cp, ['system', 'code', 'display', 'series']);
      if (clinical) this.oneOf(c, 'system', cp, CLINICAL_SYSTEMS);
      else this.string(c, 'system', cp, { pattern: URI });
      this.string(c, 'code', cp);
      this.string(c, 'display', cp, { optional: true });
      this.string(c, 'series', cp, { optional: true });
    });
  }

  /** `codes` or `codeList` (exactly one) on `o`, at `path`. */
  codeRef(o: Obj, path: string, clinical = true): void {
    const hasCodes = o['codes'] !== undefined;
    const hasList = o['codeList'] !== undefined;
    if (hasCodes === hasList)
      return this.issue(this.at(path, hasCodes ? 'codeList' : 'codes'), 'give either codes or codeList (exactly one)');
    if (hasCodes) return this.codeList(o['codes'], this.at(path, 'codes'), clinical);
    const id = o['codeList'];
    const p = this.at(path, 'codeList');
    if (typeof id !== 'string' || id === '') return this.issue(p, 'must be the id of a code list');
    const found = this.lists(id);
    if ('missing' in found) this.issue(p, `refers to code list "${id}", which the rule set does not have`);
    else if ('cycle' in found) this.issue(p, `refers to code list "${id}", whose includes form a cycle (${found.cycle.join(' → ')})`);
    else if (clinical) {
      const bad = found.codes.find((c) => !CLINICAL_SYSTEMS.includes(c.system));
      if (bad) this.issue(p, `code list "${id}" has ${bad.system}|${bad.code}: clinical codes must be SNOMED CT or LOINC`);
    }
  }

  /** `{ label, url }` with an https URL. */
  link(v: unknown, p: string): void {
    if (!isObj(v)) return this.issue(p, 'must be an object with label and url');
    this.allowed(v, p, ['label', 'url']);
    this.string(v, 'label', p);
    this.string(v, 'url', p, { pattern: /^https:\/\/\S+$/ });
  }
}
