import { expect } from '@open-wc/testing';
import type { Bundle, Communication, CommunicationRequest, Organization } from 'fhir/r4.js';
import { ADVICE_STATUSES, adviceAllScenarios, adviceAttachment, adviceConversation, type AdviceStatusCode } from '@joinedcare/fixtures';
import { ClinicalRecord, msg, organisationLabel } from '@joinedcare/core';
import {
  ADVICE_STATUS_TABLE,
  addWorkingDays,
  attachmentView,
  easterSunday,
  englandAndWalesBankHolidays,
  isWorkingDay,
  MAX_WORKING_DAYS,
  conversationViews,
  conversionOf,
  humanSize,
  overdueOf,
  perspectiveOf,
  resolveStatus,
  ukDayNumber,
  whoActsNext,
  canConvert,
  buildReply,
  buildRequest,
  ifNoneExistFor,
  markConverted,
  type AdviceStatusCode as ModelCode,
} from '../src/index.js';
import { nonWorkingDaySet } from '../src/working-days.js';
import { asPublished, ERS, ersExample, published, sentByCategory } from './ers-data.js';

const now = new Date('2026-11-20T12:00:00Z'); // a Friday
const patientId = 'pat-a';
/** The conversation views of some resources, read as one record. */
const viewsOf = (resources: readonly unknown[], o: { perspective?: 'requester' | 'responder'; baseUrl?: string } = {}) =>
  conversationViews({
    record: new ClinicalRecord(resources, o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    perspective: o.perspective ?? 'requester',
    now,
  });
const req = (status: AdviceStatusCode): CommunicationRequest =>
  published(
    adviceConversation({ now, patientId, status }).find((r): r is CommunicationRequest => r.resourceType === 'CommunicationRequest')!,
  );
const AG_STATUS_SYSTEM = ERS.status;

describe('advice model: status → who acts next', () => {
  const expected: Record<AdviceStatusCode, { requester: string; responder: string; next: string }> = {
    PROVIDER_RESPONSE_REQUIRED: { requester: 'Awaiting specialist response', responder: 'Your response is needed', next: 'responder' },
    REFERRER_TO_SUBMIT_FURTHER_INFORMATION: {
      requester: 'Specialist asked for more information',
      responder: 'Awaiting more information from the referrer',
      next: 'requester',
    },
    REFERRER_TO_REVIEW_RESPONSE: {
      requester: 'Response ready to review',
      responder: 'Awaiting the referrer’s review of your response',
      next: 'requester',
    },
    CONVERSATION_ENDED_CANCELLED: {
      requester: 'No action: the conversation was cancelled',
      responder: 'No action: the conversation was cancelled',
      next: 'none',
    },
    CONVERSATION_ENDED_CLOSED: {
      requester: 'No action: the conversation is closed',
      responder: 'No action: the conversation is closed',
      next: 'none',
    },
    ADVICE_CONVERTED: { requester: 'No action: converted to a referral', responder: 'No action: converted to a referral', next: 'none' },
  };
  for (const code of Object.keys(ADVICE_STATUSES) as AdviceStatusCode[]) {
    it(`${code}: label, who acts next for the GP and for the specialist`, () => {
      const s = resolveStatus(req(code));
      expect(s).to.deep.equal({ code, inferred: false });
      expect(msg(whoActsNext(code, 'requester'))).to.equal(expected[code].requester);
      expect(msg(whoActsNext(code, 'responder'))).to.equal(expected[code].responder);
      expect(ADVICE_STATUS_TABLE[code].next).to.equal(expected[code].next);
      expect(msg(ADVICE_STATUS_TABLE[code].label)).to.be.a('string').and.not.match(/^ap/);
      const [view] = viewsOf([req(code)]);
      expect(view.yourTurn).to.equal(expected[code].next === 'requester');
      expect(view.row.open).to.equal(expected[code].next !== 'none');
    });
  }

  it('every table row has a label and words for both perspectives', () => {
    for (const [code, row] of Object.entries(ADVICE_STATUS_TABLE)) {
      for (const k of [row.label, row.nextText.requester, row.nextText.responder]) expect(msg(k), code).not.to.equal(undefined);
    }
  });

  it('reads the status from CommunicationRequest.category (eRS-AdviceAndGuidanceStatus-1), never from invented fields', () => {
    const base: CommunicationRequest = { resourceType: 'CommunicationRequest', status: 'active' };
    const coded = (system: string, code: string) => ({ coding: [{ system, code }] });
    expect(resolveStatus({ ...base, category: [coded(AG_STATUS_SYSTEM, 'REFERRER_TO_REVIEW_RESPONSE')] })).to.deep.equal({
      code: 'REFERRER_TO_REVIEW_RESPONSE',
      inferred: false,
    });
    // statusReason, an extension, another system, a bare code: not where e-RS says it
    const elsewhere: CommunicationRequest[] = [
      { ...base, statusReason: coded(AG_STATUS_SYSTEM, 'ADVICE_CONVERTED') },
      { ...base, statusReason: coded('https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceStatus', 'ADVICE_CONVERTED') },
      { ...base, extension: [{ url: 'x', valueCoding: { system: AG_STATUS_SYSTEM, code: 'ADVICE_CONVERTED' } }] },
      { ...base, category: [coded('other', 'ADVICE_CONVERTED')] },
      { ...base, category: [{ coding: [{ code: 'ADVICE_CONVERTED' }] }] },
    ];
    for (const r of elsewhere) expect(resolveStatus(r)).to.deep.equal({ code: 'OPEN', inferred: true });
  });

  it('without an e-RS status, the FHIR status says only open, completed or cancelled: not whose turn it is', () => {
    const base: CommunicationRequest = { resourceType: 'CommunicationRequest', status: 'active' };
    const fallbacks: Array<[string, ModelCode]> = [
      ['active', 'OPEN'],
      ['completed', 'COMPLETED'],
      ['revoked', 'CANCELLED'],
      ['cancelled', 'CANCELLED'], // STU3
      ['draft', 'DRAFT'],
      ['on-hold', 'ON_HOLD'],
      ['suspended', 'ON_HOLD'], // STU3
      ['entered-in-error', 'ENTERED_IN_ERROR'],
      ['unknown', 'UNKNOWN'],
    ];
    for (const [status, code] of fallbacks) {
      expect(resolveStatus({ ...base, status } as CommunicationRequest), status).to.deep.equal({ code, inferred: true });
    }
    expect(ADVICE_STATUS_TABLE.OPEN).to.include({ next: 'unknown', open: true });
    expect(msg(ADVICE_STATUS_TABLE.OPEN.nextText.requester)).to.equal('Who acts next: not known');
    // a completed request is not said to be closed rather than converted
    expect(ADVICE_STATUS_TABLE.COMPLETED.label).to.equal('apStatusCompleted');
  });

  it('perspective: primary care asks, secondary care answers', () => {
    expect(perspectiveOf('primary')).to.equal('requester');
    expect(perspectiveOf('secondary')).to.equal('responder');
    expect(perspectiveOf(undefined)).to.equal('requester');
  });
});

describe('advice model: overdue against the response target', () => {
  it('counts working days, skipping weekends', () => {
    const fri = ukDayNumber(Date.parse('2026-11-20T12:00:00Z'))!;
    expect(new Date(addWorkingDays(fri, 1) * 86_400_000).toISOString().slice(0, 10)).to.equal('2026-11-23'); // Monday
    expect(new Date(addWorkingDays(fri, 2) * 86_400_000).toISOString().slice(0, 10)).to.equal('2026-11-24');
  });

  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  const dayOfIso = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

  it('knows the bank holidays of England and Wales, substitutes and announced one-offs included (gov.uk lists)', () => {
    const gov: Record<number, string> = {
      2011: '2011-01-03 2011-04-22 2011-04-25 2011-04-29 2011-05-02 2011-05-30 2011-08-29 2011-12-26 2011-12-27',
      2012: '2012-01-02 2012-04-06 2012-04-09 2012-05-07 2012-06-04 2012-06-05 2012-08-27 2012-12-25 2012-12-26',
      2020: '2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28',
      2021: '2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28',
      2022: '2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27',
      2023: '2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26',
      2024: '2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26',
      2025: '2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26',
      2026: '2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28',
      2027: '2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28',
    };
    for (const [year, list] of Object.entries(gov)) {
      expect(englandAndWalesBankHolidays(Number(year)).map(iso).join(' '), year).to.equal(list);
    }
    expect(iso(easterSunday(2038))).to.equal('2038-04-25'); // the latest possible Easter
    expect(iso(easterSunday(2285))).to.equal('2285-03-22'); // the earliest possible Easter
  });

  it('skips bank holidays: a request the Thursday before Easter 2026 is due the next Wednesday', () => {
    const thu = dayOfIso('2026-04-02');
    expect(iso(addWorkingDays(thu, 2))).to.equal('2026-04-08'); // not Good Friday 3rd, not Easter Monday 6th
    expect(iso(addWorkingDays(thu, 2, { bankHolidays: 'none' }))).to.equal('2026-04-06');
    expect(iso(addWorkingDays(thu, 2, { nonWorkingDays: ['2026-04-07'] }))).to.equal('2026-04-09');
    // Christmas 2026: Friday 25th, Boxing Day substitute Monday 28th
    expect(iso(addWorkingDays(dayOfIso('2026-12-24'), 1))).to.equal('2026-12-29');
    expect(overdueOf('responder', '2026-04-02T09:00:00Z', new Date('2026-04-08T16:00:00Z'), 2).overdue).to.equal(false);
    expect(overdueOf('responder', '2026-04-02T09:00:00Z', new Date('2026-04-09T08:00:00Z'), 2).overdue).to.equal(true);
    expect(overdueOf('responder', '2026-04-02T09:00:00Z', new Date('2026-04-07T08:00:00Z'), 2, { bankHolidays: 'none' }).overdue).to.equal(
      true,
    );
  });

  it('ignores malformed non-working days and caps an absurd target instead of looping', () => {
    const mon = dayOfIso('2026-11-16');
    const set = nonWorkingDaySet({ nonWorkingDays: ['2026-02-30', 'tomorrow', '', '2026-11-17', ' 2026-11-18 ', 42 as unknown as string] });
    expect([...set].map(iso)).to.deep.equal(['2026-11-17', '2026-11-18']);
    expect(isWorkingDay(dayOfIso('2026-11-17'), {}, set)).to.equal(false);
    expect(isWorkingDay(dayOfIso('2026-11-21'))).to.equal(false); // Saturday
    expect(isWorkingDay(dayOfIso('2026-12-28'))).to.equal(false);
    expect(isWorkingDay(dayOfIso('2026-12-28'), { bankHolidays: 'none' })).to.equal(true);
    expect(addWorkingDays(mon, 1e12) - mon).to.be.lessThan(MAX_WORKING_DAYS * 2);
    expect(addWorkingDays(mon, Number.NaN)).to.equal(mon);
    expect(addWorkingDays(mon, -3)).to.equal(mon);
  });

  it('is overdue only while the specialist must act, from the day after the due date', () => {
    const sent = '2026-11-16T10:00:00Z'; // Monday: due Wednesday 18th with 2 working days
    expect(overdueOf('responder', sent, new Date('2026-11-18T20:00:00Z'), 2)).to.deep.equal({ overdue: false, due: '2026-11-18' });
    expect(overdueOf('responder', sent, new Date('2026-11-19T08:00:00Z'), 2).overdue).to.equal(true);
    expect(overdueOf('responder', sent, new Date('2026-11-19T08:00:00Z'), 5).overdue).to.equal(false);
    expect(overdueOf('requester', sent, new Date('2026-12-30T08:00:00Z'), 2).overdue).to.equal(false);
    expect(overdueOf('responder', undefined, now, 2).overdue).to.equal(false);
    expect(overdueOf('responder', 'not a date', now, 2).overdue).to.equal(false);
  });

  it('flags the overdue scenario and not the recent one', () => {
    const views = viewsOf(asPublished(adviceAllScenarios({ now, patientId })), { perspective: 'responder' });
    const overdue = views.filter((v) => v.overdue.overdue).map((v) => v.requestId);
    expect(overdue).to.deep.equal([`ag-${patientId}-overdue-req`]);
    const long = views.find((v) => v.requestId.includes('-long-'))!;
    expect(long.messages.length).to.equal(200);
    expect(long.messages.map((m) => m.sent)).to.deep.equal([...long.messages.map((m) => m.sent)].sort());
    // open conversations first
    const firstClosed = views.findIndex((v) => !v.row.open);
    expect(views.slice(firstClosed).every((v) => !v.row.open)).to.equal(true);
  });
});

describe('advice model: messages, senders and attachments', () => {
  it('builds the thread with sender role, job, and the organisation with its kind from the ODS role', () => {
    const all = asPublished(
      adviceConversation({ now, patientId, status: 'REFERRER_TO_REVIEW_RESPONSE', messages: 2, attachments: 'both' }),
    );
    const [v] = viewsOf([
      ...all,
      {
        resourceType: 'PractitionerRole',
        practitioner: { reference: 'Practitioner/prac-cons-raman' },
        organization: { reference: 'Organization/org-R9A', display: 'Northbridge' },
        code: [{ text: 'Consultant physician' }],
      },
      {
        resourceType: 'Organization',
        id: 'org-R9A',
        name: 'Northbridge University Hospitals NHS Foundation Trust',
        type: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code: 'RO197' }] }],
      },
    ]);
    expect(v.specialty).to.equal('Diabetic medicine');
    expect(v.service).to.equal('Diabetes and Endocrinology Advice Service');
    expect(v.messages.length).to.equal(2);
    const [first, second] = v.messages;
    expect(first.sender.conversationRole).to.equal('REQUESTER');
    // the GP's organisation is not in the record: nothing is guessed from their role in the conversation
    expect(first.sender.organisation).to.equal(undefined);
    expect(first.attachments.map((a) => a.availability)).to.deep.equal(['available', 'not-yet-available']);
    expect(second.sender.conversationRole).to.equal('RESPONDER');
    expect(second.sender.jobRole).to.equal('Consultant physician');
    expect(second.sender.organisation).to.include({ name: 'Northbridge University Hospitals NHS Foundation Trust', kind: 'nhs-trust' });
    expect(organisationLabel(second.sender.organisation)).to.equal('Northbridge University Hospitals NHS Foundation Trust (NHS trust)');
    expect(second.sender.name).to.equal('Dr Priya Raman');
  });

  it('shows the request question as the first message when no message carries it', () => {
    const r: CommunicationRequest = { ...req('PROVIDER_RESPONSE_REQUIRED'), id: 'q1', payload: [{ contentString: 'Only on the request' }] };
    const [v] = viewsOf([r]);
    expect(v.messages).to.have.length(1);
    expect(v.messages[0].fromRequest).to.equal(true);
    expect(v.messages[0].text).to.equal('Only on the request');
  });

  it('attachment availability: final, preliminary (being scanned), entered in error, not loaded', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    const ok = adviceAttachment({ now, patientId, id: 'd1', title: 'Results', available: true, at, sizeBytes: 2048 });
    const pending = adviceAttachment({ now, patientId, id: 'd2', title: 'Scan', available: false, at });
    expect(attachmentView('d1', ok)).to.include({
      availability: 'available',
      title: 'Results',
      sizeBytes: 2048,
      contentType: 'application/pdf',
    });
    expect(attachmentView('d2', pending).availability).to.equal('not-yet-available');
    expect(attachmentView('d1', { ...ok, status: 'entered-in-error' }).availability).to.equal('withdrawn');
    expect(attachmentView('d3', undefined, 'Shown name')).to.include({ availability: 'not-loaded', title: 'Shown name' });
    expect(humanSize(512)).to.deep.equal({ key: 'apSizeBytes', n: '512' });
    expect(humanSize(248_320)).to.deep.equal({ key: 'apSizeKb', n: '243' });
    expect(humanSize(3 * 1024 * 1024)).to.deep.equal({ key: 'apSizeMb', n: '3.0' });
    expect(humanSize(undefined).key).to.equal('apSizeUnknown');
  });

  it('conversion is offered to responders only when authorised and open', () => {
    const authorised = req('PROVIDER_RESPONSE_REQUIRED');
    const notAuth = published(
      adviceConversation({ now, patientId, status: 'PROVIDER_RESPONSE_REQUIRED', authorisedToConvert: false })[0] as CommunicationRequest,
    );
    expect(conversionOf(authorised)).to.equal('authorised');
    expect(conversionOf(notAuth)).to.equal('not-authorised');
    expect(conversionOf({ resourceType: 'CommunicationRequest', status: 'active' })).to.equal('unknown');
    const view = (r: CommunicationRequest) => viewsOf([r], { perspective: 'responder' })[0];
    expect(canConvert(view(authorised), 'responder')).to.equal(true);
    expect(canConvert(view(authorised), 'requester')).to.equal(false);
    expect(canConvert(view(notAuth), 'responder')).to.equal(false);
    expect(canConvert(view(req('CONVERSATION_ENDED_CLOSED')), 'responder')).to.equal(false);
  });

  it('never throws on junk', () => {
    const junk = [null, 1, 'x', {}, { resourceType: 'CommunicationRequest' }] as unknown as CommunicationRequest[];
    const comms = [{ resourceType: 'Communication', partOf: 'x', payload: [null, { contentReference: 7 }], sender: [] }, null, 'y'];
    expect(() => viewsOf([...junk, ...comms])).not.to.throw();
  });
});

