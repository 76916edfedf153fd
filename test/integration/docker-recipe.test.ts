/**
 * The Dockerfile's recipe, performed without Docker (no daemon on this machine): the file is read
 * and interpreted (test/support/dockerfile.ts, dockerfile-build.ts). Each stage gets a temp
 * directory as its `/`; COPY takes the repository checkout as the build context (with
 * .dockerignore) or another stage's files; RUN executes with bash in the mapped WORKDIR. The base
 * images (node:20.19-bookworm, -slim) are NOT available: the stages run on this machine's Node 20,
 * npm, python3, make and g++, so this checks the recipe (what is copied where, that `npm ci`,
 * `tsc -p tsconfig.build.json` and `npm rebuild better-sqlite3` work on what the context holds,
 * that the runtime stage alone — its node_modules, dist/src, package.json — runs), not the images.
 * The npm registry must be reachable (npm ci, twice); better-sqlite3 compiles from source (~80 s).
 *
 * Then the runtime stage's ENTRYPOINT + CMD (`node dist/src/cli/main.js app`) starts in its WORKDIR
 * with its ENV only (plus PATH), HOME at <runtime root>/home/node, KVETCH_DB mapped under the
 * runtime root, and Probot's settings (app id, an RSA key, a webhook secret, a free port on
 * 127.0.0.1); it must answer /ping with PONG, pass the image's HEALTHCHECK command, and stop on
 * SIGTERM (exit 0), after which the HEALTHCHECK fails. The same stage answers `--version` and
 * `watch --help` (the daemon's command). A missing tool or registry is a failure, never a skip.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildStages, hostPath, runCommand, type BuiltStage } from '../support/dockerfile-build.js';
import { parseDockerfile, parseDockerignore } from '../support/dockerfile.js';
import { generateAppKey } from '../support/github/auth.js';

const CONTEXT = fileURLToPath(new URL('../../../', import.meta.url));
let tmp = '';

after(async () => {
  if (tmp && !process.env.KVETCH_KEEP_DOCKER_RECIPE) await rm(tmp, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The runtime stage's environment as `docker run` gives it: the image's ENV, a PATH, HOME under its root. */
function containerEnv(s: BuiltStage, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: hostPath(s, '/home/node'), ...s.env, ...extra };
}

/** Run a command of the stage in its WORKDIR to the end. */
function exec(s: BuiltStage, argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { cwd: hostPath(s, '.'), env, encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const exited = (c: ChildProcess): Promise<{ code: number | null; signal: string | null }> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve({ code: c.exitCode, signal: c.signalCode }) : new Promise((r) => c.once('exit', (code, signal) => r({ code, signal })));

async function ping(base: string): Promise<string | undefined> {
  try {
    const r = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(2000) });
    return r.ok ? await r.text() : undefined;
  } catch {
    return undefined;
  }
}

