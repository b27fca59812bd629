/**
 * The rule format: declarative JSON an organisation reviews and adopts. Rules are data, not code;
 * `parseRuleSet` checks a file and names the rule and the field of every problem, so a typo can
 * never turn into a silent non-match.
 */

export type Severity = 'info' | 'warning' | 'critical';
export type Comparator = '>' | '>=' | '<' | '<=';

/** A code a rule looks at: SNOMED CT (`http://snomed.info/sct`) or LOINC (`http://loinc.org`). */
export interface RuleCode {
  system: string;
  code: string;
  display?: string;
}

/** "The latest `count` results (or any `count` results) in the window are above/below a threshold." */
export interface ObservationThresholdCriteria {
  kind: 'observation-threshold';
  /** Short name of the measurement, used in the evidence ("HbA1c"). */
  label: string;
  codes: RuleCode[];
  /** Unit the threshold is in; results in other known units are converted (HbA1c % <-> mmol/mol). */
  unit: string;
  comparator: Comparator;
  value: number;
  /** How many results must meet the threshold (default 1). */
  count?: number;
  /** `latest`: the `count` most recent results all meet it (persistently); `any`: at least `count` results do. Default `latest`. */
  scope?: 'latest' | 'any';
  /** Only results in the last N months count. */
  windowMonths: number;
}

/** "The value falls (or rises) by at least `ratePerYear` per year across the window." */
export interface ObservationTrendCriteria {
  kind: 'observation-trend';
  label: string;
  codes: RuleCode[];
  unit: string;
  direction: 'fall' | 'rise';
  /** Change per year, in `unit`, from the earliest to the latest result in the window. */
  ratePerYear: number;
  windowMonths: number;
  /** At least this many results in the window (default 2). */
  minResults?: number;
  /** The earliest and latest result must be at least this many days apart (default 90). */
  minSpanDays?: number;
}

/** "At least `count` encounters of these classes, for these reasons, in the window." */
export interface EncounterCountCriteria {
  kind: 'encounter-count';
  label: string;
  /** `Encounter.class` codes (v3 ActCode), e.g. `IMP` for an admission. */
  classes: string[];
  /** Matched against `Encounter.reasonCode` and `Encounter.type`. */
  codes: RuleCode[];
  count: number;
  windowMonths: number;
}

export type RuleCriteria = ObservationThresholdCriteria | ObservationTrendCriteria | EncounterCountCriteria;

/** "Not if a referral or advice request to this specialty exists in the last N months." */
export interface RequestExclusion {
  kind: 'recent-request';
  /** `ServiceRequest` (referral) and/or `CommunicationRequest` (advice request). */
  resourceTypes: Array<'ServiceRequest' | 'CommunicationRequest'>;
  /** Specialty codes, matched against ServiceRequest.code/category and CommunicationRequest.category/reasonCode. */
  codes: RuleCode[];
  withinMonths: number;
  /** Request statuses that count (default active, on-hold, completed). */
  statuses?: string[];
}

export interface RuleSource {
  label: string;
  url: string;
}

export interface Rule {
  id: string;
  title: string;
  /** The CDS Hooks card summary: under 140 characters. */
  summary: string;
  severity: Severity;
  /** The specialty the patient might need, e.g. "diabetes". */
  specialty: string;
  criteria: RuleCriteria;
  exclusions: RequestExclusion[];
  source: RuleSource;
}

export interface RuleSet {
  version: 1;
  name: string;
  /** Who reviewed and adopted the rules, or the "examples only" statement. */
  disclaimer?: string;
  rules: Rule[];
}

/** One problem in a rule file: which rule, which field, what is wrong. */
export interface RuleIssue {
  /** The rule's id, or `rules[3]` when it has none. */
  rule: string;
  /** Field path inside the rule (or the file), e.g. `criteria.value`. */
  path: string;
  message: string;
}

