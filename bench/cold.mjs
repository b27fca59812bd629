// Cold page loads (issue 19): loader.js against elements.js, side by side in one run, on plain HTML
// pages a trust would write (one script tag, attributes only), with the renderer's CPU throttled 4×
// and the network throttled to 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (CDP
// `Emulation.setCPUThrottlingRate`, `Network.emulateNetworkConditions`), the browser cache off and a
// fresh browser context for every load. Script files come precompressed (.br or .gz, as the browser
// asks) from the bench server, like a production server serving the files beside them.
//
// Pages (written into bench/dist at run time; /jc/ is @joinedcare/elements' dist):
//   summary  <jc-patient-banner> and <jc-care-summary> in a <jc-context>
//   all      the five widget packages: banner, care summary, referral status, advice panel, advice prompt
// Measured per load, from navigation start (`performance.now()` in the page):
//   firstItem  the first care-summary item in its shadow root (a MutationObserver on it), and the
//              animation frame after it (`firstItemShown`);
//   settled    every widget on the page has said it is loaded (`jc-load`, `jc-empty` or `jc-error`) and
//              the first care-summary item has been shown, whichever comes last;
//   long tasks over 50 ms, script requests and their bytes on the wire (CDP `Network.loadingFinished`),
//   when the last script arrived and when the first FHIR request left (CDP, from the document request).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summary, round } from './stats.mjs';

/** loader.js; loader.js with `<link rel="modulepreload">` for the chunks the page needs (from loader.json); elements.js. */
export const VARIANTS = { loader: '/jc/loader.js', preload: '/jc/loader.js', single: '/jc/elements.js' };
export const PAGES = {
  summary: ['jc-patient-banner', 'jc-care-summary'],
  all: ['jc-patient-banner', 'jc-care-summary', 'jc-referral-status', 'jc-advice-panel', 'jc-advice-prompt'],
};
/** Lighthouse's "slow 4G": 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up. */
export const NETWORK = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
export const CPU_SLOWDOWN = 4;

const pageName = (page, variant) => `cold-${page}-${variant}.html`;

/** Writes the plain HTML pages: the script tag first, as the docs show, then the markup. `manifest`: dist/loader.json. */
export function writeColdPages(dir, patientId, manifest) {
  for (const [page, tags] of Object.entries(PAGES))
    for (const [variant, src] of Object.entries(VARIANTS)) {
      const widgets = tags.map((t) => `      <${t}></${t}>`).join('\n');
      const files = variant === 'preload' ? [...new Set([manifest.shared, ...tags.map((t) => manifest.tags[t])])] : [];
      const hints = files.map((f) => `    <link rel="modulepreload" href="/jc/${f}" />\n`).join('');
      writeFileSync(
        join(dir, pageName(page, variant)),
        `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <title>cold ${page} ${variant}</title>
${hints}    <script type="module" src="${src}"></script>
  </head>
  <body>
    <jc-context fhir-base-url="/fhir" patient-id="${patientId}" setting="secondary">
${widgets}
    </jc-context>
  </body>
</html>
`,
      );
    }
}

/** Installed before any page script: times the first care-summary item, each widget's settling, long tasks. */
function probe() {
  const t = (window.__cold = { firstItem: null, firstItemShown: null, settled: {}, longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) t.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (this.localName === 'jc-care-summary') {
      const mo = new MutationObserver(() => {
        if (t.firstItem === null && root.querySelector('[part~="item"]')) {
          t.firstItem = performance.now();
          requestAnimationFrame(() => (t.firstItemShown = performance.now()));
          mo.disconnect();
        }
      });
      mo.observe(root, { childList: true, subtree: true });
    }
    return root;
  };
  for (const type of ['jc-load', 'jc-empty', 'jc-error'])
    document.addEventListener(type, (e) => (t.settled[e.target.localName] ??= { at: performance.now(), type }), true);
}

