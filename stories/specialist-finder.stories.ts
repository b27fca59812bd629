import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { FetchFhirClient } from '@joinedcare/core';
import '@joinedcare/specialist-finder/define.js';
import type { JcSpecialistFinder } from '@joinedcare/specialist-finder';
import { FHIR_BASE_URL, fhirParameters, fixtures } from './support/fhir.js';
import { noControls } from './support/controls.js';
import { FINDER_PRACTICE, buildFinderPopulation } from '../packages/specialist-finder/test/population/index.js';

/**
 * The finder's case-finding practice: 300 patients (3 cycles of its 100 cases, dated relative to
 * today; 3 of them registered with another practice), loaded into the story's fixture server.
 */
const population = buildFinderPopulation({
  now: fixtures.now,
  size: 300,
  excludeNhsNumbers: Object.values(fixtures.personas).map((p) => p.nhsNumber),
});
const resources = population.resources;
const healthy = population.bySlot['healthy'].slice(0, 30);
const groupId = population.group.id!;

/** The finder once its check has ended. */
async function finderIn(canvas: HTMLElement): Promise<JcSpecialistFinder> {
  await customElements.whenDefined('jc-specialist-finder');
  const el = canvas.querySelector<JcSpecialistFinder>('jc-specialist-finder')!;
  await el.updateComplete;
  return el;
}

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
        ods-code=${FINDER_PRACTICE.ods}
        page-size=${args['page-size']}
        @jc-patient-selected=${args.onJcPatientSelected}
      ></jc-specialist-finder
    ></jc-context>`,
  parameters: {
    ...fhirParameters({ resources }, 700),
    docs: {
      description: {
        component: `A worklist for ${FINDER_PRACTICE.name} (ODS ${FINDER_PRACTICE.ods}), the specialist finder's synthetic case-finding practice of
300 patients (\`packages/specialist-finder/test/population\`), checked against the **example rules** (NICE NG203, NG28 as a labelled local
threshold, NG115: examples for an organisation to review, not clinical advice).`,
      },
      story: { inline: false, iframeHeight: 700 },
    },
  },
} satisfies Meta<FinderArgs>;

export default meta;

/** A practice by ODS code: practice-wide searches, then the candidates' specialist contact; the 3 patients registered elsewhere are left out and counted. */
export const Practice: Story = {};

/** The worklist filtered to one rule (the kidney failure risk), sorted by severity. */
export const FilteredByRule: Story = {
  name: 'Filtered by rule',
  play: async ({ canvasElement }) => {
    const el = await finderIn(canvasElement);
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('[data-filter=rule]');
    if (!select) throw new TypeError('no rule filter');
    select.value = 'ckd-kfre-5-year-risk';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
  },
};

/** Sorted by name (the Name column's sort button), ascending. */
export const SortedByName: Story = {
  name: 'Sorted by name',
  play: async ({ canvasElement }) => {
    const el = await finderIn(canvasElement);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-sort=name]')!.click();
    await el.updateComplete;
  },
};

/** A FHIR Group: checked in chunks of 50 patients ("Checked 150 of 300 patients"). */
export const Group: Story = {
  render: (args) =>
    html`<jc-context fhir-base-url=${FHIR_BASE_URL}
      ><jc-specialist-finder group-id=${groupId} page-size=${args['page-size']}></jc-specialist-finder
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
            r.url.pathname.endsWith('/Observation') && (r.url.searchParams.get('patient') ?? '').includes(population.registered[60]),
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
        group-id=${groupId}
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
      group-id=${groupId}
    ></jc-specialist-finder>`,
};
