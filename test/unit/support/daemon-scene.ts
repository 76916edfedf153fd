/**
 * A daemon over one mbox in a temp directory (`inbox.mbox`, a `files` source, grace period 60 s),
 * a SQLite store and the email channel writing its replies to `outbox/` (its SMTP port is closed:
 * nothing leaves), plus a channel that records the patches of every version it is offered.
 * `round(at)` is one `kvetch watch --once` at that time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import type { Channel, PublishInput } from '../../../src/model/channel.js';
import type { SeriesPatch } from '../../../src/model/series.js';
import { createEmailChannel } from '../../../src/report/email/channel.js';
import type { StateStore } from '../../../src/model/store.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';

export interface DaemonScene {
  dir: string;
  /** Where the mails go (write or append mbox text). */
  inbox: string;
  outDir: string;
  store: StateStore;
  /** The patches of each version the channels were offered, in order. */
  seen: SeriesPatch[][];
  round: (at: Date) => ReturnType<typeof watch>;
  close: () => Promise<void>;
}

/** A channel that records the patches of every version it is given (as a per-patch channel would check them). */
function recorder(seen: SeriesPatch[][]): Channel {
  return {
    id: 'recorder',
    publish: async (input: PublishInput) => {
      seen.push(input.series.patches);
      return { channel: 'recorder', published: 1, skipped: [], written: [], errors: [] };
    },
  };
}

export async function daemonScene(prefix: string): Promise<DaemonScene> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = await openSqliteStore(join(dir, 'kvetch.db'));
  const outDir = join(dir, 'outbox');
  const email = createEmailChannel({
    from: 'kvetch bot <kvetch@example.org>', smtp: { host: '127.0.0.1', port: 1, starttls: false, timeoutMs: 1000 }, outDir,
    docsBase: 'https://kvetch.example.org/src', policies: [{ list: 'files:inbox.mbox', enabled: true }], sendLogPath: join(dir, 'send-log.jsonl'),
  });
  const close = async (): Promise<void> => {
    email.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await store.migrate();
  } catch (e) {
    await close();
    throw e;
  }
  const seen: SeriesPatch[][] = [];
  const config = parseDaemonConfig('gracePeriod: 60\nsources:\n  - type: files\n    path: inbox.mbox\n', join(dir, 'kvetch.yml'));
  const channels = [email, recorder(seen)];
  const log = createLogger({ level: 'silent' });
  const round = (at: Date) => watch({ config, store, log, stateDir: dir, baseDir: dir, once: true, worker: 'w', channels, now: () => at });
  return { dir, inbox: join(dir, 'inbox.mbox'), outDir, store, seen, round, close };
}
