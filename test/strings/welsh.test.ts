// The Welsh (cy) catalogue (issue 20): every key of every package has Welsh, with the English
// placeholders and every Welsh plural category, and each package's messages.ts loads it on demand.
import { expect } from '@open-wc/testing';
import { coreMessages, loadLocale, translate, type MessageCatalogue, type MessageValue, type LocaleStrings } from '@joinedcare/core';
import { advicePanelMessages } from '@joinedcare/advice-panel';
import { careSummaryMessages } from '@joinedcare/care-summary';
import { patientBannerMessages } from '@joinedcare/patient-banner';
import { referralStatusMessages } from '@joinedcare/referral-status';
import { finderMessages } from '@joinedcare/specialist-finder';
import { coreCy } from '../../packages/core/src/i18n/cy.js';
import { advicePanelCy } from '../../packages/advice-panel/src/strings.cy.js';
import { careSummaryCy } from '../../packages/care-summary/src/strings.cy.js';
import { patientBannerCy } from '../../packages/patient-banner/src/strings.cy.js';
import { referralStatusCy } from '../../packages/referral-status/src/strings.cy.js';
import { finderCy } from '../../packages/specialist-finder/src/strings.cy.js';

/** Every package with strings, and its Welsh. A new package with a catalogue must be added here. */
const PACKAGES: [MessageCatalogue, LocaleStrings][] = [
  [coreMessages, coreCy],
  [careSummaryMessages, careSummaryCy],
  [referralStatusMessages, referralStatusCy],
  [advicePanelMessages, advicePanelCy],
  [finderMessages, finderCy],
  [patientBannerMessages, patientBannerCy],
];

const WELSH_CATEGORIES = new Intl.PluralRules('cy').resolvedOptions().pluralCategories;
const forms = (v: MessageValue): string[] =>
  typeof v === 'string' ? [v] : Object.values(v).filter((t): t is string => typeof t === 'string');
const placeholders = (t: string): string[] => [...new Set([...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const allPlaceholders = (v: MessageValue): string[] => [...new Set(forms(v).flatMap(placeholders))].sort();

describe('the Welsh catalogue', () => {
  it('Intl knows Welsh has six plural categories', () => {
    expect([...WELSH_CATEGORIES].sort()).to.deep.equal(['few', 'many', 'one', 'other', 'two', 'zero']);
  });

  for (const [catalogue, cy] of PACKAGES) {
    describe(catalogue.namespace, () => {
      it('has Welsh for every key, and no key English does not have', () => {
        const missing = Object.keys(catalogue.strings).filter((k) => !Object.hasOwn(cy, k));
        const extra = Object.keys(cy).filter((k) => !Object.hasOwn(catalogue.strings, k));
        expect(missing, 'keys without Welsh').to.deep.equal([]);
        expect(extra, 'Welsh keys English does not have (renamed or removed?)').to.deep.equal([]);
      });

      it('keeps the English placeholders in every Welsh string and form', () => {
        // a form may leave the number out ("Only the most recent record was loaded."), nothing else
        const wrong: string[] = [];
        for (const [key, en] of Object.entries(catalogue.strings)) {
          const welsh = cy[key];
          if (welsh === undefined) continue;
          const all = allPlaceholders(en);
          const everyForm = all.filter((p) => forms(en).every((t) => placeholders(t).includes(p)) && p !== 'count' && p !== 'n');
          if (allPlaceholders(welsh).join(',') !== all.join(','))
            wrong.push(`${key}: {${allPlaceholders(welsh).join('},{')}} for {${all.join('},{')}}`);
          for (const t of forms(welsh)) {
            const has = placeholders(t);
            if (has.some((p) => !all.includes(p)) || everyForm.some((p) => !has.includes(p))) wrong.push(`${key}: "${t}"`);
          }
        }
        expect(wrong).to.deep.equal([]);
      });

      it('gives every Welsh plural category where English has plural forms (and wherever Welsh has them)', () => {
        const wrong: string[] = [];
        for (const [key, en] of Object.entries(catalogue.strings)) {
          const welsh = cy[key];
          if (welsh === undefined) continue;
          if (typeof en !== 'string' && typeof welsh === 'string') wrong.push(`${key}: a plain string where English has plural forms`);
          if (typeof welsh !== 'string') for (const c of WELSH_CATEGORIES) if (typeof welsh[c] !== 'string') wrong.push(`${key}: no ${c}`);
          for (const t of forms(welsh)) if (!t.trim()) wrong.push(`${key}: an empty string`);
        }
        expect(wrong).to.deep.equal([]);
      });

      it('is loaded on demand through the package’s catalogue, and then used for every key', async () => {
        await loadLocale('cy-GB');
        const notUsed = Object.entries(cy).filter(([key, v]) => {
          const params = { count: 3, n: 3 };
          const expected = typeof v === 'string' ? v : v.few!;
          const fill = (t: string) => t.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? '3' : ''));
          return translate(catalogue, key, params, 'cy') !== fill(expected);
        });
        expect(notUsed.map(([k]) => k)).to.deep.equal([]);
      });
    });
  }

  it('chooses the Welsh form by the number, with the mutation that follows it', async () => {
    await loadLocale('cy');
    const shown = (count: number) => translate(coreMessages, 'unexpectedTypeWarning', { count }, 'cy');
    expect(shown(1)).to.equal('Anwybyddwyd 1 cofnod o fath annisgwyl.');
    expect(shown(2)).to.equal('Anwybyddwyd 2 gofnod o fath annisgwyl.');
    expect(shown(3)).to.equal('Anwybyddwyd 3 chofnod o fath annisgwyl.');
    expect(shown(6)).to.equal('Anwybyddwyd 6 chofnod o fath annisgwyl.');
    expect(shown(5)).to.equal('Anwybyddwyd 5 cofnod o fath annisgwyl.');
    expect(translate(careSummaryMessages, 'csCountItems', { count: 2 }, 'cy')).to.equal('2 eitem');
    expect(translate(finderMessages, 'sfPatientCount', { count: 2 }, 'cy')).to.equal('2 glaf');
  });
});
