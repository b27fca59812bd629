// The finder's benchmark population from its TypeScript source (test/population), bundled once per process:
// the case-finding practice at 10,000 registered patients (10,101 built; 1 in 100 is registered elsewhere).
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let loaded;

/** Patients built for the benchmark: 10,000 registered with the practice, 101 with another. */
export const BENCH_SIZE = 10_101;

export function loadFinderPopulation() {
  loaded ??= (async () => {
    const out = await build({
      entryPoints: [resolve(root, 'packages/specialist-finder/test/population/index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      tsconfig: resolve(root, 'tsconfig.json'),
      external: ['lit', 'lit/*', '@lit/*', 'dompurify'],
    });
    const m = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
    return {
      ...m,
      BENCH_SIZE,
      /** Matches per rule the population was built to have. */
      expectedMatches: (pop) => Object.fromEntries(Object.entries(pop.expected).map(([rule, s]) => [rule, s.match.length])),
    };
  })();
  return loaded;
}
