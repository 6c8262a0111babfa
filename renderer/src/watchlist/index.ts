// Registers the watchlist editor as a tab beside the chart.
import { registerPanel } from '../app/extension.ts';
import { mountWatchlistEditor } from './editor.ts';
import { WL } from './text.ts';
import './watchlist.css';

registerPanel({ id: 'watchlist', title: { ko: WL.text('ko', 'title'), en: WL.text('en', 'title') }, mount: mountWatchlistEditor });
