// Library build of ONE workspace package, used by `npm run build` (test/tools/build.mjs) for every package.
//
// The package is chosen by the JC_PACKAGE environment variable (a directory, e.g. `packages/core`)
// or, failing that, by the working directory (`cd packages/core && vite build -c ../../vite.config.ts`).
// With neither (e.g. Storybook, which loads the root vite.config.ts by itself) this config is empty,
// so nothing here leaks into the Storybook or dev-server builds.
//
// Entries come from the package's `exports`: each subpath maps `development` -> ./src/<name>.ts and
// `default` -> ./dist/<name>.js. Output is ES2022 ESM with `preserveModules` (dist mirrors src, which is
// also what tsc emits for the .d.ts files and what the package's custom-elements.json points at).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

const repoRoot = dirname(fileURLToPath(import.meta.url));

interface PackageJson {
  name: string;
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
    const src = (typeof target === 'string' ? undefined : target['development']) ?? `./src/${match[1]}.ts`;
    entries[match[1]] = resolve(pkgDir, src);
  }
  return entries;
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

export default defineConfig((): UserConfig => {
  const pkgDir = selectedPackageDir();
  if (!pkgDir) return {};
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as PackageJson;
  const isDeclared = externals(pkg);
  const isWorkspaceOrRootDep = workspaceAndRootNames();
  return {
    root: pkgDir,
    publicDir: false,
    logLevel: 'warn',
    clearScreen: false,
    // no `development` condition: a dist build never reads another package's src (and lit stays in prod mode)
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      outDir: join(pkgDir, 'dist'),
      emptyOutDir: true,
      copyPublicDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: { entry: libraryEntries(pkgDir, pkg), formats: ['es'] },
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
