// Builds the Angular example as an Angular application is built, without the Angular CLI:
//   1. ngc (@angular/compiler-cli) compiles src/ ahead of time, with strict template type-checking
//      (tsconfig.json): a template that binds a wrong type fails the build;
//   2. Vite bundles the compiled files, running the Angular linker (@angular/compiler-cli/linker/babel,
//      the documented way to use Angular's packages in a build other than the CLI) over @angular/*.
// Used by ../run.mjs (`npm run examples`) and test/examples/examples.test.mjs, after `npm run build`.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const require = createRequire(import.meta.url);
const exec = promisify(execFile);

/** ngc, the Angular compiler's command line (as `npx ngc`). */
async function ngc(outDir) {
  const bin = join(dirname(require.resolve('@angular/compiler-cli/package.json')), 'bundles/src/bin/ngc.js');
  try {
    await exec(process.execPath, [bin, '-p', join(here, 'tsconfig.json'), '--outDir', outDir], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`ngc failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** Links Angular's partially compiled packages (the `ɵɵngDeclare…` calls) into full definitions. */
function angularLinker() {
  return {
    name: 'angular-linker',
    async transform(code, id) {
      if (!/[\\/]node_modules[\\/]@angular[\\/]/.test(id) || !code.includes('ɵɵngDeclare')) return null;
      const [{ transformAsync }, { default: linkerPlugin }] = await Promise.all([
        import('@babel/core'),
        import('@angular/compiler-cli/linker/babel'),
      ]);
      const result = await transformAsync(code, {
        filename: id,
        babelrc: false,
        configFile: false,
        compact: false,
        sourceMaps: false,
        plugins: [[linkerPlugin, { linkerJitMode: false }]],
      });
      return result?.code ?? null;
    },
  };
}

/** Builds the example into `outDir` (index.html and its assets). */
export async function buildAngularExample(outDir) {
  // inside the repository, so the compiled files resolve @joinedcare/* and @angular/* from its node_modules
  const work = join(root, 'node_modules/.cache/joinedcare-examples-angular');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await ngc(join(work, 'src'));
  copyFileSync(join(here, 'index.html'), join(work, 'index.html'));
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: work,
    base: './',
    logLevel: 'warn',
    plugins: [angularLinker()],
    // what the Angular CLI sets for a production build: no dev-mode checks, no JIT compiler
    define: { ngDevMode: 'false', ngJitMode: 'false', ngI18nClosureMode: 'false' },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
  });
  rmSync(work, { recursive: true, force: true });
}
