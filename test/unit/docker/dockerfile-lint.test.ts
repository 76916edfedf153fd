/**
 * The repository's Dockerfile, linted. First dockerfilelint (npm, a devDependency) must report
 * nothing. Then plain assertions over the parsed Dockerfile (test/support/dockerfile.ts) stand in
 * for hadolint, which cannot be installed here (PyPI and GitHub are out of reach): pinned base
 * image tags with a version, never `latest` (DL3006, DL3007); the last USER not root (DL3002);
 * JSON-form CMD, ENTRYPOINT and HEALTHCHECK (DL3025); absolute WORKDIR (DL3000); no `cd` in RUN
 * (DL3003); COPY, not ADD (DL3020); no sudo (DL3004); apt-get with -y, --no-install-recommends
 * and pinned versions (DL3014, DL3015, DL3008); pipefail before a pipe (DL4006); one CMD,
 * ENTRYPOINT and HEALTHCHECK per stage (DL4003, DL4004); COPY --from= naming an earlier stage
 * (DL3022, DL3023). And the image's own shape: a multi-stage build whose runtime stage copies
 * only dist/src, node_modules, package.json and app.yml, and checks its health on /ping.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findStage, parseDockerfile, parseImage, words, type Instruction } from '../../support/dockerfile.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TEXT = readFileSync(`${ROOT}Dockerfile`, 'utf8');
const df = parseDockerfile(TEXT);
const all: Instruction[] = df.stages.flatMap((s) => s.instructions);
const runtime = df.stages.at(-1)!;
const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.json?.join(' ') ?? i.args);

interface LintItem {
  title: string;
  rule: string;
  line: number;
}

test('dockerfilelint: no issues', () => {
  // Its JS API (the CLI's own); a directory without .dockerfilelintrc: every rule on.
  const lint = createRequire(import.meta.url)('dockerfilelint') as { run(configPath: string, content: string): LintItem[] };
  const items = lint.run(ROOT, TEXT);
  assert.deepEqual(items.map((i) => `line ${i.line}: ${i.rule} (${i.title})`), []);
});

test('base images: every FROM pinned to a version tag, not latest (DL3006, DL3007)', () => {
  for (const s of df.stages) {
    const img = parseImage(s.from);
    assert.ok(img.tag, `line ${s.line}: ${s.from} has no tag`);
    assert.notEqual(img.tag, 'latest', `line ${s.line}: ${s.from}`);
    assert.match(img.tag, /^\d+(\.\d+)+/, `line ${s.line}: ${s.from}: the tag starts with a major.minor version`);
  }
});

test('user: the last USER is not root (DL3002), and the runtime stage sets one', () => {
  const users = runtime.instructions.filter((i) => i.keyword === 'USER');
  assert.ok(users.length > 0, 'the runtime stage runs as a named user');
  const last = users.at(-1)!.args.trim();
  assert.ok(!/^(root|0)(:|$)/.test(last), `USER ${last}`);
});

test('exec form: CMD, ENTRYPOINT and HEALTHCHECK in JSON form (DL3025); one each per stage (DL4003, DL4004)', () => {
  for (const s of df.stages) {
    for (const k of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
      const found = s.instructions.filter((i) => i.keyword === k);
      assert.ok(found.length <= 1, `stage ${s.name ?? s.index}: ${found.length} ${k}`);
      for (const i of found) assert.ok(i.json, `line ${i.line}: ${k} in JSON form`);
    }
  }
});

test('instructions: absolute WORKDIR (DL3000), COPY not ADD (DL3020), no MAINTAINER (DL4000), COPY --from= an earlier stage (DL3022, DL3023)', () => {
  for (const i of all) {
    assert.notEqual(i.keyword, 'ADD', `line ${i.line}`);
    assert.notEqual(i.keyword, 'MAINTAINER', `line ${i.line}`);
    if (i.keyword === 'WORKDIR') assert.match(i.args.trim(), /^\//, `line ${i.line}`);
  }
  for (const s of df.stages) {
    for (const i of s.instructions.filter((x) => x.flags.from !== undefined)) {
      const from = findStage(df, i.flags.from!);
      assert.ok(from && from.index < s.index, `line ${i.line}: --from=${i.flags.from} names an earlier stage`);
    }
  }
});

test('RUN: no cd (DL3003), no sudo (DL3004), pipefail before pipes (DL4006), apt-get -y --no-install-recommends with pinned versions (DL3014, DL3015, DL3008)', () => {
  for (const r of runs) {
    assert.doesNotMatch(r, /(^|[;&|]\s*)cd\s/, r);
    assert.doesNotMatch(r, /\bsudo\b/, r);
    if (/[^|]\|[^|]/.test(r)) assert.match(r, /set -o pipefail|set -[a-z]*o pipefail/, `${r}: a pipe without pipefail`);
    for (const install of r.match(/apt-get\s+install[^;&|]*/g) ?? []) {
      assert.match(install, /\s-y\b|--yes|--assume-yes/, install);
      assert.match(install, /--no-install-recommends/, install);
      const pkgs = words(install).slice(2).filter((w) => !w.startsWith('-'));
      for (const p of pkgs) assert.match(p, /=/, `${install}: ${p} pinned to a version`);
    }
  }
});

test('the image: build, deps, runtime; the runtime copies only dist/src, node_modules, package.json and app.yml; HEALTHCHECK asks /ping', () => {
  assert.deepEqual(df.stages.map((s) => s.name), ['build', 'deps', 'runtime']);
  assert.match(parseImage(runtime.from).tag!, /slim/, 'a slim runtime image');
  const copied = runtime.instructions
    .filter((i) => i.keyword === 'COPY')
    .flatMap((i) => (i.json ?? words(i.args)).slice(0, -1).map((src) => `${i.flags.from ? `${i.flags.from}:` : ''}${src.replace(/\/$/, '')}`));
  assert.deepEqual(copied.sort(), ['app.yml', 'build:/src/dist/src', 'deps:/src/node_modules', 'package.json']);
  const hc = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK');
  assert.ok(hc?.json, 'a HEALTHCHECK with a JSON-form CMD');
  assert.equal(hc.json[0], 'node', 'node itself asks: the slim image has no curl');
  assert.match(hc.json.join(' '), /\/ping/);
  assert.deepEqual(runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')?.json, ['node', 'dist/src/cli/main.js']);
  assert.deepEqual(runtime.instructions.find((i) => i.keyword === 'CMD')?.json, ['app']);
  assert.ok(!runtime.instructions.some((i) => i.keyword === 'RUN'), 'nothing is run in the runtime stage');
  assert.ok(runtime.instructions.some((i) => i.keyword === 'EXPOSE' && i.args.trim() === '3000'));
});
