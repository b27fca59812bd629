// Build plugins for the script-tag bundles of @joinedcare/elements (vite.config.ts `bundleConfig`;
// bench/size.mjs measures through the same config). Size only: neither changes what a page shows.
//
// minifyTemplates(): the text of Lit's tagged templates in the workspace packages' sources.
//   - css`…` (no interpolations): minified by lightningcss (Vite's own CSS minifier), so comments,
//     indentation and redundant punctuation go; a template with interpolations is left as written.
//   - html`…` and svg`…`: every run of whitespace that contains a line break becomes one space. In
//     HTML (outside pre-formatted text) a line break and its indentation render as one space, so
//     the page is the same; a template that contains <pre or <textarea with text is left as written.
//   JavaScript minifiers keep template text as it is, which is why this is a separate step.
// precompress(): writes <file>.gz (gzip level 9) and <file>.br (brotli quality 11) beside every
//   .js file of the build, for servers that serve precompressed files (docs/distribution.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform as cssTransform } from 'lightningcss';
import { RolldownMagicString } from 'rolldown';
import { parseAst } from 'vite';

const TEMPLATE_TAGS = new Set(['html', 'svg', 'css']);

/** The text of a css`…` template without interpolations, minified (throws on CSS it cannot parse). */
export function minifyCss(text, filename = 'template.css') {
  const { code } = cssTransform({ filename, code: Buffer.from(text), minify: true, errorRecovery: false });
  return code.toString();
}

/** One piece (quasi) of an html`…`/svg`…` template: whitespace runs with a line break become one space. */
export function collapseHtml(text) {
  return text.replace(/[ \t]*\r?\n\s*/g, ' ');
}

const PREFORMATTED = /<(pre|textarea)\b[^>]*>(?!<\/\1)/i;

/** Every tagged template literal whose tag is `html`, `svg` or `css`, from an ESTree program. */
function taggedTemplates(ast) {
  const found = [];
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && TEMPLATE_TAGS.has(node.tag.name)) {
      found.push(node);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && v && typeof v === 'object') visit(v);
  };
  visit(ast);
  return found;
}

/** The span of a template piece's text: oxc's TypeScript AST includes the delimiters (` } ${), its JavaScript AST does not. */
function textSpan(code, q) {
  let { start, end } = q;
  if (code.slice(start, end) !== q.value.raw) {
    start += 1;
    end -= code.slice(end - 2, end) === '${' ? 2 : 1;
  }
  if (code.slice(start, end) !== q.value.raw) throw new Error(`minify-templates: cannot locate a template's text at ${q.start}`);
  return { start, end };
}

/**
 * Rewrites the templates of one module (JavaScript, after TypeScript is stripped). Returns
 * `{ code, map }`, or undefined when nothing changed.
 */
export function minifyModuleTemplates(code, id) {
  if (!/\b(html|svg|css)`/.test(code)) return undefined;
  const ast = parseAst(code, { lang: /\.[cm]?ts$/.test(id.split('?')[0]) ? 'ts' : 'js' });
  const s = new RolldownMagicString(code);
  let changed = false;
  for (const t of taggedTemplates(ast)) {
    const quasis = t.quasi.quasis.map((q) => textSpan(code, q));
    const raw = quasis.map((q) => code.slice(q.start, q.end));
    let next;
    if (t.tag.name === 'css') {
      if (quasis.length !== 1) continue; // interpolations: left as written
      next = [minifyCss(raw[0], id)];
    } else {
      if (raw.some((r) => PREFORMATTED.test(r))) continue;
      next = raw.map(collapseHtml);
    }
    next.forEach((text, i) => {
      if (text === raw[i]) return;
      s.overwrite(quasis[i].start, quasis[i].end, text);
      changed = true;
    });
  }
  if (!changed) return undefined;
  return { code: s.toString(), map: s.generateMap({ hires: true, source: id, includeContent: true }).toString() };
}

/** Vite plugin: minifies the Lit templates of the workspace packages (not of node_modules). */
export function minifyTemplates({ include = /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].+\.[cm]?[jt]s$/ } = {}) {
  return {
    name: 'joinedcare:minify-templates',
    apply: 'build',
    transform(code, id) {
      if (id.includes('node_modules') || !include.test(id.split('?')[0])) return undefined;
      return minifyModuleTemplates(code, id);
    },
  };
}

/** Vite plugin: `<file>.gz` and `<file>.br` beside every .js file written, made from the bytes on disk. */
export function precompress() {
  return {
    name: 'joinedcare:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!file.endsWith('.js')) continue;
        const path = join(options.dir, file);
        const bytes = readFileSync(path);
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/** A module of translated strings: a package's `src/strings.<lang>.ts`, or core's `src/i18n/<lang>.ts`. */
const TRANSLATION = /[\\/]src[\\/](strings\.[a-z]{2,3}|i18n[\\/][a-z]{2,3})\.ts$/;

/**
 * Vite plugin for the `chunks` build: checks the chunking (one chunk per define entry, ONE shared
 * chunk, and the translations each package loads on demand, nothing else; no chunk importing
 * anything but the shared one, except a dynamic import of a translation) and writes `loader.json`:
 * `{ version, shared, locale, tags: { "jc-…": file }, translations: [files], files: [every file] }`,
 * which the `loader` build bakes into loader.js and which a server may read for preload hints.
 */
export function writeLoaderManifest({ version, defines }) {
  return {
    name: 'joinedcare:loader-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = (name) => {
        const c = chunks.find((x) => x.isEntry && x.name === name);
        if (!c) this.error(`loader chunks: no chunk for the entry "${name}"`);
        return c;
      };
      const shared = entry('shared');
      const locale = entry('locale');
      const problems = [];
      // a package's translation (strings.cy.ts, core's i18n/cy.ts), loaded by a dynamic import when a widget is shown in that language
      const isTranslation = (c) => !c.isEntry && Object.keys(c.modules).every((id) => TRANSLATION.test(id.split('?')[0]));
      const translations = chunks.filter(isTranslation).map((c) => c.fileName);
      for (const c of chunks) {
        if (!c.isEntry && !isTranslation(c))
          problems.push(`${c.fileName} is a chunk of its own (modules: ${Object.keys(c.modules).slice(0, 5).join(', ')}…)`);
        const dynamic = c.dynamicImports.filter((f) => !translations.includes(f));
        const other = [...c.imports, ...dynamic].filter((f) => f !== shared.fileName);
        if (other.length) problems.push(`${c.fileName} imports ${other.join(', ')}: a chunk may import the shared chunk only`);
      }
      if (problems.length) this.error(`loader chunks: ${problems.join('; ')}`);
      const tags = {};
      for (const d of defines) for (const t of d.tags) tags[t] = entry(d.name).fileName;
      const manifest = {
        version,
        shared: shared.fileName,
        locale: locale.fileName,
        tags,
        translations: translations.sort(),
        files: chunks.map((c) => c.fileName).sort(),
      };
      this.emitFile({ type: 'asset', fileName: 'loader.json', source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}

/** Vite `define` for the `loader` build: loader.json (written by the `chunks` build) as `__JC_FILES__`. */
export function loaderDefine(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new Error(`loader build: ${manifestFile} is missing or unreadable; the "chunks" build runs first (${err.message})`);
  }
  const { version, shared, locale, tags } = manifest;
  return { __JC_FILES__: JSON.stringify({ version, shared, locale, tags }) };
}
