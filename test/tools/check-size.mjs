// Size check (issues 8 and 19), run by `npm test` after `npm run build`. Bundle sizes are
// deterministic, so unlike timings they are a fair CI check. It measures the built files of
// @joinedcare/elements (bench/size.mjs `measureDist`): loader.js, the shared chunk, each widget's
// chunk, a banner + care summary page through the loader (every file it loads), and elements.js.
//
// Two limits per item (gzip, level 9):
//   - its budget (bench/size.mjs `BUDGETS`, set from what its features cost): reported, and enforced
//     for every item that meets it (it must keep meeting it);
//   - a ceiling per item in bench/size-ceilings.json (the size when it was last set, plus 3%):
//     enforced for every item, so nothing grows unnoticed, including an item still over its
//     budget. Lowering a ceiling is always welcome; raising one is a reviewed decision
//     (`node test/tools/check-size.mjs --update` writes today's sizes plus 3% after a deliberate change).
// And every module of every built file belongs to a feature area (bench/features.mjs), so what a
// budget pays for stays accounted; `--areas` prints each area's cost, file by file, as Markdown.
// `npm run bench` reports the same figures with brotli and each chunk's composition, module by module.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UNMAPPED, elementsDist, kb, measureDist, modulesOfFile, root, sumBy } from '../../bench/size.mjs';
import { AREAS, areaOf } from '../../bench/features.mjs';

const ceilingsFile = join(root, 'bench/size-ceilings.json');
let items;
try {
  ({ items } = measureDist());
} catch (err) {
  console.error(`check-size: ${err.message}`);
  process.exit(1);
}
if (process.argv.includes('--update')) {
  const ceilings = Object.fromEntries(items.map((r) => [r.name, Math.ceil((r.gzip * 1.03) / 100) * 100]));
  writeFileSync(ceilingsFile, JSON.stringify(ceilings, null, 2) + '\n');
  console.log(`check-size: wrote ${ceilingsFile}`);
  process.exit(0);
}
// what each built file's bytes pay for, area by area (bench/features.mjs)
const areaRows = [];
const unnamed = new Set();
for (const r of items.filter((i) => i.kind !== 'page')) {
  const file = r.files[0];
  const modules = await modulesOfFile(join(elementsDist, file));
  const areaName = (m) => {
    if (m.module === UNMAPPED) return UNMAPPED;
    const area = areaOf(m.module);
    if (!area) unnamed.add(`${m.module} (in ${file})`);
    return area?.name ?? `(no area) ${m.module}`;
  };
  const areas = sumBy(modules, areaName).map(([name, v]) => [name, { ...v, issues: AREAS.find(([n]) => n === name)?.[1] ?? [] }]);
  areaRows.push({ item: r.name, gzip: r.gzip, budget: r.budget, areas });
}
if (process.argv.includes('--areas')) {
  for (const r of areaRows) {
    console.log(`\n#### ${r.item}: ${kb(r.gzip)} gzip, budget ${kb(r.budget)}\n`);
    console.log('| Area | Issues | min | Share of gzip |\n| --- | --- | --- | --- |');
    for (const [name, v] of r.areas) console.log(`| ${name} | ${v.issues.join(', ') || '–'} | ${kb(v.min)} | ${kb(v.gzipShare)} |`);
  }
  process.exit(0);
}
if (unnamed.size) {
  console.error(
    `check-size: ${unnamed.size} module(s) belong to no feature area; name each in bench/features.mjs, so that what the budgets pay for stays counted:\n  ${[...unnamed].join('\n  ')}`,
  );
}

const ceilings = existsSync(ceilingsFile) ? JSON.parse(readFileSync(ceilingsFile, 'utf8')) : {};
let failed = unnamed.size > 0;
const missed = [];
for (const r of items) {
  const ceiling = ceilings[r.name];
  const overCeiling = ceiling === undefined || r.gzip > ceiling;
  const overBudget = r.gzip > r.budget;
  if (overBudget) missed.push(r.name);
  // an item whose ceiling is within its budget must stay within the budget
  if (overCeiling || (overBudget && ceiling !== undefined && ceiling <= r.budget)) failed = true;
  console.log(
    `check-size: ${r.name} ${kb(r.gzip)} gzip (${kb(r.brotli)} br, ${kb(r.min)} min${r.files.length > 1 ? `, ${r.files.length} files` : ''}); ` +
      `budget ${kb(r.budget)} ${overBudget ? 'MISSED' : 'met'}; ceiling ${ceiling === undefined ? 'none (add one)' : kb(ceiling)} ${overCeiling ? 'EXCEEDED' : 'ok'}`,
  );
}
for (const name of Object.keys(ceilings))
  if (!items.some((r) => r.name === name))
    console.log(`check-size: bench/size-ceilings.json names "${name}", which is not measured any more`);
if (missed.length)
  console.log(
    `check-size: ${missed.length} item(s) miss their budget in bench/size.mjs (see docs/performance.md, "Budgets"); their ceilings hold them where they are.`,
  );
process.exit(failed ? 1 : 0);
