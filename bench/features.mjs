// What each built file's bytes pay for: every module of @joinedcare/elements' built files belongs to
// one feature area, and the size budgets (bench/size.mjs `BUDGETS`) are set from what these areas
// cost. `node test/tools/check-size.mjs` fails when a built file holds a module no area names, so a
// new module is always counted somewhere; `node test/tools/check-size.mjs --areas` prints the cost
// of each area, file by file (the table in docs/performance.md, "Budgets").
//
// A module is named as bench/size.mjs `moduleName` names it: `care-summary/model-gpc.ts`,
// `core/fhir/client.ts`, `lit-html/lit-html.js`.

/** `[area, issues that asked for it, module pattern]`, first match wins. */
export const AREAS = [
  [
    'Lit, @lit/context, @lit/task (and the directives a widget uses)',
    [],
    /^(lit-html|lit-element|lit|@lit|@oxc-project)\/|(^|\/)vite\/preload-helper\.js$/,
  ],
  ['Welsh strings (loaded on demand through loader.js)', [20], /\/(strings\.cy|i18n\/cy)\.ts$/],
  ['English strings', [], /\/(strings|messages|i18n\/en-gb)\.ts$/],
  ['Styles', [18], /\.styles\.ts$/],
  ['entry points: loader.js, elements.js', [19], /^elements\/(loader|locale|elements)\.ts$|^core\/index\.ts$/],

  // core (the shared chunk)
  ['core: FHIR client (requests, paging, per-user cache, errors, SMART)', [15], /^core\/fhir\//],
  ['core: one clinical record (references, organisations, provenance)', [14], /^core\/record\//],
  ['core: patient context, identity confirmation, patient guard', [15], /^core\/context\//],
  ['core: base element, states, lifecycle, design tokens', [20], /^core\/(element\/|define\.ts$)/],
  ['core: narrative text of IPS sections', [17], /^core\/format\/narrative-text\.ts$/],
  ['core: formatters (dates, names, NHS number, clinical values)', [], /^core\/format\//],
  ['core: strings machinery (plural forms, lazy catalogues)', [20], /^core\/i18n\//],

  // care summary
  [
    'care summary: GP Connect structured record (STU3 mapping, List codes, warnings, relay)',
    [17],
    /^care-summary\/(model-gpc|stu3|gpc-codes|gpc-record|gpc-relay|warnings)\.ts$/,
  ],
  ['care summary: IPS documents', [17], /^care-summary\/ips\.ts$/],
  ['care summary: what a record says is absent (none recorded, not asked, withheld)', [17], /^care-summary\/absent\.ts$/],
  ['care summary: medicines (courses, authorisations, issues)', [17], /^care-summary\/model-medicines\.ts$/],
  ['care summary: results and trends', [18], /^care-summary\/(model-results|model-investigations|sparkline)\.ts$/],
  [
    'care summary: problems, allergies, admissions, letters, care team',
    [14],
    /^care-summary\/(model-clinical|model-care|model-links|model-shared|model)\.ts$/,
  ],
  [
    'care summary: sections, loading, handed-in data, sources',
    [14],
    /^care-summary\/(sections|section-[a-z]+|queries|server-load|handed-in|source|summary-build)\.ts$/,
  ],
  [
    'care summary: tables, cards, details, long lists',
    [18],
    /^care-summary\/(item-views|row-drawer|view-host|table-views|section-views|record-views|summary-views)\.ts$/,
  ],
  ['care summary: the element', [], /^care-summary\/(care-summary|define)\.ts$/],

  // referral status
  ['referral status: e-RS payloads (STU3 and R4), codes, UBRNs', [16], /^referral-status\/(ers-[a-z0-9]+|ubrn)\.ts$/],
  ['referral status: waiting clocks', [16], /^referral-status\/clock(-[a-z]+)?\.ts$/],
  [
    'referral status: priorities, states, what needs attention',
    [16],
    /^referral-status\/(priorities|referral-state|states|attention)\.ts$/,
  ],
  ['referral status: appointments and history', [16], /^referral-status\/(appointments|timeline|shortlist)\.ts$/],
  [
    'referral status: model, grouping, loading, polling',
    [14],
    /^referral-status\/(model|grouping|names|lists|data|handed|poller|preparer)\.ts$/,
  ],
  [
    'referral status: tables, cards, details, long lists',
    [18],
    /^referral-status\/(list-drawing|referral-item-view|referral-list-view)\.ts$/,
  ],
  ['referral status: the element', [], /^referral-status\/(referral-status|define)\.ts$/],

  // advice panel
  [
    'advice panel: e-RS Advice & Guidance conversations',
    [16],
    /^advice-panel\/(ers|converting|conversations|status|working-days|response-target|reading|senders)\.ts$/,
  ],
  ['advice panel: sending, drafts, writes', [], /^advice-panel\/(sending|writes|drafts|memo|host|values)\.ts$/],
  ['advice panel: attachments', [], /^advice-panel\/(guard-)?attachments\.ts$/],
  ['advice panel: loading, handed-in data', [14], /^advice-panel\/(load|handed)\.ts$/],
  ['advice panel: list, thread and compose views', [18], /^advice-panel\/(list-view|thread-view|compose-view)\.ts$/],
  ['advice panel: the element', [], /^advice-panel\/(advice-panel|define)\.ts$/],

  // specialist finder
  [
    'specialist finder: rule engine and NICE criteria',
    [21],
    /^specialist-finder\/rules\/(codes|dates|units|readings|criteria|engine|checker|load|contact)\.ts$/,
  ],
  ['specialist finder: KFRE and AKI', [21], /^specialist-finder\/rules\/(kfre|aki)\.ts$/],
  ['specialist finder: rule-set checking (schema)', [21], /^specialist-finder\/rules\/schema\.ts$/],
  ['specialist finder: built-in rules and code lists', [21], /^specialist-finder\/rules\/example-(rules|code-lists)\.ts$/],
  ['specialist finder: CDS Hooks cards', [21], /^specialist-finder\/(cds-client|cards|present)\.ts$/],
  ['specialist finder: the advice prompt', [], /^specialist-finder\/(advice-prompt|prompt-views|dismissals|rule-views|rules-element)\.ts$/],
  [
    'specialist finder: population check and worklist',
    [21],
    /^specialist-finder\/(population-data|population-scan|worklist|worklist-views|csv|status-views|data)\.ts$/,
  ],
  ['specialist finder: the element', [], /^specialist-finder\/(specialist-finder|define)\.ts$/],

  // patient banner
  ['patient banner: allergies', [], /^patient-banner\/allergies(-view)?\.ts$/],
  ['patient banner: the element and its model', [], /^patient-banner\/(patient-banner|model|define)\.ts$/],
];

/** The area a module belongs to: `{ name, issues }`, or undefined when no area names it. */
export function areaOf(module) {
  const hit = AREAS.find(([, , test]) => test.test(module));
  return hit ? { name: hit[0], issues: hit[1] } : undefined;
}
