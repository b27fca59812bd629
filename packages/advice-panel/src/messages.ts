// The package's string catalogue, passed by value, and its lookup. Translations: `registerLocale(lang, {...})`.
import { defineMessages, type MessageKeys } from '@joinedcare/core';
import { advicePanelStrings } from './strings.js';

declare module '@joinedcare/core' {
  // the package's keys, for type-checking `t()` calls
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends MessageKeys<typeof advicePanelStrings> {}
}

/** The package's catalogue, passed by value (an element's `static messages`, `translate`), and its lookup `apMsg(key, params, lang)`. */
export const advicePanelMessages = defineMessages('@joinedcare/advice-panel', 'ap', advicePanelStrings);
export const apMsg = advicePanelMessages.t;
