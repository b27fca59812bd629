// `npm run build`: builds every workspace package (dependencies first), then runs check-build.mjs.
//
// Per package (listed in the root package.json `workspaces`, entries from its `exports`):
//   1. JavaScript: Vite library mode with the root vite.config.ts (JC_PACKAGE selects the package)
//      -> dist/<entry>.js, and dist/ mirrors src/ module by module (preserveModules), ES2022, sourcemaps.
//      A bundle package (@joinedcare/elements) gets its script-tag builds instead, in order
//      (JC_BUNDLE_STEP, see vite.config.ts): `single` (dist/elements.js), and with a `"loader"`,
//      `chunks` (a chunk per widget package, one shared chunk, dist/loader.json) and `loader`
//      (dist/loader.js); each file with a .gz and a .br beside it.
//   2. Declarations: TypeScript with tsconfig.build.json, rootDir src, outDir dist -> dist/**/*.d.ts.
//      Other workspace packages resolve to their built dist/*.d.ts, hence the dependency order.
//   3. custom-elements.json (packages whose package.json has "customElements"), with the plugins of
//      custom-elements-manifest.config.mjs and paths pointing at dist/.
// Also writes the root custom-elements.json (exactly `npm run analyze`), in parallel.
// Everything runs locally; no network.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { formatSize, globToRegExp, readJson, root, walk, workspacePackages } from './workspaces.mjs';

