/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { Resource } from 'fhir/r4.js';
import { FetchFhirClient } from '@joinedcare/core';
import '@joinedcare/referral-status/define.js';
import {
  ERS_STATES,
  manyReferrals,
  operationOutcome,
  referralInState,
  referralsPerClockState,
  referralsPerErsState,
  referralsPerPriority,
  referralsWithAppointments,
  referralsWithFhirStatusesOnly,
  type ScenarioErsState,
} from '@joinedcare/fixtures';
import { everyErsPriority, everyErsState, SANDBOX_NHS_NUMBER } from '../packages/referral-status/test/ers-variants.js';
import { FHIR_BASE_URL, fhirParameters, fixtures, personas } from './support/fhir.js';
import { noControls } from './support/controls.js';

/** Scenario referrals go on persona (d), whose record is otherwise empty. */
const patient = personas.d;
const scenario = { now: fixtures.now, patientId: patient.patientId };

interface ReferralArgs {
  /** The user's care setting, passed to `<jc-context>`. */
  setting: 'primary' | 'secondary';
  filter: 'active' | 'completed' | 'all';
  'triage-alert-days': number;
  'at-risk-threshold': number;
  'refresh-interval': number;
  'page-size': number;
  /** e-RS state for the "One e-RS state" story. */
  state: ScenarioErsState;
  /** The host listens for `jc-referral-selected`: service names are buttons. */
  selectable: boolean;
  onJcReferralSelected?: (e: Event) => void;
  onJcReferralActionRequest?: (e: Event) => void;
  onJcSafetyWarning?: (e: Event) => void;
}

type Story = StoryObj<ReferralArgs>;

const widget = (args: ReferralArgs) =>
  html`<jc-referral-status
    filter=${args.filter}
    triage-alert-days=${args['triage-alert-days']}
    at-risk-threshold=${args['at-risk-threshold']}
    refresh-interval=${args['refresh-interval']}
    page-size=${args['page-size']}
    ?selectable=${args.selectable}
    @jc-referral-selected=${args.onJcReferralSelected ?? nothing}
    @jc-referral-action-request=${args.onJcReferralActionRequest ?? nothing}
    @jc-safety-warning=${args.onJcSafetyWarning ?? nothing}
  ></jc-referral-status>`;

/** `<jc-context>` reading the fixture server for persona (d), with the widget inside. */
const inContext = (args: ReferralArgs, patientId = patient.patientId) =>
  html`<jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${patientId} setting=${args.setting}>${widget(args)}</jc-context>`;

/** Stores `resources` on the fixture server for one story. */
const withData = (resources: Resource[], iframeHeight = 700) => fhirParameters({ resources }, iframeHeight);

const meta = {
  title: 'Widgets/Referral status',
  component: 'jc-referral-status',
  tags: ['autodocs'],
  args: {
    setting: 'primary',
    filter: 'active',
    'triage-alert-days': 7,
    'at-risk-threshold': 0.8,
    'refresh-interval': 0,
    'page-size': 20,
    state: 'AWAITING_TRIAGE',
    selectable: false,
  },
  argTypes: {
    setting: {
      description: '`setting` of the surrounding `<jc-context>`: `primary` reads "Referrals made", `secondary` "Referrals received".',
      options: ['primary', 'secondary'],
      control: { type: 'inline-radio' },
      table: { category: 'story' },
    },
    filter: { options: ['active', 'completed', 'all'], control: { type: 'inline-radio' } },
    'triage-alert-days': { control: { type: 'number', min: 0, step: 1 } },
    'at-risk-threshold': { control: { type: 'number', min: 0.05, max: 1, step: 0.05 } },
    'refresh-interval': { control: { type: 'number', min: 0, step: 5 } },
    'page-size': { control: { type: 'number', min: 1, step: 1 } },
    state: { options: ERS_STATES, control: { type: 'select' }, table: { category: 'story' } },
    ...noControls('resources', 'client', 'triageAlertDays', 'atRiskThreshold', 'refreshInterval', 'pageSize', 'headingLevel', 'scheduler'),
  },
  render: (args) => inContext(args),
  parameters: {
    docs: {
      description: {
        component: `Inside \`<jc-context fhir-base-url="/fhir" patient-id="…">\`, the widget reads ServiceRequests with their
Tasks and Appointments from the synthetic FHIR server. Each story stores generated referral scenarios
(\`@joinedcare/fixtures\`, dated relative to today) for persona (d) and renders in its own frame.`,
      },
    },
  },
} satisfies Meta<ReferralArgs>;

