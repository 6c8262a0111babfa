// The LS client against the LS emulator over real loopback sockets, with every delay shrunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLsFeed, type LsConfig } from '../../electron/collector/ls/client.ts';
import type { LsTuning } from '../../electron/collector/ls/tuning.ts';
import { LsRest, StockLookupError } from '../../electron/collector/ls/rest.ts';
import { TokenManager } from '../../electron/collector/ls/token.ts';
import type { Feed, FeedStatus } from '../../electron/collector/feed.ts';
import type { TradeRecord } from '../../electron/shared/trade.ts';
import { createLogger } from '../../electron/log.ts';
import { EMULATOR_REFERENCE_PRICE, startLsEmulator, type LsEmulator, type LsEmulatorOptions } from '../support/ls-emulator.ts';
import { REAL_005930, REAL_035720 } from '../support/paths.ts';

const FAST: Partial<LsTuning> = {
  subscribeStartMs: 2,
  subscribeMinMs: 2,
  subscribeMaxMs: 50,
  subscribeWindow: 8,
  subscribeAckTimeoutMs: 2000,
  subscribeRetries: 2,
  subscribeRetryDelayMs: 20,
  rejectReconnectCapMs: 200,
  reconnectBaseMs: 30,
  reconnectCapMs: 200,
  stableMs: 1000,
  pingIntervalMs: 50,
  // Generous: the emulator shares this process, and a loaded CI machine must not look like a dead peer.
  pongDeadlineMs: 2000,
  handshakeTimeoutMs: 2000,
  tokenRefreshMarginMs: 0,
};

const CODES = ['005930', '000660', '035720', '015760', '010950', '122870', '247540', '0088K0', '000270', '005380', '051910', '068270'];

interface Harness {
  emu: LsEmulator;
  feed: Feed;
  trades: { code: string; record: TradeRecord }[];
  /** Trades handed to the sink as rejected (quarantined downstream). */
  rejected: { code: string; reason: string }[];
  statuses: FeedStatus[];
  logs: string[];
  tokens: TokenManager;
  config: LsConfig;
  done(): Promise<void>;
}

async function harness(opts: {
  emulator?: LsEmulatorOptions; tuning?: Partial<LsTuning>; tr?: LsConfig['tr']; codes?: string[]; before?: (emu: LsEmulator) => void;
} = {}): Promise<Harness> {
  const emu = await startLsEmulator(opts.emulator);
  opts.before?.(emu);
  const config: LsConfig = { appKey: emu.appKey, appSecret: emu.appSecret, restUrl: emu.restUrl, wsUrl: emu.wsUrl, simulated: true, tr: opts.tr ?? 'US3' };
  const trades: Harness['trades'] = [];
  const rejected: Harness['rejected'] = [];
  const statuses: FeedStatus[] = [];
  const logs: string[] = [];
  const log = createLogger('debug', (line) => logs.push(line));
  const tuning = { ...FAST, ...opts.tuning };
  const tokens = new TokenManager(config, tuning.tokenRefreshMarginMs ?? 0, log);
  const sink = { trade: (code: string, record: TradeRecord) => trades.push({ code, record }), reject: (code: string, _raw: unknown, reason: string) => rejected.push({ code, reason }), status: (s: FeedStatus) => statuses.push(s) };
  const feed = createLsFeed(config, sink, log, tuning, tokens);
  feed.start(opts.codes ?? CODES);
  return {
    emu, feed, trades, rejected, statuses, logs, tokens, config,
    async done() {
      await feed.close();
      await emu.close();
      for (const line of logs) assert.ok(!line.includes(emu.appSecret), `secret logged: ${line}`);
    },
  };
}

const allSubscribed = (h: Harness, codes = CODES): boolean => {
  const s = h.emu.subscribed();
  return s.size === codes.length && codes.every((c) => s.has(c));
};

/** Client frames of one kind on one connection. */
const framesOn = (emu: LsEmulator, conn: number, trType: string) =>
  emu.received.filter((f) => f.conn === conn && f.header.tr_type === trType);

