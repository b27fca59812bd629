// Strings of <jc-care-summary>. Spread into the en-GB catalogue (core/src/i18n/en-gb.ts).
export const careSummaryStrings = {} as const;
