import { expect } from '@open-wc/testing';
import { narrativeText, sanitizeNarrative } from '@joinedcare/core';

declare global {
  interface Window {
    __pwned?: number;
  }
}

function html(fragment: DocumentFragment | undefined): string {
  const div = document.createElement('div');
  if (fragment) div.append(fragment);
  return div.innerHTML;
}

describe('sanitizeNarrative', () => {
  beforeEach(() => {
    window.__pwned = 0;
  });

  it('keeps the FHIR narrative subset: paragraphs, tables, lists, emphasis', () => {
    const out = html(
      sanitizeNarrative(
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>Seen in <b>clinic</b></p><table><tr><th scope="col">Drug</th></tr><tr><td>Metformin</td></tr></table><ul><li>one</li></ul></div>',
      ),
    );
    expect(out).to.contain('<b>clinic</b>');
    expect(out).to.contain('<th scope="col">Drug</th>');
    expect(out).to.contain('<li>one</li>');
  });

  it('removes scripts, handlers, styles, svg, forms and images, and nothing runs', async () => {
    const payloads = [
      '<script>window.__pwned=1</script>text',
      '<img src=x onerror="window.__pwned=1">',
      '<p onclick="window.__pwned=1" style="background:url(javascript:window.__pwned=1)">p</p>',
      '<svg><script>window.__pwned=1</script></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1"></style></mglyph></table></mtext></math>',
      '<form action="javascript:window.__pwned=1"><button>go</button></form>',
      '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
      '<style>body{display:none}</style>visible',
    ];
    const host = document.createElement('div');
    document.body.append(host);
    for (const p of payloads) {
      const f = sanitizeNarrative(p);
      const out = html(f);
      expect(out, p).not.to.match(/<(script|img|svg|math|form|iframe|style|button)\b/i);
      expect(out, p).not.to.match(/\son\w+=/i);
      expect(out, p).not.to.contain('style=');
      if (f) host.append(f);
    }
    await new Promise((r) => setTimeout(r, 50));
    host.remove();
    expect(window.__pwned).to.equal(0);
  });

  it('keeps http(s) and mailto links (opening in a new tab) and drops javascript: and data: links', () => {
    const out = html(
      sanitizeNarrative(
        '<p><a href="https://nhs.uk">ok</a> <a href=" javascript:alert(1)">bad</a> <a href="data:text/html,x">data</a> <a href="mailto:a@b.nhs.uk">m</a></p>',
      ),
    );
    expect(out).to.contain('href="https://nhs.uk"');
    expect(out).to.contain('rel="noopener noreferrer nofollow"');
    expect(out).to.contain('href="mailto:a@b.nhs.uk"');
    expect(out).not.to.match(/javascript:|data:/i);
    expect(out).to.contain('bad');
  });

  it('drops dir values other than ltr, rtl and auto', () => {
    const out = html(sanitizeNarrative('<p dir="rtl">a</p><p dir="x">b</p>'));
    expect(out).to.contain('<p dir="rtl">a</p>');
    expect(out).to.contain('<p>b</p>');
  });

  it('returns undefined for non-strings, blanks and markup with no text', () => {
    expect(sanitizeNarrative(undefined)).to.equal(undefined);
    expect(sanitizeNarrative(42)).to.equal(undefined);
    expect(sanitizeNarrative('   ')).to.equal(undefined);
    expect(sanitizeNarrative('<script>x</script>')).to.equal(undefined);
  });

  it('narrativeText gives the readable text only', () => {
    expect(narrativeText('<div><p>Discharged  <b>home</b></p><script>x</script></div>')).to.equal('Discharged home');
    expect(narrativeText(null)).to.equal('');
    expect(narrativeText('   ')).to.equal('');
    // code, styles, embedded documents and graphics are not text; tables and lists are
    expect(
      narrativeText(
        '<div xmlns="http://www.w3.org/1999/xhtml"><style>p{color:red}</style><table><tr><td>eGFR</td><td> 52</td></tr></table><svg><text>x</text></svg><iframe srcdoc="y"></iframe><ul><li>No known allergies</li></ul><template>z</template></div>',
      ),
    ).to.equal('eGFR 52 No known allergies');
    // blocks and cells end a word; inline elements do not
    expect(narrativeText('<div><h3>Problems</h3><p>Type 2 <i>diabetes</i> (since 2019)</p><a href="javascript:x">link</a></div>')).to.equal(
      'Problems Type 2 diabetes (since 2019) link',
    );
  });
});
