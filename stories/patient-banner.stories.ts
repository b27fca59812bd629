import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { FetchFhirClient, formatNhsNumber } from '@joinedcare/core';
import '@joinedcare/patient-banner/define.js';
import { operationOutcome } from '@joinedcare/fixtures';
import { FHIR_BASE_URL, fhirParameters, fixtures, personas, type PersonaKey } from './support/fhir.js';
import { noControls } from './support/controls.js';
import { asDeceased, withUnverifiedNhsNumber, withWrongCheckDigit } from './support/patients.js';

/** The personas the banner is shown with; (d) is there for "No allergies recorded"; (f) adds nothing to a banner. */
const BANNER_PERSONAS = ['a', 'b', 'c', 'd', 'e', 'g'] as const satisfies readonly PersonaKey[];

interface BannerArgs {
  /** Which synthetic patient is in context. */
  persona: PersonaKey;
  /** The user's care setting, passed to `<jc-context>`. */
  setting: 'primary' | 'secondary';
  /** `heading-level` of the banner (1–6). */
  'heading-level': number;
  /** The `allergies` attribute: show the allergy indicator. */
  allergies: boolean;
  /** Action for the banner's `jc-safety-warning` event (from the manifest). */
  onJcSafetyWarning?: (e: Event) => void;
}

type Story = StoryObj<BannerArgs>;

/** `<jc-context>` reading the fixture server, with a banner inside. */
const inContext = (args: BannerArgs, attrs: { patientId?: string; nhsNumber?: string } = {}) =>
  html`<jc-context
    fhir-base-url=${FHIR_BASE_URL}
    patient-id=${ifDefined(attrs.nhsNumber ? attrs.patientId : (attrs.patientId ?? personas[args.persona].patientId))}
    nhs-number=${ifDefined(attrs.nhsNumber)}
    setting=${args.setting}
    ><jc-patient-banner
      heading-level=${args['heading-level']}
      ?allergies=${args.allergies}
      @jc-safety-warning=${args.onJcSafetyWarning ?? nothing}
    ></jc-patient-banner
  ></jc-context>`;

const meta = {
  title: 'Widgets/Patient banner',
  component: 'jc-patient-banner',
  tags: ['autodocs'],
  args: { persona: 'a', setting: 'secondary', 'heading-level': 2, allergies: false },
  argTypes: {
    persona: {
      description: 'Synthetic patient from `@joinedcare/fixtures` (its `patient-id` goes on `<jc-context>`).',
      options: BANNER_PERSONAS,
      control: {
        type: 'select',
        labels: Object.fromEntries(BANNER_PERSONAS.map((k) => [k, `(${k}) ${personas[k].label}`])),
      },
      table: { category: 'story' },
    },
    setting: {
      description: '`setting` of the surrounding `<jc-context>`.',
      options: ['primary', 'secondary'],
      control: { type: 'inline-radio' },
      table: { category: 'story' },
    },
    'heading-level': { control: { type: 'number', min: 1, max: 6, step: 1 } },
    allergies: { control: 'boolean' },
    ...noControls('patient', 'client', 'headingLevel'),
  },
  render: (args) => inContext(args),
  parameters: {
    docs: {
      description: {
        component: `Inside \`<jc-context fhir-base-url="/fhir" patient-id="…">\`, the banner reads the Patient from the
synthetic FHIR server (\`@joinedcare/fixtures\`, served by MSW, dated relative to today). Stories that slow the
server down or make it fail render in their own frame.`,
      },
    },
  },
} satisfies Meta<BannerArgs>;

export default meta;

/** An adult (persona a) read by id from the FHIR server. Pick another persona with the `persona` control. */
export const Loaded: Story = { name: 'Loaded: adult' };

/** An older adult (persona b): the age in years. */
export const PersonaB: Story = { name: 'Loaded: older adult', args: { persona: 'b' } };

/** A child (persona c): the age in years and months. */
export const PersonaC: Story = { name: 'Loaded: child (age in years and months)', args: { persona: 'c' } };

/** `allergies`: persona (c)'s high-criticality peanut allergy, marked with an icon, bold text and the words. */
export const AllergiesHigh: Story = { name: 'Allergies: high criticality', args: { persona: 'c', allergies: true } };

/** `allergies`: persona (a)'s record codes "No known allergy" (SNOMED CT 716186003). */
export const AllergiesNoneKnown: Story = { name: 'Allergies: no known allergies (coded)', args: { persona: 'a', allergies: true } };

/** `allergies`: persona (d) has no allergy records at all: "No allergies recorded", not "No known allergies". */
export const AllergiesNoneRecorded: Story = { name: 'Allergies: none recorded', args: { persona: 'd', allergies: true } };

