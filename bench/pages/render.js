// Render cost (issue 8, measurement 2): the first render plus layout of the care summary's medicine
// list and of the referral list with N items handed in via `resources`, against a floor: plain
// `innerHTML` rendering of equivalent rows built from the same resources in the same run; and the
// long tasks of views that draw many items (issue 19: `bench.view`).
// The runner (bench/run.mjs) reads renderer main-thread CPU (CDP Performance.getMetrics) around
// each `bench.run(...)` call; this page only builds the data, renders and cleans up.
import { deepQueryAll, longTasks, longestTask, raf, sleep, twoFrames } from './instrument.js';
import '@joinedcare/core/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import { buildPersonas, careTeamAndPlans, manyReferrals, referralsPerErsState, referralsWithAppointments } from '@joinedcare/fixtures';

const NOW = new Date('2026-11-22T00:00:00Z');
const clock = { now: () => NOW };
const PATIENT = 'pat-f';
const stage = document.getElementById('stage');

let set;
const cache = new Map();

/** The fixtures' shared directory (organisations, practitioners, roles, locations, medicines). */
function directory() {
  set ??= buildPersonas({ now: NOW });
  return set.directory;
}

/**
 * N MedicationStatements, all current: persona f's 520 statements (20 medicines, 26 authorisation
 * periods each) used as templates in order, each made active with a unique id and its own medicine
 * name, so every one of the N is listed. Deterministic.
 */
function medicines(n) {
  directory();
  const templates = set.personas.f.resources().filter((r) => r.resourceType === 'MedicationStatement');
  const out = [];
  for (let i = 0; i < n; i++) {
    const ms = structuredClone(templates[i % templates.length]);
    ms.id = `bench-ms-${i}`;
    ms.status = 'active';
    // N different medicines: one medicine recorded many times is one row (issue 17), so each gets its own name
    delete ms.medicationReference;
    ms.medicationCodeableConcept = { text: `${ms.medicationCodeableConcept?.text ?? 'Medicine'} (${i + 1})` };
    if (ms.effectivePeriod) ms.effectivePeriod = { start: ms.effectivePeriod.start };
    out.push(ms);
  }
  return out;
}

/** N referrals (ServiceRequest with its Tasks and Appointments) from the fixtures' `manyReferrals`. */
function referrals(n) {
  return manyReferrals({ now: NOW, patientId: PATIENT, count: n });
}

function data(kind, n) {
  const key = `${kind}:${n}`;
  if (!cache.has(key)) {
    const items = kind === 'medicines' ? medicines(n) : referrals(n);
    cache.clear();
    cache.set(key, { items, resources: [...items, ...directory()] });
  }
  return cache.get(key);
}

// ---------------------------------------------------------------------------------------------
// The floor: what a page would do with no framework and no model: escape, format, join, innerHTML.

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
const fmt = (iso) => (iso ? dateFormat.format(new Date(iso)).replace(/ /g, '-') : 'Not recorded');
const text = (cc) => cc?.text ?? cc?.coding?.[0]?.display ?? cc?.coding?.[0]?.code ?? 'Not known';

function byId(resources) {
  const m = new Map();
  for (const r of resources) m.set(`${r.resourceType}/${r.id}`, r);
  return m;
}

function orgByOds(resources) {
  const m = new Map();
  for (const r of resources) {
    if (r.resourceType !== 'Organization') continue;
    for (const id of r.identifier ?? []) m.set(id.value, r);
  }
  return m;
}

const FLOOR_CSS = `
  .floor { list-style: none; margin: 0; padding: 0; font: 14px/1.4 system-ui, sans-serif; }
  .floor li { border-bottom: 1px solid #ccc; padding: 8px 12px; }
  .floor h4 { margin: 0 0 4px; font-size: 16px; }
  .floor dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
  .floor dt { font-weight: 600; }
  .floor dd { margin: 0; }
  .floor .meta { color: #555; font-size: 13px; margin: 4px 0 0; }
`;