test('subscribes every code once, paced, with the padded US3 key, the token and handshake headers', async () => {
  const h = await harness();
  try {
    await h.emu.waitFor(() => allSubscribed(h), 5000, 'all codes subscribed');
    const subs = framesOn(h.emu, 1, '3');
    assert.equal(subs.length, CODES.length);
    assert.deepEqual(subs.map((f) => f.body?.tr_key).sort(), CODES.map((c) => `U${c}   `).sort());
    for (const f of subs) {
      assert.equal(f.body?.tr_cd, 'US3');
      assert.equal(typeof f.header.token, 'string');
    }
    assert.equal(h.emu.tokensIssued, 1);
    assert.equal(h.emu.connections, 1);
    const hs = h.emu.handshakeHeaders[0];
    assert.match(hs['user-agent'] ?? '', /^Mozilla\/5.0 /);
    assert.match(String(hs['accept-language']), /^ko/);
    assert.equal(hs['sec-websocket-extensions'], undefined, 'permessage-deflate must be off');
    const st = h.feed.status();
    assert.equal(st.kind, 'ls');
    assert.equal(st.state, 'open');
    assert.equal(st.simulated, true);
    assert.equal(st.lastError, null);
    assert.deepEqual(st.rejectedCodes, []);
    assert.match(st.date, /^20\d{6}$/);
    assert.deepEqual(h.statuses.map((s) => s.state).slice(0, 2), ['connecting', 'open']);
  } finally {
    await h.done();
  }
});

test('S3_ subscriptions use the bare six-character key', async () => {
  const h = await harness({ tr: 'S3_', codes: ['005930', '000660'] });
  try {
    await h.emu.waitFor(() => h.emu.subscribed('S3_').size === 2, 5000, 'S3_ subscriptions');
    assert.deepEqual(framesOn(h.emu, 1, '3').map((f) => f.body?.tr_key).sort(), ['000660', '005930']);
    const sent = h.emu.sendTrade('005930', { chetime: '090851', price: '55550', cvolume: '1', cgubun: '+' }, { tr: 'S3_' });
    await h.emu.waitFor(() => h.trades.length === 1, 2000, 'S3_ trade');
    assert.deepEqual(h.trades[0], { code: '005930', record: sent });
  } finally {
    await h.done();
  }
});

test('every trade of the real files reaches the sink once, in order, with venue and cumulative fields', async (t) => {
  const h = await harness({ codes: ['005930', '035720'] });
  try {
    await h.emu.waitFor(() => h.emu.subscribed().size === 2, 5000, 'subscriptions');
    const a = await h.emu.sendFile(REAL_005930, '005930');
    assert.equal(a.length, 309);
    await h.emu.waitFor(() => h.trades.length === 309, 5000, '309 trades');
    const t0 = performance.now();
    const b = await h.emu.sendFile(REAL_035720, '035720', { exchname: 'NXT' });
    assert.equal(b.length, 23_434);
    await h.emu.waitFor(() => h.trades.length === 309 + 23_434, 20_000, 'all trades');
    t.diagnostic(`035720: ${b.length} frames emulator → sink in ${(performance.now() - t0).toFixed(0)} ms`);
    assert.deepEqual(h.trades.slice(0, 309), a.map((record) => ({ code: '005930', record })));
    assert.deepEqual(h.trades.slice(309), b.map((record) => ({ code: '035720', record })));
    assert.equal(h.trades[0].record.exchname, 'KRX');
    assert.equal(h.trades[309].record.exchname, 'NXT');
    // Cumulative volume is the running sum of the file's cvolume (the emulator builds real US3 bodies).
    let sum = 0;
    for (const { record } of h.trades.slice(309)) sum += Number(record.cvolume);
    assert.equal(h.trades.at(-1)?.record.volume, String(sum));
    // Numbers instead of strings in the body make the same record.
    const n = h.emu.sendTrade('005930', { chetime: '092700', price: 99_350, cvolume: 7, cgubun: '-' }, { numbers: true });
    await h.emu.waitFor(() => h.trades.length === 309 + 23_434 + 1, 2000, 'numeric trade');
    assert.deepEqual(h.trades.at(-1), { code: '005930', record: n });
    assert.equal(n.price, '99350');
    assert.equal(h.feed.status().badFrames, 0);
  } finally {
    await h.done();
  }
});

