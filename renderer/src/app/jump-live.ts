// The jump-to-live button: shown only while the view has left the live edge (a pan or zoom into
// history), it brings the newest bar back, clear of the profile (as the End key does).
import type { ChartNavigation } from '../chart/navigation.ts';
import { el } from '../ui/dom.ts';
import { text, type Lang } from '../ui/i18n.ts';

export interface JumpLive {
  setLang(lang: Lang): void;
}

export function createJumpLive(host: HTMLElement, nav: ChartNavigation, initialLang: Lang): JumpLive {
  const btn = host.appendChild(el('button', 'jump-live'));
  btn.type = 'button';
  btn.dataset.testid = 'jump-live';
  btn.hidden = nav.atLiveEdge();
  btn.addEventListener('click', () => nav.toLive());
  nav.onEdge((live) => (btn.hidden = live));
  const setLang = (lang: Lang): void => {
    btn.textContent = text(lang, 'jumpLive');
    btn.title = text(lang, 'jumpLiveHint');
  };
  setLang(initialLang);
  return { setLang };
}
