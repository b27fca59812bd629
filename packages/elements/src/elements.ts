// @joinedcare/elements: every joined-care element in one file for `<script type="module">`.
//
// `npm run build` bundles this module with Lit and every package into dist/elements.js (one minified
// ES2022 file, no imports). Importing it registers every tag; a tag the page has already defined
// (another copy of a widget, or the host's own element of that name) is kept, with a console warning
// instead of an exception, so the rest still registers. check-build.mjs verifies that this file
// imports the `define.js` entry of every workspace package that has one.
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import '@joinedcare/specialist-finder/define.js';

/** The version of the joined-care elements in this file. */
export const version = '0.1.0';

/**
 * Adds a language (or changes wording) on a page that has only this file:
 * `registerLocale('cy', { loading: 'Yn llwytho…', … })`. Widgets already on the page redraw in it.
 */
export { registerLocale, registeredLocales } from '@joinedcare/core';
