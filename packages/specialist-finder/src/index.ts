// @joinedcare/specialist-finder: exports. Import './define.js' to register the tags.
// (Importing an element class registers its en-GB strings with core's catalogue, nothing else.)
export { JcAdvicePrompt, resetDismissedPrompts, DISMISS_REASONS } from './advice-prompt.js';
export type { AdvicePromptActionDetail, DismissReason } from './advice-prompt.js';
export { JcSpecialistFinder } from './specialist-finder.js';
export type { PatientSelectedDetail, SortColumn } from './specialist-finder.js';
export * from './rules/schema.js';
export * from './rules/engine.js';
export { EXAMPLE_RULE_SET, EXAMPLE_RULES_DISCLAIMER } from './rules/example-rules.js';
export { scanPopulation, loadPatientRecord, ScanError, yieldToMain, patientIdOf, CHUNK_SIZE, PAGE_SIZE } from './data.js';
export type { PopulationSource, ScanOptions, ScanProgress, ScanResult, PatientData } from './data.js';
export { csvCell, toCsv, downloadCsv } from './csv.js';
export { finderStrings, finderMessages } from './strings.js';
