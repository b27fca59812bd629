// en-GB strings of @joinedcare/advice-panel: every key starts with 'ap'. Passed by value (see advicePanelMessages); translations: `registerLocale(lang, {...})`.
import { defineMessages, translator } from '@joinedcare/core';

export const advicePanelStrings = {
  apLabel: 'Advice and guidance',
  apWhat: 'advice and guidance conversations',
  apEmpty: 'No advice and guidance conversations for this patient.',
  apListLabel: 'Advice and guidance conversations',
  // e-RS A&G statuses (labels) and FHIR fallbacks
  apStatusProviderResponseRequired: 'Provider Response Required',
  apStatusReferrerToSubmitFurtherInformation: 'Referrer To Submit Further Information',
  apStatusReferrerToReviewResponse: 'Referrer To Review Response',
  apStatusConversationEndedCancelled: 'Conversation Ended - Cancelled',
  apStatusConversationEndedClosed: 'Conversation Ended - Closed',
  apStatusAdviceConverted: 'Advice Converted To Referral',
  apStatusDraft: 'Draft',
  apStatusOnHold: 'On Hold',
  apStatusEnteredInError: 'Entered In Error',
  apStatusUnknown: 'Status Not Known',
  apStatusInferred: '(from the FHIR status)',
  // who acts next, per perspective
  apNextAwaitingSpecialist: 'Awaiting specialist response',
  apNextYouRespond: 'Your response is needed',
  apNextSpecialistAskedMore: 'Specialist asked for more information',
  apNextAwaitingMoreInfo: 'Awaiting more information from the referrer',
  apNextReviewResponse: 'Response ready to review',
  apNextAwaitingReview: 'Awaiting the referrer’s review of your response',
  apNextEndedCancelled: 'No action: the conversation was cancelled',
  apNextEndedClosed: 'No action: the conversation is closed',
  apNextConverted: 'No action: converted to a referral',
  apNextDraft: 'Not yet sent to the specialist',
  apNextOnHold: 'On hold: no one needs to act for now',
  apNextEnteredInError: 'Recorded in error: ignore this conversation',
  apNextUnknown: 'Not Known who acts next',
  // list and header fields
  apSpecialty: 'Specialty',
  apService: 'Service',
  apStarted: 'Started',
  apLastActivity: 'Last message',
  apPriority: 'Priority',
  apPriorityRoutine: 'Routine',
  apPriorityUrgent: 'Urgent',
  apPriorityAsap: 'ASAP',
  apPriorityStat: 'Immediate',
  apOverdue: 'Overdue',
  apOverdueDetail: 'Response overdue: due {due} ({days} working day target)',
  apOpen: 'Open conversation: {specialty}, {status}',
  apBack: 'Back to all conversations',
  apRequestedBy: 'Requested by {name}',
  // thread
  apThreadLabel: 'Messages',
  apNoMessages: 'No messages in this conversation yet.',
  apShowEarlier: { one: 'Show {n} earlier message ({hidden} not shown)', other: 'Show {n} earlier messages ({hidden} not shown)' },
  apShowingLatest: 'Showing the latest {shown} of {total} messages.',
  apSenderRequester: 'Referrer',
  apSenderResponder: 'Specialist',
  apNoText: 'No message text',
  apNewMessages: { one: '{n} new message', other: '{n} new messages' },
  apConversationOpened: { one: 'Conversation opened: {n} message', other: 'Conversation opened: {n} messages' },
  // attachments
  apAttachments: 'Attachments',
  apOpenAttachment: 'Open {title}',
  apAttachmentUnavailable: 'Not yet available (still being processed or scanned); it cannot be opened yet',
  apAttachmentWithdrawn: 'Withdrawn: entered in error',
  apAttachmentNotLoaded: 'Details could not be loaded',
  apUntitled: 'Untitled document',
  apSizeBytes: { one: '{n} byte', other: '{n} bytes' },
  apSizeKb: '{n} KB',
  apSizeMb: '{n} MB',
  apSizeUnknown: 'size Not Known',
  // writing
  apComposeLabel: 'Your reply',
  apComposeHint: 'Press Ctrl+Enter (Cmd+Enter on a Mac) or the Send button to send.',
  apSend: 'Send reply',
  apSending: 'Sending…',
  apSendingAnnounce: 'Sending your message…',
  apSent: 'Message sent.',
  apRequestSent: 'Advice request sent.',
  apSendFailedTitle: 'Your message was not sent',
  apSendUnknownTitle: 'We could not confirm that your message was sent',
  apSendKept: 'Your text has been kept. Retry will not send it twice.',
  apSendEmpty: 'Write a message before sending.',
  apRetrySend: 'Retry sending',
  apNoSender: 'Replying is not set up: the system has not said who you are.',
  apReplyClosed: 'This conversation has ended; no more replies can be sent.',
  apAttachLabel: 'Attach documents',
  apNewRequest: 'New advice request',
  apNewRequestTitle: 'New advice request',
  apQuestionLabel: 'Your question',
  apServiceLabel: 'Specialty or service',
  apServiceChoose: 'Choose a service',
  apPriorityLabel: 'Priority',
  apSendRequest: 'Send request',
  apCancel: 'Cancel',
  apChooseService: 'Choose a specialty or service.',
  apNoServices: 'No specialist services are available to choose from.',
  // convert to referral
  apConvert: 'Convert to referral',
  apConverting: 'Converting…',
  apConvertRequested: 'Conversion to a referral requested.',
  apConverted: 'Converted to a referral.',
  apConvertFailed: 'The conversation could not be converted',
  apConvertNotSupported: 'This system cannot update the request; convert it in the referral system.',
  apNotAuthorisedToConvert: 'The referrer has not authorised conversion to a referral.',
  // source
  apSentFrom: 'From {organisation}',
  apPartialMessages: 'messages',
  apPartialAttachments: 'attachment details',
  apPartialSenders: 'sender details',
  apPartialRequests: 'some conversations',
} as const;

type AdvicePanelMessages = { readonly [K in keyof typeof advicePanelStrings]: string };
declare module '@joinedcare/core' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface JcMessages extends AdvicePanelMessages {}
}

/** The package's catalogue: pass it by value (`translate`, or an element's `static messages`). */
export const advicePanelMessages = defineMessages('@joinedcare/advice-panel', 'ap', advicePanelStrings);
/** Looks up this package's strings: `apMsg(key, params, lang)`. */
export const apMsg = translator(advicePanelMessages);
