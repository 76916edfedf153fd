import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJsonReport, type JsonReportV1 } from '../../../src/report/format/json.js';
import { formatJson, jsonChunks, JsonReportStream } from '../../../src/report/format/json-stream.js';
import type { RunResult, Series } from '../../../src/model/series.js';
import type { Finding } from '../../../src/model/finding.js';
import { COMPLETE_KEY, META, sampleResult } from './sample-result.js';

function parse(text: string): JsonReportV1 {
  return JSON.parse(text) as JsonReportV1;
}

test('json: round-trips, schemaVersion 3, tool meta', () => {
  const text = formatJson(sampleResult(), META);
  const doc = parse(text);
  assert.equal(doc.schemaVersion, 3);
  assert.deepEqual(doc.tool, { name: 'kvetch', version: '0.1.0' });
  assert.deepEqual(doc, buildJsonReport(sampleResult(), META));
  assert.equal(doc.series.length, 2);
  assert.equal(doc.findings.length, 5);
  assert.deepEqual(doc.stats.sources, ['archive.mbox', 'lore-export.mbox']);
});

test('json: 2-space indent and trailing newline', () => {
  const text = formatJson(sampleResult(), META);
  assert.ok(text.endsWith('}\n'));
  assert.ok(!text.endsWith('\n\n'));
  assert.ok(text.startsWith('{\n  "schemaVersion": 3,\n  "tool": {\n    "name": "kvetch"'));
});

test('json: patch files are path strings, details in fileChanges', () => {
  const doc = parse(formatJson(sampleResult(), META));
  const s = doc.series.find((x) => x.key === COMPLETE_KEY);
  assert.ok(s);
  const p2 = s.patches.find((p) => p.index === 2);
  assert.ok(p2);
  assert.deepEqual(p2.files, ['include/linux/foo.h', 'drivers/net/foo_new.c']);
  for (const patch of doc.series.flatMap((x) => x.patches)) {
    for (const f of patch.files) assert.equal(typeof f, 'string');
  }
  assert.deepEqual(p2.fileChanges[1], {
    path: 'drivers/net/foo_new.c',
    oldPath: 'drivers/net/foo.c',
    status: 'renamed',
    additions: 2,
    deletions: 2,
    binary: false,
  });
  assert.equal('oldPath' in (p2.fileChanges[0] ?? {}), false);
  assert.equal(p2.replies, 2);
});

test('json: series fields and key order', () => {
  const doc = parse(formatJson(sampleResult(), META));
  assert.deepEqual(Object.keys(doc), ['schemaVersion', 'tool', 'stats', 'series', 'findings']);
  const [complete, partial] = doc.series;
  assert.ok(complete && partial);
  assert.deepEqual(Object.keys(complete), [
    'key', 'revision', 'versionInferred', 'subject', 'author', 'sender', 'date', 'total',
    'complete', 'rfc', 'newest', 'supersededBy', 'cover', 'patches', 'missing', 'replies', 'resend', 'prerequisitePatchIds',
  ]);
  assert.deepEqual(Object.keys(complete.patches[0] ?? {}), [
    'index', 'messageId', 'subject', 'author', 'sender', 'date', 'files', 'fileChanges', 'replies', 'trailers', 'collected',
  ]);
  assert.deepEqual(complete.cover, { messageId: '<cover@example.org>', subject: 'net: fix foo' });
  assert.equal(partial.cover, null);
  assert.equal(partial.date, null);
  assert.deepEqual(partial.missing, [{ from: 8, to: 8 }]);
  assert.equal(partial.rfc, true);
  assert.equal(partial.versionInferred, true);
  assert.equal(complete.replies.length, 3);
  assert.deepEqual(Object.keys(complete.replies[0] ?? {}), ['messageId', 'parent', 'subject', 'author']);
});

