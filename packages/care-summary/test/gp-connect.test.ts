// GP Connect Access Record Structured 1.6.2 in <jc-care-summary>: the published example responses (read
// by gpc-data.ts) and variants of them, handed in as `bundle` or relayed from the host's endpoint.
// Every test gives the widget a clock: the examples were recorded in 2016-2019.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { Bundle, List, OperationOutcome } from 'fhir/r4.js';
import { clockAt, personas, useFixtureServer } from './data.js';
import { summaryAlone, summaryInContext, type CareSummaryHarness } from './harness.js';
import {
  consistent,
  diaryAsMeant,
  gpc,
  listCoded,
  oneRecord,
  publishedGpc,
  specListCodes,
  wholeGpcRecord,
  withEntries,
  withNhsNumber,
  withWarning,
  WHOLE_RECORD_FILES,
} from './gpc-data.js';
import { GP_CONNECT_SECTIONS } from '../src/index.js';

const { a, b } = personas;
const BASE = '/gpc-fhir';
/** Soon after the medication example's last issue (11-Sep-2016). */
const SEPT_2016 = clockAt('2016-10-01T09:00:00Z');
/** Soon after the consultations, investigations and referrals examples (2019). */
const JULY_2019 = clockAt('2019-07-01T09:00:00Z');

/** The relay's answers, set by each test (status and body). */
let relayAnswer: { status: number; body: unknown } = { status: 200, body: {} };
const relayed: unknown[] = [];

/**
 * The published examples' NHS number (9999999999) is not a valid NHS number (one digit repeated), so
 * no context accepts it: the examples are handed in with persona (a)'s NHS number on their Patient.
 */
const NHS = a.nhsNumber;

/** The summary with a GP Connect Bundle handed in, in a context that knows the patient by NHS number only. */
const handedIn = (
  bundle: Bundle,
  o: { sections?: string; clock?: { now: () => Date }; asIs?: boolean } = {},
): Promise<CareSummaryHarness> =>
  summaryInContext({
    nhsNumber: NHS,
    setting: 'secondary',
    bundle: o.asIs ? bundle : withNhsNumber(bundle, NHS),
    clock: o.clock ?? JULY_2019,
    sections: o.sections ?? '',
  });

const noLabelTwice = (h: CareSummaryHarness, key: Parameters<CareSummaryHarness['items']>[0]) => {
  for (const li of h.items(key)) {
    const labels = [...li.querySelectorAll('[part=fields] dt')].map((d) => d.textContent?.trim());
    expect(new Set(labels).size, `${key}: ${labels.join(', ')}`).to.equal(labels.length);
  }
};

