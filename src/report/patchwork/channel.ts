/**
 * The patchwork check channel: one check per patch and context (`kvetch-api`, `kvetch-kconfig`,
 * `kvetch-input` by default), state from the most severe finding of that context on that patch.
 *
 * Per check: done already (publication sent with the same fingerprint) → nothing; else read the
 * newest check of the context on the patch and skip when its state and target_url are what we
 * would post (a decided check is never moved back to pending); else, in dry-run (the default),
 * write the JSON body to outDir and log it; when sending, record `intent`, POST once, record
 * `sent` (or `failed`, retried on the next publish after reading the newest check again, so a
 * POST whose answer was lost is not posted twice). A 429/503 with a Retry-After is kept with the
 * failure (`notBefore`): the check is not tried again before then, also after a restart.
 */
import { normalizeBase } from '../../ingest/patchwork/ref.js';
import { DEFAULT_CHECK_GROUPS, validateGroups, type CheckGroups } from '../check-groups.js';
import type { Channel, ChannelContext, Outcome, PublishInput } from '../../model/channel.js';
import type { Log } from '../../model/log.js';
import { HttpError } from '../../ingest/http/client.js';
import { checksUrl, findPatchId, latestCheck, postCheck, type ClientHttp, type PatchworkCheckClient } from './client.js';
import { decide } from './decide.js';
import { dryRunPath, writeDryRun } from './dry-run.js';
import { planChecks, type PatchMail, type PlannedCheck } from './plan.js';

export const PATCHWORK_CHECK_CHANNEL = 'patchwork-check';

export interface PatchworkCheckOptions {
  /** The instance root (`https://patchwork.kernel.org`; an `/api/1.2` suffix is accepted). */
  base: string;
  /** API token of the bot's patchwork account; required when `send` is true. */
  token: string;
  /** Really POST (and only when the publish context is not dry-run). Default everywhere: false. */
  send: boolean;
  /** Where dry-run writes the JSON it would POST. */
  outDir: string;
  /** The check's target_url: where the report of this series version is. */
  reportUrl: (key: string, revision: number) => string;
  /** Context → analyzer ids (`input/*` for input findings); default DEFAULT_CHECK_GROUPS. */
  contexts?: Record<string, string[]>;
  /** patchwork project (link name) the patches are looked up in; default: any project. */
  project?: string;
  /** Timeouts and retries of the reads (a POST is never retried in-process). */
  http?: ClientHttp;
}

interface Run {
  input: PublishInput;
  ctx: ChannelContext;
  live: boolean;
  out: Outcome;
  log: Log;
}

export function createPatchworkCheckChannel(opts: PatchworkCheckOptions): Channel {
  const groups: CheckGroups = opts.contexts ?? DEFAULT_CHECK_GROUPS;
  validateGroups(groups);
  if (opts.send && !opts.token.trim()) {
    throw new Error(`patchwork-check: sending checks to ${opts.base} needs an API token (a patchwork user's token, see docs/channels/patchwork-check.md)`);
  }
  // A bad URL is a configuration error, said once here rather than once per patch.
  const client: PatchworkCheckClient = { base: normalizeBase(opts.base), token: opts.token.trim(), ...(opts.http ? { http: opts.http } : {}) };

  return {
    id: PATCHWORK_CHECK_CHANNEL,
    async publish(input: PublishInput, ctx: ChannelContext): Promise<Outcome> {
      const { key, revision } = input.version;
      const run: Run = {
        input,
        ctx,
        live: opts.send && !ctx.dryRun,
        out: { channel: PATCHWORK_CHECK_CHANNEL, published: 0, skipped: [], written: [], errors: [] },
        log: ctx.log,
      };
      // patchwork finds a patch by its Message-ID: one kvetch had to derive is not there.
      const derived = new Set(input.records.filter((r) => r.messageIdDerived).map((r) => r.messageId));
      const patches: PatchMail[] = input.series.patches.filter((p) => !derived.has(p.messageId) && p.fromRevision === undefined).map((p) => ({ messageId: p.messageId, index: p.index }));
      if (patches.length === 0) {
        run.out.skipped.push({ target: '', reason: 'nothing-to-report', why: 'no patch among the mails of this version' });
        return run.out;
      }
      const targetUrl = opts.reportUrl(key, revision);
      const planned = planChecks(patches, input.findings, { groups, targetUrl, pending: input.version.state !== 'done' });
      const known = await knownPatchIds(run);
      for (const p of patches) {
        let patchId = known.get(p.messageId);
        if (patchId === undefined) {
          try {
            patchId = await findPatchId(client, p.messageId, opts.project);
          } catch (e) {
            run.out.errors.push(errorText(e));
            continue;
          }
        }
        for (const check of planned.filter((c) => c.messageId === p.messageId)) await publishOne(run, client, opts, p, patchId, check);
      }
      return run.out;
    },
  };
}

