// e-RS as the e-Referral Service FHIR API publishes it: the sandbox responses in test/data/ers (STU3
// A005, A008, A014, A028, A036, A038, A004; R4 A041), read by the model as a host hands them in.
import { expect } from '@open-wc/testing';
import { buildReferrals, readReferralInput, type ReferralView } from '../src/index.js';
import { r4, stu3 } from './ers-sandbox.js';
import { ersReferral } from './ers-variants.js';

const now = new Date('2026-11-22T12:00:00Z');
const RAW = /undefined|null|NaN|\[object Object\]|Invalid Date|\b(BOOKED|NOT_BOOKED|CANCELLED_REFERRAL|TWO_WEEK_WAIT|ROUTINE|URGENT)\b/;
const build = (items: unknown[], extra: Partial<Parameters<typeof buildReferrals>[1]> = {}) => buildReferrals(items, { now, ...extra });
const one = (list: ReferralView[]): ReferralView => {
  expect(list, 'one referral').to.have.length(1);
  return list[0];
};

describe('e-RS STU3 ReferralRequest (A005 retrieveReferralRequest), as published', () => {
  it('BookedDBS: the id is the UBRN, e-RS state, priority, pathway start, appointment and clinical information date', async () => {
    const r = one(build([await stu3('retrieveReferralRequest-BookedDBS')]));
    expect(r.ubrn).to.equal('000000070001');
    expect(r.ubrnText).to.equal('0000 0007 0001');
    expect(r.state).to.include({ code: 'BOOKED', label: 'Booked', source: 'ers-extension' });
    expect(r.priority).to.include({ code: 'routine', label: 'Routine', source: 'ers' });
    expect(r.service).to.equal('Cardiology');
    expect(r.performer).to.equal('Good Cardiology Business Service');
    expect(r.appointment).to.include({ outcome: 'booked', statusText: 'Booked', service: 'Good Cardiology Business Service' });
    expect(r.appointment!.when).to.equal('13-Jun-2021 at 13:30');
    expect(r.clinicalInfoText).to.equal('11-Jun-2021');
    // no authoredOn in e-RS STU3: the clock starts where e-RS says the pathway started
    expect(r.referredText).to.equal('Not known');
    expect(r.clockView).to.include({ kind: 'running', basis: 'ers-pathway-start', startText: 'from the e-RS pathway start, 08-May-2024' });
    expect(r.clockText).to.equal('Day 928 of 126 (132w 4d of 18 weeks)');
    expect(r.clock.state).to.equal('breached');
    for (const s of [
      r.service,
      r.performer,
      r.state.label,
      r.priority.label,
      r.clockText,
      r.updatedText,
      ...r.timeline.map((e) => e.text),
    ]) {
      expect(s).not.to.match(RAW);
    }
  });

  it('every published ReferralRequest example reads: a state in e-RS words, a priority, a UBRN', async () => {
    const names = [
      'BookedDBS',
      'BookedIBS',
      'ConvertedFromAdviceAndGuidance',
      'DeferredToProvider',
      'Unbooked',
      'WithAdditionalRequirements',
      'WithRelatedReferral',
      'WithUnavailableAttachments',
    ];
    const expected: Record<string, [string, string]> = {
      BookedDBS: ['Booked', 'Routine'],
      BookedIBS: ['Booked', 'Routine'],
      ConvertedFromAdviceAndGuidance: ['Triaged - Provider To Action', 'Urgent suspected cancer (2WW)'],
      DeferredToProvider: ['Deferred To Provider', 'Urgent'],
      Unbooked: ['Not Booked', 'Routine'],
      WithAdditionalRequirements: ['Booked', 'Routine'],
      WithRelatedReferral: ['Booked', 'Urgent suspected cancer (2WW)'],
      WithUnavailableAttachments: ['Not Booked', 'Routine'],
    };
    for (const name of names) {
      const r = one(build([await stu3(`retrieveReferralRequest-${name}`)]));
      expect([r.state.label, r.priority.label], name).to.deep.equal(expected[name]);
      expect(r.ubrnText, name).to.match(/^0000 0007 00\d\d$/);
      expect(r.state.source, name).to.equal('ers-extension');
    }
  });

  it('a state reason e-RS gives is shown with its comment, whatever the state; a code with no description says so', async () => {
    const converted = one(build([await stu3('retrieveReferralRequest-ConvertedFromAdviceAndGuidance')]));
    expect(converted.reason).to.equal('Provider Converted Advice and Guidance, Admin to Refer');
    expect(converted.comments).to.deep.equal(["Actually I'd rather not"]);
    const deferred = one(build([await stu3('retrieveReferralRequest-DeferredToProvider')]));
    expect(deferred.reason).to.equal('code NO_SLOTS_AT_SERVICE, no description given');
    // a deferral's appointment has no date: nothing is booked yet
    expect(deferred.appointment).to.include({ outcome: 'proposed', statusText: 'Not yet booked (no date set)' });
    const triaged = one(build([await stu3('recordTriageOutcome-ReturnToReferrerWithAdvice')]));
    expect(triaged.state.label).to.equal('Triaged - Provider To Action');
    expect(triaged.reason).to.equal('Return to Referrer With Advice');
    expect(triaged.comments).to.deep.equal(['Condition not serious. No further action needed']);
  });

  it('rejectReferral (A014): Rejected, with the reason and comment, and no waiting clock', async () => {
    const r = one(build([await stu3('rejectReferral-ExampleResponseDbs')]));
    expect(r.state).to.include({ code: 'REJECTED', label: 'Rejected' });
    expect(r.reason).to.equal('Inappropriate service');
    expect(r.comments).to.deep.equal(['This is a short comment']);
    expect(r.clockText).to.equal('No waiting clock: the referral was rejected');
    expect(r.attention?.kind).to.equal('rejected');
  });

  it('cancelReferral (A036, a Parameters response): Cancelled Referral as e-RS names it, the reason, the comment, no clock', async () => {
    const r = one(build([await stu3('cancelReferral-CancelledBookedReferralReferrerCancellation')]));
    expect(r.state).to.include({ code: 'CANCELLED_REFERRAL', label: 'Cancelled Referral', phase: 'completed' });
    expect(r.reason).to.equal('Other - Referrer request cancellation');
    expect(r.comments).to.deep.equal(['This is a cancellation reason comment']);
    expect(r.clockText).to.equal('No waiting clock: the referral was cancelled');
    // the updated appointment (Appointment/70001) is the referral's appointment, listed once (not also the contained copy)
    expect(r.appointment!.id).to.equal('70001');
    expect(r.timeline.filter((e) => /cancelled/i.test(e.text))).to.have.length(1);
    // e-RS does not say when it was cancelled: said, not guessed from the appointment date
    expect(r.cancelledOnText).to.equal('Date not recorded');
  });

  it('every cancelReferral example reads its reason; a coded reason without display is named from the code system when handed in', async () => {
    for (const name of [
      'CancelledReferralBookedOutsideCabWithoutComment',
      'CancelledReferralIntendPrivateWithoutComment',
      'CancelledReferralOutpatientService',
      'CancelledReferralPatientOther',
      'CancelledReferralRaisedInError',
      'CancelledReferralResolvedDeferralIntendPrivateWithComment',
      'CancelledReferralWithCancelledBookingNoLongerRequired',
    ]) {
      const r = one(build([await stu3(`cancelReferral-${name}`)]));
      expect(r.state.label, name).to.equal('Cancelled Referral');
      expect(r.reason, name).to.be.a('string').and.not.equal('');
    }
    const noDisplay = one(build([await stu3('cancelReferral-CancelledReferralIntendPrivateWithoutComment')]));
    const withCodes = one(
      build([
        await stu3('cancelReferral-CancelledReferralIntendPrivateWithoutComment'),
        await stu3('getCodeSystem-ReferralCancellationReasonCodeSystem'),
      ]),
    );
    expect(withCodes.reason).to.equal('Patient will go to a private clinic');
    expect([noDisplay.reason, withCodes.reason]).to.satisfy((xs: string[]) => xs.every((x) => !/undefined/.test(x)));
  });
});

