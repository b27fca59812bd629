// Verifies the output of `npm run build` (build.mjs runs it last; it also runs on its own):
// - every `main`/`types`/`exports` target and `files` entry of every workspace package exists;
// - every entry dist/<name>.js has dist/<name>.d.ts;
// - every dist/**/*.js parses (ES2022 + modules) and has no decorator left (Chromium cannot parse
//   them), its relative imports stay inside dist/ and its source map exists;
// - declarations only import files inside dist/ or packages by name (never another package's src);
// - every entry imports in Node; for packages that depend on lit, an entry that needs a DOM at
//   import time is only parsed;
// - a package that registers tags has a custom-elements.json listing exactly those tags (and no
//   private/protected members); the root custom-elements.json lists all of them.
// Bare imports a package does not declare in dependencies/peerDependencies are reported as warnings.
// A bundle package (`"joinedcare": { "bundle": true }`, i.e. @joinedcare/elements) instead has exactly one
// .js file per entry, with no import at all (Lit and every package inside), minified, no Lit dev mode;
// its source imports the `define.js` entry of every other workspace package that has one. With a
// `"loader"`, dist/ also has loader.js (no import either) and the chunks dist/loader.json names, each
// importing the shared chunk only, minified, no decorators, no Lit dev mode.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAst } from 'vite';
import { formatSize, packageNameOf, readJson, root, walk, workspacePackages } from './workspaces.mjs';

const errors = [];
const warnings = [];
const rel = (f) => relative(root, f);
const inside = (file, dir) => file === dir || file.startsWith(dir + sep);
const builtins = new Set(builtinModules);

function declared(pkg) {
  return new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }));
}

/** Import specifiers of an ESTree program (static, re-exports and literal dynamic imports). */
function importsOf(ast) {
  const found = [];
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (
      (node.type === 'ImportDeclaration' ||
        node.type === 'ExportAllDeclaration' ||
        node.type === 'ExportNamedDeclaration' ||
        node.type === 'ImportExpression') &&
      node.source?.type === 'Literal' &&
      typeof node.source.value === 'string'
    ) {
      found.push(node.source.value);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && v && typeof v === 'object') visit(v);
  };
  visit(ast);
  return found;
}

function hasDecorators(ast) {
  let found = false;
  const visit = (node) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node.type === 'Decorator' || (Array.isArray(node.decorators) && node.decorators.length)) found = true;
    for (const v of Object.values(node)) if (v && typeof v === 'object') visit(v);
  };
  visit(ast);
  return found;
}

/** Why an import failed because Node is not a browser, or undefined when that is not the reason. */
function needsBrowser(err) {
  const message = String(err?.message ?? err);
  if (err instanceof ReferenceError && BROWSER_GLOBALS.test(message)) return message.split(' ')[0];
  if (err?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    // e.g. Package subpath './browser' is not defined by "exports" in /…/node_modules/msw/package.json
    const m = /subpath '([^']+)' is not defined by "exports" in (\S+package\.json)/.exec(message);
    const target = m && existsSync(m[2]) ? readJson(m[2]).exports?.[m[1]] : undefined;
    if (target && typeof target === 'object' && (target.node === null || 'browser' in target)) {
      return `${readJson(m[2]).name}${m[1].slice(1)} is browser-only`;
    }
  }
  return undefined;
}