test('a dropped connection is reconnected, counted and every code resubscribed; trades flow again', async () => {
  const h = await harness();
  try {
    await h.emu.waitFor(() => allSubscribed(h), 5000, 'subscriptions');
    h.emu.dropAll();
    await h.emu.waitFor(() => h.emu.connections === 2 && h.emu.liveConnections() === 1 && allSubscribed(h), 5000, 'resubscribed after drop');
    assert.equal(framesOn(h.emu, 2, '3').length, CODES.length);
    assert.equal(h.feed.status().reconnects, 1);
    assert.ok(h.statuses.some((s) => s.state === 'reconnecting'));
    assert.match(h.statuses.find((s) => s.state === 'reconnecting')?.lastError ?? '', /LS 연결이 끊어졌습니다/);
    const r = h.emu.sendTrade('035720', { chetime: '100000', price: '60000', cvolume: '5', cgubun: '+' });
    await h.emu.waitFor(() => h.trades.length === 1, 2000, 'trade after reconnect');
    assert.deepEqual(h.trades[0], { code: '035720', record: r });
    await h.emu.waitFor(() => h.feed.status().state === 'open' && h.feed.status().lastError === null, 2000, 'healthy status');
    assert.equal(h.emu.tokensIssued, 1, 'the token is reused across reconnects');
  } finally {
    await h.done();
  }
});

test('a drop in the middle of a stream: the stream ends, nothing arrives twice or out of order, trades resume', async () => {
  const h = await harness({ codes: ['035720'] });
  try {
    await h.emu.waitFor(() => h.emu.subscribed().size === 1, 5000, 'subscription');
    const streaming = h.emu.sendFile(REAL_035720, '035720', { ratePerSec: 20_000, limit: 6000 });
    await h.emu.waitFor(() => h.trades.length >= 1000, 5000, 'first 1000 trades');
    h.emu.dropAll();
    const delivered = await streaming;
    await h.emu.waitFor(() => h.emu.connections === 2 && h.emu.subscribed().size === 1, 5000, 'resubscribed');
    const last = h.emu.sendTrade('035720', { chetime: '140000', price: '60000', cvolume: '1', cgubun: '+' });
    await h.emu.waitFor(() => h.trades.at(-1)?.record.volume === last.volume, 5000, 'trade after the drop');
    // Cumulative volume identifies each print: what arrived is an in-order subsequence of what was sent.
    const sent = new Map([...delivered, last].map((r, i) => [r.volume, { r, i }]));
    let prev = -1;
    for (const { record } of h.trades) {
      const s = sent.get(record.volume);
      assert.ok(s, `unexpected trade ${JSON.stringify(record)}`);
      assert.deepEqual(record, s.r);
      assert.ok(s.i > prev, 'order kept, no duplicate');
      prev = s.i;
    }
  } finally {
    await h.done();
  }
});

test('a quiet feed whose pings are answered stays connected; a silent one is detected and replaced', async () => {
  const h = await harness({ tuning: { pongDeadlineMs: 200 } });
  try {
    await h.emu.waitFor(() => allSubscribed(h), 5000, 'subscriptions');
    // Ten ping intervals with no data at all: quiet is not dead.
    await new Promise((r) => setTimeout(r, 10 * (FAST.pingIntervalMs ?? 0)));
    assert.equal(h.emu.connections, 1);
    assert.equal(h.feed.status().state, 'open');
    h.emu.silence();
    await h.emu.waitFor(() => h.emu.connections === 2 && allSubscribed(h), 5000, 'reconnect after missing pongs');
    assert.ok(h.statuses.some((s) => /핑 시간 초과/.test(s.lastError ?? '')));
    assert.equal(h.feed.status().reconnects, 1);
  } finally {
    await h.done();
  }
});

test('an application PING is answered with PONG', async () => {
  const h = await harness({ codes: ['005930'] });
  try {
    await h.emu.waitFor(() => h.emu.subscribed().size === 1, 5000, 'subscription');
    h.emu.sendAppPing();
    await h.emu.waitFor(() => h.emu.received.some((f) => f.header.tr_id === 'PONG'), 2000, 'PONG');
    assert.equal(h.feed.status().badFrames, 0);
  } finally {
    await h.done();
  }
});

