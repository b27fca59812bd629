/// <reference types="vite/client" />
// <jc-care-summary> fed by the other setting's own documents, as their specifications publish them: a
// GP Connect Access Record Structured 1.6.2 record (the STU3 Bundle `$gpc.getstructuredrecord`
// returns) and International Patient Summary documents. The data is the published examples in
// test/data, read as the tests read them (packages/care-summary/test/gpc-data.ts: the Jekyll wrapper
// removed, variants made in code); the files stay as published.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { Bundle } from 'fhir/r4.js';
import '@joinedcare/care-summary/define.js';
import { consistent, readPublishedGpc, wholeGpcRecord, withNhsNumber, withWarning } from '../packages/care-summary/test/gpc-data.js';
import { FHIR_BASE_URL, personas } from './support/fhir.js';
import { noControls } from './support/controls.js';

const gpConnectFiles = import.meta.glob<string>('../test/data/gp-connect/*.json', { query: '?raw', import: 'default', eager: true });
const ipsFiles = import.meta.glob<unknown>('../test/data/ips/*.json', { import: 'default', eager: true });

/** A published GP Connect example response, read (see `readPublishedGpc`). */
function gpConnect(name: string): Bundle {
  const raw = gpConnectFiles[`../test/data/gp-connect/${name}`];
  if (raw === undefined) throw new Error(`${name} is not in test/data/gp-connect`);
  return readPublishedGpc(name, raw).bundle;
}

/** A published IPS example document, as published (a copy). */
function ips(name: string): Bundle {
  const doc = ipsFiles[`../test/data/ips/${name}`];
  if (doc === undefined) throw new Error(`${name} is not in test/data/ips`);
  return structuredClone(doc) as Bundle;
}

/** The GP Connect examples were recorded in 2016-2019: the stories' clock is soon after. */
const JULY_2019 = { now: () => new Date('2019-07-01T09:00:00Z') };
/** Soon after the IPS examples' timestamps (11-Dec-2020 and 08-Jan-2022). */
const JANUARY_2022 = { now: () => new Date('2022-01-10T09:00:00Z') };

/**
 * The published examples' NHS number (9999999999) belongs to no fixture patient, so the record is
 * handed in with persona (a)'s, in a context that knows the patient by NHS number only.
 */
const NHS_NUMBER = personas.a.nhsNumber;

interface SourceArgs {
  /** The user's care setting, passed to `<jc-context>`. */
  setting: 'primary' | 'secondary';
}

type Story = StoryObj<SourceArgs>;

/** A hospital's `<jc-context>` that knows the patient by NHS number, with the GP Connect record handed in. */
const gpcInContext = (bundle: Bundle, args: SourceArgs) =>
  html`<jc-context fhir-base-url=${FHIR_BASE_URL} nhs-number=${NHS_NUMBER} setting=${args.setting} .clock=${JULY_2019}
    ><jc-care-summary .bundle=${bundle}></jc-care-summary
  ></jc-context>`;

const meta = {
  title: 'Widgets/Care summary (GP Connect and IPS)',
  component: 'jc-care-summary',
  args: { setting: 'secondary' },
  argTypes: {
    setting: {
      description: '`setting` of the surrounding `<jc-context>` (the perspective).',
      options: ['primary', 'secondary'],
      control: { type: 'inline-radio' },
      table: { category: 'story' },
    },
    ...noControls('resources', 'bundle', 'client', 'initialItems', 'headingLevel', 'heading-level', 'sections', 'initial-items'),
  },
  parameters: {
    docs: {
      description: {
        component: `The summary fed by the other setting's own documents, handed in with \`.bundle\`: a GP Connect
Access Record Structured record (STU3, grouped in \`List\`s) and International Patient Summary documents
(\`urn:uuid:\` references). Built from the specifications' published examples (\`test/data\`); what the
examples themselves leave out is said where it is missing.`,
      },
    },
  },
} satisfies Meta<SourceArgs>;

export default meta;

/**
 * GP Connect 1.6.2's published example responses, one per clinical area, as one structured record:
 * problems, medicines (statement, authorisation and issues folded), allergies (active and ended),
 * consultations, investigations, immunisations, outbound referrals, diary entries and uncategorised
 * data. As published, one consultation entry names no patient (refused, visibly), the allergies List
 * names one allergy the Bundle does not hold, and the uncategorised items of the consultations example
 * are listed by bare id: each is said where it is missing.
 */
export const GpConnectRecord: Story = {
  name: 'GP Connect record',
  render: (args) =>
    gpcInContext(
      wholeGpcRecord((name) => gpConnect(name), NHS_NUMBER),
      args,
    ),
};

/**
 * The same record with List warnings, each on the section of its List: confidential items on
 * investigations and results, items awaiting filing on uncategorised data, and an incomplete GP2GP
 * transfer (`data-in-transit`) on the whole record.
 */
export const GpConnectWarnings: Story = {
  name: 'GP Connect record: List warnings',
  render: (args) => {
    let record = wholeGpcRecord((name) => gpConnect(name), NHS_NUMBER);
    record = withWarning(
      record,
      '887191000000108',
      'confidential-items',
      'Items excluded due to confidentiality and/or patient preferences.',
    );
    record = withWarning(
      record,
      '826501000000100',
      'data-awaiting-filing',
      'Patient record contains some items in the GP practice workflow that have not been reviewed.',
    );
    record = withWarning(
      record,
      '933361000000108',
      'data-in-transit',
      'Patient record transfer from previous GP practice not yet complete; information recorded before 01-Feb-2019 may be missing.',
    );
    return gpcInContext(record, args);
  },
};

/** The published response of a GP system that does not support the consultations it was asked for: its OperationOutcome is the reason those areas are missing. */
export const GpConnectNotSent: Story = {
  name: 'GP Connect record: areas not sent (OperationOutcome)',
  render: (args) => gpcInContext(withNhsNumber(consistent(gpConnect('consultations_forwards_response1.json')), NHS_NUMBER), args),
};

/** A GP Connect record whose Patient is another person (persona (b)'s NHS number): refused as a whole, visibly; nothing of it is shown. */
export const GpConnectOtherPatient: Story = {
  name: 'GP Connect record for another patient (refused)',
  render: (args) => gpcInContext(withNhsNumber(gpConnect('meds_response.json'), personas.b.nhsNumber), args),
};

/** A published IPS document handed in alone: whom it is about is its Composition's subject. */
const ipsAlone = (name: string, args: SourceArgs) =>
  html`<jc-care-summary setting=${args.setting} .clock=${JANUARY_2022} .bundle=${ips(name)}></jc-care-summary>`;

/** The IPS specification's minimal example document, as published: every reference an entry's `urn:uuid:` fullUrl. */
export const IpsDocument: Story = {
  name: 'IPS document',
  render: (args) => ipsAlone('Bundle-IPS-examples-Bundle-minimal.json', args),
};

/** The IPS example with the absent/unknown codes ("no information about allergies", …): "not available" statements, never items. */
export const IpsNoInformation: Story = {
  name: 'IPS document: no information (absent/unknown codes)',
  render: (args) => ipsAlone('bundle-no-info-required-sections.json', args),
};
