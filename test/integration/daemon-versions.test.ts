/**
 * The daemon's reply to a v2 says which of v1's findings it fixed, from the one version tracker
 * (engine/versions.ts): a v1/v2 pair of the corpus whose v2 fixes a warning of v1 is sent to a
 * real public-inbox, v1 first; `kvetch watch --once --send` replies to v1 on a real SMTP
 * server; then v2 arrives and the next round replies to v2, listing v1's warning as fixed.
 * What the CLI reports for the same mails must agree with what the daemon stored.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { originalMessage } from '../../src/engine/versions.js';
import type { Finding } from '../../src/model/finding.js';
import type { Series } from '../../src/model/series.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { checkBytes, checkPaths, readPaths } from '../support/check.js';
import { toMbox } from '../support/mbox-write.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';
import { runKvetch } from '../support/run-cli.js';
import { startSmtp, type TestSmtp } from '../support/smtp-server.js';
import { corpusDir } from '../support/shared-dir.js';

let pi: PublicInbox | undefined;
let smtp: TestSmtp | undefined;
let dir = '';
after(async () => {
  await pi?.stop();
  await smtp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const mailIds = (s: Series): string[] => [...(s.cover ? [s.cover.messageId] : []), ...s.patches.map((p) => p.messageId)];
const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();
const worthMail = (f: Finding): boolean => !f.fatal && !f.ruleId.startsWith('input/') && ['warning', 'error'].includes(f.versions?.status === 'fixed' ? (f.versions.severity ?? '') : f.severity);

/** The smallest v1/v2 pair of the corpus (the sample first) whose v2 fixes a warning or error of v1. */
async function pairWithFix(): Promise<{ file: string; v1: Series; v2: Series; fixed: Finding[] }> {
  for (const name of ['sample.mbox', 'series.mbox']) {
    const file = join(corpusDir(), name);
    const r = await checkPaths([file], { jobs: 2 });
    const fixedBy = (key: string): Finding[] => r.findings.filter((f) => f.subject.key === key && f.subject.revision === 2 && f.versions?.status === 'fixed' && worthMail(f));
    const pairs = r.series
      .filter((s) => s.revision === 2 && fixedBy(s.key).length > 0)
      .map((v2) => ({ v2, v1: r.series.find((s) => s.key === v2.key && s.revision === 1) }))
      .filter((p): p is { v2: Series; v1: Series } => p.v1 !== undefined && !r.series.some((s) => s.key === p.v2.key && s.revision > 2))
      .sort((a, b) => a.v2.patches.length - b.v2.patches.length);
    const best = pairs[0];
    if (best) return { file, ...best, fixed: fixedBy(best.v2.key) };
  }
  throw new Error('the corpus has no v1/v2 pair whose v2 fixes a warning of v1');
}

async function mailsById(file: string, ids: ReadonlySet<string>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const item of readPaths([file])) {
    if (item.type !== 'message') continue;
    const id = /^Message-ID:\s*(<[^>\s]+>)/im.exec(item.message.bytes.subarray(0, 8192).toString('latin1'))?.[1];
    if (id && ids.has(id)) out.set(id, Buffer.from(item.message.bytes));
  }
  return out;
}

test('the daemon replies to v2 with what it fixed of v1, as the CLI sees the same mails', { timeout: 20 * 60_000 }, async (t) => {
  const { file, v1, v2, fixed } = await pairWithFix();
  t.diagnostic(`${file}: ${v2.key} "${v2.subject}", v1 ${v1.patches.length} patches, v2 ${v2.patches.length}; fixed in v2: ${fixed.map((f) => f.ruleId).join(', ')}`);
  const raw = await mailsById(file, new Set([...mailIds(v1), ...mailIds(v2)]));
  const pick = (s: Series): Buffer[] => mailIds(s).map((id) => raw.get(id) ?? assert.fail(`${id} is not in ${file}`));

  smtp = await startSmtp();
  const port = smtp.port;
  const received = async (): Promise<ParsedMail[]> => Promise.all((smtp?.received ?? []).map((m) => simpleParser(m.raw)));
  pi = await startPublicInbox({ lists: [{ name: 'kvm', mbox: toMbox(pick(v1)) }], all: false, xapian: false });
  dir = await mkdtemp(join(tmpdir(), 'kvetch-versions-'));
  const db = join(dir, 'kvetch.db');
  const config = join(dir, 'kvetch.yml');
  await writeFile(config, [
    `db: ${db}`, 'gracePeriod: 0', 'sources:', '  - type: lore', `    base: ${pi.base}`, '    list: kvm', '    start: beginning',
    'channels:', '  email:', '    enabled: true', '    send: true', '    from: "kvetch bot <kvetch@example.org>"',
    `    smtp: { host: 127.0.0.1, port: ${port}, starttls: false }`, '    docsBase: https://kvetch.example.org',
    '    policies:', '      - list: lore:kvm', '        enabled: true', '        minSeverity: warning', '',
  ].join('\n'));

  const round = async (): Promise<void> => {
    const r = await runKvetch(['watch', '--config', config, '--once', '--send']);
    assert.equal(r.status, 0, r.stderr.slice(-2000));
  };
  await round();
  const afterV1 = await received();
  assert.equal(afterV1.length, 1, 'one reply, to v1');
  const first = flat(afterV1[0]?.text ?? '');
  for (const f of fixed) assert.ok(first.includes(flat(originalMessage(f))), `v1's reply reports ${originalMessage(f)}`);
  assert.doesNotMatch(first, /Changes since/);

  await pi.add('kvm', pick(v2));
  await round();
  const afterV2 = await received();
  assert.equal(afterV2.length, 2, 'one more reply, to v2');
  const reply = afterV2[1];
  assert.match(String(reply?.subject), /^Re: \[PATCH v2 0\/\d+\]/);
  const body = flat(reply?.text ?? '');
  assert.match(body, new RegExp(`Changes since v1: ${fixed.length} fixed, \\d+ still present, \\d+ new\\.`));
  for (const f of fixed) assert.ok(body.includes(flat(`fixed: ${f.ruleId}: ${originalMessage(f)}`)), `v2's reply lists as fixed: ${f.ruleId}: ${originalMessage(f)}`);

  // The daemon's stored findings of v2 are the CLI's for the same mails, fixed ones included.
  const store = await openSqliteStore(db);
  try {
    await store.migrate();
    const versions = await store.listSeriesVersions({ state: 'done' });
    const stored = versions.find((v) => v.revision === 2 && v.messageIds.includes(v2.cover?.messageId ?? v2.patches[0]?.messageId ?? ''));
    assert.ok(stored, 'v2 analysed');
    const daemon = (await store.findings(stored.key, 2)).map((f) => `${f.fingerprint} ${f.versions?.status ?? '-'} ${f.severity}`).sort();
    const cli = await checkBytes(toMbox([...pick(v1), ...pick(v2)]), 'pair', { jobs: 1 });
    const offline = cli.findings.filter((f) => f.subject.revision === 2).map((f) => `${f.fingerprint} ${f.versions?.status ?? '-'} ${f.severity}`).sort();
    assert.deepEqual(daemon, offline);
  } finally {
    await store.close();
  }
});
