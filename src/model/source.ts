/**
 * The Source contract: where mail comes from. Each folder of ingest/ exports one Source, and
 * ingest/index.ts lists them; `kvetch check` asks them, in that order, which one takes an
 * argument, and `kvetch watch` polls the ones its config names. A source only delivers raw
 * mail (and, for the daemon, a cursor to store with it); parsing is triage's job.
 */
import type { Readable } from 'node:stream';
import type { ZodType } from 'zod';
import type { Log } from './log.js';
import type { IngestItem } from './raw-message.js';

/** Timeouts and retries of a source's requests (tests make them short). */
export interface HttpPolicy {
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** The longest `Retry-After` waited for in-process; a longer one fails the request (the daemon: its poll interval). */
  maxRetryAfterMs?: number;
}

/** What `kvetch check` hands a source that opens one of its arguments. */
export interface InputContext {
  env: NodeJS.ProcessEnv;
  /** Instance roots given on the command line, by source type (`--lore-base` is `lore`). */
  bases: Readonly<Record<string, string | undefined>>;
  /** What `-` reads (default process.stdin). */
  stdin?: Readable;
  /** Larger messages keep only their head and are reported, not analysed. */
  maxMessageBytes?: number;
  /** A gzip source expanding past this ratio is stopped (a gzip bomb); default DEFAULT_GZIP_RATIO. */
  maxGzipRatio?: number;
  /** Bytes read from local files, for the progress bar. */
  onBytes?: (n: number) => void;
  /** Told before each download. */
  onFetch?: (what: string) => void;
  /** Told about each retried request. */
  onRetry?: (info: { url: string; attempt: number; error: string; delayMs: number }) => void;
  http?: HttpPolicy;
}

/** A command-line argument a source took. */
export interface OpenedInput {
  /** The name the report gives it (a path, or the URL the mail comes from). */
  name: string;
  /** A local file or directory (its size can be known up front, for a progress bar). */
  local: boolean;
  /** Its mail, read or downloaded when iterated. */
  items(): AsyncIterable<IngestItem>;
}

/** What `kvetch watch` hands a source it polls. */
export interface PollContext {
  /** The source's id (`lore:kvm`): cursors and stored mail are kept under it. */
  id: string;
  /** What the last successful poll returned; null the first time. */
  cursor: string | null;
  /** The daemon's state directory (mirrors, caches). */
  stateDir: string;
  /** Relative paths in the source's config are relative to this (kvetch.yml's directory). */
  baseDir: string;
  log: Log;
  env: NodeJS.ProcessEnv;
  /** Which of these item keys were taken before (sources that follow items, such as maildir files). */
  seen(items: readonly string[]): Promise<ReadonlySet<string>>;
  http?: HttpPolicy;
}

export interface Polled {
  /** Raw mails, in the order they arrived. */
  mails: Buffer[];
  /** Stored together with the mails, in one transaction; null leaves the stored cursor as it is. */
  cursor: string | null;
  /** Keys of the items taken (maildir file names), recorded with the mails, for `seen`. */
  items?: string[];
}

/** Every source section of kvetch.yml has a type and may name its id. */
export interface SourceConfigBase {
  type: string;
  id?: string | undefined;
}

export interface Source<C extends SourceConfigBase = SourceConfigBase> {
  /** `lore`, `patchwork`, … : the `type:` of its config section, and its docs/sources.md heading. */
  type: string;
  /** One line for help texts. */
  summary: string;
  /** `kvetch check`: does this argument name this source's mail? Asked in registry order. */
  claims?(arg: string): boolean;
  /** Opens an argument it claimed; a malformed reference is a UserError, thrown at once. */
  open?(arg: string, ctx: InputContext): OpenedInput;
  /** `kvetch watch`: the schema of its section of kvetch.yml (unknown keys are errors). */
  config?: ZodType<C>;
  /** The id of a configured source that names none (`lore:kvm`). */
  defaultId?(c: C): string;
  /** The mail that arrived since `ctx.cursor`. A failure throws and leaves the cursor where it was. */
  poll?(c: C, ctx: PollContext): Promise<Polled>;
}
