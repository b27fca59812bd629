// The referral list's layout (issue 18): a table with a caption and column headers at wide sizes,
// compact cards under 480 px, details on demand behind a real button (keyboard operable, with
// aria-expanded), provenance once per group, plain service names unless the host opts in; the
// "Loaded" story's 16 referrals within 2,600 px at 1280 px and without sideways scrolling at 360 px;
// axe in each state. And (issue 19) a long page drawn a step of referrals at a time.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { manyReferrals, referralsPerErsState, referralsWithAppointments } from '@joinedcare/fixtures';
import type { JcContext } from '@joinedcare/core';
import '../src/define.js';
import { DRAW_CHUNK, type JcReferralStatus } from '../src/index.js';
import { ReferralHarness } from './harness.js';
import { clock, forD, set } from './server.js';

/** The "Loaded" story: every e-RS state and the appointment scenarios for persona (d), 16 of them active. */
const loaded = [...referralsPerErsState(forD), ...referralsWithAppointments(forD), ...set.directory];

/** The widget in a box `width` px wide (its container queries see that width), in the GP's view by default. */
async function inBox(width: number, o: { setting?: string; selectable?: boolean; resources?: unknown[]; pageSize?: number } = {}) {
  const box = await fixture<HTMLDivElement>(
    html`<div style="width:${width}px; overflow-x:auto">
      <jc-context patient-id=${forD.patientId} setting=${o.setting ?? 'primary'} .clock=${clock}>
        <jc-referral-status
          ?selectable=${o.selectable}
          page-size=${o.pageSize ?? 20}
          .resources=${o.resources ?? loaded}
        ></jc-referral-status>
      </jc-context>
    </div>`,
  );
  const el = box.querySelector<JcReferralStatus>('jc-referral-status')!;
  await box.querySelector<JcContext>('jc-context')!.updateComplete;
  await el.updateComplete;
  return { box, el, h: new ReferralHarness(el) };
}

const press = (key: string) => sendKeys({ press: key });
function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

