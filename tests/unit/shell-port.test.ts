import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { nextFreePort, portTakenNotice, probePort } from '../../electron/shell/port.ts';

function occupy(port = 0): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

test('a port held by another program is reported in use, and the next free one is offered', async () => {
  const holder = await occupy();
  const port = (holder.address() as AddressInfo).port;
  assert.equal(await probePort('127.0.0.1', port), 'in-use');
  const next = await nextFreePort('127.0.0.1', port);
  assert.ok(next !== null && next > port);
  assert.equal(await probePort('127.0.0.1', next), 'free');
  holder.close();
});

test('nextFreePort skips ports that are taken', async () => {
  const a = await occupy();
  const base = (a.address() as AddressInfo).port;
  let b: net.Server | null = null;
  try {
    b = await occupy(base + 1);
  } catch {
    // base+1 already belongs to someone else: it is taken either way.
  }
  const next = await nextFreePort('127.0.0.1', base);
  assert.ok(next !== null && next >= base + 2);
  a.close();
  b?.close();
});

test('an address this user cannot bind is "denied", not "in use"', async () => {
  assert.equal(await probePort('192.0.2.1', 8123), 'denied');
});

test('the notice says what happened in Korean', () => {
  assert.equal(portTakenNotice(8000, 8001), '포트 8000을(를) 다른 프로그램이 사용 중이라 8001 포트로 실행 중');
  assert.match(portTakenNotice(8000, null), /빈 포트를 찾지 못했습니다/);
});
