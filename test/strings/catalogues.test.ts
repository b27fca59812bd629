// Strings that cannot collide or vanish (issue 14): every package's catalogue is checked together.
import { expect } from '@open-wc/testing';
import { catalogueProblems, coreMessages, type MessageCatalogue, type MessageValue } from '@joinedcare/core';
import { advicePanelMessages } from '@joinedcare/advice-panel';
import { careSummaryMessages, buildSummary } from '@joinedcare/care-summary';
import { referralStatusMessages } from '@joinedcare/referral-status';
import { finderMessages } from '@joinedcare/specialist-finder';
import { patientBannerMessages } from '@joinedcare/patient-banner';

const ALL: MessageCatalogue[] = [
  coreMessages,
  careSummaryMessages,
  referralStatusMessages,
  advicePanelMessages,
  finderMessages,
  patientBannerMessages,
];

const texts = (v: MessageValue): string[] =>
  typeof v === 'string' ? [v] : Object.values(v).filter((t): t is string => typeof t === 'string');

describe('string catalogues', () => {
  it('no key is defined by two packages, and every key starts with its package’s prefix', () => {
    expect(catalogueProblems(ALL)).to.deep.equal([]);
    const prefixes = ALL.map((c) => c.prefix).filter(Boolean);
    expect(new Set(prefixes).size, 'prefixes are distinct').to.equal(prefixes.length);
    for (const c of ALL)
      if (c.prefix)
        for (const other of prefixes) if (other !== c.prefix) expect(c.prefix.startsWith(other), `${c.prefix} vs ${other}`).to.equal(false);
  });

  it('counts use plural forms: no "(s)", and no number before a plural noun in a plain string', () => {
    for (const c of ALL) {
      for (const [key, value] of Object.entries(c.strings)) {
        for (const t of texts(value)) expect(t, `${c.namespace} ${key}`).not.to.match(/\(s\)/);
        if (typeof value === 'string') {
          // "{count} items" in a plain string reads "1 items" for one
          expect(value, `${c.namespace} ${key} needs plural forms`).not.to.match(
            /\{(count|n)\} (\w+ )?(items|records|results|messages|referrals|patients|findings|rows|rules|events|bytes)\b/,
          );
        }
      }
    }
  });

  it('a pure model returns real English without any element having been created', () => {
    // this file creates no element: buildSummary must find its strings by value
    const models = buildSummary([], { now: new Date('2026-11-22T12:00:00Z'), sections: ['problems'] });
    expect(models.get('problems')!.emptyText).to.equal('No problems recorded');
  });
});
