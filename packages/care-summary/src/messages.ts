// The package's string catalogue, passed by value, and its lookup. Translations: `registerLocale(lang, {...})`.
import { defineMessages, type MessageKeys } from '@joinedcare/core';
import { careSummaryStrings } from './strings.js';

declare module '@joinedcare/core' {
  // the package's keys, for type-checking `t()` calls
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends MessageKeys<typeof careSummaryStrings> {}
}

/** The package's catalogue, passed by value (an element's `static messages`, `translate`), and its lookup `csMsg(key, params, lang)`. */
export const careSummaryMessages = defineMessages('@joinedcare/care-summary', 'cs', careSummaryStrings);
export const csMsg = careSummaryMessages.t;