describe('advice model: references and senders through the record', () => {
  const BASE = 'https://fhir.example.nhs.uk/R4';
  const request = (): CommunicationRequest => ({ ...req('PROVIDER_RESPONSE_REQUIRED'), id: 'r1', payload: [] });
  const message = (id: string, partOf: string, extra: Partial<Communication> = {}): Communication => ({
    resourceType: 'Communication',
    id,
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    partOf: [{ reference: partOf }],
    sent: '2026-11-19T10:00:00Z',
    payload: [{ contentString: `text of ${id}` }],
    ...extra,
  });
  const texts = (resources: unknown[], baseUrl?: string) => viewsOf(resources, baseUrl ? { baseUrl } : {})[0].messages.map((m) => m.text);

  it('a message belongs to its request through an absolute same-server, versioned or trailing-slash reference; not another server’s', () => {
    const all = [
      request(),
      message('m1', `${BASE}/CommunicationRequest/r1`),
      message('m2', 'CommunicationRequest/r1/_history/3'),
      message('m3', `${BASE}/CommunicationRequest/r1/_history/3`),
      message('m4', `${BASE}/CommunicationRequest/r1/`),
      message('m5', 'https://other.example.nhs.uk/fhir/CommunicationRequest/r1'),
    ];
    expect(texts(all, BASE)).to.deep.equal(['text of m1', 'text of m2', 'text of m3', 'text of m4']);
    // handed in with no base known, an absolute reference is matched by its type and id
    expect(texts(all)).to.have.length(5);
  });

  it('shows an attachment that is a DocumentReference contained in the message', () => {
    const m = message('m1', 'CommunicationRequest/r1', {
      contained: [
        {
          resourceType: 'DocumentReference',
          id: 'letter',
          status: 'current',
          content: [{ attachment: { contentType: 'application/pdf', title: 'Discharge letter', url: 'Binary/b1', size: 4096 } }],
        },
      ],
      payload: [{ contentString: 'Letter attached' }, { contentReference: { reference: '#letter' } }],
    });
    const [att] = viewsOf([request(), m])[0].messages[0].attachments;
    expect(att).to.deep.include({ documentReferenceId: '#letter', title: 'Discharge letter', availability: 'available', sizeBytes: 4096 });
  });

  const org = (id: string, roles: string[], name: string): Organization => ({
    resourceType: 'Organization',
    id,
    name,
    ...(roles.length
      ? { type: [{ coding: roles.map((code) => ({ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code })) }] }
      : {}),
  });
  const sentBy = (orgId: string, role: 'REQUESTER' | 'RESPONDER') => [
    message('m1', 'CommunicationRequest/r1', {
      sender: { reference: 'Practitioner/p1', display: 'Dr Jan Lowe' },
      category: sentByCategory(role),
    }),
    {
      resourceType: 'PractitionerRole',
      id: 'pr1',
      practitioner: { reference: 'Practitioner/p1' },
      organization: { reference: `Organization/${orgId}` },
    },
  ];
  const senderOf = (resources: unknown[]) => viewsOf([request(), ...resources])[0].messages[0].sender;

  it('a sender whose organisation is only a prescribing cost centre (RO177) is not a GP practice', () => {
    const s = senderOf([...sentBy('o1', 'REQUESTER'), org('o1', ['RO177'], 'Harbour Prescribing Centre')]);
    expect(s.organisation?.kind).to.equal('community-urgent-other');
    expect(organisationLabel(s.organisation)).to.equal('Harbour Prescribing Centre (community, urgent care or other)');
    // a GP practice is also a prescribing cost centre: RO76 wins
    expect(senderOf([...sentBy('o2', 'RESPONDER'), org('o2', ['RO177', 'RO76'], 'Riverside')]).organisation?.kind).to.equal('gp-practice');
  });

  it('a sender whose organisation has no ODS role is "setting not known", never guessed from the conversation role', () => {
    for (const role of ['REQUESTER', 'RESPONDER'] as const) {
      const s = senderOf([...sentBy('o1', role), org('o1', [], 'Northbridge Hospice')]);
      expect(s.conversationRole).to.equal(role);
      expect(s.organisation?.kind, role).to.equal('unknown');
      expect(s.organisation?.setting, role).to.equal(undefined);
      expect(organisationLabel(s.organisation), role).to.equal('Northbridge Hospice (setting not known)');
    }
    // and no organisation at all is none, not a setting
    expect(senderOf(sentBy('missing', 'REQUESTER').slice(0, 1)).organisation).to.equal(undefined);
  });

  it('resolves a contained sender and an organisation named only by the role’s display', () => {
    const m = message('m1', 'CommunicationRequest/r1', {
      contained: [
        { resourceType: 'Practitioner', id: 'who', name: [{ family: 'Hale', given: ['Rosa'], prefix: ['Dr'] }] },
      ] as Communication['contained'],
      sender: { reference: '#who' },
    });
    expect(senderOf([m]).name).to.equal('HALE, Rosa (Dr)');
    const viaRole = message('m1', 'CommunicationRequest/r1', { sender: { reference: 'PractitionerRole/pr9' } });
    const role = {
      resourceType: 'PractitionerRole',
      id: 'pr9',
      practitioner: { display: 'Dr Sam Iqbal' },
      organization: { display: 'St Elsewhere' },
    };
    const s = senderOf([viaRole, role]);
    expect(s.name).to.equal('Dr Sam Iqbal');
    expect(organisationLabel(s.organisation)).to.equal('St Elsewhere (setting not known)');
  });
});

