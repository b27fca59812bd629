// The package's string catalogue, passed by value, and its lookup. Translations: `registerLocale(lang, {...})`.
import { defineMessages, type MessageKeys } from '@joinedcare/core';
import { referralStatusStrings } from './strings.js';

declare module '@joinedcare/core' {
  // the package's keys, for type-checking `t()` calls
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends MessageKeys<typeof referralStatusStrings> {}
}

/** The package's catalogue, passed by value (an element's `static messages`, `translate`), and its lookup `refMsg(key, params, lang)`. */
export const referralStatusMessages = defineMessages('@joinedcare/referral-status', 'ref', referralStatusStrings);
export const refMsg = referralStatusMessages.t;
