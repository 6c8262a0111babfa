import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedHosts, isAllowedHost, isLoopbackOrigin, originProblem } from '../../electron/server/guards.ts';

test('Host allow-list: loopback names with the exact port only', () => {
  const hosts = allowedHosts('127.0.0.1', 8123);
  for (const ok of ['127.0.0.1:8123', 'localhost:8123', 'LOCALHOST:8123', '[::1]:8123']) assert.ok(isAllowedHost(ok, hosts), ok);
  for (const bad of ['127.0.0.1:8124', 'localhost', 'evil.example:8123', 'evil.example', '127.0.0.1.evil.example:8123', '', undefined]) {
    assert.equal(isAllowedHost(bad, hosts), false, String(bad));
  }
});

test('Host allow-list includes a non-loopback bind address but never a wildcard', () => {
  assert.ok(isAllowedHost('192.168.0.5:9000', allowedHosts('192.168.0.5', 9000)));
  assert.equal(isAllowedHost('0.0.0.0:9000', allowedHosts('0.0.0.0', 9000)), false);
  assert.ok(isAllowedHost('[::1]:9000', allowedHosts('::1', 9000)));
  assert.ok(isAllowedHost('localhost', allowedHosts('127.0.0.1', 80)));
});

test('loopback origins on any port are local; everything else is not', () => {
  for (const ok of ['http://localhost:5173', 'http://127.0.0.1:8000', 'http://[::1]:3000', 'https://localhost', 'http://127.0.0.1']) {
    assert.ok(isLoopbackOrigin(ok), ok);
  }
  for (const bad of ['null', 'http://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io:8000', 'file://', 'chrome-extension://abc', 'ws://localhost:1', 'http://localhost:5173/path', '']) {
    assert.equal(isLoopbackOrigin(bad), false, bad);
  }
});

test('originProblem refuses foreign origins and cross-site fetches, allows local and absent origins', () => {
  assert.equal(originProblem(undefined, undefined), null);
  assert.equal(originProblem('http://localhost:5173', 'same-site'), null);
  assert.match(originProblem('http://evil.example', undefined) ?? '', /origin not allowed/);
  assert.match(originProblem(undefined, 'cross-site') ?? '', /cross-site/);
  assert.match(originProblem('null', undefined) ?? '', /origin not allowed/);
  // A page on another loopback port is `cross-site` to the browser, and still ours.
  assert.equal(originProblem('http://127.0.0.1:5173', 'cross-site'), null);
  assert.match(originProblem('http://evil.example', 'cross-site') ?? '', /origin not allowed/);
});
