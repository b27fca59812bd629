// @joinedcare/specialist-finder: side-effect-free exports. Import './define.js' to register the tags.
export { JcAdvicePrompt, type AdvicePromptActionDetail } from './advice-prompt.js';
export { DISMISS_REASONS, resetDismissedPrompts, type DismissReason } from './dismissals.js';
export { JcSpecialistFinder, type PatientSelectedDetail, type SortColumn } from './specialist-finder.js';
export {
  RuleSetError,
  parseRuleSet,
  type AkiExclusion,
  type CodeList,
  type CodeRef,
  type Comparator,
  type ConditionCriteria,
  type ContactExclusion,
  type ContactResourceType,
  type EgfrFallCriteria,
  type EncounterCountCriteria,
  type KfreCriteria,
  type ObservationThresholdCriteria,
  type ObservationTrendCriteria,
  type Population,
  type RequestExclusion,
  type Rule,
  type RuleCode,
  type RuleCriteria,
  type RuleIssue,
  type RuleSet,
  type RuleSource,
  type Severity,
} from './rules/schema.js';
export {
  DAY_MS,
  SEVERITY_RANK,
  YEAR_DAYS,
  acrMgMmolToMgG,
  compare,
  conceptHasCode,
  convertUnit,
  egfrCategory,
  evaluateRule,
  evaluateRules,
  hba1cMmolMolToPercent,
  hba1cPercentToMmolMol,
  meetsCriteria,
  monthsBefore,
  normaliseUnit,
  parseDate,
  queryPlan,
  slopePerYear,
  type ContactRef,
  type DataWarning,
  type DataWarningKind,
  type EvidenceItem,
  type FallFinding,
  type Finding,
  type KfreFinding,
  type NotCheckedReason,
  type PatientRecord,
  type QueryPlan,
  type ReferralRequestStu3,
  type RequestRef,
  type RequestResource,
  type RuleOutcome,
  type TrendFinding,
} from './rules/engine.js';
export { specialistContacts } from './rules/contact.js';
export { EGFR_CREATININE_EXPONENT } from './rules/aki.js';
export { KFRE_4_VARIABLE, KFRE_BASELINE_SURVIVAL, kfre4, type KfreInput } from './rules/kfre.js';
export { ACR_MG_PER_G_PER_MG_PER_MMOL, isKnownUnit } from './rules/units.js';
export { EXAMPLE_RULES, EXAMPLE_RULE_SET, EXAMPLE_RULES_DISCLAIMER } from './rules/example-rules.js';
export { ERS_SPECIALTY_SYSTEM, EXAMPLE_CODE_LISTS, TREATMENT_FUNCTION_SYSTEM } from './rules/example-code-lists.js';
export { NOT_CHECKED_TOPIC, RULE_TOPIC, cardRule, escapeMarkdown, linesOf, toCards, type CardLink, type FinderCard } from './cards.js';
export {
  CHUNK_MAX_PAGES,
  CHUNK_SIZE,
  PAGE_SIZE,
  PATIENT_MAX_PAGES,
  PRACTICE_MAX_PAGES,
  loadPatientRecord,
  patientIdOf,
  type PatientData,
} from './data.js';
export {
  ScanError,
  registeredWith,
  scanPopulation,
  type PopulationSource,
  type ScanOptions,
  type ScanProgress,
  type ScanResult,
} from './population-data.js';
/** Gives the main thread back to the browser before going on (core's; re-exported, as before). */
export { yieldToMain } from '@joinedcare/core';
export { csvCell, downloadCsv, toCsv } from './csv.js';
export { finderStrings } from './strings.js';
export { finderMessages } from './messages.js';
