/**
 * `npm start` without credentials: Probot's manifest setup on localhost, made from app.yml (the
 * app's name, its events and the least permissions it needs).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/github-app-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('without APP_ID and a key, npm start serves the manifest setup built from app.yml', async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-setup-'));
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', KVETCH_DB: join(dir, 'state.db') }, stdio: 'ignore', detached: true });
  try {
    let page = '';
    for (let i = 0; i < 200 && !page; i++) {
      await sleep(100);
      page = await fetch(`http://127.0.0.1:${port}/probot`).then((r) => (r.ok ? r.text() : ''), () => '');
    }
    const value = /name="manifest" id="manifest" value='([^']*)'/.exec(page)?.[1];
    assert.ok(value, 'the setup page carries the manifest');
    const manifest = JSON.parse(value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as { name: string; default_events: string[]; default_permissions: Record<string, string>; hook_attributes: { url: string } };
    assert.equal(manifest.name, 'kvetch');
    assert.deepEqual([...manifest.default_events].sort(), ['check_run', 'check_suite', 'pull_request']);
    assert.deepEqual(manifest.default_permissions, { checks: 'write', pull_requests: 'write', contents: 'read', metadata: 'read' });
    assert.match(manifest.hook_attributes.url, /^http:\/\/(localhost|127\.0\.0\.1):\d+\/$/);
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
