// The package's string catalogue, passed by value, and its lookup. Welsh (strings.cy.ts) is loaded when a widget is shown in Welsh;
// other translations: `registerLocale(lang, {...})`.
import { defineMessages, localeLoaders, type MessageKeys } from '@joinedcare/core';
import { patientBannerStrings } from './strings.js';

declare module '@joinedcare/core' {
  // the package's keys, for type-checking `t()` calls
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends MessageKeys<typeof patientBannerStrings> {}
}

/** The package's catalogue, passed by value (an element's `static messages`, `translate`), and its lookup `pbMsg(key, params, lang)`. */
export const patientBannerMessages = localeLoaders(defineMessages('@joinedcare/patient-banner', 'pb', patientBannerStrings), {
  cy: () => import('./strings.cy.js').then((m) => m.patientBannerCy),
});
export const pbMsg = patientBannerMessages.t;
