import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBody } from '../../../src/mail/split-body.js';

const PATCH = [
  'The KVM_AMD_SEV option can be selected without CRYPTO_DEV_CCP_DD,',
  'which leaves the build with an undefined reference.',
  '',
  'Make it depend on the driver.',
  '',
  'Fixes: 0123456789ab ("KVM: SVM: add SEV support")',
  'Reported-by: Kim Tester <kim@example.org>',
  'Closes: https://lore.example.org/all/20240101.abcd@example.org/',
  'Signed-off-by: Ann Dev <ann@example.org>',
  '---',
  'v2: use depends on instead of select',
  '',
  ' arch/x86/kvm/Kconfig | 2 +-',
  ' 1 file changed, 1 insertion(+), 1 deletion(-)',
  '',
  'diff --git a/arch/x86/kvm/Kconfig b/arch/x86/kvm/Kconfig',
  'index 1111111..2222222 100644',
  '--- a/arch/x86/kvm/Kconfig',
  '+++ b/arch/x86/kvm/Kconfig',
  '@@ -10,3 +10,3 @@ config KVM_AMD',
  ' config KVM_AMD_SEV',
  '-\tselect CRYPTO_DEV_CCP_DD',
  '+\tdepends on CRYPTO_DEV_CCP_DD',
  ' \tdefault y',
  '',
  'base-commit: 4cece764965020c22cff7665b18a012006359095',
  'prerequisite-patch-id: 9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
  '-- ',
  '2.39.2',
  '',
].join('\n');

const DIFF = [
  'diff --git a/arch/x86/kvm/Kconfig b/arch/x86/kvm/Kconfig',
  'index 1111111..2222222 100644',
  '--- a/arch/x86/kvm/Kconfig',
  '+++ b/arch/x86/kvm/Kconfig',
  '@@ -10,3 +10,3 @@ config KVM_AMD',
  ' config KVM_AMD_SEV',
  '-\tselect CRYPTO_DEV_CCP_DD',
  '+\tdepends on CRYPTO_DEV_CCP_DD',
  ' \tdefault y',
  '',
].join('\n');

