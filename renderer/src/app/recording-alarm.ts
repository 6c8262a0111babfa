// The not-recording alarm: watched codes the LS feed is not recording (a refused or unconfirmed
// subscription, or every code while disconnected), named in a banner of its own beside the store's.
// A code is listed only once it has stayed unrecorded for a moment, so the subscriptions of a start
// or a reconnect, confirmed within a second or two, do not flash the banner.
import { text, textWith, type Lang } from '../ui/i18n.ts';

/** How long a code must stay unrecorded before the banner names it (ms). */
const GRACE_MS = 3_000;
/** Codes named in full; the rest are counted. */
const NAMED = 12;

export interface RecordingAlarm {
  /** `codes`: the status's `not_recording`; `connected`: the feed's connection is open. */
  update(codes: readonly string[], connected: boolean, lang: Lang): void;
}

export function createRecordingAlarm(banner: HTMLElement): RecordingAlarm {
  banner.hidden = true;
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'not-recording';
  let shown: { codes: readonly string[]; connected: boolean; lang: Lang } = { codes: [], connected: true, lang: 'ko' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = false;

  const render = (): void => {
    const { codes, connected, lang } = shown;
    banner.hidden = !due || codes.length === 0;
    if (banner.hidden) return;
    const named = codes.slice(0, NAMED).join(', ');
    const list = codes.length > NAMED ? `${named} ${textWith(lang, 'notRecordingMore', { n: codes.length - NAMED })}` : named;
    banner.textContent = textWith(lang, connected ? 'notRecordingRefused' : 'notRecordingDisconnected', { n: codes.length, codes: list });
    banner.title = text(lang, 'notRecordingHint');
  };

  return {
    update(codes, connected, lang) {
      const wasEmpty = shown.codes.length === 0;
      shown = { codes, connected, lang };
      if (codes.length === 0) {
        clearTimeout(timer);
        due = false;
      } else if (wasEmpty) {
        clearTimeout(timer);
        timer = setTimeout(() => {
          due = true;
          render();
        }, GRACE_MS);
      }
      render();
    },
  };
}
