import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { httpGet, httpRequest } from '../../../../src/ingest/http/client.js';
import { PROJECT_URL, userAgent } from '../../../../src/ingest/http/user-agent.js';
import { remoteHead } from '../../../../src/ingest/lore/epoch-repo.js';
import { serve } from '../../../support/http-server.js';

// This file runs in a process of its own: the contact is set before anything asks for the agent.
const CONTACT = 'triage-bot@example.org';
process.env.KVETCH_CONTACT = CONTACT;

/** The version in package.json at the repository root (dist/test/unit/ingest/http → five levels up). */
const VERSION = (JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const fast = { retries: 2, backoffMs: 1, timeoutMs: 5000, sleep: async () => {} };

test('userAgent: kvetch/<version from package.json> (+<project URL>) when no contact is set', () => {
  assert.match(VERSION, /^\d+\.\d+\.\d+/);
  assert.equal(userAgent({}), `kvetch/${VERSION} (+${PROJECT_URL})`);
  assert.equal(userAgent({ KVETCH_CONTACT: '' }), `kvetch/${VERSION} (+${PROJECT_URL})`);
  assert.equal(userAgent({ KVETCH_CONTACT: '   ' }), `kvetch/${VERSION} (+${PROJECT_URL})`, 'blank is unset');
});

test('userAgent: KVETCH_CONTACT names the operator (trimmed)', () => {
  assert.equal(userAgent({ KVETCH_CONTACT: 'ops@example.net' }), `kvetch/${VERSION} (+ops@example.net)`);
  assert.equal(userAgent({ KVETCH_CONTACT: '  https://example.net/bot  ' }), `kvetch/${VERSION} (+https://example.net/bot)`);
});

test('userAgent: a contact cannot break the header or its parentheses', () => {
  const ua = userAgent({ KVETCH_CONTACT: 'me@example.net\r\nX-Evil: 1 (boss)' });
  assert.ok(!/[\r\n]/.test(ua), 'no line breaks: no header injection');
  assert.equal(ua.indexOf('('), ua.lastIndexOf('('), 'one opening parenthesis');
  assert.equal(ua.indexOf(')'), ua.length - 1, 'the only closing parenthesis ends the agent');
  assert.match(ua, /^kvetch\/\S+ \(\+me@example\.net {2}X-Evil: 1 {2}boss \)$/);
  // Whatever the contact, the agent is a valid header value.
  assert.doesNotThrow(() => new Headers({ 'user-agent': ua }));
});

test('userAgent(): the process environment, the same string every time', () => {
  assert.equal(userAgent(), `kvetch/${VERSION} (+${CONTACT})`);
  assert.equal(userAgent(), userAgent());
});

test('every request carries the User-Agent: GET, POST, HEAD, and each retry', async () => {
  let n = 0;
  const agents: (string | undefined)[] = [];
  const s = await serve((req, res) => {
    agents.push(req.headers['user-agent']);
    if (req.url === '/flaky' && n++ < 2) {
      res.writeHead(503);
      res.end();
      return;
    }
    res.end('ok');
  });
  try {
    await httpGet(`${s.base}/get`, fast);
    await httpRequest(`${s.base}/post`, { ...fast, method: 'POST', body: 'x=1' });
    await httpRequest(`${s.base}/head`, { ...fast, method: 'HEAD' });
    await httpGet(`${s.base}/flaky`, fast);
    assert.deepEqual(s.requests.map((r) => `${r.method} ${r.path}`), ['GET /get', 'POST /post', 'HEAD /head', 'GET /flaky', 'GET /flaky', 'GET /flaky']);
    assert.deepEqual(agents, Array(6).fill(`kvetch/${VERSION} (+${CONTACT})`));
  } finally {
    await s.close();
  }
});

test('other headers are sent beside the User-Agent', async () => {
  const seen: { ua?: string | undefined; auth?: string | undefined }[] = [];
  const s = await serve((req, res) => {
    seen.push({ ua: req.headers['user-agent'], auth: req.headers.authorization });
    res.end('ok');
  });
  try {
    await httpGet(`${s.base}/x`, { ...fast, headers: { Authorization: 'Token abc' } });
    assert.deepEqual(seen, [{ ua: `kvetch/${VERSION} (+${CONTACT})`, auth: 'Token abc' }]);
  } finally {
    await s.close();
  }
});

test("git's requests (following lore's epochs) carry the same User-Agent", async () => {
  // user-agent.ts: "git (following lore's epochs) sends the same string".
  const agents: (string | undefined)[] = [];
  const s = await serve((req, res) => {
    agents.push(req.headers['user-agent']);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  try {
    const head = await remoteHead(`${s.base}/lkml/0`, { retries: 0, backoffMs: 1 }, 20_000, 10);
    assert.equal(head, 'missing');
    assert.ok(agents.length >= 1, 'git asked the server');
    assert.deepEqual([...new Set(agents)], [`kvetch/${VERSION} (+${CONTACT})`]);
  } finally {
    await s.close();
  }
});
