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
