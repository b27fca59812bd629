// Sizes (issues 8 and 19) of what @joinedcare/elements ships for script-tag pages, measured on the
// built files themselves (gzip level 9 and brotli quality 11, as the .gz and .br beside them), and
// what each chunk is made of, module by module. Deterministic: the same source gives the same bytes,
// so `npm test` checks the budgets (test/tools/check-size.mjs); `npm run bench` reports the same
// figures with the composition.
//
// Measured: loader.js; the shared chunk (Lit, @lit/context, @lit/task, core, <jc-context>); each
// widget package's chunk; a page with a banner and a care summary through the loader (every file it
// loads, each compressed on its own, as a browser fetches them); elements.js (the single file).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const elementsDir = join(root, 'packages/elements');
export const elementsDist = join(elementsDir, 'dist');

const KB = 1024;
/**
 * Budgets in bytes, gzip, per measured item (issue 19: "size budgets set from what the features
 * cost"). Set on 2-Dec-2026 from the cost of each file's features, area by area (bench/features.mjs;
 * `node test/tools/check-size.mjs --areas` prints it), once every build-side saving had been made
 * (docs/performance.md, "Size: what a page loads"): that day's size plus 3%, rounded up to a whole
 * KB. A feature that needs more raises its file's budget in the same change, with the areas' costs
 * before and after in the commit message; no other change may. loader.js keeps issue 19's 3 KB.
 */
export const BUDGETS = {
  'loader.js': 3 * KB,
  'shared chunk': 36 * KB,
  'chunk: advice-panel': 19 * KB,
  'chunk: care-summary': 34 * KB,
  'chunk: patient-banner': 5 * KB,
  'chunk: referral-status': 29 * KB,
  'chunk: specialist-finder': 30 * KB,
  'page: banner + care summary through loader.js': 76 * KB,
  'elements.js': 164 * KB,
};
/** The page the `page` budget is for: its tags, each loaded through the loader. */
export const PAGE_TAGS = ['jc-context', 'jc-patient-banner', 'jc-care-summary'];

export const kb = (n) => `${(n / KB).toFixed(1)} KB`;

