import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { createWsHub, type WsHubOptions } from '../../electron/server/ws-hub.ts';
import { silentLogger } from '../../electron/log.ts';

async function hubServer(opts: Partial<WsHubOptions> = {}) {
  const hub = createWsHub({ log: silentLogger, greeting: () => JSON.stringify({ type: 'status', hello: true }), onViews: () => {}, ...opts });
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    hub,
    port,
    close: async () => {
      hub.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A WebSocket client that completes the handshake and then never reads: a frozen browser tab. */
async function stalledClient(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await once(socket, 'data');
  socket.pause();
  return socket;
}

test('a client greets with status, then receives broadcasts in order', async () => {
  const s = await hubServer();
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws`);
  const got: string[] = [];
  ws.on('message', (d) => got.push(String(d)));
  await once(ws, 'open');
  while (s.hub.clientCount() === 0 || got.length === 0) await new Promise((r) => setTimeout(r, 5));
  for (let i = 1; i <= 100; i++) s.hub.broadcast(JSON.stringify({ seq: i }));
  while (got.length < 101) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(JSON.parse(got[0]!), { type: 'status', hello: true });
  assert.deepEqual(got.slice(1).map((m) => (JSON.parse(m) as { seq: number }).seq), Array.from({ length: 100 }, (_, i) => i + 1));
  ws.close();
  await s.close();
});

test('the codes the pages show: each connection\'s last view frame, united; a closed page shows nothing; anything else sent is ignored', async () => {
  const views: string[][] = [];
  const s = await hubServer({ onViews: (codes) => views.push([...codes]) });
  const open = async (): Promise<WebSocket> => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws`);
    await once(ws, 'message');
    return ws;
  };
  const settled = async (n: number): Promise<string[]> => {
    while (views.length < n) await new Promise((r) => setTimeout(r, 5));
    return views[n - 1]!;
  };
  const a = await open();
  const b = await open();
  a.send(JSON.stringify({ type: 'view', code: '005930' }));
  assert.deepEqual(await settled(1), ['005930']);
  b.send(JSON.stringify({ type: 'view', code: '0088K0' }));
  assert.deepEqual(await settled(2), ['005930', '0088K0']);
  // Not a view (old clients' chatter, a bad code, binary): ignored; the same union is not told again.
  for (const m of ['hello', '{"type":"view","code":"../../x"}', '{"type":"view"}', '[1]', JSON.stringify({ type: 'view', code: '0088K0' })]) b.send(m);
  b.send(Buffer.from(JSON.stringify({ type: 'view', code: '000660' })), { binary: true });
  a.send(JSON.stringify({ type: 'view', code: '035720' }));
  assert.deepEqual(await settled(3), ['0088K0', '035720']);
  b.send(JSON.stringify({ type: 'view', code: null }));
  assert.deepEqual(await settled(4), ['035720']);
  a.close();
  assert.deepEqual(await settled(5), []);
  assert.equal(views.length, 5);
  b.close();
  await s.close();
});

/** Broadcasts `total` padded messages in synchronous bursts of 500 (about 20 MB for 60,000). */
async function flood(hub: { broadcast(data: string): void }, total: number): Promise<void> {
  const pad = 'x'.repeat(300);
  let seq = 0;
  while (seq < total) {
    for (let i = 0; i < 500; i++) hub.broadcast(JSON.stringify({ seq: ++seq, pad }));
    await new Promise((r) => setImmediate(r));
  }
}

/** A client that reads every message and checks their order. */
async function healthyClient(port: number): Promise<{ ws: WebSocket; received(): number; inOrder(): boolean }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  let received = 0;
  let inOrder = true;
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { seq?: number };
    if (m.seq === undefined) return;
    received++;
    if (m.seq !== received) inOrder = false;
  });
  await once(ws, 'open');
  return { ws, received: () => received, inOrder: () => inOrder };
}

/** A client that never reads and one that reads everything, both connected. */
async function twoClients(s: { port: number; hub: { clientCount(): number } }): Promise<{ stalled: Awaited<ReturnType<typeof stalledClient>>; healthy: Awaited<ReturnType<typeof healthyClient>> }> {
  const stalled = await stalledClient(s.port);
  const healthy = await healthyClient(s.port);
  while (s.hub.clientCount() < 2) await new Promise((r) => setTimeout(r, 5));
  return { stalled, healthy };
}

test('a stalled client is cut off once its backlog stops shrinking, while a healthy client receives every message; a burst alone cuts nobody', async () => {
  const time = { now: 0 };
  const s = await hubServer({ clock: () => time.now, stallMs: 2_000, hardBufferedBytes: 1 << 30 });
  const { stalled, healthy } = await twoClients(s);

  const total = 60_000;
  await flood(s.hub, total);
  while (healthy.received() < total) await new Promise((r) => setTimeout(r, 5));
  assert.equal(s.hub.slowClientsCut(), 0, 'about 20 MB at once: no client is cut before it had time to read');

  time.now += 2_000;
  s.hub.broadcast(JSON.stringify({ seq: total + 1 }));
  while (healthy.received() < total + 1) await new Promise((r) => setTimeout(r, 5));

  assert.ok(healthy.inOrder(), 'healthy client saw every seq in order');
  assert.equal(s.hub.slowClientsCut(), 1);
  assert.equal(s.hub.clientCount(), 1);
  stalled.destroy();
  healthy.ws.close();
  await s.close();
});

test('a stalled client is cut off at once past the hard limit', async () => {
  const s = await hubServer({ clock: () => 0, hardBufferedBytes: 2 << 20 });
  const { stalled, healthy } = await twoClients(s);
  const total = 60_000;
  await flood(s.hub, total);
  while (healthy.received() < total) await new Promise((r) => setTimeout(r, 5));
  assert.equal(healthy.received(), total);
  assert.ok(healthy.inOrder());
  assert.equal(s.hub.slowClientsCut(), 1);
  assert.equal(s.hub.clientCount(), 1);
  stalled.destroy();
  healthy.ws.close();
  await s.close();
});
