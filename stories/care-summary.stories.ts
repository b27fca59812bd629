import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { FhirResource, MedicationStatement } from 'fhir/r4.js';
import { FetchFhirClient } from '@joinedcare/core';
import '@joinedcare/care-summary/define.js';
import { careTeamAndPlans, emptyReason, ipsDocumentBundle, operationOutcome } from '@joinedcare/fixtures';
import { FHIR_BASE_URL, fhirParameters, fixtures, personas, type PersonaKey } from './support/fhir.js';
import { noControls } from './support/controls.js';

const PERSONAS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const satisfies readonly PersonaKey[];
const ALL_SECTIONS = 'problems medicines allergies results encounters documents immunisations care-team care-plans';

interface SummaryArgs {
  /** Which synthetic patient is in context. */
  persona: PersonaKey;
  /** The user's care setting, passed to `<jc-context>`. */
  setting: 'primary' | 'secondary';
  /** `sections` of the summary. */
  sections: string;
  /** `initial-items` of the summary. */
  'initial-items': number;
  /** `filter` of the summary: `other` (the default view: all but the user's own setting's items) or `all`. */
  filter: 'other' | 'all';
  /** `selectable-items`: item titles are buttons that fire `jc-item-selected`. */
  'selectable-items': boolean;
  onJcSectionToggled?: (e: Event) => void;
  onJcItemSelected?: (e: Event) => void;
  onJcDocumentOpenRequest?: (e: Event) => void;
  onJcSafetyWarning?: (e: Event) => void;
}

type Story = StoryObj<SummaryArgs>;

const summary = (args: SummaryArgs) =>
  html`<jc-care-summary
    sections=${args.sections}
    initial-items=${args['initial-items']}
    filter=${args.filter}
    ?selectable-items=${args['selectable-items']}
    @jc-section-toggled=${args.onJcSectionToggled ?? nothing}
    @jc-item-selected=${args.onJcItemSelected ?? nothing}
    @jc-document-open-request=${args.onJcDocumentOpenRequest ?? nothing}
    @jc-safety-warning=${args.onJcSafetyWarning ?? nothing}
  ></jc-care-summary>`;

/** `<jc-context>` reading the fixture server, with a summary inside. */
const inContext = (args: SummaryArgs) =>
  html`<jc-context fhir-base-url=${FHIR_BASE_URL} patient-id=${personas[args.persona].patientId} setting=${args.setting}
    >${summary(args)}</jc-context
  >`;

/** The summary in a story's canvas, once it has drawn its data. */
async function summaryIn(canvas: HTMLElement) {
  const el = canvas.querySelector('jc-care-summary')!;
  await customElements.whenDefined('jc-care-summary');
  await el.updateComplete;
  return el;
}

/** The care team and care plan scenario for persona (a), stored on the server for every story. */
const scenario = careTeamAndPlans(personas.a, { now: fixtures.now });

const meta = {
  title: 'Widgets/Care summary',
  component: 'jc-care-summary',
  tags: ['autodocs'],
  args: { persona: 'a', setting: 'secondary', sections: ALL_SECTIONS, 'initial-items': 10, filter: 'other', 'selectable-items': false },
  argTypes: {
    persona: {
      description: 'Synthetic patient from `@joinedcare/fixtures` (its `patient-id` goes on `<jc-context>`).',
      options: PERSONAS,
      control: { type: 'select', labels: Object.fromEntries(PERSONAS.map((k) => [k, `(${k}) ${personas[k].label}`])) },
      table: { category: 'story' },
    },
    setting: {
      description: '`setting` of the surrounding `<jc-context>` (the perspective).',
      options: ['primary', 'secondary'],
      control: { type: 'inline-radio' },
      table: { category: 'story' },
    },
    sections: { control: 'text' },
    'initial-items': { control: { type: 'number', min: 1, max: 50 } },
    filter: { options: ['other', 'all'], control: { type: 'inline-radio' } },
    'selectable-items': { control: 'boolean' },
    ...noControls('resources', 'bundle', 'client', 'initialItems', 'headingLevel', 'heading-level'),
  },
  render: (args) => inContext(args),
  parameters: {
    fhir: { resources: scenario },
    docs: {
      description: {
        component: `Inside \`<jc-context fhir-base-url="/fhir" patient-id="…" setting="secondary">\`, each section
searches the synthetic FHIR server (\`@joinedcare/fixtures\`, served by MSW) on its own. Each section is a
table (cards under about 480 px) that says its source and "as of" time once; a row names its own source only
where it differs, and opens its details on demand. The default view is the other setting's: a hospital user
(\`secondary\`) sees all but hospital items, a GP (\`primary\`) all but GP items; "All" is one click away.
High-criticality allergies lead. Stories that slow the server down or make it fail render in their own frame.`,
      },
    },
  },
} satisfies Meta<SummaryArgs>;

export default meta;