export default meta;

/** A GP's view of a mixed set of referrals: needs attention first, then by urgency. */
export const Loaded: Story = { parameters: withData([...referralsPerErsState(scenario), ...referralsWithAppointments(scenario)]) };

/** The hospital's view of the same referrals: "Referrals received", triage state first. */
export const HospitalView: Story = {
  name: 'Hospital view (secondary)',
  args: { setting: 'secondary' },
  parameters: withData([...referralsPerErsState(scenario), ...referralsWithAppointments(scenario)]),
};

/** Every e-RS state, one referral each (filter: all). */
export const EachErsState: Story = {
  name: 'Each e-RS state',
  args: { filter: 'all' },
  parameters: withData(referralsPerErsState(scenario)),
};

/** One referral per e-RS state: pick the state with the `state` control (the frame reloads the data). */
export const OneErsState: Story = {
  name: 'One e-RS state',
  args: { filter: 'all' },
  render: (args) =>
    html`<jc-context setting=${args.setting} patient-id=${patient.patientId}>
      <jc-referral-status filter="all" .resources=${[...referralInState(args.state, scenario), ...fixtures.directory]}></jc-referral-status>
    </jc-context>`,
};

/** Routine, urgent and two week wait: text and shape, never colour alone. */
export const EachPriority: Story = { name: 'Each priority', parameters: withData(referralsPerPriority(scenario)) };

/** Waiting clocks: on track, at risk and breached (RTT and FDS), stopped, and no referral date. */
export const EachClockState: Story = {
  name: 'Each clock state',
  args: { filter: 'all' },
  parameters: withData(referralsPerClockState(scenario)),
};

/** Booked, did not attend, cancelled by the provider or the patient, and rebooked. */
export const Appointments: Story = { parameters: withData(referralsWithAppointments(scenario)) };

/** Data with FHIR statuses only (no e-RS state): FHIR words, mapped to labels users know. */
export const FhirStatusesOnly: Story = {
  name: 'FHIR statuses only',
  args: { filter: 'all' },
  parameters: withData(referralsWithFhirStatusesOnly(scenario)),
};

/** A patient with 50 referrals: 20 at a time with "Show more". */
export const FiftyReferrals: Story = { name: '50 referrals', args: { filter: 'all' }, parameters: withData(manyReferrals(scenario), 900) };

/** No referrals for the patient: said in words, not a blank. */
export const Empty: Story = {};

/** While the referrals are on their way: `role="status"`. The server takes 10 minutes here. */
export const Loading: Story = {
  parameters: fhirParameters({ latency: 600_000 }),
  render: (args) =>
    html`<jc-context
      .client=${new FetchFhirClient({ baseUrl: FHIR_BASE_URL, timeoutMs: 2_000_000_000 })}
      patient-id=${patient.patientId}
      setting=${args.setting}
      >${widget(args)}</jc-context
    >`,
};

/** The server fails with 500: `role="alert"`, what failed, and a Retry button. */
export const ServerError: Story = {
  name: 'Error (500)',
  parameters: fhirParameters({
    faults: [
      { match: 'ServiceRequest', status: 500, body: operationOutcome('The referral index is unavailable (synthetic fault).', 'exception') },
    ],
  }),
};

/** Live updates every 10 seconds (conditional `_lastUpdated` checks; changes are announced politely). */
export const LiveUpdates: Story = {
  name: 'Live updates',
  args: { 'refresh-interval': 10 },
  parameters: withData(referralsPerPriority(scenario)),
};

/** Handed-in resources where one referral is another patient's: refused, with a visible warning. */
export const WrongPatientRefused: Story = {
  name: 'Wrong patient refused',
  render: (args) =>
    html`<jc-context patient-id=${patient.patientId} setting=${args.setting}>
      <jc-referral-status
        .resources=${[
          ...referralsPerPriority(scenario),
          ...referralInState('REJECTED', { now: fixtures.now, patientId: personas.a.patientId }),
          ...fixtures.directory,
        ]}
        @jc-safety-warning=${args.onJcSafetyWarning ?? nothing}
      ></jc-referral-status>
    </jc-context>`,
};

