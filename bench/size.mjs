// Bundle sizes (issue 8): each widget's standalone bundle (the widget's define entry with Lit and
// core bundled in) and the all-in-one drop-in bundle (@joinedcare/elements), minified for
// production, measured gzip (level 9) and brotli (quality 11), with what each bundle is made of.
// Deterministic: the same source gives the same bytes, so budgets can be checked in `npm test`.
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Budgets in bytes (gzip). */
export const BUDGETS = { widget: 25 * 1024, allInOne: 45 * 1024 };

/** The bundles measured: every package with a `./define.js` export, plus the all-in-one. */
export function bundleTargets() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const targets = [];
  for (const dir of workspaces) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const define = pkg.exports?.['./define.js'];
    if (pkg.name === '@joinedcare/elements') {
      targets.push({ name: pkg.name, kind: 'all-in-one', entry: join(root, dir, pkg.exports['.']['@joinedcare/source']) });
    } else if (define && pkg.name !== '@joinedcare/core') {
      targets.push({ name: pkg.name, kind: 'widget', entry: join(root, dir, define['@joinedcare/source']) });
    }
  }
  return targets;
}

/** `@joinedcare/x/define.js` -> packages/x/src/define.ts, from every package's `exports`. */
export function workspaceAliases() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const aliases = [];
  for (const dir of workspaces) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      if (typeof target !== 'object' || !target['@joinedcare/source']) continue;
      const spec = sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`;
      aliases.push({
        find: new RegExp(`^${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
        replacement: join(root, dir, target['@joinedcare/source']),
      });
    }
  }
  return aliases;
}

/** Which package a module id belongs to ("lit", "@joinedcare/core", "dompurify", ...). */
function packageOf(id) {
  const clean = id.replace(/^\0/, '').split('?')[0];
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return ['lit-html', 'lit-element', '@lit/reactive-element'].includes(name) ? `lit (${name})` : name;
  }
  const m = /packages\/([^/]+)\//.exec(relative(root, clean));
  return m ? `@joinedcare/${m[1]}` : relative(root, clean);
}

/**
 * Builds one entry in memory and measures it. The build is the one the shipped all-in-one file gets
 * (vite.config.ts `bundleConfig`): production, ES2022, one chunk, fully minified. Not Vite's library
 * mode, which leaves the whitespace of an ES build unminified and so overstates every size.
 */
export async function measureBundle(target) {
  const { build, minifySync } = await import('vite');
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    // workspace packages from source (their `@joinedcare/source` export), everything else in its production build
    resolve: { alias: workspaceAliases(), conditions: ['browser', 'module', 'production'] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { bundle: target.entry },
        preserveEntrySignatures: 'exports-only',
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  const chunks = outputs.flatMap((o) => o.output).filter((c) => c.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`${target.name}: expected one chunk, got ${chunks.length}`);
  const bytes = Buffer.from(chunks[0].code);
  // Composition: each module's code as rendered into the bundle, minified on its own (so the
  // figures are close to, not exactly, its share of the minified bundle).
  const composition = {};
  for (const [id, info] of Object.entries(chunks[0].modules ?? {})) {
    if (!info.code) continue;
    let size = info.code.length;
    try {
      size = minifySync('module.js', info.code).code.length;
    } catch {
      // keep the unminified length for a module the minifier cannot take alone
    }
    const pkg = packageOf(id);
    composition[pkg] = (composition[pkg] ?? 0) + size;
  }
  return {
    name: target.name,
    kind: target.kind,
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    composition: Object.fromEntries(Object.entries(composition).sort((a, b) => b[1] - a[1])),
  };
}

/**
 * Floors: what every widget bundle carries whatever the widget does. `lit`: Lit, @lit/context and
 * @lit/task as the widgets use them; `lit + core`: the same plus <jc-context> and the JcElement base.
 * Budget minus the `lit + core` floor is what a widget's own code may weigh.
 */
export async function measureFloors() {
  const floors = [
    { name: 'lit', kind: 'floor', entry: join(root, 'bench/floors/lit.ts') },
    { name: 'lit + core', kind: 'floor', entry: join(root, 'bench/floors/core.ts') },
  ];
  const results = [];
  for (const f of floors) results.push(await measureBundle(f));
  return results;
}

export async function measureAll() {
  const results = [];
  for (const t of bundleTargets()) if (existsSync(t.entry)) results.push(await measureBundle(t));
  return results;
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
