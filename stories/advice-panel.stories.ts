import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { DocumentReference, Reference, Resource } from 'fhir/r4.js';
import { FetchFhirClient } from '@joinedcare/core';
import '@joinedcare/advice-panel/define.js';
import type { AdviceService, JcAdvicePanel } from '@joinedcare/advice-panel';
import {
  adviceAllScenarios,
  adviceAttachmentScenario,
  adviceConversation,
  adviceLongThreadScenario,
  adviceStatusScenarios,
  operationOutcome,
  type AdviceStatusCode,
} from '@joinedcare/fixtures';
import { FHIR_BASE_URL, fhirParameters, fixtures, personas, type FhirStoryParameters } from './support/fhir.js';
import { noControls } from './support/controls.js';
// every story's A&G fields where e-RS publishes them (the fixtures carry them so since 5c01f64; this keeps the stories so for any older field)
import { asPublished } from '../packages/advice-panel/test/ers-data.js';

/** Persona (d) has no record of its own, so a story's conversations are the only ones shown. */
const patientId = personas.d.patientId;
const now = fixtures.now;
const scenario = { now, patientId };
/** The id of a scenario's request (`provider-response-required`, `long`, `attachments`, …). */
const requestId = (key: string) => `ag-${patientId}-${key}-req`;
/** Resources for the fixture server, in e-RS's published fields. */
const served = (resources: Resource[], height: number, faults?: FhirStoryParameters['faults']) =>
  fhirParameters({ resources: asPublished(resources), ...(faults ? { faults } : {}) }, height);
const everything = served(adviceAllScenarios(scenario), 640);
const eachStatus = (faults?: FhirStoryParameters['faults']) => served(adviceStatusScenarios(scenario), 560, faults);
const GP: Reference = { reference: 'Practitioner/prac-gp-okafor', display: 'Dr Amara Okafor' };
const SPECIALIST: Reference = { reference: 'Practitioner/prac-cons-raman', display: 'Dr Priya Raman' };
const SERVICES: AdviceService[] = [
  {
    id: 'diabetes',
    label: 'Diabetes and Endocrinology Advice Service',
    specialty: { coding: [{ system: 'http://snomed.info/sct', code: '408475000', display: 'Diabetic medicine' }] },
    reference: { reference: 'HealthcareService/hs-diabetes-advice', display: 'Diabetes and Endocrinology Advice Service' },
  },
  {
    id: 'respiratory',
    label: 'Respiratory Advice and Guidance',
    specialty: { coding: [{ system: 'http://snomed.info/sct', code: '418112009', display: 'Pulmonary medicine' }] },
    reference: { reference: 'HealthcareService/hs-respiratory-advice', display: 'Respiratory Advice and Guidance' },
  },
];

interface AdviceArgs {
  /** `setting` of `<jc-context>`: primary = the GP (requester), secondary = the specialist (responder). */
  setting: 'primary' | 'secondary';
  'can-reply': boolean;
  'persist-drafts': boolean;
  'response-target-days': number;
  'convert-mode': 'event' | 'transaction';
  'message-page-size': number;
  'heading-level': number;
  'open-attachments': boolean;
  onJcAdviceSent?: (e: Event) => void;
  onJcAdviceSendFailed?: (e: Event) => void;
  onJcAttachmentOpenRequest?: (e: Event) => void;
  onJcAdviceConvertRequest?: (e: Event) => void;
}

type Story = StoryObj<AdviceArgs>;

const panel = (args: AdviceArgs, client?: FetchFhirClient) =>
  html`<jc-context fhir-base-url=${FHIR_BASE_URL} .client=${client} patient-id=${patientId} setting=${args.setting}
    ><jc-advice-panel
      ?can-reply=${args['can-reply']}
      ?persist-drafts=${args['persist-drafts']}
      ?open-attachments=${args['open-attachments']}
      response-target-days=${args['response-target-days']}
      convert-mode=${args['convert-mode']}
      message-page-size=${args['message-page-size']}
      heading-level=${args['heading-level']}
      .sender=${args.setting === 'secondary' ? SPECIALIST : GP}
      .services=${SERVICES}
      .attachments=${[{ documentReferenceId: `ag-${patientId}-attachments-doc-1`, title: 'Blood results (HbA1c, eGFR, lipids)' }]}
      @jc-advice-sent=${args.onJcAdviceSent ?? nothing}
      @jc-advice-send-failed=${args.onJcAdviceSendFailed ?? nothing}
      @jc-attachment-open-request=${args.onJcAttachmentOpenRequest ?? nothing}
      @jc-advice-convert-request=${args.onJcAdviceConvertRequest ?? nothing}
    ></jc-advice-panel
  ></jc-context>`;

