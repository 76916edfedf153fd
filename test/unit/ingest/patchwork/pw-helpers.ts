/** Shared by the patchwork and patchew client tests: Message-IDs of an mbox, read by kvetch. */
import { Readable } from 'node:stream';
import { readStream } from '../../../../src/ingest/mbox/read-stream.js';
import { parseMessage } from '../../../../src/mail/message.js';

export const EXAMPLE_MBOX = { path: 'examples/kvm-vfio.mbox' };
export const V1_COVER = '<cover.1795403984.git.ada@example.org>';
export const V1_PATCH1 = '<1c3c499ae8f540ed64f92ba5da99d680362f0fd1.1795403984.git.ada@example.org>';
export const V2_COVER = '<cover.1795403990.git.ada@example.org>';
export const V2_PATCH1 = '<1c3c499ae8f540ed64f92ba5da99d680362f0fd1.1795403990.git.ada@example.org>';
export const V2_PATCH2 = '<fdb4c3270ee9964465e7c2e7282f2a0be7079303.1795403990.git.ada@example.org>';

/** Fast retries for fault tests: no waiting worth the name, outcomes only. */
export const FAST = { backoffMs: 1, retries: 3, timeoutMs: 2000 };

export async function messageIds(mbox: Buffer): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of readStream(Readable.from([mbox]), 'test', {})) {
    if (item.type !== 'message') continue;
    const mail = await parseMessage(item.message);
    ids.push(mail.messageId);
  }
  return ids;
}
