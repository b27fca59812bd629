// The lifecycle <jc-advice-panel> tells its host (issue 20, item 3): jc-load counts the conversations
// shown (from the server and handed in), says when some parts could not be loaded, and jc-empty fires
// when there are none.
import { expect, html } from '@open-wc/testing';
import { adviceConversation } from '@joinedcare/fixtures';
import { AdvicePanelHarness } from './harness.js';
import { asPublished } from './ers-data.js';
import { clock, mountPanel, now, set, useAdviceServer } from './panel-fixture.js';

const { a, d } = set.personas;

type LoadDetail = { count?: number; partial: boolean };

/** Every jc-load and jc-empty that reaches the document during a test. */
function listen() {
  const heard = { loads: [] as LoadDetail[], empties: 0, stop: () => {} };
  const onLoad = (e: Event) => heard.loads.push((e as CustomEvent<LoadDetail>).detail);
  const onEmpty = () => (heard.empties += 1);
  document.addEventListener('jc-load', onLoad);
  document.addEventListener('jc-empty', onEmpty);
  heard.stop = () => {
    document.removeEventListener('jc-load', onLoad);
    document.removeEventListener('jc-empty', onEmpty);
  };
  return heard;
}

describe('<jc-advice-panel> lifecycle', function () {
  this.timeout(20000);
  const fixture = useAdviceServer();
  let heard: ReturnType<typeof listen>;
  beforeEach(() => (heard = listen()));
  afterEach(() => heard.stop());

  it('jc-load counts the conversations shown, once they are drawn', async () => {
    const h = await mountPanel();
    const shown = h.items().length;
    expect(shown).to.be.greaterThan(1);
    expect(h.el.state).to.equal('ready');
    expect(heard.loads.at(-1)).to.deep.equal({ count: shown, partial: false });
  });

  it('no conversations: jc-load with count 0, jc-empty, and the empty state', async () => {
    const h = await mountPanel({ patientId: d.patientId });
    expect(h.state()).to.equal('empty');
    expect(h.el.state).to.equal('empty');
    expect(heard.loads.at(-1)).to.deep.equal({ count: 0, partial: false });
    expect(heard.empties).to.equal(1);
  });

  it('attachments or senders not loaded: jc-load says partial, with the count', async () => {
    fixture.server.addFault({ match: '/DocumentReference', status: 500 });
    const h = await mountPanel();
    expect(h.text('[part=partial]')).to.contain('attachment details');
    expect(heard.loads.at(-1)).to.deep.equal({ count: h.items().length, partial: true });
  });

  it('handed-in conversations are counted, with no server', async () => {
    const resources = asPublished([
      ...adviceConversation({ now, patientId: a.patientId, key: 'one', status: 'PROVIDER_RESPONSE_REQUIRED', messages: 2 }),
      ...adviceConversation({ now, patientId: a.patientId, key: 'two', status: 'REFERRER_TO_REVIEW_RESPONSE', messages: 3 }),
    ]);
    const h = await AdvicePanelHarness.mount(
      html`<jc-context patient-id=${a.patientId} nhs-number=${a.nhsNumber} .clock=${clock}
        ><jc-advice-panel .resources=${resources}></jc-advice-panel
      ></jc-context>`,
    );
    expect(h.items()).to.have.length(2);
    expect(h.el.state).to.equal('ready');
    expect(heard.loads.at(-1)).to.deep.equal({ count: 2, partial: false });
  });
});