describe('advice writes', () => {
  it('a reply is a completed Communication partOf/basedOn the request, with the client id and sender role', () => {
    const c = buildReply({
      sendId: 'urn:uuid:1',
      requestId: 'r1',
      patientId,
      sender: { reference: 'Practitioner/p1' },
      perspective: 'responder',
      text: 'Hello',
      attachments: [{ documentReferenceId: 'd1', title: 'Doc' }],
      request: { requester: { reference: 'Practitioner/gp' }, recipient: [] },
      now,
    });
    expect(c.status).to.equal('completed');
    expect(c.partOf).to.deep.equal([{ reference: 'CommunicationRequest/r1' }]);
    expect(c.basedOn).to.deep.equal([{ reference: 'CommunicationRequest/r1' }]);
    expect(c.identifier).to.deep.equal([{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:1' }]);
    expect(c.recipient).to.deep.equal([{ reference: 'Practitioner/gp' }]);
    expect(c.payload?.[1]?.contentReference?.reference).to.equal('DocumentReference/d1');
    expect(c.sent).to.equal(now.toISOString());
    expect(ifNoneExistFor('urn:uuid:1')).to.equal('identifier=urn%3Aietf%3Arfc%3A3986%7Curn%3Auuid%3A1');
  });

  it('a new request awaits the provider, and conversion marks it converted', () => {
    const r = buildRequest({
      sendId: 'urn:uuid:2',
      patientId,
      sender: { reference: 'Practitioner/gp' },
      service: { id: 's', label: 'Diabetes', specialty: { text: 'Diabetic medicine' }, reference: { reference: 'HealthcareService/s' } },
      priority: 'urgent',
      text: 'Q',
      attachments: [],
      now,
    });
    expect(resolveStatus(r).code).to.equal('PROVIDER_RESPONSE_REQUIRED');
    expect(r.priority).to.equal('urgent');
    expect(r.recipient).to.deep.equal([{ reference: 'HealthcareService/s' }]);
    expect(resolveStatus(markConverted({ ...r, id: 'x' })).code).to.equal('ADVICE_CONVERTED');
  });
});

describe('advice model: e-RS as published (sandbox responses of A024, A025, A026, A041)', () => {
  let request: CommunicationRequest; // A024: retrieveAdviceAndGuidanceRequest-MinimalExample (UBRN 000000070000)
  let conversation: Bundle; // A025: OneMessageEachWay, basedOn CommunicationRequest/000000070000/_history/2
  let multiWay: Bundle; // A025: MultiWayConversation, basedOn CommunicationRequest/000000070002
  let advice: Bundle; // A041: searchServiceRequest-ResponseExampleReferralAndAdvice
  before(async () => {
    request = await ersExample('stu3/retrieveAdviceAndGuidanceRequest-MinimalExample');
    conversation = await ersExample('stu3/retrieveAdviceAndGuidanceConversation-OneMessageEachWay');
    multiWay = await ersExample('stu3/retrieveAdviceAndGuidanceConversation-MultiWayConversation');
    advice = await ersExample('r4/searchServiceRequest-ResponseExampleReferralAndAdvice');
  });
  const entries = (b: Bundle) => (b.entry ?? []).map((e) => e.resource);

  it('reads the A&G status from category, conversion from the published extension, and the conversation from note and category', () => {
    const [v] = viewsOf([request, ...entries(conversation)], { perspective: 'responder' });
    expect(v.status).to.deep.equal({ code: 'PROVIDER_RESPONSE_REQUIRED', inferred: false });
    expect(v.conversion).to.equal('authorised');
    expect(canConvert(v, 'responder')).to.equal(true);
    expect(v.ubrn).to.equal('000000070000');
    expect(v.specialty).to.equal('Cardiology');
    expect(v.service).to.equal('Cardiology Advice Service');
    expect(v.priority).to.equal('ROUTINE');
    expect(v.messages.map((m) => [m.sender.conversationRole, m.text])).to.deep.equal([
      ['REQUESTER', 'Please advise me on this patient who ...(information about patient)'],
      ['RESPONDER', 'Please perform xxx test and send me the results'],
    ]);
    // the sender's PractitionerRole (through e-RS's reference extension): its business function and ODS code
    expect(v.messages[1].sender.jobRole).to.equal('Service provider clinician');
    expect(organisationLabel(v.messages[1].sender.organisation)).to.equal('R68 (setting not known)');
    // each card can be told apart: the question's first line, who asked and who answered
    expect(v.questionFirstLine).to.equal('Please advise me on this patient who ...(information about patient)');
    expect(v.asker?.jobRole).to.equal('Referring clinician');
    expect(v.responder?.jobRole).to.equal('Service provider clinician');
  });

  it('REQUESTER, RESPONDER and REFERRER_CLINICAL_INFORMATION_UPDATED come from Communication.category, never from who is not the requester', () => {
    const r = { ...request, id: '000000070002' } as CommunicationRequest;
    const v = viewsOf([r, ...entries(multiWay)])[0];
    expect(v.messages.map((m) => m.sender.conversationRole)).to.deep.equal(['REQUESTER', 'REQUESTER', 'RESPONDER', 'RESPONDER']);
    // a second GP (not the requester) writes: e-RS says REQUESTER, so it is not specialist advice, and the status stays
    const second: Communication = {
      resourceType: 'Communication',
      id: 'second-gp',
      status: 'completed',
      basedOn: [{ reference: 'CommunicationRequest/000000070002/_history/6' }],
      category: sentByCategory('REQUESTER'),
      sent: '2021-09-25T09:00:00Z',
      sender: { reference: 'Practitioner/another-gp', display: 'Dr Second GP' },
      note: [{ text: 'A colleague adds: symptoms worse overnight.' }],
    };
    const w = viewsOf([r, ...entries(multiWay), second])[0];
    expect(w.messages.at(-1)?.sender).to.include({ conversationRole: 'REQUESTER', name: 'Dr Second GP' });
    expect(w.status).to.deep.equal({ code: 'PROVIDER_RESPONSE_REQUIRED', inferred: false });
    expect(w.responder?.jobRole).to.equal('Service provider clinician');
    // where the record does not say, someone other than the requester is "not known", not the specialist,
    // and an open request without an e-RS status does not turn into "review the response"
    const plain = { resourceType: 'CommunicationRequest', id: 'p1', status: 'active', requester: { reference: 'Practitioner/gp-1' } };
    const unsaid: Communication = {
      resourceType: 'Communication',
      id: 'u1',
      status: 'completed',
      partOf: [{ reference: 'CommunicationRequest/p1' }],
      sender: { reference: 'Practitioner/gp-2', display: 'Dr Other GP' },
      payload: [{ contentString: 'From a second GP' }],
    };
    const u = viewsOf([plain, unsaid])[0];
    expect(u.messages[0].sender.conversationRole).to.equal(undefined);
    expect(u.status.code).to.equal('OPEN');
    expect(u.responder).to.equal(undefined);
    expect(u.unattributed).to.equal(1);
    // the requester's own message is theirs, by identity
    const own = viewsOf([plain, { ...unsaid, sender: { reference: 'Practitioner/gp-1' } }])[0];
    expect(own.messages[0].sender.conversationRole).to.equal('REQUESTER');
  });

  it('the conversion authorisation is the published Extension-eRS-ProviderConversionAuthorisation-1 only', () => {
    const authorisation = (url: string, code: string) => ({
      ...request,
      extension: [{ url, valueCoding: { system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ProviderConversionAuthorisation-1', code } }],
    });
    const published1 = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-ProviderConversionAuthorisation-1';
    expect(conversionOf(authorisation(published1, 'AUTHORISED_TO_CONVERT'))).to.equal('authorised');
    expect(conversionOf(authorisation(published1, 'NOT_AUTHORISED_TO_CONVERT'))).to.equal('not-authorised');
    const invented = 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-ConversionAuthorisation';
    expect(conversionOf(authorisation(invented, 'AUTHORISED_TO_CONVERT'))).to.equal('unknown');
  });

  it('an R4 A&G ServiceRequest (A041: code advice-and-guidance, category request) is a summary; the referral under the same UBRN is not A&G', () => {
    const views = viewsOf(entries(advice));
    expect(views).to.have.length(1);
    const [v] = views;
    expect(v).to.include({ kind: 'summary', requestId: 'a.832db7fa-ebdd-44b6-ab3b-8329c2d43149', ubrn: '000000070002' });
    expect(v.messages).to.deep.equal([]);
    // completed, as A041 says: not "closed" (it may have been converted: the referral shares its UBRN)
    expect(v.status).to.deep.equal({ code: 'COMPLETED', inferred: true });
    expect(canConvert(v, 'responder')).to.equal(false);
    const open = viewsOf(entries(advice).map((r) => (r?.id?.startsWith('a.') ? { ...r, status: 'active' } : r)))[0];
    expect(open.status).to.deep.equal({ code: 'OPEN', inferred: true });
  });

  it('e-RS attachment availability: AVAILABLE, PENDING, THREATS_FOUND, VALIDATION_FAILED', async () => {
    const unavailable = await ersExample<Bundle>('stu3/retrieveAdviceAndGuidanceConversation-UnavailableAttachments');
    const docs = entries(unavailable).filter((r) => r?.resourceType === 'DocumentReference');
    expect(docs.map((d) => attachmentView(d.id!, d as never).availability)).to.deep.equal([
      'not-yet-available',
      'threats-found',
      'validation-failed',
    ]);
    const each = await ersExample<Bundle>('stu3/retrieveAdviceAndGuidanceConversation-AttachmentPresentInEachDirection');
    const doc = entries(each).find((r) => r?.resourceType === 'DocumentReference');
    expect(attachmentView(doc!.id!, doc).availability).to.equal('available');
  });

  it('a sender whose organisation only meta.source names has none: meta.source is where a record was held, not who wrote it', () => {
    const m: Communication = {
      resourceType: 'Communication',
      id: 'm1',
      status: 'completed',
      meta: { source: 'urn:ods:R9A' },
      partOf: [{ reference: 'CommunicationRequest/p1' }],
      category: sentByCategory('RESPONDER'),
      sender: { reference: 'Practitioner/nobody-known', display: 'Dr No Role' },
      payload: [{ contentString: 'Advice' }],
    };
    const org: Organization = {
      resourceType: 'Organization',
      id: 'org-R9A',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R9A' }],
      name: 'Northbridge University Hospitals NHS Foundation Trust',
      type: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code: 'RO197' }] }],
    };
    const r = { resourceType: 'CommunicationRequest', id: 'p1', status: 'active', meta: { source: 'urn:ods:R9A' } };
    const [v] = viewsOf([r, m, org]);
    expect(v.messages[0].sender.organisation).to.equal(undefined);
  });
});
