// Size check (issue 8), run by `npm test`. Bundle sizes are deterministic, so unlike timings they
// are a fair CI check.
//
// Two limits per bundle (gzip, level 9):
//   - the budgets (each widget with Lit and core <= 25 KB; the all-in-one <= 45 KB): reported,
//     and enforced for any bundle that meets its budget today (it must keep meeting it);
//   - a ceiling per bundle in bench/size-ceilings.json (today's size plus a little headroom): enforced
//     for every bundle, so no change can make a bundle grow unnoticed. Lowering a ceiling is always
//     welcome; raising one is a reviewed decision (`node test/tools/check-size.mjs --update` writes
//     today's sizes plus 3% after a deliberate change).
// `npm run bench` reports the same figures with brotli and each bundle's composition.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGETS, kb, measureAll, root } from '../../bench/size.mjs';

const ceilingsFile = join(root, 'bench/size-ceilings.json');
const results = await measureAll();
if (results.length === 0) {
  console.error('check-size: nothing measured');
  process.exit(1);
}
if (process.argv.includes('--update')) {
  const ceilings = Object.fromEntries(results.map((r) => [r.name, Math.ceil((r.gzip * 1.03) / 100) * 100]));
  writeFileSync(ceilingsFile, JSON.stringify(ceilings, null, 2) + '\n');
  console.log(`check-size: wrote ${ceilingsFile}`);
  process.exit(0);
}
const ceilings = existsSync(ceilingsFile) ? JSON.parse(readFileSync(ceilingsFile, 'utf8')) : {};
let failed = false;
const missed = [];
for (const r of results) {
  const budget = r.kind === 'all-in-one' ? BUDGETS.allInOne : BUDGETS.widget;
  const ceiling = ceilings[r.name];
  const overCeiling = ceiling === undefined || r.gzip > ceiling;
  // a bundle whose ceiling is within its budget must stay within the budget
  const overBudget = r.gzip > budget;
  if (overBudget) missed.push(r.name);
  if (overCeiling || (overBudget && ceiling !== undefined && ceiling <= budget)) failed = true;
  const top = Object.entries(r.composition)
    .slice(0, 4)
    .map(([p, n]) => `${p} ${kb(n)}`)
    .join(', ');
  console.log(
    `check-size: ${r.name} ${kb(r.gzip)} gzip (${kb(r.brotli)} br, ${kb(r.min)} min); ` +
      `budget ${kb(budget)} ${overBudget ? 'MISSED' : 'met'}; ceiling ${ceiling === undefined ? 'none (add one)' : kb(ceiling)} ${overCeiling ? 'EXCEEDED' : 'ok'}; ${top}`,
  );
}
if (missed.length)
  console.log(
    `check-size: ${missed.length} bundle(s) miss the issue's budget (see docs/performance.md); ceilings hold them where they are.`,
  );
process.exit(failed ? 1 : 0);
