/**
 * Following a public-inbox list: every message that arrived since the cursor, exactly once, in
 * arrival order. Reads the inbox's v2 git epochs (`<list>/git/<N>.git`) through a local
 * mirror that fetches only new commits; docs/sources.md (lore) says why not the Atom feed.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HttpError, httpRequest } from '../http/client.js';
import { gunzipMbox, isGzip } from '../mbox/gzip.js';
import { decodeCursor, encodeCursor, epochsFromManifest, type LoreCursor } from './cursor.js';
import { commitsAfter, commitTime, fetchMaster, hasCommit, isAncestor, isShallow, openEpochRepo, readMessages, remoteHead, type EpochRepo } from './epoch-repo.js';
import { epochUrl, trimSlash } from './url.js';
import { httpWithLog, type SourceOptions } from '../http/source-options.js';

export interface PollOptions extends SourceOptions {
  /** Where the epoch mirrors live (default `$XDG_CACHE_HOME/kvetch/lore`, else `~/.cache/kvetch/lore`). */
  cacheDir?: string;
  /** At most this many messages per call (default 1000); the cursor then points at the last one. */
  maxMessages?: number;
  /** Hard limit per git command (default 10 minutes; a first fetch of a big epoch is slow). */
  gitTimeoutMs?: number;
}

export interface PollResult {
  /** Raw mails (headers and body as the list received them), oldest first. */
  messages: Buffer[];
  /** Pass back to the next call; store it only after the messages are safely handled. */
  cursor: string;
}

/** Fetch history this long before the cursor's commit when the local mirror was lost. */
const REFETCH_MARGIN_S = 2 * 86_400;
const READ_BATCH = 200;

/**
 * Messages of `list` after `cursor`. A null cursor starts following now: nothing is delivered and
 * the cursor points at the newest message. The cursor moves along the inbox's git history, so
 * mail that arrives late or with an old Date is still delivered once, and a burst of any size
 * is delivered whole (over several calls if it exceeds maxMessages).
 */
export async function pollList(base: string, list: string, cursor: string | null, opts: PollOptions = {}): Promise<PollResult> {
  const ctx = context(base, list, opts);
  const known = await listEpochs(base, list, opts);
  if (cursor === null) return { messages: [], cursor: encodeCursor(await startNow(ctx, known)) };

  let pos = decodeCursor(cursor);
  const messages: Buffer[] = [];
  const max = opts.maxMessages ?? 1000;
  for (;;) {
    const url = epochUrl(base, list, pos.epoch);
    const head = await remoteHead(url, ctx.policy, ctx.timeoutMs, ctx.lowSpeed);
    if (head === 'missing') throw new HttpError(`${url}: the cursor's epoch ${pos.epoch} does not exist on the server (epochs listed: ${known.join(', ')})`, url, 404);
    const grew = head !== null && head !== pos.commit;
    if (grew) {
      const repo = await openEpochRepo(ctx.cacheDir, ctx.key, pos.epoch, url, ctx.policy, ctx.timeoutMs, ctx.lowSpeed);
      const tip = await fetchSince(repo, pos);
      const commits = await commitsAfter(repo, pos.commit, tip);
      for (let i = 0; i < commits.length; i += READ_BATCH) {
        const batch = commits.slice(i, i + READ_BATCH);
        const mails = await readMessages(repo, batch.map((c) => c.commit));
        for (const [j, c] of batch.entries()) {
          const mail = mails[j];
          if (mail) messages.push(mail);
          pos = { epoch: pos.epoch, commit: c.commit, time: c.time };
          if (messages.length >= max) return done(ctx, messages, pos);
        }
      }
    }
    const next = await nextEpoch(ctx, known, pos.epoch, grew);
    if (next === null) return done(ctx, messages, pos);
    pos = { epoch: next, commit: null, time: 0 };
  }
}

/**
 * The epoch after `epoch`: from the manifest, else by asking the server for `<epoch + 1>.git`
 * (a manifest kept by an extindex can miss a new epoch). public-inbox writes only to its newest
 * epoch, so while `epoch` still grows there is no newer one to look for yet.
 */
async function nextEpoch(ctx: Ctx, known: number[], epoch: number, grew: boolean): Promise<number | null> {
  const listed = known.find((e) => e > epoch);
  if (listed !== undefined) return listed;
  if (grew) return null;
  const head = await remoteHead(epochUrl(ctx.base, ctx.list, epoch + 1), ctx.policy, ctx.timeoutMs, ctx.lowSpeed);
  return head === 'missing' ? null : epoch + 1;
}

interface Ctx {
  base: string;
  list: string;
  cacheDir: string;
  key: string;
  policy: ReturnType<typeof httpWithLog>;
  timeoutMs: number;
  lowSpeed: number;
  log: SourceOptions['log'];
}