describe('<jc-care-summary> with a GP Connect structured record', () => {
  useFixtureServer(BASE, [
    http.post('/gpc-relay', async ({ request }) => {
      relayed.push(await request.json());
      return HttpResponse.json(relayAnswer.body as Record<string, unknown>, { status: relayAnswer.status });
    }),
  ]);
  beforeEach(() => {
    relayed.length = 0;
  });

  describe('the published examples', () => {
    it('are read as published: only the Jekyll wrapper removed, and the one trailing comma of consultations_response1.json', async () => {
      const consultations = await publishedGpc('consultations_response1.json');
      expect(consultations.repaired).to.have.length(2);
      expect(consultations.repaired[1]).to.equal('trailing comma before "]" removed (line 1555 of the published file)');
      for (const name of ['allergies_response1.json', 'meds_response.json', 'pathology_response1.json', 'referrals_response1.json']) {
        const p = await publishedGpc(name);
        expect(p.repaired, name).to.have.length(1);
        expect(p.bundle.resourceType, name).to.equal('Bundle');
      }
    });
  });

  describe('the published examples as one whole record (the Storybook "GP Connect record" story)', () => {
    it('every clinical area is shown from its own List; what the published files leave out is said where it is missing', async () => {
      const read = new Map<string, Bundle>(await Promise.all(WHOLE_RECORD_FILES.map(async (n) => [n, await gpc(n)] as const)));
      const h = await handedIn(
        wholeGpcRecord((n) => read.get(n)!, NHS),
        { asIs: true },
      );
      // as published, one consultation entry (Consultation1-Topic1-Category-Plan-Observation-2) names no patient
      expect(h.safetyWarning()).to.contain('1 record did not say which patient it is about, so it was not shown.');
      expect(h.sectionKeys()).to.deep.equal([...GP_CONNECT_SECTIONS]);
      const counts = Object.fromEntries(GP_CONNECT_SECTIONS.map((key) => [key, h.count(key)]));
      expect(counts).to.deep.equal({
        problems: '(4 items)',
        medicines: '(2 of 3 items)',
        allergies: '(4 items)',
        consultations: '(3 items)',
        results: '(18 items)',
        immunisations: '(1 item)',
        referrals: '(2 items)',
        diary: '(2 items)',
        uncategorised: '(3 items)',
      });
      // what the published files themselves leave out, said where it is missing
      expect(h.warnings('allergies')).to.deep.equal(['1 item the GP record lists could not be shown: it is not in the data received.']);
      // consultations_response1.json lists its uncategorised Observations by bare id ("Consultation1-…"), not "Observation/…"
      expect(h.warnings('uncategorised')).to.deep.equal([
        '47 items the GP record lists could not be shown: they are not in the data received.',
      ]);
      // the four Lists coded 99999 "TO BE CONFIRMED"
      expect(h.recordNotes()).to.deep.equal([
        '4 parts of the GP record could not be shown: their section is not known or their data is malformed.',
      ]);
      // (axe runs over this record in the Storybook sweep: test/a11y/stories.test.mjs)
    });
  });

  describe('medicines: statement, authorisation and issues folded', () => {
    it('each issue of a repeat is folded into its authorisation (basedOn): one row with the last issue, the issues and who prescribed', async () => {
      const h = await handedIn(await gpc('meds_response.json'), { sections: 'medicines', clock: SEPT_2016 });
      expect(h.safetyWarning()).to.equal(undefined);
      // two medicines: aspirin (a repeat with two issues) and amoxicillin (two acute statements)
      expect(h.titles('medicines')).to.deep.equal(['Aspirin 75mg dispersible tablets', 'Amoxicillin 250mg capsules']);
      expect(h.count('medicines')).to.equal('(2 items)');
      const aspirin = 'Aspirin 75mg dispersible tablets';
      // the last issue date extension ends in "-1" (here the hl7.org.uk spelling of the published example)
      expect(h.field('medicines', aspirin, 'Last issued')).to.equal('11-Sep-2016');
      expect(h.field('medicines', aspirin, 'Issues')).to.equal('2 of 5 allowed');
      expect(h.field('medicines', aspirin, 'Prescription type')).to.equal('Repeat');
      expect(h.field('medicines', aspirin, 'Prescribed by')).to.equal('The Trevelyan Practice (setting not known)');
      expect(h.field('medicines', aspirin, 'Prescribing agency')).to.equal('Prescribed at GP practice');
      expect(h.field('medicines', aspirin, 'Dose')).to.equal('TAKE ONE DAILY');
      noLabelTwice(h, 'medicines');
      await expect(h.el).to.be.accessible();
    });

    it('the same medicine recorded several times is one row with its history; past medicines are counted and shown on request', async () => {
      const h = await handedIn(await gpc('meds_response.json'), { sections: 'medicines', clock: clockAt('2017-09-01T09:00:00Z') });
      // amoxicillin was completed in May 2016, more than six months ago: counted, not dropped
      expect(h.titles('medicines')).to.deep.equal(['Aspirin 75mg dispersible tablets']);
      expect(h.count('medicines')).to.equal('(1 of 2 items)');
      expect(h.notes('medicines').join()).to.contain('1 past medicine (stopped or completed more than 6 months ago) is not shown.');
      expect(h.pastButton()!.textContent?.trim()).to.equal('Show past medicines');
      await h.togglePast();
      expect(h.titles('medicines')).to.deep.equal(['Aspirin 75mg dispersible tablets', 'Amoxicillin 250mg capsules']);
      expect(h.field('medicines', 'Amoxicillin 250mg capsules', 'Records')).to.equal('2');
      await h.showRecords('medicines', 'Amoxicillin 250mg capsules');
      expect(h.historyTexts('medicines')).to.have.length(2);
      expect(h.historyTexts('medicines')[0]).to.contain('Completed');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('allergies: active and ended', () => {
    it('reads STU3 fields (assertedDate, code statuses), the ended allergies List, and says when a listed allergy is missing', async () => {
      const bundle = specListCodes(consistent(await gpc('allergies_response1.json')));
      const h = await handedIn(bundle, { sections: 'allergies' });
      expect(h.safetyWarning()).to.equal(undefined);
      expect(h.titles('allergies')).to.deep.equal([
        'Nut allergy',
        'Allergy to paracetemol',
        'Amoxicillin 250mg capsules',
        'Aspirin 75mg dispersible tablet',
      ]);
      const items = h.items('allergies');
      expect(h.itemText('allergies', 'Nut allergy')).to.contain('Recorded 08-Feb-2016');
      expect(h.itemText('allergies', 'Nut allergy')).not.to.contain('Not known');
      // GP Connect fixes verificationStatus to "unconfirmed" and says it MUST NOT be given meaning
      expect(items.slice(0, 3).map((i) => i.querySelector('[part=status]')?.textContent)).to.deep.equal(['Active', 'Active', 'Active']);
      // the ended allergy, contained in the Ended allergies List
      expect(h.itemText('allergies', 'Aspirin 75mg dispersible tablet')).to.contain('Ended allergies');
      expect(h.field('allergies', 'Aspirin 75mg dispersible tablet', 'Ended')).to.equal(
        '01-Mar-2018: Patient reports no subsequent recurrence on same medication',
      );
      expect(h.field('allergies', 'Nut allergy', 'Notes')).to.equal(
        'Certainty: Certain, Severity: Life Threatening, NOTES: notes on the peanut allergy',
      );
      // the Active Allergies List names four; the Bundle holds three of them
      expect(h.warnings('allergies')).to.deep.equal(['1 item the GP record lists could not be shown: it is not in the data received.']);
      await expect(h.el).to.be.accessible();
    });

    it('as published: the "Resolved Allergies" List (another NHS number on it) is refused, visibly, and never shown as active', async () => {
      const h = await handedIn(await gpc('allergies_response1.json'), { sections: 'allergies' });
      expect(h.safetyWarning()).to.contain('1 record belonged to a different patient');
      expect(h.recordNotes().join()).to.equal('');
      expect(h.titles('allergies')).not.to.include('Aspirin 75mg dispersible tablet');
    });

    it('an empty List with "no content recorded" is not a "no known allergies": the sender’s note is shown', async () => {
      const h = await handedIn(await gpc('allergies_response3.json'), { sections: 'allergies' });
      expect(h.noneKnown()).to.equal(null);
      expect(h.notAvailable('allergies')!.textContent).to.contain('Nothing recorded in the GP record');
      expect(h.notes('allergies')).to.deep.equal(['Information not available.']);
      expect(h.sectionText('allergies')).not.to.contain('No known allergies');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('warnings', () => {
    it('each List warning is on the section of its List; data-in-transit is on the whole record', async () => {
      let bundle = oneRecord(
        await gpc('meds_response.json'),
        await gpc('pathology_response1.json'),
        await gpc('uncategorised_response1.json'),
      );
      bundle = withWarning(
        bundle,
        '887191000000108',
        'confidential-items',
        'Items excluded due to confidentiality and/or patient preferences.',
      );
      bundle = withWarning(
        bundle,
        '826501000000100',
        'data-awaiting-filing',
        'Patient record contains some items in the GP practice workflow that have not been reviewed.',
      );
      const transit =
        'Patient record transfer from previous GP practice not yet complete; information recorded before 01-Feb-2019 may be missing.';
      bundle = withWarning(bundle, '933361000000108', 'data-in-transit', transit);
      const h = await handedIn(bundle, { sections: 'medicines results uncategorised consultations' });
      // Investigations and results (887191000000108) is the results section, never encounters
      expect(h.warnings('results').join()).to.contain('confidential');
      expect(h.warnings('uncategorised').join()).to.contain('awaiting filing');
      expect(h.warnings('medicines')).to.deep.equal([]);
      expect(h.recordWarnings()).to.deep.equal([
        `The record transfer from the previous GP practice is not complete: older information may be missing. ${transit}`,
      ]);
      await expect(h.el).to.be.accessible();
    });

    it('an OperationOutcome in the Bundle is the reason its areas are missing', async () => {
      const h = await handedIn(await gpc('consultations_forwards_response1.json'), { sections: 'problems consultations medicines' });
      for (const key of ['problems', 'consultations'] as const) {
        expect(h.warnings(key).join(), key).to.contain('The GP practice’s system did not send this part of the record.');
        expect(h.notAvailable(key)!.textContent, key).to.contain('information available: the GP practice’s system did not send it');
      }
      expect(h.warnings('consultations').join()).to.contain('includeConsultations is an unrecognised parameter');
      expect(h.warnings('medicines').join()).not.to.contain('did not send');
      await expect(h.el).to.be.accessible();
    });

    it('a List with an unknown code or malformed data is counted in the visible note', async () => {
      const broken: List = {
        resourceType: 'List',
        status: 'current',
        mode: 'snapshot',
        subject: { reference: 'Patient/04603d77-1a4e-4d63-b246-d7504f8bd833' },
        entry: 'x' as unknown as List['entry'],
      };
      const h = await handedIn(withEntries(consistent(await gpc('consultations_response1.json')), broken), { sections: 'problems' });
      // four published Lists coded 99999 "TO BE CONFIRMED", and the one with no code
      expect(h.recordNotes()).to.deep.equal([
        '5 parts of the GP record could not be shown: their section is not known or their data is malformed.',
      ]);
      await expect(h.el).to.be.accessible();
    });
  });

  describe('clinical areas', () => {
    it('problems: significance, related problems and the items linked to them', async () => {
      const h = await handedIn(consistent(await gpc('consultations_response1.json')), { sections: 'problems' });
      expect(h.titles('problems')).to.have.members([
        'Anxiety with depression',
        'Swollen legs',
        'Upper respiratory infection',
        'Postviral cough',
      ]);
      expect(h.field('problems', 'Anxiety with depression', 'Significance')).to.equal('Major');
      expect(h.field('problems', 'Upper respiratory infection', 'Related problems')).to.equal('Parent of Postviral cough');
      expect(h.field('problems', 'Postviral cough', 'Related problems')).to.equal('Child of Upper respiratory infection');
      const linked = h.field('problems', 'Anxiety with depression', 'Linked items')!;
      expect(linked).to.contain('Citalopram 20mg tablets');
      expect(linked).to.contain('Never smoked tobacco');
      // the example writes "Referral items are not supported by the provider system" as a reference, and
      // one reference names an observation it does not send: both are counted, never dropped
      expect(linked).to.match(/; 2 linked items not in this record$/);
      noLabelTwice(h, 'problems');
      await expect(h.el).to.be.accessible();
    });

    it('consultations: each consultation with its clinician and its topics’ headings and entries', async () => {
      const h = await handedIn(consistent(await gpc('consultations_response1.json')), { sections: 'consultations' });
      expect(h.count('consultations')).to.equal('(3 items)');
      const first = h.items('consultations').at(-1)!;
      expect(first.textContent).to.contain('Surgery Consultation');
      expect(h.itemText('consultations', /Surgery Consultation/)).to.contain('Clinician');
      const anxiety = [...first.querySelectorAll('[part=fields] > div')].find((d) =>
        d.querySelector('dt')?.textContent?.startsWith('Anxiety with Depression'),
      )!;
      expect(anxiety.querySelector('dt')!.textContent).to.equal('Anxiety with Depression (problem: Anxiety with depression)');
      expect(anxiety.querySelector('dd')!.textContent).to.match(/^History: .+; Examination: .+; Social: .+; Plan: /);
      await expect(h.el).to.be.accessible();
    });

    it('investigations: a report’s results with their test group, report and specimen; the test group is a heading, not a result', async () => {
      const h = await handedIn(await gpc('pathology_response1.json'), { sections: 'results' });
      expect(h.safetyWarning()).to.equal(undefined);
      expect(h.titles('results')).not.to.include('FBC - Full blood count');
      expect(h.count('results')).to.equal('(18 items)');
      const wbc = 'Total white cell count';
      expect(h.itemText('results', wbc)).to.contain('Collected 01-Apr-2019');
      expect(h.field('results', wbc, 'Test group')).to.equal('FBC - Full blood count');
      expect(h.field('results', wbc, 'Report')).to.equal('Diagnostic studies report, issued 03-Apr-2019');
      expect(h.field('results', wbc, 'Specimen')).to.equal('Venous blood specimen, collected 01-Apr-2019');
      expect(h.field('results', wbc, 'Value')).to.equal('5.7 10*9/L');
      await expect(h.el).to.be.accessible();
    });

    it('immunisations: a vaccination not given says so, and an unknown product is named by its vaccination procedure', async () => {
      const h = await handedIn(await gpc('immunizations_response2.json'), { sections: 'immunisations' });
      expect(h.titles('immunisations')).to.deep.equal(['Hepatitis A vaccination not done', 'First hepatitis A vaccination']);
      expect(h.items('immunisations').map((i) => i.querySelector('[part=status]')?.textContent)).to.deep.equal(['Not given', 'Given']);
      expect(h.field('immunisations', 'First hepatitis A vaccination', 'Vaccine')).to.contain('Not known');
      await expect(h.el).to.be.accessible();
    });

    it('outbound referrals, diary entries and uncategorised data', async () => {
      const diary = diaryAsMeant(await gpc('diaryentries_response1.json'));
      const bundle = specListCodes(oneRecord(await gpc('referrals_response1.json'), diary, await gpc('uncategorised_response1.json')));
      const h = await handedIn(bundle, { sections: 'referrals diary uncategorised' });
      expect(h.titles('referrals')).to.have.members(['Referral to physiotherapist', 'Referral to counselor']);
      const physio = 'Referral to physiotherapist';
      expect(h.itemText('referrals', physio)).to.contain('Referred 28-Mar-2019');
      expect(h.field('referrals', physio, 'Referred to')).to.equal('Dr Dave');
      expect(h.field('referrals', physio, 'Priority')).to.equal('Routine');
      expect(h.field('referrals', physio, 'Description')).to.equal('Referral due to swollen legs');
      expect(h.titles('diary')).to.deep.equal(['Medication review due', 'Antipsychotic drug therapy']);
      expect(h.itemText('diary', 'Medication review due')).to.contain('Due 02-May-2019');
      expect(h.titles('uncategorised')).to.have.members([
        'Temperature',
        'Arterial oxygen saturation breathing room air at rest',
        'Respiratory rate',
      ]);
      expect(h.field('uncategorised', 'Temperature', 'Value')).to.equal('36.7 C');
      await expect(h.el).to.be.accessible();
    });

    it('with no sections set, the GP Connect areas: those the record does not hold say so', async () => {
      const h = await handedIn(await gpc('meds_response.json'), { clock: SEPT_2016 });
      expect(h.sectionKeys()).to.deep.equal([
        'problems',
        'medicines',
        'allergies',
        'consultations',
        'results',
        'immunisations',
        'referrals',
        'diary',
        'uncategorised',
      ]);
      expect(h.notAvailable('problems')!.textContent).to.contain('Not included in this GP Connect record');
      expect(h.sectionText('problems')).not.to.contain('No problems recorded');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('whose record it is', () => {
    it('a patient known by NHS number only: the right patient’s Bundle is shown once the server has confirmed the patient', async () => {
      const bundle = withNhsNumber(await gpc('meds_response.json'), a.nhsNumber);
      const h = await summaryInContext({
        base: BASE,
        nhsNumber: a.nhsNumber,
        setting: 'secondary',
        clock: SEPT_2016,
        sections: 'medicines',
      });
      h.el.bundle = bundle;
      await h.settled();
      expect(h.safetyWarning()).to.equal(undefined);
      expect(h.titles('medicines')).to.deep.equal(['Aspirin 75mg dispersible tablets', 'Amoxicillin 250mg capsules']);
      // the GP system's ids are not this server's: a context with the server's id is the same person
      const h2 = await summaryInContext({
        base: BASE,
        patientId: a.patientId,
        setting: 'secondary',
        clock: SEPT_2016,
        sections: 'medicines',
        bundle,
      });
      expect(h2.safetyWarning()).to.equal(undefined);
      expect(h2.count('medicines')).to.equal('(2 items)');
    });

    it('a Bundle for another patient is refused whole, visibly: no section, no "none recorded"', async () => {
      const h = await handedIn(withNhsNumber(await gpc('meds_response.json'), b.nhsNumber), { clock: SEPT_2016, asIs: true });
      expect(h.refused()).to.contain('This GP Connect record was not shown: it is not for the patient in context.');
      expect(h.safetyWarning()).to.contain('different patient');
      expect(h.sectionKeys()).to.deep.equal([]);
      expect(h.text()).not.to.contain('No problems recorded');
      expect(h.text()).not.to.contain('Aspirin');
      await expect(h.el).to.be.accessible();
      // alone, the Bundle's own Patient is whom it is about
      const alone = await summaryAlone({ bundle: await gpc('meds_response.json'), sections: 'medicines', clock: SEPT_2016 });
      expect(alone.refused()).to.equal(undefined);
      expect(alone.count('medicines')).to.equal('(2 items)');
    });
  });

  describe('an endpoint of the host that relays $gpc.getstructuredrecord', () => {
    it('asks for every clinical area for the patient’s NHS number and shows the record', async () => {
      relayAnswer = { status: 200, body: withNhsNumber(await gpc('meds_response.json'), NHS) };
      const h = await summaryInContext({
        nhsNumber: NHS,
        setting: 'secondary',
        clock: SEPT_2016,
        sections: 'medicines allergies',
        gpConnectEndpoint: '/gpc-relay',
      });
      expect(h.titles('medicines')).to.deep.equal(['Aspirin 75mg dispersible tablets', 'Amoxicillin 250mg capsules']);
      expect(h.notAvailable('allergies')!.textContent).to.contain('Not included in this GP Connect record');
      expect(relayed).to.have.length(1);
      const params = relayed[0] as { resourceType: string; parameter: Array<{ name: string; valueIdentifier?: { value: string } }> };
      expect(params.resourceType).to.equal('Parameters');
      expect(params.parameter[0]).to.deep.equal({
        name: 'patientNHSNumber',
        valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS },
      });
      expect(params.parameter.map((p) => p.name).slice(1)).to.deep.equal([
        'includeAllergies',
        'includeMedication',
        'includeConsultations',
        'includeProblems',
        'includeImmunisations',
        'includeUncategorisedData',
        'includeInvestigations',
        'includeReferrals',
        'includeDiaryEntries',
      ]);
      await expect(h.el).to.be.accessible();
    });

    it('a relay error is shown with its OperationOutcome and Retry; an endpoint on another origin is refused', async () => {
      const oo: OperationOutcome = {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-found', diagnostics: 'PATIENT_NOT_FOUND (synthetic)' }],
      };
      relayAnswer = { status: 404, body: oo };
      const h = await summaryInContext({
        nhsNumber: NHS,
        clock: SEPT_2016,
        sections: 'medicines',
        gpConnectEndpoint: '/gpc-relay',
      });
      expect(h.error()!.textContent).to.contain('PATIENT_NOT_FOUND (synthetic)');
      expect(h.offersRetry()).to.equal(true);
      await expect(h.el).to.be.accessible();
      relayAnswer = { status: 200, body: withNhsNumber(await gpc('meds_response.json'), NHS) };
      await h.retry();
      expect(h.count('medicines')).to.equal('(2 items)');
      const other = await summaryInContext({
        nhsNumber: NHS,
        clock: SEPT_2016,
        sections: 'medicines',
        gpConnectEndpoint: 'https://relay.example.org/gpc',
      });
      expect(other.error()).to.exist;
      expect(relayed).to.have.length(2);
    });

    it('with no NHS number in context, says what is missing', async () => {
      const h = await summaryInContext({ patientId: 'x-1', clock: SEPT_2016, gpConnectEndpoint: '/gpc-relay' });
      expect(h.notConfigured()).to.contain('an NHS number');
      expect(listCoded(await gpc('meds_response.json'), '933361000000108')).to.exist;
    });
  });
});
