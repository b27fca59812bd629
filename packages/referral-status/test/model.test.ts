import { expect } from '@open-wc/testing';
import type { FhirResource, ServiceRequest, Task } from 'fhir/r4.js';
import {
  buildPersonas,
  manyReferrals,
  referral,
  referralsPerClockState,
  referralsPerErsState,
  referralsPerPriority,
  referralsWithAppointments,
  referralsWithFhirStatusesOnly,
  ERS_STATES,
} from '@joinedcare/fixtures';
import {
  buildReferrals,
  buildReferralsChunked,
  CHUNKED_BUILD_THRESHOLD,
  compareReferrals,
  countServiceRequests,
  filterReferrals,
  fingerprint,
  formatUbrn,
  groupReferrals,
  isReferral,
  newestLastUpdated,
  referenceKey,
  referralChanges,
  REFERRAL_STATES,
  yieldToMain,
  type ReferralView,
} from '../src/index.js';

const now = new Date('2026-11-22T12:00:00Z');
const patientId = 'pat-r';
const opts = { now, patientId };
const RAW = /undefined|null|NaN|\[object Object\]|Invalid Date/;
const build = (resources: readonly unknown[], extra: Partial<Parameters<typeof buildReferrals>[1]> = {}) =>
  buildReferrals(resources, { now, ...extra });
const bySlug = (list: ReferralView[], slug: string) => {
  const found = list.find((r) => r.id.includes(slug));
  if (!found) throw new Error(`no referral ${slug}`);
  return found;
};

/** Every string a referral view shows. */
function strings(r: ReferralView): string[] {
  return [
    r.ubrnText,
    r.service,
    r.requester,
    r.requesterOrganisation,
    r.performer,
    r.priority.label,
    r.referredText,
    r.referredLong,
    r.state.label,
    r.reason ?? '',
    ...r.comments,
    r.appointment?.statusText ?? '',
    r.appointment?.when ?? '',
    r.appointment?.place ?? '',
    ...r.timeline.flatMap((e) => [e.dateText, e.text, e.byText ?? '']),
    r.clockText,
    r.attention?.reason ?? '',
    r.updatedText,
  ];
}

