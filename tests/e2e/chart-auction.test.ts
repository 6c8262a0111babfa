// Auction structure on a recorded day: value areas in every bar and in the right-edge profile, named
// stacked zones, the legend (a strip above the chart, toggled and remembered), and numbers kept per bar when zooming out (a
// bar whose numbers do not fit drops its own text, the others keep theirs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import type { PaintedMarks } from '../../renderer/src/chart/state.ts';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';

const CODE = '005930';
const DAY = '20250102';
const BARS = 30;

/** One-minute bars: buy-heavy rows stacked above 60,000 (a stacked buy zone), small numbers, and one bar of huge prints. */
function day(): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (let m = 0; m < BARS; m++) {
    const t = `10${String(m).padStart(2, '0')}00`;
    const big = m === BARS - 3;
    for (let r = 0; r < 6; r++) {
      const price = String(60_000 + 100 * r);
      out.push({ chetime: t, price, cvolume: big ? '1234567' : String(2 + r), cgubun: '-' });
      out.push({ chetime: t, price, cvolume: big ? '2345678' : String(40 + 5 * r), cgubun: '+' });
    }
  }
  return out;
}

type Hook = { loaded: boolean; marks(): PaintedMarks };
const marks = (page: Page): Promise<PaintedMarks> => page.evaluate(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks());
/** The legend's strip and the chart's area below it, and the tallest canvas the chart draws in (its footprint pane). */
const layoutOf = (page: Page): Promise<{ legendBottom: number; chartTop: number; chartHeight: number; paneTop: number; paneHeight: number }> =>
  page.evaluate(() => {
    type Box = { getBoundingClientRect(): { top: number; bottom: number; height: number } };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): Box; querySelectorAll(s: string): ArrayLike<Box> } }).document;
    const legend = doc.querySelector('.legend-box').getBoundingClientRect();
    const chart = doc.querySelector('.chart-host').getBoundingClientRect();
    const pane = Array.from(doc.querySelectorAll('.chart-host canvas')).map((c) => c.getBoundingClientRect()).reduce((a, b) => (b.height > a.height ? b : a));
    return { legendBottom: legend.bottom, chartTop: chart.top, chartHeight: chart.height, paneTop: pane.top, paneHeight: pane.height };
  });
/** Two animation frames: the chart has painted what the last input asked for. */
const frames = (page: Page): Promise<unknown> => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

describe('auction structure, legend and numbers per bar', () => {
  let session: DemoSession;

  before(async () => {
    session = await startDemoSession([CODE], (store) => fs.writeFile(path.join(store, `raw_data_${CODE}_${DAY}.txt`), day().map(formatRecordLine).join('')));
  });

  after(async () => {
    await session?.close();
  });

  async function openDay(): Promise<{ page: Page; errors: string[] }> {
    const opened = await session.browser.newPage();
    await opened.page.goto(session.serve.url);
    const prefs = JSON.stringify({ code: CODE, date: DAY, barKind: 'time', barSize: 60 });
    await opened.page.evaluate(`localStorage.setItem('footprint.prefs.v1', ${JSON.stringify(prefs)})`);
    await opened.page.reload();
    await opened.page.waitForFunction(() => (globalThis as unknown as { __footprint?: Hook }).__footprint?.loaded === true, undefined, { timeout: 20_000 });
    await opened.page.waitForFunction(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks().textBars > 0, undefined, { timeout: 20_000 });
    return opened;
  }

  it('draws value areas in the bars and the profile, and names the stacked zone', async () => {
    const { page, errors } = await openDay();
    const m = await marks(page);
    assert.equal(m.valueAreaBars, m.textBars + m.bareBars, 'every bar with cells has its value area drawn');
    assert.equal(m.profileValueArea, true);
    assert.ok(m.zoneLabels.includes('매수 스택'), `zone labels: ${m.zoneLabels.join()}`);
    await page.click('button[name=lang]');
    await page.waitForFunction(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks().zoneLabels.includes('Buy stack'), undefined, { timeout: 10_000 });
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });

  it('the legend names every mark, hides on its button and stays hidden after a reload', async () => {
    const { page, errors } = await openDay();
    const legend = page.locator('[data-testid=legend]');
    assert.equal(await legend.isVisible(), true);
    const named = await legend.locator('.legend-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-mark')));
    assert.deepEqual(named, ['poc', 'valueArea', 'imbalance', 'stacked', 'nakedPoc', 'unfinished']);
    assert.equal(await legend.locator('.legend-item svg').count(), 6, 'each name beside its mark');
    assert.match((await legend.textContent()) ?? '', /POC.*가치 영역.*불균형.*스택.*미테스트 POC.*미완성 경매/);
    // A strip above the chart: the chart and its panes start below it, none of the bars under it.
    const open = await layoutOf(page);
    assert.ok(open.legendBottom <= open.chartTop && open.chartTop <= open.paneTop, `legend over the chart: ${JSON.stringify(open)}`);
    await page.click('[data-testid=legend-toggle]');
    await legend.waitFor({ state: 'hidden' });
    // Closed, the strip is one line and the chart takes the height it gave up.
    await page.waitForFunction((h) => {
      type Box = { getBoundingClientRect(): { height: number } };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Box> } }).document;
      return Math.max(...Array.from(doc.querySelectorAll('.chart-host canvas')).map((c) => c.getBoundingClientRect().height)) > h;
    }, open.paneHeight, { timeout: 10_000 });
    const closed = await layoutOf(page);
    assert.ok(closed.chartHeight > open.chartHeight && closed.legendBottom <= closed.chartTop, `closed: ${JSON.stringify(closed)}, open: ${JSON.stringify(open)}`);
    await page.reload();
    await page.waitForSelector('[data-testid=legend-toggle]');
    assert.equal(await legend.isVisible(), false);
    await page.click('[data-testid=legend-toggle]');
    await legend.waitFor({ state: 'visible' });
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });

  it('zooming out drops the text of the bar whose numbers do not fit, not of every bar', async () => {
    const { page, errors } = await openDay();
    const box = (await page.locator('.chart-host').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    let m = await marks(page);
    for (let step = 0; step < 40 && !(m.bareBars > 0 && m.textBars > 0); step++) {
      await page.mouse.wheel(0, 60);
      await frames(page);
      m = await marks(page);
      if (m.textBars === 0) break;
    }
    assert.ok(m.bareBars > 0 && m.textBars > 0, `some bars keep their numbers while the wide one drops them: ${JSON.stringify(m)}`);
    assert.ok(Math.min(...m.fonts) >= 8);
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
