// What <jc-advice-prompt> and <jc-specialist-finder> share: the rules they check, their strings and severity styles.
import { property } from 'lit/decorators.js';
import { JcElement } from '@joinedcare/core';
import { EXAMPLE_RULE_SET } from './rules/example-rules.js';
import type { RuleInput } from './rules/load.js';
import { buttonStyles, sharedStyles } from './shared.styles.js';
import { finderMessages } from './messages.js';

/** The base of both elements of the package: the rules, from the `rules` property or a rule file at `rules-src`. */
export abstract class RulesElement extends JcElement {
  protected static override messages = finderMessages;

  static override styles = [...JcElement.styles, sharedStyles, buttonStyles];

  /** The rules (a rule set object; checked before use). Default: the example rule set. Ignored when `rules-src` is set. */
  @property({ attribute: false })
  rules: unknown = EXAMPLE_RULE_SET;

  /** URL of a JSON rule file to use instead of `rules`. */
  @property({ attribute: 'rules-src' })
  rulesSrc?: string;

  /** The rules as set now (read when a check starts). @internal */
  protected get ruleInput(): RuleInput {
    return { rules: this.rules, rulesSrc: this.rulesSrc };
  }
}

/** A heading level from an attribute: 1–6, else `fallback`. @internal */
export const headingLevel = (value: number, fallback: number): number => Math.min(6, Math.max(1, Math.round(value) || fallback));
