import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDecision, externalUrl, isAppUrl, navigationDecision, secureWebPreferences } from '../../electron/shell/policy.ts';
import { IPC_CHANNELS } from '../../electron/shared/wire.ts';
import { ipcProblem, isIpcChannel } from '../../electron/shell/ipc.ts';

const APP = 'http://127.0.0.1:8000';

test('only the local server origin is an app URL', () => {
  assert.equal(isAppUrl('http://127.0.0.1:8000/', APP), true);
  assert.equal(isAppUrl('http://127.0.0.1:8000/settings?x=1#y', APP), true);
  assert.equal(isAppUrl('http://127.0.0.1:8001/', APP), false, 'another port is another origin');
  assert.equal(isAppUrl('http://localhost:8000/', APP), false, 'another host name is another origin');
  assert.equal(isAppUrl('https://127.0.0.1:8000/', APP), false);
  assert.equal(isAppUrl('http://user:pw@127.0.0.1:8000/', APP), false, 'embedded credentials are refused');
  assert.equal(isAppUrl('file:///etc/passwd', APP), false);
  assert.equal(isAppUrl('not a url', APP), false);
  assert.equal(isAppUrl('http://127.0.0.1:8000.evil.example/', APP), false);
});

test('navigation stays in the app; web links go to the system browser; other schemes are dropped', () => {
  assert.deepEqual(navigationDecision('http://127.0.0.1:8000/#chart', APP), { action: 'allow' });
  assert.deepEqual(navigationDecision('https://openapi.ls-sec.co.kr/', APP), { action: 'deny', openExternal: 'https://openapi.ls-sec.co.kr/' });
  assert.deepEqual(navigationDecision('javascript:alert(1)', APP), { action: 'deny', openExternal: null });
  assert.deepEqual(navigationDecision('file:///C:/Windows/system32/calc.exe', APP), { action: 'deny', openExternal: null });
  assert.deepEqual(navigationDecision('smb://host/share', APP), { action: 'deny', openExternal: null });
  assert.equal(externalUrl('https://a:b@example.com/'), null);
});

test('web preferences are the hardened set', () => {
  const p = secureWebPreferences('/app/dist/electron/shell/preload.cjs');
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.allowRunningInsecureContent, false);
  assert.equal(p.preload, '/app/dist/electron/shell/preload.cjs');
});

test('closing the window hides it unless the app is quitting', () => {
  assert.equal(closeDecision({ quitting: false }), 'hide');
  assert.equal(closeDecision({ quitting: true }), 'close');
});

test('IPC requests are accepted only from the app page, top frame, without arguments', () => {
  assert.equal(isIpcChannel(IPC_CHANNELS.openDataFolder), true);
  assert.equal(isIpcChannel('footprint:run-shell'), false);
  assert.equal(ipcProblem('http://127.0.0.1:8000/', true, [], APP), null);
  assert.match(ipcProblem(null, true, [], APP) ?? '', /not the app page/);
  assert.match(ipcProblem('https://evil.example/', true, [], APP) ?? '', /not the app page/);
  assert.match(ipcProblem('http://127.0.0.1:8000/', false, [], APP) ?? '', /sub-frame/);
  assert.match(ipcProblem('http://127.0.0.1:8000/', true, ['/etc'], APP) ?? '', /arguments/);
});
