/// <reference types="vite/client" />
// <jc-advice-panel> fed by the e-Referral Service's own responses, as its FHIR API publishes them:
// the sandbox examples in test/data/ers (STU3 A024 request, A025 conversations, A026 response; R4
// A041 search), handed in as a host that calls e-RS would hand them. Each A&G status is the
// published request with its `category` set to that status (variants made in code; the files stay
// as published).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { Bundle, CommunicationRequest } from 'fhir/r4.js';
import '@joinedcare/advice-panel/define.js';
import { ERS } from '../packages/advice-panel/test/ers-data.js';
import { noControls } from './support/controls.js';

const files = import.meta.glob<unknown>('../test/data/ers/*/*.json', { import: 'default', eager: true });

/** A published e-RS sandbox response (`stu3/retrieveAdviceAndGuidanceRequest-MinimalExample`), a copy. */
function ers<T = Bundle>(name: string): T {
  const data = files[`../test/data/ers/${name}.json`];
  if (data === undefined) throw new Error(`${name} is not in test/data/ers`);
  return structuredClone(data) as T;
}

/** The NHS number the sandbox examples are about. */
const NHS_NUMBER = '9912003888';
/** Soon after the sandbox conversations' messages (June 2022). */
const CLOCK = { now: () => new Date('2022-06-14T09:00:00Z') };

/** A024's request as one an A025 conversation is based on (by default CommunicationRequest/000000070002, version 6). */
function request(status = 'PROVIDER_RESPONSE_REQUIRED', id = '000000070002', versionId = '6'): CommunicationRequest {
  const r = ers<CommunicationRequest>('stu3/retrieveAdviceAndGuidanceRequest-MinimalExample');
  return { ...r, id, meta: { ...r.meta, versionId }, category: [{ coding: [{ system: ERS.status, code: status }] }] };
}

interface ErsArgs {
  setting: 'primary' | 'secondary';
}

const inContext = (resources: unknown[], args: ErsArgs) =>
  html`<jc-context nhs-number=${NHS_NUMBER} setting=${args.setting} .clock=${CLOCK}
    ><jc-advice-panel .resources=${resources}></jc-advice-panel
  ></jc-context>`;

const meta = {
  title: 'Widgets/Advice panel/e-RS as published',
  component: 'jc-advice-panel',
  args: { setting: 'secondary' },
  argTypes: {
    setting: { options: ['primary', 'secondary'], control: { type: 'inline-radio' }, table: { category: 'story' } },
    ...noControls('sender', 'services', 'attachments', 'client', 'resources', 'bundle'),
  },
  parameters: {
    docs: {
      description: {
        component: `The e-RS FHIR API's sandbox responses (A024, A025, A026, A041), handed in through \`resources\`
(read only: replies go through e-RS). The patient in context is the examples' NHS number.`,
      },
    },
  },
} satisfies Meta<ErsArgs>;

export default meta;
type Story = StoryObj<ErsArgs>;

const STATUSES = [
  'PROVIDER_RESPONSE_REQUIRED',
  'REFERRER_TO_SUBMIT_FURTHER_INFORMATION',
  'REFERRER_TO_REVIEW_RESPONSE',
  'CONVERSATION_ENDED_CANCELLED',
  'CONVERSATION_ENDED_CLOSED',
  'ADVICE_CONVERTED',
];

/** A024's request in each of the six e-RS A&G statuses (its `category`), one card each. */
export const EachStatus: Story = {
  name: 'Each A&G status (A024)',
  render: (args) =>
    inContext(
      STATUSES.map((s, i) => request(s, `00000007000${i}`)),
      args,
    ),
};

/** A025 MultiWayConversation with its request: senders from `Communication.category`, text from `note`. */
export const MultiWay: Story = {
  name: 'Conversation (A024 + A025)',
  render: (args) => inContext([request(), ers('stu3/retrieveAdviceAndGuidanceConversation-MultiWayConversation')], args),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('jc-advice-panel')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=item] button')!.click();
    await el.updateComplete;
  },
};

/** A026's answer (Parameters): the request as e-RS updated it (Referrer to review response) and the specialist's reply. */
export const Responded: Story = {
  name: 'Response sent (A026)',
  render: (args) =>
    html`<jc-context nhs-number="9462979626" setting=${args.setting} .clock=${CLOCK}
      ><jc-advice-panel .resources=${[ers('stu3/sendAdviceAndGuidanceResponse-ReturnToReferrerWithAdvice')]}></jc-advice-panel
    ></jc-context>`,
};

/**
 * A025 UnavailableAttachments: e-RS's availability of each attachment, said in words. Its two messages
 * are based on two requests (000000070003 version 2, 000000070001 version 6): both are handed in.
 */
export const UnavailableAttachments: Story = {
  name: 'Unavailable attachments (A025)',
  render: (args) =>
    inContext(
      [
        request('REFERRER_TO_REVIEW_RESPONSE', '000000070003', '2'),
        request('PROVIDER_RESPONSE_REQUIRED', '000000070001', '6'),
        ers('stu3/retrieveAdviceAndGuidanceConversation-UnavailableAttachments'),
      ],
      args,
    ),
  play: MultiWay.play!,
};

/** A041 (R4): the A&G ServiceRequest as a summary; the referral under the same UBRN counted, not shown. */
export const R4Search: Story = {
  name: 'R4 search (A041)',
  render: (args) => inContext([ers('r4/searchServiceRequest-ResponseExampleReferralAndAdvice')], args),
};
