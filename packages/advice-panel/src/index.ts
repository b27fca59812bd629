// @joinedcare/advice-panel: side-effect-free exports. Import './define.js' to register the tag.
export { JcAdvicePanel, type AdviceSentDetail, type AdviceSendFailedDetail } from './advice-panel.js';
export * from './model.js';
export * from './writes.js';
export {
  englandAndWalesBankHolidays,
  easterSunday,
  isWorkingDay,
  MAX_WORKING_DAYS,
  type BankHolidayCalendar,
  type WorkingDayCalendar,
} from './working-days.js';
export { clearAllDrafts, draftKey, type Draft } from './drafts.js';
export { advicePanelStrings, advicePanelMessages } from './strings.js';
