import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { HttpError } from '../../../../src/ingest/http/client.js';
import { fetchMailmanMonth, mailmanMonthUrl } from '../../../../src/ingest/mailman/fetch.js';
import { readBytes } from '../../../../src/ingest/mbox/read-stream.js';
import { readPaths as readInputs } from '../../../support/check.js';
import type { IngestItem } from '../../../../src/model/raw-message.js';
import { serve } from '../../../support/http-server.js';

const ARCHIVES = ['examples/pipermail/kvm-devel/2023-March.txt.gz', 'examples/pipermail/linux-modules/2019-August.txt.gz'];
const fast = { http: { retries: 1, backoffMs: 5, timeoutMs: 2000 } };

async function messages(items: AsyncIterable<IngestItem>): Promise<{ bytes: string[]; problems: string[] }> {
  const bytes: string[] = [];
  const problems: string[] = [];
  for await (const it of items) {
    if (it.type === 'message') bytes.push(it.message.bytes.toString('latin1'));
    if (it.type === 'problem') problems.push(it.problem.kind);
  }
  return { bytes, problems };
}

/** Serves the example archives under /pipermail/<list>/, optionally cut or decoded. */
async function pipermail(mode: 'plain' | 'truncate-once' | 'content-encoding' = 'plain') {
  let cut = mode === 'truncate-once';
  return serve(async (req, res) => {
    const path = (req.url ?? '').replace(/^\/pipermail\//, 'examples/pipermail/');
    if (!ARCHIVES.includes(path)) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<html>Not Found</html>');
    }
    let body = await readFile(path);
    const headers: Record<string, string> = { 'content-type': 'application/x-gzip' };
    if (mode === 'content-encoding') headers['content-encoding'] = 'gzip';
    if (cut) {
      cut = false;
      body = body.subarray(0, body.length - 100);
    }
    res.writeHead(200, headers);
    res.end(body);
  });
}

test('a downloaded month is the archive file byte for byte, and readBytes reads it like the file', async () => {
  const s = await pipermail();
  try {
    for (const file of ARCHIVES) {
      const url = `${s.base}/${file.replace('examples/', '')}`;
      const got = await fetchMailmanMonth(url, fast);
      assert.deepEqual(got, await readFile(file));
      const fromDownload = await messages(readBytes(got, url));
      const fromFile = await messages(readInputs([file]));
      assert.ok(fromDownload.bytes.length > 0);
      assert.deepEqual(fromDownload, fromFile);
    }
  } finally {
    await s.close();
  }
});

test('a month cut short is retried and arrives whole', async () => {
  const s = await pipermail('truncate-once');
  try {
    const retries: string[] = [];
    const got = await fetchMailmanMonth(`${s.base}/pipermail/kvm-devel/2023-March.txt.gz`, { http: { ...fast.http, onRetry: (i) => retries.push(i.error) } });
    assert.deepEqual(got, await readFile(ARCHIVES[0] as string));
    assert.equal(retries.length, 1);
  } finally {
    await s.close();
  }
});

test('a server that decodes the gzip (Content-Encoding) still gives readable mail', async () => {
  const s = await pipermail('content-encoding');
  try {
    const got = await fetchMailmanMonth(`${s.base}/pipermail/kvm-devel/2023-March.txt.gz`, fast);
    assert.deepEqual(got, gunzipSync(await readFile(ARCHIVES[0] as string)));
    assert.deepEqual(await messages(readBytes(got, 'x')), await messages(readInputs([ARCHIVES[0] as string])));
  } finally {
    await s.close();
  }
});

test('a missing month is a 404 HttpError naming the URL', async () => {
  const s = await pipermail();
  try {
    const url = `${s.base}/pipermail/kvm-devel/1999-March.txt.gz`;
    await assert.rejects(fetchMailmanMonth(url, fast), (e: unknown) => e instanceof HttpError && e.status === 404 && e.message.startsWith(url));
  } finally {
    await s.close();
  }
});

test('an HTML page served with 200 is not taken for an archive', async () => {
  const s = await serve((_req, res) => res.end('<!DOCTYPE html><html>login</html>'));
  try {
    await assert.rejects(fetchMailmanMonth(`${s.base}/x.txt.gz`, fast), /not a pipermail archive/);
  } finally {
    await s.close();
  }
});

test('mailmanMonthUrl', () => {
  assert.equal(mailmanMonthUrl('https://lists.example.org/pipermail/kvm-devel/', 2023, 3), 'https://lists.example.org/pipermail/kvm-devel/2023-March.txt.gz');
  assert.throws(() => mailmanMonthUrl('x', 2023, 13), RangeError);
});