describe('model: UBRN and references', () => {
  it('formats a 12-digit UBRN as 0000 0000 0000', () => {
    expect(formatUbrn('123456789012')).to.equal('1234 5678 9012');
    expect(formatUbrn('1234 5678-9012')).to.equal('1234 5678 9012');
    expect(formatUbrn(123456789012)).to.equal('1234 5678 9012');
  });
  it('shows other values as recorded, and Not known when missing', () => {
    expect(formatUbrn('ABC-1')).to.equal('ABC-1');
    expect(formatUbrn(undefined)).to.equal('Not known');
    expect(formatUbrn({})).to.equal('Not known');
  });
  it('reads relative, absolute and versioned references', () => {
    expect(referenceKey({ reference: 'ServiceRequest/sr-1' })).to.equal('ServiceRequest/sr-1');
    expect(referenceKey({ reference: 'https://x.nhs.uk/fhir/ServiceRequest/sr-1/_history/3' })).to.equal('ServiceRequest/sr-1');
    expect(referenceKey({ reference: '#contained' })).to.equal(undefined);
    expect(referenceKey('ServiceRequest/sr-1')).to.equal(undefined);
  });
  it('counts a ServiceRequest as a referral by category, UBRN or no category; not a lab order', () => {
    const base: ServiceRequest = { resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/p' } };
    expect(isReferral(base)).to.equal(true);
    expect(isReferral({ ...base, category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007' }] }] })).to.equal(false);
    expect(isReferral({ ...base, category: [{ coding: [{ code: '3457005' }] }] })).to.equal(true);
    expect(isReferral({ resourceType: 'Task' })).to.equal(false);
  });
});

describe('model: grouping', () => {
  it('attaches Tasks by focus or basedOn, and Appointments by basedOn', () => {
    const resources = referralsWithAppointments(opts);
    const { groups } = groupReferrals(resources);
    expect(groups).to.have.length(5);
    const rebooked = groups.find((g) => g.serviceRequest.id!.includes('appt-rebooked'))!;
    expect(rebooked.tasks).to.have.length(1);
    expect(rebooked.appointments).to.have.length(2);
  });
  it('ignores Tasks pointing at no listed referral', () => {
    const resources: unknown[] = [
      ...referral({ slug: 'one', state: 'AWAITING_TRIAGE', daysAgo: 3 }, opts),
      { resourceType: 'Task', id: 'stray', status: 'rejected', intent: 'order', focus: { reference: 'ServiceRequest/elsewhere' } },
      null,
      'junk',
    ];
    const [r] = build(resources);
    expect(r.state.code).to.equal('AWAITING_TRIAGE');
  });
  it('uses the most recently changed Task', () => {
    const [sr, task] = referral({ slug: 'two-tasks', state: 'AWAITING_TRIAGE', daysAgo: 30 }, opts) as [ServiceRequest, Task];
    const newer: Task = {
      ...task,
      id: 'newer',
      lastModified: '2026-11-20T10:00:00Z',
      businessStatus: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState', code: 'BOOKED' }] },
    };
    expect(build([sr, newer, task])[0].state.code).to.equal('BOOKED');
  });
});

describe('model: each e-RS state', () => {
  const list = build(referralsPerErsState(opts));
  it('gives one referral per state, labelled in e-RS words', () => {
    expect(list).to.have.length(ERS_STATES.length);
    for (const state of ERS_STATES) {
      const r = bySlug(list, `state-${state.toLowerCase().replace(/_/g, '-')}`);
      expect(r.state.code, state).to.equal(state);
      expect(r.state.label).to.equal(REFERRAL_STATES[state].label);
      expect(r.state.source).to.equal('task-business-status');
    }
  });
  it('never shows a raw code or an empty value', () => {
    for (const r of list) {
      for (const s of strings(r)) expect(s, r.id).not.to.match(RAW);
      expect(r.service).not.to.equal('');
      expect(r.state.label).not.to.match(/^[A-Z_]+$/);
    }
  });
  it('names who referred, from where, and to whom', () => {
    const r = bySlug(list, 'state-awaiting-triage');
    expect(r.requester).to.match(/^Dr .+ Okafor$/);
    expect(r.performer).to.equal('Northbridge University Hospitals NHS Foundation Trust');
    expect(r.ubrnText).to.match(/^\d{4} \d{4} \d{4}$/);
    expect(r.referredText).to.match(/^\d{2}-[A-Z][a-z]{2}-\d{4}$/);
  });
  it('gives the reason and comments of a rejection and of a cancellation', () => {
    const rejected = bySlug(list, 'state-rejected');
    expect(rejected.reason).to.equal('Insufficient information');
    expect(rejected.comments[0]).to.contain('blood results');
    const cancelled = bySlug(list, 'state-cancelled-referral');
    expect(cancelled.reason).to.equal('Patient no longer wishes to be seen');
    expect(cancelled.phase).to.equal('completed');
    // a cancelled referral has no waiting clock (never "clock stopped": e-RS does not record treatment)
    expect(cancelled.clockText).to.equal('No waiting clock: the referral was cancelled');
  });
  it('builds a timeline from Task outputs, oldest first, starting with the referral', () => {
    const r = bySlug(list, 'state-did-not-attend');
    const texts = r.timeline.map((e) => e.text);
    expect(texts[0]).to.equal('Referred');
    expect(texts).to.include('Awaiting Triage');
    // the booking and the missed appointment are each one entry, in e-RS words with the appointment's date
    expect(texts.filter((t) => /^Booked: appointment for \d{2}-[A-Z][a-z]{2}-\d{4}$/.test(t))).to.have.length(1);
    expect(texts.filter((t) => /^Did Not Attend: the appointment on \d{2}-[A-Z][a-z]{2}-\d{4}$/.test(t))).to.have.length(1);
    const dates = r.timeline.map((e) => Date.parse(e.date!));
    expect([...dates].sort((a, b) => a - b)).to.deep.equal(dates);
    // the Task's own state, its output and the appointment say the same thing once, in one casing
    expect(texts.filter((t) => /did not attend/i.test(t))).to.have.length(1);
  });
  it('says where the latest update came from and how old it is', () => {
    const r = bySlug(list, 'state-booked');
    const d = buildPersonas({ now }).directory;
    const withDirectory = build([...referralsPerErsState(opts), ...d]);
    // the newest change is the Task's: where it came from is its clinical field (core's originOf), not meta.source
    expect(bySlug(withDirectory, 'state-booked').updatedText).to.match(
      /^Updated \d{2}-[A-Z][a-z]{2}-\d{4} \(.+\); from Riverside Medical Practice \(GP practice\)$/,
    );
    expect(r.updatedText).to.match(/^Updated \d{2}-[A-Z][a-z]{2}-\d{4} \(\d+ days ago\); from .+$/);
    // only meta.source names an organisation: where the record was held, never who changed it
    const [sr] = referral({ slug: 'held', daysAgo: 3 }, opts) as ServiceRequest[];
    const held = build([{ ...sr, requester: { display: 'Dr A Okafor' } }])[0];
    expect(held.updatedText).to.match(
      /^Updated \d{2}-[A-Z][a-z]{2}-\d{4} \(3 days ago\); record held by A81999 \(setting not known\); who changed it is not recorded$/,
    );
    expect(held.updatedText).not.to.match(/\) by /);
  });
});

describe('model: priorities and clocks', () => {
  it('reads each priority', () => {
    const list = build(referralsPerPriority(opts));
    expect(list.map((r) => r.priority.code)).to.deep.equal(['two-week-wait', 'urgent', 'routine']);
    expect(list.map((r) => r.priority.label)).to.deep.equal(['Urgent suspected cancer (2WW)', 'Urgent', 'Routine']);
  });
  it('gives each clock state, honestly labelled', () => {
    const list = build(referralsPerClockState(opts));
    const clock = (slug: string) => bySlug(list, slug).clock;
    // the fixtures' booked appointments were made two days after the referral: the clock starts at the booking
    expect(clock('clock-rtt-on-track')).to.include({ state: 'on-track', day: 38, of: 126 });
    expect(clock('clock-rtt-at-risk')).to.include({ state: 'at-risk', day: 108 });
    expect(clock('clock-rtt-breached')).to.include({ state: 'breached', day: 138 });
    // urgent suspected cancer referrals wait on the RTT clock; FDS needs a cancer waiting-times source
    expect(clock('clock-fds-at-risk')).to.include({ state: 'on-track', day: 23, of: 126 });
    expect(bySlug(list, 'clock-fds-at-risk').fds?.text).to.equal('28-day FDS: outcome not available');
    expect(bySlug(list, 'clock-rtt-on-track').fds).to.equal(undefined);
    expect(bySlug(list, 'clock-stopped').clockText).to.equal('e-RS referral closed; no RTT clock stop recorded');
    expect(bySlug(list, 'clock-rtt-on-track').clockText).to.equal('Day 38 of 126 (5w 3d of 18 weeks)');
    const noDate = bySlug(list, 'clock-no-date');
    expect(noDate.referredText).to.equal('Not known');
    expect(noDate.clockView).to.include({ kind: 'running', basis: 'booking' });
  });
  it('honours a configurable at-risk threshold', () => {
    const list = build(referralsPerClockState(opts), { atRiskFraction: 0.3 });
    expect(bySlug(list, 'clock-rtt-on-track').clock.state).to.equal('at-risk');
  });
  it('says a future referral date is not a wait', () => {
    const [r] = build(referral({ slug: 'future', state: 'AWAITING_TRIAGE', daysAgo: -3 }, opts));
    expect(r.clock).to.deep.equal({ state: 'unknown', reason: 'referral-date-in-future' });
    expect(r.clockText).to.equal('Not known: the referral date is in the future');
  });
  it('says when nothing gives a clock start', () => {
    const [sr] = referral(
      { slug: 'none', state: 'AWAITING_TRIAGE', daysAgo: 3, noReferralDate: true, noTask: true },
      opts,
    ) as ServiceRequest[];
    const [r] = build([sr]);
    expect(r.clock).to.deep.equal({ state: 'unknown', reason: 'missing-referral-date' });
    expect(r.clockText).to.equal('Not known: no clock start or referral date is recorded');
  });
});

describe('model: appointments', () => {
  const list = build(referralsWithAppointments(opts));
  it('shows a booked appointment with date, time and place', () => {
    const r = bySlug(list, 'appt-booked');
    expect(r.appointment).to.include({ outcome: 'booked', statusText: 'Booked', place: 'Northbridge General Hospital' });
    expect(r.appointment!.when).to.match(/^\d{2}-[A-Z][a-z]{2}-\d{4} at \d{2}:\d{2}$/);
  });
  it('did not attend, cancelled by the provider, cancelled by the patient', () => {
    expect(bySlug(list, 'appt-dna').appointment!.statusText).to.equal('Did not attend');
    expect(bySlug(list, 'appt-cancelled-provider').appointment!.statusText).to.equal('Cancelled by the provider');
    expect(bySlug(list, 'appt-cancelled-patient').appointment!.statusText).to.equal('Cancelled by the patient');
    expect(bySlug(list, 'appt-cancelled-provider').reason).to.contain('consultant unavailable');
  });
  it('a rebooked appointment shows the new booking and needs no attention', () => {
    const r = bySlug(list, 'appt-rebooked');
    expect(r.appointment!.outcome).to.equal('booked');
    expect(r.attention).to.equal(undefined);
    expect(r.timeline.map((e) => e.text).some((t) => t.includes('cancelled by the provider'))).to.equal(true);
  });
  it('infers e-RS words from the appointment when the data has only FHIR statuses', () => {
    const resources = referral({ slug: 'fhir-dna', srStatus: 'active', noTask: true, daysAgo: 30, appointment: 'noshow' }, opts);
    const [r] = build(resources);
    expect(r.state).to.include({ code: 'DID_NOT_ATTEND', source: 'appointment-status' });
    expect(r.attention?.kind).to.equal('did-not-attend');
  });
});

describe('model: needs attention', () => {
  const list = build([...referralsPerErsState(opts), ...referralsWithAppointments(opts)]);
  const kinds = (l: ReferralView[]) => l.filter((r) => r.attention).map((r) => `${r.id.replace(/^ref-pat-r-/, '')}:${r.attention!.kind}`);
  it('rejected, did not attend, provider-cancelled not rebooked, awaiting triage too long', () => {
    // the referrer's view (no setting): returned to the referrer, and patients who may be lost
    expect(kinds(list)).to.have.members([
      'state-rejected-sr:rejected',
      'state-triage-response-sr:triage-response',
      'state-assessment-result-sr:assessment-result',
      'state-did-not-attend-sr:did-not-attend',
      'appt-dna-sr:did-not-attend',
      'state-appt-cancelled-by-provider-sr:cancelled-by-provider',
      'appt-cancelled-provider-sr:cancelled-by-provider',
    ]);
    // awaiting triage for 16 days: within the 40 days e-RS gives a routine referral
    const sevenDays = build(referralsPerErsState(opts), { triageAlertDays: 7 });
    expect(bySlug(sevenDays, 'state-awaiting-triage').attention?.kind).to.equal('awaiting-triage');
  });
  it('gives one sentence of reason', () => {
    for (const r of list.filter((x) => x.attention)) {
      expect(r.attention!.reason).to.match(/^[A-Z][^.]*\.$/);
    }
    const sevenDays = build(referralsPerErsState(opts), { triageAlertDays: 7 });
    expect(bySlug(sevenDays, 'state-awaiting-triage').attention!.reason).to.match(
      /^Awaiting triage for \d+ days, longer than the 7 days expected for Routine\.$/,
    );
  });
  it('the triage alert is configurable', () => {
    const later = build(referralsPerErsState(opts), { triageAlertDays: 60 });
    expect(bySlug(later, 'state-awaiting-triage').attention).to.equal(undefined);
    const fresh = build(referral({ slug: 'fresh', state: 'AWAITING_TRIAGE', daysAgo: 5, stateAfterDays: 0 }, opts), { triageAlertDays: 7 });
    expect(fresh[0].attention).to.equal(undefined);
  });
});

describe('model: ordering and filters', () => {
  it('needs attention first, then two week wait, urgent, routine, then longest wait', () => {
    const list = build(manyReferrals({ ...opts, count: 50 }));
    expect(list).to.have.length(50);
    for (let i = 1; i < list.length; i++) expect(compareReferrals(list[i - 1], list[i]), `${i}`).to.be.at.most(0);
    const firstCalm = list.findIndex((r) => !r.attention);
    expect(list.slice(firstCalm).every((r) => !r.attention)).to.equal(true);
    const calm = list.slice(firstCalm).filter((r) => r.phase === 'active');
    const ranks = calm.map((r) => r.priority.rank);
    expect([...ranks].sort((a, b) => a - b)).to.deep.equal(ranks);
  });
  it('longest wait first within a priority', () => {
    const resources = [
      ...referral({ slug: 'short', state: 'BOOKED', daysAgo: 10 }, opts),
      ...referral({ slug: 'long', state: 'BOOKED', daysAgo: 100 }, opts),
      ...referral({ slug: 'nodate', state: 'BOOKED', daysAgo: 50, noReferralDate: true }, opts),
    ];
    // the one without a referral date waits from its booking (two days after it was referred)
    expect(build(resources).map((r) => r.id.replace(/^ref-pat-r-|-sr$/g, ''))).to.deep.equal(['long', 'nodate', 'short']);
    const unknown = referral({ slug: 'unknown', state: 'AWAITING_TRIAGE', daysAgo: 50, noReferralDate: true }, opts);
    expect(
      build([...resources, ...unknown])
        .map((r) => r.id.replace(/^ref-pat-r-|-sr$/g, ''))
        .at(-1),
    ).to.equal('unknown');
  });
  it('filters active, completed and all', () => {
    const list = build(referralsWithFhirStatusesOnly(opts));
    expect(filterReferrals(list, 'all')).to.have.length(5);
    expect(filterReferrals(list, 'completed').map((r) => r.state.code)).to.have.members(['revoked', 'completed']);
    expect(filterReferrals(list, 'active').map((r) => r.state.code)).to.have.members(['draft', 'active', 'on-hold']);
  });
});

describe('model: changes and fingerprints', () => {
  it('describes state changes, new and removed referrals', () => {
    const before = build(referral({ slug: 'a', state: 'AWAITING_TRIAGE', daysAgo: 3, specialty: 0 }, opts));
    const after = build([
      ...referral({ slug: 'a', state: 'BOOKED', daysAgo: 3, specialty: 0 }, opts),
      ...referral({ slug: 'b', state: 'AWAITING_TRIAGE', daysAgo: 1, specialty: 1 }, opts),
    ]);
    expect(referralChanges(before, after)).to.deep.equal([
      'Referral to Cardiology is now Booked.',
      'New referral to Dermatology: Awaiting triage.',
    ]);
    expect(referralChanges(after, [])).to.have.length(2);
    expect(referralChanges(after, after)).to.deep.equal([]);
  });
  it('fingerprints ignore order; the newest lastUpdated is found', () => {
    const r = referralsPerPriority(opts) as FhirResource[];
    expect(fingerprint([...r].reverse())).to.equal(fingerprint(r));
    expect(newestLastUpdated(r)).to.match(/^2026-11-/);
    expect(newestLastUpdated([])).to.equal(undefined);
  });
});

describe('model: malformed data (persona g style)', () => {
  it('never throws and never shows raw values', () => {
    const junk: unknown[] = [
      {
        resourceType: 'ServiceRequest',
        id: 'm1',
        status: 'weird',
        priority: 42,
        authoredOn: 'yesterday',
        subject: { reference: 'Patient/pat-r' },
      },
      {
        resourceType: 'ServiceRequest',
        id: 'm2',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/UBRN' }],
        code: { coding: [{ system: 'http://example.org/local', code: 'X1' }] },
        requester: { reference: 'Practitioner/nowhere' },
        performer: 'not an array',
        authoredOn: '2026-02',
        meta: { lastUpdated: 'garbage', source: 7 },
      },
      {
        resourceType: 'Task',
        id: 't1',
        focus: { reference: 'ServiceRequest/m1' },
        businessStatus: { text: 'Something new' },
        status: 'odd',
        note: 'x',
      },
      {
        resourceType: 'Appointment',
        id: 'a1',
        basedOn: [{ reference: 'ServiceRequest/m2' }],
        status: 'cancelled',
        participant: [{ actor: { reference: 'Location/unknown' } }],
        cancelationReason: { text: 'hospital closed' },
      },
      { resourceType: 'ServiceRequest' },
    ];
    let list: ReferralView[] = [];
    expect(() => (list = build(junk))).not.to.throw();
    expect(list).to.have.length(2);
    for (const r of list) for (const s of strings(r)) expect(s, r.id).not.to.match(RAW);
    const m1 = list.find((r) => r.id === 'm1')!;
    expect(m1.state.label).to.equal('Not known');
    expect(m1.clockText).to.equal('Not known: the referral date cannot be read');
    const m2 = list.find((r) => r.id === 'm2')!;
    expect(m2.service).to.equal('X1');
    expect(m2.ubrnText).to.equal('Not known');
    expect(m2.requester).to.equal('Not known');
    expect(m2.appointment!.statusText).to.equal('Cancelled by the provider');
    expect(m2.appointment!.place).to.equal('Not known');
    expect(m2.state.code).to.equal('APPT_CANCELLED_BY_PROVIDER');
  });
  it('the referrals of personas (a) and (b) read cleanly', () => {
    const set = buildPersonas({ now });
    const a = set.personas.a.resources();
    const b = set.personas.b.resources();
    const la = build(a);
    expect(la).to.have.length(1);
    expect(la[0].state.code).to.equal('AWAITING_TRIAGE');
    expect(build(a, { triageAlertDays: 7 })[0].attention?.kind).to.equal('awaiting-triage');
    // the requester is a Practitioner with no role in the record: the organisation is not known; meta.source only says where the record was held
    expect(la[0].requesterOrganisation).to.equal('organisation not recorded (record held by Riverside Medical Practice (GP practice))');
    const withDirectory = build([...a, ...set.directory]);
    expect(withDirectory[0].requesterOrganisation).to.equal('Riverside Medical Practice (GP practice)');
    const lb = build(b);
    expect(lb[0].state.code).to.equal('BOOKED');
    expect(lb[0].appointment!.place).to.contain('Respiratory Outpatients');
  });
});

describe('model: timeline from Provenance', () => {
  const ERS = 'https://fhir.nhs.uk/CodeSystem/eRS-ReferralState';
  /** A referral with no Task outputs: the Task says only its current state. */
  const base = () => {
    const [sr, task] = referral({ slug: 'prov', state: 'AWAITING_TRIAGE', daysAgo: 30 }, opts) as [ServiceRequest, Task];
    return { sr, task: { ...task, output: [], meta: { ...task.meta, versionId: '3' } } as Task };
  };
  const prov = (id: string, extra: Record<string, unknown>) => ({ resourceType: 'Provenance', id, ...extra });
  const directory = buildPersonas({ now }).directory;

  it('adds the states Provenance records, with who made the change, in order', () => {
    const { sr, task } = base();
    const list = build([
      sr,
      task,
      ...directory,
      prov('p2', {
        target: [{ reference: `Task/${task.id}/_history/2` }],
        recorded: '2026-11-05T14:00:00Z',
        activity: { coding: [{ system: ERS, code: 'BOOKED' }] },
        agent: [{ who: { reference: 'Practitioner/prac-cons-raman' }, onBehalfOf: { display: 'Northbridge Trust' } }],
      }),
      prov('p1', {
        target: [{ reference: `ServiceRequest/${sr.id}` }],
        occurredDateTime: '2026-10-25T09:00:00Z',
        activity: { coding: [{ system: 'http://hl7.org/fhir/task-status', code: 'received' }] },
        agent: [{ who: { display: 'Riverside Medical Practice' } }],
      }),
      prov('p3', {
        // no state in activity: the Task version it targets is the one we hold (versionId 3)
        target: [{ reference: `https://fhir.example/R4/Task/${task.id}/_history/3` }],
        recorded: 'not a date',
        occurredPeriod: { start: '2026-11-10T08:00:00Z' },
        activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'UPDATE' }] },
        agent: [{ who: { reference: 'Organization/org-R9A' } }],
      }),
    ]);
    const r = list[0];
    const rows = r.timeline.map((e) => [e.text, e.byText ?? '']);
    expect(rows).to.deep.include(['Booked', 'by RAMAN, Priya (Dr), Northbridge Trust']);
    expect(rows).to.deep.include(['Received', 'by Riverside Medical Practice']);
    const awaiting = r.timeline.filter((e) => e.text === 'Awaiting Triage');
    expect(awaiting.map((e) => e.date)).to.include('2026-11-10T08:00:00Z');
    expect(awaiting.find((e) => e.date === '2026-11-10T08:00:00Z')!.byText).to.match(/^by \S/);
    const dates = r.timeline.map((e) => Date.parse(e.date!));
    expect([...dates].sort((x, y) => x - y)).to.deep.equal(dates);
    expect(strings(r).join(' ')).not.to.match(RAW);
  });

  it('says the same state on the same day once, taking "by" from the Provenance', () => {
    const list = build(referralsWithAppointments(opts));
    const dna = bySlug(list, 'appt-dna');
    expect(dna.timeline.filter((e) => e.code === 'DID_NOT_ATTEND')).to.have.length(1);
    expect(dna.timeline.filter((e) => e.code === 'BOOKED')).to.have.length(1);
    expect(dna.timeline.find((e) => e.code === 'BOOKED')!.byText).to.equal('by Northbridge University Hospitals NHS Foundation Trust');
    const first = dna.timeline.find((e) => e.text === 'Awaiting Triage')!;
    expect(first.byText).to.equal('by Dr Amara Okafor, Riverside Medical Practice');
    // referrals without Provenance are unchanged
    expect(bySlug(list, 'appt-booked').timeline.every((e) => e.byText === undefined)).to.equal(true);
    const withDirectory = build([...referralsWithAppointments(opts), ...directory]);
    expect(bySlug(withDirectory, 'appt-dna').timeline.find((e) => e.code === 'BOOKED')!.byText).to.equal(
      'by RAMAN, Priya (Dr), Northbridge University Hospitals NHS Foundation Trust',
    );
  });

  it('groups Provenance under the referral it targets, through the ServiceRequest, a Task or an Appointment', () => {
    const { sr, task } = base();
    const other = referral({ slug: 'other', state: 'BOOKED', daysAgo: 10 }, opts);
    const appt = other.find((r) => r.resourceType === 'Appointment')!;
    const p = [
      prov('a', { target: [{ reference: `ServiceRequest/${sr.id}` }, { reference: `Task/${task.id}` }] }),
      prov('b', { target: [{ reference: `Appointment/${appt.id}/_history/1` }] }),
      prov('c', { target: [{ reference: 'Task/nowhere' }] }),
    ];
    const { groups } = groupReferrals([sr, task, ...other, ...p]);
    const ids = (slug: string) => (groups.find((g) => g.serviceRequest.id!.includes(slug))!.provenances ?? []).map((x) => x.id);
    expect(ids('-prov-')).to.deep.equal(['a']);
    expect(ids('-other-')).to.deep.equal(['b']);
  });

  it('tolerates malformed Provenance: no throw, no raw values, nothing made up', () => {
    const { sr, task } = base();
    const target = [{ reference: `Task/${task.id}` }];
    const bad: unknown[] = [
      prov('x1', { target }),
      prov('x2', { target, recorded: 'yesterday', activity: { coding: [{ system: ERS, code: 'REJECTED' }] }, agent: 'someone' }),
      prov('x3', { target, recorded: 42, activity: 'BOOKED', agent: [null, { who: 7 }, { who: { reference: 'Practitioner/unknown' } }] }),
      prov('x4', {
        target,
        recorded: '2026-11-01',
        activity: { coding: [{ system: ERS, code: 'NOT_A_STATE' }, null, { code: 'booked' }] },
      }),
      prov('x5', { target: [{ reference: `Task/${task.id}/_history/99` }], recorded: '2026-11-02T10:00:00Z' }),
      prov('x6', { target: 'nonsense', recorded: '2026-11-03T10:00:00Z', activity: { coding: [{ system: ERS, code: 'BOOKED' }] } }),
      prov('x7', {
        target,
        recorded: '2026-11-04T10:00:00Z',
        occurredPeriod: 'soon',
        activity: { coding: [{ system: 'http://hl7.org/fhir/request-status', code: 'on-hold' }] },
        agent: [{ who: {}, onBehalfOf: { display: '  ' } }],
      }),
    ];
    const list = build([sr, task, ...bad]);
    const r = list[0];
    const texts = r.timeline.map((e) => e.text);
    expect(texts).to.include('Rejected'); // x2: a state without a usable date says so
    expect(r.timeline.find((e) => e.text === 'Rejected')!.dateText).to.equal('Date not recorded');
    expect(texts).not.to.include('Booked'); // x3 (activity not a concept) and x6 (no usable target) say nothing
    expect(texts).to.include('On hold');
    expect(r.timeline.find((e) => e.text === 'On hold')!.byText).to.equal(undefined);
    expect(strings(r).join(' ')).not.to.match(RAW);
  });
});

