import { expect } from '@open-wc/testing';
import { REFERRAL_STATES, type ReferralStateCode } from '../src/index.js';

// docs/referral-status.md carries a copy of the state mapping table: it must say what the code does.
describe('docs: the state mapping table', () => {
  let rows: string[][] = [];
  before(async () => {
    const doc = await (await fetch('/docs/referral-status.md')).text();
    const table = /<!-- states:start -->([\s\S]*?)<!-- states:end -->/.exec(doc)?.[1] ?? '';
    rows = table
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
  });

  it('has one row per code in REFERRAL_STATES', () => {
    const codes = rows.map((r) => r[0].replace(/`/g, ''));
    expect(codes).to.have.members(Object.keys(REFERRAL_STATES));
    expect(codes).to.have.length(Object.keys(REFERRAL_STATES).length);
  });

  it('every row matches the code: label, tag, phase, clock, who acts, attention', () => {
    for (const [code, , label, tag, phase, stops, who, attention] of rows) {
      const e = REFERRAL_STATES[code.replace(/`/g, '') as ReferralStateCode];
      expect([label, tag, phase, stops, who, attention], code).to.deep.equal([
        e.label,
        e.tag,
        e.phase,
        e.stopsClock ? 'yes' : 'no',
        e.whoActs,
        e.needsAttention ?? '–',
      ]);
    }
  });
});
