import { expect } from '@open-wc/testing';
import {
  EXAMPLE_RULES,
  EXAMPLE_RULE_SET,
  NOT_CHECKED_TOPIC,
  RULE_TOPIC,
  cardRule,
  escapeMarkdown,
  evaluateRules,
  finderMessages,
  linesOf,
  parseRuleSet,
  toCards,
} from '../src/index.js';
import { contactStatus } from '../src/present.js';
import { buildFinderPopulation } from './population/index.js';
import { now, recordOf, threeSeverityRuleSet } from './support.js';

const t = (key: Parameters<typeof finderMessages.t>[0], params?: Record<string, string | number>) => finderMessages.t(key, params, 'en-GB');
const population = buildFinderPopulation({ now, size: 100 });
const cardsOf = (slot: string) => toCards(evaluateRules(EXAMPLE_RULES, recordOf(population, population.bySlot[slot][0]), now), t, 'en-GB');

describe('cards (the one card model of the prompt and the CDS Hooks service)', () => {
  it('a match is a CDS Hooks card: summary under 140, indicator, the guideline as source with the rule as topic, links, Markdown detail', () => {
    const [card] = cardsOf('decline-old-referral');
    expect(card.summary.length).to.be.below(140);
    expect(card.indicator).to.equal('warning');
    expect(card.source).to.deep.include({
      label: 'NICE NG203: Chronic kidney disease, recommendation 1.5.5 (referral criteria)',
      url: 'https://www.nice.org.uk/guidance/ng203',
    });
    expect(card.source.topic).to.deep.equal({
      system: RULE_TOPIC,
      code: 'ckd-egfr-rapid-decline',
      display: 'eGFR falling by 15 or more a year, no kidney specialist contact',
    });
    expect(card.links).to.deep.equal([
      { label: 'NG203 recommendations', url: 'https://www.nice.org.uk/guidance/ng203/chapter/Recommendations', type: 'absolute' },
    ]);
    expect(card.uuid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(linesOf(card.detail)).to.deep.equal([
      'eGFR: 4 CKD-EPI results over 380 days, from 70 mL/min/1.73m2 on 18-Oct-2025 to 48 mL/min/1.73m2 on 02-Nov-2026: −21.2 mL/min/1.73m2 a year (least-squares trend)',
      'Aged 55',
      'no kidney specialist contact (referral, advice, attendance or episode of care) in the last 12 months',
      'earlier kidney specialist contact: Referral (completed) 01-Apr-2025',
    ]);
    expect(cardRule(card)).to.deep.equal({ ruleId: 'ckd-egfr-rapid-decline', notChecked: false });
  });

  it('orders the cards critical, then warning, then info, whatever the order of the rules', () => {
    const rules = parseRuleSet(threeSeverityRuleSet(EXAMPLE_RULE_SET)).rules;
    const cards = toCards(evaluateRules(rules, recordOf(population, population.bySlot['decline-match'][0]), now), t, 'en-GB');
    expect(cards.map((c) => [c.indicator, cardRule(c)?.ruleId])).to.deep.equal([
      ['critical', 'decline-critical'],
      ['warning', 'decline-warning'],
      ['info', 'decline-info'],
    ]);
  });

  it('says a specialist contact’s status in words, never the FHIR code (issue 18)', () => {
    const say = (kind: 'referral' | 'advice' | 'attendance' | 'episode', status: string) => contactStatus({ kind, status }, t);
    expect(['draft', 'active', 'on-hold', 'suspended', 'revoked', 'cancelled', 'completed'].map((s) => say('referral', s))).to.deep.equal([
      'draft',
      'open',
      'on hold',
      'on hold',
      'cancelled',
      'cancelled',
      'completed',
    ]);
    expect(say('advice', 'active')).to.equal('open');
    expect(['arrived', 'in-progress', 'onleave', 'finished'].map((s) => say('attendance', s))).to.deep.equal([
      'in progress',
      'in progress',
      'on leave',
      'attended',
    ]);
    expect(['waitlist', 'active', 'onhold', 'finished'].map((s) => say('episode', s))).to.deep.equal([
      'on the waiting list',
      'current',
      'on hold',
      'ended',
    ]);
    expect(say('referral', 'unknown')).to.equal('status not known');
    expect(say('referral', 'toString')).to.equal('status not known');
  });

  it('no card of the population shows a FHIR word, a raw status code or a Title Case "Not known"', () => {
    const fhirWords =
      /\b(revoked|on-hold|in-progress|onleave|onhold|waitlist|finished|entered-in-error|active|Observation|ServiceRequest|CommunicationRequest|EpisodeOfCare|Encounter|generalPractitioner|Not known)\b/;
    for (const slot of Object.keys(population.bySlot)) {
      for (const card of cardsOf(slot)) {
        for (const line of [card.summary, ...linesOf(card.detail)]) expect(line, slot).not.to.match(fhirWords);
      }
    }
  });

  it('a local threshold says so on the card', () => {
    const [card] = cardsOf('hba1c-match');
    expect(linesOf(card.detail)[0]).to.equal(
      'Local threshold: set by the organisation that adopted these rules, not a NICE referral criterion.',
    );
  });

  it('a rule that could not be checked is an info card saying why, never a silent "no match"', () => {
    const cards = cardsOf('kfre-no-acr');
    expect(cards).to.have.length(1);
    expect(cards[0]).to.deep.include({
      indicator: 'info',
      summary: 'Could not be checked: Kidney failure risk (KFRE) above 5% in 5 years, no kidney specialist contact',
    });
    expect(cards[0].source.topic.system).to.equal(NOT_CHECKED_TOPIC);
    expect(linesOf(cards[0].detail)).to.deep.equal(['no ACR result in the last 12 months']);
    expect(cardRule(cards[0])).to.deep.equal({ ruleId: 'ckd-kfre-5-year-risk', notChecked: true });
  });

  it('Markdown in record-derived text stays text, and the lines come back exactly', () => {
    const hostile = [
      '*bold* _x_ [link](javascript:alert(1)) <img src=x> `code` | table',
      '- not a list',
      '1. not ordered',
      '# not a heading',
    ];
    const detail = hostile.map((l) => `- ${escapeMarkdown(l)}`).join('\n');
    expect(detail).not.to.match(/(?<!\\)[*_[\]<>`|]/);
    expect(linesOf(detail)).to.deep.equal(hostile);
  });
});
