/**
 * `parseRuleSet` checks a rule file (see types.ts) and names the rule and the field of every problem,
 * including unknown fields (a misspelt `treshold` must not be ignored), unknown criteria, units
 * results cannot be converted to, and code lists that refer to each other in a cycle. It returns the
 * rule set with every `codeList` resolved into `codes`, so the engine reads codes only.
 */
import { Checker, ID_RE, isObj, type ListLookup, type Obj } from './checker.js';
import type { CodeList, CodeRef, Rule, RuleCode, RuleIssue, RuleSet } from './types.js';
import { normaliseUnit } from './units.js';

export type * from './types.js';

/** Thrown by `parseRuleSet`: the message lists every issue with rule and field. */
export class RuleSetError extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(issues.map((i) => `Rule "${i.rule}", field "${i.path}": ${i.message}`).join('\n'));
    this.name = 'RuleSetError';
  }
}

const SEVERITIES = ['info', 'warning', 'critical'];
const COMPARATORS = ['>', '>=', '<', '<='];
const CONTACT_TYPES = ['ServiceRequest', 'CommunicationRequest', 'Encounter', 'EpisodeOfCare'];
const KINDS = ['observation-threshold', 'observation-trend', 'egfr-fall', 'kfre', 'condition', 'encounter-count'];
const ACR_UNITS = ['mg/mmol', 'mg/g'];

/** The codes of a code list and of the lists it includes, or the cycle / missing list that stops it. */
function expander(lists: Record<string, unknown>) {
  const memo = new Map<string, ListLookup>();
  const expand = (id: string, stack: string[]): ListLookup => {
    const done = memo.get(id);
    if (done) return done;
    if (stack.includes(id)) return { cycle: [...stack.slice(stack.indexOf(id)), id] };
    const l = lists[id];
    if (!isObj(l)) return { missing: true };
    const codes: RuleCode[] = Array.isArray(l['codes']) ? (l['codes'] as RuleCode[]).filter(isObj) : [];
    for (const inc of Array.isArray(l['include']) ? (l['include'] as unknown[]) : []) {
      if (typeof inc !== 'string') continue;
      const r = expand(inc, [...stack, id]);
      if ('cycle' in r) return r; // not memoised: each entry point names its own path into the cycle
      if ('codes' in r) codes.push(...r.codes);
    }
    const seen = new Set<string>();
    const out: ListLookup = { codes: codes.filter((c) => !seen.has(`${c.system}|${c.code}`) && !!seen.add(`${c.system}|${c.code}`)) };
    memo.set(id, out);
    return out;
  };
  return (id: string) => expand(id, []);
}

function checkCodeLists(c: Checker, v: unknown, lists: (id: string) => ListLookup): void {
  if (v === undefined) return;
  if (!isObj(v)) return c.issue('codeLists', 'must be an object of code lists by id');
  for (const [id, l] of Object.entries(v)) {
    const p = `codeLists.${id}`;
    c.setRule(p);
    if (!ID_RE.test(id)) c.issue(p, `the id does not have the expected form ${String(ID_RE)}`);
    if (!isObj(l)) {
      c.issue(p, 'must be an object with description and codes or include');
      continue;
    }
    c.allowed(l, p, ['description', 'codes', 'include']);
    c.string(l, 'description', p);
    if (l['codes'] === undefined && l['include'] === undefined) c.issue(p, 'needs codes, include or both');
    if (l['codes'] !== undefined) c.codeList(l['codes'], `${p}.codes`, false);
    if (l['include'] !== undefined) {
      c.stringList(l, 'include', p);
      const includes = Array.isArray(l['include']) ? (l['include'] as unknown[]) : [];
      includes.forEach((inc, i) => {
        if (typeof inc === 'string' && 'missing' in lists(inc))
          c.issue(`${p}.include[${i}]`, `"${inc}" is not a code list of the rule set`);
      });
      const self = lists(id);
      if ('cycle' in self && self.cycle[0] === id)
        c.issue(`${p}.include[${includes.indexOf(self.cycle[1])}]`, `the includes form a cycle (${self.cycle.join(' → ')})`);
    }
  }
}

function checkAki(c: Checker, v: unknown, p: string): void {
  if (v === undefined) return;
  if (!isObj(v)) return c.issue(p, 'must be an object');
  c.allowed(v, p, ['conditions', 'creatinine', 'ratio', 'daysBefore', 'daysAfter']);
  if (v['conditions'] === undefined && v['creatinine'] === undefined) c.issue(p, 'needs conditions, creatinine or both');
  for (const k of ['conditions', 'creatinine']) {
    if (v[k] === undefined) continue;
    if (!isObj(v[k])) c.issue(`${p}.${k}`, 'must be an object with codes or codeList');
    else {
      c.allowed(v[k], `${p}.${k}`, ['codes', 'codeList']);
      c.codeRef(v[k], `${p}.${k}`);
    }
  }
  c.number(v, 'ratio', p, { above: 1, optional: true });
  c.number(v, 'daysBefore', p, { min: 0, integer: true, optional: true });
  c.number(v, 'daysAfter', p, { min: 0, integer: true, optional: true });
}