const sizesOf = (bytes) => ({
  min: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/**
 * The measured items of a built dist/ folder: `{ name, kind, files, min, gzip, brotli, budget }`,
 * kind `loader` | `shared` | `widget` | `page` | `single`. Names carry no content hash, so
 * bench/size-ceilings.json keeps its keys from one build to the next.
 */
export function measureDist(dir = elementsDist) {
  const manifestFile = join(dir, 'loader.json');
  for (const f of [manifestFile, join(dir, 'loader.js'), join(dir, 'elements.js')])
    if (!existsSync(f)) throw new Error(`${relative(root, f)} is missing: run \`npm run build\` first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const file = (f) => ({ file: f, ...sizesOf(readFileSync(join(dir, f))) });
  const items = [];
  const add = (name, kind, files) => {
    const parts = files.map(file);
    const sum = (k) => parts.reduce((n, p) => n + p[k], 0);
    const budget = BUDGETS[name];
    if (budget === undefined) throw new Error(`bench/size.mjs BUDGETS has no budget for "${name}": set one from what its features cost`);
    items.push({ name, kind, files, min: sum('min'), gzip: sum('gzip'), brotli: sum('brotli'), budget });
  };
  add('loader.js', 'loader', ['loader.js']);
  add('shared chunk', 'shared', [manifest.shared]);
  const widgetFiles = [...new Set(Object.values(manifest.tags))].filter((f) => f !== manifest.shared).sort();
  for (const f of widgetFiles) add(`chunk: ${f.replace(/-[\w-]{8}\.js$/, '')}`, 'widget', [f]);
  const pageFiles = ['loader.js', ...new Set(PAGE_TAGS.flatMap((t) => [manifest.shared, manifest.tags[t]]))];
  add('page: banner + care summary through loader.js', 'page', pageFiles);
  add('elements.js', 'single', ['elements.js']);
  return { manifest, items };
}

/**
 * Builds @joinedcare/elements with the real vite.config.ts (the three steps of `npm run build`)
 * into `outDir` (a temporary folder by default), and returns the rolldown output of each step, for
 * the composition of each chunk. The caller removes a temporary folder with `cleanup()`.
 */
export async function buildElements(outDir) {
  const { build } = await import('vite');
  const dir = outDir ?? mkdtempSync(join(tmpdir(), 'jc-elements-'));
  const saved = { ...process.env };
  const outputs = {};
  try {
    process.env.JC_PACKAGE = elementsDir;
    process.env.JC_OUT_DIR = dir;
    for (const step of ['single', 'chunks', 'loader']) {
      process.env.JC_BUNDLE_STEP = step;
      const out = await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
      outputs[step] = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).filter((c) => c.type === 'chunk');
    }
  } finally {
    for (const k of ['JC_PACKAGE', 'JC_OUT_DIR', 'JC_BUNDLE_STEP']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'loader.json'), 'utf8'));
  return { dir, outputs, manifest, cleanup: () => outDir === undefined && rmSync(dir, { recursive: true, force: true }) };
}

/** `@oxc-project+runtime@0.156.0/helpers/esm/decorate.js` (a virtual helper module) -> `@oxc-project/runtime/helpers/esm/decorate.js`. */
const helperName = (clean) => clean.replace(/^.*?(@[^/+]+)\+([^@/]+)@[^/]+\//, '$1/$2/');

/** Which package a module id belongs to ("lit-html", "@lit/context", "@joinedcare/core", ...). */
export function packageOf(id) {
  const clean = id.replace(/^\0/, '').split('?')[0];
  if (/@[^/+]+\+[^@/]+@/.test(clean)) return helperName(clean).split('/').slice(0, 2).join('/');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /packages\/([^/]+)\//.exec(relative(root, clean));
  return m ? `@joinedcare/${m[1]}` : relative(root, clean);
}

/** A module's name for a table: `core/record/record.ts`, `lit-html/lit-html.js`. */
export function moduleName(id) {
  const clean = id.replace(/^\0/, '').split('?')[0];
  if (/@[^/+]+\+[^@/]+@/.test(clean)) return helperName(clean);
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
  return relative(join(root, 'packages'), clean).replace('/src/', '/');
}

/**
 * What a chunk is made of: per module, its code as rendered into the chunk minified on its own
 * (`min`), that alone gzipped (`gzipAlone`), and its estimated share of the chunk's gzip
 * (`gzipShare`: the chunk's gzip size split in proportion to `min`). Largest first.
 */
export async function compositionOf(chunk) {
  const { minifySync } = await import('vite');
  const rows = [];
  for (const [id, info] of Object.entries(chunk.modules ?? {})) {
    if (!info.code) continue;
    let code = info.code;
    try {
      code = minifySync('module.js', info.code).code;
    } catch {
      // keep the rendered code of a module the minifier cannot take alone
    }
    rows.push({ module: moduleName(id), package: packageOf(id), min: code.length, gzipAlone: gzipSync(code, { level: 9 }).length });
  }
  const total = rows.reduce((n, r) => n + r.min, 0);
  const gzip = gzipSync(chunk.code, { level: 9 }).length;
  for (const r of rows) r.gzipShare = Math.round((gzip * r.min) / Math.max(1, total));
  return rows.sort((a, b) => b.min - a.min);
}

/** Rows summed by a key (`package`, or a function of the row). */
export function sumBy(rows, key) {
  const out = new Map();
  for (const r of rows) {
    const k = typeof key === 'function' ? key(r) : r[key];
    const v = out.get(k) ?? { min: 0, gzipShare: 0, modules: 0 };
    v.min += r.min;
    v.gzipShare += r.gzipShare;
    v.modules += 1;
    out.set(k, v);
  }
  return [...out].sort((a, b) => b[1].min - a[1].min);
}

/** Every other workspace package's `define.js` source, by its chunk name (as vite.config.ts names them). */
export function defineSources() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = {};
  for (const dir of workspaces) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const src = pkg.exports?.['./define.js']?.['@joinedcare/source'];
    if (!src || pkg.name === '@joinedcare/elements') continue;
    out[pkg.name === '@joinedcare/core' ? 'shared' : dir.split('/').pop()] = join(root, dir, src);
  }
  return out;
}

/**
 * Which widget packages use each module: every define entry bundled on its own (in memory,
 * tree-shaken as in the chunks), `module name -> [chunk names]`. `shared` is <jc-context> alone.
 */
export async function moduleUsers() {
  const { build } = await import('vite');
  const { minifyTemplates } = await import('../packages/elements/build/plugins.mjs');
  const users = new Map();
  for (const [name, src] of Object.entries(defineSources())) {
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      root,
      plugins: [minifyTemplates()],
      resolve: { conditions: ['@joinedcare/source', 'module', 'browser', 'production'] },
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        write: false,
        target: 'es2022',
        minify: true,
        modulePreload: false,
        reportCompressedSize: false,
        rolldownOptions: { input: { [name]: src }, output: { format: 'es', codeSplitting: false } },
      },
    });
    for (const c of (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).filter((x) => x.type === 'chunk'))
      for (const [id, info] of Object.entries(c.modules))
        if (info.code) users.set(moduleName(id), [...(users.get(moduleName(id)) ?? []), name]);
  }
  return users;
}

/** The bytes of a built file that its source map gives no module: import/export glue, the bundler's runtime. */
export const UNMAPPED = '(unmapped: import/export glue)';

/**
 * What a built file is made of, read from its source map: per module, the minified bytes mapped to
 * it (`min`) and its share of the file's gzip in proportion (`gzipShare`); bytes mapped to no module
 * are one row, UNMAPPED. Largest first.
 */
export async function modulesOfFile(file) {
  const { TraceMap, eachMapping } = await import('@jridgewell/trace-mapping');
  const code = readFileSync(file, 'utf8');
  const raw = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const points = [];
  eachMapping(new TraceMap(raw), (m) => points.push(m));
  points.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
  const bytes = new Map();
  const add = (name, n) => n > 0 && bytes.set(name, (bytes.get(name) ?? 0) + n);
  let mapped = 0;
  points.forEach((p, i) => {
    const next = points[i + 1];
    const line = lines[p.generatedLine - 1] ?? '';
    const end = next && next.generatedLine === p.generatedLine ? next.generatedColumn : line.length;
    const n = Math.max(0, end - p.generatedColumn);
    if (p.source) {
      add(moduleName(resolve(dirname(file), p.source)), n);
      mapped += n;
    }
  });
  add(UNMAPPED, code.length - mapped);
  const gzip = gzipSync(code, { level: 9 }).length;
  return [...bytes]
    .map(([module, min]) => ({ module, min, gzipShare: Math.round((gzip * min) / Math.max(1, code.length)) }))
    .sort((a, b) => b.min - a.min);
}
