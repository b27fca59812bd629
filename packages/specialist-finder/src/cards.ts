/**
 * Rule outcomes as CDS Hooks 2.0 cards: the one card model of `<jc-advice-prompt>` (which draws it)
 * and of the CDS Hooks service (which sends it), so both show the same summary, evidence, source and
 * links. A card names its rule in `source.topic` (the rule id as a code); a rule that could not be
 * checked becomes an `info` card whose topic says so. Pure: strings come from `t`.
 */
import { SEVERITY_RANK, type RuleOutcome } from './rules/engine.js';
import type { Severity } from './rules/types.js';
import { describeNotChecked, detailLines, type Translate } from './present.js';

/** Topic system of a card about a rule that matched (`code`: the rule id). */
export const RULE_TOPIC = 'urn:joinedcare:specialist-finder:rule';
/** Topic system of a card about a rule that could not be checked (`code`: the rule id). */
export const NOT_CHECKED_TOPIC = 'urn:joinedcare:specialist-finder:not-checked';

export interface CardLink {
  label: string;
  url: string;
  type: 'absolute';
}

/** A CDS Hooks 2.0 card, plus the plain-text lines its Markdown `detail` was made from. */
export interface FinderCard {
  uuid: string;
  summary: string;
  indicator: Severity;
  detail: string;
  source: { label: string; url: string; topic: { system: string; code: string; display: string } };
  links?: CardLink[];
}

/** Backslash-escapes the characters Markdown (GFM) gives a meaning, so record-derived text stays text. */
export const escapeMarkdown = (s: string): string =>
  s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/^([#+=-]|\d+[.)])/, (m) => `\\${m}`);
const unescapeMarkdown = (s: string): string => s.replace(/\\(.)/g, '$1');

/** The plain-text lines of a card's `detail` (one per `- ` item; any other text as it is). */
export function linesOf(detail: string | undefined): string[] {
  return (detail ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => unescapeMarkdown(l.replace(/^- /, '')));
}

/** Which rule a card is about, and whether it is a "could not be checked" card (undefined: not one of ours). */
export function cardRule(card: Pick<FinderCard, 'source'>): { ruleId: string; notChecked: boolean } | undefined {
  const topic = card.source?.topic;
  if (!topic || typeof topic.code !== 'string' || !topic.code) return undefined;
  if (topic.system === RULE_TOPIC) return { ruleId: topic.code, notChecked: false };
  if (topic.system === NOT_CHECKED_TOPIC) return { ruleId: topic.code, notChecked: true };
  return undefined;
}

/** Cuts a summary to under 140 characters (the CDS Hooks limit) at a word. */
function summaryOf(s: string): string {
  if (s.length < 140) return s;
  const cut = s.slice(0, 138);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}

/** A fresh card id (CDS Hooks: unique, for audit and feedback): `crypto.randomUUID`, else random hex in the UUID layout. */
function cardId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const toLinks = (o: RuleOutcome): CardLink[] => (o.rule.links ?? []).map((l) => ({ label: l.label, url: l.url, type: 'absolute' }));

/** Sort order of cards: critical first, then warning, then info (`Array.sort` is stable, so order within one indicator stays). */
export const severityFirst = (a: Severity, b: Severity): number => (SEVERITY_RANK[b] ?? 0) - (SEVERITY_RANK[a] ?? 0);

/**
 * One card per rule that matched, critical first, then warning, then info (in rule order within
 * each), then one `info` card per rule that could not be checked.
 */
export function toCards(outcomes: readonly RuleOutcome[], t: Translate, lang?: string): FinderCard[] {
  const cards: FinderCard[] = [];
  const matched = outcomes.filter((x) => x.status === 'match');
  for (const o of matched.sort((a, b) => severityFirst(a.rule.severity, b.rule.severity))) {
    const lines = detailLines(o, t, lang);
    const links = toLinks(o);
    cards.push({
      uuid: cardId(),
      summary: summaryOf(o.rule.summary),
      indicator: o.rule.severity,
      detail: lines.map((l) => `- ${escapeMarkdown(l)}`).join('\n'),
      source: { label: o.rule.source.label, url: o.rule.source.url, topic: { system: RULE_TOPIC, code: o.rule.id, display: o.rule.title } },
      ...(links.length ? { links } : {}),
    });
  }
  for (const o of outcomes.filter((x) => x.status === 'not-checked')) {
    const why = describeNotChecked(o, t);
    cards.push({
      uuid: cardId(),
      summary: summaryOf(t('sfNotCheckedSummaryCard', { title: o.rule.title })),
      indicator: 'info',
      detail: `- ${escapeMarkdown(why)}`,
      source: {
        label: o.rule.source.label,
        url: o.rule.source.url,
        topic: { system: NOT_CHECKED_TOPIC, code: o.rule.id, display: o.rule.title },
      },
    });
  }
  return cards;
}
