// The widget lifecycle of both elements: `state`, and jc-load / jc-empty / jc-error with the count of what is shown.
import { expect, html } from '@open-wc/testing';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import { EXAMPLE_RULE_SET, resetDismissedPrompts } from '../src/index.js';
import { SIZE, cleanServer, fixtureServer, threeSeverityRuleSet } from './support.js';
import { FinderHarness, PromptHarness } from './harness.js';
import { FINDER_EXPECTED, RULE_IDS, type FinderPopulation } from './population/index.js';

const FINDINGS = RULE_IDS.reduce((n, r) => n + FINDER_EXPECTED[r].match * (SIZE / 100), 0);

/** The lifecycle events of elements with this tag, in order, with their detail. */
function recordEvents(tag: string) {
  const seen: Array<{ type: string; detail: unknown }> = [];
  const on = (e: Event) => {
    if ((e.target as Element).localName === tag) seen.push({ type: e.type, detail: (e as CustomEvent).detail });
  };
  const types = ['jc-load', 'jc-empty', 'jc-error'];
  for (const t of types) document.addEventListener(t, on);
  return { seen, stop: () => types.forEach((t) => document.removeEventListener(t, on)) };
}

describe('lifecycle of the prompt and the finder (state, jc-load counts)', () => {
  let server: FhirFixtureServer;
  let population: FinderPopulation;
  const first = (slot: string) => population.bySlot[slot][0];
  before(async () => {
    ({ server, population } = await fixtureServer());
  });
  afterEach(() => {
    cleanServer(server);
    resetDismissedPrompts();
  });

  describe('<jc-advice-prompt>', () => {
    it('jc-load counts the prompts shown; none is empty (jc-empty); a dismissal does not change the count', async () => {
      const events = recordEvents('jc-advice-prompt');
      try {
        const rules = threeSeverityRuleSet(EXAMPLE_RULE_SET);
        const p = await PromptHarness.mount(
          { patientId: first('decline-match') },
          html`<jc-advice-prompt .rules=${rules}></jc-advice-prompt>`,
        );
        expect(p.el.state).to.equal('ready');
        expect(events.seen).to.deep.equal([{ type: 'jc-load', detail: { count: 3, partial: false } }]);
        await p.dismiss('decline-info', 'already');
        expect(p.cards()).to.have.length(2);
        expect(events.seen).to.have.length(1);
        events.seen.length = 0;
        const none = await PromptHarness.mount({ patientId: first('healthy') });
        expect(none.el.state).to.equal('empty');
        expect(events.seen).to.deep.equal([
          { type: 'jc-load', detail: { count: 0, partial: false } },
          { type: 'jc-empty', detail: {} },
        ]);
      } finally {
        events.stop();
      }
    });

    it('a rule that could not be checked is not counted as a prompt', async () => {
      const events = recordEvents('jc-advice-prompt');
      try {
        const p = await PromptHarness.mount({ patientId: first('kfre-no-acr') });
        expect(p.notChecked()).to.have.length(1);
        expect(p.el.state).to.equal('empty');
        expect(events.seen[0]).to.deep.equal({ type: 'jc-load', detail: { count: 0, partial: false } });
      } finally {
        events.stop();
      }
    });

    it('an invalid rule file is the error state (jc-error), never "ready"', async () => {
      const events = recordEvents('jc-advice-prompt');
      try {
        const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
        bad.rules[0].criteria['treshold'] = 58;
        const p = await PromptHarness.mount(
          { patientId: first('decline-match') },
          html`<jc-advice-prompt .rules=${bad}></jc-advice-prompt>`,
        );
        expect(p.text()).to.contain('The rule file cannot be used');
        expect(p.el.state).to.equal('error');
        expect(events.seen).to.deep.equal([{ type: 'jc-error', detail: { kind: 'unexpected' } }]);
      } finally {
        events.stop();
      }
    });
  });

  describe('<jc-specialist-finder>', () => {
    const inGroup = () => html`<jc-specialist-finder group-id=${population.group.id}></jc-specialist-finder>`;

    it('is loading while it checks, then jc-load counts the findings (every page)', async () => {
      const events = recordEvents('jc-specialist-finder');
      try {
        const held = server.hold((r) => r.url.pathname.endsWith('/Observation'));
        const f = await FinderHarness.run(inGroup(), { wait: false });
        await held.arrived;
        expect(f.el.state).to.equal('loading');
        expect(events.seen).to.deep.equal([]);
        held.release();
        await f.settled();
        expect(f.el.state).to.equal('ready');
        expect(events.seen).to.deep.equal([{ type: 'jc-load', detail: { count: FINDINGS, partial: false } }]);
      } finally {
        events.stop();
      }
    });

    it('partial when patients could not be checked; empty when nobody matches; error when the population cannot be read', async () => {
      const events = recordEvents('jc-specialist-finder');
      try {
        const failing = population.registered[60];
        server.addFault({
          match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',').includes(failing) === true,
          status: 500,
          times: 1,
        });
        const partial = await FinderHarness.run(inGroup());
        expect(partial.el.state).to.equal('ready');
        const load = events.seen.at(-1) as { type: string; detail: { count: number; partial: boolean } };
        expect(load.type).to.equal('jc-load');
        expect(load.detail.partial).to.equal(true);
        expect(load.detail.count).to.be.above(0).and.below(FINDINGS);
        events.seen.length = 0;
        const healthy = population.bySlot['healthy'].slice(0, 5);
        const none = await FinderHarness.run(html`<jc-specialist-finder .patients=${healthy}></jc-specialist-finder>`);
        expect(none.el.state).to.equal('empty');
        expect(events.seen).to.deep.equal([
          { type: 'jc-load', detail: { count: 0, partial: false } },
          { type: 'jc-empty', detail: {} },
        ]);
        events.seen.length = 0;
        server.addFault({ match: '/Group/', status: 500, times: 1 });
        const failed = await FinderHarness.run(inGroup());
        expect(failed.el.state).to.equal('error');
        expect(events.seen).to.deep.equal([{ type: 'jc-error', detail: { kind: 'http' } }]);
        events.seen.length = 0;
        const unknown = await FinderHarness.run(html`<jc-specialist-finder ods-code="X99999"></jc-specialist-finder>`);
        expect(unknown.el.state).to.equal('error');
        expect(events.seen).to.deep.equal([{ type: 'jc-error', detail: { kind: 'not-found' } }]);
      } finally {
        events.stop();
      }
    });

    it('a cancelled check is partial, with what it found counted', async () => {
      const events = recordEvents('jc-specialist-finder');
      try {
        const held = server.hold(
          (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',')[0] === population.registered[100],
        );
        const f = await FinderHarness.run(inGroup(), { wait: false });
        await held.arrived;
        await f.cancel();
        held.release();
        expect(f.el.state).to.equal(f.rows().length ? 'ready' : 'empty');
        expect(events.seen.at(-1)).to.deep.equal({
          type: 'jc-load',
          detail: { count: f.el.exportCsv().trim().split('\r\n').length - 1, partial: true },
        });
      } finally {
        events.stop();
      }
    });
  });
});