async function publishOne(run: Run, client: PatchworkCheckClient, opts: PatchworkCheckOptions, patch: PatchMail, patchId: number, check: PlannedCheck): Promise<void> {
  const { store } = run.ctx;
  const { key, revision } = run.input.version;
  const target = `${patchId}:${check.body.context}`;
  const prev = await store.getPublication(key, revision, PATCHWORK_CHECK_CHANNEL, target);
  if (prev && (prev.state === 'sent' || prev.state === 'skipped') && prev.fingerprint === check.fingerprint) {
    run.out.skipped.push({ target, reason: 'already-done', why: prev.state === 'sent' ? 'already published' : 'already decided not to post' });
    return;
  }
  const notBefore = prev?.state === 'failed' ? askedUntil(prev.payload) : null;
  if (notBefore && notBefore.getTime() > run.ctx.now.getTime()) {
    run.out.skipped.push({ target, reason: 'not-yet', why: `patchwork asked us to come back at ${notBefore.toISOString()} (Retry-After)` });
    return;
  }
  const record = (state: 'intent' | 'sent' | 'failed' | 'skipped', extra: { externalId?: string; error?: string; attempts?: number; notBefore?: Date } = {}) =>
    store.putPublication({
      key,
      revision,
      channel: PATCHWORK_CHECK_CHANNEL,
      target,
      state,
      fingerprint: check.fingerprint,
      ...(extra.externalId ? { externalId: extra.externalId } : {}),
      payload: JSON.stringify({ messageId: patch.messageId, patchId, body: check.body, ...(extra.error ? { error: extra.error } : {}), ...(extra.notBefore ? { notBefore: extra.notBefore.toISOString() } : {}) }),
      ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}),
    });

  let latest;
  try {
    latest = await latestCheck(client, patchId, check.body.context);
  } catch (e) {
    run.out.errors.push(errorText(e));
    const asked = askedFor(e, run.ctx.now);
    if (run.live && asked) await record('failed', { error: errorText(e), attempts: prev?.attempts ?? 0, notBefore: asked });
    return;
  }
  const d = decide(latest, check.body, check.optional);
  if (!d.post) {
    run.out.skipped.push({ target, reason: d.reason, why: d.why });
    if (run.live) await record(d.unchanged ? 'sent' : 'skipped', latest ? { externalId: latest.url } : {});
    return;
  }
  const url = checksUrl(client.base, patchId);
  if (!run.live) {
    const path = dryRunPath(opts.outDir, key, revision, patchId, check.body.context);
    await writeDryRun(path, check.body);
    run.out.written.push(path);
    run.out.published++;
    run.log.info({ url, body: check.body, file: path }, 'dry-run: would post patchwork check');
    return;
  }
  const attempts = (prev?.attempts ?? 0) + 1;
  await record('intent', { attempts });
  try {
    const posted = await postCheck(client, patchId, check.body);
    await record('sent', { externalId: posted.url, attempts });
    run.out.published++;
    run.log.info({ url: posted.url, state: check.body.state, context: check.body.context }, 'posted patchwork check');
  } catch (e) {
    const asked = askedFor(e, run.ctx.now);
    await record('failed', { error: errorText(e), attempts, ...(asked ? { notBefore: asked } : {}) });
    run.out.errors.push(errorText(e));
    run.log.warn({ url, err: errorText(e), attempts }, 'patchwork check not posted; retried on the next publish');
  }
}

/** Message-ID → patch id from this version's earlier publications (saves a lookup per patch). */
async function knownPatchIds(run: Run): Promise<Map<string, number>> {
  const { key, revision } = run.input.version;
  const out = new Map<string, number>();
  for (const p of await run.ctx.store.listPublications({ channel: PATCHWORK_CHECK_CHANNEL })) {
    if (p.key !== key || p.revision !== revision || !p.payload) continue;
    try {
      const v = JSON.parse(p.payload) as { messageId?: unknown; patchId?: unknown };
      if (typeof v.messageId === 'string' && typeof v.patchId === 'number') out.set(v.messageId, v.patchId);
    } catch {
      // A payload this channel did not write: ignore it, the lookup will be done again.
    }
  }
  return out;
}

/** When a 429/503 asked us to come back (its Retry-After), or null. */
function askedFor(e: unknown, now: Date): Date | null {
  return e instanceof HttpError && e.retryAfterMs ? new Date(now.getTime() + e.retryAfterMs) : null;
}

/** The `notBefore` a failed publication kept, or null. */
function askedUntil(payload: string | undefined): Date | null {
  try {
    const v = (JSON.parse(payload ?? '{}') as { notBefore?: unknown }).notBefore;
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? null : new Date(t);
  } catch {
    return null;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