/** Thrown by `parseRuleSet`: the message lists every issue with rule and field. */
export class RuleSetError extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(issues.map((i) => `Rule "${i.rule}", field "${i.path}": ${i.message}`).join('\n'));
    this.name = 'RuleSetError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const SEVERITIES = ['info', 'warning', 'critical'];
const COMPARATORS = ['>', '>=', '<', '<='];
const REQUEST_TYPES = ['ServiceRequest', 'CommunicationRequest'];
const KNOWN_SYSTEMS = ['http://snomed.info/sct', 'http://loinc.org'];
const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

class Checker {
  readonly issues: RuleIssue[] = [];
  constructor(private rule: string) {}

  issue(path: string, message: string): void {
    this.issues.push({ rule: this.rule, path, message });
  }

  setRule(rule: string): void {
    this.rule = rule;
  }

  allowed(o: Obj, path: string, keys: readonly string[]): void {
    for (const k of Object.keys(o))
      if (!keys.includes(k)) this.issue(path ? `${path}.${k}` : k, `unknown field (allowed: ${keys.join(', ')})`);
  }

  string(o: Obj, key: string, path: string, opts: { max?: number; optional?: boolean; pattern?: RegExp } = {}): void {
    const v = o[key];
    const p = path ? `${path}.${key}` : key;
    if (v === undefined && opts.optional) return;
    if (typeof v !== 'string' || v.trim() === '') return this.issue(p, 'must be a non-empty string');
    if (opts.max !== undefined && v.length >= opts.max) this.issue(p, `must be shorter than ${opts.max} characters (is ${v.length})`);
    if (opts.pattern && !opts.pattern.test(v)) this.issue(p, `does not have the expected form ${String(opts.pattern)}`);
  }

  number(o: Obj, key: string, path: string, opts: { min?: number; integer?: boolean; optional?: boolean } = {}): void {
    const v = o[key];
    const p = path ? `${path}.${key}` : key;
    if (v === undefined && opts.optional) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.issue(p, 'must be a number');
    if (opts.integer && !Number.isInteger(v)) this.issue(p, 'must be a whole number');
    if (opts.min !== undefined && v < opts.min) this.issue(p, `must be at least ${opts.min}`);
  }

  oneOf(o: Obj, key: string, path: string, values: readonly string[], optional = false): void {
    const v = o[key];
    const p = path ? `${path}.${key}` : key;
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || !values.includes(v)) this.issue(p, `must be one of ${values.join(', ')}`);
  }

  codes(o: Obj, key: string, path: string): void {
    const v = o[key];
    const p = `${path}.${key}`;
    if (!Array.isArray(v) || v.length === 0) return this.issue(p, 'must be a non-empty list of codes');
    v.forEach((c, i) => {
      const cp = `${p}[${i}]`;
      if (!isObj(c)) return this.issue(cp, 'must be an object with system and code');
      this.allowed(c, cp, ['system', 'code', 'display']);
      this.oneOf(c, 'system', cp, KNOWN_SYSTEMS);
      this.string(c, 'code', cp);
      this.string(c, 'display', cp, { optional: true });
    });
  }

  stringList(o: Obj, key: string, path: string, values?: readonly string[], optional = false): void {
    const v = o[key];
    const p = `${path}.${key}`;
    if (v === undefined && optional) return;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x !== '')) {
      return this.issue(p, 'must be a non-empty list of strings');
    }
    if (values) for (const x of v as string[]) if (!values.includes(x)) this.issue(p, `"${x}" is not one of ${values.join(', ')}`);
  }
}

