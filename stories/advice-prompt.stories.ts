import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@joinedcare/specialist-finder/define.js';
import { EXAMPLE_RULE_SET, type JcAdvicePrompt } from '@joinedcare/specialist-finder';
import { FHIR_BASE_URL, fhirParameters, fixtures } from './support/fhir.js';
import { noControls } from './support/controls.js';
import { buildFinderPopulation } from '../packages/specialist-finder/test/population/index.js';
import { threeSeverityRuleSet } from '../packages/specialist-finder/test/support-data.js';

/** The finder's case-finding population (one cycle of its 100 cases, dated relative to today). */
const population = buildFinderPopulation({
  now: fixtures.now,
  size: 100,
  excludeNhsNumbers: Object.values(fixtures.personas).map((p) => p.nhsNumber),
});
const resources = population.resources;
/** The first patient of a case of the population (see packages/specialist-finder/test/population). */
const patientOf = (slot: string) => population.bySlot[slot][0];

interface PromptArgs {
  patientId: string;
  width: string;
  onJcAdviceRequest?: (e: Event) => void;
  onJcReferralRequest?: (e: Event) => void;
}
type Story = StoryObj<PromptArgs>;

const meta = {
  title: 'Widgets/Advice prompt',
  component: 'jc-advice-prompt',
  tags: ['autodocs'],
  args: { patientId: patientOf('kfre-match-a'), width: '100%' },
  argTypes: {
    patientId: { description: 'Patient in context (from the case-finding population).', control: 'text', table: { category: 'story' } },
    width: { description: 'Width of the column the prompt sits in.', control: 'text', table: { category: 'story' } },
    ...noControls(
      'rules',
      'rules-src',
      'rulesSrc',
      'client',
      'heading-level',
      'headingLevel',
      'cds-service',
      'cdsService',
      'cds-user-id',
      'cdsUserId',
    ),
  },
  render: (args) =>
    html`<div style="width:${args.width}; max-width:100%">
      <jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${args.patientId}
        ><jc-advice-prompt @jc-advice-request=${args.onJcAdviceRequest} @jc-referral-request=${args.onJcReferralRequest}></jc-advice-prompt
      ></jc-context>
    </div>`,
  parameters: {
    ...fhirParameters({ resources }, 520),
    docs: {
      description: {
        component:
          'Prompts for the patient in context, from the **example rules** (NICE NG203, NG28 as a labelled local threshold, NG115: examples for an organisation to review, not clinical advice). Data: the specialist finder’s case-finding population (`packages/specialist-finder/test/population`).',
      },
      story: { inline: false, iframeHeight: 520 },
    },
  },
} satisfies Meta<PromptArgs>;

export default meta;

/** The prompt once its cards are drawn. */
async function promptIn(canvas: HTMLElement): Promise<JcAdvicePrompt> {
  await customElements.whenDefined('jc-advice-prompt');
  const el = canvas.querySelector<JcAdvicePrompt>('jc-advice-prompt')!;
  await el.updateComplete;
  return el;
}

/** Clicks a button of the prompt and waits until the change is drawn. */
async function press(el: JcAdvicePrompt, selector: string): Promise<void> {
  const button = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!button) throw new TypeError(`no ${selector} in the prompt`);
  button.click();
  await el.updateComplete;
}

/** One card: a 5-year kidney failure risk above 5% (KFRE, 4-variable), with its inputs and their dates. */
export const KidneyFailureRisk: Story = { name: 'Kidney failure risk (KFRE)' };

/** One card: eGFR falling by 15 or more a year (a regression over 4 results), with earlier kidney specialist contact. */
export const EgfrFalling: Story = { name: 'eGFR falling fast', args: { patientId: patientOf('decline-old-referral') } };

/** One card from a local threshold (HbA1c 75 or more twice running): the card says the threshold is local, not NICE's. */
export const LocalThreshold: Story = { name: 'Local threshold (HbA1c)', args: { patientId: patientOf('hba1c-match') } };

/** Three cards, ordered critical, then warning, then info, whatever the order of the rules (a rule set with one rule at each severity). */
export const CriticalFirst: Story = {
  name: 'Critical, warning, info',
  render: (args) =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${patientOf('decline-match')}
      ><jc-advice-prompt .rules=${threeSeverityRuleSet(EXAMPLE_RULE_SET)} @jc-advice-request=${args.onJcAdviceRequest}></jc-advice-prompt
    ></jc-context>`,
  parameters: fhirParameters({ resources }, 900),
};

/** A rule the record lacks the data for: listed under "Could not be checked" with why (no ACR result), never as "no match". */
export const CouldNotBeChecked: Story = { name: 'Could not be checked', args: { patientId: patientOf('kfre-no-acr') } };

/** In a 320 px side column beside `<jc-care-summary>`: the card stacks. */
export const Narrow: Story = { args: { width: '320px' } };

/** Dismiss opens a short form: a reason is required (radio buttons), Escape or "Keep prompt" closes it. */
export const DismissForm: Story = {
  name: 'Dismiss form open',
  play: async ({ canvasElement }) => {
    await press(await promptIn(canvasElement), '[data-action=dismiss]');
  },
};

/** After a dismissal: the card is gone, the dismissed prompt is listed with its reason and a Restore button (focused). */
export const Dismissed: Story = {
  play: async ({ canvasElement }) => {
    const el = await promptIn(canvasElement);
    await press(el, '[data-action=dismiss]');
    await press(el, 'input[name=reason][value=already]');
    await press(el, '[data-action=confirm-dismiss]');
  },
};

/** eGFR falling fast, but an e-RS referral to renal medicine two months ago (e-RS specialty codes only) excludes the prompt. */
export const NoMatches: Story = { name: 'No matches (specialist contact)', args: { patientId: patientOf('decline-excl-ers') } };

/** While loading (the server takes 10 seconds). */
export const Loading: Story = { parameters: fhirParameters({ resources, latency: 10_000 }, 200) };

/** The record cannot be read: `role="alert"` and Retry. */
export const Error: Story = { parameters: fhirParameters({ resources, faults: [{ match: '/Observation', status: 500 }] }, 220) };

/** A rule file with a misspelt field: the rule and the field are named, nobody is checked. */
export const InvalidRules: Story = {
  name: 'Invalid rules',
  render: (args) => {
    const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
    bad.rules[0].criteria['treshold'] = 58;
    const url = URL.createObjectURL(new Blob([JSON.stringify(bad)], { type: 'application/json' }));
    return html`<jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${args.patientId}
      ><jc-advice-prompt rules-src=${url}></jc-advice-prompt
    ></jc-context>`;
  },
};

/** No patient in context. */
export const NotConfigured: Story = { name: 'Not configured', render: () => html`<jc-advice-prompt></jc-advice-prompt>` };