test('refused tokens are retried with backoff and the reason is shown until one is issued', async () => {
  const h = await harness({ before: (emu) => emu.refuseTokens(3) });
  try {
    await h.emu.waitFor(() => allSubscribed(h), 5000, 'subscriptions after refusals');
    const tokenCalls = h.emu.restRequests.filter((r) => r.path === '/oauth2/token');
    assert.equal(tokenCalls.length, 4);
    for (const r of tokenCalls) {
      const form = new URLSearchParams(r.body);
      assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual([form.get('grant_type'), form.get('scope'), form.get('appkey')], ['client_credentials', 'oob', h.emu.appKey]);
    }
    assert.equal(h.emu.tokensIssued, 1);
    const refused = h.statuses.filter((s) => s.lastError?.includes('유효하지 않은 AppKey입니다. (IGW00103)'));
    assert.ok(refused.length >= 3, 'the LS reason is visible in the status');
    assert.ok(refused.every((s) => !s.lastError?.includes(h.emu.appSecret)));
    assert.equal(h.emu.connections, 1);
    assert.equal(h.feed.status().lastError, null);
  } finally {
    await h.done();
  }
});

test('a wrong secret keeps failing with LS\'s reason and never connects', async () => {
  const emu = await startLsEmulator();
  const statuses: FeedStatus[] = [];
  const logs: string[] = [];
  const secret = 'wrong-secret-ffffffffffffffffffffffff';
  const feed = createLsFeed({ appKey: emu.appKey, appSecret: secret, restUrl: emu.restUrl, wsUrl: emu.wsUrl, simulated: false, tr: 'US3' },
    { trade: () => assert.fail('no trade expected'), status: (s) => statuses.push(s) }, createLogger('debug', (l) => logs.push(l)), FAST);
  try {
    feed.start(['005930']);
    await emu.waitFor(() => emu.restRequests.length >= 3, 5000, 'token retries');
    assert.equal(emu.connections, 0);
    assert.match(feed.status().lastError ?? '', /IGW00105/);
    assert.ok(feed.status().reconnects >= 2);
    for (const text of [...logs, ...statuses.map((s) => JSON.stringify(s))]) assert.ok(!text.includes(secret));
  } finally {
    await feed.close();
    await emu.close();
  }
  assert.equal(feed.status().state, 'stopped');
});

test('a token reaching its expiry is renewed and the feed reconnects with it', async () => {
  const h = await harness({ emulator: { tokenLifetimeSec: 1 }, tuning: { tokenRefreshMarginMs: 300 }, codes: ['005930', '035720'] });
  try {
    await h.emu.waitFor(() => h.emu.tokensIssued >= 2 && h.emu.connections >= 2 && h.emu.subscribed().size === 2, 5000, 'renewed token and reconnect');
    const second = framesOn(h.emu, 2, '3');
    const first = framesOn(h.emu, 1, '3');
    assert.equal(second.length, 2);
    assert.notEqual(second[0].header.token, first[0].header.token);
  } finally {
    await h.done();
  }
});

test('an ack rejecting the token (IGW00121) gets a new token and a reconnect with every code', async () => {
  const h = await harness();
  try {
    await h.emu.waitFor(() => allSubscribed(h), 5000, 'subscriptions');
    h.emu.expireTokens();
    const codes = [...CODES, '207940'];
    h.feed.setCodes(codes);
    await h.emu.waitFor(() => h.emu.tokensIssued === 2 && h.emu.connections === 2 && allSubscribed(h, codes), 5000, 'reconnect with a new token');
    assert.ok(h.statuses.some((s) => /IGW00121/.test(s.lastError ?? '')));
    assert.equal(framesOn(h.emu, 2, '3').length, codes.length);
    assert.deepEqual(h.feed.status().rejectedCodes, []);
  } finally {
    await h.done();
  }
});

test('a token the server silently stopped honouring (any refusal code) is replaced: new token, new connection, every code recording', async () => {
  const h = await harness();
  try {
    // The emulator counts a code once it accepted it; the client once that acknowledgement arrived: wait for both.
    await h.emu.waitFor(() => allSubscribed(h) && h.feed.status().notRecording.length === 0, 5000, 'subscriptions acknowledged');
    assert.deepEqual(h.feed.status().notRecording, []);
    // Another holder of the app key issued a token: the server refuses with a code that names no token.
    h.emu.poisonTokens();
    const codes = [...CODES, '207940'];
    h.feed.setCodes(codes);
    await h.emu.waitFor(() => h.emu.tokensIssued === 2 && h.emu.connections === 2 && allSubscribed(h, codes), 5000, 'new token and connection');
    await h.emu.waitFor(() => h.feed.status().notRecording.length === 0, 5000, 'every code recording');
    assert.ok(h.statuses.some((s) => s.rejectedCodes.includes('207940') && s.notRecording.includes('207940')), 'the refusal was an alarm');
    assert.ok(h.statuses.some((s) => /01501/.test(s.lastError ?? '')));
    assert.deepEqual(h.feed.status().rejectedCodes, []);
    assert.equal(framesOn(h.emu, 2, '3').length, codes.length);
    const sent = h.emu.sendTrade('207940', { chetime: '090000', price: '1000000', cvolume: '1', cgubun: '+' });
    await h.emu.waitFor(() => h.trades.some((tr) => tr.code === '207940'), 2000, 'trade of the new code');
    assert.deepEqual(h.trades.at(-1)?.record, sent);
  } finally {
    await h.done();
  }
});