function checkCriteria(c: Checker, v: unknown): void {
  const p = 'criteria';
  if (!isObj(v)) return c.issue(p, 'must be an object');
  if (!KINDS.includes(v['kind'] as string))
    return c.issue(`${p}.kind`, `unknown criterion "${String(v['kind'])}" (known: ${KINDS.join(', ')})`);
  c.string(v, 'label', p);
  const obs = ['kind', 'label', 'codes', 'codeList', 'unit', 'windowMonths'];
  const observations = () => {
    c.codeRef(v, p);
    c.unit(v, 'unit', p);
    c.number(v, 'windowMonths', p, { min: 1, integer: true });
  };
  switch (v['kind']) {
    case 'observation-threshold':
      c.allowed(v, p, [...obs, 'comparator', 'value', 'count', 'scope']);
      observations();
      c.oneOf(v, 'comparator', p, COMPARATORS);
      c.number(v, 'value', p);
      c.number(v, 'count', p, { min: 1, integer: true, optional: true });
      c.oneOf(v, 'scope', p, ['latest', 'any'], true);
      return;
    case 'observation-trend':
      c.allowed(v, p, [...obs, 'direction', 'ratePerYear', 'minResults', 'minSpanDays', 'aki']);
      observations();
      c.oneOf(v, 'direction', p, ['fall', 'rise']);
      c.number(v, 'ratePerYear', p, { min: 0 });
      c.number(v, 'minResults', p, { min: 3, integer: true, optional: true });
      c.number(v, 'minSpanDays', p, { min: 90, integer: true, optional: true });
      return checkAki(c, v['aki'], `${p}.aki`);
    case 'egfr-fall':
      c.allowed(v, p, [...obs, 'percent', 'withinMonths', 'confirmDays', 'aki']);
      observations();
      c.number(v, 'percent', p, { above: 0, max: 99 });
      c.number(v, 'withinMonths', p, { min: 1, integer: true });
      c.number(v, 'confirmDays', p, { min: 1, integer: true, optional: true });
      return checkAki(c, v['aki'], `${p}.aki`);
    case 'kfre':
      c.allowed(v, p, [
        'kind',
        'label',
        'egfr',
        'acr',
        'acrUnit',
        'horizonYears',
        'calibration',
        'comparator',
        'valuePercent',
        'egfrBelow',
        'windowMonths',
        'aki',
      ]);
      for (const k of ['egfr', 'acr']) {
        if (!isObj(v[k])) c.issue(`${p}.${k}`, 'must be an object with codes or codeList');
        else {
          c.allowed(v[k], `${p}.${k}`, ['codes', 'codeList']);
          c.codeRef(v[k], `${p}.${k}`);
        }
      }
      c.unit(v, 'acrUnit', p, (u) =>
        ACR_UNITS.includes(normaliseUnit(u)) ? undefined : `must be an ACR unit (${ACR_UNITS.join(' or ')})`,
      );
      c.oneOf(v, 'horizonYears', p, [2, 5]);
      c.oneOf(v, 'calibration', p, ['non-north-american', 'north-american']);
      c.oneOf(v, 'comparator', p, COMPARATORS);
      c.number(v, 'valuePercent', p, { above: 0, max: 100 });
      c.number(v, 'egfrBelow', p, { above: 0, optional: true });
      c.number(v, 'windowMonths', p, { min: 1, integer: true });
      return checkAki(c, v['aki'], `${p}.aki`);
    case 'condition':
      c.allowed(v, p, ['kind', 'label', 'codes', 'codeList', 'windowMonths']);
      c.codeRef(v, p);
      c.number(v, 'windowMonths', p, { min: 1, integer: true, optional: true });
      return;
    case 'encounter-count':
      c.allowed(v, p, ['kind', 'label', 'codes', 'codeList', 'windowMonths', 'classes', 'count']);
      c.codeRef(v, p);
      c.number(v, 'windowMonths', p, { min: 1, integer: true });
      c.stringList(v, 'classes', p);
      c.number(v, 'count', p, { min: 1, integer: true });
  }
}

function checkPopulation(c: Checker, v: unknown): void {
  const p = 'population';
  if (v === undefined) return;
  if (!isObj(v)) return c.issue(p, 'must be an object');
  c.allowed(v, p, ['ageAtLeast', 'ageBelow', 'hasCondition']);
  c.number(v, 'ageAtLeast', p, { min: 0, integer: true, optional: true });
  c.number(v, 'ageBelow', p, { min: 1, integer: true, optional: true });
  const [lo, hi] = [v['ageAtLeast'], v['ageBelow']];
  if (typeof lo === 'number' && typeof hi === 'number' && hi <= lo) c.issue(`${p}.ageBelow`, `must be more than ageAtLeast (${lo})`);
  const h = v['hasCondition'];
  if (h === undefined) return;
  if (!isObj(h)) return c.issue(`${p}.hasCondition`, 'must be an object with label and codes or codeList');
  c.allowed(h, `${p}.hasCondition`, ['label', 'codes', 'codeList']);
  c.string(h, 'label', `${p}.hasCondition`);
  c.codeRef(h, `${p}.hasCondition`);
}

