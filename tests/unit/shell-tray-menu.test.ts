import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trayMenuModel, trayTooltip, type CollectionView, type TrayItem, type TrayState } from '../../electron/shell/tray-menu.ts';

const running: CollectionView = { feed: 'ls', simulated: false, state: 'open', lastError: null, codes: 4, tradesToday: 123456 };

function actions(items: TrayItem[]): string[] {
  return items.flatMap((i) => (i.type === 'action' || i.type === 'checkbox' ? [i.action] : []));
}
function labels(items: TrayItem[]): string[] {
  return items.flatMap((i) => (i.type === 'label' ? [i.label] : []));
}

test('every action is in the menu while collecting', () => {
  const items = trayMenuModel({ collection: running, url: 'http://127.0.0.1:8000', notice: null, openAtLogin: false });
  assert.deepEqual(actions(items), ['open-window', 'open-browser', 'open-data-folder', 'toggle-open-at-login', 'quit']);
  assert.deepEqual(labels(items), ['시세: LS증권 · 연결됨', '종목 4개 · 오늘 체결 123,456건']);
  const login = items.find((i) => i.type === 'checkbox');
  assert.deepEqual(login, { type: 'checkbox', label: '로그인할 때 시작', action: 'toggle-open-at-login', checked: false });
  assert.equal(items.at(-1)?.type === 'action' && items.at(-1)?.type, 'action');
});

test('status shows demo, simulated server, reconnecting and the last error', () => {
  const demo = trayMenuModel({ collection: { ...running, feed: 'demo' }, url: 'u', notice: null, openAtLogin: true });
  assert.equal(labels(demo)[0], '시세: 데모 (가상 시세) · 연결됨');
  const sim = trayMenuModel({
    collection: { ...running, simulated: true, state: 'reconnecting', lastError: 'LS 토큰 발급 거부: 유효하지 않은 AppKey' },
    url: 'u', notice: null, openAtLogin: true,
  });
  assert.deepEqual(labels(sim), ['시세: LS증권 모의투자 · 재연결 중', '종목 4개 · 오늘 체결 123,456건', '오류: LS 토큰 발급 거부: 유효하지 않은 AppKey']);
});

test('before the server listens the window actions are disabled but quit and the notice remain', () => {
  const state: TrayState = { collection: null, url: null, notice: '포트 8000을(를) 다른 프로그램이 사용 중이고 빈 포트를 찾지 못했습니다', openAtLogin: null };
  const items = trayMenuModel(state);
  const open = items.find((i) => i.type === 'action' && i.action === 'open-window');
  assert.equal(open?.type === 'action' && open.enabled, false);
  assert.deepEqual(labels(items), [state.notice]);
  assert.equal(actions(items).includes('toggle-open-at-login'), false, 'no login toggle where the platform has none');
  assert.equal(actions(items).at(-1), 'quit');
  assert.match(trayTooltip(state), /^Footprint\n포트 8000/);
  assert.ok(trayTooltip({ ...state, notice: 'x'.repeat(500) }).length <= 127);
});

test('while starting, the menu says so', () => {
  assert.deepEqual(labels(trayMenuModel({ collection: null, url: null, notice: null, openAtLogin: false })), ['수집기 시작 중…']);
});