test('pacing backs off on refusals and still subscribes every code on one connection; codes on screen go first', async () => {
  const codes = Array.from({ length: 60 }, (_, i) => String(100000 + i * 7));
  const h = await harness({
    codes, tuning: { subscribeRetries: 20 },
    before: (emu) => emu.limitSubscribeRate(10),
  });
  try {
    await h.emu.waitFor(() => allSubscribed(h, codes), 20_000, 'every code subscribed');
    assert.ok(h.emu.refusals > 0, 'the emulator refused some subscribes');
    assert.equal(h.emu.connections, 1);
    assert.equal(h.emu.tokensIssued, 1);
    await h.emu.waitFor(() => h.feed.status().notRecording.length === 0 && h.feed.status().rejectedCodes.length === 0, 5000, 'no alarm left');
  } finally {
    await h.done();
  }
  const emu = await startLsEmulator();
  const config: LsConfig = { appKey: emu.appKey, appSecret: emu.appSecret, restUrl: emu.restUrl, wsUrl: emu.wsUrl, simulated: true, tr: 'US3' };
  const feed = createLsFeed(config, { trade: () => {}, status: () => {} }, createLogger('error', () => {}), FAST);
  try {
    feed.prioritize?.(['0088K0', '247540']);
    feed.start(CODES);
    await emu.waitFor(() => emu.subscribed().size === CODES.length, 5000, 'subscriptions');
    assert.deepEqual(framesOn(emu, 1, '3').slice(0, 2).map((f) => f.body?.tr_key), ['U247540   ', 'U0088K0   ']);
  } finally {
    await feed.close();
    await emu.close();
  }
});

test('setCodes subscribes and unsubscribes on the open connection, without reconnecting', async () => {
  const h = await harness({ tuning: { subscribeStartMs: 30, subscribeMinMs: 30, subscribeMaxMs: 30 } });
  try {
    await h.emu.waitFor(() => allSubscribed(h), 5000, 'subscriptions');
    const next = [...CODES.filter((c) => c !== '000660' && c !== '015760'), '207940', '373220'];
    h.feed.setCodes(next);
    await h.emu.waitFor(() => allSubscribed(h, next), 5000, 'new subscription set');
    assert.equal(h.emu.connections, 1);
    assert.equal(h.feed.status().reconnects, 0);
    assert.deepEqual(framesOn(h.emu, 1, '4').map((f) => f.body?.tr_key).sort(), ['U000660   ', 'U015760   ']);
    assert.equal(framesOn(h.emu, 1, '3').length, CODES.length + 2);
    // A code added and removed again before its turn in the paced queue is never sent; one already sent
    // is unsubscribed. (Idle pump first: then the first new code goes out at once, the second waits 30 ms.)
    await new Promise((r) => setTimeout(r, 100));
    h.feed.setCodes([...next, '000100', '000120']);
    h.feed.setCodes(next);
    h.feed.setCodes(next);
    await h.emu.waitFor(() => framesOn(h.emu, 1, '4').length === 3, 2000, 'unsubscribe of 000100');
    await new Promise((r) => setTimeout(r, 50));
    const keys = (trType: string) => framesOn(h.emu, 1, trType).map((f) => f.body?.tr_key);
    assert.deepEqual(keys('3').slice(CODES.length + 2), ['U000100   ']);
    assert.deepEqual(keys('4').slice(2), ['U000100   ']);
    assert.ok(allSubscribed(h, next));
  } finally {
    await h.done();
  }
});

