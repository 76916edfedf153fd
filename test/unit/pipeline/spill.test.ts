import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { fileSpill, memorySpill } from '../../../src/pipeline/spill.js';
import { openSpillFiles } from '../../support/open-spills.js';

const spillDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('kvetch-unit-spill-'));

test('spill: values come back by handle, across buffered and flushed writes; nothing is left in the temp dir, even while it is open', () => {
  const before = spillDirs();
  const spill = fileSpill<{ i: number; text: string; list: string[] }>('unit-spill');
  assert.deepEqual(spillDirs().filter((d) => !before.includes(d)), [], 'removed from the temp dir as soon as it was made');
  if (existsSync('/proc/self/fd')) assert.match(openSpillFiles('unit-spill').join('\n'), /spill \(deleted\)$/, 'held open, deleted');
  const handles: number[] = [];
  // ~3 MB in all: some values sit in the write buffer, most were flushed.
  for (let i = 0; i < 600; i++) handles.push(spill.put({ i, text: 'x'.repeat(i * 10), list: [`<${i}@example.org>`] }));
  handles.push(spill.putBytes(serialize({ i: 600, text: 'packed', list: [] })));
  assert.deepEqual(handles, [...Array(601).keys()]);
  for (const i of [600, 0, 599, 17, 300]) {
    const v = spill.get(handles[i] as number);
    assert.equal(v.i, i);
    assert.equal(v.text, i === 600 ? 'packed' : 'x'.repeat(i * 10));
  }
  assert.throws(() => spill.get(601), /no value 601/);
  spill.close();
  spill.close();
  assert.deepEqual(openSpillFiles('unit-spill'), [], 'closed');
});

test('spill: a process killed with its spill open leaves nothing in the temp dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-spill-kill-'));
  try {
    const spillUrl = new URL('../../../src/pipeline/spill.js', import.meta.url).href;
    const script = `import { fileSpill } from ${JSON.stringify(spillUrl)};
const s = fileSpill('killed');
for (let i = 0; i < 3000; i++) s.put({ i, text: 'y'.repeat(1000) });
process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: dir }, encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spill: the memory spill keeps values as they are', () => {
  const spill = memorySpill<{ a: number[] }>();
  const v = { a: [1, 2] };
  const h = spill.put(v);
  assert.equal(spill.get(h), v);
  assert.deepEqual(spill.get(spill.putBytes(serialize({ a: [3] }))), { a: [3] });
});
