// Registers the settings page as a tab beside the chart.
import { registerPanel } from '../app/extension.ts';
import { mountSettings } from './page.ts';
import './settings.css';

registerPanel({ id: 'settings', title: { ko: '설정', en: 'Settings' }, mount: mountSettings });
