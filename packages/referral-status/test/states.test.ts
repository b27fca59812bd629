import { expect } from '@open-wc/testing';
import type { ServiceRequest, Task } from 'fhir/r4.js';
import { registerLocale } from '@joinedcare/core';
import {
  REFERRAL_STATES,
  ERS_REFERRAL_STATES,
  SERVICE_REQUEST_STATUSES,
  TASK_STATUSES,
  TAG_COLOURS,
  ERS_REFERRAL_STATE_SYSTEM,
  PRIORITIES,
  referralState,
  referralPriority,
  stateInText,
} from '../src/index.js';

const sr = (extra: Partial<ServiceRequest> = {}): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  ...extra,
});
const task = (extra: Partial<Task> = {}): Task => ({ resourceType: 'Task', status: 'requested', intent: 'order', ...extra });
const ersExt = (code: string, url = 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-ReferralState') => ({
  url,
  valueCodeableConcept: { coding: [{ system: ERS_REFERRAL_STATE_SYSTEM, code }] },
});

describe('states: the mapping table is exhaustive', () => {
  const allCodes = [...ERS_REFERRAL_STATES, ...SERVICE_REQUEST_STATUSES, ...TASK_STATUSES];

  it('has an entry for every e-RS state, ServiceRequest status and Task status, and nothing else', () => {
    expect(ERS_REFERRAL_STATES).to.have.length(12);
    expect(SERVICE_REQUEST_STATUSES).to.have.length(7);
    expect(TASK_STATUSES).to.have.length(12);
    expect(Object.keys(REFERRAL_STATES).sort()).to.deep.equal([...new Set(allCodes)].sort());
  });

  for (const code of new Set(allCodes)) {
    it(`${code}: a human label (never the raw code) and a valid tag`, () => {
      const e = REFERRAL_STATES[code];
      expect(e.label.trim()).to.not.equal('');
      expect(e.label).to.not.equal(code);
      expect(e.label).to.not.match(/_/);
      expect(e.label[0]).to.equal(e.label[0].toUpperCase());
      expect(TAG_COLOURS).to.include(e.tag);
      expect(['active', 'completed']).to.include(e.phase);
      expect(['referrer', 'provider', 'patient', 'nobody']).to.include(e.whoActs);
      if (e.phase === 'completed') expect(e.whoActs).to.equal('nobody');
    });
  }

  it('uses the e-RS words users know', () => {
    expect(REFERRAL_STATES.NOT_BOOKED.label).to.equal('Not Booked');
    expect(REFERRAL_STATES.BOOKED.label).to.equal('Booked');
    expect(REFERRAL_STATES.AWAITING_TRIAGE.label).to.equal('Awaiting Triage');
    expect(REFERRAL_STATES.TRIAGE_RESPONSE.label).to.equal('Triage Response');
    expect(REFERRAL_STATES.TRIAGED_PROVIDER_TO_ACTION.label).to.equal('Triaged - Provider To Action');
    expect(REFERRAL_STATES.DEFERRED_TO_PROVIDER.label).to.equal('Deferred To Provider');
    expect(REFERRAL_STATES.DID_NOT_ATTEND.label).to.equal('Did Not Attend');
    expect(REFERRAL_STATES.unknown.label).to.equal('Not known');
    expect(REFERRAL_STATES.unknown.tag).to.equal('grey');
  });

  it('states that are not e-RS names are in sentence case, never FHIR words (issue 18)', () => {
    expect(REFERRAL_STATES['on-hold'].label).to.equal('On hold');
    expect(REFERRAL_STATES['entered-in-error'].label).to.equal('Entered in error');
    expect(REFERRAL_STATES['in-progress'].label).to.equal('In progress');
    expect(REFERRAL_STATES.revoked.label).to.equal('Withdrawn');
  });

  it('flags what needs attention', () => {
    expect(REFERRAL_STATES.REJECTED.needsAttention).to.equal('rejected');
    expect(REFERRAL_STATES.rejected.needsAttention).to.equal('rejected');
    expect(REFERRAL_STATES.DID_NOT_ATTEND.needsAttention).to.equal('did-not-attend');
    expect(REFERRAL_STATES.APPT_CANCELLED_BY_PROVIDER.needsAttention).to.equal('cancelled-by-provider');
    expect(REFERRAL_STATES.BOOKED.needsAttention).to.equal(undefined);
    expect(REFERRAL_STATES.REJECTED.whoActs).to.equal('referrer');
  });

  it('uses the display e-RS publishes for every e-RS state ("Cancelled Referral", not relabelled)', () => {
    // the displays of eRS-ReferralState-1 as the e-RS FHIR API specification lists them
    const published = {
      REJECTED: 'Rejected',
      CANCELLED_REFERRAL: 'Cancelled Referral',
      DID_NOT_ATTEND: 'Did Not Attend',
      ASSESSMENT_RESULT: 'Assessment Result',
      TRIAGE_RESPONSE: 'Triage Response',
      APPT_CANCELLED_BY_PROVIDER: 'Appointment Cancelled By Provider',
      APPT_CANCELLED_BY_PATIENT: 'Appointment Cancelled By Patient',
      AWAITING_TRIAGE: 'Awaiting Triage',
      NOT_BOOKED: 'Not Booked',
      DEFERRED_TO_PROVIDER: 'Deferred To Provider',
      BOOKED: 'Booked',
      TRIAGED_PROVIDER_TO_ACTION: 'Triaged - Provider To Action',
    };
    for (const [code, display] of Object.entries(published)) expect(REFERRAL_STATES[code as 'BOOKED'].label, code).to.equal(display);
  });

  it('says a state in running text in sentence case', () => {
    expect(stateInText('Triaged - Provider To Action')).to.equal('Triaged - provider to action');
    expect(stateInText('Cancelled Referral')).to.equal('Cancelled referral');
    expect(stateInText('Booked')).to.equal('Booked');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(REFERRAL_STATES)).to.equal(true);
    expect(Object.isFrozen(REFERRAL_STATES.BOOKED)).to.equal(true);
  });
});