function checkExclusions(c: Checker, v: unknown): void {
  if (!Array.isArray(v)) return c.issue('exclusions', 'must be a list (use [] for none)');
  v.forEach((e, i) => {
    const p = `exclusions[${i}]`;
    if (!isObj(e)) return c.issue(p, 'must be an object');
    c.allowed(e, p, ['kind', 'resourceTypes', 'codes', 'codeList', 'withinMonths', 'statuses']);
    c.oneOf(e, 'kind', p, ['specialist-contact', 'recent-request']);
    c.stringList(e, 'resourceTypes', p, CONTACT_TYPES);
    c.codeRef(e, p, false);
    c.number(e, 'withinMonths', p, { min: 1, integer: true });
    c.stringList(e, 'statuses', p, undefined, true);
  });
}

function checkRule(c: Checker, r: Obj, seen: Set<string>): void {
  c.allowed(r, '', ['id', 'title', 'summary', 'severity', 'specialty', 'basis', 'population', 'criteria', 'exclusions', 'source', 'links']);
  c.string(r, 'id', '', { pattern: ID_RE });
  if (typeof r['id'] === 'string') {
    if (seen.has(r['id'])) c.issue('id', 'is used by another rule');
    seen.add(r['id']);
  }
  c.string(r, 'title', '', { max: 140 });
  c.string(r, 'summary', '', { max: 140 });
  c.oneOf(r, 'severity', '', SEVERITIES);
  c.string(r, 'specialty', '');
  c.oneOf(r, 'basis', '', ['guideline', 'local'], true);
  checkPopulation(c, r['population']);
  checkCriteria(c, r['criteria']);
  checkExclusions(c, r['exclusions']);
  c.link(r['source'], 'source');
  if (r['links'] !== undefined) {
    if (!Array.isArray(r['links'])) c.issue('links', 'must be a list of { label, url }');
    else r['links'].forEach((l, i) => c.link(l, `links[${i}]`));
  }
}

/** Every place of a rule that names codes. */
function codeRefsOf(rule: Rule): CodeRef[] {
  const c = rule.criteria;
  const refs: Array<CodeRef | undefined> = [rule.population?.hasCondition, ...rule.exclusions];
  if (c.kind === 'kfre') refs.push(c.egfr, c.acr);
  else refs.push(c);
  if ('aki' in c && c.aki) refs.push(c.aki.conditions, c.aki.creatinine);
  return refs.filter((r): r is CodeRef => !!r);
}

/**
 * Checks a parsed rule file and returns it typed, with code lists resolved. Throws `RuleSetError`
 * listing every problem (rule id + field path).
 */
export function parseRuleSet(input: unknown): RuleSet {
  if (!isObj(input)) throw new RuleSetError([{ rule: '(file)', path: '', message: 'must be a JSON object with "version" and "rules"' }]);
  const rawLists = isObj(input['codeLists']) ? input['codeLists'] : {};
  const lists = expander(rawLists);
  const c = new Checker('(file)', lists);
  c.allowed(input, '', ['$schema', 'version', 'name', 'disclaimer', 'codeLists', 'rules']);
  if (input['version'] !== 1) c.issue('version', 'must be 1');
  c.string(input, 'name', '');
  c.string(input, 'disclaimer', '', { optional: true });
  checkCodeLists(c, input['codeLists'], lists);
  const rules = input['rules'];
  if (!Array.isArray(rules) || rules.length === 0) {
    c.setRule('(file)');
    c.issue('rules', 'must be a non-empty list of rules');
    throw new RuleSetError(c.issues);
  }
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    c.setRule(isObj(r) && typeof r['id'] === 'string' && r['id'] !== '' ? r['id'] : `rules[${i}]`);
    if (!isObj(r)) return c.issue('', 'must be an object');
    checkRule(c, r, seen);
  });
  if (c.issues.length) throw new RuleSetError(c.issues);
  const set = structuredClone(input) as unknown as RuleSet;
  for (const rule of set.rules) {
    for (const ref of codeRefsOf(rule)) {
      if (ref.codeList) ref.codes = (lists(ref.codeList) as { codes: RuleCode[] }).codes;
    }
  }
  return set;
}

/** The code lists of a rule set as given (for tools that show them). */
export const codeListsOf = (set: RuleSet): Record<string, CodeList> => set.codeLists ?? {};
