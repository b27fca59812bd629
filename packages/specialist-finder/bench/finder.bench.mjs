// Benchmark (issues 9, 21): <jc-specialist-finder>'s data path for a 10,000-patient practice, in Node.
// Bundles the scan + the rule engine with esbuild, serves the finder's test population (10,000
// registered patients, 101 registered elsewhere) from the in-memory FhirFixtureServer through an
// injected fetch (no network), and reports wall time, requests, bytes, findings per rule against the
// population's expected counts, and the longest synchronous stretch of the scan (event-loop lag).
//   node packages/specialist-finder/bench/finder.bench.mjs [size] [--group]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const size = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10_101);
const mode = process.argv.includes('--group') ? 'group' : 'practice';
const dir = mkdtempSync(join(tmpdir(), 'finder-bench-'));
const entry = join(dir, 'entry.ts');
const out = join(dir, 'bench.mjs');
const { writeFileSync } = await import('node:fs');
writeFileSync(
  entry,
  `export { scanPopulation, EXAMPLE_RULES, evaluateRules } from '${root}/packages/specialist-finder/src/index.ts';
   export { buildFinderPopulation, FINDER_PRACTICE } from '${root}/packages/specialist-finder/test/population/index.ts';
   export { FetchFhirClient } from '${root}/packages/core/src/index.ts';
   export { FhirFixtureServer, buildPersonas } from '${root}/packages/fixtures/src/index.ts';`,
);
await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  logLevel: 'error',
  conditions: ['development'],
  tsconfig: join(root, 'tsconfig.json'),
  // the element classes are bundled but never instantiated here
  external: ['lit', 'lit/*', '@lit/*', 'dompurify'],
});
const m = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const now = new Date('2026-11-22T00:00:00Z');
const t0 = performance.now();
const population = m.buildFinderPopulation({ now, size, idPrefix: 'popl' });
const expected = Object.fromEntries(Object.entries(population.expected).map(([rule, s]) => [rule, s.match.length]));
const server = new m.FhirFixtureServer({ baseUrl: 'http://bench.local/fhir', personas: m.buildPersonas({ now }) });
for (const r of population.resources) server.put(r, { preserveLastUpdated: true });
server.materialise();
const loadMs = performance.now() - t0;

let requests = 0;
let bytes = 0;
const fetch = async (url, init = {}) => {
  requests++;
  const r = server.handle({ method: init.method ?? 'GET', url, headers: init.headers, body: init.body ?? null });
  const body = r.body === undefined ? null : JSON.stringify(r.body);
  bytes += body?.length ?? 0;
  await new Promise((res) => setTimeout(res, 0)); // a network round trip is never synchronous
  return new Response(body, { status: r.status, headers: r.headers });
};
const client = new m.FetchFhirClient({ baseUrl: 'http://bench.local/fhir', fetch, cache: false, timeoutMs: 600_000 });

// the longest stretch the scan kept the event loop busy (what a user would feel as a frozen page)
let maxLag = 0;
let last = performance.now();
const timer = setInterval(() => {
  const t = performance.now();
  maxLag = Math.max(maxLag, t - last - 5);
  last = t;
}, 5);
const found = new Map();
const start = performance.now();
const result = await m.scanPopulation(
  client,
  mode === 'group' ? { kind: 'group', groupId: population.group.id } : { kind: 'practice', odsCode: m.FINDER_PRACTICE.ods },
  {
    rules: m.EXAMPLE_RULES,
    now,
    signal: new AbortController().signal,
    onProgress: () => {},
    onPatients: (batch) => {
      for (const d of batch)
        for (const o of m.evaluateRules(m.EXAMPLE_RULES, d, now))
          if (o.status === 'match') found.set(`${d.patientId}|${o.rule.id}`, o.rule.id);
    },
  },
);
const scanMs = performance.now() - start;
clearInterval(timer);
const byRule = {};
for (const id of found.values()) byRule[id] = (byRule[id] ?? 0) + 1;
const ok = Object.entries(expected).every(([k, v]) => (byRule[k] ?? 0) === v);
console.log(
  JSON.stringify(
    {
      mode,
      patients: result.population,
      fixtureLoadMs: Math.round(loadMs),
      scanMs: Math.round(scanMs),
      requests,
      responseMB: +(bytes / 1e6).toFixed(1),
      longestBlockMs: Math.round(maxLag),
      findings: byRule,
      expected,
      exact: ok,
      failed: result.failedPatientIds.length,
    },
    null,
    2,
  ),
);
process.exit(ok ? 0 : 1);
