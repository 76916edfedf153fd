import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines } from '../../../../src/ingest/github/diff-lines.js';
import { seriesLinks } from '../../../../src/ingest/github/links.js';
import { claimsGitHubRef, GitHubRefError, parseGitHubRef } from '../../../../src/ingest/github/ref.js';

test('pull request references: gh:, github: and URLs (GitHub Enterprise hosts too)', () => {
  assert.deepEqual(parseGitHubRef('gh:torvalds/linux#12'), { owner: 'torvalds', repo: 'linux', number: 12 });
  assert.deepEqual(parseGitHubRef('github:kernel-patches/bpf#7'), { owner: 'kernel-patches', repo: 'bpf', number: 7 });
  assert.deepEqual(parseGitHubRef('https://github.com/kernel-patches/bpf/pull/8123/files'), { owner: 'kernel-patches', repo: 'bpf', number: 8123, host: 'github.com' });
  assert.equal(parseGitHubRef('https://github.example.com/o/r/pull/3').host, 'github.example.com');
  assert.ok(claimsGitHubRef('gh:o/r#1'));
  assert.ok(claimsGitHubRef('https://github.com/o/r/pull/1'));
  assert.ok(!claimsGitHubRef('https://lore.kernel.org/kvm/x@y/'));
  assert.ok(!claimsGitHubRef('https://github.com/o/r/issues/1'));
  assert.throws(() => parseGitHubRef('gh:o/r'), GitHubRefError);
  assert.throws(() => parseGitHubRef('gh:o/r#0'), /start at 1/);
  assert.throws(() => parseGitHubRef('gh:o$/r#1'), /not a GitHub repository name/);
});

test('links to the list copy of a series are kept, each once, punctuation trimmed', () => {
  const body = 'Series: https://patchwork.kernel.org/project/netdevbpf/list/?series=812345, see also\nhttps://lore.kernel.org/bpf/20240101.1-1-a@b/. And https://lore.kernel.org/bpf/20240101.1-1-a@b/ again; https://example.com/x is not one.';
  assert.deepEqual(seriesLinks(body), ['https://patchwork.kernel.org/project/netdevbpf/list/?series=812345', 'https://lore.kernel.org/bpf/20240101.1-1-a@b/']);
});

test('diff lines: right side = added and context lines (new numbers), left side = removed and context (old numbers)', () => {
  const d = diffLines([{ filename: 'a.c', patch: '@@ -10,4 +10,4 @@ f()\n ctx\n-old\n+new\n+added\n ctx2' }, { filename: 'b.c', previousFilename: 'old-b.c', patch: '@@ -1 +1 @@\n-x\n+y' }, { filename: 'big.bin' }]);
  assert.deepEqual([...d.right.get('a.c')!].sort((a, b) => a - b), [10, 11, 12, 13]);
  assert.deepEqual([...d.added.get('a.c')!], [11, 12]);
  assert.deepEqual([...d.left.get('a.c')!].sort((a, b) => a - b), [10, 11, 12]);
  assert.deepEqual([...d.removed.get('a.c')!], [11]);
  assert.deepEqual([...d.removed.get('old-b.c')!], [1]);
  assert.deepEqual([...d.added.get('b.c')!], [1]);
  assert.equal(d.right.has('big.bin'), false);
});