describe('<jc-referral-status> layout', function () {
  this.timeout(60_000);

  it('draws each group as a table with a caption and column headers at wide sizes', async () => {
    const { h } = await inBox(1280);
    const tables = h.parts('list');
    expect(tables.map((t) => t.localName)).to.deep.equal(['table', 'table']);
    expect(getComputedStyle(tables[0]).display).to.equal('table');
    expect(
      tables.some((t) => t.classList.contains('table--long')),
      'short groups are plain tables',
    ).to.equal(false);
    expect(tables.map((t) => t.querySelector('caption .section-title')!.textContent.trim())).to.deep.equal([
      'Needs attention (7)',
      'Other referrals (9)',
    ]);
    const headers = [...tables[0].querySelectorAll('thead th')].map((th) => th.textContent.trim());
    expect(headers).to.deep.equal(['Referral', 'Priority', 'Status', 'Referred to', 'Referred', 'Waiting time', 'Details']);
    expect([...tables[0].querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    // each referral is a row group whose first cell (the service) heads its row
    const row = h.items()[0].li.querySelector('tr')!;
    expect(row.firstElementChild!.localName).to.equal('th');
    expect(row.firstElementChild!.getAttribute('scope')).to.equal('row');
    expect(h.items()).to.have.length(16);
  });

  it('the 16 referrals of the "Loaded" story fit 2,600 px at 1280 px (6,259 px before)', async () => {
    const { el, h } = await inBox(1280);
    const height = el.getBoundingClientRect().height;
    expect(height).to.be.at.most(2600);
    console.log(`referral status, 16 referrals at 1280 px: ${Math.round(height)} px`);
    // a one-word specialty and a UBRN are never broken across lines ("Rheumatolo / gy")
    for (const item of h.items()) {
      const service = item.li.querySelector<HTMLElement>('.service')!;
      const lineHeight = parseFloat(getComputedStyle(service).lineHeight);
      if (!/\s/.test(item.service)) expect(service.getBoundingClientRect().height, item.service).to.be.below(lineHeight * 1.5);
      const ubrn = item.li.querySelector<HTMLElement>('.ubrn');
      if (ubrn)
        expect(ubrn.getBoundingClientRect().height, `${item.service} UBRN`).to.be.below(
          parseFloat(getComputedStyle(ubrn).lineHeight) * 1.5,
        );
    }
    // the priority icon keeps its size in a tag that wraps its words
    for (const svg of el.shadowRoot!.querySelectorAll<SVGElement>('[part=priority] svg'))
      expect(svg.getBoundingClientRect().width).to.be.above(10);
  });

  it('compact cards under 480 px: no sideways scrolling at 360 px, each value labelled', async () => {
    const { box, el, h } = await inBox(360);
    expect(box.scrollWidth).to.be.at.most(360);
    expect(el.scrollWidth).to.be.at.most(360);
    const table = h.parts('list')[0];
    expect(getComputedStyle(table).display).to.equal('block');
    // the group's heading and source take the card's width (a table caption in a block box shrank to one word a line)
    const caption = table.querySelector('caption')!;
    expect(caption.getBoundingClientRect().width).to.be.greaterThan(300);
    // the column headers stay for screen readers; each card shows its values' labels
    expect(table.querySelector('thead')!.getBoundingClientRect().height).to.be.at.most(1);
    // the label is the cell's data-field as generated content with empty alternative text: shown, not read twice
    const cell = h.items()[0].li.querySelector<HTMLElement>('.row > [data-field="Referred to"]')!;
    const label = getComputedStyle(cell, '::before');
    expect(label.display).not.to.equal('none');
    expect(label.content).to.equal('"Referred to" / ""');
    const service = getComputedStyle(h.items()[0].li.querySelector('.row > .cell--service')!, '::before');
    expect(service.content, 'the service needs no label').to.equal('none');
    console.log(`referral status, 16 referrals at 360 px: ${Math.round(el.getBoundingClientRect().height)} px`);
    await h.expandAll();
    expect(box.scrollWidth, 'details open').to.be.at.most(360);
    await expect(el).to.be.accessible();
  });

  it('details on demand: closed by default, the Details button opens and closes them (aria-expanded, aria-controls)', async () => {
    const { h, el } = await inBox(1280);
    const item = h.items()[0];
    expect(item.expanded).to.equal(false);
    expect(item.li.querySelector('.details td')).to.equal(null);
    expect(item.actions).to.deep.equal([]);
    const controls = item.toggle.getAttribute('aria-controls')!;
    expect(el.shadowRoot!.getElementById(controls)).to.equal(item.li.querySelector('.details'));
    await item.expand();
    expect(item.expanded).to.equal(true);
    expect(item.li.querySelector<HTMLElement>('.details')!.hidden).to.equal(false);
    expect(item.actions.join(' ')).to.contain('View letter');
    expect(item.timeline.length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    item.toggle.click();
    await el.updateComplete;
    expect(item.expanded).to.equal(false);
    expect(item.li.querySelector<HTMLElement>('.details')!.hidden).to.equal(true);
  });

  it('keyboard: Enter and Space on Details open and close; Escape in the details closes them and returns focus', async () => {
    const { h, el } = await inBox(1280);
    const item = h.items()[1];
    item.toggle.focus();
    await press('Enter');
    await el.updateComplete;
    expect(item.expanded, 'Enter opens').to.equal(true);
    expect(deepActive()).to.equal(item.toggle);
    await press('Space');
    await el.updateComplete;
    expect(item.expanded, 'Space closes').to.equal(false);
    await press('Space');
    await el.updateComplete;
    expect(item.expanded, 'Space opens').to.equal(true);
    // Tab moves into the details (their actions), Escape closes them and puts focus back on Details
    await press('Tab');
    expect((deepActive() as HTMLElement).closest('.details')).to.equal(item.li.querySelector('.details'));
    await press('Escape');
    await el.updateComplete;
    expect(item.expanded, 'Escape closes').to.equal(false);
    expect(deepActive()).to.equal(item.toggle);
  });

  it('says where the last changes came from once per group, when every referral in it says the same', async () => {
    const { h } = await inBox(1280);
    expect(h.groupSources).to.deep.equal([
      'From Riverside Medical Practice (GP practice)',
      'From Riverside Medical Practice (GP practice)',
    ]);
    const [item] = await h.expandAll();
    expect(item.updated).to.match(/^Updated \d{2}-[A-Z][a-z]{2}-\d{4} \(.+\)$/);
  });

  it('service names are plain text unless the host opts in with `selectable`', async () => {
    const plain = await inBox(1280);
    expect(plain.h.items()[0].li.querySelector('button.link')).to.equal(null);
    expect(plain.h.items()[0].service).to.not.equal('');
    const selectable = await inBox(1280, { selectable: true });
    expect(selectable.el.hasAttribute('selectable')).to.equal(true);
    const e = selectable.h.items()[0].pick();
    expect(e.detail.id).to.equal(selectable.h.items()[0].id);
  });

  it('UBRNs are always 0000 0000 0000, dates dd-Mmm-yyyy, in the row', async () => {
    const { h } = await inBox(1280);
    for (const item of h.items()) {
      expect(item.field('UBRN')).to.match(/^\d{4} \d{4} \d{4}$/);
      expect(item.field('Referred')).to.match(/^\d{2}-[A-Z][a-z]{2}-\d{4}/);
    }
  });

  it('the hospital view: "Referred by" is the column, "Referred to" in the details; axe-clean', async () => {
    const { h, el } = await inBox(1280, { setting: 'secondary' });
    const headers = [...h.parts('list')[0].querySelectorAll('thead th')].map((th) => th.textContent.trim());
    expect(headers[3]).to.equal('Referred by');
    const [item] = await h.expandAll();
    expect(item.field('Referred to')).to.not.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('reports how many referrals it read in jc-load, and its state (handed in)', async () => {
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('jc-referral-status');
    el.clock = clock;
    el.resources = loaded;
    const loads: Array<{ count?: number }> = [];
    el.addEventListener('jc-load', (e) => loads.push((e as CustomEvent<{ count?: number }>).detail));
    box.append(el);
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(loads.map((d) => d.count)).to.deep.equal([17]);
    const empty: Array<string> = [];
    el.addEventListener('jc-empty', () => empty.push('empty'));
    el.resources = [];
    await el.updateComplete;
    expect(el.state).to.equal('empty');
    expect(empty).to.deep.equal(['empty']);
  });
});

describe('<jc-referral-status> a long page is drawn step by step (issue 19)', function () {
  this.timeout(120_000);

  it(`page-size=600: ${DRAW_CHUNK} referrals per step, each drawn by its own update, until the whole page is drawn`, async () => {
    const resources = [...manyReferrals({ ...forD, count: 600 }), ...set.directory];
    const counts: number[] = [];
    const progress: string[] = [];
    const { h, stop } = await ReferralHarness.mountWatched((el) => {
      el.clock = clock;
      el.pageSize = 600;
      el.filter = 'all';
      el.resources = resources;
      // what each drawing step left on screen: the referrals drawn and the progress line
      const observer = new MutationObserver(() => {
        const root = el.shadowRoot!;
        const n = root.querySelectorAll('[part~=item]').length;
        if (n && n !== counts.at(-1)) counts.push(n);
        const p = root.querySelector('[part=progress]')?.textContent?.trim();
        if (p && p !== progress.at(-1)) progress.push(p);
      });
      queueMicrotask(() => observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true }));
    });
    stop();
    expect(h.items()).to.have.length(600);
    expect(counts[0]).to.equal(DRAW_CHUNK);
    expect(counts).to.deep.equal(Array.from({ length: 600 / DRAW_CHUNK }, (_, i) => (i + 1) * DRAW_CHUNK));
    expect(progress[0]).to.equal(`Showing ${DRAW_CHUNK} of 600 referrals…`);
    expect(h.part('progress'), 'gone once the page is drawn').to.equal(null);
    // groups this long lay their rows out as fixed grids, each referral drawn only near the viewport
    for (const table of h.parts('list')) {
      expect(table.classList.contains('table--long')).to.equal(true);
      const item = table.querySelector<HTMLElement>('[part~=item]')!;
      expect(getComputedStyle(item).contentVisibility).to.equal('auto');
      expect(getComputedStyle(item.querySelector('.row')!).display).to.equal('grid');
    }
  });

  it('a long handed-in input is read in a task after the first drawing, which says it is preparing; an input replaced meanwhile is never shown', async () => {
    const long = [...manyReferrals({ ...forD, count: 900 }), ...set.directory];
    expect(long.length, 'more than the widget reads at once').to.be.greaterThan(2000);
    const seen: string[] = [];
    const { h, stop } = await ReferralHarness.mountWatched((el) => {
      el.clock = clock;
      el.filter = 'all';
      el.resources = long;
      const observer = new MutationObserver(() => {
        const p = el.shadowRoot!.querySelector('[part~=loading]')?.textContent?.trim();
        if (p && p !== seen.at(-1)) seen.push(p);
      });
      queueMicrotask(() => observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true }));
    });
    stop();
    expect(seen[0]).to.equal('Preparing the referrals…');
    expect(
      seen.slice(1).every((p) => /^Preparing [\d,]+ of 900 referrals…$/.test(p)),
      seen.join(' | '),
    ).to.equal(true);
    expect(h.items()).to.have.length(20);
    expect(h.el.shadowRoot!.textContent).to.include('Showing 20 of 900');

    // handed a long list, then (before it is read) a short one: only the short one is shown
    const short = [...referralsPerErsState(forD), ...set.directory];
    h.el.resources = long;
    await h.el.updateComplete.catch(() => undefined);
    h.el.resources = short;
    await h.settled();
    await new Promise((r) => setTimeout(r, 50));
    await h.settled();
    const shortCount = new Set(short.filter((r) => r.resourceType === 'ServiceRequest').map((r) => r.id)).size;
    expect(h.el.shadowRoot!.textContent).not.to.include('of 900');
    expect(h.el.shadowRoot!.querySelector('[part~=loading]')).to.equal(null);
    expect(h.items().length).to.be.at.most(shortCount);
    expect(
      h
        .items()
        .map((i) => i.li.dataset['id'])
        .every((id) => !/many/.test(id ?? '')),
    ).to.equal(true);
  });
});
