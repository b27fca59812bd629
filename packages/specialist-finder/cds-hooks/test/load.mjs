// The test population, the fixtures' FHIR server and the rule engine from their TypeScript source, bundled once for Node.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
let loaded;

export function loadTestModules() {
  loaded ??= (async () => {
    const out = await build({
      stdin: {
        contents: [
          `export { buildFinderPopulation, FINDER_EXPECTED } from './packages/specialist-finder/test/population/index.ts';`,
          `export { recordOf } from './packages/specialist-finder/test/support-data.ts';`,
          `export { EXAMPLE_RULES, evaluateRules, toCards, finderMessages, RULE_TOPIC } from './packages/specialist-finder/src/index.ts';`,
          `export { FhirFixtureServer } from './packages/fixtures/src/index.ts';`,
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      tsconfig: resolve(root, 'tsconfig.json'),
      external: ['lit', 'lit/*', '@lit/*', 'dompurify', 'msw', 'msw/*'],
    });
    return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  })();
  return loaded;
}