const RAW_DECORATOR = /^\s*@(?:property|state|query\w*|consume|provide|customElement|eventOptions)\s*\(/m;
const BROWSER_GLOBALS =
  /\b(?:window|document|HTMLElement|customElements|CSSStyleSheet|ShadowRoot|Element|Node|navigator|localStorage|sessionStorage|matchMedia|requestAnimationFrame|self|location)\b is not defined/;

const undeclared = new Map(); // "package|dependency" -> { pkg, dep, specifiers, files }
function checkBareImport(p, file, specifier, kind) {
  if (specifier.startsWith('node:') || builtins.has(specifier)) return;
  const name = packageNameOf(specifier);
  const deps = declared(p.pkg);
  if (name === p.name) return;
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
  if (deps.has(name) || (kind === 'd.ts' && deps.has(typesName))) return;
  const key = `${p.name}|${name}`;
  if (!undeclared.has(key)) undeclared.set(key, { pkg: p.name, dep: name, typesName, specifiers: new Set(), js: 0, dts: 0 });
  const u = undeclared.get(key);
  u.specifiers.add(specifier);
  u[kind === 'd.ts' ? 'dts' : 'js'] += 1;
}

function checkJs(p, file) {
  const dist = join(p.dir, 'dist');
  const code = readFileSync(file, 'utf8');
  let ast;
  try {
    ast = parseAst(code, { lang: 'js' });
  } catch (err) {
    errors.push(`${p.name}: ${rel(file)} does not parse as JavaScript: ${String(err.message).split('\n').slice(0, 3).join(' ')}`);
    return;
  }
  if (hasDecorators(ast) || RAW_DECORATOR.test(code)) {
    errors.push(`${p.name}: ${rel(file)} still contains decorator syntax (needs experimentalDecorators transpiling)`);
  }
  for (const spec of importsOf(ast)) {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const target = resolve(dirname(file), spec);
      if (!inside(target, dist)) errors.push(`${p.name}: ${rel(file)} imports '${spec}', outside its dist/`);
      else if (!existsSync(target)) errors.push(`${p.name}: ${rel(file)} imports '${spec}', which does not exist`);
    } else {
      checkBareImport(p, file, spec, 'js');
    }
  }
  // rolldown writes no map for a module that only imports and re-exports, nor for its helpers
  const hasCode = ast.body.some(
    (n) =>
      !(n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || (n.type === 'ExportNamedDeclaration' && !n.declaration)),
  );
  const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  if (!map && hasCode && !inside(file, join(dist, '_virtual'))) errors.push(`${p.name}: ${rel(file)} has no source map`);
  else if (map && !map.startsWith('data:') && !existsSync(resolve(dirname(file), map)))
    errors.push(`${p.name}: ${rel(file)}: source map ${map} is missing`);
}

function checkDts(p, file) {
  const dist = join(p.dir, 'dist');
  const code = readFileSync(file, 'utf8');
  const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  for (const spec of specifiers) {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.d.ts');
      if (!inside(target, dist)) errors.push(`${p.name}: ${rel(file)} imports '${spec}', outside its dist/ (use the package name)`);
      else if (!existsSync(target)) errors.push(`${p.name}: ${rel(file)} imports '${spec}', but ${rel(target)} does not exist`);
    } else {
      checkBareImport(p, file, spec, 'd.ts');
    }
  }
}

