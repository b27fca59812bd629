// Documented figures against measured ones, run by `npm test` after the build: a figure in the docs
// that no longer matches what the code produces fails the check, so a page cannot go on saying
// "60 kB gzipped" or "2 resources are skipped" after the code has changed.
//
// A figure is marked in Markdown by a comment right after it, on the same line:
//   `elements.js` is **95.8 KB** gzip<!-- figure: size gzip elements.js -->
//   skipped: **0**<!-- figure: fhir-server skipped -->
// The number checked is the last one before the comment. Sources:
//   size <gzip|brotli|min> <item>  bench/size.mjs measureDist(): the built files of @joinedcare/elements
//                                  (items: loader.js, shared chunk, chunk: <widget>, page: …, elements.js),
//                                  in KB with one decimal, as `npm run bench` and check-size print them;
//   size budget <item>             that item's budget (bench/size.mjs BUDGETS), in whole KB;
//   fhir-server <loaded|skipped>   the local FHIR server (test/fhir-server) loaded with every persona.
// Every Markdown file git tracks is read. `--update` writes the measured figures into the docs.
// Run with `node --experimental-websocket` (the FHIR server's engine needs it on Node 20).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './workspaces.mjs';

const MARKER = /<!--\s*figure:\s*([\w-]+)\s+(.+?)\s*-->/g;
const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

/** Every marked figure: `{ file, line, source, args, documented, start, end }` (start/end: the number's offsets in the line). */
export function markedFigures(files) {
  const figures = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, i) => {
      for (const m of text.matchAll(MARKER)) {
        const before = [...text.slice(0, m.index).matchAll(NUMBER)].at(-1);
        const [source, ...rest] = [m[1], ...m[2].split(/\s+/)];
        figures.push({
          file,
          line: i + 1,
          source,
          args: rest,
          documented: before ? Number(before[0].replaceAll(',', '')) : undefined,
          text: before?.[0],
          start: before?.index,
        });
      }
    });
  }
  return figures;
}

const measurers = {
  /** `size <metric> <item…>`: KB with one decimal, as bench/size.mjs prints it. */
  async size(figures) {
    const { measureDist } = await import('../../bench/size.mjs');
    const { items } = measureDist();
    return (f) => {
      const [metric, ...name] = f.args;
      const item = items.find((x) => x.name === name.join(' '));
      if (!item) return { error: `no measured item "${name.join(' ')}" (measured: ${items.map((x) => x.name).join(', ')})` };
      if (!['gzip', 'brotli', 'min', 'budget'].includes(metric))
        return { error: `unknown size metric "${metric}" (gzip, brotli, min or budget)` };
      if (metric === 'budget') return { value: item.budget / 1024, format: (v) => v.toFixed(0) };
      return { value: Number((item[metric] / 1024).toFixed(1)), format: (v) => v.toFixed(1) };
    };
  },
  /** `fhir-server <loaded|skipped>`: counts of the local FHIR server loaded with every persona. */
  async 'fhir-server'() {
    const { createFhirServer } = await import('../fhir-server/server.mjs');
    const log = console.log;
    console.log = () => {}; // its start-up line
    const server = await createFhirServer({ port: 0 }).finally(() => (console.log = log));
    const counts = { loaded: server.loaded, skipped: server.skipped };
    await server.close();
    return (f) => {
      const [what] = f.args;
      if (!(what in counts)) return { error: `unknown fhir-server figure "${what}" (loaded or skipped)` };
      return { value: counts[what], format: (v) => v.toLocaleString('en-GB') };
    };
  },
};

async function main() {
  const update = process.argv.includes('--update');
  const files = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const figures = markedFigures(files);
  const problems = [];
  const checkers = {};
  for (const source of new Set(figures.map((f) => f.source))) {
    if (!measurers[source]) {
      problems.push(`unknown figure source "${source}" (${Object.keys(measurers).join(', ')})`);
      continue;
    }
    checkers[source] = await measurers[source](figures.filter((f) => f.source === source));
  }
  const edits = new Map(); // file -> lines
  // right to left within a line, so an update keeps the offsets of the figures before it
  for (const f of [...figures].sort((a, b) => (b.start ?? 0) - (a.start ?? 0))) {
    const where = `${f.file}:${f.line}`;
    if (!checkers[f.source]) continue;
    if (f.documented === undefined) {
      problems.push(`${where}: no number before <!-- figure: ${f.source} ${f.args.join(' ')} -->`);
      continue;
    }
    const { value, format, error } = checkers[f.source](f);
    if (error) problems.push(`${where}: ${error}`);
    else if (value !== f.documented) {
      if (update) {
        const lines = edits.get(f.file) ?? readFileSync(join(root, f.file), 'utf8').split('\n');
        const line = lines[f.line - 1];
        lines[f.line - 1] = line.slice(0, f.start) + format(value) + line.slice(f.start + f.text.length);
        edits.set(f.file, lines);
        console.log(`check-doc-figures: ${where}: ${f.text} -> ${format(value)} (${f.source} ${f.args.join(' ')})`);
      } else problems.push(`${where}: says ${f.text}, measured ${format(value)} (${f.source} ${f.args.join(' ')})`);
    }
  }
  for (const [file, lines] of edits) writeFileSync(join(root, file), lines.join('\n'));
  if (problems.length) {
    console.error(
      `check-doc-figures: ${problems.length} documented figure(s) do not match:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    console.error('Correct the docs (or run `node --experimental-websocket test/tools/check-doc-figures.mjs --update`).');
    process.exit(1);
  }
  console.log(
    `check-doc-figures: ${figures.length} documented figure(s) match what was measured (${[...new Set(figures.map((f) => f.file))].join(', ')})`,
  );
}

await main();
