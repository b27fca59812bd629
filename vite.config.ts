// Library build of ONE workspace package, used by `npm run build` (test/tools/build.mjs) for every package.
//
// The package is chosen by the JC_PACKAGE environment variable (a directory, e.g. `packages/core`)
// or, failing that, by the working directory (`cd packages/core && vite build -c ../../vite.config.ts`).
// With neither, or when not building (e.g. Storybook, which loads the root vite.config.ts by itself,
// or a dev server), this config is empty, so nothing here leaks into other tools.
//
// Entries come from the package's `exports`: each subpath maps `@joinedcare/source` (the repository-only condition) -> ./src/<name>.ts and
// `default` -> ./dist/<name>.js. Every other module of src/ (tests, stories and .d.ts aside) is an input
// too and `preserveModules` is on, so dist/ mirrors src/ file by file, like the .d.ts files tsc writes
// next to them and the module paths in the package's custom-elements.json (re-export-only modules,
// which rolldown would otherwise fold into their importers, keep their file).
//
// A package whose package.json has `"joinedcare": { "bundle": true }` (@joinedcare/elements) is built
// differently, for `<script type="module">` without a build step, from the other packages' sources
// (one copy of each helper), minified, Lit's production build inside, templates minified
// (packages/elements/build/plugins.mjs), with `.gz` and `.br` beside every file. JC_BUNDLE_STEP
// picks one of three builds, which test/tools/build.mjs runs in this order:
//   single  its `exports` entry (src/elements.ts) -> dist/elements.js: ONE file, no imports;
//   chunks  when it names a `"loader"`: one chunk per `define.js` entry of the other packages (the
//           tags it registers) and ONE shared chunk of Lit and core (with <jc-context>), content-hashed
//           names, plus dist/loader.json (which file defines which tag);
//   loader  src/loader.ts -> dist/loader.js, with loader.json's file names built in (no imports).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyTemplates, precompress, writeLoaderManifest, loaderDefine } from './packages/elements/build/plugins.mjs';

const repoRoot = dirname(fileURLToPath(import.meta.url));

interface PackageJson {
  name: string;
  version?: string;
  joinedcare?: { bundle?: boolean; loader?: string };
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function selectedPackageDir(): string | undefined {
  const fromEnv = process.env['JC_PACKAGE'];
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot, fromEnv);
  const cwd = process.cwd();
  if (resolve(cwd) !== repoRoot && existsSync(join(cwd, 'package.json'))) return cwd;
  return undefined;
}

/** `{ index: '/abs/packages/x/src/index.ts', define: ... }` from the package's `exports`. */
export function libraryEntries(pkgDir: string, pkg: PackageJson): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    // not JavaScript entries: ./package.json, ./custom-elements.json, patterns, types only (./jsx, ./vue)
    if (subpath.endsWith('.json') || subpath.includes('*')) continue;
    const dist = typeof target === 'string' ? target : (target['default'] ?? target['import']);
    if (!dist && typeof target !== 'string' && target['types']) continue;
    const match = dist ? /^\.\/dist\/(.+)\.js$/.exec(dist) : null;
    if (!match?.[1]) throw new Error(`${pkg.name}: exports["${subpath}"] must point at ./dist/<name>.js (got ${String(dist)})`);
    const src = (typeof target === 'string' ? undefined : target['@joinedcare/source']) ?? `./src/${match[1]}.ts`;
    entries[match[1]] = resolve(pkgDir, src);
  }
  return entries;
}

/** The exports' entries plus every other source module, keyed by their path in dist without `.js`. */
function allInputs(pkgDir: string, pkg: PackageJson): Record<string, string> {
  const inputs = libraryEntries(pkgDir, pkg);
  const srcDir = join(pkgDir, 'src');
  const taken = new Set(Object.values(inputs));
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.ts$/.test(name) && !/\.(d|test|spec|stories)\.ts$/.test(name) && !taken.has(file)) {
        inputs[relative(srcDir, file).replace(/\.ts$/, '')] = file;
      }
    }
  };
  if (existsSync(srcDir)) walk(srcDir);
  return inputs;
}

/** Bare imports that stay imports: the package's own dependencies and every Node built-in. */
function externals(pkg: PackageJson): (id: string) => boolean {
  const declared = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies });
  const builtins = new Set(builtinModules);
  return (id) => {
    if (id.startsWith('node:') || builtins.has(id)) return true;
    return declared.some((dep) => id === dep || id.startsWith(`${dep}/`));
  };
}

export default defineConfig(({ command }): UserConfig => {
  const pkgDir = command === 'build' ? selectedPackageDir() : undefined;
  if (!pkgDir) return {};
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as PackageJson;
  if (pkg.joinedcare?.bundle) {
    const step = process.env['JC_BUNDLE_STEP'] ?? 'single';
    if (!['single', 'chunks', 'loader'].includes(step)) throw new Error(`JC_BUNDLE_STEP must be single, chunks or loader (got ${step})`);
    return bundleConfig(pkgDir, pkg, step as BundleStep);
  }
  const isDeclared = externals(pkg);
  const isWorkspaceOrRootDep = workspaceAndRootNames();
  return {
    root: pkgDir,
    publicDir: false,
    logLevel: 'warn',
    clearScreen: false,
    // no `@joinedcare/source` or `development` condition: a dist build never reads another package's src (and lit stays in prod mode)
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      outDir: join(pkgDir, 'dist'),
      emptyOutDir: true,
      copyPublicDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: { entry: allInputs(pkgDir, pkg), formats: ['es'] },
      rolldownOptions: {
        // externalise declared dependencies; an undeclared bare import of a workspace or root package
        // (e.g. msw, lit) is kept external too, never bundled: check-build.mjs reports it as undeclared
        external: (id) => isDeclared(id) || isWorkspaceOrRootDep(id),
        output: {
          preserveModules: true,
          preserveModulesRoot: join(pkgDir, 'src'),
          entryFileNames: '[name].js',
        },
      },
    },
  };
});

