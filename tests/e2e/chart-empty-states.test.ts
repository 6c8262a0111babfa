// The chart's empty states tell the truth: a venue with no trades that day, a file recorded before
// venue support, and a day with nothing recorded each say so in their own words, and the header keeps
// the day's last price while the chosen venue shows no bars. A day recorded from 09:26 says so.
// Without bars the statistic, volume and CVD panes are folded away, and they come back with bars.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import type { PageGlobals } from '../support/chromium.ts';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';
import { REAL_005930 } from '../support/paths.ts';

const CODE = '005930';
/** Only NXT trades (the evening session). */
const NXT_DAY = '20250107';
/** A real recording from before venue support (no `exchname`). */
const OLD_DAY = '20251125';
/** No file. */
const EMPTY_DAY = '20250108';

function nxtDay(): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (let m = 0; m < 30; m++) {
    out.push({ chetime: `16${String(m).padStart(2, '0')}00`, price: String(60_000 + 100 * (m % 5)), cvolume: '5', cgubun: '+', exchname: 'NXT' });
  }
  out.push({ chetime: '163000', price: '60250', cvolume: '1', cgubun: '-', exchname: 'NXT' });
  return out;
}

describe('empty states', () => {
  let session: DemoSession;

  before(async () => {
    session = await startDemoSession([CODE], async (store) => {
      await fs.writeFile(path.join(store, `raw_data_${CODE}_${NXT_DAY}.txt`), nxtDay().map(formatRecordLine).join(''));
      await fs.copyFile(REAL_005930, path.join(store, `raw_data_${CODE}_${OLD_DAY}.txt`));
    });
  });

  after(async () => {
    await session?.close();
  });

  /** Heights of the chart's panes, top to bottom (the canvases of its left column, the time axis left out). */
  const paneHeights = (page: Page): Promise<number[]> =>
    page.evaluate(() => {
      type Box = { getBoundingClientRect(): { left: number; top: number; height: number } };
      const doc = (globalThis as unknown as { document: { querySelector(s: string): Box; querySelectorAll(s: string): ArrayLike<Box> } }).document;
      const left = doc.querySelector('.chart-host').getBoundingClientRect().left;
      const byTop = new Map<number, number>();
      for (const c of Array.from(doc.querySelectorAll('.chart-host canvas'))) {
        const r = c.getBoundingClientRect();
        if (r.left === left) byTop.set(r.top, r.height);
      }
      return [...byTop.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h).slice(0, -1);
    });
  /** Waits until the panes' heights satisfy `ok` (they follow the bars on the chart's next layout). */
  async function panesUntil(page: Page, ok: (h: number[]) => boolean, what: string): Promise<number[]> {
    for (let i = 0; i < 100; i++) {
      const h = await paneHeights(page);
      if (ok(h)) return h;
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    }
    throw new Error(`${what}: panes ${JSON.stringify(await paneHeights(page))}`);
  }

  /** Opens `date` with `venue` and waits for its bars or its message; returns the chart's message and the header price. */
  async function show(page: Page, date: string, venue: string, lang = 'ko'): Promise<{ message: string; price: string }> {
    const prefs = JSON.stringify({ code: CODE, date, venue, lang, barKind: 'time', barSize: 60 });
    await page.evaluate(`localStorage.setItem('footprint.prefs.v1', ${JSON.stringify(prefs)})`);
    await page.reload();
    await page.waitForFunction(
      ([d, v]) => {
        const f = (globalThis as unknown as PageGlobals).__footprint;
        return !!f && f.loaded && f.query?.date === d && f.query.venue === v;
      },
      [date, venue],
      { timeout: 20_000 },
    );
    await page.waitForFunction(
      () => {
        const g = globalThis as unknown as PageGlobals;
        return (g.document.querySelector('.chart-message')?.textContent ?? '') !== '' || (g.__footprint?.bars().length ?? 0) > 0;
      },
      undefined,
      { timeout: 10_000 },
    );
    return {
      message: (await page.locator('.chart-message').textContent()) ?? '',
      price: (await page.locator('.header .price').textContent()) ?? '',
    };
  }

  it('names the reason, in Korean and English, and keeps the day price in the header', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.loaded === true, undefined, { timeout: 20_000 });

    let s = await show(page, NXT_DAY, 'KRX');
    assert.equal(s.message, '이 날짜에는 KRX 체결이 없습니다 (다른 시장 체결 31건: 시장을 바꿔 보세요)');
    assert.equal(s.price, '60,250');
    s = await show(page, NXT_DAY, 'KRX', 'en');
    assert.equal(s.message, 'No KRX trades on this day (31 trades on the other venue: choose another venue)');

    const lines = (await fs.readFile(REAL_005930, 'utf8')).trim().split('\n');
    const last = (JSON.parse(lines[lines.length - 1]!) as TradeRecord).price;
    s = await show(page, OLD_DAY, 'NXT');
    assert.match(s.message, /^이 파일에는 시장\(KRX\/NXT\) 정보가 없습니다 \(시장 구분 이전 기록\)/);
    assert.ok(s.message.includes(`${lines.length.toLocaleString('en-US')}건`), s.message);
    assert.equal(s.price, Number(last).toLocaleString('en-US'));
    s = await show(page, OLD_DAY, 'KRX', 'en');
    assert.match(s.message, /^This file has no venue data \(recorded before venue support\)/);

    // With bars, the header says the recording began late (09:26) and what the change is measured from.
    s = await show(page, OLD_DAY, 'all');
    assert.equal(s.message, '');
    assert.equal(await page.getByTestId('late-start').textContent(), '09:00 이후 기록 시작 09:26');
    assert.match((await page.locator('.header .change').textContent()) ?? '', /첫 기록 대비$/);

    const shown = await panesUntil(page, (h) => h.length === 4 && h.slice(1).every((px) => px > 50), 'lower panes with bars');
    s = await show(page, EMPTY_DAY, 'all');
    assert.equal(s.message, '이 날짜의 체결 기록이 없습니다');
    assert.equal(s.price, '—');
    // No empty titled panes: the lower ones fold to the library's least height, the chart keeps the rest.
    const folded = await panesUntil(page, (h) => h.length === 4 && h.slice(1).every((px) => px <= 3), 'lower panes folded without bars');
    assert.ok(folded[0]! > shown[0]!, `the footprint pane takes the room: ${JSON.stringify([folded, shown])}`);

    // The same files with a venue that has trades: bars, no message, the lower panes back.
    s = await show(page, NXT_DAY, 'NXT');
    assert.equal(s.message, '');
    await panesUntil(page, (h) => h.length === 4 && h.slice(1).every((px) => px > 50), 'lower panes back with bars');
    assert.equal(s.price, '60,250');
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
