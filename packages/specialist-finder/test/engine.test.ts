import { expect } from '@open-wc/testing';
import type { CommunicationRequest, Encounter, Observation, ServiceRequest } from 'fhir/r4.js';
import {
  EXAMPLE_RULE_SET,
  RuleSetError,
  convertUnit,
  evaluateRule,
  hba1cMmolMolToPercent,
  hba1cPercentToMmolMol,
  meetsCriteria,
  monthsBefore,
  normaliseUnit,
  parseDate,
  parseRuleSet,
  queryPlan,
  type ObservationThresholdCriteria,
  type ObservationTrendCriteria,
  type PatientRecord,
  type Rule,
} from '../src/index.js';

const now = new Date('2026-11-22T00:00:00Z');
const [hba1cRule, egfrRule, copdRule] = EXAMPLE_RULE_SET.rules as [Rule, Rule, Rule];
const DAY = 86_400_000;
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
let n = 0;

function obs(
  value: number | undefined,
  daysAgo: number | string | undefined,
  opts: { unit?: string | null; code?: string; system?: string; status?: Observation['status']; comparator?: '>' } = {},
): Observation {
  const unit = opts.unit === undefined ? 'mmol/mol' : opts.unit;
  return {
    resourceType: 'Observation',
    id: `o${++n}`,
    status: opts.status ?? 'final',
    code: { coding: [{ system: opts.system ?? 'http://snomed.info/sct', code: opts.code ?? '1049301000000100' }] },
    subject: { reference: 'Patient/p1' },
    ...(daysAgo === undefined ? {} : { effectiveDateTime: typeof daysAgo === 'string' ? daysAgo : ago(daysAgo) }),
    ...(value === undefined
      ? {}
      : {
          valueQuantity: {
            value,
            ...(unit === null ? {} : { unit, system: 'http://unitsofmeasure.org', code: unit }),
            ...(opts.comparator ? { comparator: opts.comparator } : {}),
          },
        }),
  };
}
const egfr = (value: number, daysAgo: number | string) => obs(value, daysAgo, { unit: 'mL/min/{1.73_m2}', code: '1011481000000105' });
const record = (observations: Observation[] = [], extra: Partial<PatientRecord> = {}): PatientRecord => ({
  observations,
  encounters: [],
  requests: [],
  ...extra,
});

function admission(daysAgo: number, cls = 'IMP', code = '195951007'): Encounter {
  return {
    resourceType: 'Encounter',
    id: `e${++n}`,
    status: 'finished',
    class: { code: cls },
    subject: { reference: 'Patient/p1' },
    period: { start: ago(daysAgo) },
    reasonCode: [{ coding: [{ system: 'http://snomed.info/sct', code }] }],
  };
}
function referral(code: string, daysAgo: number, status: ServiceRequest['status'] = 'active'): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: `s${++n}`,
    status,
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: 'http://snomed.info/sct', code }] },
    authoredOn: ago(daysAgo),
  };
}
function advice(code: string, daysAgo: number): CommunicationRequest {
  return {
    resourceType: 'CommunicationRequest',
    id: `c${++n}`,
    status: 'active',
    subject: { reference: 'Patient/p1' },
    category: [{ coding: [{ system: 'http://snomed.info/sct', code }] }],
    authoredOn: ago(daysAgo),
  };
}