test('json: trailers, collected trailers, footers and the review summary (schema 3 fields)', () => {
  const result = sampleResult();
  const s = result.series[0];
  const p = s?.patches[0];
  assert.ok(s && p);
  p.trailers = [{ key: 'Signed-off-by', value: 'A <a@example.org>', person: { name: 'A', address: 'a@example.org' } }, { key: 'Fixes', value: '0123456789ab ("x")' }];
  p.collected = [
    { key: 'Acked-by', value: 'B <b@example.org>', person: { name: 'B', address: 'b@example.org' }, messageId: '<r@x>', from: 'c@example.org', status: 'reported', reason: 'names b', viaCover: true },
    { key: 'Reviewed-by', value: 'D <d@example.org>', person: { name: 'D', address: 'd@example.org' }, messageId: '<r2@x>', from: 'd@example.org', status: 'carried', given: 1 },
  ];
  s.resend = true;
  s.changeId = '20240304-frob-1a2b3c4d5e6f';
  s.baseCommit = 'abc123';
  s.prerequisitePatchIds = ['p1'];
  s.review = { reviewed: 1, total: 2, by: ['D <d@example.org>'], reported: 1, ignored: 2 };
  const doc = JSON.parse(formatJson(result, META)) as { series: Record<string, unknown>[] };
  const js = doc.series[0] as { patches: { trailers: unknown[]; collected: Record<string, unknown>[] }[] } & Record<string, unknown>;
  assert.deepEqual(js.patches[0]?.trailers, [{ key: 'Signed-off-by', value: 'A <a@example.org>', name: 'A', address: 'a@example.org' }, { key: 'Fixes', value: '0123456789ab ("x")' }]);
  assert.deepEqual(Object.keys(js.patches[0]?.collected[0] ?? {}), ['key', 'value', 'name', 'address', 'messageId', 'from', 'status', 'viaCover', 'reason']);
  assert.deepEqual(js.patches[0]?.collected[1], { key: 'Reviewed-by', value: 'D <d@example.org>', name: 'D', address: 'd@example.org', messageId: '<r2@x>', from: 'd@example.org', status: 'carried', given: 1 });
  assert.deepEqual([js.resend, js.changeId, js.baseCommit, js.prerequisitePatchIds, js.review], [true, '20240304-frob-1a2b3c4d5e6f', 'abc123', ['p1'], { reviewed: 1, total: 2, by: ['D <d@example.org>'], reported: 1, ignored: 2 }]);
  assert.deepEqual(Object.keys(js).slice(-5), ['resend', 'changeId', 'baseCommit', 'prerequisitePatchIds', 'review']);
});

test('json: a patch someone else wrote: author, sender, in-body title and author date, in key order', () => {
  const run = sampleResult();
  const s = run.series[0]!;
  s.author = 'Zoë Hacker <zoe@example.org>';
  s.patches[0] = { ...s.patches[0]!, author: 'Zoë Hacker <zoe@example.org>', title: 'net: the in-body title', authorDate: '2024-04-30T09:00:00.000Z' };
  const doc = parse(formatJson(run, META));
  const [p1, p2] = doc.series[0]!.patches;
  assert.deepEqual(Object.keys(p1 ?? {}), [
    'index', 'messageId', 'subject', 'title', 'author', 'sender', 'date', 'authorDate', 'files', 'fileChanges', 'replies', 'trailers', 'collected',
  ]);
  assert.deepEqual([p1?.author, p1?.sender, p1?.title, p1?.authorDate], ['Zoë Hacker <zoe@example.org>', 'A U Thor <author@example.org>', 'net: the in-body title', '2024-04-30T09:00:00.000Z']);
  assert.deepEqual([doc.series[0]!.author, doc.series[0]!.sender], ['Zoë Hacker <zoe@example.org>', 'A U Thor <author@example.org>']);
  assert.equal(p2 && 'title' in p2, false);
});

test('json: findings keep their fields, omit absent ones, sort data keys', () => {
  const doc = parse(formatJson(sampleResult(), META));
  const [first, second, third, fourth, fatal] = doc.findings;
  assert.ok(first && second && third && fourth && fatal);
  assert.deepEqual(Object.keys(first), [
    'ruleId', 'messageId', 'message', 'severity', 'subject', 'location', 'data', 'fingerprint',
  ]);
  assert.deepEqual(first.subject, { key: COMPLETE_KEY, revision: 2, patch: 2, messageId: '<p2@example.org>' });
  assert.deepEqual(first.location, { path: 'include/linux/foo.h', line: 12, endLine: 14 });
  assert.deepEqual(Object.keys(second.data ?? {}), ['alpha', 'zeta']);
  assert.deepEqual(third.location, { path: 'mm/Kconfig', oldPath: 'mm/Kconfig.old' });
  assert.equal('location' in fourth, false);
  assert.equal('data' in fourth, false);
  assert.equal('fatal' in fourth, false);
  assert.equal(fatal.fatal, true);
  assert.equal(fatal.subject.key, '');
  assert.deepEqual(Object.keys(fatal).slice(-2), ['fingerprint', 'fatal']);
});

