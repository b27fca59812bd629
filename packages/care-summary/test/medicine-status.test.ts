// Issue 17: a medicine's status and dates say only what the record says. A stop date comes from an
// end date or GP Connect's status reason date, never from when the medicine was recorded or issued;
// several records naming one Medication that was not received are one row that says so.
import { expect } from '@open-wc/testing';
import type { Bundle, MedicationRequest, MedicationStatement } from 'fhir/r4.js';
import { clock, clockAt, now, personas } from './data.js';
import { summaryAlone, summaryInContext } from './harness.js';
import { buildSection } from '../src/index.js';
import { gpc, ofType, withNhsNumber } from './gpc-data.js';

const { a } = personas;
const subject = { reference: `Patient/${a.patientId}` };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);
const ASPIRIN = 'Aspirin 75mg dispersible tablets';
const STATUS_REASON = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-MedicationStatusReason-1';

/** The published medication example with aspirin stopped: its statement `stopped` (no end date) and its authorisation's status reason. */
async function aspirinStopped(reason?: { date: string; text: string }): Promise<Bundle> {
  const b = withNhsNumber(await gpc('meds_response.json'), a.nhsNumber);
  const statement = ofType<MedicationStatement>(b, 'MedicationStatement').find((s) => s.status === 'active')!;
  statement.status = 'stopped';
  const planRef = statement.basedOn![0].reference!.split('/')[1];
  const plan = ofType<MedicationRequest>(b, 'MedicationRequest').find((r) => r.id === planRef)!;
  plan.status = 'stopped';
  if (reason) {
    plan.extension = [
      ...(plan.extension ?? []),
      {
        url: STATUS_REASON,
        extension: [
          { url: 'statusReason', valueCodeableConcept: { text: reason.text } },
          { url: 'statusChangeDate', valueDateTime: reason.date },
        ],
      },
    ];
  }
  return b;
}

describe('<jc-care-summary> medicine status and dates, as recorded', () => {
  it('a stopped GP Connect medicine is stopped on its status reason date, with its reason; none recorded: "Not recorded", never the date it was recorded', async () => {
    const october2016 = clockAt('2016-10-01T09:00:00Z');
    const h = await summaryAlone({
      bundle: await aspirinStopped({ date: '2016-09-20', text: 'Gastric irritation' }),
      clock: october2016,
      sections: 'medicines',
    });
    expect(h.safetyWarning()).to.equal(undefined);
    expect(h.item('medicines', ASPIRIN).querySelector('[part=status]')?.textContent).to.equal('Stopped');
    expect(h.field('medicines', ASPIRIN, 'Stopped')).to.equal('20-Sep-2016');
    expect(h.field('medicines', ASPIRIN, 'Reason')).to.equal('Gastric irritation');
    // no stop date anywhere: the date it was recorded (11-Aug-2016) is not when it stopped
    const h2 = await summaryAlone({ bundle: await aspirinStopped(), clock: october2016, sections: 'medicines' });
    expect(h2.field('medicines', ASPIRIN, 'Stopped')).to.equal('Not recorded');
    // recorded as stopped less than six months ago: it stays in view, not among past medicines
    expect(h2.titles('medicines')).to.include(ASPIRIN);
    await expect(h2.el).to.be.accessible();
  });

  it('a stopped statement with no end date never shows its recorded date as the stop date; recorded long ago, it is a past medicine', async () => {
    const statement = (id: string, name: string, days: number): MedicationStatement => ({
      resourceType: 'MedicationStatement',
      id,
      status: 'stopped',
      subject,
      medicationCodeableConcept: { text: name },
      dateAsserted: daysAgo(days),
    });
    const h = await summaryInContext({
      patientId: a.patientId,
      clock,
      sections: 'medicines',
      resources: [statement('ms-recent', 'Ramipril 2.5mg capsules', 30), statement('ms-old', 'Atenolol 50mg tablets', 400)],
    });
    expect(h.titles('medicines')).to.deep.equal(['Ramipril 2.5mg capsules']);
    expect(h.field('medicines', 'Ramipril 2.5mg capsules', 'Stopped')).to.equal('Not recorded');
    expect(h.notes('medicines').join()).to.contain('1 past medicine (stopped or completed more than 6 months ago) is not shown.');
    await h.togglePast();
    expect(h.field('medicines', 'Atenolol 50mg tablets', 'Stopped')).to.equal('Not recorded');
  });

  it('recorded as stopped with no stop date, a medicine is not said to have stopped in the last 6 months', () => {
    const stopped = (id: string, end?: string): MedicationStatement => ({
      resourceType: 'MedicationStatement',
      id,
      status: 'stopped',
      subject,
      medicationCodeableConcept: { text: id },
      dateAsserted: daysAgo(20),
      ...(end ? { effectivePeriod: { start: daysAgo(200), end } } : {}),
    });
    const m = buildSection('medicines', [stopped('Ramipril 2.5mg capsules'), stopped('Atenolol 50mg tablets', daysAgo(30))], { now });
    expect(m.items.map((i) => [i.title, i.group])).to.have.deep.members([
      ['Atenolol 50mg tablets', 'Stopped in the last 6 months'],
      ['Ramipril 2.5mg capsules', 'Stopped (when is not recorded)'],
    ]);
  });

  it('an authorisation with no statement is one row with its issues (basedOn): the last issue and how many, never a row per issue', () => {
    const request = (
      id: string,
      intent: MedicationRequest['intent'],
      days: number,
      extra: Partial<MedicationRequest> = {},
    ): MedicationRequest => ({
      resourceType: 'MedicationRequest',
      id,
      status: intent === 'plan' ? 'active' : 'completed',
      intent,
      subject,
      medicationCodeableConcept: { text: 'Lisinopril 10mg tablets' },
      authoredOn: daysAgo(days),
      dosageInstruction: [{ text: 'One daily' }],
      ...extra,
    });
    const plan = request('plan-1', 'plan', 90);
    const issues = [40, 10].map((d, i) => request(`issue-${i}`, 'order', d, { basedOn: [{ reference: 'MedicationRequest/plan-1' }] }));
    const m = buildSection('medicines', [plan, ...issues], { now });
    expect(m.items.map((i) => i.title)).to.deep.equal(['Lisinopril 10mg tablets']);
    const fields = Object.fromEntries(m.items[0].fields.map((f) => [f.label, f.value]));
    // the newest issue, 10 days before the tests' now (01-Nov-2026)
    expect(fields['Last issued']).to.equal('22-Oct-2026');
    expect(fields['Issues']).to.equal('2');
    expect(m.items[0].status).to.equal('Active');
  });

  it('several records naming one Medication that was not received are one row that says its details were not received', async () => {
    const statement = (id: string, days: number): MedicationStatement => ({
      resourceType: 'MedicationStatement',
      id,
      status: 'active',
      subject,
      medicationReference: { reference: 'Medication/not-sent' },
      dateAsserted: daysAgo(days),
    });
    const h = await summaryInContext({
      patientId: a.patientId,
      clock,
      sections: 'medicines',
      resources: [statement('m1', 90), statement('m2', 60), statement('m3', 30)],
    });
    expect(h.titles('medicines')).to.deep.equal(['Unnamed medicine (the medicine’s details were not received)']);
    expect(h.field('medicines', /Unnamed medicine/, 'Records')).to.equal('3');
    await expect(h.el).to.be.accessible();
  });
});
