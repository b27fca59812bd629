// "Convert to referral" (issue 16, hazard: conversion without a referral): either the whole
// conversion, proved by reading the referral back, or only a request to the host. No path says a
// referral exists when none was created.
import { expect, oneEvent } from '@open-wc/testing';
import type { CommunicationRequest, ServiceRequest } from 'fhir/r4.js';
import { ERS } from './ers-data.js';
import { BASE, PRR, mountPanel, req, useAdviceServer } from './panel-fixture.js';

const statusOf = (r: CommunicationRequest | undefined) =>
  r?.category?.flatMap((c) => c.coding ?? []).find((x) => x.system === ERS.status)?.code;

describe('<jc-advice-panel> convert to referral', function () {
  this.timeout(20000);
  const fixture = useAdviceServer();
  const referrals = () =>
    fixture.server
      .list<ServiceRequest>('ServiceRequest')
      .filter((s) => s.category?.some((c) => c.coding?.some((x) => x.code === 'referral')) && s.supportingInfo?.length);
  const writes = () => fixture.server.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

  it('is offered to specialists only when authorised; fires jc-advice-convert-request with the id', async () => {
    const gp = await mountPanel({ canReply: true });
    await gp.open(PRR);
    expect(gp.has('[part=convert-button]')).to.equal(false);
    const h = await mountPanel({ setting: 'secondary', canReply: true });
    await h.open(req('referrer-to-submit-further-information')); // not authorised in the scenario
    expect(h.has('[part=convert-button]')).to.equal(false);
    expect(h.text()).to.contain('has not authorised conversion');
    await h.back();
    await h.open(PRR);
    await expect(h.el).to.be.accessible();
    const requested = oneEvent(h.el, 'jc-advice-convert-request');
    await h.convert();
    const ev = await requested;
    expect(ev.detail).to.deep.equal({ requestId: PRR });
    expect(ev.cancelable).to.equal(true);
  });

  it('event (default): only asks the host, says no referral was made here, and writes nothing', async () => {
    const h = await mountPanel({ setting: 'secondary', canReply: true });
    await h.open(PRR);
    await h.convert();
    expect(h.announcement()).to.equal('Conversion passed to your system. This panel has not made a referral.');
    expect(h.text()).to.contain('This panel has not made a referral');
    expect(h.text()).not.to.match(/Converted to a referral/);
    expect(writes()).to.deep.equal([]);
    expect(fixture.server.get<CommunicationRequest>('CommunicationRequest', PRR)!.status).to.equal('active');
  });

  it('convert-mode="update" no longer marks the request converted without a referral: it only asks the host', async () => {
    const h = await mountPanel({ setting: 'secondary', canReply: true, convertMode: 'update' });
    await h.open(PRR);
    await h.convert();
    expect(writes()).to.deep.equal([]);
    expect(statusOf(fixture.server.get<CommunicationRequest>('CommunicationRequest', PRR))).to.equal('PROVIDER_RESPONSE_REQUIRED');
    expect(h.status()).to.equal('Provider response required');
    expect(h.announcement()).not.to.match(/Converted to a referral/);
  });

  it('convert-mode="transaction": the referral is made under the same UBRN, linked, in one transaction, and read back before "converted"', async () => {
    const h = await mountPanel({ setting: 'secondary', canReply: true, convertMode: 'transaction' });
    await h.open(PRR);
    const ubrn = fixture.server
      .get<CommunicationRequest>('CommunicationRequest', PRR)!
      .identifier!.find((i) => i.system === 'https://fhir.nhs.uk/Id/UBRN')!.value!;
    await h.convert();
    // one transaction (POST to the base), then the referral read back
    expect(writes().map((r) => `${r.method} ${new URL(r.url).pathname}`)).to.deep.equal([`POST ${BASE}/`]);
    const [referral] = referrals();
    expect(referral, 'the referral on the server').to.exist;
    expect(referral.identifier).to.deep.equal([{ system: 'https://fhir.nhs.uk/Id/UBRN', value: ubrn }]);
    expect(referral.supportingInfo).to.deep.equal([{ reference: `CommunicationRequest/${PRR}` }]);
    expect(referral.subject?.reference).to.equal(`Patient/${h.ctx.patientId}`);
    expect(fixture.server.requests.some((r) => r.method === 'GET' && r.url.includes(`/ServiceRequest/${referral.id}`))).to.equal(true);
    const request = fixture.server.get<CommunicationRequest>('CommunicationRequest', PRR)!;
    expect(request.status).to.equal('completed');
    expect(statusOf(request)).to.equal('ADVICE_CONVERTED');
    expect(h.announcement()).to.equal(`Converted to a referral (UBRN ${ubrn.slice(0, 4)} ${ubrn.slice(4, 8)} ${ubrn.slice(8)}).`);
    expect(h.status()).to.equal('Advice converted to referral');
    // converting again cannot make a second referral (conditional create on the UBRN)
    expect(referrals()).to.have.length(1);
  });

  it('convert-mode="transaction": when the referral cannot be read back, it never says "converted"', async () => {
    fixture.server.addFault({
      match: ({ url, method }) => method === 'GET' && /\/ServiceRequest\/[^/?]+$/.test(url.pathname),
      status: 404,
    });
    const h = await mountPanel({ setting: 'secondary', canReply: true, convertMode: 'transaction' });
    await h.open(PRR);
    await h.convert();
    expect(h.announcement()).to.equal(
      'The server did not confirm that a referral was made. Check the referral system before you convert again.',
    );
    expect(
      h
        .$$('[role=alert]')
        .map((e) => e.textContent)
        .join(' '),
    ).to.contain('did not confirm that a referral was made');
    expect(h.text()).not.to.match(/Converted to a referral/);
    await expect(h.el).to.be.accessible();
  });

  it('convert-mode="transaction": a transaction the server refuses makes no referral and says so', async () => {
    fixture.server.addFault({ match: ({ url, method }) => method === 'POST' && url.pathname.replace(/\/$/, '') === BASE, status: 500 });
    const h = await mountPanel({ setting: 'secondary', canReply: true, convertMode: 'transaction' });
    await h.open(PRR);
    await h.convert();
    expect(referrals()).to.have.length(0);
    expect(h.announcement()).to.equal('The conversation could not be converted');
    expect(statusOf(fixture.server.get<CommunicationRequest>('CommunicationRequest', PRR))).to.equal('PROVIDER_RESPONSE_REQUIRED');
  });

  it('convert-mode="transaction" with a listener that prevents it: the host converts, the panel writes nothing', async () => {
    const h = await mountPanel({ setting: 'secondary', canReply: true, convertMode: 'transaction' });
    await h.open(PRR);
    h.el.addEventListener('jc-advice-convert-request', (e) => e.preventDefault(), { once: true });
    await h.convert();
    expect(writes()).to.deep.equal([]);
    expect(h.announcement()).to.equal('Conversion passed to your system. This panel has not made a referral.');
  });
});
