// The settings form's elements: one labelled row per field (with the server's message for it beneath),
// the folder buttons of the desktop app, and the save / test / clear buttons. Behaviour is page.ts's.
import type { DesktopBridge, TradeTr } from '../../../electron/shared/wire.ts';
import type { SettingsTextKey } from './text.ts';
import { el } from '../ui/dom.ts';
import type { WordedElements } from '../ui/worded.ts';

const TR_LABELS: Record<TradeTr, SettingsTextKey> = { US3: 'trUS3', S3_: 'trS3_', K3_: 'trK3_', NS3: 'trNS3' };

export interface FieldRow {
  row: HTMLElement;
  /** The server's message for the field, shown as it came. */
  error: HTMLElement;
}

export type FieldName = 'appKey' | 'appSecret' | 'simulated' | 'port' | 'dataDir' | 'tradeTr';

export interface SettingsForm {
  form: HTMLFormElement;
  warning: HTMLElement;
  appKey: HTMLInputElement;
  appSecret: HTMLInputElement;
  real: HTMLInputElement;
  sim: HTMLInputElement;
  port: HTMLInputElement;
  dataDir: HTMLInputElement;
  tr: HTMLSelectElement;
  fields: Record<FieldName, FieldRow>;
  save: HTMLButtonElement;
  test: HTMLButtonElement;
  clear: HTMLButtonElement;
}

/** A labelled control. */
function field(worded: WordedElements<SettingsTextKey>, labelKey: SettingsTextKey, control: HTMLElement, name: string, hintKey?: SettingsTextKey): FieldRow {
  const row = el('div', 'st-field');
  row.dataset.field = name;
  const l = worded.el('label', 'st-label', labelKey);
  if (control.id) l.htmlFor = control.id;
  const error = el('p', 'st-error');
  row.append(l, control);
  if (hintKey) row.append(worded.el('p', 'st-hint', hintKey));
  row.append(error);
  return { row, error };
}

function input(id: string, type: string): HTMLInputElement {
  const i = el('input', 'st-input panel-input');
  i.id = id;
  i.type = type;
  i.autocomplete = 'off';
  i.spellcheck = false;
  return i;
}

function button(worded: WordedElements<SettingsTextKey>, cls: string, key: SettingsTextKey, type: 'button' | 'submit'): HTMLButtonElement {
  const b = worded.el('button', cls, key);
  b.type = type;
  return b;
}

/** Real or simulated server, as two radios. */
function serverChoice(worded: WordedElements<SettingsTextKey>): { server: HTMLElement; real: HTMLInputElement; sim: HTMLInputElement } {
  const real = input('st-real', 'radio');
  const sim = input('st-sim', 'radio');
  for (const r of [real, sim]) {
    r.name = 'server';
    r.className = 'st-radio';
  }
  const server = el('div', 'st-radios');
  const rl = el('label');
  rl.append(real, ' ', worded.el('span', undefined, 'real'));
  const sl = el('label');
  sl.append(sim, ' ', worded.el('span', undefined, 'simulated'));
  server.append(rl, sl);
  return { server, real, sim };
}

/** The data folder's input, with browse and open buttons in the desktop app. */
function dataFolder(worded: WordedElements<SettingsTextKey>, bridge: DesktopBridge | undefined): { dataRow: HTMLElement; dataDir: HTMLInputElement } {
  const dataDir = input('st-data-dir', 'text');
  const dataRow = el('div', 'st-inline');
  dataRow.append(dataDir);
  if (bridge) {
    const choose = button(worded, 'st-choose', 'browse', 'button');
    choose.addEventListener('click', () => {
      void bridge.chooseDataFolder().then((chosen) => {
        if (chosen !== null) dataDir.value = chosen;
      });
    });
    const open = button(worded, 'st-open', 'openFolder', 'button');
    open.addEventListener('click', () => void bridge.openDataFolder());
    dataRow.append(choose, open);
  }
  return { dataRow, dataDir };
}

/** The whole form, its message line last. */
export function buildSettingsForm(worded: WordedElements<SettingsTextKey>, bridge: DesktopBridge | undefined, message: HTMLElement): SettingsForm {
  const form = el('form', 'st-form');
  // The server validates every field and answers in Korean beside each one; the browser's own bubbles would block that.
  form.noValidate = true;
  const warning = el('p', 'st-warning');
  const appKey = input('st-app-key', 'password');
  const appSecret = input('st-app-secret', 'password');
  const { server, real, sim } = serverChoice(worded);
  const port = input('st-port', 'number');
  port.min = '1024';
  port.max = '65535';
  const { dataRow, dataDir } = dataFolder(worded, bridge);
  const tr = el('select', 'st-input panel-input');
  tr.id = 'st-tr';
  for (const [value, key] of Object.entries(TR_LABELS)) {
    const o = worded.el('option', undefined, key);
    o.value = value;
    tr.append(o);
  }
  const fields: Record<FieldName, FieldRow> = {
    appKey: field(worded, 'appKey', appKey, 'appKey'),
    appSecret: field(worded, 'appSecret', appSecret, 'appSecret', 'appSecretHint'),
    simulated: field(worded, 'server', server, 'simulated'),
    port: field(worded, 'port', port, 'port', 'portHint'),
    dataDir: field(worded, 'dataDir', dataRow, 'dataDir', 'dataDirHint'),
    tradeTr: field(worded, 'tradeTr', tr, 'tradeTr'),
  };
  const buttons = el('div', 'st-buttons');
  const save = button(worded, 'st-save', 'save', 'submit');
  const test = button(worded, 'st-test', 'test', 'button');
  const clear = button(worded, 'st-clear', 'clear', 'button');
  buttons.append(save, test, clear);
  form.append(worded.el('h2', 'st-title', 'title'), warning, ...Object.values(fields).map((f) => f.row), buttons, message);
  return { form, warning, appKey, appSecret, real, sim, port, dataDir, tr, fields, save, test, clear };
}
