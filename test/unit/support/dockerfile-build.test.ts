/**
 * The stage runner of test/support/dockerfile-build.ts on a small Dockerfile (no npm, no network):
 * WORKDIR and COPY destinations mapped under each stage's temp root, ENV and ARG seen by RUN,
 * directory copies honouring .dockerignore, COPY --from= waiting for the stage it names,
 * ENTRYPOINT + CMD, and failures: a RUN that exits non-zero, a COPY of an ignored file.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildStages, hostPath, runCommand } from '../../support/dockerfile-build.js';
import { parseDockerfile, parseDockerignore } from '../../support/dockerfile.js';

let dir = '';
let context = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvetch-dockerfile-build-'));
  context = join(dir, 'context');
  await mkdir(join(context, 'src', 'sub'), { recursive: true });
  await writeFile(join(context, 'src', 'a.txt'), 'a\n');
  await writeFile(join(context, 'src', 'sub', 'b.txt'), 'b\n');
  await writeFile(join(context, 'src', 'sub', 'debug.log'), 'noise\n');
  await writeFile(join(context, 'secret.env'), 'TOKEN=1\n');
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const IGNORE = parseDockerignore('**/*.log\nsecret.env\n');

test('two stages: mapped WORKDIR, ENV and ARG in RUN, .dockerignore on a directory copy, COPY --from=, ENTRYPOINT + CMD', async () => {
  const df = parseDockerfile(
    [
      'FROM node:20.19-bookworm AS build',
      'ARG GREETING=hello',
      'WORKDIR /work',
      'ENV OUT=/work/out.txt',
      'COPY src/ ./in/',
      'RUN sleep 0.2 && echo "$GREETING $(cat in/a.txt)" > out.txt && test "$OUT" = /work/out.txt && pwd > where.txt',
      'FROM node:20.19-bookworm-slim AS runtime',
      'WORKDIR /app',
      'COPY --from=build /work/out.txt /work/in ./',
      'USER node',
      'ENTRYPOINT ["node", "main.js"]',
      'CMD ["app"]',
    ].join('\n'),
  );
  const tmp = join(dir, 'stages-ok');
  const [build, rt] = await buildStages({ dockerfile: df, context, ignore: IGNORE, tmp });
  assert.ok(build && rt);
  assert.ok(build.root.startsWith(tmp) && rt.root.startsWith(tmp) && build.root !== rt.root);
  assert.equal(await readFile(hostPath(build, 'out.txt'), 'utf8'), 'hello a\n');
  assert.equal((await readFile(hostPath(build, '/work/where.txt'), 'utf8')).trim(), join(build.root, 'work'), 'RUN in the mapped WORKDIR');
  assert.ok(existsSync(hostPath(build, 'in/sub/b.txt')));
  assert.ok(!existsSync(hostPath(build, 'in/sub/debug.log')), '**/*.log kept out of a directory copy');
  assert.equal(await readFile(hostPath(rt, '/app/out.txt'), 'utf8'), 'hello a\n');
  assert.ok(existsSync(hostPath(rt, 'a.txt')) && existsSync(hostPath(rt, 'sub/b.txt')), 'a directory source: its contents');
  assert.equal(rt.user, 'node');
  assert.deepEqual(runCommand(rt), ['node', 'main.js', 'app']);
  assert.deepEqual(runCommand(rt, ['watch', '--help']), ['node', 'main.js', 'watch', '--help']);
  const copy = rt.steps.find((s) => s.text.startsWith('COPY'))!;
  assert.ok(copy.waitMs >= 150, `COPY --from=build waited for the build stage (${copy.waitMs} ms)`);
});

test('failures: a RUN exiting non-zero, a COPY of an ignored file, an unknown --from=', async () => {
  const build = (text: string, name: string) => buildStages({ dockerfile: parseDockerfile(text), context, ignore: IGNORE, tmp: join(dir, name) });
  await assert.rejects(build('FROM a:1\nRUN echo oops >&2; exit 3', 'run'), /exit 3[\s\S]*oops/);
  await assert.rejects(build('FROM a:1\nCOPY secret.env /', 'ignored'), /excluded by \.dockerignore/);
  await assert.rejects(build('FROM a:1\nCOPY --from=nope /x /', 'from'), /no such stage/);
  await assert.rejects(build('FROM a:1\nADD src /src', 'add'), /ADD is not supported/);
});
