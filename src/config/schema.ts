/**
 * kvetch.yml, the daemon's config: where state lives, timing, the sources to follow and the
 * channels to publish on. One zod schema, assembled from the source and channel registries
 * it is handed (config/ imports neither); unknown keys are errors (a typo must not silently
 * disable a source).
 */
import { z } from 'zod';
import type { ChannelDefinition } from '../model/channel.js';
import type { Source, SourceConfigBase } from '../model/source.js';
import { digestConfigProblems, digestConfigSchema, type DigestConfig } from './digest.js';

/** What the schema is assembled from: ingest/index.ts and report/index.ts. */
export interface Registries {
  sources: readonly Source[];
  channels: readonly ChannelDefinition[];
}

const seconds = z.number().positive();

const core = {
  /** `postgres://…` or a SQLite file (relative to kvetch.yml); default: the user's state directory. */
  db: z.string().optional(),
  /** Kernel tree for tree-aware analyzers (--tree), relative to kvetch.yml. */
  tree: z.string().optional(),
  /** Seconds between polls (default 300). */
  pollInterval: seconds.default(300),
  /** Seconds to wait after an incomplete series' last mail for late patches (default 600). */
  gracePeriod: z.number().nonnegative().default(600),
  /** Seconds a worker holds a series before another may take it over (default 900). */
  lease: seconds.default(900),
  /** Mail older than this many days is not assembled again (default 14). */
  assemblyWindowDays: seconds.default(14),
  /** The weekly digest per maintainer (config/digest.ts); off when absent. */
  digest: digestConfigSchema.optional(),
};

/** A source section: its type, its id, and its own keys (checked by its source's schema). */
export type SourceConfig = SourceConfigBase & Readonly<Record<string, unknown>>;

export interface Config {
  db?: string | undefined;
  tree?: string | undefined;
  pollInterval: number;
  gracePeriod: number;
  lease: number;
  assemblyWindowDays: number;
  digest?: DigestConfig | undefined;
  sources: SourceConfig[];
  /** Channel sections by their key (`email`, `patchworkCheck`), each checked by its channel's schema. */
  channels: Record<string, unknown>;
}

export function buildConfigSchema(r: Registries): z.ZodType<Config> {
  const followed = r.sources.filter((s) => s.config && s.poll !== undefined).map((s) => s.config as unknown as z.ZodObject);
  if (followed.length === 0) throw new Error('no source can be followed: the source registry is empty');
  const sources = z.discriminatedUnion('type', followed as [z.ZodObject, ...z.ZodObject[]]);
  const shape: Record<string, z.ZodType> = {};
  const defaults: Record<string, unknown> = {};
  for (const c of r.channels) {
    const section = c.config as z.ZodType;
    shape[c.configKey] = c.defaultConfig ? section.default(c.defaultConfig) : section.optional();
    if (c.defaultConfig) defaults[c.configKey] = c.defaultConfig;
  }
  return z
    .object({ ...core, sources: z.array(sources).min(1), channels: z.object(shape).strict().default(defaults) })
    .strict()
    .superRefine((c, ctx) => {
      for (const p of digestConfigProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
    }) as unknown as z.ZodType<Config>;
}

/** A source's id: given, or derived from what it follows (`lore:kvm`). */
export function sourceId(s: SourceConfig, sources: readonly Source[]): string {
  if (s.id) return s.id;
  const def = sources.find((x) => x.type === s.type);
  return def?.defaultId ? def.defaultId(s) : s.type;
}
