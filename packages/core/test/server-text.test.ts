// Text from the server is shown as data (issue 15, item 7): diagnostics are trimmed, and anything
// shaped like a bearer token or an NHS number is redacted before any widget can show it.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { FetchFhirClient, MAX_SERVER_TEXT, operationOutcomeText, redactServerText } from '../src/index.js';
import { useMswHandlers } from '../../../test/helpers/msw.js';

const oo = (diagnostics: string) => ({
  resourceType: 'OperationOutcome' as const,
  issue: [{ severity: 'error' as const, code: 'processing' as const, diagnostics }],
});

describe('server text shown as data', () => {
  it('redacts bearer tokens, JWTs, long keys and NHS numbers, and keeps the rest', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ';
    const text = redactServerText(
      `Rejected Authorization: Bearer abc.DEF-123_xyz for ${jwt} key 0123456789abcdef0123456789abcdef patient 943 476 5919 / 9434765919`,
    );
    expect(text).to.equal(
      'Rejected Authorization: Bearer [token removed] for [token removed] key [key removed] patient [NHS number removed] / [NHS number removed]',
    );
    // ordinary diagnostics are untouched
    expect(redactServerText('Unknown search parameter "foo" on Condition')).to.equal('Unknown search parameter "foo" on Condition');
  });

  it('trims long diagnostics to a sentence a person can read', () => {
    const t = operationOutcomeText(oo(`${'word '.repeat(400)}end`))!;
    expect(t.length).to.equal(MAX_SERVER_TEXT);
    expect(t.endsWith('…')).to.equal(true);
  });

  it('a server that echoes the token and the NHS number never puts them on screen', async () => {
    await useMswHandlers(
      http.get('/echo-fhir/Patient/p1', ({ request }) =>
        HttpResponse.json(oo(`Denied: ${request.headers.get('Authorization') ?? ''} for NHS number 9434765919`), { status: 403 }),
      ),
    );
    const client = new FetchFhirClient({ baseUrl: '/echo-fhir', getAccessToken: () => 'super-secret-token-value', cache: false });
    const err = (await client.read('Patient', 'p1').then(
      () => ({}),
      (e: unknown) => e,
    )) as { outcomeText?: string };
    expect(err.outcomeText).to.equal('Denied: Bearer [token removed] for NHS number [NHS number removed]');
    expect(JSON.stringify(err)).not.to.contain('super-secret').and.not.to.contain('9434765919');
  });
});
