import { expect } from '@open-wc/testing';
import { csvCell, toCsv } from '../src/index.js';

describe('CSV export', () => {
  it('quotes every field and doubles quotes (RFC 4180)', () => {
    expect(csvCell('plain')).to.equal('"plain"');
    expect(csvCell('a "quoted" word')).to.equal('"a ""quoted"" word"');
    expect(csvCell('comma, inside')).to.equal('"comma, inside"');
    expect(csvCell('line\nbreak\r\nCRLF')).to.equal('"line\nbreak\r\nCRLF"');
    expect(csvCell(undefined)).to.equal('""');
    expect(csvCell(null)).to.equal('""');
    expect(csvCell(42)).to.equal('"42"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).to.equal(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).to.equal(`"'+1"`);
    expect(csvCell('-1')).to.equal(`"'-1"`);
    expect(csvCell('@SUM(A1:A9)')).to.equal(`"'@SUM(A1:A9)"`);
    expect(csvCell('\t=1')).to.equal(`"'\t=1"`);
    expect(csvCell('\r=1')).to.equal(`"'\r=1"`);
    expect(csvCell('a=1')).to.equal('"a=1"');
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['=1', 'c,d'],
      ]),
    ).to.equal(`"a","b"\r\n"'=1","c,d"\r\n`);
  });
});
