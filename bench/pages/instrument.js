// Instrumentation shared by the bench pages. Imported FIRST by every page, before any widget, so
// that `fetch` is wrapped before the FHIR client is created and the long-task observer sees
// everything from the start.

/** Long tasks (> 50 ms) seen so far: `{ start, duration }` in page time (ms). */
export const longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  /* no long-task support: the runner reports null */
}

/** The longest long task that started within [from, to], or 0. */
export function longestTask(from, to) {
  let max = 0;
  for (const t of longTasks) if (t.start >= from && t.start <= to && t.duration > max) max = t.duration;
  return max;
}

/** Requests in flight through `fetch` (the widgets' FHIR client uses it), for "loaded" detection. */
let inFlight = 0;
let lastSettled = 0;
const originalFetch = window.fetch.bind(window);
window.fetch = (...args) => {
  inFlight++;
  const done = () => {
    inFlight--;
    lastSettled = performance.now();
  };
  const p = originalFetch(...args);
  // settled when the response headers arrive (the body follows within the quiet period below)
  p.then(done, done);
  return p;
};

export const raf = () => new Promise((resolve) => requestAnimationFrame(resolve));
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two animation frames: the frame with the change has been produced. */
export async function twoFrames() {
  await raf();
  await raf();
}

/** Waits until no request has been in flight for `quietMs`, and every element's update is complete. */
export async function networkIdle(elements = [], { quietMs = 150, timeoutMs = 60_000 } = {}) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    await Promise.all(elements.map((e) => e.updateComplete));
    if (inFlight === 0 && performance.now() - lastSettled >= quietMs) {
      await twoFrames();
      if (inFlight === 0) return true;
    }
    if (performance.now() > until) return false;
    await sleep(20);
  }
}

/** Text of a subtree including every (nested) open shadow root. */
export function deepText(root) {
  let out = '';
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out += node.data;
      return;
    }
    if (node.shadowRoot) for (const c of node.shadowRoot.childNodes) visit(c);
    for (const c of node.childNodes) visit(c);
  };
  visit(root);
  return out.replace(/\s+/g, ' ');
}

/** Elements matching `selector` in a subtree including nested shadow roots. */
export function deepQueryAll(root, selector) {
  const out = [];
  const visit = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    if (node.nodeType === Node.ELEMENT_NODE && node.matches(selector)) out.push(node);
    if (node.shadowRoot) for (const c of node.shadowRoot.children) visit(c);
    for (const c of node.children) visit(c);
  };
  visit(root);
  return out;
}