test('format-patch mail: every part lands in its field', () => {
  const b = splitBody(PATCH);
  assert.equal(
    b.message,
    'The KVM_AMD_SEV option can be selected without CRYPTO_DEV_CCP_DD,\n' +
      'which leaves the build with an undefined reference.\n\nMake it depend on the driver.',
  );
  assert.deepEqual(b.trailers, [
    { key: 'Fixes', value: '0123456789ab ("KVM: SVM: add SEV support")' },
    { key: 'Reported-by', value: 'Kim Tester <kim@example.org>' },
    { key: 'Closes', value: 'https://lore.example.org/all/20240101.abcd@example.org/' },
    { key: 'Signed-off-by', value: 'Ann Dev <ann@example.org>' },
  ]);
  assert.equal(b.notes, 'v2: use depends on instead of select');
  assert.equal(b.diffstat, ' arch/x86/kvm/Kconfig | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)');
  assert.equal(b.diff, DIFF);
  assert.equal(b.signature, '2.39.2');
  assert.deepEqual(b.footers, [
    { key: 'base-commit', value: '4cece764965020c22cff7665b18a012006359095' },
    { key: 'prerequisite-patch-id', value: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432' },
  ]);
});

test('CRLF line endings give the same result with \\n only', () => {
  const b = splitBody(PATCH.replace(/\n/g, '\r\n'));
  assert.deepEqual(b, splitBody(PATCH));
  assert.ok(!b.diff?.includes('\r'));
  assert.equal(b.signature, '2.39.2');
});

test('trailer continuation lines fold into the previous value', () => {
  const b = splitBody(
    'Fix the race.\n\nReported-by: Some Bot\n <bot@example.org>\nLink: https://example.org/a\n\tb\n' +
      'Signed-off-by: Ann Dev <ann@example.org>\n',
  );
  assert.equal(b.message, 'Fix the race.');
  assert.deepEqual(b.trailers, [
    { key: 'Reported-by', value: 'Some Bot <bot@example.org>' },
    { key: 'Link', value: 'https://example.org/a b' },
    { key: 'Signed-off-by', value: 'Ann Dev <ann@example.org>' },
  ]);
  assert.equal(b.diff, null);
});

test('maintainer notes inside the trailer block do not stop it', () => {
  const b = splitBody(
    'Body.\n\nSigned-off-by: Ann Dev <ann@example.org>\n[bp: massage the commit message]\n' +
      'Signed-off-by: Bo Maint <bo@example.org>\n',
  );
  assert.equal(b.message, 'Body.');
  assert.deepEqual(b.trailers.map((t) => t.key), ['Signed-off-by', 'Signed-off-by']);
});

test('a plain "Note: ..." last paragraph is not a trailer block', () => {
  const b = splitBody('Rework the allocator.\n\nNote: this changes the ABI of nothing.\n');
  assert.deepEqual(b.trailers, []);
  assert.equal(b.message, 'Rework the allocator.\n\nNote: this changes the ABI of nothing.');
});

test('quoted diff in a reply never yields a diff', () => {
  const reply = [
    'On Mon, Jan 1, 2024, Ann Dev wrote:',
    '> Make it depend on the driver.',
    '> ---',
    '> diff --git a/arch/x86/kvm/Kconfig b/arch/x86/kvm/Kconfig',
    '> --- a/arch/x86/kvm/Kconfig',
    '> +++ b/arch/x86/kvm/Kconfig',
    '>> +foo',
    '',
    'Looks right to me.',
    '',
    'Reviewed-by: Rae Viewer <rae@example.org>',
    '',
    '-- ',
    'Rae',
  ].join('\n');
  const b = splitBody(reply);
  assert.equal(b.diff, null);
  assert.equal(b.diffstat, '');
  assert.deepEqual(b.trailers, [{ key: 'Reviewed-by', value: 'Rae Viewer <rae@example.org>' }]);
  assert.ok(b.message.startsWith('On Mon, Jan 1, 2024, Ann Dev wrote:\n> Make it'));
  assert.ok(b.message.endsWith('Looks right to me.'));
  assert.equal(b.signature, 'Rae');
});

test('git format-patch cover letter without ---: diffstat, footers, signature', () => {
  const cover = [
    'This series cleans up the Kconfig dependencies of KVM on AMD.',
    '',
    'Ann Dev (2):',
    '  KVM: SVM: depend on the CCP driver',
    '  KVM: SVM: drop a stale select',
    '',
    ' arch/x86/kvm/Kconfig     | 4 ++--',
    ' drivers/crypto/ccp/Kconfig | Bin 0 -> 12 bytes',
    ' 2 files changed, 2 insertions(+), 2 deletions(-)',
    ' create mode 100644 drivers/crypto/ccp/Kconfig',
    '',
    'base-commit: 4cece764965020c22cff7665b18a012006359095',
    '-- ',
    '2.43.0',
  ].join('\n');
  const b = splitBody(cover);
  assert.equal(b.diff, null);
  assert.equal(
    b.message,
    'This series cleans up the Kconfig dependencies of KVM on AMD.\n\nAnn Dev (2):\n' +
      '  KVM: SVM: depend on the CCP driver\n  KVM: SVM: drop a stale select',
  );
  assert.deepEqual(b.trailers, []);
  assert.equal(b.diffstat.split('\n').length, 4);
  assert.ok(b.diffstat.endsWith(' create mode 100644 drivers/crypto/ccp/Kconfig'));
  assert.equal(b.notes, '');
  assert.deepEqual(b.footers, [{ key: 'base-commit', value: '4cece764965020c22cff7665b18a012006359095' }]);
  assert.equal(b.signature, '2.43.0');
});

test('b4 cover letter with --- sections and change-id', () => {
  const cover = [
    'Split the probe path.',
    '',
    'Signed-off-by: Ann Dev <ann@example.org>',
    '---',
    'Changes in v2:',
    '- keep the old helper',
    '',
    '---',
    ' drivers/gpio/gpio-foo.c | 10 +++++-----',
    ' 1 file changed, 5 insertions(+), 5 deletions(-)',
    '---',
    'base-commit: 0a1b2c3d4e5f',
    'change-id: 20240101-gpio-foo-probe-1a2b3c4d5e6f',
    '',
    'Best regards,',
    '-- ',
    'Ann Dev <ann@example.org>',
  ].join('\n');
  const b = splitBody(cover);
  assert.equal(b.diff, null);
  assert.equal(b.message, 'Split the probe path.');
  assert.deepEqual(b.trailers, [{ key: 'Signed-off-by', value: 'Ann Dev <ann@example.org>' }]);
  assert.equal(b.diffstat, ' drivers/gpio/gpio-foo.c | 10 +++++-----\n 1 file changed, 5 insertions(+), 5 deletions(-)');
  assert.equal(b.notes, 'Changes in v2:\n- keep the old helper\n\nBest regards,');
  assert.deepEqual(b.footers.map((f) => f.key), ['base-commit', 'change-id']);
  assert.equal(b.signature, 'Ann Dev <ann@example.org>');
});

test('no --- separator: the message ends at the diff', () => {
  const b = splitBody('Drop a dead define.\n\nSigned-off-by: Ann Dev <ann@example.org>\n' + DIFF);
  assert.equal(b.message, 'Drop a dead define.');
  assert.equal(b.trailers.length, 1);
  assert.equal(b.notes, '');
  assert.equal(b.diffstat, '');
  assert.equal(b.diff, DIFF);
  assert.equal(b.signature, '');
});

test('prose "--- a/x" not followed by +++ does not start a diff', () => {
  const text = 'The old tree showed\n--- a/include/linux/foo.h\nin its logs, which is gone now.\n\nSigned-off-by: A <a@x>\n';
  const b = splitBody(text);
  assert.equal(b.diff, null);
  assert.equal(b.message, 'The old tree showed\n--- a/include/linux/foo.h\nin its logs, which is gone now.');
});

test('a bare ---/+++ pair starts a diff (no diff --git line)', () => {
  const b = splitBody('Fix.\n---\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n');
  assert.equal(b.diff, '--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n');
  assert.equal(b.notes, '');
});

test('a removed "- " line inside a hunk is not the signature separator', () => {
  const body = [
    'Drop the list item.',
    '---',
    'diff --git a/Documentation/x.rst b/Documentation/x.rst',
    '--- a/Documentation/x.rst',
    '+++ b/Documentation/x.rst',
    '@@ -1,2 +1,1 @@',
    ' text',
    '-- ',
    '-- ',
    '2.40.1',
  ].join('\n');
  const b = splitBody(body);
  assert.ok(b.diff?.endsWith(' text\n-- \n'));
  assert.equal(b.signature, '2.40.1');
});

test('"\\ No newline" and binary patches stay in the diff', () => {
  const body = [
    'Add firmware.',
    '---',
    'diff --git a/a.txt b/a.txt',
    '--- a/a.txt',
    '+++ b/a.txt',
    '@@ -1 +1 @@',
    '-old',
    '+new',
    '\\ No newline at end of file',
    'diff --git a/fw.bin b/fw.bin',
    'new file mode 100644',
    'GIT binary patch',
    'literal 3',
    'KcmZQzWMT#Y01f~L',
    '',
    'literal 0',
    'HcmV?d00001',
    '',
    '-- ',
    '2.39.2',
  ].join('\n');
  const b = splitBody(body);
  assert.ok(b.diff?.includes('\\ No newline at end of file\ndiff --git a/fw.bin'));
  assert.ok(b.diff?.endsWith('literal 0\nHcmV?d00001\n'));
  assert.equal(b.signature, '2.39.2');
});

test('Index: style diffs start at the Index line', () => {
  const b = splitBody('Old style.\n\nIndex: foo.c\n===================\n--- foo.c\n+++ foo.c\n@@ -1 +1 @@\n-a\n+b\n');
  assert.ok(b.diff?.startsWith('Index: foo.c\n'));
  assert.equal(b.message, 'Old style.');
});

test('empty and odd input never throws', () => {
  const e = splitBody('');
  assert.deepEqual(e, { message: '', trailers: [], notes: '', diffstat: '', diff: null, signature: '', footers: [] });
  assert.doesNotThrow(() => splitBody('---\n---\n-- \n'));
  assert.doesNotThrow(() => splitBody('diff --git a b\n@@ -x +y @@\n+1\n'));
});

// Speed is measured by `npm run bench`, not here: this checks a big body is split whole.
test('a multi-megabyte body is split whole', () => {
  const hunk = '@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n';
  const big = 'Big.\n---\n' + 'diff --git a/f b/f\n--- a/f\n+++ b/f\n' + hunk.repeat(200_000) + '-- \n2.39.2\n';
  const b = splitBody(big);
  assert.equal(b.signature, '2.39.2');
  assert.equal(b.diff?.length, big.length - 'Big.\n---\n'.length - '-- \n2.39.2\n'.length);
});

// Found by the fuzzing campaign (bench/fuzz, target split-body): a body opening with a blank
// line and then `diff --git` got a diff starting with that blank line, not at `diff --git`.
test('a body that opens with a blank line before diff --git: the diff starts at diff --git', () => {
  const diff = 'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n';
  assert.equal(splitBody(`\n${diff}`).diff, diff);
  assert.equal(splitBody('\ndiff --git a/x.c b/x.c\n').diff, 'diff --git a/x.c b/x.c\n');
});

test('in-body From:/Subject:/Date: at the top are no part of the message; later ones are', () => {
  const inBody = 'From: Au Thor <author@example.org>\nSubject: KVM: fix the\n  thing\nDate: Tue, 2 Jan 2024 11:00:00 +0100\n\n';
  const b = splitBody(inBody + PATCH);
  assert.deepEqual(b, splitBody(PATCH));
  assert.deepEqual(splitBody((inBody + PATCH).replace(/\n/g, '\r\n')), splitBody(PATCH));
  // The block ends at the first empty line: a From: after it is text of the message.
  const late = splitBody(`From: A One <a1@example.org>\n\nFrom: B Two <b2@example.org>\n\n${PATCH}`);
  assert.ok(late.message.startsWith('From: B Two <b2@example.org>\n\nThe KVM_AMD_SEV option'), late.message);
});
