// Loads @joinedcare/fixtures from its TypeScript source (works from a clean clone, no build step):
// esbuild bundles packages/fixtures/src/index.ts in memory and the result is imported as a module.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let loaded;

/** The fixtures module (`buildPersonas`, `PERSONA_KEYS`, ...), bundled once per process. */
export function loadFixtures() {
  loaded ??= (async () => {
    const out = await build({
      entryPoints: [resolve(root, 'packages/fixtures/src/index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  })();
  return loaded;
}