describe('e-RS STU3 Appointment (A038 retrieveAppointment), as published', () => {
  it('an Appointment names its referral by incomingReferral: grouped with it, cancellation reason named from e-RS reference data', async () => {
    const referral = ersReferral({ ubrn: '000000070007', state: 'APPT_CANCELLED_BY_PATIENT', pathwayStartDaysAgo: 40 }, now);
    const without = one(build([referral, await stu3('retrieveAppointment-Cancelled')]));
    // the top-level appointment and the referral's own contained one are two appointments here (different ids)
    expect(without.appointment!.id).to.be.oneOf(['70006', 'appointment']);
    const r = one(
      build([referral, await stu3('retrieveAppointment-Cancelled'), await stu3('getCodeSystem-AppointmentCancellationReasonCodeSystem')]),
    );
    const cancelled = r.timeline.find((e) => /cancelled by the patient/i.test(e.text) || /Cancelled By Patient/.test(e.text));
    expect(cancelled, JSON.stringify(r.timeline)).to.exist;
    expect(r.reason).to.equal('Patient on holiday');
  });

  it('a booked appointment on its own server copy replaces the contained one (Extension-eRS-Appointment-Reference-1)', async () => {
    const rr = await stu3('retrieveReferralRequest-BookedDBS');
    const appt = {
      ...(await stu3('retrieveAppointment-BookedDBS')),
      id: '70009',
      incomingReferral: [{ reference: 'ReferralRequest/000000070001/_history/5' }],
    };
    const r = one(build([rr, appt]));
    expect(r.appointment!.id).to.equal('70009');
    expect(r.appointment!.when).to.equal('01-Mar-2022 at 08:00');
    expect(r.timeline.filter((e) => /booked/i.test(e.text))).to.have.length(1);
  });
});

