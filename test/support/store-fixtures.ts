/** Values for the StateStore contract: mail with binary bytes, findings with every field. */
import type { Finding } from '../../src/model/finding.js';
import { parseSubject } from '../../src/mail/subject.js';
import type { MessageRecord } from '../../src/model/record.js';
import type { StateStore, StoredMessage } from '../../src/model/store.js';

export const T0 = new Date('2024-03-01T12:00:00.123Z');

export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

export function message(id: string, receivedAt: Date = T0, source = 'lore:kvm'): StoredMessage {
  // Every byte value, a NUL and invalid UTF-8 included: raw mail is bytes, not text.
  const raw = Buffer.concat([Buffer.from(`Message-ID: <${id}>\nSubject: [PATCH] x\n\n`), Buffer.from([0, 0xff, 0xfe, 0x80, 0x0d, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
  return { messageId: id, source, raw, receivedAt, record: null };
}

/** A message stored with its record (as intake parses it): who sent it when, what it answers. */
export function recorded(id: string, o: { receivedAt?: Date; author?: string; date?: string | null; inReplyTo?: string; references?: string[]; subject?: string; source?: string } = {}): StoredMessage {
  const m = message(id, o.receivedAt ?? T0, o.source ?? 'lore:kvm');
  const subject = o.subject ?? '[PATCH 1/2] kvm: x';
  const record: MessageRecord = {
    index: 0, source: m.source, offset: 0, messageId: `<${id}>`, messageIdDerived: false,
    author: `Dev <${o.author ?? 'dev@example.org'}>`, authorAddress: o.author ?? 'dev@example.org', date: o.date === undefined ? '2024-03-01T11:00:00.000Z' : o.date,
    subject, parsedSubject: parseSubject(subject), inReplyTo: o.inReplyTo ?? null, references: o.references ?? (o.inReplyTo ? [o.inReplyTo] : []),
    kind: 'patch', hasDiff: true, automated: null, files: [{ path: 'virt/kvm/kvm_main.c', status: 'modified', additions: 2, deletions: 0, binary: false }],
    changeId: null, problems: [], analysis: { findings: [], facts: { 'symbol-exports': [{ path: 'virt/kvm/kvm_main.c', added: ['“ünïcode”'] }] } },
    reply: { from: { name: 'Dev', address: o.author ?? 'dev@example.org' }, to: [{ name: '', address: 'kvm@vger.kernel.org' }], cc: [], headers: { 'list-id': '<kvm.vger.kernel.org>' }, commands: [], diff: '+x\n' },
  };
  return { ...m, messageId: `<${id}>`, record };
}

export function finding(n: number, key = 'k'): Finding {
  return {
    ruleId: 'symbol-exports',
    messageId: 'newExport',
    message: `kvm_x86_${n} is newly exported (GPL) — “ünïcode” \u{1F600}`,
    severity: n % 2 ? 'warning' : 'error',
    subject: { key, revision: 2, patch: n, messageId: `<p${n}@example.org>` },
    location: { path: 'arch/x86/kvm/x86.c', line: 100 + n, endLine: 101 + n, oldPath: 'arch/x86/kvm/old.c' },
    data: { symbol: `kvm_x86_${n}`, count: n, ratio: 0.5 },
    fingerprint: `${n}`.padStart(32, '0'),
    versions: { status: 'still-present', since: 1 },
  };
}

export const FATAL: Finding = {
  ruleId: 'input/unparseable',
  messageId: 'unparseable',
  message: 'message at byte 42 could not be parsed',
  severity: 'error',
  subject: { key: 'k', revision: 2 },
  fingerprint: 'f'.repeat(32),
  fatal: true,
};

/** An unmigrated store on a new, empty database. */
export type OpenStore = () => Promise<StateStore>;
/** n unmigrated stores sharing one new database. */
export type OpenMany = (n: number) => Promise<StateStore[]>;

/** Open, migrate, run `fn`, always close. */
export async function withStore<T>(open: OpenStore, fn: (s: StateStore) => Promise<T>): Promise<T> {
  const s = await open();
  try {
    await s.migrate();
    return await fn(s);
  } finally {
    await s.close();
  }
}

export async function withStores<T>(openMany: OpenMany, n: number, fn: (ss: StateStore[]) => Promise<T>): Promise<T> {
  const ss = await openMany(n);
  try {
    for (const s of ss) await s.migrate();
    return await fn(ss);
  } finally {
    await Promise.all(ss.map((s) => s.close()));
  }
}
