// The npm packages as a consumer gets them: `npm pack` every publishable workspace package, install
// the tarballs into a clean temporary project (npm cache first: --prefer-offline), then use them:
//   - package.json is right for publishing (ESM dist, types, custom-elements.json, sideEffects naming
//     only the define entries, a side-effect-free class entry plus a define entry);
//   - the tarball holds every file package.json points at, and no sources or tests;
//   - in Node, the class entry registers nothing (a spying customElements), the define entry registers its tags;
//   - Vite bundles a small app from the installed packages; in Chromium <jc-patient-banner> renders a
//     handed-in Patient and refuses one for another patient (jc-safety-warning reaches the app), and
//     an app that imports only the classes or a formatter registers no tag (sideEffects / tree-shaking);
//   - Vite's dev server resolves the packages (consumers' `vite` uses the `development` condition);
//   - TypeScript resolves every entry's types (moduleResolution bundler and nodenext);
//   - publishing: README, LICENSE and CHANGELOG in every tarball, `repository`, `./package.json` and
//     `./custom-elements.json` exported; publint and arethetypeswrong pass on every tarball;
//   - framework types (consumer-frameworks.mjs): events in HTMLElementEventMap, the React, Vue and
//     Angular examples type-check against the installed packages (tsc, vue-tsc and ngc, strict).
// Packages are discovered from the root `workspaces`; new tags are picked up from each package's
// custom-elements.json. Run after `npm run build`:  node --test test/package/pack.test.mjs
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { launchBrowser, openPage, requireBuild, root, serve } from '../examples/support.mjs';
import { readJson, workspacePackages } from '../tools/workspaces.mjs';
import {
  attw,
  checkAngular,
  checkReact,
  checkVue,
  frameworkDependencies,
  publintMessages,
  writeEventsCheck,
} from './consumer-frameworks.mjs';

const exec = promisify(execFile);
const rootPkg = readJson(join(root, 'package.json'));
const packages = workspacePackages().filter((p) => !p.pkg.private);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Tags a package registers, from its custom-elements.json (written by `npm run build`). */
function manifestTags(p) {
  const file = p.pkg.customElements && join(p.dir, p.pkg.customElements);
  if (!file || !existsSync(file)) return [];
  return readJson(file).modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name));
}
/** Documents every tarball carries. */
const PUBLISHED_DOCS = ['README.md', 'LICENSE', 'CHANGELOG.md'];
/** Types-only entries generated from each element package's manifest (custom-elements-manifest.config.mjs). */
const FRAMEWORK_TYPES = { './jsx': './dist/custom-elements-jsx.d.ts', './vue': './dist/custom-elements-vue.d.ts' };
const isDefineEntry = (e) => e.subpath === './define.js' || e.subpath.endsWith('/define.js');
const targetsOf = (pkg) =>
  Object.entries(pkg.exports ?? {}).flatMap(([subpath, t]) =>
    typeof t === 'string' ? [[subpath, 'default', t]] : Object.entries(t).map(([cond, target]) => [subpath, cond, target]),
  );
/**
 * Conditions a consumer's tools may enable (`development`, `import`, `default`, …) must never point
 * at src/, which is not published. Only the repository-only `@joinedcare/source` condition may.
 */
const REPO_ONLY_CONDITION = '@joinedcare/source';
const sourceConditions = packages.flatMap((p) =>
  targetsOf(p.pkg)
    .filter(([, cond, t]) => cond !== REPO_ONLY_CONDITION && t.startsWith('./src/'))
    .map(([sub]) => `${p.name} exports["${sub}"]`),
);