const started = performance.now();
const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)}s`;
const problems = [];

const run = (args, opts = {}) =>
  new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code) => resolvePromise({ code, output }));
  });

// The root manifest for Storybook, in a child process while the packages build.
const rootManifest = run([
  'node_modules/@custom-elements-manifest/analyzer/cem.js',
  'analyze',
  '--litelement',
  '--quiet',
  '--config',
  'custom-elements-manifest.config.mjs',
]);

const [{ build: viteBuild }, { default: ts }, cemConfig, { create, ts: cemTs }, { litPlugin }] = await Promise.all([
  import('vite'),
  import('typescript'),
  import(pathToFileURL(join(root, 'custom-elements-manifest.config.mjs')).href),
  import('@custom-elements-manifest/analyzer/index.js'),
  import('@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js'),
]);

// ---------------------------------------------------------------------------------------------
// 1. JavaScript (Vite)

async function buildJs(p) {
  for (const e of p.entries) {
    if (!statOrNull(e.src)) throw new BuildError(`${p.name}: exports["${e.subpath}"] source ${relative(root, e.src)} does not exist`);
  }
  const steps = p.pkg.joinedcare?.bundle ? ['single', ...(p.pkg.joinedcare.loader ? ['chunks', 'loader'] : [])] : [undefined];
  process.env.JC_PACKAGE = p.dir;
  try {
    for (const step of steps) {
      if (step) process.env.JC_BUNDLE_STEP = step;
      await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
    }
  } catch (err) {
    throw new BuildError(`${p.name}: vite build failed\n${err.message ?? err}`);
  } finally {
    delete process.env.JC_PACKAGE;
    delete process.env.JC_BUNDLE_STEP;
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Declarations (TypeScript)

const sourceFileCache = new Map(); // parsed lib and node_modules .d.ts files, shared by every package
function cachingHost(options) {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    if (!fileName.includes('/node_modules/')) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
    const v = languageVersionOrOptions;
    const key = `${fileName}|${typeof v === 'object' ? `${v.languageVersion}|${v.impliedNodeFormat}` : v}`;
    if (!sourceFileCache.has(key)) sourceFileCache.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
    return sourceFileCache.get(key);
  };
  return host;
}

const diagnosticHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};

function buildTypes(p) {
  const src = join(p.dir, 'src');
  const dist = join(p.dir, 'dist');
  const configDiagnostics = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.build.json'),
    { rootDir: src, outDir: dist, declarationDir: dist },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configDiagnostics.push(d) },
  );
  if (!parsed || configDiagnostics.length) {
    throw new BuildError(`tsconfig.build.json: ${ts.formatDiagnostics(configDiagnostics, diagnosticHost)}`);
  }
  const rootNames = parsed.fileNames.filter((f) => f.startsWith(`${src}/`));
  const program = ts.createProgram({ rootNames, options: parsed.options, host: cachingHost(parsed.options) });
  const emitted = program.emit(undefined, undefined, undefined, true);
  const diagnostics = ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]);
  if (diagnostics.length) {
    throw new BuildError(
      `${p.name}: ${diagnostics.length} TypeScript error(s); its declarations cannot be trusted:\n` +
        ts.formatDiagnostics(diagnostics, diagnosticHost).trimEnd(),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 3. custom-elements.json (Custom Elements Manifest analyzer, the same plugins as `npm run analyze`)

const manifestsByPackage = new Map();
const excluded = (cemConfig.excludeGlobs ?? []).map(globToRegExp);

/** Inherited members from another workspace package name that package, not a path inside this one. */
function inheritedFromPackagePlugin(classToPackage) {
  const fix = (item) => {
    const pkgName = item?.inheritedFrom && classToPackage.get(item.inheritedFrom.name);
    if (pkgName) item.inheritedFrom = { name: item.inheritedFrom.name, package: pkgName };
  };
  return {
    name: 'joinedcare/inherited-from-package',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          for (const key of ['members', 'attributes', 'events', 'slots', 'cssParts', 'cssProperties', 'cssStates']) {
            decl[key]?.forEach(fix);
          }
        }
      }
    },
  };
}

function buildManifest(p) {
  if (!p.pkg.customElements) return undefined;
  const files = walk(join(p.dir, 'src')).filter((f) => {
    const fromRoot = relative(root, f);
    return f.endsWith('.ts') && !excluded.some((re) => re.test(fromRoot));
  });
  // parsed with the analyzer's own TypeScript (its plugins compare SyntaxKinds of that version)
  const modules = files.map((f) => cemTs.createSourceFile(relative(p.dir, f), readFileSync(f, 'utf8'), cemTs.ScriptTarget.ES2015, true));
  // manifests of the workspace packages it depends on, so inherited members (e.g. from JcElement) are listed
  const thirdPartyCEMs = [];
  const classToPackage = new Map();
  for (const dep of p.workspaceDeps) {
    const m = manifestsByPackage.get(dep);
    if (!m) continue;
    thirdPartyCEMs.push(m);
    for (const mod of m.modules) for (const d of mod.declarations ?? []) classToPackage.set(d.name, dep);
  }
  const manifest = create({
    modules,
    plugins: [
      ...litPlugin(),
      ...cemConfig.jcPlugins(),
      inheritedFromPackagePlugin(classToPackage),
      cemConfig.distPathsPlugin(),
      cemConfig.frameworkTypesPlugin(p), // dist/jsx.d.ts, vue.d.ts, events.d.ts from this manifest
    ],
    context: { dev: false, thirdPartyCEMs },
  });
  manifestsByPackage.set(p.name, manifest);
  const file = join(p.dir, p.pkg.customElements);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

// ---------------------------------------------------------------------------------------------

class BuildError extends Error {}

function statOrNull(f) {
  try {
    return statSync(f);
  } catch {
    return null;
  }
}

function summary(p, times, manifest) {
  const files = walk(join(p.dir, 'dist'));
  const js = files.filter((f) => f.endsWith('.js'));
  const dts = files.filter((f) => f.endsWith('.d.ts'));
  const total = js.reduce((n, f) => n + statSync(f).size, 0);
  const tags = manifest
    ? manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => `<${d.tagName}>`))
    : [];
  console.log(`${p.name}  (${p.rel}, ${times})`);
  console.log(
    `  ${p.entries.map((e) => `${relative(p.dir, e.js)} ${formatSize(statSync(e.js).size)}`).join(', ')}` +
      `  | ${js.length} .js ${formatSize(total)}, ${dts.length} .d.ts` +
      (manifest ? `  | custom-elements.json: ${tags.length ? tags.join(' ') : 'no elements'}` : ''),
  );
}

const packages = workspacePackages();
console.log(`Building ${packages.length} packages: ${packages.map((p) => p.name).join(', ')}\n`);
/** Runs one step; a BuildError is recorded (the build goes on, to report every problem at once). */
const step = async (p, fn) => {
  const t = performance.now();
  try {
    return { ok: true, value: await fn(p), time: seconds(t) };
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    problems.push(err.message);
    console.error(`${err.message}\n`);
    return { ok: false, time: seconds(t) };
  }
};
for (const p of packages) {
  const js = await step(p, buildJs);
  if (!js.ok) {
    console.error(`${p.name}: FAILED (no JavaScript build)\n`);
    continue;
  }
  const types = await step(p, buildTypes); // declarations are written even when there are type errors
  const cem = await step(p, buildManifest);
  const times = `js ${js.time}, d.ts ${types.time}${cem.value ? `, cem ${cem.time}` : ''}`;
  summary(p, types.ok && cem.ok ? times : `${times}; FAILED, see above`, cem.value);
}

const rootResult = await rootManifest;
if (rootResult.code !== 0) problems.push(`root custom-elements.json (cem analyze) failed:\n${rootResult.output}`);
else {
  const m = readJson(join(root, 'custom-elements.json'));
  const tags = m.modules.flatMap((mod) => (mod.declarations ?? []).filter((d) => d.tagName).map((d) => `<${d.tagName}>`));
  console.log(`custom-elements.json (root, for Storybook): ${tags.join(' ') || 'no elements'}`);
}

console.log(`\nBuilt in ${seconds(started)}${problems.length ? ` with ${problems.length} problem(s)` : ''}. Checking the output...\n`);
const check = await run(['test/tools/check-build.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
if (problems.length) {
  console.error(`\nBuild FAILED: ${problems.length} build problem(s) above${check.code ? ', and check-build failed' : ''}.`);
  console.error(problems.map((m) => `  - ${m.split('\n')[0]}`).join('\n'));
  process.exit(1);
}
process.exit(check.code ?? 1);
