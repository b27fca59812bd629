// The package's string catalogue, passed by value, and its lookup. Welsh (strings.cy.ts) is loaded when a widget is shown in Welsh;
// other translations: `registerLocale(lang, {...})`.
import { defineMessages, localeLoaders, type MessageKeys } from '@joinedcare/core';
import { finderStrings } from './strings.js';

declare module '@joinedcare/core' {
  // the package's keys, for type-checking `t()` calls
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends MessageKeys<typeof finderStrings> {}
}

/** The package's catalogue, passed by value (an element's `static messages`, `translate`), and its lookup `sfMsg(key, params, lang)`. */
export const finderMessages = localeLoaders(defineMessages('@joinedcare/specialist-finder', 'sf', finderStrings), {
  cy: () => import('./strings.cy.js').then((m) => m.finderCy),
});
export const sfMsg = finderMessages.t;
