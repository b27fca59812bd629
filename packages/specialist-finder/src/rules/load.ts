// The rules both elements check: the `rules` property, or a JSON rule file at `rules-src` (which wins when set).
import { RuleSetError, parseRuleSet, type RuleIssue, type RuleSet } from './schema.js';

/** Where the rules come from (the elements' `rules` and `rules-src`). */
export interface RuleInput {
  rules: unknown;
  rulesSrc?: string | undefined;
}

/** A checked rule set, the problems of an invalid one, or why the rule file could not be fetched. */
export type RulesLoad =
  | { kind: 'ok'; set: RuleSet }
  | { kind: 'invalid-rules'; issues: RuleIssue[] }
  /** `reason` in words for the prompt ("HTTP 404", "network error"); `error` what was thrown. */
  | { kind: 'rules-failed'; reason: string; error: unknown };

/** Checks a rule set object: it typed, or every problem (rule id + field path). */
export function checkRules(input: unknown): RulesLoad {
  try {
    return { kind: 'ok', set: parseRuleSet(input) };
  } catch (e) {
    if (e instanceof RuleSetError) return { kind: 'invalid-rules', issues: e.issues };
    throw e;
  }
}

/** Fetches (when `rulesSrc` is set) and checks the rules. Rejects only when `signal` aborts (or on a bug). */
export async function loadRules(input: RuleInput, signal: AbortSignal): Promise<RulesLoad> {
  if (!input.rulesSrc) return checkRules(input.rules);
  let text: string;
  try {
    const response = await fetch(input.rulesSrc, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return { kind: 'rules-failed', reason: `HTTP ${response.status}`, error: new Error(`HTTP ${response.status}`) };
    text = await response.text();
  } catch (e) {
    if (signal.aborted) throw e;
    return { kind: 'rules-failed', reason: 'network error', error: e };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid-rules', issues: [{ rule: '(file)', path: '', message: 'is not valid JSON' }] };
  }
  return checkRules(json);
}