describe('rule engine', () => {
  describe('threshold (HbA1c persistently >= 58 mmol/mol, latest 2 in 12 months)', () => {
    it('matches at the boundary and not just under it', () => {
      expect(evaluateRule(hba1cRule, record([obs(58, 200), obs(58, 30)]), now).status).to.equal('match');
      expect(evaluateRule(hba1cRule, record([obs(70, 200), obs(57.9, 30)]), now).status).to.equal('no-match');
      expect(evaluateRule(hba1cRule, record([obs(57.9, 200), obs(70, 30)]), now).status).to.equal('no-match');
    });

    it('needs the latest two: one high result is not enough', () => {
      expect(evaluateRule(hba1cRule, record([obs(80, 30)]), now).status).to.equal('no-match');
    });

    it('uses the newest results whatever order they arrive in', () => {
      const out = evaluateRule(hba1cRule, record([obs(60, 30), obs(40, 300), obs(65, 100)]), now);
      expect(out.status).to.equal('match');
      expect(out.evidence.map((e) => e.value)).to.deep.equal([60, 65]);
      const low = evaluateRule(hba1cRule, record([obs(70, 300), obs(50, 30), obs(65, 100)]), now);
      expect(low.status).to.equal('no-match');
    });

    it('counts the window in calendar months, inclusive at the edge', () => {
      const edge = new Date(monthsBefore(now, 12)).toISOString();
      expect(edge).to.equal('2025-11-22T00:00:00.000Z');
      expect(evaluateRule(hba1cRule, record([obs(70, edge), obs(70, 10)]), now).status).to.equal('match');
      const before = new Date(monthsBefore(now, 12) - 1000).toISOString();
      expect(evaluateRule(hba1cRule, record([obs(70, before), obs(70, 10)]), now).status).to.equal('no-match');
      expect(new Date(monthsBefore(new Date('2026-05-31T00:00:00Z'), 3)).toISOString()).to.equal('2026-02-28T00:00:00.000Z');
    });

    it('converts HbA1c % to mmol/mol (IFCC = 10.929 x (DCCT - 2.15))', () => {
      expect(hba1cPercentToMmolMol(7.5)).to.be.closeTo(58.47, 0.01);
      expect(hba1cMmolMolToPercent(58)).to.be.closeTo(7.457, 0.001);
      expect(convertUnit(7.5, '%', 'mmol/mol')).to.be.closeTo(58.47, 0.01);
      expect(convertUnit(58, 'mmol/mol', 'percent')).to.be.closeTo(7.457, 0.001);
      expect(convertUnit(1, 'mg', 'mmol/mol')).to.equal(undefined);
      const pct = (v: number, d: number) => obs(v, d, { unit: '%', system: 'http://loinc.org', code: '4548-4' });
      const out = evaluateRule(hba1cRule, record([pct(7.5, 100), pct(8, 20)]), now);
      expect(out.status).to.equal('match');
      expect(out.evidence[0].recorded).to.deep.equal({ value: 8, unit: '%' });
      expect(evaluateRule(hba1cRule, record([pct(7.4, 100), pct(8, 20)]), now).status).to.equal('no-match'); // 57.4
    });

    it('never guesses a missing or unknown unit, and says so', () => {
      const out = evaluateRule(hba1cRule, record([obs(70, 100, { unit: null }), obs(72, 20)]), now);
      expect(out.status).to.equal('no-match');
      expect(out.warnings).to.deep.include({ kind: 'missing-unit', count: 1 });
      const unknown = evaluateRule(hba1cRule, record([obs(70, 100, { unit: 'g/L' }), obs(72, 20)]), now);
      expect(unknown.warnings).to.deep.include({ kind: 'unknown-unit', count: 1 });
    });

    it('skips results with no date, a future date, no value, a range value or a non-final status', () => {
      const out = evaluateRule(
        hba1cRule,
        record([
          obs(70, undefined),
          obs(70, -30),
          obs(undefined, 10),
          obs(70, 12, { comparator: '>' }),
          obs(90, 5, { status: 'entered-in-error' }),
          obs(60, 40),
          obs(61, 20),
        ]),
        now,
      );
      expect(out.status).to.equal('match');
      expect(out.evidence.map((e) => e.value)).to.deep.equal([61, 60]);
      const kinds = out.warnings.map((w) => w.kind).sort();
      expect(kinds).to.deep.equal(['future-date', 'no-date', 'no-value', 'qualified-value']);
    });

    it('"any" scope counts results anywhere in the window', () => {
      const anyRule: Rule = { ...hba1cRule, criteria: { ...(hba1cRule.criteria as ObservationThresholdCriteria), scope: 'any', count: 2 } };
      expect(evaluateRule(anyRule, record([obs(70, 200), obs(40, 100), obs(70, 30)]), now).status).to.equal('match');
      const lt: Rule = {
        ...hba1cRule,
        criteria: { ...(hba1cRule.criteria as ObservationThresholdCriteria), comparator: '<', value: 40, count: 1 },
      };
      expect(evaluateRule(lt, record([obs(39, 10)]), now).status).to.equal('match');
      const le: Rule = {
        ...hba1cRule,
        criteria: { ...(hba1cRule.criteria as ObservationThresholdCriteria), comparator: '<=', value: 40, count: 1 },
      };
      expect(evaluateRule(le, record([obs(40, 10)]), now).status).to.equal('match');
      const gt: Rule = {
        ...hba1cRule,
        criteria: { ...(hba1cRule.criteria as ObservationThresholdCriteria), comparator: '>', value: 40, count: 1 },
      };
      expect(evaluateRule(gt, record([obs(40, 10)]), now).status).to.equal('no-match');
    });
  });

  describe('exclusions', () => {
    const high = [obs(70, 100), obs(72, 20)];
    it('excludes when a diabetes referral or advice request is recent, not when it is old, revoked or another specialty', () => {
      expect(evaluateRule(hba1cRule, record(high, { requests: [referral('408475000', 60)] }), now).status).to.equal('excluded');
      expect(evaluateRule(hba1cRule, record(high, { requests: [advice('408475000', 300)] }), now).status).to.equal('excluded');
      const old = evaluateRule(hba1cRule, record(high, { requests: [referral('408475000', 400, 'completed')] }), now);
      expect(old.status).to.equal('match');
      expect(old.existing).to.have.length(1);
      expect(evaluateRule(hba1cRule, record(high, { requests: [referral('408475000', 30, 'revoked')] }), now).status).to.equal('match');
      expect(evaluateRule(hba1cRule, record(high, { requests: [referral('418112009', 30)] }), now).status).to.equal('match');
    });

    it('reports the excluding request and lists existing ones newest first', () => {
      const a = referral('408475000', 400, 'completed');
      const b = referral('408475000', 60);
      const out = evaluateRule(hba1cRule, record(high, { requests: [a, b] }), now);
      expect(out.exclusion?.id).to.equal(b.id);
      expect(out.existing.map((r) => r.id)).to.deep.equal([b.id, a.id]);
    });
  });

  describe('trend (eGFR fall >= 15 per year)', () => {
    it('matches a fall of exactly 15 per year and not 14.9', () => {
      // 365.25 days apart
      const first = '2025-11-01T00:00:00Z';
      const last = '2026-11-01T06:00:00Z';
      expect(evaluateRule(egfrRule, record([egfr(45, last), egfr(60, first)]), now).status).to.equal('match');
      const slow = evaluateRule(egfrRule, record([egfr(45.1, last), egfr(60, first)]), now);
      expect(slow.status).to.equal('no-match');
      expect(slow.ratePerYear).to.be.closeTo(-14.9, 0.001);
    });

    it('needs two results at least 90 days apart, and ignores rises', () => {
      expect(evaluateRule(egfrRule, record([egfr(40, 10)]), now).status).to.equal('no-match');
      expect(evaluateRule(egfrRule, record([egfr(40, 10), egfr(60, 80)]), now).status).to.equal('no-match');
      expect(evaluateRule(egfrRule, record([egfr(60, 10), egfr(40, 200)]), now).status).to.equal('no-match');
      const out = evaluateRule(egfrRule, record([egfr(40, 10), egfr(62, 400), egfr(55, 200)]), now);
      expect(out.status).to.equal('match');
      expect(out.evidence.map((e) => e.value)).to.deep.equal([40, 62]);
      const rise: Rule = { ...egfrRule, criteria: { ...(egfrRule.criteria as ObservationTrendCriteria), direction: 'rise' } };
      expect(evaluateRule(rise, record([egfr(60, 10), egfr(40, 200)]), now).status).to.equal('match');
    });

    it('reads UCUM spellings of the eGFR unit as the same unit', () => {
      expect(normaliseUnit('mL/min/{1.73_m2}')).to.equal('ml/min/1.73m2');
      expect(normaliseUnit('mL/min/1.73 m^2')).to.equal('ml/min/1.73m2');
    });
  });

  describe('encounter count (2 COPD admissions in 12 months)', () => {
    it('counts inpatient admissions for COPD in the window only', () => {
      expect(evaluateRule(copdRule, record([], { encounters: [admission(200), admission(30)] }), now).status).to.equal('match');
      expect(evaluateRule(copdRule, record([], { encounters: [admission(400), admission(30)] }), now).status).to.equal('no-match');
      expect(evaluateRule(copdRule, record([], { encounters: [admission(200, 'EMER'), admission(30)] }), now).status).to.equal('no-match');
      expect(evaluateRule(copdRule, record([], { encounters: [admission(200, 'IMP', '12345'), admission(30)] }), now).status).to.equal(
        'no-match',
      );
      const cancelled = { ...admission(100), status: 'cancelled' as const };
      expect(evaluateRule(copdRule, record([], { encounters: [cancelled, admission(30)] }), now).status).to.equal('no-match');
      const undated = { ...admission(100), period: {} };
      const out = evaluateRule(copdRule, record([], { encounters: [undated, admission(30), admission(-40)] }), now);
      expect(out.warnings.map((w) => w.kind).sort()).to.deep.equal(['future-date', 'no-date']);
    });

    it('is excluded by a recent respiratory advice request', () => {
      const r = record([], { encounters: [admission(200), admission(30)], requests: [advice('418112009', 10)] });
      expect(evaluateRule(copdRule, r, now).status).to.equal('excluded');
      expect(meetsCriteria(copdRule, r, now)).to.equal(true);
    });
  });

  it('plans the searches: codes, the longest window, request types', () => {
    const plan = queryPlan(EXAMPLE_RULE_SET.rules, now);
    expect(plan.observationCodes).to.include('http://snomed.info/sct|1049301000000100');
    expect(plan.observationCodes).to.include('http://loinc.org|4548-4');
    expect(plan.observationSince).to.equal('2024-11-22');
    expect(plan.encounterSince).to.equal('2025-11-22');
    expect(plan.requestTypes).to.have.members(['ServiceRequest', 'CommunicationRequest']);
  });

  it('parses FHIR dates and rejects nonsense', () => {
    expect(parseDate('2026-03-01')).to.equal(Date.UTC(2026, 2, 1));
    expect(parseDate('2026-03')).to.equal(Date.UTC(2026, 2, 1));
    expect(parseDate('yesterday')).to.equal(undefined);
    expect(parseDate(42)).to.equal(undefined);
    expect(parseDate('2026-03-01T25:99:00Z')).to.equal(undefined);
  });
});