describe('states: referralState precedence', () => {
  it('1. an e-RS extension on the ServiceRequest wins over everything', () => {
    const r = referralState({
      serviceRequest: sr({ status: 'completed', extension: [ersExt('AWAITING_TRIAGE')] }),
      task: task({ status: 'completed', businessStatus: { text: 'Booked' } }),
    });
    expect(r).to.include({ code: 'AWAITING_TRIAGE', source: 'ers-extension', label: 'Awaiting Triage', tag: 'blue' });
  });

  it('accepts valueCoding, nested extensions, and any url containing ReferralState', () => {
    const viaCoding = sr({
      extension: [{ url: 'https://example.org/other', valueCoding: { system: ERS_REFERRAL_STATE_SYSTEM, code: 'BOOKED' } }],
    });
    expect(referralState({ serviceRequest: viaCoding }).code).to.equal('BOOKED');
    const nested = sr({ extension: [{ url: 'https://example.org/wrapper', extension: [ersExt('REJECTED')] }] });
    expect(referralState({ serviceRequest: nested }).code).to.equal('REJECTED');
    const byUrl = sr({ extension: [{ url: 'https://example.org/ReferralState', valueCoding: { code: 'DID_NOT_ATTEND' } }] });
    expect(referralState({ serviceRequest: byUrl })).to.include({ code: 'DID_NOT_ATTEND', source: 'ers-extension' });
    const stu3 = sr({ extension: [ersExt('BOOKED', 'https://example.org/x')] });
    stu3.extension![0].valueCodeableConcept!.coding![0].system = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralState-1';
    expect(referralState({ serviceRequest: stu3 }).code).to.equal('BOOKED');
  });

  it('ignores a system-less coding on an unrelated extension', () => {
    const r = referralState({ serviceRequest: sr({ extension: [{ url: 'https://example.org/x', valueCoding: { code: 'BOOKED' } }] }) });
    expect(r).to.include({ code: 'active', source: 'fhir-request-status' });
  });

  it('2. Task.businessStatus coding, then its text (case-insensitive), before Task.status', () => {
    const coded = task({
      status: 'in-progress',
      businessStatus: { coding: [{ system: ERS_REFERRAL_STATE_SYSTEM, code: 'TRIAGE_RESPONSE' }] },
    });
    expect(referralState({ serviceRequest: sr(), task: coded })).to.include({ code: 'TRIAGE_RESPONSE', source: 'task-business-status' });
    const text = task({ status: 'in-progress', businessStatus: { text: 'triaged - provider to action' } });
    expect(referralState({ task: text })).to.include({ code: 'TRIAGED_PROVIDER_TO_ACTION', label: 'Triaged - Provider To Action' });
    const codeAsText = task({ businessStatus: { text: 'awaiting_triage' } });
    expect(referralState({ task: codeAsText }).code).to.equal('AWAITING_TRIAGE');
  });

  it('3. Task.status when businessStatus says nothing we know', () => {
    const r = referralState({
      serviceRequest: sr({ status: 'active' }),
      task: task({ status: 'accepted', businessStatus: { text: 'Pending review' } }),
    });
    expect(r).to.include({ code: 'accepted', source: 'fhir-task-status', label: 'Accepted' });
  });

  it('4. ServiceRequest.status', () => {
    expect(referralState({ serviceRequest: sr({ status: 'revoked' }) })).to.include({
      code: 'revoked',
      source: 'fhir-request-status',
      label: 'Withdrawn',
      phase: 'completed',
    });
  });

  it('5. otherwise Not known, never a raw code', () => {
    const cases = [
      undefined,
      {},
      { serviceRequest: sr({ status: 'unknown' }) },
      {
        serviceRequest: { ...sr(), status: 'SOMETHING_ODD' } as unknown as ServiceRequest,
        task: { ...task(), status: 'weird' } as unknown as Task,
      },
      { serviceRequest: sr({ status: undefined as unknown as 'active', extension: [ersExt('NOT_A_STATE')] }) },
      { task: { ...task(), status: 42, businessStatus: { text: 'WHATEVER_CODE' } } as unknown as Task },
    ];
    for (const input of cases) {
      const r = referralState(input);
      expect(r, JSON.stringify(input)).to.include({ code: 'unknown', source: 'unknown', label: 'Not known', tag: 'grey' });
    }
  });

  it('an unknown e-RS code falls through to the next source', () => {
    const r = referralState({ serviceRequest: sr({ status: 'on-hold', extension: [ersExt('NEW_FUTURE_STATE')] }) });
    expect(r).to.include({ code: 'on-hold', label: 'On hold' });
  });

  it('never throws on hostile input', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(referralState({ serviceRequest: hostile as ServiceRequest }).label).to.equal('Not known');
    expect(referralState(null as unknown as undefined).label).to.equal('Not known');
  });

  it('localises labels through the catalogue', () => {
    registerLocale('x-test', { refStateBooked: 'Wedi ei drefnu', notKnown: 'Anhysbys' });
    expect(referralState({ serviceRequest: sr({ extension: [ersExt('BOOKED')] }) }, { lang: 'x-test' }).label).to.equal('Wedi ei drefnu');
    expect(referralState({}, { lang: 'x-test' }).label).to.equal('Anhysbys');
  });
});

