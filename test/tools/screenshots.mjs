// Screenshots of the main Storybook stories at 1280 and 360 px, and each page's height (issue 18):
//   npm run build-storybook && node test/tools/screenshots.mjs [story-id …]
// Serves storybook-static/ on 127.0.0.1, opens each story's iframe in the system Chromium
// (find-chrome.mjs, driven by playwright-core like the a11y sweep), waits until no widget shows a
// loading state, then measures the page (the story's height, and whether it scrolls sideways) and saves
// a viewport-height crop as docs/screenshots/<story-id>@<width>.png. The figures go to the console
// and to docs/screenshots/heights.md. Give story ids to shoot only those.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { launchBrowser, root, serve } from '../examples/support.mjs';

const staticDir = join(root, 'storybook-static');
const outDir = join(root, 'docs/screenshots');
/** Viewports: the width and the height of the crop that is saved. */
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 360, height: 780 },
];
const SETTLE_MS = 20_000;

/** The main stories: an id, or a title and a name pattern for stories whose id is not settled yet. */
const MAIN = [
  { id: 'widgets-patient-banner--loaded' },
  { id: 'widgets-patient-banner--allergies-high' },
  { id: 'widgets-care-summary--loaded' },
  { id: 'widgets-care-summary--primary-perspective' },
  { id: 'widgets-referral-status--loaded' },
  { title: 'Widgets/Referral status', name: /\b16 referrals\b/i },
  { id: 'widgets-referral-status--hospital-view' },
  { id: 'widgets-advice-panel--gp-perspective' },
  { id: 'widgets-advice-prompt--critical-first' },
  { id: 'widgets-specialist-finder--practice' },
  { id: 'core-context--default' },
];

/** In the page: every widget has drawn something and none is loading (hidden widgets count as drawn). */
function quiet() {
  if (!document.querySelector('#storybook-root')?.childElementCount) return false;
  const widgets = [];
  const collect = (node) => {
    for (const e of node.querySelectorAll('*')) {
      if (e.localName.startsWith('jc-') && e.localName !== 'jc-context') widgets.push(e);
      if (e.shadowRoot) collect(e.shadowRoot);
    }
  };
  collect(document);
  return widgets.every((w) => w.hidden || (w.shadowRoot?.childElementCount > 0 && !w.shadowRoot.querySelector('[part~=loading]')));
}

function storiesToShoot(index, ids) {
  const stories = Object.values(index.entries).filter((e) => e.type === 'story');
  if (ids.length) return { found: stories.filter((s) => ids.includes(s.id)), missing: ids.filter((id) => !index.entries[id]) };
  const found = [];
  const missing = [];
  for (const m of MAIN) {
    const hit = stories.find((s) => (m.id ? s.id === m.id : s.title === m.title && m.name.test(s.name)));
    if (hit) found.push(hit);
    else missing.push(m.id ?? `${m.title} ${m.name}`);
  }
  return { found, missing };
}

async function shoot(browser, base, story, viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=a11y.manual:!true`);
    const settled = await page
      .waitForFunction(quiet, undefined, { timeout: SETTLE_MS, polling: 50 })
      .then(() => true)
      .catch(() => false);
    await page.evaluate(() => document.fonts.ready);
    // the story's own height: the bottom of its content plus the padding of Storybook's layout
    const size = await page.evaluate(() => {
      const rootEl = document.querySelector('#storybook-root');
      const bottom = rootEl ? rootEl.getBoundingClientRect().bottom + window.scrollY : 0;
      const pad = parseFloat(getComputedStyle(document.body).paddingBottom) || 0;
      return { height: Math.ceil(bottom + pad), sideways: document.documentElement.scrollWidth > window.innerWidth };
    });
    const file = `${story.id}@${viewport.width}.png`;
    // a viewport-height crop, shorter when the story is (small files)
    const clip = { x: 0, y: 0, width: viewport.width, height: Math.max(1, Math.min(size.height, viewport.height)) };
    await page.screenshot({ path: join(outDir, file), clip });
    return { id: story.id, title: `${story.title}: ${story.name}`, width: viewport.width, ...size, settled, file };
  } finally {
    await context.close();
  }
}

const indexFile = join(staticDir, 'index.json');
if (!existsSync(indexFile)) {
  console.error('storybook-static/ is missing: run `npm run build-storybook` first.');
  process.exit(1);
}
const { found, missing } = storiesToShoot(JSON.parse(readFileSync(indexFile, 'utf8')), process.argv.slice(2));
mkdirSync(outDir, { recursive: true });
const server = await serve(staticDir);
const browser = await launchBrowser();
const results = [];
try {
  for (const story of found) for (const viewport of VIEWPORTS) results.push(await shoot(browser, server.url, story, viewport));
} finally {
  await browser.close();
  await server.close();
}

const row = (r) =>
  `| ${r.title} | ${r.width} | ${r.height.toLocaleString('en-GB')} | ${r.sideways ? 'yes' : 'no'} | ${r.settled ? '' : 'not settled in 20 s'} | [png](${r.file}) |`;
const table = [
  '| Story | Width (px) | Page height (px) | Scrolls sideways | Note | Screenshot |',
  '| --- | ---: | ---: | --- | --- | --- |',
  ...results.map(row),
];
for (const r of results)
  console.log(
    `${String(r.width).padStart(4)} px  ${String(r.height).padStart(6)} px${r.sideways ? '  SIDEWAYS' : ''}${r.settled ? '' : '  (not settled)'}  ${r.id}`,
  );
if (missing.length) console.log(`not in this Storybook (skipped): ${missing.join(', ')}`);
const md = `# Screenshots of the main stories

Generated by \`node test/tools/screenshots.mjs\` from \`storybook-static/\` (\`npm run build-storybook\`)
on ${new Date().toISOString().slice(0, 10)}. Each PNG is the first viewport (1280 × 900 or 360 × 780, or less for a shorter story);
the page height is the story's whole height (the bottom of \`#storybook-root\` plus Storybook's
padded layout), with every section in its default state.

${table.join('\n')}
${missing.length ? `\nNot in this Storybook when the script ran: ${missing.map((m) => `\`${m}\``).join(', ')}.\n` : ''}`;
const mdFile = join(outDir, 'heights.md');
writeFileSync(mdFile, await format(md, { ...(await resolveConfig(mdFile)), filepath: mdFile }));
console.log(`${results.length} screenshots in docs/screenshots/ (heights.md)`);