const withScenario = (fhir: Parameters<typeof fhirParameters>[0] = {}, height = 600) =>
  fhirParameters({ ...fhir, resources: [...scenario, ...(fhir.resources ?? [])] }, height);

/** (a) Type 2 diabetes seen by a hospital user, in the default view: everything but the hospital's own items. */
export const Loaded: Story = { name: 'Loaded: (a) diabetes, hospital view (default: all but hospital items)' };

/** The same, with "All" chosen: every item, the hospital's too; rows from another source than their section's name it. */
export const AllItems: Story = {
  name: 'Loaded: (a) hospital view, All chosen',
  args: { filter: 'all' },
  play: async ({ canvasElement }) => {
    const el = await summaryIn(canvasElement);
    const all = el.shadowRoot!.querySelector<HTMLInputElement>('[part=filter] input[value=all]')!;
    if (!all.checked) all.click();
    await el.updateComplete;
  },
};

/** The same patient seen by a GP: hospital information first (results, care plan, consultant); the GP's own record is one click away ("All"). */
export const PrimaryPerspective: Story = {
  name: 'Loaded: (a) GP view (default: hospital information first)',
  args: { setting: 'primary' },
};

/** A row's details opened with its Details button (Metformin: prescribed by, issues, source). */
export const DetailsOpen: Story = {
  name: 'Row details open: (a) Metformin',
  args: { filter: 'all' },
  play: async ({ canvasElement }) => {
    const el = await summaryIn(canvasElement);
    const row = [...el.shadowRoot!.querySelectorAll('[part~=item]')].find((r) => r.textContent?.includes('Metformin'));
    row?.querySelector<HTMLButtonElement>('[part=expand-button][aria-expanded=false]')?.click();
    await el.updateComplete;
  },
};

/** `selectable-items`: item titles are buttons that fire `jc-item-selected` (the host listens); without it they are plain text. */
export const SelectableItems: Story = {
  name: 'Item titles as actions (selectable-items)',
  args: { 'selectable-items': true, sections: 'problems medicines' },
};

/** (b) COPD: admissions, A&E and a discharge summary (Open fires `jc-document-open-request`). */
export const PersonaB: Story = { name: 'Loaded: (b) COPD', args: { persona: 'b' } };

/** (c) A child with a high-criticality peanut allergy recorded by the hospital: it leads the summary, whatever the filter; immunisations. */
export const PersonaC: Story = { name: 'Loaded: (c) child, allergy alert first', args: { persona: 'c' } };

/** (d) No records: allergies say "No allergy information available" (a notice, not a reassurance). */
export const Empty: Story = { name: 'Empty record: (d)', args: { persona: 'd' } };

/** (e) GP Connect warnings: confidential items, record transfer in progress, items awaiting filing. */
export const GpConnectWarnings: Story = { name: 'Loaded: (e) GP Connect warnings', args: { persona: 'e' } };

/** (f) 5,200 results and 520 medicine records: counts, the first items, "Show all", paged history. */
export const LargeRecord: Story = { name: 'Large record: (f)', args: { persona: 'f', sections: 'results medicines problems' } };

/** (g) Unusual data: partial dates, codes without display, unknown code systems; entered-in-error left out. */
export const UnusualData: Story = { name: 'Unusual data: (g)', args: { persona: 'g' } };

/** While the sections are on their way: each says Loading (`role="status"`). The server takes 10 minutes here. */
export const Loading: Story = {
  parameters: withScenario({ latency: 600_000 }, 400),
  render: (args) =>
    html`<jc-context
      .client=${new FetchFhirClient({ baseUrl: FHIR_BASE_URL, timeoutMs: 2_000_000_000 })}
      patient-id=${personas[args.persona].patientId}
      setting=${args.setting}
      >${summary(args)}</jc-context
    >`,
};

/** Every search fails, the patient's own record too: one error for the summary, with Retry. */
export const ServerError: Story = {
  name: 'Error (503 everywhere): patient not confirmed',
  parameters: withScenario({
    faults: [{ match: FHIR_BASE_URL, status: 503, body: operationOutcome('Maintenance window (synthetic fault).', 'transient') }],
  }),
};

/** The patient is confirmed but every section's search fails: one error for the whole summary with "Retry all", not one per section. */
export const EverySectionFails: Story = {
  name: 'Error: every section fails (Retry all)',
  parameters: withScenario({
    faults: [
      '/Condition',
      '/Medication',
      '/AllergyIntolerance',
      '/Observation',
      '/Encounter',
      '/DocumentReference',
      '/Immunization',
      '/CareTeam',
      '/CarePlan',
      '/Procedure',
      '/Patient?',
      '/Practitioner',
      '/Organization',
      '/DiagnosticReport',
      '/List',
    ].map((match) => ({
      match,
      status: 503,
      body: operationOutcome('Maintenance window (synthetic fault).', 'transient'),
    })),
  }),
};

