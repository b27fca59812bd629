// Builds the bench pages (bench/pages/*.html) into bench/dist with Vite: production mode, minified,
// ES2022, workspace packages from their TypeScript source (the repository's `@joinedcare/source`
// export condition, as the script-tag bundles are built), templates minified like theirs, and Lit in
// its production build, so what is measured is what a host page would ship.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { minifyTemplates } from '../packages/elements/build/plugins.mjs';
import { root } from './size.mjs';

export const pagesDir = join(root, 'bench/pages');
export const distDir = join(root, 'bench/dist');

export async function buildPages() {
  const { build } = await import('vite');
  const input = Object.fromEntries(
    readdirSync(pagesDir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => [f.replace(/\.html$/, ''), join(pagesDir, f)]),
  );
  await build({
    configFile: false,
    logLevel: 'warn',
    root: pagesDir,
    base: './',
    publicDir: false,
    plugins: [minifyTemplates()],
    resolve: { conditions: ['@joinedcare/source', 'browser', 'module', 'production'] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: distDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: process.env.BENCH_MINIFY !== '0',
      sourcemap: false,
      modulePreload: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 10_000,
      rolldownOptions: { input },
    },
  });
  return { distDir, pages: Object.keys(input) };
}
