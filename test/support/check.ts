/**
 * `kvetch check` without the command line: files (or any argument the CLI takes) opened
 * through the source registry, read into triage. What the CLI does before formatting.
 */
import type { Readable } from 'node:stream';
import { openInputs } from '../../src/ingest/index.js';
import { readBytes } from '../../src/ingest/mbox/read-stream.js';
import { withBytes } from '../../src/ingest/mbox/read-range.js';
import type { IngestItem, RawMessage } from '../../src/model/raw-message.js';
import type { RunResult } from '../../src/model/series.js';
import { triage, type TriageOptions } from '../../src/pipeline/triage.js';

export type CheckResult = RunResult;

export interface CheckPathsOptions extends TriageOptions {
  stdin?: Readable;
}

export async function checkPaths(args: readonly string[], o: CheckPathsOptions = {}): Promise<RunResult> {
  const { stdin, ...rest } = o;
  const { inputs, items } = openInputs(args, { env: process.env, bases: {}, ...(stdin ? { stdin } : {}), ...(o.maxMessageBytes ? { maxMessageBytes: o.maxMessageBytes } : {}) });
  return triage(items, { sources: inputs.map((i) => i.name), ...rest });
}

/** Mail already in memory (a download, a built mbox), read as the name given. */
export async function checkBytes(bytes: Buffer, name: string, o: TriageOptions = {}): Promise<RunResult> {
  return triage(readBytes(bytes, name), { sources: [name], ...o });
}

/** The messages of these arguments with their bytes, in order (ranges read). */
export async function* readPaths(args: readonly string[]): AsyncGenerator<IngestItem> {
  yield* withBytes(openInputs(args, { env: process.env, bases: {} }).items);
}

/** Every raw message of these arguments, bytes copied. */
export async function rawMessages(args: readonly string[]): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const item of readPaths(args)) if (item.type === 'message') out.push({ ...item.message, bytes: Buffer.from(item.message.bytes) });
  return out;
}
