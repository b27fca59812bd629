// Issue 19: the care summary formats only the items it draws. The guard and the sort keys see every
// record; a medicine's fields (dose, dates, issues, prescriber, notes) are formatted when its row is
// drawn, and the table's columns are chosen from the labels every item is known to have.
import { expect } from '@open-wc/testing';
import type { FhirResource, MedicationStatement } from 'fhir/r4.js';
import { buildSection } from '../src/index.js';
import { clock, now, personas, withDirectory } from './data.js';
import { summaryInContext } from './harness.js';

const { a, f } = personas;
const COLUMN_LABELS = ['Dose', 'Started', 'Last issued'];

/** N current medicines for persona f (its statements as templates, each a medicine of its own). */
function medicines(n: number): MedicationStatement[] {
  const templates = (f.resources() as FhirResource[]).filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement');
  return Array.from({ length: n }, (_, i) => {
    const ms = structuredClone(templates[i % templates.length]);
    ms.id = `on-screen-${i}`;
    ms.status = 'active';
    delete ms.medicationReference;
    ms.medicationCodeableConcept = { text: `Test medicine ${i}` };
    if (ms.effectivePeriod) ms.effectivePeriod = { start: ms.effectivePeriod.start };
    return ms;
  });
}

/** `list` with a getter on each statement's `dosage` that counts (or refuses) its reads: who formats what. */
function watched(list: MedicationStatement[], onRead: (id: string) => void): MedicationStatement[] {
  return list.map((ms) => {
    const dosage = ms.dosage;
    delete ms.dosage;
    Object.defineProperty(ms, 'dosage', {
      enumerable: true,
      configurable: true,
      get() {
        onRead(ms.id!);
        return dosage;
      },
    });
    return ms;
  });
}

describe('<jc-care-summary> formats only the items on screen (issue 19)', function () {
  this.timeout(60_000);

  it('a medicine row is formatted when drawn: 300 medicines, 10 drawn, about 10 dosages read', async () => {
    const read = new Set<string>();
    const list = watched(medicines(300), (id) => read.add(id));
    const h = await summaryInContext({
      patientId: f.patientId,
      setting: 'primary',
      sections: 'medicines',
      clock,
      resources: withDirectory(list),
    });
    const drawn = h.items('medicines');
    expect(drawn.length).to.equal(10);
    // the rows drawn (a merged row may read its records'), never the 290 others
    expect(read.size, [...read].join(', '))
      .to.be.at.least(10)
      .and.at.most(20);
    expect(h.text()).to.contain('Dose');
    // "Show all" draws, and so formats, the rest
    await h.showAll('medicines');
    expect(h.items('medicines').length).to.be.at.least(50);
    expect(read.size).to.be.at.least(50);
  });

  it('the columns chosen from the known labels are the columns the formatted fields would give', () => {
    for (const resources of [withDirectory(medicines(120)), a.resources() as FhirResource[], f.resources() as FhirResource[]]) {
      const model = buildSection('medicines', resources, { now });
      expect(model.items.length).to.be.greaterThan(0);
      for (const item of model.items) {
        const known = new Set(item.knownLabels ?? []);
        const labels = new Set(item.fields.map((x) => x.label));
        for (const l of known) expect(labels.has(l), `${item.title}: ${l} known but not in its fields`).to.equal(true);
        for (const c of COLUMN_LABELS) expect(known.has(c), `${item.title}: column ${c}`).to.equal(labels.has(c));
      }
    }
  });

  it('a record whose details cannot be read still shows its row, and its details say so', async () => {
    const list = medicines(8);
    let armed = false;
    const broken = watched(list.slice(0, 1), () => {
      if (armed) throw new Error('unreadable');
    });
    armed = true;
    const h = await summaryInContext({
      patientId: f.patientId,
      setting: 'primary',
      sections: 'medicines',
      clock,
      resources: withDirectory([...broken, ...list.slice(1)]),
    });
    const text = h.itemText('medicines', 'Test medicine 0');
    expect(text).to.contain('The details of this record could not be read');
    expect(h.titles('medicines')).to.include('Test medicine 1');
  });

  it('a result row is formatted when drawn: 200 tests, their reference ranges read only for the rows drawn', async () => {
    const read = new Set<string>();
    const results: FhirResource[] = Array.from({ length: 200 }, (_, i) => {
      const o = {
        resourceType: 'Observation',
        id: `on-screen-obs-${i}`,
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
        code: { text: `Test ${i}` },
        subject: { reference: `Patient/${f.patientId}` },
        effectiveDateTime: new Date(now.getTime() - (i + 1) * 86_400_000).toISOString(),
        valueQuantity: { value: i, unit: 'mmol/L' },
      };
      // not enumerable: reading the record (its STU3 check copies every enumerable field) does not count, formatting it does
      Object.defineProperty(o, 'referenceRange', {
        enumerable: false,
        get() {
          read.add(o.id);
          return [{ low: { value: 0, unit: 'mmol/L' }, high: { value: 300, unit: 'mmol/L' } }];
        },
      });
      return o as FhirResource;
    });
    const h = await summaryInContext({
      patientId: f.patientId,
      setting: 'primary',
      sections: 'results',
      clock,
      resources: withDirectory(results),
    });
    const drawn = h.items('results').length;
    expect(drawn).to.be.greaterThan(0).and.below(200);
    expect(read.size, `${read.size} formatted for ${drawn} drawn`).to.be.at.most(drawn + 5);
    for (const resources of [a.resources() as FhirResource[], f.resources() as FhirResource[]]) {
      for (const item of buildSection('results', resources, { now }).items) {
        const labels = new Set(item.fields.map((x) => x.label));
        for (const l of item.knownLabels ?? []) expect(labels.has(l), `${item.title}: ${l}`).to.equal(true);
      }
    }
  });
});
