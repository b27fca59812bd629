// "Bundled on their own, the exported pure models return real English, not keys" (issue 14).
// Each package's public entry is bundled as an integrator's bundler would (tree-shaken, trusting the
// packages' `sideEffects`), importing only a pure model function, and the bundle is run in Node.
// Before strings were passed by value, `buildSummary` bundled this way answered "csNoProblems".
// Run after `npm run build`:  node --test test/package/standalone-models.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';
import { root } from '../examples/support.mjs';

const dir = mkdtempSync(join(tmpdir(), 'jc-standalone-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `source` (an ES module importing the packages' published entries) and imports the result. */
async function bundleAndRun(name, source) {
  const entry = join(dir, `${name}.mjs`);
  writeFileSync(entry, source);
  const outfile = join(dir, `${name}.out.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    treeShaking: true,
    absWorkingDir: root,
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

const NOW = "new Date('2026-11-22T12:00:00Z')";

describe('pure models bundled on their own speak English', () => {
  it('care summary: buildSummary', async () => {
    const m = await bundleAndRun(
      'care-summary',
      `import { buildSummary } from '@joinedcare/care-summary';
       export const text = buildSummary([], { now: ${NOW}, sections: ['problems', 'allergies'] }).get('problems').emptyText;`,
    );
    assert.equal(m.text, 'No problems recorded');
  });

  it('referral status: formatUbrn and the waiting clock', async () => {
    const m = await bundleAndRun(
      'referral-status',
      `import { formatUbrn, waitingClock } from '@joinedcare/referral-status';
       export const ubrn = formatUbrn(undefined);
       const c = waitingClock({ referred: '2026-08-17', now: ${NOW} });
       export const clock = c.state === 'unknown' ? c.reason : c.label;`,
    );
    assert.equal(m.ubrn, 'Not known');
    assert.match(m.clock, /^Day \d+ of 126$/);
  });

  it('advice panel: the status table in words', async () => {
    const m = await bundleAndRun(
      'advice-panel',
      `import { ADVICE_STATUS_TABLE, advicePanelMessages } from '@joinedcare/advice-panel';
       import { translate } from '@joinedcare/core';
       export const label = translate(advicePanelMessages, ADVICE_STATUS_TABLE.PROVIDER_RESPONSE_REQUIRED.label);`,
    );
    assert.doesNotMatch(m.label, /^ap[A-Z]/);
  });
});