describe('buildReferralsChunked', () => {
  it('builds exactly the same sorted list as buildReferrals, chunk by chunk', async () => {
    const resources = [...manyReferrals({ ...opts, count: 1000 }), ...referralsPerErsState(opts), ...referralsWithAppointments(opts)];
    expect(countServiceRequests(resources)).to.be.greaterThan(CHUNKED_BUILD_THRESHOLD);
    const progress: Array<[number, number]> = [];
    let yields = 0;
    const chunked = await buildReferralsChunked(
      resources,
      { now, triageAlertDays: 5, atRiskFraction: 0.7 },
      {
        chunkSize: 250,
        onProgress: (done, total) => progress.push([done, total]),
        yieldToMain: async () => {
          yields++;
          await yieldToMain();
        },
      },
    );
    const sync = build(resources, { triageAlertDays: 5, atRiskFraction: 0.7 });
    expect(chunked.length).to.be.greaterThan(1000);
    expect(chunked.map((r) => r.id)).to.deep.equal(sync.map((r) => r.id));
    expect(chunked).to.deep.equal(sync);
    const total = sync.length;
    expect(progress[0]).to.deep.equal([250, total]);
    expect(progress.at(-1)).to.deep.equal([total, total]);
    // one yield after the grouping, then one between chunks
    expect(yields).to.equal(Math.ceil(total / 250));
  });

  it('stops with an AbortError when aborted between chunks', async () => {
    const resources = manyReferrals({ ...opts, count: 600 });
    const controller = new AbortController();
    let built = 0;
    // the first chunk runs in a task after the grouping; the user leaves after it
    const run = buildReferralsChunked(
      resources,
      { now },
      {
        chunkSize: 100,
        signal: controller.signal,
        onProgress: (done) => {
          built = done;
          controller.abort();
        },
      },
    );
    let error: unknown;
    try {
      await run;
    } catch (e) {
      error = e;
    }
    expect((error as Error | undefined)?.name).to.equal('AbortError');
    expect(built).to.equal(100);
    let early: unknown;
    try {
      await buildReferralsChunked(resources, { now }, { signal: controller.signal });
    } catch (e) {
      early = e;
    }
    expect((early as Error | undefined)?.name).to.equal('AbortError');
  });

  it('counts ServiceRequests only', () => {
    expect(countServiceRequests([{ resourceType: 'ServiceRequest' }, { resourceType: 'Task' }, null, 'x'])).to.equal(1);
  });
});