for (const echoAckKey of [true, false]) {
  test(`refused subscriptions are retried, then cost the token and the connection, and stay reported (acks ${echoAckKey ? 'with' : 'without'} tr_key)`, async () => {
    const h = await harness({ emulator: { echoAckKey }, before: (emu) => { emu.rejectCode('000660', 1); emu.rejectCode('247540'); } });
    try {
      const others = CODES.filter((c) => c !== '247540');
      await h.emu.waitFor(() => h.emu.connections >= 3 && h.emu.tokensIssued >= 3 && allSubscribed(h, others), 5000, 'retries, then new tokens and connections');
      await h.emu.waitFor(() => h.feed.status().state === 'open' && h.feed.status().notRecording.length === 1, 5000, 'open again');
      assert.deepEqual(h.feed.status().rejectedCodes, ['247540']);
      assert.deepEqual(h.feed.status().notRecording, ['247540']);
      assert.match(h.feed.status().lastError ?? '', /247540/);
      const tries = (code: string) => framesOn(h.emu, 1, '3').filter((f) => f.body?.tr_key === `U${code}   `).length;
      assert.equal(tries('247540'), 1 + (FAST.subscribeRetries ?? 0));
      assert.equal(tries('000660'), 2);
      // Removing the rejected code clears the report.
      h.feed.setCodes(others);
      assert.deepEqual(h.feed.status().rejectedCodes, []);
      await h.emu.waitFor(() => h.feed.status().state === 'open' && h.feed.status().notRecording.length === 0, 5000, 'every code recording');
    } finally {
      await h.done();
    }
  });
}

test('garbage frames are counted and logged (rate-limited) and never break the feed; a bad trade of a known code is handed over as rejected', async () => {
  const h = await harness({ codes: ['005930'] });
  try {
    await h.emu.waitFor(() => h.emu.subscribed().size === 1, 5000, 'subscription');
    const garbage = ['not json', '{}', '[1,2]', '{"header":{"tr_cd":"US3","tr_key":"bogus"},"body":{"price":"x"}}',
      '{"header":{"tr_cd":"ZZZ"},"body":{}}', '\u0000'];
    for (const g of garbage) h.emu.sendRaw(g);
    h.emu.sendRaw('{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"price":"x"}}');
    const r = h.emu.sendTrade('005930', { chetime: '092619', price: '99300', cvolume: '100', cgubun: '-' });
    await h.emu.waitFor(() => h.trades.length === 1, 2000, 'trade after garbage');
    assert.deepEqual(h.trades[0].record, r);
    assert.equal(h.feed.status().badFrames, garbage.length);
    assert.deepEqual(h.rejected.map((r) => r.code), ['005930']);
    assert.match(h.rejected[0]!.reason, /^chetime/);
    assert.equal(h.feed.status().state, 'open');
    assert.equal(h.emu.connections, 1);
    const warned = h.logs.filter((l) => l.includes('ls frame not understood'));
    assert.ok(warned.length >= 1 && warned.length < garbage.length, `rate-limited log lines: ${warned.length}`);
  } finally {
    await h.done();
  }
});

test('close() stops the feed: no trade arrives afterwards and the socket is gone', async () => {
  const h = await harness({ codes: ['005930'] });
  await h.emu.waitFor(() => h.emu.subscribed().size === 1, 5000, 'subscription');
  await h.feed.close();
  assert.equal(h.feed.status().state, 'stopped');
  h.emu.sendRaw('{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"chetime":"092619","price":"99300","cvolume":"1","cgubun":"+","shcode":"005930"}}');
  await h.emu.waitFor(() => h.emu.liveConnections() === 0, 2000, 'socket closed');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(h.trades.length, 0);
  await h.done();
});

test('close() during the reconnect wait stops every retry', async () => {
  const h = await harness({ codes: ['005930'], tuning: { reconnectBaseMs: 10_000, reconnectCapMs: 10_000 } });
  await h.emu.waitFor(() => h.emu.subscribed().size === 1, 5000, 'subscription');
  h.emu.dropAll();
  await h.emu.waitFor(() => h.feed.status().state === 'reconnecting', 2000, 'reconnecting');
  await h.feed.close();
  assert.equal(h.feed.status().state, 'stopped');
  assert.equal(h.emu.connections, 1);
  await h.done();
});

