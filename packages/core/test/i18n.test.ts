import { expect } from '@open-wc/testing';
import { msg, registerLocale, enGB } from '../src/i18n/index.js';

describe('i18n catalogue', () => {
  it('returns en-GB strings by default', () => {
    expect(msg('notKnown')).to.equal('Not known');
  });
  it('fills placeholders and never prints undefined', () => {
    expect(msg('errorTitle', { what: 'patient details' })).to.equal('Could not load patient details');
    expect(msg('errorTitle', {})).to.equal('Could not load ');
  });
  it('uses a registered language and falls back to en-GB per key', () => {
    registerLocale('cy', { retry: 'Ceisio eto' });
    expect(msg('retry', undefined, 'cy')).to.equal('Ceisio eto');
    expect(msg('retry', undefined, 'cy-GB')).to.equal('Ceisio eto');
    expect(msg('notKnown', undefined, 'cy')).to.equal(enGB.notKnown);
    expect(msg('retry', undefined, 'fr')).to.equal('Retry');
  });
  it('a string looked up before its language or catalogue was registered is looked up again after', async () => {
    const { defineMessages, translate } = await import('../src/i18n/index.js');
    // looked up (and remembered) first in en-GB, as a page that registers Welsh later would
    expect(msg('loading', undefined, 'cy-x-late')).to.equal(enGB.loading);
    registerLocale('cy-x-late', { loading: 'Yn llwytho' });
    expect(msg('loading', undefined, 'cy-x-late')).to.equal('Yn llwytho');
    registerLocale('cy-x-late', { loading: 'Yn llwytho…' });
    expect(msg('loading', undefined, 'cy-x-late')).to.equal('Yn llwytho…');
    // a key no catalogue defines yet is its own text until a package defines it
    expect(translate(undefined, 'tlLateKey')).to.equal('tlLateKey');
    defineMessages('test-late', 'tl', { tlLateKey: 'defined later' });
    expect(translate(undefined, 'tlLateKey')).to.equal('defined later');
  });
});

describe('catalogues by value', () => {
  it('looks a key up in the catalogue it is given before any other', async () => {
    const { defineMessages, translate } = await import('../src/i18n/index.js');
    const first = defineMessages('test-first', 'tf', { tfWhat: 'first package things' });
    const second = defineMessages('test-second', 'ts', { tsWhat: 'second package things' });
    expect(translate(first, 'tfWhat')).to.equal('first package things');
    expect(translate(second, 'tsWhat')).to.equal('second package things');
    // core's keys fall through to core
    expect(translate(first, 'retry')).to.equal('Retry');
  });

  it('reports a key defined by two catalogues, and a key outside its prefix', async () => {
    const { catalogueProblems } = await import('../src/i18n/index.js');
    const a = { namespace: 'a', prefix: 'xa', strings: { xaOne: '1', xaShared: 's' } };
    const b = { namespace: 'b', prefix: 'xb', strings: { xbOne: '1', xaShared: 's' } };
    const problems = catalogueProblems([a, b]);
    expect(problems).to.have.length(2);
    expect(problems.join('\n')).to.contain('xaShared is also defined by a').and.contain('xaShared does not start with xb');
    expect(catalogueProblems([a])).to.deep.equal([]);
  });

  it('chooses plural forms by the language’s plural rules', async () => {
    const { defineMessages, translate, registerLocale } = await import('../src/i18n/index.js');
    const cat = defineMessages('test-plural', 'tp', { tpItems: { one: '{count} item', other: '{count} items' } });
    expect(translate(cat, 'tpItems', { count: 1 })).to.equal('1 item');
    expect(translate(cat, 'tpItems', { count: 2 })).to.equal('2 items');
    expect(translate(cat, 'tpItems', { count: 0 })).to.equal('0 items');
    // Welsh has six forms: two is its own
    registerLocale('cy', {
      tpItems: {
        zero: '{count} eitem',
        one: '{count} eitem',
        two: '{count} eitem (dwy)',
        few: '{count} eitem (ychydig)',
        many: '{count} eitem (llawer)',
        other: '{count} eitem (eraill)',
      },
    });
    expect(translate(cat, 'tpItems', { count: 2 }, 'cy')).to.equal('2 eitem (dwy)');
    expect(translate(cat, 'tpItems', { count: 3 }, 'cy')).to.equal('3 eitem (ychydig)');
    expect(translate(cat, 'tpItems', { count: 6 }, 'cy')).to.equal('6 eitem (llawer)');
    // no count: the other form
    expect(translate(cat, 'tpItems')).to.equal('{count} items');
  });

  it('core counts read "1 record" and "2 records", never "record(s)"', () => {
    expect(msg('safetyWarningDetail', { count: 1 })).to.match(/^1 record belonged/);
    expect(msg('safetyWarningDetail', { count: 2 })).to.match(/^2 records belonged/);
    for (const [key, value] of Object.entries(enGB)) {
      const texts = typeof value === 'string' ? [value] : Object.values(value);
      for (const t of texts) expect(t, key).not.to.match(/\(s\)|\(\d+ \w+s\)/);
    }
  });

  it('tells listeners when a language is registered', async () => {
    const { onLocaleChange } = await import('../src/i18n/index.js');
    let calls = 0;
    const stop = onLocaleChange(() => calls++);
    registerLocale('x-listener', { retry: 'R' });
    stop();
    registerLocale('x-listener', { retry: 'R2' });
    expect(calls).to.equal(1);
  });
});