describe('states: priorities', () => {
  it('three priorities with distinct labels, short labels and icons (not colour alone)', () => {
    expect(PRIORITIES.routine.label).to.equal('Routine');
    expect(PRIORITIES.urgent.label).to.equal('Urgent');
    expect(PRIORITIES['two-week-wait'].label).to.equal('Urgent suspected cancer (2WW)');
    expect(PRIORITIES.asap.label).to.equal('ASAP');
    expect(PRIORITIES.stat.label).to.equal('STAT (immediate)');
    const all = Object.values(PRIORITIES);
    for (const key of ['label', 'shortLabel', 'icon', 'rank'] as const) {
      expect(new Set(all.map((p) => p[key])).size, key).to.equal(all.length);
    }
    // STAT ranks highest, then urgent suspected cancer, ASAP, urgent, routine
    const order = Object.entries(PRIORITIES)
      .sort(([, a], [, b]) => a.rank - b.rank)
      .map(([k]) => k);
    expect(order).to.deep.equal(['stat', 'two-week-wait', 'asap', 'urgent', 'routine']);
    for (const p of all) expect(TAG_COLOURS).to.include(p.tag);
  });

  it('reads ServiceRequest.priority: asap is ASAP (urgent), never two week wait; stat ranks highest', () => {
    expect(referralPriority(sr({ priority: 'routine' }))).to.include({ code: 'routine', source: 'fhir' });
    expect(referralPriority(sr({ priority: 'urgent' }))).to.include({ code: 'urgent', source: 'fhir' });
    expect(referralPriority(sr({ priority: 'stat' }))).to.include({ code: 'stat', source: 'fhir', label: 'STAT (immediate)' });
    expect(referralPriority(sr({ priority: 'asap' }))).to.include({ code: 'asap', label: 'ASAP' });
    expect(referralPriority(sr({ priority: 'asap' })).code).not.to.equal('two-week-wait');
  });

  it('missing or unrecognised priority is routine by default (FHIR: normal priority), and says so', () => {
    expect(referralPriority(sr())).to.include({ code: 'routine', source: 'default' });
    expect(referralPriority({ ...sr(), priority: 'whenever' })).to.include({ code: 'routine', source: 'default' });
    expect(referralPriority(undefined)).to.include({ code: 'routine', source: 'default' });
  });

  it('an e-RS TWO_WEEK_WAIT coding wins wherever e-RS puts it (STU3 and R4 priority extensions, e-RS priority codings)', () => {
    const stu3 = sr({
      priority: 'routine',
      extension: [
        {
          url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-ReferralPriority-1',
          valueCodeableConcept: {
            coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-Priority-1', code: 'TWO_WEEK_WAIT', display: '2 Week Wait' }],
          },
        },
      ],
    });
    expect(referralPriority(stu3)).to.include({ code: 'two-week-wait', source: 'ers', label: 'Urgent suspected cancer (2WW)' });
    const r4 = sr({
      priority: 'routine',
      extension: [
        {
          url: 'https://fhir.nhs.uk/StructureDefinition/Extension-ServiceRequest-Priority',
          valueCoding: { system: 'https://fhir.nhs.uk/CodeSystem/eRS-Priority', code: 'TWO_WEEK_WAIT' },
        },
      ],
    });
    expect(referralPriority(r4)).to.include({ code: 'two-week-wait', source: 'ers' });
    const inCategory = sr({
      priority: 'routine',
      category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-Priority', code: 'TWO_WEEK_WAIT' }] }],
    });
    expect(referralPriority(inCategory)).to.include({ code: 'two-week-wait', source: 'ers' });
    const inExtension = sr({ priority: 'routine', extension: [{ url: 'https://example.org/eRS-Priority', valueCode: 'TWO_WEEK_WAIT' }] });
    expect(referralPriority(inExtension).code).to.equal('two-week-wait');
  });

  it('no two week wait without a TWO_WEEK_WAIT coding: not from asap, "2WW" text, or a code outside e-RS priority', () => {
    expect(referralPriority(sr({ priority: 'asap' })).code).to.equal('asap');
    expect(referralPriority(sr({ orderDetail: [{ coding: [{ code: 'TWO_WEEK_WAIT' }] }] })).code).to.equal('routine');
    expect(referralPriority(sr({ orderDetail: [{ text: '2WW' }] })).code).to.equal('routine');
    const priorityWord = sr({ extension: [{ url: 'https://example.org/eRS-Priority', valueString: '2WW' }] });
    expect(referralPriority(priorityWord).code).to.equal('routine');
  });

  it('an e-RS priority extension with ROUTINE or URGENT beats the FHIR priority', () => {
    const r = referralPriority(
      sr({ priority: 'asap', extension: [{ url: 'https://example.org/Extension-eRS-Priority', valueCoding: { code: 'URGENT' } }] }),
    );
    expect(r).to.include({ code: 'urgent', source: 'ers' });
  });
});
