/**
 * `kvetch ingest <file|dir|->...`: store mail for the daemon, the way an MTA hands it over
 * (`| kvetch ingest - --config kvetch.yml`, as patchwork's parsemail is used), or from local
 * files. Each mail is parsed once, here, and stored with its record; the next `kvetch watch`
 * round assembles and analyses it. A mail already stored (same Message-ID) is kept once.
 */
import { loadDaemonConfig } from '../../daemon/config.js';
import { intake } from '../../daemon/intake.js';
import { existsSync } from 'node:fs';
import { InputError, readPath } from '../../ingest/files/read-files.js';
import { withBytes } from '../../ingest/mbox/read-range.js';
import { EXIT_CLEAN } from '../exit-codes.js';
import { openState } from '../open-state.js';

export interface IngestCommandOptions {
  config?: string;
  db?: string;
  /** The source id the mail is stored under (policies key on it): default `local`. */
  source?: string;
}

const BATCH = 200;

export async function ingestCommand(inputs: string[], o: IngestCommandOptions): Promise<number> {
  const config = o.config ? loadDaemonConfig(o.config) : undefined;
  // Every input checked before anything is stored: a typo stores nothing rather than half.
  for (const input of inputs) if (input !== '-' && !existsSync(input)) throw new InputError(`cannot read ${input}: ENOENT; check the path`);
  const { store } = await openState(o.db ?? config?.db);
  const source = o.source ?? 'local';
  let fresh = 0;
  let seen = 0;
  let batch: Buffer[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const mails = batch;
    batch = [];
    fresh += (await store.ingest(source, await intake(mails, source, new Date()), null)).length;
  };
  try {
    for (const input of inputs) {
      for await (const item of withBytes(readPath(input))) {
        if (item.type === 'problem') process.stderr.write(`kvetch ingest: ${item.problem.message}\n`);
        if (item.type !== 'message') continue;
        batch.push(item.message.bytes);
        seen++;
        if (batch.length >= BATCH) await flush();
      }
    }
  } finally {
    // What was read is stored, even when a later read fails: nothing read is lost.
    try {
      await flush();
    } finally {
      await store.close();
    }
  }
  process.stdout.write(`kvetch ingest: ${seen} mail(s) read, ${fresh} new, stored under source ${source}; the next kvetch watch round analyses them\n`);
  return EXIT_CLEAN;
}
