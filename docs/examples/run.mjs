// `npm run examples`: builds the framework examples and serves them with the fixture FHIR server.
//   html/   copied as-is next to @joinedcare/elements' dist/elements.js (no build step, as a trust would)
//   react/  built with Vite (@vitejs/plugin-react) from react/vite.config.ts
//   vue/    built with Vite (@vitejs/plugin-vue) from vue/vite.config.ts
//   angular/ compiled ahead of time by ngc (strict templates), bundled by Vite: angular/build.mjs
// Everything is served from one origin with the synthetic FHIR server at /fhir.
// test/examples/examples.test.mjs uses the same functions. Run `npm run build` first.
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildAngularExample } from './angular/build.mjs';
import { fixtureFhir } from './fixture-fhir.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
export const BUILT_EXAMPLES = ['react', 'vue', 'angular'];

/** Builds every example into `outDir/<name>/`. */
export async function buildExamples(outDir = join(root, 'node_modules/.cache/joinedcare-examples')) {
  const bundle = join(root, 'packages/elements/dist/elements.js');
  if (!existsSync(bundle)) throw new Error('packages/elements/dist/elements.js is missing: run `npm run build` first.');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(join(here, 'html'), join(outDir, 'html'), { recursive: true });
  copyFileSync(bundle, join(outDir, 'html', 'elements.js'));
  const { build } = await import('vite');
  for (const name of BUILT_EXAMPLES) {
    if (name === 'angular') {
      await buildAngularExample(join(outDir, name));
      continue;
    }
    await build({
      configFile: join(here, name, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: join(outDir, name), emptyOutDir: true },
    });
  }
  return outDir;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `outDir` and the fixture FHIR server (/fhir) on 127.0.0.1. */
export async function serveExamples(outDir, port = 0) {
  const { middleware } = fixtureFhir();
  const base = resolve(outDir);
  const server = createServer((req, res) => {
    middleware(req, res, () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) return res.writeHead(403).end();
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (path === '/') return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(indexPage());
      if (!existsSync(file)) return res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function indexPage() {
  const links = ['html', ...BUILT_EXAMPLES].map((n) => `<li><a href="/${n}/">${n}</a></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>joined-care examples</title></head><body><h1>joined-care examples</h1><ul>${links}</ul><p>FHIR server (synthetic data): <a href="/fhir/Patient">/fhir</a></p></body></html>`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await buildExamples();
  const { url } = await serveExamples(out, Number(process.env.PORT ?? 4174));
  console.log(`joined-care examples: ${url}/  (html, react, vue, angular; FHIR fixtures at ${url}/fhir). Ctrl+C to stop.`);
}
