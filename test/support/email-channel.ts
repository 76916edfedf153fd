/** A temporary state directory, a migrated SQLite store and channel options for email channel tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelContext } from '../../src/model/channel.js';
import type { EmailChannelOptions } from '../../src/report/email/channel.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { StateStore } from '../../src/model/store.js';
import { createLogger } from '../../src/util/logger.js';

export const BOT = 'kvetch bot <kvetch@example.org>';
export const NOW = new Date('2023-09-27T12:00:00Z');
export const minutes = (n: number, from: Date = NOW): Date => new Date(from.getTime() + n * 60_000);

export interface EmailEnv {
  dir: string;
  store: StateStore;
  options(over?: Partial<EmailChannelOptions>): EmailChannelOptions;
  ctx(now?: Date, dryRun?: boolean): ChannelContext;
  close(): Promise<void>;
}

export async function emailEnv(): Promise<EmailEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-email-'));
  const store = await openSqliteStore(join(dir, 'state.db'));
  await store.migrate();
  const log = createLogger({ level: 'silent' });
  return {
    dir,
    store,
    options: (over = {}) => ({
      from: BOT,
      smtp: { host: '127.0.0.1', port: 1, starttls: false, timeoutMs: 10_000 },
      send: false,
      outDir: join(dir, 'outbox'),
      docsBase: 'https://kvetch.example.org/src',
      policies: [{ list: 'lore:kvm', enabled: true, cc: { extra: ['kvm@vger.kernel.org'] } }],
      sendLogPath: join(dir, 'send-log.jsonl'),
      ...over,
    }),
    ctx: (now = NOW, dryRun = false) => ({ store, dryRun, log, now }),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
