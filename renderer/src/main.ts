// Entry point. Panels of other modules (watchlist editor, settings page) register themselves when
// imported; the glob imports them only if their folders exist, so the chart runs without them.
import { startApp } from './app/app.ts';

// Tabs appear in import order: chart, watchlist, settings.
import.meta.glob('./watchlist/index.ts', { eager: true });
import.meta.glob('./settings/index.ts', { eager: true });

const root = document.getElementById('app');
if (root) void startApp(root);
