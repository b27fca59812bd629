// @joinedcare/specialist-finder: side-effect-free exports. Import './define.js' to register the tags.
export { JcAdvicePrompt, type AdvicePromptActionDetail } from './advice-prompt.js';
export { DISMISS_REASONS, resetDismissedPrompts, type DismissReason } from './dismissals.js';
export { JcSpecialistFinder, type PatientSelectedDetail, type SortColumn } from './specialist-finder.js';
export {
  RuleSetError,
  parseRuleSet,
  type Comparator,
  type EncounterCountCriteria,
  type ObservationThresholdCriteria,
  type ObservationTrendCriteria,
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
  SEVERITY_RANK,
  YEAR_DAYS,
  compare,
  conceptHasCode,
  convertUnit,
  evaluateRule,
  evaluateRules,
  hba1cMmolMolToPercent,
  hba1cPercentToMmolMol,
  meetsCriteria,
  monthsBefore,
  normaliseUnit,
  parseDate,
  queryPlan,
  specialtyRequests,
  type DataWarning,
  type DataWarningKind,
  type EvidenceItem,
  type PatientRecord,
  type QueryPlan,
  type RequestRef,
  type RequestResource,
  type RuleOutcome,
} from './rules/engine.js';
export { EXAMPLE_RULE_SET, EXAMPLE_RULES_DISCLAIMER } from './rules/example-rules.js';
export {
  CHUNK_SIZE,
  PAGE_SIZE,
  ScanError,
  loadPatientRecord,
  patientIdOf,
  scanPopulation,
  type PatientData,
  type PopulationSource,
  type ScanOptions,
  type ScanProgress,
  type ScanResult,
} from './data.js';
/** Gives the main thread back to the browser before going on (core's; re-exported, as before). */
export { yieldToMain } from '@joinedcare/core';
export { csvCell, downloadCsv, toCsv } from './csv.js';
export { finderStrings } from './strings.js';
export { finderMessages } from './messages.js';