function medicineRowsHtml(items, resources, limit) {
  const index = byId(resources);
  const orgs = orgByOds(resources);
  const rows = items
    .map((ms) => ({ ms, start: ms.effectivePeriod?.start ?? ms.effectiveDateTime ?? '' }))
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0))
    .slice(0, limit);
  let html = '';
  for (const { ms, start } of rows) {
    const med = ms.medicationCodeableConcept ?? index.get(ms.medicationReference?.reference)?.code;
    const issued = ms.extension?.find((e) => /LastIssueDate$/.test(e.url))?.valueDateTime;
    const org = orgs.get(String(ms.meta?.source ?? '').replace('urn:ods:', ''));
    html +=
      `<li><h4>${esc(text(med))}</h4><dl>` +
      `<dt>Dose</dt><dd>${esc(ms.dosage?.[0]?.text ?? 'Not recorded')}</dd>` +
      `<dt>Started</dt><dd>${fmt(start)}</dd>` +
      `<dt>Last issued</dt><dd>${fmt(issued)}</dd>` +
      `<dt>Status</dt><dd>Active</dd></dl>` +
      `<p class="meta">${esc(org?.name ?? 'Source not recorded')} · Recorded ${fmt(ms.dateAsserted ?? start)}</p></li>`;
  }
  return html;
}

function referralRowsHtml(items, resources, limit) {
  const index = byId(resources);
  const taskFor = new Map();
  for (const r of items) if (r.resourceType === 'Task' && r.focus?.reference) taskFor.set(r.focus.reference, r);
  const rows = items
    .filter((r) => r.resourceType === 'ServiceRequest')
    .sort((a, b) => ((a.authoredOn ?? '') < (b.authoredOn ?? '') ? -1 : 1))
    .slice(0, limit);
  let html = '';
  for (const sr of rows) {
    const task = taskFor.get(`ServiceRequest/${sr.id}`);
    const provider = index.get(sr.performer?.[0]?.reference);
    html +=
      `<li><h4>${esc(text(sr.code))}</h4><p>${esc(text(task?.businessStatus) ?? sr.status)}</p><dl>` +
      `<dt>Priority</dt><dd>${esc(sr.priority ?? 'routine')}</dd>` +
      `<dt>Referred</dt><dd>${fmt(sr.authoredOn)}</dd>` +
      `<dt>UBRN</dt><dd>${esc(sr.identifier?.[0]?.value ?? 'Not recorded')}</dd>` +
      `<dt>Provider</dt><dd>${esc(provider?.name ?? 'Not recorded')}</dd></dl></li>`;
  }
  return html;
}

// ---------------------------------------------------------------------------------------------

let window0 = 0;
let window1 = 0;

/** Items the widget drew (its `item` parts; counted after the measured window). */
const drawnItems = (root) => deepQueryAll(root, '[part~="item"]').length;
/** Items drawn in the widget's own shadow root (cheap: no walk into nested shadow roots). */
const shallowItems = (el) => el.shadowRoot?.querySelectorAll('[part~="item"]').length ?? 0;
/** Cheap check for the first item in the widget's own shadow root (inside the measured window). */
const hasItem = (el) => el.shadowRoot?.querySelector('[part~="item"]') != null;

/**
 * The widget's first render. `all`: every item drawn (`initial-items=N`, `page-size=N`), waited for
 * until what it draws stops changing (it may draw page by page); else the default view, waited for
 * until its first item is in its shadow root.
 */
async function renderWidget(kind, d, all = false) {
  const ctx = document.createElement('jc-context');
  ctx.setAttribute('patient-id', PATIENT);
  ctx.setAttribute('setting', 'secondary');
  ctx.clock = clock;
  const el = document.createElement(kind === 'medicines' ? 'jc-care-summary' : 'jc-referral-status');
  if (kind === 'medicines') el.setAttribute('sections', 'medicines');
  if (all) el.setAttribute(kind === 'medicines' ? 'initial-items' : 'page-size', String(d.items.length));
  el.resources = d.resources;
  ctx.append(el);
  stage.append(ctx);
  if (all) {
    // counted in the widget's own shadow root, where both widgets draw their items: a deep walk of
    // every element after each frame would be the bench's cost, not the widget's
    await settle(el, 60_000, shallowItems);
    void ctx.offsetHeight;
    return el;
  }
  // first content: the list's items are in the DOM (Lit renders in microtasks; models may take a task)
  for (let frame = 0; frame < 600; frame++) {
    await ctx.updateComplete;
    await el.updateComplete;
    if (hasItem(el)) break;
    await raf();
  }
  void ctx.offsetHeight; // force style and layout
  return el;
}

