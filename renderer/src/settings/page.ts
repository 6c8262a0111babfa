// The settings page: LS credentials (never shown back, only "saved"), real or simulated server,
// port, data folder and trade TR. Saving validates every field on the server first, so a form with
// one bad field changes nothing; credential and server changes reconnect the collector at once.
import type { AppContext } from '../app/extension.ts';
import { SettingsError, desktopBridge, loadSettings, saveSettings, testConnection, type PublicSettings, type TradeTr } from './api.ts';
import { el } from '../app/dom.ts';

const MASK = '********';

const TR_LABELS: Record<TradeTr, string> = {
  US3: 'US3 통합 (KRX + NXT)',
  S3_: 'S3_ KRX 코스피만',
  K3_: 'K3_ KRX 코스닥만',
  NS3: 'NS3 NXT만',
};

function field(label: string, control: HTMLElement, name: string, hint?: string): { row: HTMLElement; error: HTMLElement } {
  const row = el('div', 'st-field');
  row.dataset.field = name;
  const l = el('label', 'st-label', label);
  if (control.id) l.htmlFor = control.id;
  const error = el('p', 'st-error');
  row.append(l, control);
  if (hint) row.append(el('p', 'st-hint', hint));
  row.append(error);
  return { row, error };
}

function input(id: string, type: string): HTMLInputElement {
  const i = el('input', 'st-input');
  i.id = id;
  i.type = type;
  i.autocomplete = 'off';
  i.spellcheck = false;
  return i;
}

