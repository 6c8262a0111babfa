// Missed-trade marks of the shown code and day: the recorded ones (/api/gaps), plus those announced
// on the live connection while they load.
import { toGap, type Gap } from '../../../electron/shared/gap.ts';
import { fetchGaps } from '../data/api.ts';

export interface DayGaps {
  /** Shows the marks of `code` on `date` (an empty code shows none). */
  show(code: string, date: string): Promise<void>;
  /** A `type: 'gap'` frame from the live connection. */
  announce(frame: Record<string, unknown>): void;
}

export function createDayGaps(draw: (gaps: readonly Gap[]) => void): DayGaps {
  let shownKey = '';
  let gaps: Gap[] = [];
  return {
    async show(code, date) {
      if (code === '') return draw([]);
      const key = `${code}/${date}`;
      if (key !== shownKey) gaps = [];
      shownKey = key;
      try {
        const list = await fetchGaps(code, date);
        if (shownKey !== key) return;
        const listed = new Set(list.map((g) => g.at + g.before));
        gaps = [...list, ...gaps.filter((g) => !listed.has(g.at + g.before))];
        draw(gaps);
      } catch {
        // The marks wait for the next load.
      }
    },
    announce(frame) {
      const g = toGap(frame);
      if (g === null || `${String(frame.code)}/${String(frame.date)}` !== shownKey) return;
      gaps = [...gaps, g];
      draw(gaps);
    },
  };
}