const meta = {
  title: 'Widgets/Advice panel',
  component: 'jc-advice-panel',
  tags: ['autodocs'],
  args: {
    setting: 'primary',
    'can-reply': true,
    'persist-drafts': false,
    'response-target-days': 2,
    'convert-mode': 'event',
    'message-page-size': 50,
    'heading-level': 2,
    'open-attachments': false,
  },
  argTypes: {
    setting: {
      description: '`setting` of the surrounding `<jc-context>`: who is looking.',
      options: ['primary', 'secondary'],
      control: { type: 'inline-radio' },
      table: { category: 'story' },
    },
    'convert-mode': { options: ['event', 'transaction'], control: { type: 'inline-radio' } },
    ...noControls(
      'sender',
      'services',
      'attachments',
      'client',
      'canReply',
      'persistDrafts',
      'responseTargetDays',
      'convertMode',
      'messagePageSize',
      'headingLevel',
      'openAttachments',
      'resources',
      'bundle',
    ),
  },
  render: (args) => panel(args),
  // no server data here: each story says what it serves (parameters are deep-merged, so data set here would show in every story)
  parameters: {
    docs: {
      description: {
        component: `Advice & Guidance conversations of persona (d) on the synthetic FHIR server (generated by
\`adviceAllScenarios\` in \`@joinedcare/fixtures\`). Switch \`setting\` to see the specialist's side. Writing needs
\`can-reply\` and a \`sender\`; sends are idempotent (see the send stories).`,
      },
      story: { inline: false, iframeHeight: 560 },
    },
  },
} satisfies Meta<AdviceArgs>;

export default meta;

// A user's steps for the play functions, each waiting until the panel has drawn what it causes.

/** The story's panel, once it has drawn its data. */
async function panelIn(canvas: HTMLElement): Promise<JcAdvicePanel> {
  await customElements.whenDefined('jc-advice-panel');
  const el = canvas.querySelector<JcAdvicePanel>('jc-advice-panel')!;
  await el.updateComplete;
  return el;
}

async function press(el: JcAdvicePanel, target: HTMLElement | null | undefined, what: string): Promise<void> {
  if (!target) throw new Error(`nothing to press: ${what}`);
  target.click();
  await el.updateComplete;
}

const buttonNamed = (el: JcAdvicePanel, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    (b.getAttribute('aria-label') ?? b.textContent).includes(name),
  );

/** Opens a conversation of the list. */
const openConversation = (el: JcAdvicePanel, id: string) =>
  press(el, el.shadowRoot!.querySelector<HTMLElement>(`[part~=item][data-id="${id}"] button`), `conversation ${id}`);

/** Opens the conversation that waits for the specialist and writes a reply (not sent yet). */
async function writeReply(canvas: HTMLElement): Promise<JcAdvicePanel> {
  const el = await panelIn(canvas);
  await openConversation(el, requestId('provider-response-required'));
  const box = el.shadowRoot!.querySelector('textarea')!;
  box.value = 'Thank you. Her HbA1c last week was 71 mmol/mol; eGFR 58. Results attached.';
  box.dispatchEvent(new Event('input'));
  await el.updateComplete;
  return el;
}

const sendButton = (el: JcAdvicePanel) => el.shadowRoot!.querySelector<HTMLElement>('[part=send-button]');

/** Every status, an overdue request, attachments and a 200-message thread, seen by the GP. */
export const GpPerspective: Story = { name: 'GP (requester) perspective', parameters: everything };

