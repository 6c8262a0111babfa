// Undo of a removal: after a code is removed, a 되돌리기 / Undo button beside the message line puts it
// back (at its old place) for a few seconds. A newer removal replaces the offer.
import type { WordedElements } from '../ui/worded.ts';
import type { WatchlistTextKey } from './text.ts';

/** How long the undo stays offered (ms). */
const UNDO_MS = 10_000;

export interface UndoOffer {
  element: HTMLButtonElement;
  /** Offers `undo` until it is clicked, replaced or expires. */
  offer(undo: () => void): void;
}

export function createUndoOffer(worded: WordedElements<WatchlistTextKey>): UndoOffer {
  const button = worded.el('button', 'wl-undo', 'undo');
  button.type = 'button';
  button.dataset.testid = 'wl-undo';
  button.hidden = true;
  let pending: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const withdraw = (): void => {
    clearTimeout(timer);
    pending = null;
    button.hidden = true;
  };
  button.addEventListener('click', () => {
    const run = pending;
    withdraw();
    run?.();
  });
  return {
    element: button,
    offer(undo) {
      withdraw();
      pending = undo;
      button.hidden = false;
      timer = setTimeout(withdraw, UNDO_MS);
    },
  };
}
