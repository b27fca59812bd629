// Languages loaded on demand (i18n/lazy.ts): nothing loads until a widget is shown in the language.
import { expect } from '@open-wc/testing';
import { defineMessages, registerLocale, translate } from '../src/i18n/index.js';
import { allPluralForms, loadLocale, localeLoaders, type LocaleStrings } from '../src/i18n/lazy.js';

function counted(strings: LocaleStrings): { calls: number; load: () => Promise<LocaleStrings> } {
  const c = { calls: 0, load: () => (c.calls++, Promise.resolve(strings)) };
  return c;
}

describe('languages loaded on demand', () => {
  it('loads a language only when asked, once, for its base language, and registers it', async () => {
    const cat = defineMessages('test-lazy-a', 'tla', { tlaHello: 'Hello' });
    const loader = counted({ tlaHello: 'Helo' });
    localeLoaders(cat, { xa: loader.load });
    expect(loader.calls, 'naming a loader loads nothing').to.equal(0);
    await loadLocale('en-GB');
    await loadLocale(undefined);
    expect(loader.calls, 'English loads nothing').to.equal(0);
    expect(translate(cat, 'tlaHello', undefined, 'xa')).to.equal('Hello');
    await Promise.all([loadLocale('xa-GB'), loadLocale('xa'), loadLocale(' XA ')]);
    expect(loader.calls, 'one load per language').to.equal(1);
    expect(translate(cat, 'tlaHello', undefined, 'xa-GB')).to.equal('Helo');
  });

  it('keeps what the host registered itself over the loaded strings', async () => {
    const cat = defineMessages('test-lazy-b', 'tlb', { tlbOne: 'One', tlbTwo: 'Two' });
    registerLocale('xb', { tlbOne: 'Host wording' });
    localeLoaders(cat, { xb: () => Promise.resolve({ tlbOne: 'Loaded wording', tlbTwo: 'Loaded two' }) });
    await loadLocale('xb');
    expect(translate(cat, 'tlbOne', undefined, 'xb')).to.equal('Host wording');
    expect(translate(cat, 'tlbTwo', undefined, 'xb')).to.equal('Loaded two');
  });

  it('starts a loader named after its language was asked for (a widget chunk that arrives later)', async () => {
    await loadLocale('xc');
    const cat = defineMessages('test-lazy-c', 'tlc', { tlcWord: 'Word' });
    const loader = counted({ tlcWord: 'Gair' });
    localeLoaders(cat, { xc: loader.load });
    await Promise.resolve(); // the load starts in a microtask, without another loadLocale
    expect(loader.calls).to.equal(1);
    await loadLocale('xc');
    expect(translate(cat, 'tlcWord', undefined, 'xc')).to.equal('Gair');
  });

  it('falls back to en-GB, with a console warning, when a language cannot be loaded', async () => {
    const cat = defineMessages('test-lazy-d', 'tld', { tldWord: 'Word' });
    localeLoaders(cat, { xd: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) });
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (m: string) => warned.push(m);
    try {
      await loadLocale('xd');
    } finally {
      console.warn = original;
    }
    expect(translate(cat, 'tldWord', undefined, 'xd')).to.equal('Word');
    expect(warned.join('\n')).to.contain('"xd" strings of test-lazy-d could not be loaded (TypeError)');
  });

  it('loads core’s Welsh strings, with Welsh month names from Intl', async () => {
    await loadLocale('cy');
    expect(translate(undefined, 'retry', undefined, 'cy')).to.equal('Ceisio eto');
    expect(translate(undefined, 'monthLongMar', undefined, 'cy')).to.equal('Mawrth');
    expect(translate(undefined, 'monthShortFeb', undefined, 'cy')).to.equal('Chw');
    // from Intl where the browser has Welsh date names (Chromium has none: CLDR's names are built in)
    if (Intl.DateTimeFormat.supportedLocalesOf(['cy']).length) {
      const f = new Intl.DateTimeFormat('cy', { month: 'short', timeZone: 'UTC' });
      for (let i = 0; i < 12; i++) {
        const key = `monthShort${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][i]}`;
        expect(translate(undefined, key, undefined, 'cy')).to.equal(f.format(Date.UTC(2024, i, 15)));
      }
    }
  });

  it('fills every plural category from other', () => {
    expect(allPluralForms({ one: 'a', other: 'b' })).to.deep.equal({ zero: 'b', one: 'a', two: 'b', few: 'b', many: 'b', other: 'b' });
  });
});