/** Only the results search fails: that section shows its error and Retry, the others render (the partial state). */
export const PartialFailure: Story = {
  name: 'Partial failure (results)',
  parameters: withScenario({
    faults: [{ match: '/Observation', status: 500, body: operationOutcome('Lab system offline (synthetic fault).', 'exception') }],
  }),
};

/** No `<jc-context>` and no data: the summary says what is missing. */
export const NotConfigured: Story = { name: 'Not configured', render: (args) => summary(args) };

/** A 320 px side panel: the tables are drawn as compact cards, each value with its column's label. */
export const Narrow: Story = {
  name: 'Narrow (320 px): cards',
  render: (args) => html`<div style="width: 320px; outline: 1px dashed #aeb7bd">${inContext(args)}</div>`,
};

/** A full page. */
export const Wide: Story = {
  name: 'Wide (1200 px)',
  parameters: { layout: 'fullscreen' },
  render: (args) => html`<div style="width: 1200px; max-width: 100%; padding: 16px">${inContext(args)}</div>`,
};

/** 5,000 current medicines (persona (f)'s used as templates), handed in with `.resources`. */
function manyMedicines(n: number): FhirResource[] {
  const templates = (personas.f.resources() as FhirResource[]).filter(
    (r): r is MedicationStatement => r.resourceType === 'MedicationStatement',
  );
  return Array.from({ length: n }, (_, i) => {
    const ms = structuredClone(templates[i % templates.length]);
    ms.id = `story-ms-${i}`;
    ms.status = 'active';
    // 5,000 different medicines (one medicine recorded many times is one row)
    delete ms.medicationReference;
    ms.medicationCodeableConcept = { text: `${ms.medicationCodeableConcept?.text ?? 'Medicine'} (${i + 1})` };
    if (ms.effectivePeriod) ms.effectivePeriod = { start: ms.effectivePeriod.start };
    return ms;
  });
}

/**
 * 5,000 medicines handed in: above 1,000 records the list is built in chunks, with its progress
 * announced ("Preparing medicines: … of 5,000 records"), so the page never freezes; then the first 10.
 */
export const FiveThousandMedicines: Story = {
  name: 'Large record: 5,000 medicines handed in (chunked build)',
  render: (args) =>
    html`<jc-context patient-id=${personas.f.patientId} setting=${args.setting}
      ><jc-care-summary
        sections="medicines"
        .resources=${[...manyMedicines(5000), ...(fixtures.directory as FhirResource[])]}
      ></jc-care-summary
    ></jc-context>`,
};

/** The same 5,000 medicines with `initial-items=5000`: every row drawn, 100 rows a task ("Showing 100 of 5,000 medicines"), no long task. */
export const FiveThousandDrawn: Story = {
  name: 'Large record: 5,000 medicines, every row drawn (initial-items=5000)',
  render: (args) =>
    html`<jc-context patient-id=${personas.f.patientId} setting=${args.setting}
      ><jc-care-summary
        sections="medicines"
        initial-items="5000"
        .resources=${[...manyMedicines(5000), ...(fixtures.directory as FhirResource[])]}
      ></jc-care-summary
    ></jc-context>`,
};

/**
 * An International Patient Summary document Bundle handed in with `.bundle` (no server requests).
 * Its immunisations section is empty with `emptyReason` "Not asked"; care plans are not in the document.
 */
export const IpsBundle: Story = {
  name: 'IPS document Bundle handed in',
  render: (args) =>
    html`<jc-care-summary
      setting=${args.setting}
      .bundle=${ipsDocumentBundle(personas.a, { now: fixtures.now, emptyReasons: { '11369-6': emptyReason('notasked', 'Not asked') } })}
    ></jc-care-summary>`,
};

/** Re-themed with tokens and parts only: a dark, high-contrast look. */
export const Themed: Story = {
  name: 'Re-themed (dark, high contrast)',
  render: (args) =>
    html`<style>
        .dark-summary {
          --jc-color-text: #ffffff;
          --jc-color-text-secondary: #d8dde0;
          --jc-color-surface: #111111;
          --jc-color-surface-alt: #262626;
          --jc-color-border: #aeb7bd;
          --jc-color-primary: #7fc6ff;
          --jc-color-primary-dark: #b7e0ff;
          --jc-color-on-primary: #000000;
          --jc-color-focus: #ffeb3b;
          --jc-color-focus-text: #000000;
          --jc-care-summary-other-accent: #ffb81c;
          --jc-care-summary-risk-accent: #ff8a80;
          --jc-care-summary-trend-color: #7fc6ff;
          --jc-care-summary-trend-color-2: #ffb81c;
          background: #111111;
          padding: 16px;
          display: block;
        }
        .dark-summary jc-care-summary::part(section) {
          border-width: 2px;
        }
        .dark-summary jc-care-summary::part(other-setting) {
          text-transform: uppercase;
        }
      </style>
      <div class="dark-summary">${inContext(args)}</div>`,
};
