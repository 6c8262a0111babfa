// Big prints on the page: a recorded day's big prints are drawn as bubbles (outlined where the bars
// show their numbers, filled when zoomed out) and highlighted in the tape; editing the code's
// threshold changes both, and clearing it brings back the day's default. On the live day a new big
// print is added as it trades, and announced by sound or notification only once they are turned on.
// The bubbles lie beneath the cells' numbers, and a threshold the box refuses says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';

const CODE = '005930';
const DAY = '20251120';

interface BigPrintsDebug {
  min: number | null;
  auto: boolean;
  loading: boolean;
  prints: number;
  drawn: { seqs: number[]; outlined: boolean; maxRadius: number; circles: { x: number; y: number; r: number }[] };
}

interface Globals {
  __footprint?: {
    loaded: boolean;
    bigPrints(): BigPrintsDebug;
    marks(): { textBars: number };
  };
  __tones?: number;
  __notes?: string[];
  document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
  localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
}

const PREFS = 'footprint.prefs.v1';
/** The page opens with these choices, stored before its script runs (so nothing it saves races them); each test loads once. */
const openWith = async (page: Page, url: string, prefs: object): Promise<void> => {
  await page.addInitScript(([k, v]) => {
    (globalThis as unknown as Globals).localStorage.setItem(k!, v!);
  }, [PREFS, JSON.stringify(prefs)]);
  await page.goto(url);
};
const storedPrefs = async (page: Page): Promise<Record<string, unknown>> =>
  JSON.parse((await page.evaluate((k) => (globalThis as unknown as Globals).localStorage.getItem(k), PREFS))!) as Record<string, unknown>;

/** 20 one-minute bars from 09:00 (20 prints of 1–30 shares each, the last two 5 each) and three big prints at the end. */
function dayFile(): string {
  const lines: string[] = [];
  for (let m = 0; m < 20; m++) {
    const n = m < 18 ? 20 : 5;
    for (let k = 0; k < n; k++) {
      const time = `09${String(m).padStart(2, '0')}${String(k * 2).padStart(2, '0')}`;
      let qty = 1 + ((m * 7 + k * 3) % 30);
      let side = k % 2 ? '+' : '-';
      if (m === 18 && k === 2) [qty, side] = [5_000, '+'];
      if (m === 19 && k === 1) [qty, side] = [8_000, '-'];
      if (m === 19 && k === 3) [qty, side] = [20_000, '+'];
      const price = 50_000 + ((m + k) % 5) * 50;
      lines.push(`{"chetime": "${time}", "price": "${price}", "cvolume": "${qty}", "cgubun": "${side}", "exchname": "KRX"}\n`);
    }
  }
  return lines.join('');
}

const bigPrints = (page: Page): Promise<BigPrintsDebug> => page.evaluate(() => (globalThis as unknown as Globals).__footprint!.bigPrints());

/** Waits until the list is loaded with `n` prints, all of them drawn. */
async function drawnAll(page: Page, n: number): Promise<void> {
  try {
    await page.waitForFunction(
      (count) => {
        const b = (globalThis as unknown as Globals).__footprint?.bigPrints();
        return !!b && !b.loading && b.prints === count && b.drawn.seqs.length === count;
      },
      n,
      { timeout: 20_000 },
    );
  } catch (err) {
    throw new Error(`${n} prints never drawn; last state ${JSON.stringify(await bigPrints(page))}`, { cause: err });
  }
}

/**
 * Pixels inside a circle drawn in the footprint pane (centre and radius from the pane's top left) that
 * are exactly the cells' text colours (chart/palette.ts THEME.text, textStrong): a bubble painted over
 * the numbers tints every one of them, one painted beneath leaves them as they are.
 */
