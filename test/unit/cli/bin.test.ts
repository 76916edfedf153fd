/**
 * `npx kvetch` (the README's quick start) runs package.json's bin directly: it must exist
 * after the build, start with a node shebang, and be executable (tsc writes files 0644, so
 * the build scripts chmod it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

test('the kvetch bin is built executable, with a node shebang', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  const bin = pkg.bin.kvetch;
  assert.ok(bin, 'package.json has a kvetch bin');
  assert.match(pkg.scripts.build ?? '', new RegExp(`chmod \\+x ${bin.replace(/\./g, '\\.')}`), 'build makes the bin executable');
  for (const script of ['prepare', 'test']) assert.match(pkg.scripts[script] ?? '', /^npm run build\b/, `${script} builds first`);
  assert.match(readFileSync(`${root}${bin}`, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  accessSync(`${root}${bin}`, constants.X_OK);
});