function context(base: string, list: string, opts: PollOptions): Ctx {
  const http = httpWithLog(opts);
  const u = new URL(trimSlash(base));
  const key = join(`${u.hostname}${u.port ? `_${u.port}` : ''}${u.pathname.replace(/[^\w.-]+/g, '_').replace(/_+$/, '')}`, list.replace(/[^\w.-]+/g, '_'));
  return {
    base,
    list,
    cacheDir: opts.cacheDir ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kvetch', 'lore'),
    key,
    policy: http,
    timeoutMs: opts.gitTimeoutMs ?? 600_000,
    lowSpeed: Math.max(1, Math.ceil((opts.http?.timeoutMs ?? 30_000) / 1000)),
    log: opts.log,
  };
}

function done(ctx: Ctx, messages: Buffer[], pos: LoreCursor): PollResult {
  const cursor = encodeCursor(pos);
  ctx.log?.info({ list: ctx.list, messages: messages.length, cursor }, 'polled list');
  return { messages, cursor };
}

/** The newest epoch's head: where a new follower starts. */
async function startNow(ctx: Ctx, known: number[]): Promise<LoreCursor> {
  let epoch = known[known.length - 1] ?? 0;
  for (let next = await nextEpoch(ctx, [], epoch, false); next !== null; next = await nextEpoch(ctx, [], epoch, false)) epoch = next;
  const url = epochUrl(ctx.base, ctx.list, epoch);
  const head = await remoteHead(url, ctx.policy, ctx.timeoutMs, ctx.lowSpeed);
  if (head === 'missing') throw new HttpError(`${url}: no such inbox epoch (is ${ctx.list} a public-inbox v2 inbox at ${trimSlash(ctx.base)}?)`, url, 404);
  if (head === null) return { epoch, commit: null, time: 0 };
  const repo = await openEpochRepo(ctx.cacheDir, ctx.key, epoch, url, ctx.policy, ctx.timeoutMs, ctx.lowSpeed);
  const tip = (await hasCommit(repo, head)) ? head : await fetchMaster(repo, { depth: 1 });
  return { epoch, commit: tip, time: await commitTime(repo, tip) };
}

/** Fetch new commits, making sure the cursor's commit is in the mirror and is an ancestor. */
async function fetchSince(repo: EpochRepo, pos: LoreCursor): Promise<string> {
  if (pos.commit === null) return fetchMaster(repo, (await isShallow(repo)) ? { unshallow: true } : {});
  if (await hasCommit(repo, pos.commit)) {
    const tip = await fetchMaster(repo);
    return checkAncestor(repo, pos.commit, tip);
  }
  // The mirror was lost or never had it: fetch recent history, then all of it if needed.
  let tip = await fetchMaster(repo, pos.time > 0 ? { sinceUnix: Math.max(1, pos.time - REFETCH_MARGIN_S) } : {});
  if (!(await hasCommit(repo, pos.commit)) && (await isShallow(repo))) tip = await fetchMaster(repo, { unshallow: true });
  if (!(await hasCommit(repo, pos.commit))) {
    throw new HttpError(`${repo.url}: the cursor's commit ${pos.commit} is not in the inbox history (rewritten by a purge?); start again with a null cursor`, repo.url);
  }
  return checkAncestor(repo, pos.commit, tip);
}

async function checkAncestor(repo: EpochRepo, commit: string, tip: string): Promise<string> {
  if (commit === tip || (await isAncestor(repo, commit, tip))) return tip;
  throw new HttpError(`${repo.url}: the cursor's commit ${commit} is no longer in the inbox history (rewritten by a purge?); start again with a null cursor`, repo.url);
}

function manifestUrl(base: string, list: string): string {
  return `${trimSlash(base)}/${encodeURIComponent(list)}/manifest.js.gz`;
}

/**
 * Epochs of `list` from its grokmirror manifest (`<list>/manifest.js.gz`). A server without one
 * (404) gives [0]: pollList then finds later epochs by asking for them.
 */
export async function listEpochs(base: string, list: string, opts: SourceOptions = {}): Promise<number[]> {
  const url = manifestUrl(base, list);
  const got: { epochs?: number[] } = {};
  try {
    await request(url, got, list, opts);
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) {
      opts.log?.warn({ url }, 'no manifest; probing epochs from 0');
      return [0];
    }
    throw e;
  }
  return got.epochs ?? [0];
}

async function request(url: string, got: { epochs?: number[] }, list: string, opts: SourceOptions): Promise<void> {
  await httpRequest(url, {
    ...httpWithLog(opts),
    validate: (res) => {
      const text = (isGzip(res.body) ? gunzipMbox(res.body, url) : res.body).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`${url}: not a JSON manifest`);
      }
      const epochs = epochsFromManifest(json, list);
      if (epochs.length > 0) got.epochs = epochs;
    },
  });
}
