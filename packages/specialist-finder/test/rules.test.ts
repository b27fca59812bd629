import { expect } from '@open-wc/testing';
import { EXAMPLE_RULE_SET, EXAMPLE_RULES, RuleSetError, evaluateRule, parseRuleSet, type Rule, type RuleIssue } from '../src/index.js';

type Mutable = Record<string, unknown> & { rules: Array<Record<string, unknown>>; codeLists: Record<string, Record<string, unknown>> };
const valid = () => structuredClone(EXAMPLE_RULE_SET) as unknown as Mutable;
const ruleOf = (set: Mutable, id: string) => set.rules.find((r) => r['id'] === id)!;
const criteria = (set: Mutable, id: string) => ruleOf(set, id)['criteria'] as Record<string, unknown>;
function issuesOf(input: unknown): RuleIssue[] {
  try {
    parseRuleSet(input);
  } catch (e) {
    expect(e).to.be.instanceOf(RuleSetError);
    return (e as RuleSetError).issues;
  }
  throw new Error('expected a RuleSetError');
}
const at = (issues: RuleIssue[]) => issues.map((i) => `${i.rule}:${i.path}`);

describe('rule file validation', () => {
  it('accepts the example rules, also as JSON text, and resolves their code lists into codes', () => {
    const set = parseRuleSet(JSON.parse(JSON.stringify(EXAMPLE_RULE_SET)));
    expect(set.rules).to.have.length(7);
    const hba1c = set.rules.find((r) => r.id === 'diabetes-hba1c-persistent')!;
    expect(hba1c.population?.hasCondition?.codes?.map((c) => c.code)).to.include.members(['44054006', '237599002']);
    expect(hba1c.exclusions[0].codes?.map((c) => c.system)).to.include(
      'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-TreatmentFunction',
    );
  });

  it('rejects an unknown criterion, naming the rule and the field', () => {
    const set = valid();
    criteria(set, 'ckd-acr-70')['kind'] = 'albumin-magic';
    const issues = issuesOf(set);
    expect(issues).to.have.length(1);
    expect(issues[0]).to.deep.include({ rule: 'ckd-acr-70', path: 'criteria.kind' });
    expect(issues[0].message).to.contain('unknown criterion "albumin-magic"');
    try {
      parseRuleSet(set);
    } catch (e) {
      expect((e as Error).message).to.contain('Rule "ckd-acr-70", field "criteria.kind": unknown criterion');
    }
  });

  it('rejects a unit results cannot be converted to, naming the rule and the field', () => {
    const set = valid();
    criteria(set, 'diabetes-hba1c-persistent')['unit'] = 'mg/dL/h';
    criteria(set, 'ckd-kfre-5-year-risk')['acrUnit'] = 'mmol/L';
    const issues = issuesOf(set);
    expect(at(issues)).to.deep.equal(['ckd-kfre-5-year-risk:criteria.acrUnit', 'diabetes-hba1c-persistent:criteria.unit']);
    expect(issues[0].message).to.contain('must be an ACR unit');
    expect(issues[1].message).to.contain('"mg/dL/h" is not a unit results can be converted to');
  });

  it('rejects code lists that include each other in a cycle, naming the lists and every rule that uses them', () => {
    const set = valid();
    set.codeLists['copd'] = { description: 'COPD', include: ['copd-more'] };
    set.codeLists['copd-more'] = {
      description: 'more',
      codes: [{ system: 'http://snomed.info/sct', code: '87433001' }],
      include: ['copd'],
    };
    const issues = issuesOf(set);
    expect(at(issues)).to.deep.equal([
      'codeLists.copd:codeLists.copd.include[0]',
      'codeLists.copd-more:codeLists.copd-more.include[0]',
      'copd-under-40:criteria.codeList',
      'copd-cor-pulmonale:population.hasCondition.codeList',
    ]);
    expect(issues[0].message).to.equal('the includes form a cycle (copd → copd-more → copd)');
    expect(issues[2].message).to.equal('refers to code list "copd", whose includes form a cycle (copd → copd-more → copd)');
  });

  it('rejects a reference to a code list the rule set does not have, and a list with both codes and codeList missing', () => {
    const set = valid();
    criteria(set, 'copd-under-40')['codeList'] = 'copd-typo';
    delete (ruleOf(set, 'ckd-acr-70')['criteria'] as Record<string, unknown>)['codeList'];
    expect(issuesOf(set).map((i) => `${i.rule}:${i.path}:${i.message}`)).to.deep.equal([
      'ckd-acr-70:criteria.codes:give either codes or codeList (exactly one)',
      'copd-under-40:criteria.codeList:refers to code list "copd-typo", which the rule set does not have',
    ]);
  });

  it('rejects a misspelt field instead of ignoring it', () => {
    const set = valid();
    criteria(set, 'ckd-egfr-rapid-decline')['ratePerYaer'] = 10;
    expect(issuesOf(set)[0]).to.deep.include({ rule: 'ckd-egfr-rapid-decline', path: 'criteria.ratePerYaer' });
  });

  it('names the rule and the field of a wrong value', () => {
    const set = valid();
    criteria(set, 'diabetes-hba1c-persistent')['value'] = '75';
    expect(issuesOf(set)).to.deep.equal([{ rule: 'diabetes-hba1c-persistent', path: 'criteria.value', message: 'must be a number' }]);
  });

  it('checks every kind of field', () => {
    const set = valid();
    const r = ruleOf(set, 'copd-cor-pulmonale');
    r['summary'] = 'x'.repeat(140);
    r['severity'] = 'urgent';
    r['basis'] = 'hunch';
    (r['source'] as Record<string, unknown>)['url'] = 'javascript:alert(1)';
    r['links'] = [{ label: 'x', url: 'http://insecure.example' }];
    (r['exclusions'] as Array<Record<string, unknown>>)[0]['resourceTypes'] = ['Task'];
    (r['population'] as Record<string, unknown>)['ageBelow'] = 10;
    (r['population'] as Record<string, unknown>)['ageAtLeast'] = 16;
    criteria(set, 'ckd-egfr-rapid-decline')['minResults'] = 2;
    criteria(set, 'ckd-egfr-rapid-decline')['minSpanDays'] = 30;
    criteria(set, 'ckd-kfre-5-year-risk')['horizonYears'] = 10;
    set.codeLists['hba1c']['codes'] = [{ system: 'http://example.org', code: 'x' }];
    set.rules.push({ ...set.rules[0] });
    expect(at(issuesOf(set))).to.include.members([
      'copd-cor-pulmonale:summary',
      'copd-cor-pulmonale:severity',
      'copd-cor-pulmonale:basis',
      'copd-cor-pulmonale:source.url',
      'copd-cor-pulmonale:links[0].url',
      'copd-cor-pulmonale:exclusions[0].resourceTypes',
      'copd-cor-pulmonale:population.ageBelow',
      'ckd-egfr-rapid-decline:criteria.minResults',
      'ckd-egfr-rapid-decline:criteria.minSpanDays',
      'ckd-kfre-5-year-risk:criteria.horizonYears',
      'diabetes-hba1c-persistent:criteria.codeList',
      'ckd-kfre-5-year-risk:id',
    ]);
  });

  it('names a rule without an id by its position, and reports file-level problems', () => {
    const set = valid();
    delete set.rules[1]['id'];
    expect(at(issuesOf(set))).to.include('rules[1]:id');
    expect(issuesOf(null)[0].rule).to.equal('(file)');
    expect(issuesOf({ version: 2, name: 'x', rules: [] }).map((i) => i.path)).to.deep.equal(['version', 'rules']);
    expect(issuesOf({ version: 1, name: 'x', rules: [42] })[0]).to.deep.include({ rule: 'rules[0]', message: 'must be an object' });
  });

  it('an earlier rule file (inline codes, recent-request exclusions) is still valid', () => {
    const set = parseRuleSet({
      version: 1,
      name: 'v1',
      rules: [
        {
          id: 'r1',
          title: 't',
          summary: 's',
          severity: 'warning',
          specialty: 'diabetes',
          criteria: {
            kind: 'observation-threshold',
            label: 'HbA1c',
            codes: [{ system: 'http://snomed.info/sct', code: '1049301000000100' }],
            unit: 'mmol/mol',
            comparator: '>=',
            value: 58,
            windowMonths: 12,
          },
          exclusions: [
            {
              kind: 'recent-request',
              resourceTypes: ['ServiceRequest'],
              codes: [{ system: 'http://snomed.info/sct', code: '408475000' }],
              withinMonths: 12,
            },
          ],
          source: { label: 'l', url: 'https://example.org' },
        },
      ],
    });
    expect(set.rules[0].criteria.kind).to.equal('observation-threshold');
  });

  it('a rule whose code list was never resolved is an error, never a silent no match', () => {
    const unresolved = EXAMPLE_RULE_SET.rules.find((r) => r.id === 'copd-under-40') as Rule;
    expect(() => evaluateRule(unresolved, { observations: [], conditions: [], encounters: [], requests: [] }, new Date())).to.throw(
      /parseRuleSet/,
    );
  });
});

