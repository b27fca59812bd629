import { expect } from '@open-wc/testing';
import { CLOCK_RULES, REFERRAL_STATES, type ReferralStateCode } from '../src/index.js';

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
    for (const [code, , label, tag, phase, clock, who, attention] of rows) {
      const key = code.replace(/`/g, '') as ReferralStateCode;
      const e = REFERRAL_STATES[key];
      const rule = CLOCK_RULES.byState[key] ?? { clock: 'runs' };
      expect([label, tag, phase, clock, who, attention], code).to.deep.equal([
        e.label,
        e.tag,
        e.phase,
        rule.clock === 'none' ? `none (${rule.reason})` : rule.clock,
        e.whoActs,
        e.needsAttention ?? '–',
      ]);
    }
  });
});
