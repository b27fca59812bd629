// Line-coverage thresholds per package, from coverage/lcov.info written by the browser test run.
import { readFileSync } from 'node:fs';
import { resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Minimum % of lines covered, per package. Raise these as coverage grows; never lower them. */
const THRESHOLDS = {
  core: 85,
  'patient-banner': 85,
  'referral-status': 85,
  'care-summary': 85,
  'advice-panel': 85,
  'specialist-finder': 85,
};

let lcov;
try {
  lcov = readFileSync(resolve(root, 'coverage/lcov.info'), 'utf8');
} catch {
  console.error('check-coverage: coverage/lcov.info is missing; run the browser tests first.');
  process.exit(1);
}
const totals = {};
let pkg;
for (const line of lcov.split('\n')) {
  if (line.startsWith('SF:')) {
    const file = relative(root, resolve(root, line.slice(3)));
    pkg = /^packages\/([^/]+)\/src\//.exec(file)?.[1];
  } else if (pkg && line.startsWith('LF:')) {
    (totals[pkg] ??= { found: 0, hit: 0 }).found += Number(line.slice(3));
  } else if (pkg && line.startsWith('LH:')) {
    (totals[pkg] ??= { found: 0, hit: 0 }).hit += Number(line.slice(3));
  }
}
let failed = false;
for (const [name, min] of Object.entries(THRESHOLDS)) {
  const t = totals[name];
  if (!t || t.found === 0) {
    console.error(`check-coverage: no coverage recorded for packages/${name}`);
    failed = true;
    continue;
  }
  const pct = (100 * t.hit) / t.found;
  const ok = pct >= min;
  console.log(`check-coverage: ${name} ${pct.toFixed(1)}% lines (${t.hit}/${t.found}), threshold ${min}% ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) failed = true;
}
process.exit(failed ? 1 : 0);
