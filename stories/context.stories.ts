import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { formatNhsNumber } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import { noControls } from './support/controls.js';
import { FHIR_BASE_URL, fhirParameters, personas, type PersonaKey } from './support/fhir.js';

const PERSONA_KEYS = Object.keys(personas) as PersonaKey[];

interface ContextArgs {
  /** Which synthetic patient is in context. */
  persona: PersonaKey;
  setting: string;
  'nhs-number'?: string;
  'patient-id'?: string;
  lang?: string;
  /** Action for `jc-context-changed` (from the manifest). */
  onJcContextChanged?: (e: Event) => void;
}

type Story = StoryObj<ContextArgs>;

const meta = {
  title: 'Core/Context',
  component: 'jc-context',
  tags: ['autodocs'],
  args: { persona: 'a', setting: 'secondary' },
  argTypes: {
    persona: {
      description: 'Synthetic patient from `@joinedcare/fixtures`; sets `patient-id` unless `patient-id` is given.',
      options: PERSONA_KEYS,
      control: { type: 'select', labels: Object.fromEntries(PERSONA_KEYS.map((k) => [k, `(${k}) ${personas[k].label}`])) },
      table: { category: 'story' },
    },
    setting: { options: ['primary', 'secondary'], control: { type: 'inline-radio' } },
    ...noControls(
      'fhir-base-url',
      'fhirBaseUrl',
      'patientId',
      'nhsNumber',
      'client',
      'getAccessToken',
      'patient',
      'clock',
      'patientInContext',
    ),
  },
  render: (args) =>
    html`<jc-context
      fhir-base-url=${FHIR_BASE_URL}
      patient-id=${ifDefined(args['patient-id'] ?? (args['nhs-number'] ? undefined : personas[args.persona].patientId))}
      nhs-number=${ifDefined(args['nhs-number'])}
      setting=${args.setting}
      lang=${ifDefined(args.lang)}
      @jc-context-changed=${args.onJcContextChanged ?? nothing}
      ><jc-patient-banner></jc-patient-banner
    ></jc-context>`,
  parameters: {
    docs: {
      description: {
        component: `\`<jc-context>\` gives every widget inside it the FHIR client, the patient, the care setting, the
language and the clock. Here it reads the synthetic FHIR server (\`@joinedcare/fixtures\` behind MSW) at \`/fhir\`.`,
      },
    },
  },
} satisfies Meta<ContextArgs>;

export default meta;

/** A context on the fixture server with a patient banner inside. */
export const Default: Story = {};

/**
 * Switching `patient-id`: the banner clears at once (loading) and requests for the previous patient
 * are aborted; a late answer can never show the wrong patient. The server answers after 1.5 s here.
 */
export const PatientSwitch: Story = {
  name: 'Patient switch',
  parameters: fhirParameters({ latency: 1500 }, 260),
  render: (args) => {
    const select = (e: Event, key: PersonaKey | undefined) => {
      const demo = (e.currentTarget as HTMLElement).closest('.jc-demo');
      const ctx = demo?.querySelector('jc-context');
      if (!demo || !ctx) return;
      if (key) ctx.setAttribute('patient-id', personas[key].patientId);
      else ctx.removeAttribute('patient-id');
      for (const b of demo.querySelectorAll<HTMLButtonElement>('button[data-persona]')) {
        b.setAttribute('aria-pressed', String(b.dataset['persona'] === (key ?? '')));
      }
    };
    return html`<div class="jc-demo">
      <div role="group" aria-label="Patient in context" style="display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 16px">
        ${PERSONA_KEYS.map(
          (k) =>
            html`<button type="button" data-persona=${k} aria-pressed=${String(k === args.persona)} @click=${(e: Event) => select(e, k)}>
              (${k}) ${personas[k].label}
            </button>`,
        )}
        <button type="button" data-persona="" aria-pressed="false" @click=${(e: Event) => select(e, undefined)}>No patient</button>
      </div>
      <jc-context
        fhir-base-url=${FHIR_BASE_URL}
        patient-id=${personas[args.persona].patientId}
        setting=${args.setting}
        @jc-context-changed=${args.onJcContextChanged ?? nothing}
        ><jc-patient-banner></jc-patient-banner
      ></jc-context>
    </div>`;
  },
};

/** Only an NHS number (spaces allowed): widgets find the Patient by identifier. */
export const ByNhsNumber: Story = {
  name: 'By NHS number',
  args: { 'nhs-number': formatNhsNumber(personas.b.nhsNumber) },
  argTypes: { 'nhs-number': { control: 'text' } },
};

/**
 * Wrong attributes never crash the page: `<jc-context>` shows a notice (`part="config-error"`,
 * `role="alert"`) and provides no patient, so the banner says it is not configured. Here the NHS
 * number has a wrong check digit and the setting is not `primary` or `secondary`.
 */
export const InvalidAttributes: Story = {
  name: 'Invalid attributes',
  args: {
    'nhs-number': (() => {
      const n = personas.a.nhsNumber;
      return formatNhsNumber(n.slice(0, 9) + String((Number(n[9]) + 1) % 10));
    })(),
    setting: 'tertiary',
  },
  argTypes: {
    'nhs-number': { control: 'text' },
    setting: { control: 'text' },
  },
};