/** Tags a package registers: literal safeDefine/customElements.define calls and HTMLElementTagNameMap keys in src. */
function tagsInSource(p) {
  const tags = new Set();
  for (const f of walk(join(p.dir, 'src'))) {
    if (!f.endsWith('.ts') || /\.(test|spec|stories)\.ts$/.test(f)) continue;
    const code = readFileSync(f, 'utf8');
    for (const m of code.matchAll(/(?:safeDefine|customElements\.define)\(\s*['"]([a-z][\w.]*-[\w.-]*)['"]/g)) tags.add(m[1]);
    for (const block of code.matchAll(/interface\s+HTMLElementTagNameMap\s*{([^}]*)}/g)) {
      for (const m of block[1].matchAll(/['"]([a-z][\w.]*-[\w.-]*)['"]\s*:/g)) tags.add(m[1]);
    }
  }
  return tags;
}

function manifestTags(manifest) {
  const classes = manifest.modules.flatMap((m) => m.declarations ?? []);
  const defs = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition'));
  return { classes, tags: new Set(classes.filter((c) => c.tagName).map((c) => c.tagName)), defs: new Set(defs.map((d) => d.name)) };
}

function checkManifest(p, expected) {
  if (!p.pkg.customElements) {
    if (expected.size) errors.push(`${p.name}: registers ${[...expected].join(', ')} but package.json has no "customElements" field`);
    return;
  }
  const file = join(p.dir, p.pkg.customElements);
  if (!existsSync(file)) return errors.push(`${p.name}: ${rel(file)} is missing`);
  let manifest;
  try {
    manifest = readJson(file);
  } catch (err) {
    return errors.push(`${p.name}: ${rel(file)} is not valid JSON: ${err.message}`);
  }
  if (!manifest.schemaVersion || !Array.isArray(manifest.modules) || manifest.modules.length === 0) {
    return errors.push(`${p.name}: ${rel(file)} is empty or not a custom elements manifest`);
  }
  const { classes, tags, defs } = manifestTags(manifest);
  for (const tag of expected) {
    if (!tags.has(tag)) errors.push(`${p.name}: ${rel(file)} has no element class for <${tag}>`);
    if (!defs.has(tag)) errors.push(`${p.name}: ${rel(file)} has no custom-element-definition for <${tag}>`);
  }
  for (const tag of tags)
    if (!expected.has(tag)) errors.push(`${p.name}: ${rel(file)} lists <${tag}>, which this package does not register`);
  for (const mod of manifest.modules) {
    if (!existsSync(join(p.dir, mod.path))) errors.push(`${p.name}: ${rel(file)} module ${mod.path} is not a file of the package`);
  }
  for (const c of classes) {
    for (const m of c.members ?? []) {
      if (m.privacy === 'private' || m.privacy === 'protected')
        errors.push(`${p.name}: ${rel(file)}: ${c.name}.${m.name} is ${m.privacy} but listed`);
    }
  }
  return tags;
}

/** The script-tag files of a bundle package; returns a note for the summary line. */
function checkBundle(p, js, all) {
  const dist = join(p.dir, 'dist');
  const expected = p.entries.map((e) => e.js).sort();
  // with a loader (issue 19): loader.js and the chunks dist/loader.json names, which import the shared chunk only
  const manifestFile = join(dist, 'loader.json');
  const manifest = p.pkg.joinedcare?.loader && existsSync(manifestFile) ? readJson(manifestFile) : undefined;
  if (p.pkg.joinedcare?.loader && !manifest) errors.push(`${p.name}: ${rel(manifestFile)} is missing (the loader's chunks build)`);
  const chunks = (manifest?.files ?? []).map((f) => join(dist, f));
  const selfContained = manifest ? [...expected, join(dist, 'loader.js')] : expected;
  const extra = js.filter((f) => !selfContained.includes(f) && !chunks.includes(f));
  if (extra.length)
    errors.push(`${p.name}: a bundle is one file per entry (and the loader's chunks), but dist/ also has ${extra.map(rel).join(', ')}`);
  const sizes = [];
  for (const f of [...selfContained, ...chunks]) {
    if (!existsSync(f)) {
      if (chunks.includes(f) || !expected.includes(f)) errors.push(`${p.name}: ${rel(f)} is missing`);
      continue; // an entry's file is reported with the package.json targets
    }
    const code = readFileSync(f, 'utf8');
    let ast;
    try {
      ast = parseAst(code, { lang: 'js' });
    } catch (err) {
      errors.push(`${p.name}: ${rel(f)} does not parse as JavaScript: ${String(err.message).split('\n')[0]}`);
      continue;
    }
    const imports = importsOf(ast);
    if (selfContained.includes(f)) {
      if (imports.length)
        errors.push(`${p.name}: ${rel(f)} must be self-contained, but imports ${imports.map((s) => `'${s}'`).join(', ')}`);
    } else {
      const other = imports.filter((s) => s !== `./${manifest.shared}`);
      if (other.length)
        errors.push(`${p.name}: ${rel(f)} may import the shared chunk only, but imports ${other.map((s) => `'${s}'`).join(', ')}`);
    }
    if (hasDecorators(ast) || RAW_DECORATOR.test(code)) errors.push(`${p.name}: ${rel(f)} still contains decorator syntax`);
    if (code.includes('Lit is in dev mode')) errors.push(`${p.name}: ${rel(f)} contains the development build of Lit`);
    // minified: rolldown indents unminified code with tabs; what is left on other lines is template text
    const indented = code.split('\n').filter((l) => l.startsWith('\t')).length;
    if (indented > 0) errors.push(`${p.name}: ${rel(f)} is not minified (${indented} tab-indented lines)`);
    if (!chunks.includes(f)) sizes.push(`${rel(f)} ${formatSize(code.length)} (${formatSize(gzipSync(code).length)} gzip), no imports`);
  }
  if (manifest) sizes.push(`${chunks.length} chunks`);
  // every tag of the repository: the source imports every other package's define entry
  const src = p.entries.map((e) => (existsSync(e.src) ? readFileSync(e.src, 'utf8') : '')).join('\n');
  for (const other of all) {
    if (other === p || other.pkg.joinedcare?.bundle) continue;
    const define = other.entries.find((e) => e.subpath === './define.js');
    if (!define) continue;
    const spec = `${other.name}/define.js`;
    if (!src.includes(`'${spec}'`) && !src.includes(`"${spec}"`)) errors.push(`${p.name}: its source does not import '${spec}'`);
    if (!declared(p.pkg).has(other.name))
      errors.push(`${p.name}: bundles ${other.name} but does not declare it in dependencies (its types need it)`);
  }
  return `bundle: ${sizes.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------

const packages = workspacePackages();
const allTags = new Set();
const lines = [];

for (const p of packages) {
  const before = errors.length;
  const dist = join(p.dir, 'dist');
  const notes = [];

  // package.json targets
  const targets = [];
  if (p.pkg.main) targets.push(['main', p.pkg.main]);
  if (p.pkg.types) targets.push(['types', p.pkg.types]);
  for (const [subpath, t] of Object.entries(p.pkg.exports ?? {})) {
    for (const [cond, target] of typeof t === 'string' ? [['default', t]] : Object.entries(t))
      targets.push([`exports["${subpath}"].${cond}`, target]);
  }
  for (const f of p.pkg.files ?? []) targets.push([`files`, f]);
  for (const [field, target] of targets) {
    if (typeof target === 'string' && !existsSync(resolve(p.dir, target))) errors.push(`${p.name}: ${field} -> ${target} does not exist`);
  }

  // entries and their declarations
  for (const e of p.entries) {
    const dts = e.js.replace(/\.js$/, '.d.ts');
    if (!existsSync(dts)) errors.push(`${p.name}: ${rel(e.js)} has no declaration file ${rel(dts)}`);
    if (e.types && e.types !== dts) errors.push(`${p.name}: exports["${e.subpath}"].types should be ./${relative(p.dir, dts)}`);
  }

  const files = walk(dist);
  const js = files.filter((f) => f.endsWith('.js'));
  const dts = files.filter((f) => f.endsWith('.d.ts'));
  const bundle = Boolean(p.pkg.joinedcare?.bundle);
  if (bundle) notes.push(checkBundle(p, js, packages));
  else for (const f of js) checkJs(p, f);
  for (const f of dts) checkDts(p, f);

  // import each entry in Node; one that needs a browser (a DOM global, or a browser-only
  // dependency such as msw/browser) is only parsed, except the main entry of a package without lit
  const mustImport = (e) => e.subpath === '.' && !declared(p.pkg).has('lit') && !bundle;
  const imported = [];
  for (const e of p.entries) {
    if (!existsSync(e.js)) continue;
    try {
      await import(pathToFileURL(e.js).href);
      imported.push(`${e.name} ok`);
    } catch (err) {
      const message = String(err?.message ?? err).split('\n')[0];
      const browserOnly = needsBrowser(err);
      if (browserOnly && !mustImport(e)) imported.push(`${e.name} needs a browser (${browserOnly}; parsed only)`);
      else errors.push(`${p.name}: import('${rel(e.js)}') fails in Node: ${message}`);
    }
  }

  const expected = tagsInSource(p);
  const tags = checkManifest(p, expected);
  expected.forEach((t) => allTags.add(t));

  notes.push(`${js.length} .js parsed, no decorators`, `${dts.length} .d.ts`, `Node import: ${imported.join(', ') || '-'}`);
  if (tags?.size) notes.push(`manifest: ${[...tags].map((t) => `<${t}>`).join(' ')}`);
  lines.push(`  ${errors.length === before ? 'ok  ' : 'FAIL'} ${p.name}: ${notes.join('; ')}`);
}

// root manifest (Storybook)
const rootManifest = join(root, 'custom-elements.json');
if (!existsSync(rootManifest)) errors.push('custom-elements.json (root) is missing: run `npm run analyze`');
else {
  const { tags } = manifestTags(readJson(rootManifest));
  const missing = [...allTags].filter((t) => !tags.has(t));
  if (missing.length) errors.push(`custom-elements.json (root) does not list ${missing.map((t) => `<${t}>`).join(', ')}`);
  lines.push(`  ${missing.length ? 'FAIL' : 'ok  '} custom-elements.json (root): ${[...tags].map((t) => `<${t}>`).join(' ')}`);
}

for (const u of undeclared.values()) {
  const where = [u.js && `${u.js} .js`, u.dts && `${u.dts} .d.ts`].filter(Boolean).join(' and ');
  const need = u.js ? `"${u.dep}"` : `"${u.dep}" or "${u.typesName}"`;
  warnings.push(
    `${u.pkg} imports ${[...u.specifiers].map((s) => `'${s}'`).join(', ')} (${where} files) but does not declare ${need} in dependencies/peerDependencies`,
  );
}
console.log(`check-build:\n${lines.join('\n')}`);
if (warnings.length) console.warn(`\nWarnings:\n${warnings.map((w) => `  - ${w}`).join('\n')}`);
if (errors.length) {
  console.error(`\ncheck-build FAILED (${errors.length}):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
console.log('\ncheck-build: OK');
