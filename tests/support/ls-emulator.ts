// An LS Securities Open API emulator for tests and the benchmark, written from docs/ls-api.md
// (deliberately not from the client's code, so a misreading of the protocol in one does not hide in both).
//
//   const emu = await startLsEmulator();          // HTTP + WS on 127.0.0.1, port 0
//   LS_REST_URL=emu.restUrl  LS_WS_URL=emu.wsUrl  LS_APP_KEY=emu.appKey  LS_APP_SECRET=emu.appSecret
//
// REST (all POST):
//   /oauth2/token        form-urlencoded grant_type/appkey/appsecretkey/scope → {access_token, expires_in, ...}
//                         wrong key/secret → 403 {rsp_cd:"IGW00105"}; refuseTokens(n) → next n get 403 IGW00103.
//   /stock/market-data   tr_cd t1102 → {t1102OutBlock:{hname, recprice: EMULATOR_REFERENCE_PRICE,...}, rsp_cd:"00000"}; unknown code → no OutBlock.
//   /stock/etc           tr_cd t8436 → {t8436OutBlock:[{shcode,hname,gubun,...}]} from the names table.
//   A missing, unknown or expired Bearer token → HTTP 500 {rsp_cd:"IGW00121"}.
// WebSocket ws://127.0.0.1:port/websocket:
//   {"header":{"token","tr_type":"3"|"4"},"body":{"tr_cd","tr_key"}} → one ack per request:
//   {"header":{"tr_cd","tr_key","tr_type","rsp_cd","rsp_msg"},"body":null} (tr_key omitted with echoAckKey:false).
//   rsp_cd "00000" ok; "IGW00121" unknown/expired token; "10009" malformed tr_key; "10001" rejectCode().
//   Trade frames go only to connections subscribed to that TR and code. WS pings are answered unless silence().
//   {"header":{"tr_id":"PONG"}} from a client is recorded in `received` like every other client frame.
//
// Scripting:
//   sendTrade(code, fields, {tr, exchname, numbers}) → the TradeRecord the client should produce.
//       `fields` needs chetime/price/cvolume/cgubun (strings or numbers); cumulative volume, mschecnt/mdchecnt
//       etc. are filled per code unless given; any other given field overrides the built body verbatim.
//       numbers:true sends numeric body fields as JSON numbers (the NS3/US3 tables' typing). Throws if the
//       fields do not make a valid trade: use sendRaw for malformed frames.
//   sendFile(path, code, {ratePerSec, limit, tr, exchname, onSent}) → Promise<TradeRecord[]>: streams the valid
//       lines of a raw_data file as trade frames (full US3 bodies) and resolves with the records delivered to
//       at least one connection, in order. Without ratePerSec it sends as fast as the sockets drain (batches of
//       256, waiting for each batch to reach the kernel); with it, on a fixed schedule from the start.
//       onSent(i) runs right after record i was handed to the sockets (latency probes).
//   sendRaw(text), sendAppPing(), dropAll() (terminate), silence() (current sockets stop answering pings),
//   refuseTokens(n), expireTokens() (every issued token becomes invalid), setTokenLifetime(sec),
//   rejectCode(code, times = Infinity), setName(code, name, market).
//   poisonTokens(): subscribes carrying any token issued so far are refused with rsp_cd "01501" (not a token code:
//       the server stopped honouring the token without saying so); a token issued afterwards works.
//   limitSubscribeRate(minGapMs): a subscribe arriving sooner than minGapMs after the connection's last accepted
//       one is refused with "01502" (the emulator's own stand-in for a rate limit LS does not document).
//   refusals: subscribes refused so far, of any cause.
//   hangHandshakes(n): the next n WebSocket upgrades are accepted over TCP and never answered (no 101);
//       handshakeAttempts counts every upgrade request, hungOpen() the hung sockets the client has not closed yet.
//   resendLast(code): the code's last trade frame again, byte for byte, to its current subscribers (a broker
//       resending after a resubscribe); false when nobody got it.
//   hold(true) keeps trades from every connection (they still happen and reach time-and-sales) until hold(false);
//   sendTrade(..., {auction: true}) makes a print neither aggressor count moves on (an auction fill).
// Time and sales (t8454 K/N/U, t1301 on /stock/market-data; ls-time-sales.ts), when opts.timeSales is given (otherwise
//   those TRs are unknown, so tests of other features see no fill): `timeSales` answers from every print
//   that happened, newest first; timeSales.pageSize, .limits[tr], .lastPage, .failNext(tr, answer, n),
//   .hangNext(tr, n), .releaseHangs(), .log(code) (mutable), .overLimit (count of IGW00201 answers per TR).
// Observing: tokensIssued, connections (ever accepted), liveConnections(), received (client frames, parsed),
//   handshakeHeaders, restRequests, subscribed(tr?) (union over live connections), waitFor(pred, ms, what).
import http, { type IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseRecordLine, toTradeRecord, type TradeRecord } from '../../electron/shared/trade.ts';
import { TimeSales, type TimeSalesOptions } from './ls-time-sales.ts';

