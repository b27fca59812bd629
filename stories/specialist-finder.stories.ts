import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { FetchFhirClient } from '@joinedcare/core';
import '@joinedcare/specialist-finder/define.js';
import type { JcSpecialistFinder } from '@joinedcare/specialist-finder';
import { POPULATION_PRACTICE, buildPopulation } from '@joinedcare/fixtures';
import { FHIR_BASE_URL, fhirParameters, fixtures } from './support/fhir.js';
import { noControls } from './support/controls.js';

/** The 300-patient synthetic practice (dated relative to today), loaded into the story's fixture server. */
const population = buildPopulation({ now: fixtures.now, excludeNhsNumbers: Object.values(fixtures.personas).map((p) => p.nhsNumber) });
const resources = population.resources;
const healthy = population.patientIds.filter((id) => !Object.values(population.matching).flat().includes(id)).slice(0, 30);

interface FinderArgs {
  'page-size': number;
  onJcPatientSelected?: (e: Event) => void;
}
type Story = StoryObj<FinderArgs>;

const meta = {
  title: 'Widgets/Specialist finder',
  component: 'jc-specialist-finder',
  tags: ['autodocs'],
  args: { 'page-size': 25 },
  argTypes: {
    'page-size': { control: { type: 'number', min: 5, max: 100, step: 5 } },
    ...noControls(
      'patients',
      'rules',
      'client',
      'ods-code',
      'odsCode',
      'group-id',
      'groupId',
      'rules-src',
      'rulesSrc',
      'heading-level',
      'headingLevel',
      'pageSize',
    ),
  },
  render: (args) =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL}
      ><jc-specialist-finder
        ods-code=${POPULATION_PRACTICE.ods}
        page-size=${args['page-size']}
        @jc-patient-selected=${args.onJcPatientSelected}
      ></jc-specialist-finder
    ></jc-context>`,
  parameters: {
    ...fhirParameters({ resources }, 700),
    docs: {
      description: {
        component: `A worklist for ${POPULATION_PRACTICE.name} (ODS ${POPULATION_PRACTICE.ods}), a synthetic practice of 300 patients from
\`@joinedcare/fixtures\` (\`buildPopulation\`), checked against the **example rules** (examples for an organisation to review, not clinical advice).`,
      },
      story: { inline: false, iframeHeight: 700 },
    },
  },
} satisfies Meta<FinderArgs>;

export default meta;

/** A practice by ODS code: practice-wide searches, then referrals and advice requests of the candidates. */
export const Practice: Story = {};

/** A FHIR Group: checked in chunks of 50 patients ("Checked 150 of 300 patients"). */
export const Group: Story = {
  render: (args) =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL}
      ><jc-specialist-finder group-id=${population.groupId} page-size=${args['page-size']}></jc-specialist-finder
    ></jc-context>`,
};

/** Progress while a slow server answers: a polite live region and a `<progress>` bar, with Cancel. */
export const Progress: Story = {
  parameters: fhirParameters({ resources, latency: 1500 }, 400),
  render: Group.render!,
};

/** Cancelled after the first rows arrived: what was found stays, marked incomplete. */
export const Cancelled: Story = {
  parameters: fhirParameters({ resources, latency: 300 }, 700),
  render: Group.render!,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<JcSpecialistFinder>('jc-specialist-finder')!;
    for (let i = 0; i < 200 && !el.shadowRoot?.querySelector('tbody tr'); i++) await new Promise((r) => setTimeout(r, 50));
    el.cancel();
  },
};

/** One chunk of patients fails (HTTP 500): what was found is shown, with "some patients could not be checked" and Retry. */
export const PartialFailure: Story = {
  name: 'Partial failure',
  parameters: fhirParameters(
    {
      resources,
      faults: [
        {
          match: (r) =>
            r.url.pathname.endsWith('/Observation') && (r.url.searchParams.get('patient') ?? '').includes(population.patientIds[60]),
          status: 500,
          times: 1,
        },
      ],
    },
    700,
  ),
  render: Group.render!,
};

/** Nobody in the list matches a rule. */
export const NoMatches: Story = {
  name: 'No matches',
  parameters: fhirParameters({ resources }, 250),
  render: () =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL}><jc-specialist-finder .patients=${healthy}></jc-specialist-finder></jc-context>`,
};

/** The Group cannot be read: `role="alert"` and Retry. */
export const Error: Story = {
  parameters: fhirParameters({ resources, faults: [{ match: '/Group/', status: 500 }] }, 250),
  render: Group.render!,
};

/** An ODS code the server does not know. */
export const UnknownPractice: Story = {
  name: 'Unknown practice',
  parameters: fhirParameters({ resources }, 250),
  render: () =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL}><jc-specialist-finder ods-code="X99999"></jc-specialist-finder></jc-context>`,
};

/** A rule file with mistakes: every rule and field named; nobody is checked. */
export const InvalidRules: Story = {
  name: 'Invalid rules',
  parameters: fhirParameters({ resources }, 250),
  render: () =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL}
      ><jc-specialist-finder
        group-id=${population.groupId}
        .rules=${{ version: 1, name: 'Draft', rules: [{ id: 'draft-rule', title: 'Draft', summary: 'Draft', severity: 'urgent', specialty: 'x', criteria: { kind: 'observation-threshold' }, exclusions: [], source: { label: 'x', url: 'http://x' } }] }}
      ></jc-specialist-finder
    ></jc-context>`,
};

/** No FHIR server and no population: says what is missing. */
export const NotConfigured: Story = {
  name: 'Not configured',
  render: () => html`<jc-specialist-finder></jc-specialist-finder>`,
};

/** Any FhirClient can be passed in; here one with a short timeout. */
export const WithClient: Story = {
  name: 'With a client property',
  render: () =>
    html`<jc-specialist-finder
      .client=${new FetchFhirClient({ baseUrl: FHIR_BASE_URL, timeoutMs: 10_000 })}
      group-id=${population.groupId}
    ></jc-specialist-finder>`,
};