/** The same conversations seen by the specialist: "Your response is needed", and Convert to referral where authorised. */
export const SpecialistPerspective: Story = {
  name: 'Specialist (responder) perspective',
  args: { setting: 'secondary' },
  parameters: everything,
};

/** One conversation per e-RS A&G status. */
export const AllStatuses: Story = { name: 'Each status', parameters: eachStatus() };

const oneStatus = (status: AdviceStatusCode): Story => ({
  name: `Status: ${status}`,
  parameters: served(adviceConversation({ ...scenario, status, messages: 3 }), 300),
});
export const ProviderResponseRequired = oneStatus('PROVIDER_RESPONSE_REQUIRED');
export const ReferrerToSubmitFurtherInformation = oneStatus('REFERRER_TO_SUBMIT_FURTHER_INFORMATION');
export const ReferrerToReviewResponse = oneStatus('REFERRER_TO_REVIEW_RESPONSE');
export const ConversationEndedCancelled = oneStatus('CONVERSATION_ENDED_CANCELLED');
export const ConversationEndedClosed = oneStatus('CONVERSATION_ENDED_CLOSED');
export const AdviceConverted = oneStatus('ADVICE_CONVERTED');

/** A 200-message thread, opened: the latest 50, and "Show 50 earlier messages". */
export const LongThread: Story = {
  name: 'Long thread (200 messages)',
  parameters: served(adviceLongThreadScenario(scenario), 900),
  play: async ({ canvasElement }) => {
    await openConversation(await panelIn(canvasElement), requestId('long'));
  },
};

/** A synthetic results letter, as the host's document store would hold it (text, so the story can show it). */
const LETTER = `Riverside Pathology: results for the synthetic patient of this story
HbA1c 71 mmol/mol (high)
eGFR 58 mL/min/1.73m2
Total cholesterol 5.9 mmol/L`;

/** The attachment scenario, with its available document's file on the server. */
function attachmentResources(): Resource[] {
  const docId = `ag-${patientId}-attachments-doc-1`;
  return [
    ...adviceAttachmentScenario(scenario).map((r) =>
      r.resourceType === 'DocumentReference' && r.id === docId
        ? ({
            ...r,
            content: (r as DocumentReference).content.map((c) => ({ ...c, attachment: { ...c.attachment, contentType: 'text/plain' } })),
          } as DocumentReference)
        : r,
    ),
    { resourceType: 'Binary', id: `${docId}-bin`, contentType: 'text/plain', data: btoa(LETTER) } as Resource,
  ];
}

/** The host's side of "Open": it reads the DocumentReference and its file, and shows the document beside the panel. */
async function showDocument(e: Event): Promise<void> {
  const { documentReferenceId } = (e as CustomEvent<{ documentReferenceId: string }>).detail;
  const viewer = (e.target as HTMLElement).closest('.story')!.querySelector<HTMLElement>('.viewer')!;
  const doc = (await (
    await fetch(`${FHIR_BASE_URL}/DocumentReference/${encodeURIComponent(documentReferenceId)}`)
  ).json()) as DocumentReference;
  const attachment = doc.content[0]?.attachment;
  const file = attachment?.url ? ((await (await fetch(`${FHIR_BASE_URL}/${attachment.url}`)).json()) as { data?: string }) : undefined;
  viewer.querySelector('h3')!.textContent = attachment?.title ?? 'Document';
  viewer.querySelector('pre')!.textContent = file?.data ? atob(file.data) : 'The file could not be read.';
  viewer.hidden = false;
  viewer.dispatchEvent(new Event('story-document-shown'));
}

/**
 * An available attachment and one still being scanned. The host opts in with `open-attachments` and
 * listens for `jc-attachment-open-request`: "Open" shows the document (here, beside the panel).
 */
