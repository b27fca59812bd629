// Storybook for the joined-care widgets: `npm start` (dev server on :6006) and `npm run build-storybook`.
//
// - Stories import the workspace packages by their public names (`@joinedcare/core`,
//   `@joinedcare/patient-banner/define.js`, `@joinedcare/fixtures/msw.js`, ...). Their package.json
//   `exports` point `default` at dist/, which only exists after `npm run build`, so `viteFinal` aliases
//   every export of every package under packages/ to its TypeScript source. The list is read from the
//   packages folder, so a new widget package needs no change here.
// - TypeScript legacy decorators: Vite 8 (oxc) reads `experimentalDecorators` and
//   `useDefineForClassFields: false` from the root tsconfig.json, which includes packages/*/src,
//   stories and .storybook. Nothing to configure, but keep those files inside its `include`.
// - MSW's worker script is served at /mockServiceWorker.js straight from the installed msw (no copy in
//   git; the version always matches the msw the stories run).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { mergeConfig, type Alias } from 'vite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

type ExportTarget = string | { '@joinedcare/source'?: string; import?: string; default?: string; [condition: string]: unknown };

interface WorkspacePackage {
  name?: string;
  exports?: Record<string, ExportTarget>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The TypeScript source behind one `exports` entry: its `@joinedcare/source` target, else `./dist/x.js` -> `./src/x.ts`. */
function sourceOf(target: ExportTarget): string | undefined {
  if (typeof target !== 'string' && typeof target['@joinedcare/source'] === 'string') return target['@joinedcare/source'];
  const dist = typeof target === 'string' ? target : (target.import ?? target.default);
  const m = typeof dist === 'string' ? /^\.\/dist\/(.+)\.js$/.exec(dist) : null;
  return m ? `./src/${m[1]}.ts` : undefined;
}

/**
 * `@joinedcare/<pkg>` and `@joinedcare/<pkg>/<entry>.js` -> `packages/<pkg>/src/<entry>.ts`, for every
 * package in packages/ and every subpath in its `exports`. Exact matches only (regexes), so
 * `@joinedcare/core` does not swallow `@joinedcare/core/define.js`.
 */
export function workspaceAliases(root = repoRoot): Alias[] {
  const packagesDir = join(root, 'packages');
  const aliases: Alias[] = [];
  for (const dir of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const pkgDir = join(packagesDir, dir.name);
    const manifest = join(pkgDir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as WorkspacePackage;
    if (!pkg.name) continue;
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      if (subpath.includes('*') || subpath.endsWith('package.json')) continue;
      const src = sourceOf(target);
      if (!src) continue;
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
      aliases.push({ find: new RegExp(`^${escapeRegExp(specifier)}$`), replacement: resolve(pkgDir, src) });
    }
  }
  return aliases;
}

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', 'msw-storybook-addon'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // no onboarding checklist: neither the sidebar widget nor the "Onboarding guide" page in the menu
  // (this Storybook documents a library; readers are integrators, not new Storybook users)
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  // one file, served (dev) or copied (build) to /mockServiceWorker.js
  staticDirs: [{ from: require.resolve('msw/mockServiceWorker.js'), to: '/mockServiceWorker.js' }],
  viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      resolve: { alias: workspaceAliases() },
      optimizeDeps: {
        // Pre-bundle Lit's entry points up front: Storybook's renderer imports lit/directive-helpers.js,
        // which otherwise stays unbundled and loads a second copy of lit-html next to the pre-bundled
        // one ("Multiple versions of Lit loaded"); and deps found late force a page reload in dev.
        include: [
          'lit',
          'lit/decorators.js',
          'lit/directive.js',
          'lit/directive-helpers.js',
          'lit/directives/*.js',
          '@lit/context',
          '@lit/task',
          'msw',
          'msw/browser',
        ],
      },
    });
  },
};

export default config;
