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
// differently: its single entry becomes ONE minified ES2022 file with every dependency (Lit, the
// other packages) inside, for `<script type="module" src=".../elements.js">` without a build step.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

const repoRoot = dirname(fileURLToPath(import.meta.url));

interface PackageJson {
  name: string;
  joinedcare?: { bundle?: boolean };
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
    if (subpath.endsWith('package.json') || subpath.includes('*')) continue;
    const dist = typeof target === 'string' ? target : (target['default'] ?? target['import']);
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
  if (pkg.joinedcare?.bundle) return bundleConfig(pkgDir, pkg);
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

/** One self-contained, minified file per entry (no externals): the drop-in `<script type="module">` build. */
function bundleConfig(pkgDir: string, pkg: PackageJson): UserConfig {
  const entries = libraryEntries(pkgDir, pkg);
  if (Object.keys(entries).length !== 1) throw new Error(`${pkg.name}: a bundle package has exactly one entry in "exports"`);
  return {
    root: pkgDir,
    publicDir: false,
    logLevel: 'warn',
    clearScreen: false,
    // production builds of Lit (no dev-mode warnings) and the other packages' dist, as published
    resolve: { conditions: ['module', 'browser', 'production'] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: join(pkgDir, 'dist'),
      emptyOutDir: true,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      // not library mode: Vite does not minify whitespace of an ES library build
      modulePreload: false,
      rolldownOptions: {
        input: entries,
        preserveEntrySignatures: 'exports-only',
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false },
      },
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