async function coldLoad(browser, origin, page, variant) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const requests = new Map();
    let t0;
    const sent = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      t0 ??= e.timestamp;
      sent.push({ url: e.request.url, at: (e.timestamp - t0) * 1000 });
    });
    cdp.on('Network.responseReceived', (e) =>
      requests.set(e.requestId, {
        url: e.response.url,
        encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'],
      }),
    );
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) {
        r.bytes = e.encodedDataLength;
        r.doneAt = (e.timestamp - t0) * 1000;
      }
    });
    await tab.addInitScript(probe);
    await tab.goto(`${origin}/${pageName(page, variant)}`);
    const tags = PAGES[page];
    await tab.waitForFunction((list) => window.__cold.firstItem !== null && list.every((t) => window.__cold.settled[t]), tags, {
      timeout: 120_000,
      polling: 100,
    });
    await tab.waitForFunction(() => window.__cold.firstItemShown !== null);
    const t = await tab.evaluate(() => window.__cold);
    const scripts = [...requests.values()].filter((r) => new URL(r.url).pathname.startsWith('/jc/') && r.url.endsWith('.js'));
    return {
      firstItemMs: t.firstItem,
      firstItemShownMs: t.firstItemShown,
      settledMs: Math.max(t.firstItemShown, ...tags.map((tag) => t.settled[tag].at)),
      settledAs: Object.fromEntries(tags.map((tag) => [tag, t.settled[tag].type])),
      longTasks: t.longTasks.length,
      longestTaskMs: Math.max(0, ...t.longTasks),
      // network milestones (CDP, from the document request): the last script in, the first FHIR request out
      scriptsDoneMs: Math.max(...scripts.map((r) => r.doneAt ?? NaN)),
      firstFhirMs: Math.min(...sent.filter((r) => new URL(r.url).pathname.startsWith('/fhir/')).map((r) => r.at)),
      scriptRequests: scripts.length,
      scriptBytes: scripts.reduce((n, r) => n + (r.bytes ?? 0), 0),
      scriptEncoding: [...new Set(scripts.map((r) => r.encoding ?? 'identity'))].join(', '),
      requests: requests.size,
    };
  } finally {
    await context.close();
  }
}

/** Every page with both variants, `runs` rounds after one discarded warm-up round, order alternating per round. */
export async function measureCold(browser, origin, { runs, log }) {
  const combos = Object.keys(PAGES).flatMap((page) => Object.keys(VARIANTS).map((variant) => ({ page, variant })));
  const samples = Object.fromEntries(combos.map((c) => [`${c.page}/${c.variant}`, []]));
  for (let r = 0; r < runs + 1; r++) {
    const order = r % 2 === 0 ? combos : [...combos].reverse();
    for (const c of order) {
      const s = await coldLoad(browser, origin, c.page, c.variant);
      if (r > 0) samples[`${c.page}/${c.variant}`].push(s);
      log(
        `  ${r === 0 ? 'warm-up' : `run ${r}`} ${c.page} ${c.variant}: first item ${Math.round(s.firstItemMs)} ms, settled ${Math.round(s.settledMs)} ms, ` +
          `${s.scriptRequests} scripts ${Math.round(s.scriptBytes / 1024)} KB (${s.scriptEncoding}), longest task ${Math.round(s.longestTaskMs)} ms`,
      );
    }
  }
  const stat = (list) => ({
    firstItemMs: summary(list.map((s) => s.firstItemMs)),
    scriptsDoneMs: summary(list.map((s) => s.scriptsDoneMs)),
    firstFhirMs: summary(list.map((s) => s.firstFhirMs)),
    firstItemShownMs: summary(list.map((s) => s.firstItemShownMs)),
    settledMs: summary(list.map((s) => s.settledMs)),
    longestTaskMs: summary(list.map((s) => s.longestTaskMs)),
    longTasks: summary(list.map((s) => s.longTasks)),
    scriptRequests: list[0]?.scriptRequests,
    scriptBytes: list[0]?.scriptBytes,
    scriptEncoding: list[0]?.scriptEncoding,
    requests: summary(list.map((s) => s.requests)),
    settledAs: list[0]?.settledAs,
  });
  const out = { network: NETWORK, cpuSlowdown: CPU_SLOWDOWN, runs, pages: {} };
  for (const page of Object.keys(PAGES)) {
    const v = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, stat(samples[`${page}/${k}`])]));
    const ratio = (a) => ({
      firstItem: round(v[a].firstItemMs.median / v.single.firstItemMs.median, 2),
      firstItemShown: round(v[a].firstItemShownMs.median / v.single.firstItemShownMs.median, 2),
      settled: round(v[a].settledMs.median / v.single.settledMs.median, 2),
      firstFhirRequest: round(v[a].firstFhirMs.median / v.single.firstFhirMs.median, 2),
    });
    out.pages[page] = { tags: PAGES[page], ...v, ratio: ratio('loader'), ratioPreload: ratio('preload') };
  }
  return out;
}
