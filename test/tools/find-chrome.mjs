// Finds a Chromium or Chrome binary. CHROME_PATH overrides. Used by the test runner and the preflight check.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Flags every headless Chromium we launch uses (tests, Storybook a11y, CSP, examples, bench): no sandbox (containers), no GPU, no background network chatter. */
export const CHROME_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Also keep timers and animation frames running at full rate in background or occluded pages. */
export const CHROME_ARGS_NO_THROTTLING = Object.freeze([
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
]);

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

const HELP = `No Chromium or Chrome browser was found, and the browser tests need one.
Install one, then run npm test again:
  Debian/Ubuntu:  sudo apt-get install -y chromium
  Fedora:         sudo dnf install chromium
  macOS:          brew install --cask chromium   (or install Google Chrome)
Or point CHROME_PATH at an existing binary, e.g. CHROME_PATH=/opt/chrome/chrome npm test`;

/** @returns {string} the browser path; throws with install instructions when none is found. */
export function findChrome() {
  const override = process.env.CHROME_PATH;
  if (override) {
    if (existsSync(override)) return override;
    throw new Error(`CHROME_PATH is set to "${override}", but no file is there.\n\n${HELP}`);
  }
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const p = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (p) return p;
    } catch {
      /* not on PATH */
    }
  }
  throw new Error(HELP);
}

export { HELP as CHROME_HELP };
