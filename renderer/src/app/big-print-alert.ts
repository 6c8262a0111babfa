// Announcing a big print as it trades: a short tone and/or a desktop notification, each off until
// the trader turns it on in Settings. A burst of big prints makes one sound and one notification,
// not one per print.
import { groupThousands } from '../../../electron/shared/numbers.ts';
import type { PlacedPrint } from '../data/big-prints.ts';
import { textWith, type Lang } from '../ui/i18n.ts';

export interface AlertChoice {
  sound: boolean;
  notify: boolean;
  lang: Lang;
}

const SOUND_GAP_MS = 300;
const NOTIFY_GAP_MS = 2_000;

export type Announce = (p: PlacedPrint, code: string) => void;

export function createBigPrintAlert(choice: () => AlertChoice): Announce {
  let audio: AudioContext | null = null;
  let soundAt = -Infinity;
  let notifyAt = -Infinity;

  const tone = (buy: boolean): void => {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    // Buy a higher tone than sell, so the side is heard without looking.
    osc.frequency.value = buy ? 880 : 587;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.15);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.16);
  };

  return (p, code) => {
    const c = choice();
    const now = performance.now();
    if (c.sound && now - soundAt >= SOUND_GAP_MS) {
      soundAt = now;
      tone(p.side > 0);
    }
    if (c.notify && now - notifyAt >= NOTIFY_GAP_MS && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      notifyAt = now;
      const vars = { code, qty: groupThousands(p.qty), price: groupThousands(p.price) };
      new Notification(textWith(c.lang, p.side > 0 ? 'bigPrintBuy' : 'bigPrintSell', vars), { tag: `bigprint-${code}` });
    }
  };
}