test('json: deterministic output', () => {
  const a = formatJson(sampleResult(), META);
  const b = formatJson(sampleResult(), META);
  assert.equal(a, b);
  // Same facts with data keys inserted in another order serialise identically.
  const r = sampleResult();
  const f = r.findings[1];
  assert.ok(f);
  r.findings[1] = { ...f, data: { alpha: 'a', zeta: 'z' } };
  assert.equal(formatJson(r, META), a);
});

test('json: a data key named __proto__ survives as data', () => {
  const r = sampleResult();
  const f = r.findings[0];
  assert.ok(f);
  r.findings[0] = { ...f, data: JSON.parse('{"__proto__": "x", "b": 1}') as Record<string, string | number> };
  const doc = parse(formatJson(r, META));
  assert.deepEqual(Object.keys(doc.findings[0]?.data ?? {}), ['__proto__', 'b']);
});

test('json: does not alias the input', () => {
  const r = sampleResult();
  const doc = buildJsonReport(r, META);
  doc.series[0]?.missing.push({ from: 99, to: 99 });
  doc.stats.sources.push('x');
  assert.deepEqual(r.series[0]?.missing, []);
  assert.equal(r.stats.sources.length, 2);
});

test('json: empty run', () => {
  const empty: RunResult = {
    series: [],
    findings: [],
    stats: { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [] },
  };
  const doc = parse(formatJson(empty, META));
  assert.deepEqual(doc.series, []);
  assert.deepEqual(doc.findings, []);
  assert.equal(doc.schemaVersion, 3);
});

test('json: the chunked writer gives exactly JSON.stringify of the report (full and empty runs)', () => {
  const full = sampleResult();
  const empty: RunResult = { ...full, series: [], findings: [] };
  for (const r of [full, empty]) {
    const chunks = [...jsonChunks(r, META)];
    assert.equal(chunks.join(''), `${JSON.stringify(buildJsonReport(r, META), null, 2)}\n`);
  }
});

test('json: the report written part by part (JsonReportStream) is exactly JSON.stringify of it, with either array empty', () => {
  const full = sampleResult();
  const cases: RunResult[] = [full, { ...full, series: [], findings: [] }, { ...full, findings: [] }, { ...full, series: [] }];
  for (const r of cases) {
    const out = new JsonReportStream(META);
    const pieces = [out.start(r.stats), ...r.series.map((s) => out.series(s)), ...r.findings.map((f) => out.finding(f)), out.end()];
    assert.equal(pieces.join(''), `${JSON.stringify(buildJsonReport(r, META), null, 2)}\n`);
    assert.equal(pieces.length, r.series.length + r.findings.length + 2);
  }
  const out = new JsonReportStream(META);
  out.start(full.stats);
  out.finding(full.findings[0] as Finding);
  assert.throws(() => out.series(full.series[0] as Series), /a series after the findings/);
});

test('json: the chunked document is exactly JSON.stringify of the whole report, across chunk boundaries', () => {
  const one = sampleResult();
  const many: RunResult = {
    ...one,
    series: Array.from({ length: 150 }, (_, i) => ({ ...(one.series[i % one.series.length] as RunResult['series'][number]), key: `s-${i}` })),
    findings: Array.from({ length: 200 }, (_, i) => ({ ...(one.findings[i % one.findings.length] as RunResult['findings'][number]), message: `m ${i} "quoted"\n` })),
  };
  for (const r of [one, many, { ...one, findings: [] }, { ...one, series: one.series.slice(0, 1), findings: one.findings.slice(0, 1) }]) {
    assert.equal(formatJson(r, META), `${JSON.stringify(buildJsonReport(r, META), null, 2)}\n`);
    assert.equal([...jsonChunks(r, META)].join(''), formatJson(r, META));
  }
});
