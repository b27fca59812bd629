// `npm run demo`: the mock GP system and mock hospital EPR pages, on Vite's dev server.
// Data: the synthetic fixture patients, answered in the browser by MSW (see src/data.ts), so no
// server is needed. The widgets come from the workspace packages' sources (Vite resolves their
// repository-only `@joinedcare/source` export condition), so no build is needed either.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/** Serves msw's service worker at /mockServiceWorker.js (it must sit at the root of its scope). */
function mswWorker(): Plugin {
  const file = require.resolve('msw/mockServiceWorker.js');
  return {
    name: 'joinedcare-demo-msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
        res.setHeader('content-type', 'text/javascript');
        res.end(readFileSync(file, 'utf8'));
      });
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [mswWorker()],
  resolve: { conditions: ['@joinedcare/source', ...defaultClientConditions] },
  server: { port: 5180, open: false },
  build: {
    outDir: fileURLToPath(new URL('../../node_modules/.cache/joinedcare-demo', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: { input: ['index.html', 'gp.html', 'hospital.html'].map((f) => `${here}${f}`) },
  },
});