describe('rule file validation', () => {
  const valid = () => structuredClone(EXAMPLE_RULE_SET) as unknown as Record<string, unknown> & { rules: Array<Record<string, unknown>> };
  const issuesOf = (input: unknown) => {
    try {
      parseRuleSet(input);
    } catch (e) {
      expect(e).to.be.instanceOf(RuleSetError);
      return (e as RuleSetError).issues;
    }
    throw new Error('expected a RuleSetError');
  };

  it('accepts the example rules (also as JSON text round-trip)', () => {
    expect(parseRuleSet(JSON.parse(JSON.stringify(EXAMPLE_RULE_SET))).rules).to.have.length(3);
  });

  it('names the rule and the field of a wrong value', () => {
    const set = valid();
    (set.rules[0].criteria as Record<string, unknown>).value = '58';
    const issues = issuesOf(set);
    expect(issues).to.deep.equal([{ rule: 'diabetes-hba1c-persistent', path: 'criteria.value', message: 'must be a number' }]);
  });

  it('rejects a misspelt field instead of ignoring it', () => {
    const set = valid();
    (set.rules[1].criteria as Record<string, unknown>).ratePerYaer = 10;
    const err = issuesOf(set);
    expect(err[0].rule).to.equal('ckd-egfr-rapid-decline');
    expect(err[0].path).to.equal('criteria.ratePerYaer');
    try {
      parseRuleSet(set);
    } catch (e) {
      expect((e as Error).message).to.contain('Rule "ckd-egfr-rapid-decline", field "criteria.ratePerYaer"');
    }
  });

  it('checks every kind of field', () => {
    const set = valid();
    const r = set.rules[2];
    r.summary = 'x'.repeat(140);
    r.severity = 'urgent';
    (r.source as Record<string, unknown>).url = 'javascript:alert(1)';
    (r.exclusions as Array<Record<string, unknown>>)[0].resourceTypes = ['Task'];
    ((r.criteria as Record<string, unknown>).codes as Array<Record<string, unknown>>)[0].system = 'http://example.org';
    (r.criteria as Record<string, unknown>).classes = [];
    set.rules.push({ ...set.rules[0] });
    const paths = issuesOf(set).map((i) => `${i.rule}:${i.path}`);
    expect(paths).to.include.members([
      'copd-repeat-admission:summary',
      'copd-repeat-admission:severity',
      'copd-repeat-admission:source.url',
      'copd-repeat-admission:exclusions[0].resourceTypes',
      'copd-repeat-admission:criteria.codes[0].system',
      'copd-repeat-admission:criteria.classes',
      'diabetes-hba1c-persistent:id',
    ]);
  });

  it('names a rule without an id by its position, and reports file-level problems', () => {
    const set = valid();
    delete set.rules[1].id;
    (set.rules[1].criteria as Record<string, unknown>).kind = 'magic';
    const issues = issuesOf(set);
    expect(issues.map((i) => `${i.rule}:${i.path}`)).to.include.members(['rules[1]:id', 'rules[1]:criteria.kind']);
    expect(issuesOf(null)[0].rule).to.equal('(file)');
    expect(issuesOf({ version: 2, name: 'x', rules: [] }).map((i) => i.path)).to.deep.equal(['version', 'rules']);
    expect(issuesOf({ version: 1, name: 'x', rules: [42] })[0]).to.deep.include({ rule: 'rules[0]', message: 'must be an object' });
    const noCriteria = valid();
    noCriteria.rules[0].criteria = 'x';
    noCriteria.rules[0].exclusions = {};
    noCriteria.rules[0].source = null;
    expect(issuesOf(noCriteria).map((i) => i.path)).to.deep.equal(['criteria', 'exclusions', 'source']);
  });
});