function textPixelsIn(page: Page, c: { x: number; y: number; r: number }): Promise<number> {
  return page.evaluate((circle) => {
    type Canvas = { width: number; getBoundingClientRect(): { left: number; top: number; width: number; height: number }; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number>; width: number } } | null };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): Canvas | null; querySelectorAll(s: string): ArrayLike<Canvas> } }).document;
    const host = doc.querySelector('.chart-host')!.getBoundingClientRect();
    const px = host.left + circle.x;
    const py = host.top + circle.y;
    const colours = ['201,209,220', '242,245,249'];
    let n = 0;
    for (const canvas of Array.from(doc.querySelectorAll('.chart-host canvas'))) {
      const r = canvas.getBoundingClientRect();
      if (px < r.left || px > r.left + r.width || py < r.top || py > r.top + r.height) continue;
      const scale = canvas.width / r.width;
      const half = Math.floor(circle.r * 0.7 * scale);
      const x0 = Math.round((px - r.left) * scale) - half;
      const y0 = Math.round((py - r.top) * scale) - half;
      const img = canvas.getContext('2d')!.getImageData(x0, y0, 2 * half, 2 * half);
      for (let i = 0; i < img.data.length; i += 4) {
        if (img.data[i + 3] === 255 && colours.includes(`${img.data[i]},${img.data[i + 1]},${img.data[i + 2]}`)) n++;
      }
    }
    return n;
  }, c);
}

/** Sizes in the tape's highlighted rows, once there are `n` of them. */
async function bigTapeRows(page: Page, n: number): Promise<string[]> {
  await page.waitForFunction((count) => (globalThis as unknown as Globals).document.querySelectorAll('.tape-row[data-big="1"]').length === count, n, { timeout: 10_000 });
  return page.$$eval('.tape-row[data-big="1"] span:nth-child(4)', (cells) => cells.map((c) => c.textContent ?? ''));
}