export function mountSettings(host: HTMLElement, _ctx: AppContext): () => void {
  host.classList.add('st');
  const form = el('form', 'st-form');
  // The server validates every field and answers in Korean beside each one; the browser's own bubbles would block that.
  form.noValidate = true;
  const warning = el('p', 'st-warning');
  const message = el('p', 'st-message');
  message.setAttribute('role', 'status');

  const appKey = input('st-app-key', 'password');
  const appSecret = input('st-app-secret', 'password');
  const real = input('st-real', 'radio');
  const sim = input('st-sim', 'radio');
  for (const r of [real, sim]) {
    r.name = 'server';
    r.className = 'st-radio';
  }
  const server = el('div', 'st-radios');
  const rl = el('label', undefined, ' 실전투자');
  rl.prepend(real);
  const sl = el('label', undefined, ' 모의투자');
  sl.prepend(sim);
  server.append(rl, sl);
  const port = input('st-port', 'number');
  port.min = '1024';
  port.max = '65535';
  const dataDir = input('st-data-dir', 'text');
  dataDir.placeholder = '기본 폴더';
  const dataRow = el('div', 'st-inline');
  dataRow.append(dataDir);
  const bridge = desktopBridge();
  if (bridge) {
    const choose = el('button', 'st-choose', '찾아보기…');
    choose.type = 'button';
    choose.addEventListener('click', () => {
      void bridge.chooseDataFolder().then((chosen) => {
        if (chosen !== null) dataDir.value = chosen;
      });
    });
    const open = el('button', 'st-open', '폴더 열기');
    open.type = 'button';
    open.addEventListener('click', () => void bridge.openDataFolder());
    dataRow.append(choose, open);
  }
  const tr = el('select', 'st-input');
  tr.id = 'st-tr';
  for (const [value, text] of Object.entries(TR_LABELS)) {
    const o = el('option', undefined, text);
    o.value = value;
    tr.append(o);
  }

  const fields = {
    appKey: field('LS App Key', appKey, 'appKey'),
    appSecret: field('LS App Secret', appSecret, 'appSecret', '저장한 키는 화면에 다시 표시하지 않습니다. 데스크톱 앱은 운영체제 키체인으로 암호화해 저장합니다.'),
    simulated: field('서버', server, 'simulated'),
    port: field('포트', port, 'port', '외부 브라우저 주소 http://127.0.0.1:<포트> (변경은 다시 시작하면 적용)'),
    dataDir: field('데이터 폴더', dataRow, 'dataDir', '체결 기록 파일(raw_data_*.txt)을 저장할 폴더 (변경은 다시 시작하면 적용)'),
    tradeTr: field('체결 TR', tr, 'tradeTr'),
  };

  const buttons = el('div', 'st-buttons');
  const save = el('button', 'st-save', '저장');
  save.type = 'submit';
  const test = el('button', 'st-test', '연결 테스트');
  test.type = 'button';
  const clear = el('button', 'st-clear', 'API 키 지우기');
  clear.type = 'button';
  buttons.append(save, test, clear);

  form.append(el('h2', 'st-title', '설정'), warning, ...Object.values(fields).map((f) => f.row), buttons, message);
  host.append(form);

  let current: PublicSettings | null = null;
  let clearKeys = false;

  const say = (text: string, kind: 'ok' | 'error'): void => {
    message.textContent = text;
    message.dataset.kind = kind;
  };
  const clearErrors = (): void => {
    for (const f of Object.values(fields)) f.error.textContent = '';
  };
  const showErrors = (err: unknown): void => {
    if (err instanceof SettingsError && err.fields.length > 0) {
      for (const fe of err.fields) {
        const f = fields[fe.field as keyof typeof fields];
        if (f) f.error.textContent = fe.message;
      }
      say('입력값을 확인하세요. 아무 것도 바뀌지 않았습니다.', 'error');
    } else say(err instanceof Error ? err.message : String(err), 'error');
  };

  function show(s: PublicSettings): void {
    current = s;
    clearKeys = false;
    appKey.value = '';
    appSecret.value = '';
    appKey.placeholder = s.appKey === MASK ? `저장됨${s.appKeyHint ? ` (…${s.appKeyHint})` : ''} — 바꾸려면 새로 입력` : '미설정 (데모 모드로 실행)';
    appSecret.placeholder = s.appSecret === MASK ? '저장됨 — 바꾸려면 새로 입력' : '미설정';
    real.checked = !s.simulated;
    sim.checked = s.simulated;
    port.value = String(s.port);
    dataDir.value = s.dataDir;
    tr.value = s.tradeTr;
    const notes = [s.storage.warning].filter((w): w is string => w !== null);
    warning.textContent = notes.join(' ');
    warning.hidden = notes.length === 0;
  }

  /** The form as the server expects it: untouched secrets are sent as the mask (kept). */
  function formValue(): Record<string, unknown> {
    const secret = (typed: string, stored: string | undefined): string => (clearKeys ? '' : typed.trim() !== '' ? typed.trim() : stored === MASK ? MASK : '');
    return {
      appKey: secret(appKey.value, current?.appKey),
      appSecret: secret(appSecret.value, current?.appSecret),
      simulated: sim.checked,
      port: port.value.trim(),
      dataDir: dataDir.value.trim(),
      tradeTr: tr.value,
    };
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    save.disabled = true;
    void saveSettings(formValue())
      .then((r) => {
        show(r.settings);
        say(r.message, 'ok');
      })
      .catch(showErrors)
      .finally(() => (save.disabled = false));
  });
  test.addEventListener('click', () => {
    clearErrors();
    test.disabled = true;
    say('LS에 토큰을 요청하는 중…', 'ok');
    void testConnection(formValue())
      .then((r) => say(r.message, r.ok ? 'ok' : 'error'))
      .catch(showErrors)
      .finally(() => (test.disabled = false));
  });
  clear.addEventListener('click', () => {
    clearKeys = true;
    appKey.value = '';
    appSecret.value = '';
    appKey.placeholder = '지움 — 저장하면 데모 모드로 바뀝니다';
    appSecret.placeholder = '지움';
    say('저장을 누르면 API 키가 지워집니다.', 'ok');
  });

  void loadSettings()
    .then(show)
    .catch((err: unknown) => {
      say(err instanceof SettingsError && err.status === 404 ? '이 서버는 설정 화면을 지원하지 않습니다.' : `설정을 불러오지 못했습니다: ${err instanceof Error ? err.message : String(err)}`, 'error');
    });
  return () => undefined;
}
