// The rule file's own states, shown by both elements: an invalid rule file (every rule and field) and a file that could not be fetched.
import { html, type TemplateResult } from 'lit';
import type { RuleIssue } from './rules/schema.js';
import type { Translate } from './present.js';

/** The "invalid rule file" error, listing every rule and field. @internal */
export function renderRuleIssues(t: Translate, issues: readonly RuleIssue[]): TemplateResult {
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${t('sfRulesInvalidTitle')}</p>
    <ul class="issues">
      ${issues.map((i) => html`<li>${t('sfRuleIssue', { rule: i.rule, path: i.path || '(top level)', message: i.message })}</li>`)}
    </ul>
    <p>${t('sfRulesInvalidDetail')}</p>
  </div>`;
}

/** The rule file could not be fetched ("HTTP 404", "network error"), with Retry. @internal */
export function renderRulesFailed(t: Translate, reason: string, retry: () => void): TemplateResult {
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${t('sfRulesInvalidTitle')}</p>
    <p>${t('sfRulesLoadFailed', { reason })}</p>
    <button class="jc-button" part="retry-button" type="button" @click=${retry}>${t('retry')}</button>
  </div>`;
}

/** The CDS Hooks service could not give cards (`reason`: "discovery: HTTP 404"), with Retry. @internal */
export function renderServiceFailed(t: Translate, reason: string, retry: () => void): TemplateResult {
  return html`<div class="state state--error" part="error" role="alert">
    <p class="state-title">${t('errorTitle', { what: t('sfPromptWhat') })}</p>
    <p>${t('sfPromptServiceFailed', { reason })}</p>
    <button class="jc-button" part="retry-button" type="button" @click=${retry}>${t('retry')}</button>
  </div>`;
}
