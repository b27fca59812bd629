// @joinedcare/advice-panel: side-effect-free exports. Import './define.js' to register the tag.
export { JcAdvicePanel } from './advice-panel.js';
export type { AdviceSentDetail, AdviceSendFailedDetail } from './events.js';
export {
  ADVICE_STATUS_TABLE,
  AG_CONVERSION_EXTENSION,
  AG_CONVERSION_SYSTEM,
  AG_SENT_BY_SYSTEM,
  AG_STATUS_SYSTEM,
  CLIENT_ID_SYSTEM,
  conversionOf,
  perspectiveOf,
  resolveStatus,
  whoActsNext,
  type AdviceStatusCode,
  type ConversionAuthorisation,
  type NextActor,
  type Perspective,
  type ResolvedStatus,
  type StatusRow,
  type StatusTone,
} from './status.js';
export { DEFAULT_RESPONSE_TARGET_DAYS, overdueOf, type OverdueInfo } from './response-target.js';
export {
  attachmentView,
  contentTypeLabel,
  humanSize,
  referencedDocumentIds,
  type AttachmentAvailability,
  type AttachmentView,
} from './attachments.js';
export { referencedPractitionerIds, type ConversationRole, type SenderView } from './senders.js';
export { canConvert, conversationViews, requestIdOf, type ConversationView, type MessageView, type ModelInput } from './conversations.js';
export {
  actorRef,
  isAdviceServiceRequest,
  messageTextOf,
  requesterOf,
  senderOf,
  sentByOf,
  statusCodeOf,
  ubrnOf,
  type SentBy,
} from './ers.js';
export {
  buildConversion,
  buildReply,
  buildRequest,
  ifNoneExistFor,
  markConverted,
  referralCriteria,
  type AdviceAttachmentOption,
  type AdviceService,
  type ReplyInput,
  type RequestInput,
} from './writes.js';
export {
  addWorkingDays,
  englandAndWalesBankHolidays,
  easterSunday,
  isWorkingDay,
  MAX_WORKING_DAYS,
  type BankHolidayCalendar,
  type WorkingDayCalendar,
} from './working-days.js';
export { clearAllDrafts, draftKey, type Draft } from './drafts.js';
export { advicePanelStrings } from './strings.js';
export { advicePanelMessages } from './messages.js';
/** The UK calendar day of an instant: core's, kept under the name this package exported before. */
export { ukDayNumber } from '@joinedcare/core';