/** Elements of `el`'s shadow root that reach past `right` (those inside a scroll container of their own do not count). */
function overflowing(el: HTMLElement, right: number): string[] {
  const out: string[] = [];
  const scrolls = (e: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  const walk = (parent: Element | ShadowRoot) => {
    for (const child of [...parent.children]) {
      const r = child.getBoundingClientRect();
      if (r.width && r.right > right + 0.5) out.push(`${child.localName}.${child.className} (${Math.round(r.right - right)} px)`);
      if (!scrolls(child)) walk(child);
    }
  };
  walk(el.shadowRoot!);
  return out;
}

describe('at 360 px wide, no state scrolls sideways (issue 18)', () => {
  let population: FinderPopulation;
  const first = (slot: string) => population.bySlot[slot][0];
  before(async () => {
    ({ population } = await fixtureServer());
  });
  afterEach(() => resetDismissedPrompts());
  const column = (inner: ReturnType<typeof html>) => html`<div style="width: 360px">${inner}</div>`;

  it('the prompt: cards, the dismiss form, a dismissed prompt, "could not be checked"', async () => {
    for (const slot of ['kfre-match-a', 'decline-old-referral', 'hba1c-match', 'kfre-no-acr']) {
      const p = await PromptHarness.mount({ patientId: first(slot) }, column(html`<jc-advice-prompt></jc-advice-prompt>`));
      const right = p.el.parentElement!.getBoundingClientRect().right;
      expect(overflowing(p.el, right), slot).to.deep.equal([]);
      const [rule] = p.ruleIds();
      if (!rule) continue;
      await p.openDismiss(rule);
      expect(overflowing(p.el, right), `${slot}, dismiss form`).to.deep.equal([]);
      await expect(p.el).to.be.accessible();
      await p.dismiss(rule, 'notAppropriate');
      expect(overflowing(p.el, right), `${slot}, dismissed`).to.deep.equal([]);
      await expect(p.el).to.be.accessible();
    }
  });

  it('the finder: the worklist (the table scrolls in its own region), filters and pager', async () => {
    const f = await FinderHarness.run(column(html`<jc-specialist-finder group-id=${population.group.id}></jc-specialist-finder>`));
    expect(f.rows().length).to.be.above(0);
    expect(overflowing(f.el, f.el.parentElement!.getBoundingClientRect().right)).to.deep.equal([]);
    await expect(f.el).to.be.accessible();
  });
});