describe('e-RS STU3 worklists (A008 retrieveWorklist), as published', () => {
  it('each entry is a summary referral, for the patient asked for; the others are counted', async () => {
    // ReferralsForReview lists two patients (named through Patients the List contains)
    const list = await stu3('retrieveWorklist-ReferralsForReview');
    const mine = readReferralInput([list], { nhsNumber: '1000000001' });
    expect(mine.resources.map((r) => r.id)).to.deep.equal(['000000070001']);
    expect(mine.notShown.worklistOtherPatients).to.equal(1);
    const letters = readReferralInput([await stu3('retrieveWorklist-LettersOutstanding')], { nhsNumber: '9462979626' });
    expect(letters.resources.map((r) => r.id)).to.deep.equal(['000000070001']);
    expect(letters.notShown.worklistOtherPatients).to.equal(1);
    const views = build([await stu3('retrieveWorklist-AppointmentSlotIssues')]);
    expect(views).to.have.length(2);
    for (const v of views) {
      expect(v.worklistText).to.equal('Summary from the e-RS worklist "Appointment slot issues": the referral itself was not handed in.');
      // the worklist gives the pathway start: the clock starts there
      expect(v.clockView).to.include({ basis: 'ers-pathway-start' });
    }
  });

  it('RejectedTriageResponse: e-RS state and reason from the entry; referralCreated is the referral date', async () => {
    const views = build([await stu3('retrieveWorklist-RejectedTriageResponse')]);
    expect(views.length).to.be.greaterThan(0);
    for (const v of views) {
      expect(v.state.source).to.equal('ers-extension');
      expect(['Rejected', 'Triage Response']).to.include(v.state.label);
      expect(v.referredText).to.equal('03-Sep-2021');
    }
  });

  it('the UBRN conversion (ubrnReceived) starts the clock when e-RS gives no pathway start', async () => {
    const list = await stu3('retrieveWorklist-AppointmentSlotIssues');
    const entry = (list['entry'] as Record<string, unknown>[])[0];
    const item = (entry['extension'] as Record<string, unknown>[])[0];
    item['extension'] = (item['extension'] as Record<string, unknown>[]).filter((x) => x['url'] !== 'eReferralPathwayStart');
    const v = build([list]).find((x) => x.ubrn === '000000070001')!;
    expect(v.clockView).to.include({ kind: 'running', basis: 'ubrn-conversion', startText: 'from the UBRN conversion, 03-Sep-2021' });
  });

  it('an entry for a referral also handed in full adds to it, and is not listed twice', async () => {
    const rr = await stu3('retrieveReferralRequest-BookedDBS');
    const views = build([rr, await stu3('retrieveWorklist-AppointmentSlotIssues')]);
    expect(views.filter((v) => v.ubrn === '000000070001')).to.have.length(1);
    expect(views.find((v) => v.ubrn === '000000070001')!.worklistText).to.equal(undefined);
  });

  it('every published worklist reads without raw values', async () => {
    for (const name of [
      'AppointmentSlotIssues',
      'AssessmentReturnedCancelledDna',
      'AwaitingBooking',
      'FilteredByClinician',
      'FilteredByService',
      'FilteredBySpecialty',
      'LettersOutstanding',
      'ReferralsForReview',
      'RejectedTriageResponse',
    ]) {
      const views = build([await stu3(`retrieveWorklist-${name}`)]);
      expect(views.length, name).to.be.greaterThan(0);
      for (const v of views)
        for (const s of [v.state.label, v.service, v.priority.label, v.clockText, v.worklistText ?? '']) expect(s, name).not.to.match(RAW);
    }
  });
});

describe('e-RS reference data (A004 getCodeSystem), as published', () => {
  it('the PRIORITY code system gives the triage days per priority: 40 routine, 5 urgent, 2 two week wait', async () => {
    const read = readReferralInput([await stu3('getCodeSystem-PriorityCodeSystem')]);
    expect(read.reference.triageContactDays).to.deep.equal({ ROUTINE: 40, URGENT: 5, TWO_WEEK_WAIT: 2 });
    expect(read.resources).to.have.length(0);
  });
});

describe('e-RS R4 ServiceRequest (A041 searchServiceRequest), as published', () => {
  it('ReferralAndAdvice: the referral is listed; the A&G request is not, and is counted as shown in the advice panel', async () => {
    const bundle = await r4('ResponseExampleReferralAndAdvice');
    const views = build([bundle]);
    const r = one(views);
    expect(r.id).to.equal('r.832db7fa-ebdd-44b6-ab3b-8329c2d43149');
    expect(r.ubrnText).to.equal('0000 0007 0002');
    expect(readReferralInput([bundle]).notShown.adviceRequests).to.equal(1);
  });

  it('Advice alone: no referral, never an RTT clock for an advice request', async () => {
    expect(build([await r4('ResponseExampleAdvice')])).to.have.length(0);
    expect(readReferralInput([await r4('ResponseExampleAdvice')]).notShown.adviceRequests).to.equal(1);
    expect(build([await r4('ResponseExampleEmpty')])).to.have.length(0);
  });

  it('Referral: subject by NHS number only, no dates: says what is not known', async () => {
    const r = one(build([await r4('ResponseExampleReferral')]));
    expect(r.state.label).to.equal('Active');
    expect(r.referredText).to.equal('Not known');
    expect(r.clockText).to.equal('Not known: no clock start or referral date is recorded');
    expect(r.requester).to.equal('Not known');
  });
});