function renderFloor(kind, d, limit) {
  const host = document.createElement('div');
  host.innerHTML = `<style>${FLOOR_CSS}</style><ul class="floor"></ul>`;
  const list = host.querySelector('ul');
  list.innerHTML = kind === 'medicines' ? medicineRowsHtml(d.items, d.resources, limit) : referralRowsHtml(d.items, d.resources, limit);
  stage.append(host);
  void host.offsetHeight; // force style and layout
  return host;
}

/** Something still being prepared or loaded (a progress line, a loading state). */
const busy = (el) => el.shadowRoot?.querySelector('[part~="loading"], [part~="progress"]') != null;

/** Waits until the widget's update is complete and what it draws stays the same over two frames (at most `timeoutMs`). */
async function settle(el, timeoutMs = 60_000, count0 = drawnItems) {
  const until = performance.now() + timeoutMs;
  let last = -1;
  for (;;) {
    await el.updateComplete;
    await twoFrames();
    const count = count0(el);
    if (count === last && !busy(el)) return count;
    if (performance.now() > until) return count;
    last = count;
  }
}

/** Long tasks (count and longest, ms) that started within [from, to]. */
function tasksIn(from, to) {
  const list = longTasks.filter((t) => t.start >= from && t.start <= to);
  return { count: list.length, longestMs: list.reduce((m, t) => Math.max(m, t.duration), 0) };
}

/**
 * Views that draw many items (issue 19, "no long task in any view"), measured by the widget owners'
 * target: no task over 50 ms. `all-items`: every item at once (`initial-items=N` on the care
 * summary, `page-size=N` on the referral status); `show-all`: the default view, then the user
 * presses "Show all" (care summary) or "Show more" (referral status). Times from the mount (or the
 * press) until what the widget draws stops changing.
 */
async function view(kind, n, name) {
  const d = data(kind, n);
  const ctx = document.createElement('jc-context');
  ctx.setAttribute('patient-id', PATIENT);
  ctx.setAttribute('setting', 'secondary');
  ctx.clock = clock;
  const el = document.createElement(kind === 'medicines' ? 'jc-care-summary' : 'jc-referral-status');
  if (kind === 'medicines') el.setAttribute('sections', 'medicines');
  if (name === 'all-items') el.setAttribute(kind === 'medicines' ? 'initial-items' : 'page-size', String(n));
  el.resources = d.resources;
  ctx.append(el);
  let from = performance.now();
  stage.append(ctx);
  let rows = await settle(el, 60_000, shallowItems);
  let pressed = false;
  if (name === 'show-all') {
    const button = el.shadowRoot.querySelector(kind === 'medicines' ? '[part~="show-all-button"]' : '[part~="show-more"]');
    if (button) {
      from = performance.now();
      button.click();
      pressed = true;
      rows = await settle(el, 60_000, shallowItems);
    }
  }
  const to = performance.now();
  await raf();
  await sleep(30); // let the long-task observer deliver
  const tasks = tasksIn(from - 1, to + 1);
  // the stage is emptied by `clear()`, outside the measured (and traced) call
  return { rows, pressed, ms: to - from, longTasks: tasks.count, longestTaskMs: tasks.longestMs };
}

/** Puts `el` in `ctx` in a box `width` px wide (which scrolls sideways if anything is wider) on the stage; returns the box. */
function inBox(ctx, el, width) {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  box.style.overflowX = 'auto';
  ctx.append(el);
  box.append(ctx);
  stage.style.width = 'auto';
  stage.append(box);
  return box;
}

/**
 * Page height of the care summary for persona (a) (issue 18: at most 1,400 px at 1280 px), every
 * section open, in a container `width` px wide: its problems, medicines, allergies, results,
 * encounters, documents, immunisations, care team, care plans and procedures handed in, as a
 * hospital (`secondary`) or GP (`primary`) user sees them with the filter on `filter` (`other`, the
 * default, or `all`: every item). Also whether anything scrolls sideways.
 */