/** No `<jc-context>` and no `resources`: the widget says what is missing. */
export const NotConfigured: Story = { name: 'Not configured', render: (args) => widget(args) };

/** A 320 px side panel. */
export const Narrow: Story = {
  name: 'Narrow (320 px)',
  parameters: withData(referralsWithAppointments(scenario)),
  render: (args) => html`<div style="width: 320px; outline: 1px dashed #aeb7bd">${inContext(args)}</div>`,
};

/** Full width. */
export const Wide: Story = {
  name: 'Wide (1200 px)',
  parameters: { ...withData(referralsWithAppointments(scenario)), layout: 'fullscreen' },
  render: (args) => html`<div style="width: 1200px; max-width: 100%">${inContext(args)}</div>`,
};

/** The 16 active referrals of "Loaded", with the first referral's details opened by a play function (the Details button). */
export const DetailsOpen: Story = {
  name: 'Details open',
  parameters: withData([...referralsPerErsState(scenario), ...referralsWithAppointments(scenario)]),
  play: async ({ canvasElement }) => {
    const el = await drawn(canvasElement);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=details-button]')!.click();
    await el.updateComplete;
  },
};

/** `selectable`: the host listens for `jc-referral-selected`, so each service name is a button (plain text otherwise). */
export const Selectable: Story = {
  args: { selectable: true },
  parameters: withData(referralsPerPriority(scenario)),
};

/** Waits until the widget in the story has drawn its referrals (the fixture server answers asynchronously). */
async function drawn(canvasElement: HTMLElement): Promise<HTMLElement & { updateComplete: Promise<boolean> }> {
  const el = canvasElement.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>('jc-referral-status')!;
  for (let i = 0; i < 200 && !el.shadowRoot?.querySelector('[part~=item]'); i++) {
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
  }
  return el;
}

// e-RS as its FHIR API publishes it: sandbox-shaped STU3 referrals for every state (with the reason and
// comments each carries) and priority (packages/referral-status/test/ers-variants.ts, shaped exactly like
// the sandbox's retrieveReferralRequest responses), and the published sandbox responses themselves
// (test/data/ers), handed in as a host that calls e-RS would hand them.

const ersFiles = import.meta.glob<unknown>('../test/data/ers/stu3/retrieveReferralRequest-*.json', { import: 'default', eager: true });
/** The e-RS stories' "today": the variants are dated relative to it. */
const ERS_NOW = fixtures.now;
const ersClock = { now: () => ERS_NOW };

/** The widget in a context for the sandbox's patient (by NHS number, as e-RS names patients). */
const ersInContext = (resources: unknown[], args: ReferralArgs, filter = 'all') =>
  html`<jc-context nhs-number=${SANDBOX_NHS_NUMBER} setting=${args.setting} .clock=${ersClock}>
    <jc-referral-status filter=${filter} ?selectable=${args.selectable} .resources=${resources}></jc-referral-status>
  </jc-context>`;

/** Every e-RS state, each with the reason and comments e-RS sends with it (STU3, sandbox-shaped), in the GP's view. */
export const ErsEachState: Story = {
  name: 'e-RS: each state and reason (STU3)',
  render: (args) => ersInContext(everyErsState(ERS_NOW), args),
};

/** The same in the hospital's view: what waits for the provider needs attention. */
export const ErsEachStateHospital: Story = {
  name: 'e-RS: each state and reason, hospital view',
  args: { setting: 'secondary' },
  render: (args) => ersInContext(everyErsState(ERS_NOW), args),
};

/** ROUTINE, URGENT and TWO_WEEK_WAIT from e-RS's priority extension: 2WW is "Urgent suspected cancer (2WW)", with its FDS line. */
export const ErsEachPriority: Story = {
  name: 'e-RS: each priority (STU3)',
  render: (args) => ersInContext(everyErsPriority(ERS_NOW), args),
};

/** The published A005 retrieveReferralRequest sandbox responses, as e-RS sends them (dated 2021–2024). */
export const ErsPublished: Story = {
  name: 'e-RS: published A005 responses',
  render: (args) =>
    ersInContext(
      Object.values(ersFiles).map((f) => structuredClone(f)),
      args,
    ),
};