describe('example rules', () => {
  it('each names the NICE guideline (and section) it follows, links to it, and is labelled as an example', () => {
    for (const r of EXAMPLE_RULES) {
      expect(r.source.url, r.id).to.match(/^https:\/\/www\.nice\.org\.uk\/guidance\/ng(203|28|115)$/);
      expect(r.source.label, r.id).to.match(/^NICE NG(203|28|115): .+(recommendation|section|referral)/);
      expect(r.links?.[0]?.url, r.id).to.equal(`${r.source.url}/chapter/Recommendations`);
      expect(r.summary.length, r.id).to.be.below(140);
      expect(r.title.length, r.id).to.be.below(140);
    }
    expect(EXAMPLE_RULE_SET.disclaimer).to.match(/examples for an organisation to review and adopt/);
  });

  it('NG203 gives four referral criteria; NG28 has no referral HbA1c, so that threshold is labelled local', () => {
    const ng203 = EXAMPLE_RULES.filter((r) => r.source.url.endsWith('ng203'));
    expect(ng203.map((r) => r.criteria.kind).sort()).to.deep.equal(['egfr-fall', 'kfre', 'observation-threshold', 'observation-trend']);
    const kfre = ng203.find((r) => r.criteria.kind === 'kfre')!.criteria;
    expect(kfre).to.deep.include({ horizonYears: 5, calibration: 'non-north-american', comparator: '>', valuePercent: 5 });
    const ng28 = EXAMPLE_RULES.find((r) => r.source.url.endsWith('ng28'))!;
    expect(ng28.basis).to.equal('local');
    expect(ng28.summary).to.contain('consider specialist diabetes advice (local threshold)');
    expect(ng28.population).to.deep.include({ ageAtLeast: 18 });
    for (const r of EXAMPLE_RULES.filter((x) => x.source.url.endsWith('ng115'))) expect(r.population?.ageAtLeast, r.id).to.equal(16);
  });
});
