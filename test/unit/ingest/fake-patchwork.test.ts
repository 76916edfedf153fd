/**
 * The fake patchwork itself, held to the documented API: if it drifted from patchwork, the
 * client tests above it would prove nothing.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startFakePatchwork, type FakePatchwork } from '../../support/fake-patchwork.js';
import { EXAMPLE_MBOX, messageIds, V2_COVER, V2_PATCH1 } from './patchwork/pw-helpers.js';

let pw: FakePatchwork;
let patchId: number;
before(async () => {
  pw = await startFakePatchwork({ token: 'w-tok', pageSize: 2, series: [{ mbox: EXAMPLE_MBOX }] });
  patchId = pw.store.patches.find((p) => p.msgid === V2_PATCH1)?.id ?? -1;
});
after(async () => {
  await pw.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${pw.base}${path}`, { headers, redirect: 'manual' });
const post = (path: string, body: unknown, token?: string, form = false) =>
  fetch(`${pw.base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json', ...(token ? { Authorization: `Token ${token}` } : {}) },
    body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });

test('API index at /api/ and /api/1.2/ lists the resources', async () => {
  for (const p of ['/api/', '/api/1.2/']) {
    const idx = (await (await get(p)).json()) as Record<string, string>;
    assert.deepEqual(Object.keys(idx).sort(), ['bundles', 'covers', 'events', 'patches', 'people', 'projects', 'series', 'users']);
    assert.equal(idx.series, `${pw.base}/api/1.2/series/`);
  }
});

test('pagination: per_page, page, and Link next/prev/first/last with sorted query keys', async () => {
  const r = await get('/api/1.2/patches/?project=kvm&per_page=1&page=2');
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as unknown[]).length, 1);
  const u = `${pw.base}/api/1.2/patches/`;
  assert.equal(
    r.headers.get('link'),
    `<${u}?page=3&per_page=1&project=kvm>; rel="next", <${u}?per_page=1&project=kvm>; rel="prev", <${u}?page=1&per_page=1&project=kvm>; rel="first", <${u}?page=3&per_page=1&project=kvm>; rel="last"`,
  );
  assert.equal((await get('/api/1.2/patches/?page=9')).status, 404);
  const events = await get('/api/1.2/events/?per_page=100');
  assert.equal(((await events.json()) as unknown[]).length, 2, 'events have a fixed page size: per_page is ignored');
});

test('filters git-pw and kvetch use: project, state, archived, msgid, series, category, order', async () => {
  const byMsgid = (await (await get(`/api/1.2/patches/?project=kvm&msgid=${V2_PATCH1.slice(1, -1)}`)).json()) as Array<{ id: number }>;
  assert.deepEqual(byMsgid.map((p) => p.id), [patchId]);
  const none = (await (await get('/api/1.2/patches/?project=nope')).json()) as unknown[];
  assert.deepEqual(none, []);
  const newest = (await (await get('/api/1.2/series/?project=kvm&order=-date&per_page=10')).json()) as Array<{ version: number }>;
  assert.deepEqual(newest.map((s) => s.version), [2, 1]);
  const created = (await (await get('/api/1.2/events/?category=series-created&order=date')).json()) as Array<{ category: string; payload: { series: { version: number } } }>;
  assert.deepEqual(created.map((e) => [e.category, e.payload.series.version]), [['series-created', 1], ['series-created', 2]]);
});

test('mbox downloads: series (patches only), patch by Message-ID, id forms redirect; Content-Disposition set', async () => {
  const series = pw.store.series.find((s) => s.cover?.msgid === V2_COVER);
  assert.ok(series);
  const r = await get(`/series/${series.id}/mbox/`);
  assert.match(r.headers.get('content-disposition') ?? '', /^attachment; filename=\S+\.patch$/);
  const ids = await messageIds(Buffer.from(await r.arrayBuffer()));
  assert.deepEqual(ids, series.patches.map((p) => p.msgid));
  const redirect = await get(`/patch/${patchId}/mbox/`);
  assert.equal(redirect.status, 302);
  const loc = redirect.headers.get('location') ?? '';
  assert.equal(loc, `${pw.base}/project/kvm/patch/${V2_PATCH1.slice(1, -1)}/mbox/`);
  const text = await (await get(loc.slice(pw.base.length))).text();
  assert.match(text, /^From patchwork Wed Sep 20 18:18:00 2023\n/);
  assert.match(text, new RegExp(`^X-Patchwork-Id: ${patchId}$`, 'm'));
});

test('checks: POST needs the token (403 otherwise), validates like patchwork, and GET reads them back', async () => {
  const path = `/api/1.2/patches/${patchId}/checks/`;
  const good = { state: 'warning', context: 'kvetch-api', target_url: 'https://ci.example.org/run/1', description: '2 findings' };
  assert.equal((await post(path, good)).status, 403);
  const wrong = await post(path, good, 'nope');
  assert.equal(wrong.status, 403);
  assert.deepEqual(await wrong.json(), { detail: 'Invalid token.' });
  assert.equal((await get(path, { Authorization: 'Token nope' })).status, 403, 'a bad token fails reads too');
  const bad = await post(path, { state: 'exploded', context: 'no spaces allowed', target_url: 'not a url' }, 'w-tok');
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys((await bad.json()) as object).sort(), ['context', 'state', 'target_url']);
  assert.deepEqual(await (await post(path, {}, 'w-tok')).json(), { state: ['A check must have a state.'] });
  const created = await post(path, good, 'w-tok');
  assert.equal(created.status, 201);
  const check = (await created.json()) as Record<string, unknown>;
  assert.equal(created.headers.get('location'), check.url);
  assert.deepEqual(
    { state: check.state, context: check.context, target_url: check.target_url, description: check.description, user: (check.user as { username: string }).username },
    { ...good, user: 'kvetch-bot' },
  );
  assert.equal(typeof check.date, 'string');
  const form = await post(path, { state: 'success', context: 'kvetch-api' }, 'w-tok', true);
  assert.equal(form.status, 201);
  const list = (await (await get(path)).json()) as Array<{ state: string; context: string }>;
  assert.deepEqual(list.map((c) => c.state), ['warning', 'success']);
  const one = (await (await get(String(check.url).slice(pw.base.length))).json()) as { id: number };
  assert.equal(one.id, check.id);
  const patch = (await (await get(`/api/1.2/patches/${patchId}/`)).json()) as { check: string; checks: string };
  assert.equal(patch.check, 'success', 'the newest check per context wins');
  assert.equal(patch.checks, `${pw.base}${path}`);
  const ev = (await (await get(`/api/1.2/events/?category=check-created&patch=${patchId}`)).json()) as Array<{ payload: { check: { context: string } } }>;
  assert.equal(ev[0]?.payload.check.context, 'kvetch-api');
  assert.equal((await post('/api/1.2/patches/99999/checks/', good, 'w-tok')).status, 404);
});

test('other writes: PATCH of a patch state needs the token; reads of unknown paths are 404', async () => {
  const path = `/api/1.2/patches/${patchId}/`;
  const noAuth = await fetch(`${pw.base}${path}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{"state":"accepted"}' });
  assert.equal(noAuth.status, 403);
  const ok = await fetch(`${pw.base}${path}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', Authorization: 'Token w-tok' }, body: '{"state":"accepted"}' });
  assert.equal(((await ok.json()) as { state: string }).state, 'accepted');
  const bad = await fetch(`${pw.base}${path}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', Authorization: 'Token w-tok' }, body: '{"state":"done"}' });
  assert.equal(bad.status, 400);
  assert.equal((await post('/api/1.2/series/', {}, 'w-tok')).status, 405);
  assert.equal((await get('/api/1.2/bundles/1/')).status, 404);
  assert.equal((await get('/api/9.9/series/')).status, 404);
});
