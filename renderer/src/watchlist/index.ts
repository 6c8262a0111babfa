// Registers the watchlist editor as a tab beside the chart.
import { registerPanel } from '../app/extension.ts';
import { mountWatchlistEditor } from './editor.ts';
import './watchlist.css';

registerPanel({ id: 'watchlist', title: { ko: '관심종목', en: 'Watchlist' }, mount: mountWatchlistEditor });