async function careSummaryHeight(width, setting = 'secondary', filter = 'other') {
  directory();
  const a = set.personas.a;
  const ctx = document.createElement('jc-context');
  ctx.setAttribute('patient-id', a.patientId);
  ctx.setAttribute('setting', setting);
  ctx.clock = clock;
  const el = document.createElement('jc-care-summary');
  el.setAttribute('sections', 'problems medicines allergies results encounters documents immunisations care-team care-plans procedures');
  el.setAttribute('filter', filter);
  el.resources = [...a.resources(), ...careTeamAndPlans(a, { now: NOW }), ...directory()];
  const box = inBox(ctx, el, width);
  await settle(el);
  const height = el.getBoundingClientRect().height;
  // anything wider than the box makes the box scroll sideways
  const sideways = box.scrollWidth > box.clientWidth;
  const rows = drawnItems(el);
  return { width, setting, filter, height: Math.round(height), rows, sideways, keep: () => stage.replaceChildren() };
}

/**
 * Page height of the referral status's "Loaded" story (issue 18: its 16 referrals at most 2,600 px
 * at 1280 px): persona (d)'s referrals in every e-RS state and the appointment scenarios, in the
 * GP's view, the default filter (active), in a container `width` px wide. Also whether anything
 * scrolls sideways.
 */
async function referralHeight(width) {
  directory();
  const d = set.personas.d;
  const scenario = { now: NOW, patientId: d.patientId };
  const ctx = document.createElement('jc-context');
  ctx.setAttribute('patient-id', d.patientId);
  ctx.setAttribute('setting', 'primary');
  ctx.clock = clock;
  const el = document.createElement('jc-referral-status');
  el.resources = [...referralsPerErsState(scenario), ...referralsWithAppointments(scenario), ...directory()];
  const box = inBox(ctx, el, width);
  const rows = await settle(el, 60_000, shallowItems);
  const height = Math.round(el.getBoundingClientRect().height);
  const sideways = box.scrollWidth > box.clientWidth;
  stage.replaceChildren();
  return { width, height, rows, sideways };
}

window.bench = {
  ready: true,
  view,
  /** Empties the stage after a `view` (not part of what it measures). */
  async clear() {
    stage.replaceChildren();
    await twoFrames();
  },
  referralHeight,
  /** The care summary's page height for persona (a) (see `careSummaryHeight`); the stage is emptied unless `keep` (for a screenshot). */
  async height(width, setting, filter, keep = false) {
    const { keep: clear, ...r } = await careSummaryHeight(width, setting, filter);
    if (!keep) clear();
    return r;
  },
  /** Builds (and keeps) the N items of `kind`; returns how many resources are handed in. */
  prepare(kind, n) {
    const d = data(kind, n);
    return { resources: d.resources.length, items: d.items.length };
  },
  /**
   * One measured render. `mode`: `widget`, `floor` (all N rows), `floor-visible` (only as many rows
   * as the widget draws, `limit`) or `baseline` (nothing: the cost of the measurement itself, i.e.
   * the call and two animation frames). Returns the wall time to layout and to the second frame.
   */
  async run(kind, n, mode, limit) {
    const d = data(kind, n);
    window0 = performance.now();
    if (mode === 'widget' || mode === 'widget-all') await renderWidget(kind, d, mode === 'widget-all');
    else if (mode !== 'baseline') renderFloor(kind, d, mode === 'floor' ? Infinity : limit);
    const layoutMs = performance.now() - window0;
    await twoFrames();
    window1 = performance.now();
    return { layoutMs, frameMs: window1 - window0 };
  },
  /**
   * After the measured window: counts the rows drawn, empties the stage and returns them with the
   * longest task (ms) that started during the last run.
   */
  async cleanup() {
    const rows = drawnItems(stage) || stage.querySelectorAll('.floor li').length;
    const height = stage.offsetHeight;
    await raf();
    await sleep(30); // let the long-task observer deliver
    const longestTaskMs = longestTask(window0 - 1, window1 + 1);
    stage.replaceChildren();
    await twoFrames();
    return { rows, height, longestTaskMs };
  },
};
