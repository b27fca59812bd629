// CDS Hooks 2.0 messages as JSON Schema (the subset below), written from the specification
// (https://cds-hooks.hl7.org/2.0/): the discovery response, a patient-view request, and a service
// response with its cards. `validate(schema, value)` checks a value and lists what is wrong, so the
// service's tests check every message against the specification rather than against our own code.

const uri = { type: 'string', format: 'uri' };
const str = { type: 'string', minLength: 1 };
const coding = { type: 'object', required: ['code'], properties: { system: uri, code: str, display: str } };

export const discoverySchema = {
  type: 'object',
  required: ['services'],
  properties: {
    services: {
      type: 'array',
      items: {
        type: 'object',
        required: ['hook', 'description', 'id'],
        additionalProperties: false,
        properties: {
          hook: str,
          title: str,
          description: str,
          id: { type: 'string', pattern: '^[A-Za-z0-9._~-]+$' },
          prefetch: { type: 'object', additionalProperties: { type: 'string', pattern: '^[A-Za-z]+(/|\\?)' } },
          usageRequirements: str,
        },
      },
    },
  },
};

/** A `patient-view` hook request (CDS Hooks 2.0 "Calling a CDS Service", and the patient-view hook's context). */
export const patientViewRequestSchema = {
  type: 'object',
  required: ['hook', 'hookInstance', 'context'],
  dependentRequired: { fhirAuthorization: ['fhirServer'] },
  properties: {
    hook: { const: 'patient-view' },
    hookInstance: { type: 'string', format: 'uuid' },
    fhirServer: uri,
    fhirAuthorization: {
      type: 'object',
      required: ['access_token', 'token_type', 'expires_in', 'scope', 'subject'],
      properties: {
        access_token: str,
        token_type: { const: 'Bearer' },
        expires_in: { type: 'integer' },
        scope: str,
        subject: str,
        patient: str,
      },
    },
    context: {
      type: 'object',
      required: ['userId', 'patientId'],
      properties: {
        userId: { type: 'string', pattern: '^(Practitioner|PractitionerRole|Patient|RelatedPerson)/[^/]+$' },
        patientId: str,
        encounterId: str,
      },
    },
    prefetch: { type: 'object', additionalProperties: { type: ['object', 'null'] } },
  },
};

const link = {
  type: 'object',
  required: ['label', 'url', 'type'],
  additionalProperties: false,
  properties: { label: str, url: uri, type: { enum: ['absolute', 'smart'] }, appContext: str, autolaunchable: { type: 'boolean' } },
};
const action = {
  type: 'object',
  required: ['type', 'description'],
  properties: { type: { enum: ['create', 'update', 'delete'] }, description: str, resource: { type: 'object' }, resourceId: str },
};
export const cardSchema = {
  type: 'object',
  required: ['summary', 'indicator', 'source'],
  additionalProperties: false,
  dependentRequired: { suggestions: ['selectionBehavior'] },
  properties: {
    uuid: str,
    summary: { type: 'string', minLength: 1, maxLength: 139 },
    detail: str,
    indicator: { enum: ['info', 'warning', 'critical'] },
    source: {
      type: 'object',
      required: ['label'],
      additionalProperties: false,
      properties: { label: str, url: uri, icon: uri, topic: coding },
    },
    suggestions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['label'],
        properties: { label: str, uuid: str, isRecommended: { type: 'boolean' }, actions: { type: 'array', items: action } },
      },
    },
    selectionBehavior: { enum: ['at-most-one', 'any'] },
    overrideReasons: { type: 'array', minItems: 1, items: { ...coding, required: ['code', 'display'] } },
    links: { type: 'array', minItems: 1, items: link },
    extension: { type: 'object' },
  },
};
export const responseSchema = {
  type: 'object',
  required: ['cards'],
  properties: { cards: { type: 'array', items: cardSchema }, systemActions: { type: 'array', items: action } },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** What is wrong with `value` against `schema` (empty: valid). Also: no null where not allowed (CDS Hooks: JSON elements SHALL NOT be null). */
export function validate(schema, value, path = '$') {
  const out = [];
  const fail = (m) => out.push(`${path}: ${m}`);
  if ('const' in schema && value !== schema.const) fail(`must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) fail(`must be one of ${schema.enum.join(', ')}`);
  if (schema.type) {
    const types = [schema.type].flat();
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      fail(`must be ${types.join(' or ')} (is ${t})`);
      return out;
    }
  } else if (value === null) fail('must not be null');
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) fail(`must have at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      fail(`must have at most ${schema.maxLength} characters (has ${value.length})`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) fail(`must match ${schema.pattern}`);
    if (schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) fail('must be an absolute URI');
    if (schema.format === 'uuid' && !UUID.test(value)) fail('must be a UUID');
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      fail(`must have at least ${schema.minItems} items (SHALL NOT be empty)`);
    if (schema.items) value.forEach((v, i) => out.push(...validate(schema.items, v, `${path}[${i}]`)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of schema.required ?? []) if (!(k in value)) fail(`${k} is required`);
    for (const [k, needs] of Object.entries(schema.dependentRequired ?? {})) {
      if (k in value) for (const n of needs) if (!(n in value)) fail(`${n} is required when ${k} is given`);
    }
    for (const [k, v] of Object.entries(value)) {
      const p = schema.properties?.[k];
      if (p) out.push(...validate(p, v, `${path}.${k}`));
      else if (schema.additionalProperties === false) fail(`${k} is not a field of this object`);
      else if (typeof schema.additionalProperties === 'object') out.push(...validate(schema.additionalProperties, v, `${path}.${k}`));
    }
  }
  return out;
}
