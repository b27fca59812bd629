// The advice panel's test setup, shared by its element suites: the fixture FHIR server with every A&G
// scenario of persona (a) in e-RS's published fields, and a panel mounted in a <jc-context> on it.
import { html } from '@open-wc/testing';
import type { Communication, Reference } from 'fhir/r4.js';
import { adviceAllScenarios, buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache, type FhirClient, type JcContext } from '@joinedcare/core';
import { clearAllDrafts, type AdviceService } from '../src/index.js';
import { AdvicePanelHarness } from './harness.js';
import { asPublished } from './ers-data.js';

export const now = new Date('2026-11-20T12:00:00Z');
export const set = buildPersonas({ now });
export const clock = { now: () => now };
export const BASE = '/advice-fhir';
export const POST_COMM = `POST ${BASE}/Communication`;
export const sender: Reference = { reference: 'Practitioner/prac-gp-okafor', display: 'Dr Amara Okafor' };
export const specialist: Reference = { reference: 'Practitioner/prac-cons-raman', display: 'Dr Priya Raman' };
export const services: AdviceService[] = [
  {
    id: 'diab',
    label: 'Diabetes Advice Service',
    specialty: { text: 'Diabetic medicine' },
    reference: { reference: 'HealthcareService/hs-diabetes-advice', display: 'Diabetes Advice Service' },
  },
];
const { a } = set.personas;
/** The id of persona (a)'s request of one scenario (`provider-response-required`, `overdue`, …). */
export const req = (key: string) => `ag-${a.patientId}-${key}-req`;
export const PRR = req('provider-response-required');

export interface MountOptions {
  setting?: 'primary' | 'secondary';
  patientId?: string;
  canReply?: boolean;
  who?: Reference | undefined;
  client?: FhirClient;
  persist?: boolean;
  convertMode?: string;
  wait?: boolean;
  base?: string;
  userKey?: string;
  /** The host opens attachments (`open-attachments`). */
  openAttachments?: boolean;
}

export type MountedPanel = AdvicePanelHarness & { ctx: JcContext };

/** A panel for the patient (default persona a) inside a <jc-context> on the fixture server, drawn. */
export async function mountPanel(o: MountOptions = {}): Promise<MountedPanel> {
  const h = await AdvicePanelHarness.mount(
    html`<jc-context
      fhir-base-url=${o.base ?? BASE}
      patient-id=${o.patientId ?? a.patientId}
      setting=${o.setting ?? 'primary'}
      user-key=${o.userKey ?? ''}
      .clock=${clock}
    >
      <jc-advice-panel
        ?can-reply=${o.canReply ?? false}
        ?persist-drafts=${o.persist ?? false}
        ?open-attachments=${o.openAttachments ?? false}
        convert-mode=${o.convertMode ?? 'event'}
        .sender=${'who' in o ? o.who : o.setting === 'secondary' ? specialist : sender}
        .services=${services}
        .attachments=${[{ documentReferenceId: `ag-${a.patientId}-attachments-doc-1`, title: 'Blood results' }]}
        .client=${o.client}
      ></jc-advice-panel>
    </jc-context>`,
    { wait: o.wait ?? true },
  );
  return Object.assign(h, { ctx: h.el.closest<JcContext>('jc-context')! });
}

/** Puts the context on another patient and waits until the panel has drawn them. */
export async function switchTo(h: MountedPanel, patientId: string): Promise<void> {
  h.ctx.setAttribute('patient-id', patientId);
  await h.ctx.updateComplete;
  await h.settled();
}

/**
 * The fixture server for a suite: started once, loaded with persona (a)'s A&G scenarios (in e-RS's
 * published fields) before each test, and reset after it (with the page's request cache and drafts).
 */
export function useAdviceServer(): { readonly server: FhirFixtureServer; countByText(text: string): number } {
  let server: FhirFixtureServer | undefined;
  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    await startFixtureWorker(server);
  });
  beforeEach(() => {
    for (const r of asPublished(adviceAllScenarios({ now, patientId: a.patientId }))) server!.put(r, { preserveLastUpdated: true });
  });
  afterEach(() => {
    server!.reset();
    sharedRequestCache.invalidate();
    clearAllDrafts();
  });
  return {
    get server() {
      return server!;
    },
    countByText: (t) => server!.list<Communication>('Communication').filter((m) => m.payload?.some((p) => p.contentString === t)).length,
  };
}