export type EmulatorTr = 'US3' | 'S3_' | 'K3_' | 'NS3';
export type Market = 'KOSPI' | 'KOSDAQ';

export interface LsEmulatorOptions {
  appKey?: string;
  appSecret?: string;
  /** expires_in of issued tokens (default 86400). */
  tokenLifetimeSec?: number;
  /** Whether acks echo tr_key (unknown for the real server; default true). */
  echoAckKey?: boolean;
  /** Answer t8454/t1301 (with these options); without it they are unknown TRs. */
  timeSales?: TimeSalesOptions;
}

export interface ReceivedFrame {
  /** 1-based number of the connection it arrived on. */
  conn: number;
  header: Record<string, unknown>;
  body: Record<string, unknown> | null;
  raw: string;
}

export interface RestRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SendTradeOptions {
  tr?: EmulatorTr;
  exchname?: 'KRX' | 'NXT';
  numbers?: boolean;
  /** An auction fill: neither aggressor's cumulative volume or count moves. */
  auction?: boolean;
}

export interface SendFileOptions {
  tr?: EmulatorTr;
  exchname?: 'KRX' | 'NXT';
  ratePerSec?: number;
  limit?: number;
  onSent?: (index: number) => void;
}

export type TradeFields = Record<string, string | number>;

export interface LsEmulator {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly tokensIssued: number;
  readonly connections: number;
  readonly received: ReceivedFrame[];
  readonly handshakeHeaders: IncomingHttpHeaders[];
  readonly restRequests: RestRequest[];
  readonly refusals: number;
  readonly handshakeAttempts: number;
  hangHandshakes(n: number): void;
  hungOpen(): number;
  resendLast(code: string, tr?: EmulatorTr): boolean;
  poisonTokens(): void;
  limitSubscribeRate(minGapMs: number): void;
  readonly timeSales: TimeSales;
  hold(on: boolean): void;
  liveConnections(): number;
  subscribed(tr?: EmulatorTr): Set<string>;
  setName(code: string, name: string, market?: Market): void;
  setTokenLifetime(sec: number): void;
  refuseTokens(n: number): void;
  expireTokens(): void;
  rejectCode(code: string, times?: number): void;
  sendTrade(code: string, fields: TradeFields | TradeRecord, opts?: SendTradeOptions): TradeRecord;
  sendFile(path: string, code: string, opts?: SendFileOptions): Promise<TradeRecord[]>;
  sendRaw(text: string): void;
  sendAppPing(): void;
  dropAll(): void;
  silence(): void;
  waitFor(pred: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** The t1102 `recprice` (기준가) of every listed code. */
export const EMULATOR_REFERENCE_PRICE = 54_500;
export const EMULATOR_APP_KEY = 'emulator-app-key-0000000000000000000';
export const EMULATOR_APP_SECRET = 'emulator-app-secret-00000000000000000';

const DEFAULT_NAMES: [string, string, Market][] = [
  ['005930', '삼성전자', 'KOSPI'],
  ['000660', 'SK하이닉스', 'KOSPI'],
  ['035720', '카카오', 'KOSPI'],
  ['015760', '한국전력', 'KOSPI'],
  ['010950', 'S-Oil', 'KOSPI'],
  ['122870', '와이지엔터테인먼트', 'KOSDAQ'],
  ['247540', '에코프로비엠', 'KOSDAQ'],
];

interface Conn {
  id: number;
  ws: WebSocket;
  /** The TCP socket under `ws`, corked around a batch so that a batch costs one write system call. */
  socket: Socket;
  /** `${tr}${code}` of every live subscription. */
  subs: Set<string>;
  silenced: boolean;
  /** performance.now() of the last accepted subscribe. */
  lastAccepted: number;
}

interface Cumulative {
  volume: number;
  msvolume: number;
  mdvolume: number;
  mschecnt: number;
  mdchecnt: number;
}

/** tr_key as docs/ls-api.md#ws-keys specifies it; null when malformed for that TR. */
function codeOfKey(tr: string, key: unknown): string | null {
  if (typeof key !== 'string') return null;
  const prefixed = tr === 'US3' ? 'U' : tr === 'NS3' ? 'N' : null;
  const m = prefixed ? new RegExp(`^${prefixed}([0-9A-Z]{6})   $`).exec(key) : /^([0-9A-Z]{6})$/.exec(key);
  return m ? m[1] : null;
}

function keyOf(tr: EmulatorTr, code: string): string {
  return tr === 'US3' ? `U${code}   ` : tr === 'NS3' ? `N${code}   ` : code;
}

const TRS = new Set<string>(['US3', 'S3_', 'K3_', 'NS3']);

export async function startLsEmulator(opts: LsEmulatorOptions = {}): Promise<LsEmulator> {
  const appKey = opts.appKey ?? EMULATOR_APP_KEY;
  const appSecret = opts.appSecret ?? EMULATOR_APP_SECRET;
  const echoAckKey = opts.echoAckKey ?? true;
  let lifetimeSec = opts.tokenLifetimeSec ?? 86_400;
  const tokens = new Map<string, number>(); // token → expiry (epoch ms)
  const names = new Map<string, { name: string; market: Market }>(DEFAULT_NAMES.map(([c, n, m]) => [c, { name: n, market: m }]));
  const rejects = new Map<string, number>();
  const cumulative = new Map<string, Cumulative>();
  const conns = new Set<Conn>();
  const received: ReceivedFrame[] = [];
  const handshakeHeaders: IncomingHttpHeaders[] = [];
  const restRequests: RestRequest[] = [];
  let tokensIssued = 0;
  let connections = 0;
  let refuse = 0;
  let refusals = 0;
  const poisoned = new Set<string>();
  let minSubscribeGapMs = 0;
  let held = false;
  const timeSales = new TimeSales(opts.timeSales);

  const tokenValid = (t: unknown): boolean => typeof t === 'string' && (tokens.get(t) ?? 0) > Date.now();

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  function issueToken(form: URLSearchParams, res: http.ServerResponse): void {
    if (refuse > 0) {
      refuse--;
      json(res, 403, { rsp_cd: 'IGW00103', rsp_msg: '유효하지 않은 AppKey입니다.' });
      return;
    }
    if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'oob') {
      json(res, 400, { rsp_cd: 'IGW00002', rsp_msg: 'grant_type/scope 오류' });
      return;
    }
    if (form.get('appkey') !== appKey || form.get('appsecretkey') !== appSecret) {
      json(res, 403, { rsp_cd: 'IGW00105', rsp_msg: '유효하지 않은 AppSecret입니다.' });
      return;
    }
    const token = `emu.${randomBytes(24).toString('base64url')}`;
    tokens.set(token, Date.now() + lifetimeSec * 1000);
    tokensIssued++;
    json(res, 200, { access_token: token, scope: 'oob', token_type: 'Bearer', expires_in: lifetimeSec });
  }

  function tr(path: string, headers: IncomingHttpHeaders, body: string, res: http.ServerResponse): void {
    const auth = headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokenValid(auth.slice(7))) {
      json(res, 500, { rsp_cd: 'IGW00121', rsp_msg: '유효하지 않은 토큰입니다.' });
      return;
    }
    let input: Record<string, Record<string, unknown>>;
    try {
      input = JSON.parse(body) as Record<string, Record<string, unknown>>;
    } catch {
      json(res, 400, { rsp_cd: 'IGW40010', rsp_msg: '요청 형식 오류' });
      return;
    }
    const trCd = headers.tr_cd;
    const echo = { tr_cd: String(trCd), tr_cont: 'N', tr_cont_key: '' };
    if (path === '/stock/market-data' && opts.timeSales && timeSales.answer(String(trCd), headers, input, res, json)) return;
    if (path === '/stock/market-data' && trCd === 't1102') {
      const code = input.t1102InBlock?.shcode;
      const entry = typeof code === 'string' ? names.get(code) : undefined;
      if (!entry || typeof code !== 'string') {
        json(res, 200, { rsp_cd: '00000', rsp_msg: '해당자료가 없습니다.' }, echo);
        return;
      }
      json(res, 200, {
        t1102OutBlock: { hname: entry.name, shcode: code, price: 55_000, recprice: EMULATOR_REFERENCE_PRICE, sign: '3', change: 0, janginfo: entry.market, ex_shcode: `U${code}` },
        rsp_cd: '00000', rsp_msg: '정상적으로 조회가 완료되었습니다.',
      }, echo);
      return;
    }
    if (path === '/stock/etc' && trCd === 't8436') {
      const gubun = input.t8436InBlock?.gubun;
      const rows = [...names].filter(([, e]) => gubun === '0' || (gubun === '1') === (e.market === 'KOSPI'))
        .map(([code, e]) => ({ hname: e.name, shcode: code, expcode: `KR7${code}000`, etfgubun: '0', gubun: e.market === 'KOSPI' ? '1' : '2', spac_gubun: 'N' }));
      json(res, 200, { t8436OutBlock: rows, rsp_cd: '00000', rsp_msg: '조회완료' }, echo);
      return;
    }
    json(res, 404, { rsp_cd: 'IGW00002', rsp_msg: `지원하지 않는 TR: ${String(trCd)}` });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      restRequests.push({ path, headers: req.headers, body });
      if (req.method !== 'POST') json(res, 405, { rsp_cd: 'IGW00001', rsp_msg: 'POST only' });
      else if (path === '/oauth2/token') issueToken(new URLSearchParams(body), res);
      else tr(path, req.headers, body, res);
    });
  });

  let hang = 0;
  let handshakeAttempts = 0;
  const hung = new Set<Socket>();
  const lastFrames = new Map<string, string>();
  const verifyClient = (info: { req: http.IncomingMessage }, accept: (ok: boolean) => void): void => {
    handshakeAttempts++;
    if (hang <= 0) return accept(true);
    hang--;
    const socket = info.req.socket;
    hung.add(socket);
    // Read on, so the client giving up (FIN) is seen; the request itself is never answered.
    socket.on('end', () => socket.destroy());
    socket.once('close', () => hung.delete(socket));
    socket.resume();
  };
  const wss = new WebSocketServer({ server, path: '/websocket', autoPong: false, perMessageDeflate: false, verifyClient });
  wss.on('connection', (ws, req) => {
    const conn: Conn = { id: ++connections, ws, socket: req.socket, subs: new Set(), silenced: false, lastAccepted: -Infinity };
    conns.add(conn);
    handshakeHeaders.push(req.headers);
    ws.on('ping', (data) => {
      if (!conn.silenced) ws.pong(data);
    });
    ws.on('close', () => conns.delete(conn));
    ws.on('error', () => conns.delete(conn));
    ws.on('message', (data) => onClientFrame(conn, data.toString()));
  });

  function onClientFrame(conn: Conn, raw: string): void {
    let msg: { header?: Record<string, unknown>; body?: Record<string, unknown> | null };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      received.push({ conn: conn.id, header: {}, body: null, raw });
      return;
    }
    const header = typeof msg.header === 'object' && msg.header !== null ? msg.header : {};
    const body = typeof msg.body === 'object' && msg.body !== null ? msg.body : null;
    received.push({ conn: conn.id, header, body, raw });
    if (header.tr_id === 'PONG') return;
    const trCd = String(body?.tr_cd ?? '');
    const trKey = body?.tr_key;
    const trType = String(header.tr_type ?? '');
    const ack = (rspCd: string, rspMsg: string): void => {
      const h: Record<string, unknown> = { tr_cd: trCd, tr_type: trType, rsp_cd: rspCd, rsp_msg: rspMsg };
      if (echoAckKey && typeof trKey === 'string') h.tr_key = trKey;
      conn.ws.send(JSON.stringify({ header: h, body: null }));
    };
    if (!tokenValid(header.token)) return ack('IGW00121', '유효하지 않은 토큰입니다.');
    if (trType !== '3' && trType !== '4') return ack('10002', 'tr_type 오류');
    const code = TRS.has(trCd) ? codeOfKey(trCd, trKey) : null;
    if (code === null) return ack('10009', 'tr_key 오류');
    if (trType === '4') {
      conn.subs.delete(trCd + code);
      return ack('00000', '실시간 시세 해제 완료');
    }
    const refused = (rspCd: string, rspMsg: string): void => {
      refusals++;
      ack(rspCd, rspMsg);
    };
    const left = rejects.get(code) ?? 0;
    if (left > 0) {
      rejects.set(code, left - 1);
      return refused('10001', '등록할 수 없는 종목입니다.');
    }
    if (poisoned.has(String(header.token))) return refused('01501', '처리할 수 없는 요청입니다.');
    const now = performance.now();
    if (now - conn.lastAccepted < minSubscribeGapMs) return refused('01502', '요청이 너무 많습니다.');
    conn.lastAccepted = now;
    conn.subs.add(trCd + code);
    ack('00000', '실시간 시세 등록 완료');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  function cumulativeOf(code: string): Cumulative {
    let c = cumulative.get(code);
    if (!c) {
      c = { volume: 0, msvolume: 0, mdvolume: 0, mschecnt: 0, mdchecnt: 0 };
      cumulative.set(code, c);
    }
    return c;
  }

  /**
   * Advances the code's cumulative counters by one print (also when nobody is subscribed: the market
   * trades on, which is what lets a client see a gap) and returns the record a client should derive.
   */
  function advance(code: string, f: TradeRecord, exchname: 'KRX' | 'NXT', auction = false): { rec: TradeRecord; cum: Cumulative } {
    const cum = cumulativeOf(code);
    const q = Number(f.cvolume);
    const buy = f.cgubun === '+' && !auction;
    const sell = f.cgubun === '-' && !auction;
    cum.volume = f.volume !== undefined ? Number(f.volume) : cum.volume + q;
    if (buy) cum.msvolume += q;
    if (sell) cum.mdvolume += q;
    cum.mschecnt = f.mschecnt !== undefined ? Number(f.mschecnt) : cum.mschecnt + (buy ? 1 : 0);
    cum.mdchecnt = f.mdchecnt !== undefined ? Number(f.mdchecnt) : cum.mdchecnt + (sell ? 1 : 0);
    timeSales.record(code, { chetime: f.chetime, price: Number(f.price), cvolume: q, exchname }, buy ? '+' : sell ? '-' : null, cum);
    const rec: TradeRecord = {
      chetime: f.chetime, price: f.price, cvolume: f.cvolume, cgubun: f.cgubun, exchname,
      volume: String(cum.volume), mschecnt: String(cum.mschecnt), mdchecnt: String(cum.mdchecnt),
    };
    return { rec, cum };
  }

  /** A full trade frame in the field order of docs/ls-api.md#trade-fields; a template, because sendFile must be fast. */
  function frameText(tr: EmulatorTr, code: string, r: TradeRecord, cum: Cumulative): string {
    const p = r.price;
    const cpower = cum.mdvolume > 0 ? ((cum.msvolume / cum.mdvolume) * 100).toFixed(2) : '0.00';
    const ex = tr === 'US3' ? `,"ex_shcode":"U${code}"` : tr === 'NS3' ? `,"ex_shcode":"N${code}"` : '';
    return `{"header":{"tr_cd":"${tr}","tr_key":"${keyOf(tr, code)}"},"body":{"chetime":"${r.chetime}","sign":"3","change":"0","drate":"0.00","price":"${p}",`
      + `"opentime":"090000","open":"${p}","hightime":"090000","high":"${p}","lowtime":"090000","low":"${p}","cgubun":"${r.cgubun}",`
      + `"cvolume":"${r.cvolume}","volume":"${r.volume}","value":"0","mdvolume":"${cum.mdvolume}","mdchecnt":"${r.mdchecnt}",`
      + `"msvolume":"${cum.msvolume}","mschecnt":"${r.mschecnt}","cpower":"${cpower}","w_avrg":"${p}","offerho":"${p}","bidho":"${p}",`
      + `"status":"00","jnilvolume":"0","shcode":"${code}","exchname":"${r.exchname}"${ex}}}`;
  }

  function targets(tr: EmulatorTr, code: string): Conn[] {
    const key = tr + code;
    if (held) return [];
    return [...conns].filter((c) => c.subs.has(key) && c.ws.readyState === c.ws.OPEN);
  }

  const stringify = (o: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

  function sendTrade(code: string, fields: TradeFields | TradeRecord, o: SendTradeOptions = {}): TradeRecord {
    const tr = o.tr ?? 'US3';
    const given: Record<string, unknown> = { ...fields };
    const base = toTradeRecord(stringify(given));
    if (base === null) throw new Error(`sendTrade: not a valid trade: ${JSON.stringify(fields)}`);
    const { rec, cum } = advance(code, base, o.exchname ?? base.exchname ?? 'KRX', o.auction);
    const msg = JSON.parse(frameText(tr, code, rec, cum)) as { body: Record<string, unknown> };
    const body = Object.assign(msg.body, o.exchname ? { ...given, exchname: o.exchname } : given);
    if (o.numbers) {
      for (const [k, v] of Object.entries(body)) {
        if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) && k !== 'shcode' && !k.endsWith('time')) body[k] = Number(v);
      }
    }
    const record = toTradeRecord(stringify(body));
    if (record === null) throw new Error(`sendTrade: not a valid trade: ${JSON.stringify(fields)}`);
    const text = JSON.stringify(msg);
    lastFrames.set(tr + code, text);
    for (const c of targets(tr, code)) c.ws.send(text);
    return record;
  }

  async function sendFile(path: string, code: string, o: SendFileOptions = {}): Promise<TradeRecord[]> {
    const tr = o.tr ?? 'US3';
    const lines = (await readFile(path, 'utf8')).split('\n');
    const records: TradeRecord[] = [];
    for (const line of lines) {
      if (o.limit !== undefined && records.length >= o.limit) break;
      const r = parseRecordLine(line);
      if (r) records.push(r);
    }
    const delivered: TradeRecord[] = [];
    let to: Conn[] = [];
    /** Sends record i to `to`; with `flushed`, also collects promises resolved once each copy reached the kernel. */
    const sendOne = (i: number, flushed?: Promise<void>[]): void => {
      const { rec, cum } = advance(code, records[i], o.exchname ?? records[i].exchname ?? 'KRX');
      if (to.length === 0) return;
      const text = frameText(tr, code, rec, cum);
      for (const c of to) {
        if (flushed) flushed.push(new Promise((resolve) => c.ws.send(text, () => resolve())));
        else c.ws.send(text);
      }
      delivered.push(rec);
      o.onSent?.(i);
    };
    if (o.ratePerSec !== undefined) {
      const interval = 1000 / o.ratePerSec;
      const t0 = performance.now();
      let i = 0;
      while (i < records.length) {
        const now = performance.now();
        to = targets(tr, code);
        for (const c of to) c.socket.cork();
        while (i < records.length && t0 + i * interval <= now) sendOne(i++);
        for (const c of to) c.socket.uncork();
        if (i < records.length) await new Promise((r) => setTimeout(r, Math.max(0, t0 + i * interval - performance.now())));
      }
      return delivered;
    }
    const BATCH = 256;
    for (let i = 0; i < records.length; ) {
      to = targets(tr, code);
      const end = Math.min(records.length, i + BATCH);
      for (const c of to) c.socket.cork();
      for (; i < end - 1; i++) sendOne(i);
      // Wait until the batch's last frame reached the kernel (a slow reader applies backpressure, not memory
      // growth), then yield to I/O: a client in this same process must get to read while we send.
      const flushed: Promise<void>[] = [];
      sendOne(i++, flushed);
      for (const c of to) c.socket.uncork();
      await Promise.all(flushed);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return delivered;
  }

  const emulator: LsEmulator = {
    restUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/websocket`,
    appKey,
    appSecret,
    get tokensIssued() {
      return tokensIssued;
    },
    get connections() {
      return connections;
    },
    get refusals() {
      return refusals;
    },
    get handshakeAttempts() {
      return handshakeAttempts;
    },
    hangHandshakes(n) {
      hang = n;
    },
    hungOpen: () => hung.size,
    resendLast(code, tr = 'US3') {
      const text = lastFrames.get(tr + code);
      const to = targets(tr, code);
      if (text === undefined || to.length === 0) return false;
      for (const c of to) c.ws.send(text);
      return true;
    },
    poisonTokens() {
      for (const token of tokens.keys()) poisoned.add(token);
    },
    limitSubscribeRate(minGapMs) {
      minSubscribeGapMs = minGapMs;
    },
    received,
    handshakeHeaders,
    restRequests,
    timeSales,
    hold(on) {
      held = on;
    },
    liveConnections: () => [...conns].filter((c) => c.ws.readyState === c.ws.OPEN).length,
    subscribed(tr) {
      const out = new Set<string>();
      for (const c of conns) for (const s of c.subs) if (!tr || s.startsWith(tr)) out.add(s.slice(3));
      return out;
    },
    setName(code, name, market = 'KOSPI') {
      names.set(code, { name, market });
    },
    setTokenLifetime(sec) {
      lifetimeSec = sec;
    },
    refuseTokens(n) {
      refuse = n;
    },
    expireTokens() {
      tokens.clear();
    },
    rejectCode(code, times = Infinity) {
      rejects.set(code, times);
    },
    sendTrade,
    sendFile,
    sendRaw(text) {
      for (const c of conns) c.ws.send(text);
    },
    sendAppPing() {
      for (const c of conns) c.ws.send('{"header":{"tr_id":"PING"}}');
    },
    dropAll() {
      for (const c of conns) c.ws.terminate();
    },
    silence() {
      for (const c of conns) c.silenced = true;
    },
    async waitFor(pred, timeoutMs = 5000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`LS emulator: timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      timeSales.releaseHangs();
      for (const s of hung) s.destroy();
      for (const c of conns) c.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}