test('docker recipe: the Dockerfile\'s stages built without Docker; the runtime stage serves /ping, passes its HEALTHCHECK, answers --version and watch --help, stops on SIGTERM', { timeout: 10 * 60_000 }, async (t) => {
  const df = parseDockerfile(await readFile(join(CONTEXT, 'Dockerfile'), 'utf8'));
  const ignore = parseDockerignore(await readFile(join(CONTEXT, '.dockerignore'), 'utf8'));
  tmp = await mkdtemp(join(tmpdir(), 'kvetch-docker-recipe-'));

  const t0 = performance.now();
  const stages = await buildStages({ dockerfile: df, context: CONTEXT, ignore, tmp, log: (l) => t.diagnostic(l) });
  t.diagnostic(`stages built in ${Math.round((performance.now() - t0) / 1000)} s`);
  for (const s of stages) for (const step of s.steps) t.diagnostic(`[${s.stage.name}] ${(step.ms / 1000).toFixed(1)} s${step.waitMs ? ` (after ${(step.waitMs / 1000).toFixed(1)} s waiting)` : ''}  line ${step.line}: ${step.text.replace(/\s+/g, ' ')}`);
  const rt = stages.at(-1)!;

  // What the runtime stage holds: production dependencies (better-sqlite3 built), dist/src only.
  assert.equal(rt.stage.name, 'runtime');
  assert.equal(rt.workdir, '/app');
  assert.ok(existsSync(hostPath(rt, 'dist/src/cli/main.js')), 'dist/src/cli/main.js');
  assert.ok(!existsSync(hostPath(rt, 'dist/test')) && !existsSync(hostPath(rt, 'dist/bench')), 'dist/src only: no tests, no benchmarks');
  assert.ok(!existsSync(hostPath(rt, 'src')), 'no TypeScript sources');
  assert.ok(existsSync(hostPath(rt, 'node_modules/probot/package.json')), 'probot installed');
  assert.ok(!existsSync(hostPath(rt, 'node_modules/typescript')) && !existsSync(hostPath(rt, 'node_modules/eslint')), 'no devDependencies');
  assert.ok(existsSync(hostPath(rt, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')), 'better-sqlite3 rebuilt');
  assert.ok(existsSync(hostPath(rt, 'app.yml')) && existsSync(hostPath(rt, 'package.json')));
  assert.ok(!existsSync(hostPath(stages[0]!, '/src/test')), 'the build context kept test/ out (.dockerignore)');

  // docker inspect's view of the image.
  assert.ok(rt.user && !/^(root|0)(:|$)/.test(rt.user), `USER ${rt.user}`);
  assert.deepEqual(rt.expose, ['3000']);
  assert.deepEqual({ PORT: rt.env.PORT, HOST: rt.env.HOST, NODE_ENV: rt.env.NODE_ENV }, { PORT: '3000', HOST: '0.0.0.0', NODE_ENV: 'production' });
  assert.ok(rt.env.KVETCH_DB?.startsWith('/home/node/'), `KVETCH_DB=${rt.env.KVETCH_DB}`);
  assert.deepEqual(runCommand(rt), ['node', 'dist/src/cli/main.js', 'app']);
  assert.ok(rt.healthcheck, 'a HEALTHCHECK');

  // `docker run IMAGE --version`, `docker run IMAGE watch --help`.
  const pkg = JSON.parse(await readFile(join(CONTEXT, 'package.json'), 'utf8')) as { version: string };
  const version = await exec(rt, runCommand(rt, ['--version']), containerEnv(rt));
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const watchHelp = await exec(rt, runCommand(rt, ['watch', '--help']), containerEnv(rt));
  assert.equal(watchHelp.code, 0, watchHelp.stderr);
  assert.match(watchHelp.stdout, /--config/);

  // `docker run IMAGE`: the app, with the image's KVETCH_DB mapped under the runtime root.
  const port = await freePort();
  const db = hostPath(rt, rt.env.KVETCH_DB!);
  const env = containerEnv(rt, { APP_ID: '1', PRIVATE_KEY: generateAppKey().privateKeyPem, WEBHOOK_SECRET: 'x', PORT: String(port), HOST: '127.0.0.1', KVETCH_DB: db, LOG_LEVEL: 'warn' });
  const argv = runCommand(rt);
  const app = spawn(argv[0]!, argv.slice(1), { cwd: hostPath(rt, '.'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  app.stdout.on('data', (d: Buffer) => (output += d.toString()));
  app.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const base = `http://127.0.0.1:${port}`;
    const started = performance.now();
    let pong: string | undefined;
    while (!(pong = await ping(base)) && performance.now() - started < 60_000 && app.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    assert.equal(pong, 'PONG', `no PONG on ${base}/ping within 60 s (exit ${app.exitCode}):\n${output}`);
    t.diagnostic(`app answered /ping after ${Math.round(performance.now() - started)} ms`);
    assert.ok(existsSync(db), `the SQLite store made at ${db}`);

    const healthy = await exec(rt, rt.healthcheck.cmd, env);
    assert.equal(healthy.code, 0, `HEALTHCHECK while up: ${healthy.stderr}`);
  } finally {
    if (app.exitCode === null) app.kill('SIGTERM');
  }
  const end = await Promise.race([exited(app), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
  if (end === 'timeout') app.kill('SIGKILL');
  assert.deepEqual(end, { code: 0, signal: null }, `SIGTERM: a clean exit\n${output}`);
  const down = await exec(rt, rt.healthcheck.cmd, env);
  assert.equal(down.code, 1, 'HEALTHCHECK once the app is down');
});
