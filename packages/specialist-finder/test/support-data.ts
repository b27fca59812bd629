// One patient's records of the test population as the engine reads them (no server, no DOM: Node tests use it too).
import type { RuleSet, Severity } from '../src/index.js';
import type { FinderPopulation } from './population/index.js';

/** One patient's resources of the population, as the engine reads them (no server). */
export function recordOf(population: FinderPopulation, id: string) {
  const about = (r: { subject?: { reference?: string }; patient?: { reference?: string } }) =>
    (r.subject ?? r.patient)?.reference === `Patient/${id}`;
  const rs = population.resources.filter((r) => about(r as never));
  const of = <T>(type: string) => rs.filter((r) => r.resourceType === type) as T[];
  return {
    patient: population.patients.find((p) => p.id === id),
    observations: of<never>('Observation'),
    conditions: of<never>('Condition'),
    encounters: of<never>('Encounter'),
    episodes: of<never>('EpisodeOfCare'),
    requests: [...of<never>('ServiceRequest'), ...of<never>('CommunicationRequest')],
  };
}

/**
 * The example rule set with the eGFR decline rule three times, as `info`, `warning` and `critical`
 * in that order (ids `decline-info`, `decline-warning`, `decline-critical`): a patient in the
 * `decline-match` slot matches all three.
 */
export function threeSeverityRuleSet(base: RuleSet): RuleSet {
  const decline = base.rules.find((r) => r.id === 'ckd-egfr-rapid-decline')!;
  const severities: Severity[] = ['info', 'warning', 'critical'];
  return { ...base, rules: severities.map((severity) => ({ ...decline, id: `decline-${severity}`, severity })) };
}