/** Declarations that import `fhir/r4` without an extension (fine for bundlers, not for nodenext). */
function fhirSubpathImports() {
  const dtsOf = (dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true })
          .filter((f) => String(f).endsWith('.d.ts'))
          .map((f) => join(dir, String(f)))
      : [];
  return packages.some((p) => dtsOf(join(p.dir, 'dist')).some((f) => /from ['"]fhir\/r4['"]/.test(readFileSync(f, 'utf8'))));
}

describe('package.json of each publishable package', () => {
  for (const p of packages) {
    it(`${p.name}`, () => {
      const { pkg } = p;
      const bundle = Boolean(pkg.joinedcare?.bundle);
      assert.match(pkg.name, /^@joinedcare\/[a-z-]+$/);
      assert.match(pkg.version, /^\d+\.\d+\.\d+/);
      assert.equal(pkg.type, 'module', 'ESM');
      assert.ok(pkg.license && pkg.description, 'license and description');
      assert.deepEqual(
        pkg.files?.filter((f) => !['dist', 'custom-elements.json', ...PUBLISHED_DOCS].includes(f)),
        [],
        'files: dist (+ custom-elements.json), README.md, LICENSE, CHANGELOG.md',
      );
      for (const f of PUBLISHED_DOCS) assert.ok(pkg.files.includes(f) && existsSync(join(p.dir, f)), `${f} exists and is published`);
      assert.match(pkg.repository?.url ?? '', /^git\+https:\/\/.+\.git$/, 'repository.url');
      assert.equal(pkg.repository.directory, p.rel, 'repository.directory is the package folder');
      assert.equal(pkg.publishConfig?.access, 'public', 'a scoped package is published public');
      assert.equal(pkg.exports['./package.json'], './package.json', 'exports ./package.json');
      if (pkg.customElements) {
        assert.equal(pkg.exports['./custom-elements.json'], `./${pkg.customElements}`, 'exports ./custom-elements.json');
        for (const [sub, file] of Object.entries(FRAMEWORK_TYPES)) {
          assert.deepEqual(pkg.exports[sub], { types: file }, `exports["${sub}"]: types generated from the manifest`);
        }
      }
      assert.match(pkg.main, /^\.\/dist\/.+\.js$/);
      assert.match(pkg.types, /^\.\/dist\/.+\.d\.ts$/);
      for (const e of p.entries) {
        const t = pkg.exports[e.subpath];
        assert.equal(typeof t, 'object', `exports["${e.subpath}"] has conditions`);
        assert.equal(Object.keys(t)[0], 'types', `exports["${e.subpath}"]: "types" comes first (TypeScript reads conditions in order)`);
        assert.equal(t.types, `./dist/${e.name}.d.ts`);
        assert.equal(Object.keys(t).at(-1), 'default', `exports["${e.subpath}"]: "default" comes last`);
      }
      if (bundle) {
        assert.equal(pkg.sideEffects, true, 'a bundle that registers tags has side effects');
        assert.equal(p.entries.length, 1);
        return;
      }
      const tags = manifestTags(p);
      const defineEntries = p.entries.filter(isDefineEntry);
      const classEntry = p.entries.find((e) => e.subpath === '.');
      assert.ok(classEntry, 'a "." entry (classes and functions, no side effects)');
      if (pkg.customElements) {
        assert.ok(pkg.files.includes(pkg.customElements), 'custom-elements.json is published');
        assert.equal(defineEntries.length, 1, 'a ./define.js entry that registers the tag(s)');
      }
      if (tags.length) assert.ok(pkg.customElements, 'a package with elements declares "customElements"');
      // sideEffects names the define entries only (their dist file, and the source for the workspace)
      const expected = defineEntries.map((e) => `./dist/${e.name}.js`);
      if (expected.length === 0) assert.equal(pkg.sideEffects, false, 'no define entry: "sideEffects": false');
      else {
        assert.ok(Array.isArray(pkg.sideEffects), '"sideEffects" is a list');
        for (const f of expected) assert.ok(pkg.sideEffects.includes(f), `"sideEffects" names ${f}`);
        const defines = new Set([...expected, ...defineEntries.map((e) => `./${relative(p.dir, e.src)}`)]);
        assert.deepEqual(
          pkg.sideEffects.filter((f) => !defines.has(f)),
          [],
          '"sideEffects" names nothing but define entries',
        );
      }
    });
  }
});

describe('npm pack, install into a clean project, use', () => {
  let work, app, tarballs, browser, server;

  before(async () => {
    requireBuild(...packages.flatMap((p) => p.entries.map((e) => relative(root, e.js))));
    work = mkdtempSync(join(tmpdir(), 'jc-pack-'));
    const { stdout } = await exec(npm, ['pack', ...packages.map((p) => p.dir), '--pack-destination', work, '--json', '--ignore-scripts'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    tarballs = JSON.parse(stdout.slice(stdout.indexOf('[')));
    app = join(work, 'app');
    mkdirSync(join(app, 'web'), { recursive: true });
    const deps = Object.fromEntries(tarballs.map((t) => [t.name, `file:../${t.filename}`]));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        {
          name: 'jc-consumer',
          private: true,
          type: 'module',
          // msw: the optional peer dependency of @joinedcare/fixtures/msw.js (its types are checked below)
          // and the frameworks whose types are checked (consumer-frameworks.mjs)
          dependencies: { ...deps, msw: rootPkg.devDependencies.msw, ...frameworkDependencies(rootPkg.devDependencies) },
          overrides: deps, // the packages' dependencies on each other resolve to these tarballs too
        },
        null,
        2,
      ),
    );
    await exec(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: app,
      maxBuffer: 64 * 1024 * 1024,
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('each tarball holds every file package.json points at, and no sources or tests', () => {
    assert.deepEqual(tarballs.map((t) => t.name).sort(), packages.map((p) => p.name).sort());
    for (const t of tarballs) {
      const p = packages.find((x) => x.name === t.name);
      const files = new Set(t.files.map((f) => f.path));
      const published = [
        p.pkg.main,
        p.pkg.types,
        p.pkg.customElements,
        ...targetsOf(p.pkg)
          .filter(([, c]) => c !== REPO_ONLY_CONDITION)
          .map(([, , f]) => f),
      ];
      for (const f of published.filter(Boolean)) assert.ok(files.has(f.replace(/^\.\//, '')), `${t.name}: ${f} is in the tarball`);
      const stray = [...files].filter(
        (f) => /^(src|test|stories)\//.test(f) || (/\.ts$/.test(f) && !f.endsWith('.d.ts')) || /\.test\./.test(f),
      );
      assert.deepEqual(stray, [], `${t.name}: no sources or tests`);
      assert.ok(files.has('package.json'));
      for (const f of PUBLISHED_DOCS) assert.ok(files.has(f), `${t.name}: ${f} is in the tarball`);
      if (p.pkg.customElements) assert.ok(files.has('dist/custom-elements-events.d.ts'), `${t.name}: events typed from the manifest`);
    }
  });

  it('the class entries register nothing in Node; the define entries register their tags', async () => {
    // a spying customElements: every access is recorded (Lit's own Node shim is not used)
    writeFileSync(
      join(app, 'probe.mjs'),
      `const calls = [];
const registry = new Map();
globalThis.customElements = new Proxy(
  { define: (t, c) => registry.set(t, c), get: (t) => registry.get(t), whenDefined: async () => undefined },
  { get(target, key) { calls.push(String(key)); return target[key]; } },
);
await import(process.argv[2]);
console.log(JSON.stringify({ calls, tags: [...registry.keys()] }));`,
    );
    const probe = async (spec) =>
      JSON.parse((await exec(process.execPath, ['probe.mjs', spec], { cwd: app })).stdout.trim().split('\n').at(-1));
    for (const p of packages.filter((x) => !x.pkg.joinedcare?.bundle)) {
      for (const e of p.entries) {
        const spec = e.subpath === '.' ? p.name : `${p.name}/${e.subpath.slice(2)}`;
        if (e.subpath === './msw.js') continue; // browser-only (msw/browser); has no tags
        const result = await probe(spec);
        if (isDefineEntry(e)) {
          for (const tag of manifestTags(p)) assert.ok(result.tags.includes(tag), `${spec} registers <${tag}>`);
        } else {
          assert.deepEqual(result.calls, [], `${spec} touches customElements on import: ${result.calls.join(', ')}`);
        }
      }
    }
  });

  it('Vite bundles an app from the installed packages; in Chromium the banner renders a handed-in Patient', async () => {
    const web = join(app, 'web');
    const patient = (id, family, given) => ({
      resourceType: 'Patient',
      id,
      name: [{ family, given: [given] }],
      birthDate: '1958-11-30',
      gender: 'male',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000026' }],
    });
    writeFileSync(
      join(web, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>consumer</title></head><body>
<jc-context patient-id="pat-1"><jc-patient-banner id="right"></jc-patient-banner><jc-patient-banner id="wrong"></jc-patient-banner></jc-context>
<p id="events"></p><script type="module" src="./main.js"></script></body></html>`,
    );
    writeFileSync(
      join(web, 'main.js'),
      `import '@joinedcare/patient-banner/define.js';
document.addEventListener('jc-safety-warning', (e) => { document.querySelector('#events').textContent = 'jc-safety-warning ' + e.detail.id; });
document.querySelector('#right').patient = ${JSON.stringify(patient('pat-1', 'Consumer', 'Colin'))};
document.querySelector('#wrong').patient = ${JSON.stringify(patient('pat-2', 'Otherperson', 'Olive'))};`,
    );
    writeFileSync(
      join(web, 'classes.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>classes</title></head><body><script type="module" src="./classes.js"></script></body></html>`,
    );
    // every "." entry's exports, used: none may register a tag
    const classEntries = packages.filter((p) => !p.pkg.joinedcare?.bundle && p.entries.some((e) => e.subpath === '.'));
    writeFileSync(
      join(web, 'classes.js'),
      classEntries.map((p, i) => `import * as m${i} from '${p.name}';`).join('\n') +
        `\nconst used = [${classEntries.map((_, i) => `Object.keys(m${i}).length`).join(', ')}];
document.body.dataset.result = JSON.stringify({ used, defined: ${JSON.stringify(packages.flatMap(manifestTags))}.filter((t) => customElements.get(t)) });`,
    );
    writeFileSync(
      join(web, 'format.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>format</title></head><body><script type="module" src="./format.js"></script></body></html>`,
    );
    writeFileSync(
      join(web, 'format.js'),
      `import { formatNhsNumber } from '@joinedcare/core';\ndocument.body.dataset.result = formatNhsNumber('9990000018');`,
    );

    const { build } = await import('vite');
    const outDir = join(app, 'out');
    const result = await build({
      configFile: false,
      root: web,
      logLevel: 'error',
      build: {
        outDir,
        emptyOutDir: true,
        rolldownOptions: { input: ['index.html', 'classes.html', 'format.html'].map((f) => join(web, f)) },
      },
    });
    const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
    const formatChunk = chunks.find((c) => c.facadeModuleId?.endsWith('format.html') || c.name === 'format');
    assert.ok(formatChunk, 'a chunk for format.html');
    const formatSize = [formatChunk.code, ...formatChunk.imports.map((f) => chunks.find((c) => c.fileName === f)?.code ?? '')].join(
      '',
    ).length;
    assert.ok(formatSize < 30_000, `a page that imports one formatter does not pull in the elements (${formatSize} bytes)`);

    server = await serve(outDir);
    browser = await launchBrowser();
    const { page, context, pageErrors } = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    await page.locator('#right').getByText('CONSUMER, Colin').waitFor({ timeout: 5000 });
    await page.locator('#events').getByText('jc-safety-warning pat-2').waitFor({ timeout: 5000 });
    assert.equal(
      await page.locator('#wrong').getByText('Otherperson', { exact: false }).count(),
      0,
      "another patient's name is never shown",
    );
    assert.deepEqual(pageErrors, []);

    await page.goto(`${server.url}/classes.html`);
    await page.waitForFunction(() => document.body.dataset.result);
    const classes = JSON.parse(await page.evaluate(() => document.body.dataset.result));
    assert.equal(classes.used.length, classEntries.length, 'every "." entry was imported');
    assert.deepEqual(classes.defined, [], 'importing the classes registers no tag');

    await page.goto(`${server.url}/format.html`);
    assert.equal(await page.evaluate(() => document.body.dataset.result), '999 000 0018');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it("Vite's dev server resolves the installed packages (the `development` condition never points at src)", async () => {
    assert.deepEqual(sourceConditions, [], 'no consumer-visible export condition points at unpublished ./src');
    const { createServer } = await import('vite');
    const specs = packages.flatMap((p) => p.entries.map((e) => (e.subpath === '.' ? p.name : `${p.name}/${e.subpath.slice(2)}`)));
    writeFileSync(join(app, 'web', 'dev.js'), specs.map((s) => `import '${s}';`).join('\n'));
    // as a consumer's `vite` runs: development mode (the build above set NODE_ENV=production)
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    const dev = await createServer({
      configFile: false,
      mode: 'development',
      root: join(app, 'web'),
      logLevel: 'silent',
      optimizeDeps: { noDiscovery: true, include: [] },
      server: { port: 0, host: '127.0.0.1', ws: false },
    });
    try {
      for (const spec of specs) {
        const resolved = await dev.pluginContainer.resolveId(spec, join(app, 'web', 'dev.js'));
        assert.ok(resolved?.id && existsSync(resolved.id.split('?')[0]), `${spec} resolves in vite dev (got ${resolved?.id ?? 'nothing'})`);
      }
      await assert.doesNotReject(dev.transformRequest('/dev.js'), 'vite dev serves an app importing every entry');
    } finally {
      process.env.NODE_ENV = nodeEnv;
      await dev.close();
    }
  });

  it('TypeScript resolves the types of every entry (moduleResolution bundler)', async () => {
    const imports = packages.flatMap((p) => p.entries.map((e) => (e.subpath === '.' ? p.name : `${p.name}/${e.subpath.slice(2)}`)));
    writeFileSync(
      join(app, 'types.ts'),
      `${imports.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}
import { JcPatientBanner } from '@joinedcare/patient-banner';
import { FetchFhirClient, type JcEventMap } from '@joinedcare/core';
export const all = [${imports.map((_, i) => `m${i}`).join(', ')}];
// tag names are typed through HTMLElementTagNameMap (from the define entries)
export const banner: JcPatientBanner = document.createElement('jc-patient-banner');
banner.patient = { resourceType: 'Patient', id: 'x' };
// @ts-expect-error a Patient resource is typed (resourceType is required)
banner.patient = { id: 'x' };
document.createElement('jc-context').client = new FetchFhirClient({ baseUrl: '/fhir' });
export const warning: JcEventMap['jc-safety-warning']['id'] = 'x';
`,
    );
    await tsc(['--module', 'esnext', '--moduleResolution', 'bundler']);
  });

  it('TypeScript resolves the types of every entry with moduleResolution nodenext', async () => {
    // `fhir/r4` without an extension resolves for bundlers but not for nodenext: sources import `fhir/r4.js`
    assert.equal(fhirSubpathImports(), false, "a .d.ts imports 'fhir/r4' (use 'fhir/r4.js')");
    await tsc(['--module', 'nodenext', '--moduleResolution', 'nodenext']);
  });

  it('publint and arethetypeswrong (ESM-only profile) find no problem in any tarball', async () => {
    for (const t of tarballs) {
      const file = join(work, t.filename);
      assert.deepEqual(await publintMessages(file), [], `publint ${t.name}`);
      assert.deepEqual(await attw(file), [], `arethetypeswrong ${t.name}`);
    }
  });

  it('every event in the manifests is typed in HTMLElementEventMap and DocumentEventMap, with its detail', async () => {
    const withElements = packages.filter((p) => p.pkg.customElements);
    const events = withElements.flatMap((p) =>
      readJson(join(p.dir, p.pkg.customElements)).modules.flatMap((m) =>
        (m.declarations ?? []).filter((d) => d.tagName).flatMap((d) => (d.events ?? []).map((e) => e.name)),
      ),
    );
    assert.ok(events.length > 10, `events found in the manifests (${events.length})`);
    for (const p of withElements) {
      for (const m of readJson(join(p.dir, p.pkg.customElements)).modules) {
        for (const e of (m.declarations ?? []).flatMap((d) => d.events ?? [])) {
          assert.ok(e.type?.text && e.type.text !== 'CustomEvent', `${p.name}: ${e.name} has its detail type in custom-elements.json`);
        }
      }
    }
    await tsc(
      ['--module', 'esnext', '--moduleResolution', 'bundler'],
      writeEventsCheck(
        app,
        withElements.map((p) => p.name),
        events,
      ),
    );
  });

  it('React 19: the React example type-checks with the JSX types generated from the manifests; wrong props and handlers do not', async () => {
    await checkReact(app);
  });

  it('Vue 3: the Vue example type-checks with vue-tsc and strict templates (generated GlobalComponents); wrong ones do not', async () => {
    await checkVue(app);
  });

  it('Angular: the Angular example compiles with ngc and strict templates ($event typed); a wrong detail does not', async () => {
    await checkAngular(app);
  });

  /** `tsc --noEmit` on `file` (types.ts: written by an earlier test) in the consumer project. */
  async function tsc(mode, file = 'types.ts') {
    const bin = join(root, 'node_modules/typescript/bin/tsc');
    const common = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      'false',
      '--target',
      'es2022',
      '--lib',
      'es2023,dom,dom.iterable',
      '--types',
      'fhir',
    ];
    try {
      await exec(process.execPath, [bin, ...common, ...mode, file], { cwd: app });
    } catch (err) {
      assert.fail(`tsc ${mode.join(' ')}:\n${err.stdout}${err.stderr}`);
    }
  }
});