/** The three builds of a bundle package (see the header): `single`, `chunks`, `loader`. */
export type BundleStep = 'single' | 'chunks' | 'loader';

/** A workspace package's `define.js` entry for the loader: chunk name, source, and the tags it registers. */
export interface DefineEntry {
  name: string;
  src: string;
  tags: string[];
}

/** The `define.js` entries of every other workspace package, with the tags each registers (its literal `safeDefine` calls). */
export function defineEntries(pkgDir: string): DefineEntry[] {
  const rootPkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
  const out: DefineEntry[] = [];
  for (const dir of rootPkg.workspaces) {
    const abs = resolve(repoRoot, dir);
    if (abs === resolve(pkgDir)) continue;
    const pkg = JSON.parse(readFileSync(join(abs, 'package.json'), 'utf8')) as PackageJson;
    const target = pkg.exports?.['./define.js'];
    if (!target || typeof target === 'string' || !target['@joinedcare/source']) continue;
    const src = resolve(abs, target['@joinedcare/source']);
    const tags = [...readFileSync(src, 'utf8').matchAll(/safeDefine\(\s*['"]([a-z][\w.]*-[\w.-]*)['"]/g)].map((m) => m[1] ?? '');
    if (!tags.length) throw new Error(`${pkg.name}: ${relative(repoRoot, src)} registers no tag with a literal safeDefine('jc-…') call`);
    // core's define entry (<jc-context>) is where the shared chunk starts: it is named after it
    out.push({ name: pkg.name === '@joinedcare/core' ? 'shared' : dir.split('/').pop()!, src, tags });
  }
  return out;
}

/** Lit, @lit/context, @lit/task, decorator helpers and core: the one shared chunk (when two or more chunks use a module). */
const SHARED = /[\\/]node_modules[\\/]|[\\/]packages[\\/]core[\\/]|^\0/;

/** The script-tag builds of a bundle package (@joinedcare/elements): see the header. */
export function bundleConfig(pkgDir: string, pkg: PackageJson, step: BundleStep = 'single'): UserConfig {
  const entries = libraryEntries(pkgDir, pkg);
  if (Object.keys(entries).length !== 1) throw new Error(`${pkg.name}: a bundle package has exactly one entry in "exports"`);
  // JC_OUT_DIR: elsewhere than dist/ (the bench builds its own copy)
  const outDir = process.env['JC_OUT_DIR'] ? resolve(process.env['JC_OUT_DIR']) : join(pkgDir, 'dist');
  const plugins: Plugin[] = [minifyTemplates(), precompress()];
  let input: Record<string, string> = entries;
  let output: NonNullable<NonNullable<UserConfig['build']>['rolldownOptions']>['output'] = {
    format: 'es',
    entryFileNames: '[name].js',
    codeSplitting: false,
  };
  let define: Record<string, string> = {};
  if (step !== 'single') {
    if (!pkg.joinedcare?.loader) throw new Error(`${pkg.name}: no "joinedcare.loader" in package.json, so no ${step} build`);
    const loaderSrc = resolve(pkgDir, pkg.joinedcare.loader);
    if (step === 'chunks') {
      const defines = defineEntries(pkgDir);
      input = {
        ...Object.fromEntries(defines.map((d) => [d.name, d.src])),
        locale: resolve(dirname(loaderSrc), 'locale.ts'),
      };
      output = {
        format: 'es',
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: '[name]-[hash].js',
        codeSplitting: { groups: [{ name: 'shared', test: SHARED, minShareCount: 2 }] },
      };
      plugins.push(writeLoaderManifest({ version: pkg.version ?? '0.0.0', defines }));
    } else {
      input = { loader: loaderSrc };
      define = loaderDefine(join(outDir, 'loader.json'));
    }
  }
  return {
    root: pkgDir,
    publicDir: false,
    logLevel: 'warn',
    clearScreen: false,
    plugins,
    // the other packages' TypeScript sources (one copy of each helper); Lit's production build
    resolve: { conditions: ['@joinedcare/source', 'module', 'browser', 'production'] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production'), ...define },
    build: {
      outDir,
      emptyOutDir: step === 'single',
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      // not library mode: Vite does not minify whitespace of an ES library build
      modulePreload: false,
      rolldownOptions: { input, preserveEntrySignatures: 'exports-only', output },
    },
  };
}

/** Packages that are never bundled into a package: this monorepo's scope, Lit, and the root's dependencies. */
function workspaceAndRootNames(): (id: string) => boolean {
  const rootPkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson & {
    devDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...rootPkg.dependencies, ...rootPkg.devDependencies, ...rootPkg.peerDependencies });
  const scopes = ['@joinedcare/', '@lit/', '@lit-labs/'];
  names.push('lit', 'lit-html', 'lit-element');
  return (id) => scopes.some((s) => id.startsWith(s)) || names.some((n) => id === n || id.startsWith(`${n}/`));
}