test('t1102 names: found and cached, unknown code, expired token renewed once, wrong secret, unreachable server', async () => {
  const emu = await startLsEmulator();
  const log = createLogger('error', () => {});
  const creds = { restUrl: emu.restUrl, appKey: emu.appKey, appSecret: emu.appSecret };
  try {
    const rest = new LsRest(emu.restUrl, new TokenManager(creds, 0, log), log);
    assert.deepEqual(await rest.stockInfo('005930'), { name: '삼성전자', referencePrice: EMULATOR_REFERENCE_PRICE });
    assert.equal((await rest.stockInfo('005930')).name, '삼성전자');
    const calls = emu.restRequests.filter((r) => r.path === '/stock/market-data');
    assert.equal(calls.length, 1, 'cached');
    assert.equal(calls[0].headers.tr_cd, 't1102');
    assert.match(String(calls[0].headers.authorization), /^Bearer emu\./);
    assert.match(String(calls[0].headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(calls[0].body), { t1102InBlock: { shcode: '005930' } });

    emu.setName('0088K0', '테스트종목', 'KOSDAQ');
    assert.equal((await rest.stockInfo('0088K0')).name, '테스트종목');

    await assert.rejects(rest.stockInfo('999999'), (e: unknown) => e instanceof StockLookupError && e.kind === 'unknown' && /999999/.test(e.message));
    await assert.rejects(rest.stockInfo('../etc'), (e: unknown) => e instanceof StockLookupError && e.kind === 'unknown');

    emu.expireTokens();
    assert.equal((await rest.stockInfo('000660')).name, 'SK하이닉스');
    assert.equal(emu.tokensIssued, 2);

    const master = await rest.masterList();
    assert.ok(master.some((m) => m.code === '005930' && m.name === '삼성전자' && m.market === 'KOSPI'));
    assert.ok(master.some((m) => m.code === '0088K0' && m.market === 'KOSDAQ'));
    await rest.masterList();
    assert.equal(emu.restRequests.filter((r) => r.path === '/stock/etc').length, 1, 'master list cached for the day');

    const wrongTokens = new TokenManager({ ...creds, appSecret: 'nope' }, 0, log);
    const wrong = new LsRest(emu.restUrl, wrongTokens, log);
    await assert.rejects(wrong.stockInfo('005930'), (e: unknown) => e instanceof StockLookupError && e.kind === 'auth' && /IGW00105/.test(e.message));
    assert.match(wrongTokens.lastError ?? '', /유효하지 않은 AppSecret입니다\. \(IGW00105\)/);
    assert.ok(!wrongTokens.lastError?.includes('nope'));
  } finally {
    await emu.close();
  }
  // A port that was just closed: nothing listens there.
  const dead = http.createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const port = (dead.address() as AddressInfo).port;
  await new Promise<void>((r) => dead.close(() => r()));
  const url = `http://127.0.0.1:${port}`;
  const offline = new LsRest(url, new TokenManager({ restUrl: url, appKey: 'k', appSecret: 's' }, 0, log), log);
  await assert.rejects(offline.stockInfo('005930'), (e: unknown) => e instanceof StockLookupError && e.kind === 'unreachable' && /연결할 수 없습니다/.test(e.message));
});

test('the feed and REST lookups share one token', async () => {
  const h = await harness({ codes: ['005930'] });
  try {
    await h.emu.waitFor(() => h.emu.subscribed().size === 1, 5000, 'subscription');
    const rest = new LsRest(h.emu.restUrl, h.tokens, createLogger('error', () => {}));
    assert.equal((await rest.stockInfo('035720')).name, '카카오');
    assert.equal(h.emu.tokensIssued, 1);
  } finally {
    await h.done();
  }
});

test('an unusable WebSocket URL is reported, retried, and never crashes the process', async () => {
  const emu = await startLsEmulator();
  const statuses: FeedStatus[] = [];
  const feed = createLsFeed({ appKey: emu.appKey, appSecret: emu.appSecret, restUrl: emu.restUrl, wsUrl: 'ftp://127.0.0.1/websocket', simulated: false, tr: 'US3' },
    { trade: () => assert.fail('no trade expected'), status: (s) => statuses.push(s) }, createLogger('error', () => {}), FAST);
  try {
    feed.start(['005930']);
    await emu.waitFor(() => feed.status().reconnects >= 2, 5000, 'retries');
    assert.match(feed.status().lastError ?? '', /WebSocket 주소/);
    assert.equal(emu.tokensIssued, 1);
  } finally {
    await feed.close();
    await emu.close();
  }
});
