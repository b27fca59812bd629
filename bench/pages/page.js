// A host page with the full set of patient widgets in one `<jc-context>` talking to the bench's
// HTTP FHIR endpoint (issue 8, measurements 3–5): requests and bytes (the whole page and each widget
// alone), patient switch, and memory over 100 mount/unmount cycles. The runner drives it.
import { deepText, longestTask, networkIdle, raf } from './instrument.js';
import { sharedRequestCache } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const clock = { now: () => NOW };
const stage = document.getElementById('stage');

export const FULL_SET = ['jc-patient-banner', 'jc-care-summary', 'jc-referral-status', 'jc-advice-panel'];

let ctx;
let mountedAt = 0;

function mount({ widgets = FULL_SET, patientId, base = '/fhir', setting = 'secondary' }) {
  ctx = document.createElement('jc-context');
  ctx.setAttribute('fhir-base-url', base);
  ctx.setAttribute('patient-id', patientId);
  ctx.setAttribute('setting', setting);
  ctx.clock = clock;
  for (const tag of widgets) ctx.append(document.createElement(tag));
  mountedAt = performance.now();
  stage.append(ctx);
}

async function loaded() {
  const ok = await networkIdle([ctx, ...ctx.children]);
  return { ok, ms: performance.now() - mountedAt };
}

function unmount() {
  ctx?.remove();
  ctx = undefined;
}

const containsAny = (text, markers) => markers.some((m) => text.includes(m));

window.bench = {
  ready: true,
  fullSet: FULL_SET,
  mount,
  loaded,
  unmount,
  /** Mounts, waits for the network to go quiet, returns the time and the page's text length. */
  async load(options) {
    mount(options);
    const r = await loaded();
    return { ...r, textLength: deepText(stage).length, longestTask: longestTask(mountedAt, performance.now()) };
  },
  /** Does the page (all shadow roots included) show any of these strings? */
  shows(markers) {
    return containsAny(deepText(stage), markers);
  },
  /**
   * Switches the context to another patient and measures, per animation frame:
   * - `oldGoneMs`/`oldGoneFrame`: until none of `oldMarkers` (the old patient's name, NHS number)
   *   is shown anywhere (frame 0 = the first frame after the switch, i.e. "same frame");
   * - `newFirstMs`: until any of `newMarkers` is shown; `settledMs`: until the network is quiet.
   */
  async switchTo(patientId, oldMarkers, newMarkers) {
    const t0 = performance.now();
    ctx.setAttribute('patient-id', patientId);
    let oldGoneMs;
    let oldGoneFrame;
    let newFirstMs;
    for (let frame = 0; frame < 3000 && (oldGoneMs === undefined || newFirstMs === undefined); frame++) {
      await raf();
      const text = deepText(stage);
      const at = performance.now() - t0;
      if (oldGoneMs === undefined && !containsAny(text, oldMarkers)) {
        oldGoneMs = at;
        oldGoneFrame = frame;
      }
      if (newFirstMs === undefined && containsAny(text, newMarkers)) newFirstMs = performance.now() - t0;
    }
    await networkIdle([ctx, ...ctx.children]);
    const settledMs = performance.now() - t0;
    return { oldGoneMs, oldGoneFrame, newFirstMs, settledMs, longestTask: longestTask(t0, performance.now()) };
  },
  /**
   * `n` cycles of mount (alternating patients) → loaded → unmount. `uncached`: forget the page-wide
   * request cache before each mount, so that every cycle loads over HTTP (otherwise a mount within
   * the cache's time-to-live of the last one for the same patient is served from the cache).
   */
  async cycles(n, patients, base = '/fhir', uncached = false) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      if (uncached) sharedRequestCache.invalidate();
      mount({ patientId: patients[i % patients.length], base });
      await loaded();
      unmount();
      await raf();
    }
    return { ms: performance.now() - t0, nodes: document.getElementsByTagName('*').length };
  },
};