function checkCriteria(c: Checker, v: unknown): void {
  const path = 'criteria';
  if (!isObj(v)) return c.issue(path, 'must be an object');
  const common = ['kind', 'label', 'codes', 'windowMonths'];
  c.string(v, 'label', path);
  c.codes(v, 'codes', path);
  c.number(v, 'windowMonths', path, { min: 1, integer: true });
  switch (v.kind) {
    case 'observation-threshold':
      c.allowed(v, path, [...common, 'unit', 'comparator', 'value', 'count', 'scope']);
      c.string(v, 'unit', path);
      c.oneOf(v, 'comparator', path, COMPARATORS);
      c.number(v, 'value', path);
      c.number(v, 'count', path, { min: 1, integer: true, optional: true });
      c.oneOf(v, 'scope', path, ['latest', 'any'], true);
      return;
    case 'observation-trend':
      c.allowed(v, path, [...common, 'unit', 'direction', 'ratePerYear', 'minResults', 'minSpanDays']);
      c.string(v, 'unit', path);
      c.oneOf(v, 'direction', path, ['fall', 'rise']);
      c.number(v, 'ratePerYear', path, { min: 0 });
      c.number(v, 'minResults', path, { min: 2, integer: true, optional: true });
      c.number(v, 'minSpanDays', path, { min: 1, integer: true, optional: true });
      return;
    case 'encounter-count':
      c.allowed(v, path, [...common, 'classes', 'count']);
      c.stringList(v, 'classes', path);
      c.number(v, 'count', path, { min: 1, integer: true });
      return;
    default:
      c.issue(`${path}.kind`, 'must be one of observation-threshold, observation-trend, encounter-count');
  }
}

function checkExclusions(c: Checker, v: unknown): void {
  if (!Array.isArray(v)) return c.issue('exclusions', 'must be a list (use [] for none)');
  v.forEach((e, i) => {
    const p = `exclusions[${i}]`;
    if (!isObj(e)) return c.issue(p, 'must be an object');
    c.allowed(e, p, ['kind', 'resourceTypes', 'codes', 'withinMonths', 'statuses']);
    c.oneOf(e, 'kind', p, ['recent-request']);
    c.stringList(e, 'resourceTypes', p, REQUEST_TYPES);
    c.codes(e, 'codes', p);
    c.number(e, 'withinMonths', p, { min: 1, integer: true });
    c.stringList(e, 'statuses', p, undefined, true);
  });
}

/**
 * Checks a parsed rule file and returns it typed. Throws `RuleSetError` listing every problem
 * (rule id + field path), including unknown fields: a misspelt `treshold` must not be ignored.
 */
export function parseRuleSet(input: unknown): RuleSet {
  const c = new Checker('(file)');
  if (!isObj(input)) throw new RuleSetError([{ rule: '(file)', path: '', message: 'must be a JSON object with "version" and "rules"' }]);
  c.allowed(input, '', ['$schema', 'version', 'name', 'disclaimer', 'rules']);
  if (input.version !== 1) c.issue('version', 'must be 1');
  c.string(input, 'name', '');
  c.string(input, 'disclaimer', '', { optional: true });
  const rules = input.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    c.issue('rules', 'must be a non-empty list of rules');
    throw new RuleSetError(c.issues);
  }
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const name = isObj(r) && typeof r.id === 'string' && r.id !== '' ? r.id : `rules[${i}]`;
    c.setRule(name);
    if (!isObj(r)) return c.issue('', 'must be an object');
    c.allowed(r, '', ['id', 'title', 'summary', 'severity', 'specialty', 'criteria', 'exclusions', 'source']);
    c.string(r, 'id', '', { pattern: ID_RE });
    if (typeof r.id === 'string') {
      if (seen.has(r.id)) c.issue('id', 'is used by another rule');
      seen.add(r.id);
    }
    c.string(r, 'title', '', { max: 140 });
    c.string(r, 'summary', '', { max: 140 });
    c.oneOf(r, 'severity', '', SEVERITIES);
    c.string(r, 'specialty', '');
    checkCriteria(c, r.criteria);
    checkExclusions(c, r.exclusions);
    if (!isObj(r.source)) c.issue('source', 'must be an object with label and url');
    else {
      c.allowed(r.source, 'source', ['label', 'url']);
      c.string(r.source, 'label', 'source');
      c.string(r.source, 'url', 'source', { pattern: /^https:\/\/\S+$/ });
    }
  });
  if (c.issues.length) throw new RuleSetError(c.issues);
  return input as unknown as RuleSet;
}
