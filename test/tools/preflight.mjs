// First step of `npm test`: fail within seconds, with instructions, when no browser is available.
import { findChrome } from './find-chrome.mjs';

try {
  const path = findChrome();
  console.log(`preflight: browser ${path}`);
} catch (e) {
  console.error(`\nnpm test cannot run.\n\n${e.message}\n`);
  process.exit(1);
}
