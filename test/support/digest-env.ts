/**
 * The digest step's test scene: a temporary state directory, a SQLite store (and more handles
 * on the same file), a real SMTP server on 127.0.0.1, a parsed kvetch.yml with the digest on
 * (Monday 08:00 Europe/Berlin), and hand-made digests: nothing from the real builder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { parseDaemonConfig } from '../../src/daemon/config.js';
import { runDigestStep, type DigestStepContext, type DigestStepStats } from '../../src/daemon/digest-round.js';
import { DIGEST_SCHEMA_VERSION, type Digest } from '../../src/report/digest/model.js';
import type { DueWeek } from '../../src/report/digest/schedule.js';
import type { StateStore } from '../../src/model/store.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { createLogger } from '../../src/util/logger.js';
import { startSmtp, type TestSmtp } from './smtp-server.js';

export const RECIPIENTS = ['ada@example.org', 'bob@example.org'];

/** A digest with one new series, for `address`, over the period due. */
export function handDigest(address: string, due: Pick<DueWeek, 'since' | 'until' | 'week'>): Digest {
  const name = address.split('@')[0] ?? 'x';
  const id = `kvm-export#v1`;
  return {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    recipient: { display: `${name} <${address}>`, name, address, role: 'maintainer' },
    period: { since: due.since.toISOString(), until: due.until.toISOString(), week: due.week },
    attention: [],
    subsystems: [],
    series: [
      {
        id, key: 'kvm-export', revision: 1, subject: '[PATCH] kvm: export a helper', author: 'Dev <dev@example.org>', date: due.since.toISOString(), patches: 1,
        state: 'new', olderRevisions: [], links: { lore: 'https://lore.kernel.org/r/1@example.org' }, files: ['virt/kvm/kvm_main.c'], findings: [], open: 0, fixed: 0,
      },
    ],
    totals: { series: 1, byState: { new: 1, revised: 0, superseded: 0 }, exports: { added: 1, removed: 0, net: 1 }, findings: {}, open: 0, fixed: 0 },
    history: { weeks: [due.week], subsystems: [] },
  };
}

export interface DigestScene {
  dir: string;
  smtp: TestSmtp;
  config: Config;
  /** The first store handle (more with openStore). */
  store: StateStore;
  openStore(): Promise<StateStore>;
  /** How often the digests were built. */
  built: number;
  /** The recipients the hand-made digests go to (changeable). */
  recipients: string[];
  step(now: Date | string, over?: Partial<DigestStepContext>): Promise<DigestStepStats>;
  close(): Promise<void>;
}

export async function digestScene(o: { send?: boolean; digestYaml?: string; retry?: string } = {}): Promise<DigestScene> {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-digest-'));
  const smtp = await startSmtp();
  const yaml = [
    'tree: /linux',
    'lease: 600',
    'sources:\n  - type: lore\n    list: kvm',
    'channels:\n  email:\n    from: kvetch bot <kvetch@example.org>',
    `    smtp: { host: 127.0.0.1, port: ${smtp.port}, starttls: false, timeoutSeconds: 10 }`,
    '    docsBase: https://kvetch.example.org/src',
    ...(o.retry ? [`    retry: ${o.retry}`] : []),
    `digest: { enabled: true, weekday: monday, hour: 8, timezone: Europe/Berlin, recipients: all, send: ${o.send ?? true}${o.digestYaml ? `, ${o.digestYaml}` : ''} }`,
  ].join('\n');
  const config = parseDaemonConfig(`${yaml}\n`, join(dir, 'kvetch.yml'));
  const handles: StateStore[] = [];
  const openStore = async (): Promise<StateStore> => {
    const s = await openSqliteStore(join(dir, 'state.db'));
    await s.migrate();
    handles.push(s);
    return s;
  };
  const store = await openStore();
  const log = createLogger({ level: 'silent' });
  const scene: DigestScene = {
    dir, smtp, config, store, openStore, built: 0, recipients: [...RECIPIENTS],
    step: (now, over = {}) =>
      runDigestStep({
        config, store, log, stateDir: dir, worker: 'w1', now: new Date(now), send: true,
        makeDigests: async (due) => {
          scene.built++;
          return scene.recipients.map((a) => handDigest(a, due));
        },
        ...over,
      }),
    close: async () => {
      for (const s of handles) await s.close().catch(() => {});
      await smtp.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return scene;
}

/** A header of a received raw mail (first occurrence, unfolded). */
export function header(raw: Buffer, name: string): string | undefined {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** Run `fn` in a fresh scene, closed afterwards whatever happens. */
export async function withScene(fn: (s: DigestScene) => Promise<void>, o?: Parameters<typeof digestScene>[0]): Promise<void> {
  const s = await digestScene(o);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}
