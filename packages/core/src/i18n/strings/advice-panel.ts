// Strings of <jc-advice-panel>. Spread into the en-GB catalogue (core/src/i18n/en-gb.ts).
export const advicePanelStrings = {} as const;
