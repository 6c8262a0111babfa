// A TR request over TLS, as LS's REST server is reached (https): headers, body and answer through
// node:https, and a server whose certificate is not trusted refused. The certificate in
// tests/support/tls is a self-signed one for 127.0.0.1, made for this test only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { postTr, TrTransportError } from '../../electron/collector/ls/tr-post.ts';
import { REPO_ROOT } from '../support/paths.ts';

const TLS = path.join(REPO_ROOT, 'tests/support/tls');
const cert = fs.readFileSync(path.join(TLS, 'localhost-cert.pem'));
const key = fs.readFileSync(path.join(TLS, 'localhost-key.pem'));

test('a TR call over https sends the LS headers and body and reads the answer; an untrusted certificate is refused', async () => {
  const seen: { headers: Record<string, unknown>; body: string }[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', tr_cont: 'Y', tr_cont_key: 'k2' });
      res.end('\ufeff{"t8454OutBlock":{"cts_time":"0930000001"},"t8454OutBlock1":[{"chetime":"093000","price":55000}],"rsp_cd":"00000","rsp_msg":"조회완료"}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const req = { path: '/stock/market-data', trCd: 't8454', body: { t8454InBlock: { shcode: '005930' } }, contKey: 'k1' };
  try {
    await assert.rejects(postTr(url, 'tok', req, 5_000), TrTransportError, 'a certificate nobody trusts');
    https.globalAgent.options.ca = cert;
    const answer = await postTr(url, 'tok', req, 5_000);
    assert.deepEqual(answer, {
      status: 200,
      json: { t8454OutBlock: { cts_time: '0930000001' }, t8454OutBlock1: [{ chetime: '093000', price: 55000 }], rsp_cd: '00000', rsp_msg: '조회완료' },
      trCont: 'Y',
      trContKey: 'k2',
    });
    const sent = seen.at(-1)!;
    assert.deepEqual(JSON.parse(sent.body), req.body);
    assert.deepEqual(
      [sent.headers.authorization, sent.headers.tr_cd, sent.headers.tr_cont, sent.headers.tr_cont_key, sent.headers['content-type']],
      ['Bearer tok', 't8454', 'Y', 'k1', 'application/json; charset=utf-8'],
    );
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