export const Attachments: Story = {
  name: 'Attachment states',
  args: { 'open-attachments': true },
  parameters: fhirParameters({ resources: asPublished(attachmentResources()) }, 700),
  render: (args) =>
    html`<div class="story">
      ${panel({ ...args, onJcAttachmentOpenRequest: (e) => void showDocument(e) })}
      <section class="viewer" aria-labelledby="viewer-title" hidden style="border: 1px solid #aeb7bd; padding: 8px; margin-top: 16px">
        <h3 id="viewer-title"></h3>
        <pre style="white-space: pre-wrap; overflow-wrap: anywhere; margin: 0"></pre>
      </section>
    </div>`,
  play: async ({ canvasElement }) => {
    const el = await panelIn(canvasElement);
    await openConversation(el, requestId('attachments'));
    const viewer = canvasElement.querySelector('.viewer')!;
    const shown = new Promise((resolve) => viewer.addEventListener('story-document-shown', resolve, { once: true }));
    await press(el, buttonNamed(el, 'Open Blood results'), 'Open Blood results');
    await shown;
  },
};

/** A reply written and sent (Send, or Ctrl+Enter): "Message sent", and the reply in the thread. */
export const SendSucceeds: Story = {
  name: 'Send: succeeds',
  parameters: eachStatus(),
  play: async ({ canvasElement }) => {
    const el = await writeReply(canvasElement);
    await press(el, sendButton(el), 'Send');
  },
};

/** The send fails with 500 (twice): the draft stays, with what failed and Retry (the third try works). */
export const SendFails: Story = {
  name: 'Send: fails (500), then Retry',
  parameters: eachStatus([
    {
      match: 'POST /fhir/Communication',
      status: 500,
      body: operationOutcome('Synthetic fault: the message store is down.', 'transient'),
      times: 2,
    },
  ]),
  play: async ({ canvasElement }) => {
    const el = await writeReply(canvasElement);
    await press(el, sendButton(el), 'Send');
  },
};

/** The send is slow (4 s): the draft stays visible, read only, and the button says "Sending…" and cannot be pressed twice. */
export const SendSlow: Story = {
  name: 'Send: slow',
  parameters: eachStatus([{ match: 'POST /fhir/', latencyMs: 4000 }]),
  play: async ({ canvasElement }) => {
    const el = await writeReply(canvasElement);
    // pressed, not awaited: the story shows the send in flight
    sendButton(el)!.click();
  },
};

/** The server saves the message but its answer is lost (504 after commit): Retry finds the saved one and does not send it twice. */
export const SendTimeoutAfterCommit: Story = {
  name: 'Send: lost answer after the server saved it',
  parameters: eachStatus([{ match: 'POST /fhir/Communication', status: 504, afterCommit: true, times: 1 }]),
  play: async ({ canvasElement }) => {
    const el = await writeReply(canvasElement);
    await press(el, sendButton(el), 'Send');
    await press(el, el.shadowRoot!.querySelector<HTMLElement>('[part=send-error] [part=retry-button]'), 'Retry sending');
  },
};

/**
 * The specialist converts an authorised request with `convert-mode="transaction"`: the referral is made
 * under the same UBRN and read back before the panel says "Converted to a referral".
 */
export const ConvertByTransaction: Story = {
  name: 'Convert: by transaction',
  args: { setting: 'secondary', 'convert-mode': 'transaction' },
  parameters: eachStatus(),
  play: async ({ canvasElement }) => {
    const el = await panelIn(canvasElement);
    await openConversation(el, requestId('provider-response-required'));
    await press(el, el.shadowRoot!.querySelector<HTMLElement>('[part=convert-button]'), 'Convert to referral');
  },
};

/** Read only: no `can-reply`. */
export const ReadOnly: Story = { name: 'Read only', args: { 'can-reply': false }, parameters: everything };

/** No conversations: said in words, not a blank. */
export const Empty: Story = { parameters: served([], 200) };

/** The server fails: `role="alert"`, what failed, and Retry. */
export const ServerError: Story = {
  name: 'Error (500)',
  parameters: fhirParameters(
    {
      faults: [
        {
          match: '/CommunicationRequest',
          status: 500,
          body: operationOutcome('The advice service is unavailable (synthetic fault).', 'exception'),
        },
      ],
    },
    220,
  ),
};

/** While loading: the server takes 10 minutes. */
export const Loading: Story = {
  parameters: fhirParameters({ latency: 600_000 }, 200),
  render: (args) => panel(args, new FetchFhirClient({ baseUrl: FHIR_BASE_URL, timeoutMs: 2_000_000_000 })),
};
