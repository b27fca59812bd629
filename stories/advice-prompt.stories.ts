import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@joinedcare/specialist-finder/define.js';
import { EXAMPLE_RULE_SET } from '@joinedcare/specialist-finder';
import { buildPopulation } from '@joinedcare/fixtures';
import { FHIR_BASE_URL, fhirParameters, fixtures, personas } from './support/fhir.js';
import { noControls } from './support/controls.js';

const population = buildPopulation({ now: fixtures.now, excludeNhsNumbers: Object.values(fixtures.personas).map((p) => p.nhsNumber) });
const resources = population.resources;
/** A patient matching the HbA1c and the eGFR rule. */
const both = population.matching['ckd-egfr-rapid-decline'].find((id) => population.matching['diabetes-hba1c-persistent'].includes(id))!;
const copd = population.matching['copd-repeat-admission'][0];

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
  args: { patientId: both, width: '100%' },
  argTypes: {
    patientId: { description: 'Patient in context (from the synthetic population).', control: 'text', table: { category: 'story' } },
    width: { description: 'Width of the column the prompt sits in.', control: 'text', table: { category: 'story' } },
    ...noControls('rules', 'rules-src', 'rulesSrc', 'client', 'heading-level', 'headingLevel'),
  },
  render: (args) =>
    html`<div style="width:${args.width}">
      <jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${args.patientId}
        ><jc-advice-prompt @jc-advice-request=${args.onJcAdviceRequest} @jc-referral-request=${args.onJcReferralRequest}></jc-advice-prompt
      ></jc-context>
    </div>`,
  parameters: {
    ...fhirParameters({ resources }, 520),
    docs: {
      description: {
        component:
          'Prompts for the patient in context, from the **example rules** (examples for an organisation to review, not clinical advice). Data: the synthetic population of `@joinedcare/fixtures`.',
      },
      story: { inline: false, iframeHeight: 520 },
    },
  },
} satisfies Meta<PromptArgs>;

export default meta;

/** Two cards: HbA1c persistently high and eGFR falling fast. Try Dismiss (a reason is required). */
export const Matches: Story = {};

/** Critical: a second COPD admission in 12 months. */
export const Critical: Story = { args: { patientId: copd } };

/** In a 320 px side column beside `<jc-care-summary>`: cards stack. */
export const Narrow: Story = { args: { width: '320px' } };

/** Persona (a): HbA1c high, but a diabetes referral 20 weeks ago excludes the prompt. */
export const NoMatches: Story = { name: 'No matches', args: { patientId: personas.a.patientId } };

/** While loading (the server takes 10 seconds). */
export const Loading: Story = { parameters: fhirParameters({ resources, latency: 10_000 }, 200) };

/** The record cannot be read: `role="alert"` and Retry. */
export const Error: Story = { parameters: fhirParameters({ resources, faults: [{ match: '/Observation', status: 500 }] }, 220) };

/** A rule file with a misspelt field: the rule and the field are named, nobody is checked. */
export const InvalidRules: Story = {
  name: 'Invalid rules',
  render: (args) => {
    const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
    bad.rules[0].criteria.treshold = 58;
    const url = URL.createObjectURL(new Blob([JSON.stringify(bad)], { type: 'application/json' }));
    return html`<jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${args.patientId}
      ><jc-advice-prompt rules-src=${url}></jc-advice-prompt
    ></jc-context>`;
  },
};

/** No patient in context. */
export const NotConfigured: Story = { name: 'Not configured', render: () => html`<jc-advice-prompt></jc-advice-prompt>` };
