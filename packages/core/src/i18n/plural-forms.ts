// Plural forms for languages that use every category of Intl.PluralRules (Welsh), and the shape of a loaded language's strings.
import type { MessageValue, PluralForms } from './index.js';

/** A language's strings for one package: any subset of its keys (a missing key falls back to en-GB). */
export type LocaleStrings = Readonly<Record<string, MessageValue>>;

/**
 * Plural forms with every category of `Intl.PluralRules` present (zero, one, two, few, many,
 * other), for a language that uses them all, such as Welsh: a category not given is `other`.
 */
export function allPluralForms(forms: Partial<PluralForms> & { readonly other: string }): Required<PluralForms> {
  const { other } = forms;
  return {
    zero: forms.zero ?? other,
    one: forms.one ?? other,
    two: forms.two ?? other,
    few: forms.few ?? other,
    many: forms.many ?? other,
    other,
  };
}
