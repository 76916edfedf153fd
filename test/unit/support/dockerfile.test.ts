/**
 * The Dockerfile reader of test/support/dockerfile.ts: stages and their names, comments and
 * line continuations, flags (`--from=`), JSON and shell forms, HEALTHCHECK's command, ENV's two
 * syntaxes, variable substitution, image references and .dockerignore rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envPairs, findStage, isIgnored, logicalLines, parseDockerfile, parseDockerignore, parseImage, substitute, words } from '../../support/dockerfile.js';

const SAMPLE = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=node:20.19-bookworm',
  '',
  'FROM ${BASE} AS Build',
  'WORKDIR /src',
  '# a comment between instructions',
  'RUN npm ci \\',
  '  # a comment inside a continuation is dropped',
  '    --ignore-scripts && \\',
  '    echo done',
  'COPY package.json package-lock.json ./',
  '',
  'FROM node:20.19-bookworm-slim',
  'copy --from=build --chown=node:node /src/dist ./dist',
  'ENV A=1 B="two words" \\',
  '    C=3',
  'HEALTHCHECK --interval=30s --retries=3 \\',
  '  CMD ["node", "-e", "process.exit(0)"]',
  'ENTRYPOINT ["node", "main.js"]',
  'CMD app --flag',
  '',
].join('\n');

test('stages: FROM … AS name (lower-cased), global ARGs substituted into FROM, instructions with their first line', () => {
  const df = parseDockerfile(SAMPLE);
  assert.equal(df.globalArgs.length, 1);
  assert.equal(df.stages.length, 2);
  const [build, last] = df.stages as [NonNullable<(typeof df.stages)[0]>, NonNullable<(typeof df.stages)[1]>];
  assert.deepEqual({ index: build.index, name: build.name, from: build.from, line: build.line }, { index: 0, name: 'build', from: 'node:20.19-bookworm', line: 4 });
  assert.deepEqual({ index: last.index, name: last.name, from: last.from, line: last.line }, { index: 1, name: undefined, from: 'node:20.19-bookworm-slim', line: 13 });
  assert.deepEqual(build.instructions.map((i) => [i.keyword, i.line]), [['WORKDIR', 5], ['RUN', 7], ['COPY', 11]]);
  assert.deepEqual(last.instructions.map((i) => i.keyword), ['COPY', 'ENV', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD']);
  assert.equal(findStage(df, 'BUILD'), build);
  assert.equal(findStage(df, '1'), last);
  assert.equal(findStage(df, 'nope'), undefined);
});

test('continuations: joined without the backslash; comment lines inside are dropped', () => {
  const run = parseDockerfile(SAMPLE).stages[0]!.instructions[1]!;
  assert.equal(run.args.replace(/\s+/g, ' '), 'npm ci --ignore-scripts && echo done');
  assert.equal(run.json, undefined, 'shell form');
  assert.deepEqual(logicalLines('A b \\\nc\nD e').map((l) => l.line), [1, 3]);
});

test('flags: --from= and --chown= before the arguments, keyword case ignored', () => {
  const copy = parseDockerfile(SAMPLE).stages[1]!.instructions[0]!;
  assert.equal(copy.keyword, 'COPY');
  assert.deepEqual(copy.flags, { from: 'build', chown: 'node:node' });
  assert.deepEqual(words(copy.args), ['/src/dist', './dist']);
});

test('JSON and shell forms: ENTRYPOINT and HEALTHCHECK CMD as arrays, a shell-form CMD as text', () => {
  const ins = parseDockerfile(SAMPLE).stages[1]!.instructions;
  const hc = ins.find((i) => i.keyword === 'HEALTHCHECK')!;
  assert.deepEqual(hc.flags, { interval: '30s', retries: '3' });
  assert.deepEqual(hc.json, ['node', '-e', 'process.exit(0)']);
  assert.deepEqual(ins.find((i) => i.keyword === 'ENTRYPOINT')!.json, ['node', 'main.js']);
  const cmd = ins.find((i) => i.keyword === 'CMD')!;
  assert.equal(cmd.json, undefined);
  assert.equal(cmd.args, 'app --flag');
  // Not valid JSON: the shell form, as Docker reads it.
  assert.equal(parseDockerfile("FROM a:1\nCMD ['single', 'quotes']").stages[0]!.instructions[0]!.json, undefined);
});

test('ENV: KEY=VALUE pairs with quotes, and the legacy KEY value form', () => {
  const env = parseDockerfile(SAMPLE).stages[1]!.instructions.find((i) => i.keyword === 'ENV')!;
  assert.deepEqual(envPairs(env.args), [['A', '1'], ['B', 'two words'], ['C', '3']]);
  assert.deepEqual(envPairs('PATH /usr/local/bin:/usr/bin'), [['PATH', '/usr/local/bin:/usr/bin']]);
});

test('substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR:+alt}, \\$ literal', () => {
  const vars = { HOME: '/home/node', EMPTY: '' };
  assert.equal(substitute('$HOME/.local ${HOME}/x', vars), '/home/node/.local /home/node/x');
  assert.equal(substitute('${EMPTY:-d} ${HOME:-d} ${HOME:+set} ${NOPE:+set}.', vars), 'd /home/node set .');
  assert.equal(substitute('\\$HOME', vars), '$HOME');
});

test('image references: name, tag, digest; a registry port is not a tag', () => {
  assert.deepEqual(parseImage('node:20.19-bookworm-slim'), { name: 'node', tag: '20.19-bookworm-slim' });
  assert.deepEqual(parseImage('node'), { name: 'node' });
  assert.deepEqual(parseImage('localhost:5000/kvetch'), { name: 'localhost:5000/kvetch' });
  assert.deepEqual(parseImage('node:20@sha256:abc'), { name: 'node', tag: '20', digest: 'sha256:abc' });
});

test('errors: no FROM, an instruction before FROM, a malformed FROM', () => {
  assert.throws(() => parseDockerfile('# nothing\n'), /no FROM/);
  assert.throws(() => parseDockerfile('RUN true\nFROM a:1'), /before the first FROM/);
  assert.throws(() => parseDockerfile('FROM a:1 b'), /FROM image \[AS name\]/);
});

test('.dockerignore: root patterns, **/, directories cover their contents, ! re-includes, comments', () => {
  const rules = parseDockerignore(['# comment', 'node_modules', '/dist/', '**/*.log', '*.md', 'examples', '!examples/keep.yml', ''].join('\n'));
  const ignored = (p: string) => isIgnored(rules, p);
  assert.ok(ignored('node_modules'));
  assert.ok(ignored('node_modules/zod/index.js'));
  assert.ok(!ignored('src/node_modules_helper.ts'));
  assert.ok(ignored('dist/src/cli/main.js'));
  assert.ok(ignored('out.log') && ignored('src/a/b.log'));
  assert.ok(ignored('README.md') && !ignored('docs2/README.md'), '*.md: the root only');
  assert.ok(ignored('examples/.state/kvetch.db'));
  assert.ok(!ignored('examples/keep.yml'));
  assert.ok(!ignored('src/cli/main.ts') && !ignored('package.json'));
});
