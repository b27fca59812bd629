// The advice panel's Storybook stories, rendered and played here as Storybook does (issue 18): each
// shows what its name says, axe-clean, with no sideways scrolling at 360 px. The stories' own fixture
// server (stories/support/fhir.ts) answers, prepared for each story as .storybook/preview.ts does.
import { expect, fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { HeldRequests } from '@joinedcare/fixtures';
import { startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { prepareServer, server, type FhirStoryParameters } from '../../../stories/support/fhir.js';
import meta, * as stories from '../../../stories/advice-panel.stories.js';
import { clearAllDrafts, type JcAdvicePanel } from '../src/index.js';
import { ADVICE_STATUS_TABLE } from '../src/status.js';
import { apMsg } from '../src/messages.js';
import { AdvicePanelHarness } from './harness.js';

type AnyStory = {
  name?: string;
  args?: Record<string, unknown>;
  parameters?: { fhir?: FhirStoryParameters };
  render?: (args: never) => unknown;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
};

/** Renders a story at `width` px as Storybook would (meta's args and render, the story's on top), then plays it. */
async function play(
  exported: unknown,
  { width = 800, settle = true, prepare = () => {} } = {},
): Promise<AdvicePanelHarness & { canvas: HTMLElement }> {
  const story = exported as AnyStory;
  clearAllDrafts();
  prepareServer(story.parameters?.fhir);
  prepare();
  const args = { ...meta.args, ...story.args };
  const render = (story.render ?? meta.render) as (a: typeof args) => TemplateResult;
  const canvas = await fixture<HTMLElement>(render(args), {
    parentNode: Object.assign(document.createElement('div'), { style: `width: ${width}px` }),
  });
  const host = canvas.parentElement!;
  document.body.appendChild(host);
  const el = host.querySelector<JcAdvicePanel>('jc-advice-panel')!;
  await el.updateComplete;
  await story.play?.({ canvasElement: host });
  if (settle) await el.updateComplete;
  return Object.assign(new AdvicePanelHarness(el), { canvas: host });
}

/** Nothing in the panel is wider than the panel (no sideways scrolling). */
function noSidewaysScroll(h: AdvicePanelHarness): void {
  const panel = h.$('[part=base]')!;
  expect(panel.scrollWidth, 'panel scroll width').to.be.at.most(panel.clientWidth + 1);
  for (const e of h.$$('*')) {
    const r = e.getBoundingClientRect();
    if (r.width) expect(r.right, `${e.localName}.${e.className} inside the panel`).to.be.at.most(panel.getBoundingClientRect().right + 1);
  }
}

describe('advice panel stories', function () {
  this.timeout(30000);
  before(() => startFixtureWorker(server, { onUnhandledFrame: 'bypass' }));
  afterEach(() => clearAllDrafts());

  it('"Empty" shows no conversations, in words (not the other stories’ data)', async () => {
    const h = await play(stories.Empty);
    expect(h.items()).to.have.length(0);
    expect(h.state()).to.equal('empty');
    expect(h.el.state).to.equal('empty');
  });

  it('"Each status" and the one-status stories show the e-RS status they are named after', async () => {
    const all = await play(stories.AllStatuses);
    // one per status, each as its label says (the labels are the catalogue's, e-RS's names in sentence case)
    const labels = Object.values(ADVICE_STATUS_TABLE)
      .slice(0, 6)
      .map((row) => apMsg(row.label));
    expect(all.items().map((li) => all.status(li.dataset['id']))).to.have.members(labels);
    expect(labels[0]).to.equal('Provider response required');
    const one = await play(stories.ReferrerToReviewResponse);
    expect(one.items()).to.have.length(1);
    expect(one.status(one.itemIds()[0])).to.equal('Referrer to review response');
  });

  it('"Long thread" opens the 200-message thread: the latest 50 and "Show earlier"', async () => {
    const h = await play(stories.LongThread);
    expect(h.state()).to.equal('thread');
    expect(h.messages()).to.have.length(50);
    expect(h.text()).to.contain('Show 50 earlier messages');
  });

  it('"Attachment states": Open shows the letter; the one being scanned cannot be opened', async () => {
    const h = await play(stories.Attachments);
    const viewer = h.canvas.querySelector<HTMLElement>('.viewer')!;
    expect(viewer.hidden).to.equal(false);
    expect(viewer.textContent).to.contain('Blood results (HbA1c, eGFR, lipids)');
    expect(viewer.textContent).to.contain('HbA1c 71 mmol/mol');
    expect(h.attachments()[1].textContent).to.contain('Not yet available');
  });

  it('the send stories show what they are named after', async () => {
    const sent = await play(stories.SendSucceeds);
    expect(sent.announcement()).to.equal('Message sent.');
    expect(sent.messages().at(-1)).to.contain('HbA1c last week was 71 mmol/mol');
    const failed = await play(stories.SendFails);
    expect(failed.sendError()).to.contain('We could not confirm that your message was sent');
    expect(failed.sendError()).to.contain('Retry sending');
    expect(failed.draft()).to.contain('HbA1c last week');
    // the send is held at the server (no waiting on its 4 s): the story's state while it is in flight
    let held: HeldRequests | undefined;
    const slow = await play(stories.SendSlow, { settle: false, prepare: () => (held = server.hold('POST /fhir/Communication')) });
    await held!.arrived;
    expect(slow.sendButton()?.textContent).to.contain('Sending…');
    expect(slow.sendButton()?.disabled).to.equal(true);
    expect(slow.textarea()?.readOnly).to.equal(true);
    held!.release();
    await slow.settled();
    const lost = await play(stories.SendTimeoutAfterCommit);
    expect(lost.announcement()).to.equal('Message sent.');
    expect(lost.messages().filter((m) => m.includes('HbA1c last week'))).to.have.length(1);
  });

  it('"Convert: by transaction" converts and says so only once the referral is read back', async () => {
    const h = await play(stories.ConvertByTransaction);
    expect(h.announcement()).to.match(/^Converted to a referral \(UBRN \d{4} \d{4} \d{4}\)\.$/);
  });

  it('cards are compact: at 1280 px each conversation of the GP’s list is at most 120 px tall (160 with an overdue notice)', async () => {
    const h = await play(stories.GpPerspective, { width: 1280 });
    expect(h.items().length).to.be.greaterThan(5);
    for (const li of h.items()) {
      const limit = li.querySelector('[part=overdue]') ? 160 : 120;
      expect(li.getBoundingClientRect().height, li.dataset['id']).to.be.at.most(limit);
    }
  });

  const everyStory = Object.entries(stories).filter(([k]) => k !== 'default' && k !== 'Loading') as unknown as [string, AnyStory][];
  for (const [key, story] of everyStory) {
    it(`"${story.name ?? key}" is axe-clean, with no sideways scroll at 360 px`, async () => {
      const h = await play(story, { width: 360 });
      noSidewaysScroll(h);
      await expect(h.el).to.be.accessible();
    });
  }
});
