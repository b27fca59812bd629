// whenRead: a view model's property computed the first time it is read (issues 18, 19).
import { expect } from '@open-wc/testing';
import { whenRead } from '@joinedcare/core';

describe('whenRead', () => {
  it('computes on the first read only, is enumerable (spreads and JSON see it) and can be replaced', () => {
    let calls = 0;
    const row = whenRead({ id: 'r1' }, 'text', () => `text ${++calls}`);
    expect(calls, 'nothing computed before a read').to.equal(0);
    expect(row.text).to.equal('text 1');
    expect(row.text).to.equal('text 1');
    expect(calls).to.equal(1);
    expect({ ...row }).to.deep.equal({ id: 'r1', text: 'text 1' });
    expect(JSON.parse(JSON.stringify(row))).to.deep.equal({ id: 'r1', text: 'text 1' });
    row.text = 'replaced';
    expect(row.text).to.equal('replaced');
    expect(calls).to.equal(1);
    const late = whenRead({}, 'text', () => `text ${++calls}`);
    late.text = 'set first';
    expect(late.text).to.equal('set first');
    expect(calls, 'a value set before any read is never computed').to.equal(1);
  });
});
