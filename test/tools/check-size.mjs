// Size budgets (issue 8), checked in `npm test`: bundle sizes are deterministic, so unlike timings
// they are a fair CI check. Budgets: each widget with Lit and core <= 25 KB gzip; the all-in-one
// drop-in bundle <= 45 KB gzip. `npm run bench` reports the same figures with their composition.
import { BUDGETS, kb, measureAll } from '../../bench/size.mjs';

const results = await measureAll();
let failed = false;
for (const r of results) {
  const budget = r.kind === 'all-in-one' ? BUDGETS.allInOne : BUDGETS.widget;
  const ok = r.gzip <= budget;
  if (!ok) failed = true;
  const top = Object.entries(r.composition)
    .slice(0, 4)
    .map(([p, n]) => `${p} ${kb(n)}`)
    .join(', ');
  console.log(
    `check-size: ${r.name} ${kb(r.gzip)} gzip (${kb(r.brotli)} br, ${kb(r.min)} min), budget ${kb(budget)} ${ok ? 'ok' : 'OVER BUDGET'}; ${top}`,
  );
}
if (results.length === 0) {
  console.error('check-size: nothing measured');
  failed = true;
}
process.exit(failed ? 1 : 0);
