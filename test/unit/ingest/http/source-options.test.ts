import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { runGit, GitError } from '../../../../src/ingest/lore/git-run.js';
import { httpWithLog, type SourceOptions } from '../../../../src/ingest/http/source-options.js';

test('a pino logger is a Log', () => {
  const opts: SourceOptions = { log: pino({ level: 'silent' }) };
  assert.ok(opts.log);
});

test('retries are logged as warnings and still reach the caller\'s onRetry', () => {
  const warned: string[] = [];
  const seen: number[] = [];
  const http = httpWithLog({
    log: { debug: () => undefined, info: () => undefined, warn: (_o, msg) => warned.push(msg ?? ''), error: () => undefined, child() { return this; } },
    http: { retries: 3, onRetry: (i) => seen.push(i.attempt) },
  });
  assert.equal(http.retries, 3);
  http.onRetry?.({ url: 'http://x/y', attempt: 1, error: 'HTTP 502', delayMs: 500 });
  assert.deepEqual(warned, ['retrying http://x/y in 500 ms: HTTP 502']);
  assert.deepEqual(seen, [1]);
  assert.equal(httpWithLog({ http: { retries: 1 } }).onRetry, undefined);
});

test('git missing from PATH is a GitError naming the Debian package', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent-kvetch-test-dir';
  try {
    await assert.rejects(runGit(['--version']), (e: unknown) => e instanceof GitError && /git not found.*Debian package git/.test(e.message));
  } finally {
    process.env.PATH = path;
  }
});
