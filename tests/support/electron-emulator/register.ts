// `node --import <this file> dist/electron/shell/main.js` runs the desktop shell on the Electron emulator.
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
