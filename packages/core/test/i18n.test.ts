import { expect } from '@open-wc/testing';
import { msg, registerLocale, enGB } from '../src/i18n/index.js';

describe('i18n catalogue', () => {
  it('returns en-GB strings by default', () => {
    expect(msg('notKnown')).to.equal('Not Known');
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
});

describe('registerMessages', () => {
  it('adds a widget’s en-GB strings as the fallback for every language, without replacing existing keys', async () => {
    const { registerMessages, msg } = await import('../src/i18n/index.js');
    registerMessages({ testOnlyGreeting: 'Hello {name}', loading: 'SHOULD NOT REPLACE' });
    const key = 'testOnlyGreeting' as Parameters<typeof msg>[0];
    expect(msg(key, { name: 'Ann' })).to.equal('Hello Ann');
    expect(msg(key, { name: 'Ann' }, 'cy')).to.equal('Hello Ann');
    expect(msg('loading')).to.equal('Loading…');
  });
});
