// Every widget against the live FHIR server (Medplum's engine, loaded with the fixture personas):
// real search semantics, `_count` paging through `link[next]`, `_include`, and conditional create
// of advice replies. Expectations come from the fixtures' stories and, where a value is generated
// (UBRN, ids, counts), from a direct query of the same server, never from the widget's own code.
// <jc-patient-banner> is covered in ./widgets.test.ts.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LitElement, TemplateResult } from 'lit';
import type { Bundle, Communication, CommunicationRequest, Resource, ServiceRequest } from 'fhir/r4.js';
import type { JcContext } from '@joinedcare/core';
import { PERSONA_F_OBSERVATIONS, PRACTITIONER, parseReference, patientReferencesOf } from '@joinedcare/fixtures';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import '@joinedcare/specialist-finder/define.js';
import type { JcAdvicePanel } from '@joinedcare/advice-panel';
import { EXAMPLE_RULES } from '@joinedcare/specialist-finder';
import { AdvicePanelHarness } from '../../packages/advice-panel/test/harness.js';
import {
  RULE_IDS,
  SLOTS,
  buildFinderPopulation,
  type RuleId,
  type SlotName,
} from '../../packages/specialist-finder/test/population/index.js';
import { CaseBuilder } from '../../packages/specialist-finder/test/population/records.js';
import { liveBaseUrl, liveClock, liveServerInfo, resetLiveServer, type LiveServerInfo } from './live.js';

const BAD = /undefined|\bnull\b|NaN|Invalid Date|\[object Object\]/;
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const text = (el: Element) => squash(el.shadowRoot?.textContent);
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const until = (cond: () => boolean, what: string, timeout = 15_000) =>
  waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 25 });

/** The widget is in a good state: nothing failed, nothing missing, nothing unreadable, axe passes. */
async function expectClean(el: Element): Promise<void> {
  for (const part of ['error', 'partial', 'not-configured', 'safety-warning']) {
    expect($(el, `[part~=${part}]`), `${el.localName} shows [part=${part}]: ${text(el)}`).to.equal(null);
  }
  expect(text(el)).not.to.match(BAD);
  await expect(el).to.be.accessible();
}

/** A direct FHIR search on the live server (the oracle for generated values). */
async function search<T extends Resource>(query: string): Promise<Bundle<T>> {
  const res = await fetch(`${liveBaseUrl()}/${query}`, { headers: { Accept: 'application/fhir+json' }, cache: 'no-store' });
  expect(res.status, query).to.equal(200);
  return (await res.json()) as Bundle<T>;
}
const resourcesOf = <T extends Resource>(b: Bundle<T>): T[] => (b.entry ?? []).map((e) => e.resource!).filter(Boolean);

interface Seen {
  method: string;
  url: string;
  ifNoneExist: string | null;
}
/**
 * Records every request the page makes (and lets them through to the real server). `drop` can lose
 * a response after the server has handled the request, as a timeout or a dropped connection would.
 */
function spyOnFetch(drop?: (r: Seen) => boolean): { seen: Seen[]; restore: () => void } {
  const original = window.fetch;
  const seen: Seen[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : undefined;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers ?? req?.headers);
    const r = { method: (init?.method ?? req?.method ?? 'GET').toUpperCase(), url, ifNoneExist: headers.get('If-None-Exist') };
    seen.push(r);
    const response = await original.call(window, input, init);
    if (drop?.(r)) throw new TypeError('Failed to fetch'); // the server saved it; the answer is lost
    return response;
  };
  return { seen, restore: () => (window.fetch = original) };
}