describe('big prints', () => {
  let session: DemoSession;

  before(async () => {
    session = await startDemoSession([CODE], async (store) => {
      await fs.writeFile(path.join(store, `raw_data_${CODE}_${DAY}.txt`), dayFile());
    });
  });

  after(async () => {
    await session?.close();
  });

  it('a recorded day: bubbles and tape from the day\'s default, the threshold edited and cleared', async () => {
    const { page, errors } = await session.browser.newPage();
    await openWith(page, session.serve.url, { code: CODE, date: DAY });

    // The default: 99th percentile 30 shares, but at least ₩10M at ~₩50,000 → 200 shares.
    await drawnAll(page, 3);
    let b = await bigPrints(page);
    assert.deepEqual([b.min, b.auto], [200, true]);
    const box = page.getByTestId('bigprint-threshold');
    assert.equal(await box.inputValue(), '200');
    assert.equal(await box.evaluate((e) => e.classList.contains('auto')), true);
    assert.deepEqual(await bigTapeRows(page, 3), ['20,000', '8,000', '5,000']);
    // Numbers shown at this zoom: outlines, so none is hidden.
    assert.ok((await page.evaluate(() => (globalThis as unknown as Globals).__footprint!.marks().textBars)) > 0);
    assert.equal(b.drawn.outlined, true);
    // The bubbles cover their cells' numbers: those are painted over them, untinted.
    assert.ok(b.drawn.circles.every((c) => c.r >= 10), `bubbles large enough to cover numbers: ${JSON.stringify(b.drawn.circles)}`);
    let untinted = 0;
    for (const c of b.drawn.circles) untinted += await textPixelsIn(page, c);
    assert.ok(untinted > 0, 'the numbers inside the bubbles are drawn over them');

    // Zoomed out until the bars are bare cells: filled bubbles, still all three.
    const textBars = (): Promise<number> => page.evaluate(() => (globalThis as unknown as Globals).__footprint!.marks().textBars);
    for (let i = 0; i < 30 && (await textBars()) > 0; i++) {
      await page.keyboard.press('-');
      // Two frames: the chart repaints after the zoom, and the marks report that paint.
      await page.evaluate(() => {
        const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
        return new Promise<void>((r) => raf(() => raf(r)));
      });
    }
    await page.waitForFunction(() => {
      const f = (globalThis as unknown as Globals).__footprint!;
      const d = f.bigPrints().drawn;
      return f.marks().textBars === 0 && d.seqs.length === 3 && !d.outlined;
    }, undefined, { timeout: 10_000 }).catch(async (err: unknown) => {
      throw new Error(`never filled: ${JSON.stringify([await textBars(), await bigPrints(page)])}`, { cause: err });
    });

    // A threshold typed for the code: fewer bubbles and highlighted prints, kept in the prefs.
    await box.fill('6000');
    await box.press('Tab');
    await drawnAll(page, 2);
    b = await bigPrints(page);
    assert.deepEqual([b.min, b.auto], [6_000, false]);
    assert.deepEqual(await bigTapeRows(page, 2), ['20,000', '8,000']);
    assert.equal(await box.evaluate((e) => e.classList.contains('auto')), false);
    assert.deepEqual((await storedPrefs(page)).bigPrints, { [CODE]: 6_000 });

    // Refused values: the box says why and keeps the threshold in effect (and the prefs theirs).
    const hint = page.getByTestId('bigprint-hint');
    assert.equal(await hint.isVisible(), false);
    for (const [typed, why] of [['0', /^1주 이상이어야 합니다\. 이전 기준 6,000을\(를\) 유지합니다\.$/], ['-5', /^1주 이상이어야/], ['--5', /^숫자를 입력하세요\. 이전 기준 6,000/]] as const) {
      await box.fill('');
      await box.pressSequentially(typed);
      assert.equal(await hint.isVisible(), false, 'no hint while typing');
      await box.press('Tab');
      await hint.waitFor({ state: 'visible' });
      assert.match((await hint.textContent()) ?? '', why);
      assert.equal(await box.inputValue(), '6000');
      assert.deepEqual((await storedPrefs(page)).bigPrints, { [CODE]: 6_000 });
    }
    assert.deepEqual([(await bigPrints(page)).min, (await bigPrints(page)).drawn.seqs.length], [6_000, 2]);

    // Cleared: the day's default again, and the hint goes with the next keystroke.
    await box.fill('');
    assert.equal(await hint.isVisible(), false);
    await box.press('Tab');
    await drawnAll(page, 3);
    assert.equal(await box.inputValue(), '200');
    assert.deepEqual(await bigTapeRows(page, 3), ['20,000', '8,000', '5,000']);
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });

  it('the live day: new big prints are added as they trade; sound and notification only when turned on', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.addInitScript(() => {
      // Stand-ins that count what the page asks for (headless Chromium plays and shows nothing).
      const g = globalThis as unknown as Record<string, unknown> & Globals;
      g.__tones = 0;
      g.__notes = [];
      const node = { connect: (n: unknown) => n, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } };
      g.AudioContext = class {
        currentTime = 0;
        destination = {};
        createGain = () => node;
        createOscillator = () => ({ ...node, frequency: { value: 0 }, start: () => (g.__tones = (g.__tones ?? 0) + 1), stop() {} });
      };
      g.Notification = class {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string) {
          g.__notes!.push(title);
        }
      };
    });
    await openWith(page, session.serve.url, { code: CODE, bigPrints: { [CODE]: 1 } });
    const grown = async (more: number): Promise<number> => {
      const start = (await bigPrints(page)).prints;
      await page.waitForFunction((n) => ((globalThis as unknown as Globals).__footprint?.bigPrints().prints ?? 0) >= n, start + more, { timeout: 20_000 });
      return start;
    };
    await page.waitForFunction(() => {
      const b = (globalThis as unknown as Globals).__footprint?.bigPrints();
      return !!b && !b.loading && b.min === 1;
    }, undefined, { timeout: 20_000 });
    // Every live print is a big one at 1 share: they keep coming, in silence.
    await grown(3);
    assert.deepEqual(await page.evaluate(() => [(globalThis as unknown as Globals).__tones, (globalThis as unknown as Globals).__notes!.length]), [0, 0]);

    await page.click('nav.tabs button[data-tab="settings"]');
    await page.getByTestId('bigprint-sound').check();
    await page.getByTestId('bigprint-notify').check();
    await page.click('nav.tabs button[data-tab="chart"]');
    await page.waitForFunction(() => ((globalThis as unknown as Globals).__tones ?? 0) > 0 && ((globalThis as unknown as Globals).__notes ?? []).length > 0, undefined, { timeout: 20_000 });
    const note = await page.evaluate(() => (globalThis as unknown as Globals).__notes![0]!);
    assert.match(note, new RegExp(`^${CODE} 대량 (매수|매도) [\\d,]+주 @ [\\d,]+$`));
    const stored = await storedPrefs(page);
    assert.deepEqual([stored.bigPrintSound, stored.bigPrintNotify], [true, true]);
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