/** `allergies`: the allergy search fails (500); the patient is still identified. */
export const AllergiesNotAvailable: Story = {
  name: 'Allergies: not available (500)',
  args: { persona: 'c', allergies: true },
  parameters: fhirParameters({
    faults: [
      { match: 'AllergyIntolerance', status: 500, body: operationOutcome('Allergy service unavailable (synthetic fault).', 'exception') },
    ],
  }),
};

/** While the Patient is on its way: `role="status"`. The server takes 10 minutes to answer here. */
export const Loading: Story = {
  parameters: fhirParameters({ latency: 600_000 }),
  // a client with no practical timeout (the default gives up after 30 s and shows the timeout error)
  render: (args) =>
    html`<jc-context
      .client=${new FetchFhirClient({ baseUrl: FHIR_BASE_URL, timeoutMs: 2_000_000_000 })}
      patient-id=${personas[args.persona].patientId}
      setting=${args.setting}
      ><jc-patient-banner heading-level=${args['heading-level']}></jc-patient-banner
    ></jc-context>`,
};

/** (g) unusual data: given name only, no birth date, no gender, unverified NHS number. Missing values say "Not known", once each. */
export const MissingData: Story = { name: 'Missing data', args: { persona: 'g' } };

/** A wrong check digit: the number is shown, marked invalid, never treated as an identifier. */
export const InvalidNhsNumber: Story = {
  name: 'Invalid NHS number',
  render: (args) =>
    html`<jc-context patient-id=${personas[args.persona].patientId} setting=${args.setting}
      ><jc-patient-banner
        heading-level=${args['heading-level']}
        .patient=${withWrongCheckDigit(personas[args.persona].patient)}
      ></jc-patient-banner
    ></jc-context>`,
};

/** A valid NHS number whose verification status is "present but not traced". */
export const UnverifiedNhsNumber: Story = {
  name: 'Unverified NHS number',
  render: (args) =>
    html`<jc-context patient-id=${personas[args.persona].patientId} setting=${args.setting}
      ><jc-patient-banner
        heading-level=${args['heading-level']}
        .patient=${withUnverifiedNhsNumber(personas[args.persona].patient)}
      ></jc-patient-banner
    ></jc-context>`,
};

/** A patient who has died: the deceased treatment, the date of death and the age at death. */
export const Deceased: Story = {
  args: { persona: 'b' },
  render: (args) =>
    html`<jc-context patient-id=${personas[args.persona].patientId} setting=${args.setting}
      ><jc-patient-banner
        heading-level=${args['heading-level']}
        .patient=${asDeceased(personas[args.persona].patient, fixtures.now)}
      ></jc-patient-banner
    ></jc-context>`,
};

/** The server fails with 500 and an OperationOutcome: `role="alert"`, what failed, and a Retry button. */
export const ServerError: Story = {
  name: 'Error (500)',
  parameters: fhirParameters({
    faults: [
      {
        match: 'Patient',
        status: 500,
        body: operationOutcome('The patient index is unavailable (synthetic fault).', 'exception'),
      },
    ],
  }),
};

/** A `patient-id` the server does not know: 404. */
export const NotFound: Story = {
  name: 'Not found (404)',
  render: (args) => inContext(args, { patientId: 'pat-does-not-exist' }),
};

/** No `<jc-context>` and no `patient`: the banner says what is missing instead of failing. */
export const NotConfigured: Story = {
  name: 'Not configured',
  render: (args) => html`<jc-patient-banner heading-level=${args['heading-level']}></jc-patient-banner>`,
};

/** A 320 px side panel: the details stack. */
export const Narrow: Story = {
  name: 'Narrow (320 px)',
  render: (args) => html`<div style="width: 320px; outline: 1px dashed #aeb7bd">${inContext(args)}</div>`,
};

/** Full width: one line. */
export const Wide: Story = {
  name: 'Wide (1200 px)',
  parameters: { layout: 'fullscreen' },
  render: (args) => html`<div style="width: 1200px; max-width: 100%">${inContext(args)}</div>`,
};

/**
 * The page hands in persona (b)'s Patient while `<jc-context>` is on persona (a): the patient guard
 * refuses it, shows the stop-level message and fires `jc-safety-warning` (see the Actions panel).
 */
export const WrongPatientRefused: Story = {
  name: 'Wrong patient refused',
  render: (args) =>
    html`<jc-context patient-id=${personas[args.persona].patientId} setting=${args.setting}
      ><jc-patient-banner
        heading-level=${args['heading-level']}
        .patient=${personas[args.persona === 'b' ? 'a' : 'b'].patient}
        @jc-safety-warning=${args.onJcSafetyWarning ?? nothing}
      ></jc-patient-banner
    ></jc-context>`,
};

/** Only an NHS number on `<jc-context>`: the banner finds the Patient with `Patient?identifier=…`. */
export const ByNhsNumberOnly: Story = {
  name: 'By NHS number only',
  render: (args) => inContext(args, { nhsNumber: formatNhsNumber(personas[args.persona].nhsNumber) }),
};