describe('widgets against the live FHIR server (in depth)', () => {
  let info: LiveServerInfo;

  before(async function () {
    this.timeout(60_000); // the first request starts the server
    info = await liveServerInfo();
  });

  afterEach(() => resetLiveServer());

  async function mount<T extends HTMLElement>(
    patientId: string,
    widget: TemplateResult,
    tag: string,
    setting: 'primary' | 'secondary' = 'secondary',
  ): Promise<T> {
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${liveBaseUrl()} patient-id=${patientId} setting=${setting} .clock=${liveClock(info)}
        >${widget}</jc-context
      >`,
    );
    return ctx.querySelector<T>(tag)!;
  }

  describe('<jc-care-summary>', () => {
    const section = (el: Element, key: string) => $(el, `section[data-section="${key}"]`)!;
    const sectionText = (el: Element, key: string) => squash(section(el, key).textContent);
    const count = (el: Element, key: string) => section(el, key).querySelector('[part=count]')!.textContent;
    const allLoaded = (el: Element) => {
      const sections = $$(el, 'section[data-section]');
      return sections.length > 0 && sections.every((s) => !s.querySelector('[part~=loading]') && !!s.querySelector('[part=as-of]'));
    };
    const summary = (patientId: string, sections?: string) =>
      mount<LitElement>(
        patientId,
        html`<jc-care-summary
          sections=${sections ?? 'problems medicines allergies results encounters documents immunisations care-team care-plans'}
          filter="all"
        ></jc-care-summary>`,
        'jc-care-summary',
      );

    it('persona a: every default section loads, with the record’s items, their source and setting', async function () {
      this.timeout(30_000);
      const el = await summary(info.personas.a.patientId);
      await el.updateComplete; // it waits for every section's data
      expect(allLoaded(el), 'every section').to.equal(true);
      expect($$(el, 'section[data-section]').map((s) => s.dataset['section'])).to.deep.equal([
        'problems',
        'medicines',
        'allergies',
        'results',
        'encounters',
        'documents',
        'immunisations',
        'care-team',
        'care-plans',
      ]);
      await expectClean(el);

      // problems
      expect(count(el, 'problems')).to.equal('(2 items)');
      expect(sectionText(el, 'problems')).to.contain('Type 2 diabetes mellitus');
      expect(sectionText(el, 'problems')).to.contain('Hypertensive disorder');
      // medicines: names resolved through `_include=MedicationStatement:medication`; issues folded in
      expect(count(el, 'medicines')).to.equal('(5 items)');
      expect(sectionText(el, 'medicines')).to.match(/Metformin 500mg tablets Active .*Take two tablets twice a day with meals/);
      expect(sectionText(el, 'medicines')).to.match(/Stopped in the last 6 months Amlodipine 5mg tablets Stopped .*ankle swelling/);
      // allergies: the coded "No known allergy" is a positive statement, as coded, with its source
      const nka = section(el, 'allergies').querySelector('[part~=none-known]')!;
      expect(squash(nka.textContent)).to.match(
        /^No known allergy Recorded \d{2}-[A-Z][a-z]{2}-\d{4} · Record held by Riverside Medical Practice \(GP practice\)$/,
      );
      expect(section(el, 'allergies').querySelector('[part~=not-available]')).to.equal(null);
      // results: HbA1c with its trend and text alternative; the lab's source via `_include=Observation:performer`
      const hba1c = $$(el, 'section[data-section="results"] [part~=item]').find((li) => li.textContent.includes('HbA1c'))!;
      expect(hba1c, 'an HbA1c result').to.exist;
      expect(hba1c.querySelector('svg[part=trend][role=img]')!.getAttribute('aria-label')).to.match(
        /^HbA1c level \(IFCC standardised\) 82 mmol\/mol on \d{2}-[A-Z][a-z]{2}-\d{4}, up from 78 on \d{2}-[A-Z][a-z]{2}-\d{4}$/,
      );
      expect(squash(hba1c.querySelector('[part=source]')!.textContent)).to.contain(
        'Northbridge University Hospitals NHS Foundation Trust (NHS trust)',
      );
      expect(count(el, 'results')).to.equal('(3 items)');
      // documents: the letter with its author organisation
      const letter = section(el, 'documents').querySelector('[part~=item]')!;
      expect(squash(letter.textContent)).to.match(/Blood results \(HbA1c, eGFR, lipids\)\.pdf .*Dated \d{2}-[A-Z][a-z]{2}-\d{4}/);
      expect(squash(letter.querySelector('[part=source]')!.textContent)).to.contain('Riverside Medical Practice (GP practice)');
      expect(letter.querySelector('[part=open-button]')).to.exist;
      // care team from Patient.generalPractitioner (`Patient?_id=…&_include=Patient:general-practitioner`)
      expect(sectionText(el, 'care-team')).to.contain('Riverside Medical Practice');
      expect(sectionText(el, 'care-team')).to.contain('01632 960001');
      // empty sections say so
      expect(sectionText(el, 'encounters')).to.contain('No encounters recorded');
      expect(sectionText(el, 'care-plans')).to.contain('No care plans recorded');

      // every item names its source organisation and setting (in its details); GP items are marked for a hospital user
      const items = $$(el, '[part~=item]');
      expect(items.length).to.be.greaterThan(10);
      for (const item of items) {
        const source = squash(item.querySelector('[part=source]')?.textContent);
        expect(source, squash(item.textContent)).to.match(/\S \((GP practice|NHS trust)\)$/);
        expect(source).not.to.contain('Source not recorded');
        if (source.endsWith('(GP practice)')) expect(item.getAttribute('part')).to.equal('item item-other');
      }
    });

    it('persona f (large record): every result page is fetched through link[next], with counts and paging in the widget', async function () {
      this.timeout(60_000);
      const total = (await search('Observation?patient=' + info.personas.f.patientId + '&_count=0')).total!;
      expect(total).to.equal(PERSONA_F_OBSERVATIONS);
      const spy = spyOnFetch();
      let el: LitElement;
      try {
        el = await summary(info.personas.f.patientId, 'results medicines problems');
        await el.updateComplete;
        expect(allLoaded(el), 'the large sections').to.equal(true);
      } finally {
        spy.restore();
      }
      await expectClean(el);

      // the results search: the first page as the widget built it, every later one the server's `next` link
      const pages = spy.seen.filter((r) => new URL(r.url).pathname.endsWith('/Observation'));
      expect(pages.length).to.equal(Math.ceil(total / 500));
      expect(new URL(pages[0].url).searchParams.get('_count')).to.equal('500');
      expect(new URL(pages[0].url).searchParams.get('_include')).to.equal('Observation:performer');
      pages.slice(1).forEach((p, i) => {
        expect(new URL(p.url).origin).to.equal(location.origin);
        expect(new URL(p.url).searchParams.get('_offset')).to.equal(String((i + 1) * 500));
      });

      // 11 tests, the first 10 shown; every observation accounted for across the tests' histories
      const results = section(el, 'results');
      expect(count(el, 'results')).to.equal('(11 items)');
      expect(results.querySelectorAll('[part~=item]').length).to.equal(10);
      results.querySelector<HTMLButtonElement>('[part=show-all-button]')!.click();
      await el.updateComplete;
      const tests = [...results.querySelectorAll('[part~=item]')];
      expect(tests.length).to.equal(11);
      const perTest = tests.map((t) => Number(/Results (\d+)/.exec(squash(t.textContent))?.[1] ?? NaN));
      expect(perTest.reduce((a, b) => a + b, 0)).to.equal(total);
      // one test's history pages 20 at a time
      const history = [...results.querySelectorAll<HTMLButtonElement>('button')].find((b) => /Show all \d{3} results/.test(b.textContent))!;
      history.click();
      await el.updateComplete;
      expect(results.querySelectorAll('[part=history] tbody tr').length).to.equal(20);
      expect(squash(results.querySelector('[part=pager] [role=status]')!.textContent)).to.match(/^Showing 1 to 20 of \d{3}$/);

      // medicines: every MedicationStatement came back; the section lists current and recently stopped ones
      expect(count(el, 'medicines')).to.match(/^\(\d+ items\)$/);
      expect(sectionText(el, 'medicines')).to.contain('Metformin 500mg tablets');
      expect(count(el, 'problems')).to.equal('(6 items)');
      expect($$(el, 'li, tr').length).to.be.lessThan(120); // never thousands of rows in the DOM
      await expectClean(el);
    });

    it('persona d (empty record): each section says none recorded; allergies say not available', async function () {
      this.timeout(30_000);
      const el = await summary(info.personas.d.patientId);
      await el.updateComplete; // it waits for every section's data
      expect(allLoaded(el), 'every section').to.equal(true);
      await expectClean(el);
      const empty: Record<string, string> = {
        problems: 'No problems recorded',
        medicines: 'No current or recently stopped medicines recorded',
        results: 'No results recorded',
        encounters: 'No encounters recorded',
        documents: 'No letters or documents recorded',
        immunisations: 'No immunisations recorded',
        'care-plans': 'No care plans recorded',
      };
      for (const [key, words] of Object.entries(empty)) {
        expect(count(el, key), key).to.equal('(0 items)');
        expect(squash(section(el, key).querySelector('[part~=empty]')?.textContent), key).to.contain(words);
      }
      const notice = section(el, 'allergies').querySelector('[part=not-available]')!;
      expect(squash(notice.textContent)).to.contain('No allergy information available');
      expect(section(el, 'allergies').querySelector('[part=none-known]')).to.equal(null);
      // the registered practice is still known
      expect(sectionText(el, 'care-team')).to.contain('Moorland Health Centre');
    });
  });

  describe('<jc-referral-status>', () => {
    const referralOf = async (patientId: string) => {
      const [sr] = resourcesOf(await search<ServiceRequest>(`ServiceRequest?patient=${patientId}`));
      const ubrn = sr.identifier!.find((i) => i.system === 'https://fhir.nhs.uk/Id/UBRN')!.value!;
      return { sr, ubrn, spaced: ubrn.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3') };
    };
    const loaded = (el: Element) => !!$(el, '[part=list] [part=item]');

    it('persona a: the diabetes referral with its UBRN, state in words and the 18-week clock', async () => {
      const { sr, spaced } = await referralOf(info.personas.a.patientId);
      const el = await mount<HTMLElement>(info.personas.a.patientId, html`<jc-referral-status></jc-referral-status>`, 'jc-referral-status');
      await until(() => loaded(el), 'the referral');
      await expectClean(el);
      const items = $$(el, '[part=item]');
      expect(items).to.have.length(1);
      const item = items[0];
      expect(item.dataset['id']).to.equal(sr.id);
      const t = squash(item.textContent);
      expect(t).to.contain('Diabetes');
      expect(squash(item.querySelector('[part=status]')!.textContent)).to.contain('Awaiting Triage');
      expect(squash(item.querySelector('[part=priority]')!.textContent)).to.contain('Routine');
      expect(spaced).to.match(/^\d{4} \d{4} \d{4}$/);
      expect(t).to.contain(`UBRN ${spaced}`);
      // referred 140 days before the fixtures' today (no e-RS pathway start or booking: from the referral date): past 18 weeks
      expect(squash(item.querySelector('[part=clock]')!.textContent)).to.match(/^Day 140 of 126 \(20w 0d of 18 weeks\), breached/);
      expect(t).to.contain('from the referral date; clock start not known');
      // the hospital's view: who referred is a column; where to is in the referral's details
      item.querySelector<HTMLButtonElement>('[part=details-button]')!.click();
      await (el as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
      const all = squash(item.textContent);
      // the live server holds no PractitionerRole for the GP: her organisation is not recorded; meta.source says only where the record was held
      // the column's label on a card is generated content (its data-field): the cell says who
      const by = item.querySelector<HTMLElement>('.row > [data-field="Referred by"]')!;
      expect(squash(by.textContent)).to.equal(
        'Dr Amara Okafor, organisation not recorded (record held by Riverside Medical Practice (GP practice))',
      );
      expect(all).to.contain('Referred to Northbridge University Hospitals NHS Foundation Trust');
      expect(t).to.match(/Needs attention: Awaiting triage for \d+ days/);
    });

    it('persona b: the booked respiratory referral shows its appointment (Appointment?based-on)', async () => {
      const { spaced } = await referralOf(info.personas.b.patientId);
      const el = await mount<HTMLElement>(info.personas.b.patientId, html`<jc-referral-status></jc-referral-status>`, 'jc-referral-status');
      await until(() => loaded(el), 'the referral');
      await expectClean(el);
      const t = squash($(el, '[part=item]')!.textContent);
      expect(squash($(el, '[part=item] [part=status]')!.textContent)).to.contain('Booked');
      expect(squash($(el, '[part=item] [part=priority]')!.textContent)).to.contain('Urgent');
      expect(t).to.contain('Respiratory medicine');
      expect(t).to.contain(`UBRN ${spaced}`);
      expect(t).to.match(/Day \d+ of 126 \(\d+w \dd of 18 weeks\), on track/);
      expect(t).to.match(/Booked: \d{2}-[A-Z][a-z]{2}-\d{4} at 10:30, Respiratory Outpatients, Eastmoor Royal Infirmary/);
    });
  });

  describe('<jc-advice-panel> replies are created on the server, once', () => {
    const sender = { reference: `Practitioner/${PRACTITIONER.raman.id}`, display: 'Dr Priya Raman' };
    let requestId: string;

    beforeEach(async () => {
      const [request] = resourcesOf(
        await search<CommunicationRequest>(`CommunicationRequest?patient=${info.personas.a.patientId}&status=active`),
      );
      requestId = request.id!;
    });

    const repliesOnServer = async (t: string) =>
      resourcesOf(await search<Communication>(`Communication?part-of=CommunicationRequest/${requestId}&_count=200`)).filter((c) =>
        c.payload?.some((p) => p.contentString === t),
      );

    async function openPanel() {
      const el = await mount<JcAdvicePanel>(
        info.personas.a.patientId,
        html`<jc-advice-panel can-reply .sender=${sender}></jc-advice-panel>`,
        'jc-advice-panel',
      );
      const h = await new AdvicePanelHarness(el).settled();
      expect(h.items().length, 'the conversations').to.be.greaterThan(0);
      await expectClean(el);
      expect(h.status(requestId), 'the open A&G conversation').to.equal('Provider response required');
      await h.open(requestId);
      expect(h.state()).to.equal('thread');
      expect(h.textarea()).to.exist;
      await expectClean(el);
      return h;
    }
    const inThread = (h: AdvicePanelHarness, t: string) => h.messages().filter((m) => m.includes(t)).length;

    it('a reply (double-clicked) is created once, with its links, and shown after the reload', async function () {
      this.timeout(20_000);
      const h = await openPanel();
      const before = inThread(h, 'SGLT2');
      expect(before, 'the request’s own question is in the thread').to.be.greaterThan(0);
      const reply = 'Live server reply: start an SGLT2 inhibitor.';
      await h.type(reply);
      const spy = spyOnFetch();
      try {
        h.pressSend();
        await h.send();
        expect(inThread(h, reply), 'the reply in the thread').to.equal(1);
        expect(h.announcement()).to.equal('Message sent.');
      } finally {
        spy.restore();
      }
      const posts = spy.seen.filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/Communication'));
      expect(posts).to.have.length(1);
      expect(posts[0].ifNoneExist).to.match(/^identifier=urn%3Aietf%3Arfc%3A3986%7Curn%3Auuid%3A|^identifier=urn:ietf:rfc:3986\|urn:uuid:/);
      // the server now holds exactly one, linked to the request and the patient, from the sender
      const saved = await repliesOnServer(reply);
      expect(saved).to.have.length(1);
      const c = saved[0];
      expect(c.status).to.equal('completed');
      expect(c.partOf).to.deep.equal([{ reference: `CommunicationRequest/${requestId}` }]);
      expect(c.basedOn).to.deep.equal([{ reference: `CommunicationRequest/${requestId}` }]);
      expect(c.subject!.reference).to.equal(`Patient/${info.personas.a.patientId}`);
      expect(c.sender).to.deep.equal(sender);
      expect(c.identifier![0].value).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(c.meta?.versionId).to.be.a('string');
      // and by its client identifier, too
      const byId = resourcesOf(
        await search<Communication>(
          `Communication?identifier=${encodeURIComponent(`${c.identifier![0].system}|${c.identifier![0].value}`)}`,
        ),
      );
      expect(byId.map((x) => x.id)).to.deep.equal([c.id]);
      expect(h.draft()).to.equal('');
      await expectClean(h.el);
    });

    it('a send whose answer was lost, then retried, makes no duplicate (If-None-Exist on the real engine)', async function () {
      this.timeout(20_000);
      const h = await openPanel();
      const reply = 'Live server reply that is retried after a lost answer.';
      await h.type(reply);
      // the first POST reaches the server and is saved, but its answer never arrives
      let dropped = 0;
      const spy = spyOnFetch((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/Communication') && dropped++ === 0);
      try {
        expect((await h.send()).failed, 'the send failure').to.exist;
        expect(h.sendError()).to.contain('We could not confirm that your message was sent');
        expect(h.draft()).to.equal(reply); // the draft is kept
        expect(await repliesOnServer(reply)).to.have.length(1); // … and the server did save it
        await expect(h.el).to.be.accessible();

        expect((await h.retry()).sent, 'the reply after Retry').to.exist;
        expect(inThread(h, reply), 'the reply in the thread after Retry').to.equal(1);
        expect(h.sendError()).to.equal('');
      } finally {
        spy.restore();
      }
      const posts = spy.seen.filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/Communication'));
      expect(posts).to.have.length(2);
      expect(posts[1].ifNoneExist).to.equal(posts[0].ifNoneExist); // the same draft identifier
      expect(await repliesOnServer(reply)).to.have.length(1);
      await expectClean(h.el);

      // sending the same text again as a new draft is a new message (the identifier, not the text, dedupes)
      await h.type(reply);
      await h.send();
      expect(inThread(h, reply), 'the second, deliberate message').to.equal(2);
      expect(await repliesOnServer(reply)).to.have.length(2);
    });
  });

  describe('<jc-advice-prompt> and <jc-specialist-finder>', () => {
    const day = () => new Date(`${info.now.slice(0, 10)}T00:00:00Z`);
    const put = async (r: Resource) => {
      const res = await fetch(`${liveBaseUrl()}/${r.resourceType}/${r.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(r),
      });
      if (!res.ok) throw new Error(`PUT ${r.resourceType}/${r.id}: HTTP ${res.status} ${await res.text()}`);
    };
    const putAll = async (resources: readonly Resource[]) => {
      for (let i = 0; i < resources.length; i += 20) await Promise.all(resources.slice(i, i + 20).map(put));
    };

    /**
     * The live server holds the personas only, so load the specialist finder's case-finding population
     * (packages/specialist-finder/test/population: Millbrook Medical Centre, a 100-slot cycle of the cases the
     * example rules must get right) through the REST API: the practices, the first patient of each slot asked
     * for (default: every slot) and their records.
     */
    async function loadPopulation(slots: readonly SlotName[] = Object.keys(SLOTS)) {
      const population = buildFinderPopulation({
        now: day(),
        size: 100, // one whole cycle: every slot at least once
        excludeNhsNumbers: Object.values(info.personas).map((p) => p.nhsNumber),
      });
      const first = (slot: SlotName) => population.bySlot[slot][0];
      const ids = new Set(slots.map(first));
      const about = (r: Resource) =>
        r.resourceType === 'Patient' ? ids.has(r.id!) : patientReferencesOf(r).some((ref) => ids.has(parseReference(ref)?.id ?? ''));
      await putAll(population.resources.filter((r) => r.resourceType === 'Organization' || about(r)));
      return { population, ids, first, practice: population.practice };
    }

    const promptCards = (el: Element) => $$(el, '[part=item]').map((c) => c.dataset['rule']);
    const detailLines = (card: Element) => [...card.querySelectorAll('[part=detail] li')].map((li) => squash(li.textContent));

    it('persona a: no prompt, because the diabetes referral excludes the HbA1c rule', async () => {
      const el = await mount<HTMLElement>(
        info.personas.a.patientId,
        html`<jc-advice-prompt></jc-advice-prompt>`,
        'jc-advice-prompt',
        'primary',
      );
      await until(() => !!$(el, '[part=base]'), 'the prompt');
      await expectClean(el);
      expect(promptCards(el)).to.deep.equal([]);
      expect(squash($(el, '[part=empty]')!.textContent)).to.contain('No specialist input prompts for this patient.');
      // the example rule set: four NG203 kidney rules, the NG28 HbA1c rule (local threshold), two NG115 COPD rules
      expect(EXAMPLE_RULES).to.have.length(7);
      expect(text(el)).to.match(/Checked against 7 rules on \d{2}-[A-Z][a-z]{2}-\d{4}\./);
    });

    it('a population patient whose results match two rules: one card per rule, with the evidence', async function () {
      this.timeout(30_000);
      // the hba1c-match slot (58, type 2 diabetes, HbA1c 80 then 84 mmol/mol) given the decline-match slot's eGFR
      // series too (70, 62, 54, 48 over 380 days): each slot's definition matches one rule, so two cards, warnings both,
      // in rule order
      const { first } = await loadPopulation(['hba1c-match']);
      const patientId = first('hba1c-match');
      const decline = new CaseBuilder(`${patientId}-ckd`, day());
      SLOTS['decline-match'].build(decline);
      await putAll(decline.out.map((r) => ({ ...r, subject: { reference: `Patient/${patientId}` } }) as Resource));
      const expected = RULE_IDS.filter((r) => SLOTS['hba1c-match'].expect[r] === 'match' || SLOTS['decline-match'].expect[r] === 'match');
      expect(expected).to.deep.equal(['ckd-egfr-rapid-decline', 'diabetes-hba1c-persistent']);

      const el = await mount<HTMLElement>(patientId, html`<jc-advice-prompt></jc-advice-prompt>`, 'jc-advice-prompt', 'primary');
      await until(() => !!$(el, '[part=base]'), 'the prompt');
      await expectClean(el);
      expect(promptCards(el)).to.deep.equal(expected);
      const [egfr, hba1c] = $$(el, '[part=item]');
      expect(squash(hba1c.querySelector('[part=indicator]')!.textContent)).to.equal('Warning');
      expect(detailLines(hba1c).slice(0, 2)).to.deep.equal([
        'Local threshold: set by the organisation that adopted these rules, not a NICE referral criterion.',
        'HbA1c 84 mmol/mol on 23-Oct-2026, 80 mmol/mol on 25-Jun-2026 in the last 12 months',
      ]);
      expect(hba1c.querySelector<HTMLAnchorElement>('[part=source] a')!.href).to.equal('https://www.nice.org.uk/guidance/ng28');
      expect(squash(egfr.querySelector('[part=indicator]')!.textContent)).to.equal('Warning');
      expect(detailLines(egfr)[0]).to.equal(
        'eGFR: 4 CKD-EPI results over 380 days, from 70 mL/min/1.73m2 on 18-Oct-2025 to 48 mL/min/1.73m2 on 02-Nov-2026: −21.2 mL/min/1.73m2 a year (least-squares trend)',
      );
      expect(egfr.querySelector<HTMLAnchorElement>('[part=source] a')!.href).to.equal('https://www.nice.org.uk/guidance/ng203');
    });

    // `ods-code` finds nothing here: the practice-wide searches use the chained parameter
    // `patient.general-practitioner`, standard R4 that this server does not support (400), see
    // docs/fhir-server.md; the last test checks that this ends in a visible error. A Group of the
    // loaded patients exercises the same rules over `patient=a,b,c`.
    it('<jc-specialist-finder group-id>: finds exactly the loaded population patients who match', async function () {
      this.timeout(90_000);
      const { population, ids } = await loadPopulation();
      // one patient of each slot: a rule's rows are the slots whose definition (SLOTS[slot].expect) says it matches
      const EXPECTED_ROWS: Record<RuleId, number> = {
        'ckd-kfre-5-year-risk': 3, // kfre-match-a, -b, -c
        'ckd-acr-70': 2, // acr-match, acr-mg-g (800 mg/g is 90 mg/mmol)
        'ckd-egfr-fall-25-percent': 1, // fall-match
        'ckd-egfr-rapid-decline': 2, // decline-match, decline-old-referral (its kidney referral is 600 days old)
        'diabetes-hba1c-persistent': 2, // hba1c-match, hba1c-percent
        'copd-under-40': 2, // copd-young, copd-young-descendant
        'copd-cor-pulmonale': 1, // copd-cor
      };
      const slotsWhere = (rule: RuleId, status: string) => Object.keys(SLOTS).filter((slot) => SLOTS[slot].expect[rule] === status);
      expect(Object.fromEntries(RULE_IDS.map((rule) => [rule, slotsWhere(rule, 'match').length]))).to.deep.equal(EXPECTED_ROWS);
      // and the patients no rule could be checked for: kfre-no-acr, kfre-no-sex, decline-unusable, hba1c-no-unit, hba1c-no-birth-date
      const notChecked = Object.keys(SLOTS).filter((slot) => Object.values(SLOTS[slot].expect).includes('not-checked'));
      expect(notChecked).to.have.length(5);

      const group = {
        ...population.group,
        id: 'live-test-group',
        member: population.group.member!.filter((m) => ids.has(parseReference(m.entity.reference)?.id ?? '')),
      };
      group.quantity = group.member.length;
      const res = await fetch(`${liveBaseUrl()}/Group/${group.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(group),
      });
      expect(res.ok, await res.clone().text()).to.equal(true);
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${liveBaseUrl()} .clock=${liveClock(info)}
          ><jc-specialist-finder group-id=${group.id} page-size="100"></jc-specialist-finder
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-specialist-finder')!;
      await until(
        () => !$(el, '[part=progress]') && !!$(el, '[part=table], [part=empty], [part=error], [part=partial]'),
        'the check',
        60_000,
      );
      await expectClean(el);
      const rows = $$(el, '[part=table] [part=item]').map((r) => `${r.dataset['patient']} ${r.dataset['rule']}`);
      const expected = RULE_IDS.flatMap((rule) => population.expected[rule].match.filter((id) => ids.has(id)).map((id) => `${id} ${rule}`));
      expect(expected).to.have.length(Object.values(EXPECTED_ROWS).reduce((a, b) => a + b, 0));
      expect([...rows].sort()).to.deep.equal([...expected].sort());
      expect(squash($(el, '[part=not-checked]')?.textContent)).to.contain(
        `${notChecked.length} patients could not be checked against one or more rules`,
      );
      expect(text(el)).to.contain(`${expected.length} findings for ${expected.length} patients out of ${group.quantity} checked`);
      // every patient was read: none failed because the server did not answer
      expect(text(el)).not.to.contain('because the server did not answer');
    });

    // A server without chained search (this one answers `patient.general-practitioner` with 400):
    // the practice-wide check must end in a visible, specific error, never hang or say "no matches".
    it('<jc-specialist-finder ods-code> on a server without chained search: a visible error, not a hang', async function () {
      this.timeout(60_000);
      const { practice } = await loadPopulation(['hba1c-match', 'decline-match', 'copd-young']);
      const ods = practice.identifier!.find((i) => /ods-organization-code/.test(i.system ?? ''))!.value!;
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${liveBaseUrl()} .clock=${liveClock(info)}
          ><jc-specialist-finder ods-code=${ods}></jc-specialist-finder
        ></jc-context>`,
      );
      const el = ctx.querySelector('jc-specialist-finder')!;
      await until(
        () => !$(el, '[part=progress]') && !!$(el, '[part=table], [part=empty], [part=error], [part=partial]'),
        'the check',
        30_000,
      );
      expect($(el, '[part~=error]'), text(el)).not.to.equal(null);
      expect($(el, '[part=table]')).to.equal(null);
      expect(text(el)).not.to.contain('No patients match');
      expect(text(el)).not.to.match(BAD);
      await expect(el).to.be.accessible();
    });
  });
});
