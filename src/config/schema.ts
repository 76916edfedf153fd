/**
 * kvetch.yml, the daemon's config: sources to follow, where state lives, timing. One zod
 * schema; unknown keys are errors (a typo must not silently disable a source).
 */
import { z } from 'zod';
import { emailChannelSchema } from '../report/email/config.js';
import { patchworkCheckSchema } from '../report/patchwork/config.js';

const seconds = z.number().positive();
const id = z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

const lore = z
  .object({
    type: z.literal('lore'),
    id: id.optional(),
    base: z.url().default('https://lore.kernel.org'),
    list: z.string().min(1),
    /** `now` (default): only mail that arrives after the first poll; `beginning`: the whole archive. */
    start: z.enum(['now', 'beginning']).default('now'),
  })
  .strict();

const patchwork = z
  .object({
    type: z.literal('patchwork'),
    id: id.optional(),
    base: z.url(),
    project: z.string().min(1),
    /** Name of the environment variable holding the API token (never the token itself). */
    tokenEnv: z.string().optional(),
  })
  .strict();

const mailman = z
  .object({
    type: z.literal('mailman'),
    id: id.optional(),
    /** The list's archive root (`https://lists.example.org/pipermail/foo/`); the current month is read. */
    archive: z.url(),
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('type', [lore, patchwork, mailman]);

export const configSchema = z
  .object({
    /** `postgres://…` or a SQLite file; default: the user's state directory. */
    db: z.string().optional(),
    /** Kernel tree for tree-aware analyzers (--tree). */
    tree: z.string().optional(),
    /** Seconds between polls (default 300). */
    pollInterval: seconds.default(300),
    /** Seconds to wait after an incomplete series' last mail for late patches (default 600). */
    gracePeriod: z.number().nonnegative().default(600),
    /** Seconds a worker holds a series before another may take it over (default 900). */
    lease: seconds.default(900),
    /** Mail older than this many days is not re-assembled (default 14). */
    assemblyWindowDays: seconds.default(14),
    sources: z.array(sourceSchema).min(1),
    channels: z
      .object({
        log: z.object({ enabled: z.boolean().default(true) }).strict().default({ enabled: true }),
        patchworkCheck: patchworkCheckSchema.optional(),
        email: emailChannelSchema.optional(),
      })
      .strict()
      .default({ log: { enabled: true } }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;

/** A source's id: given, or derived from what it follows. */
export function sourceId(s: SourceConfig): string {
  if (s.id) return s.id;
  if (s.type === 'lore') return `lore:${s.list}`;
  if (s.type === 'patchwork') return `patchwork:${s.project}`;
  return `mailman:${s.archive.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`;
}
