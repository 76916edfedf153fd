import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serialize } from 'node:v8';
import { fileSpill, memorySpill } from '../../../src/pipeline/spill.js';

const spillDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('kvetch-unit-spill-'));

test('spill: values come back by handle, across buffered and flushed writes, and the file is removed on close', () => {
  const before = spillDirs();
  const spill = fileSpill<{ i: number; text: string; list: string[] }>('unit-spill');
  const made = spillDirs().filter((d) => !before.includes(d));
  assert.equal(made.length, 1, 'one temporary folder');
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
  assert.equal(existsSync(`${tmpdir()}/${made[0] as string}`), false, 'removed');
});

test('spill: the memory spill keeps values as they are', () => {
  const spill = memorySpill<{ a: number[] }>();
  const v = { a: [1, 2] };
  const h = spill.put(v);
  assert.equal(spill.get(h), v);
  assert.deepEqual(spill.get(spill.putBytes(serialize({ a: [3] }))), { a: [3] });
});
