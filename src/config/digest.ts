/**
 * The `digest:` section of kvetch.yml: the weekly digest per maintainer, when it is sent
 * (wall-clock weekday and hour in an IANA timezone), to whom, and whether for real. Sending
 * uses `channels.email`'s `from` and `smtp` (checked in schema.ts, which sees both sections).
 * Unknown keys are errors.
 */
import { z } from 'zod';

export const DIGEST_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const DIGEST_DEFAULTS = { enabled: false, weekday: 'monday', hour: 7, timezone: 'UTC', reviewers: false, historyWeeks: 8, send: false } as const;

/** Does the runtime know this IANA timezone name? */
function knownTimezone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'an address like name@example.org (a person or a list)');

export const digestConfigSchema = z
  .object({
    enabled: z.boolean().default(DIGEST_DEFAULTS.enabled),
    weekday: z.enum(DIGEST_WEEKDAYS).default(DIGEST_DEFAULTS.weekday),
    /** 0–23, wall clock in `timezone`. */
    hour: z.number().int().min(0).max(23).default(DIGEST_DEFAULTS.hour),
    timezone: z
      .string()
      .refine(knownTimezone, { error: (i) => `unknown timezone "${String(i.input)}" (an IANA name like UTC, Europe/Berlin, America/New_York)` })
      .default(DIGEST_DEFAULTS.timezone),
    /** `all`: every maintainer (M:) with something to report; or these addresses (people or lists). */
    recipients: z.union([z.literal('all'), z.array(address).min(1)]).optional(),
    /** With `recipients: all`, reviewers (R:) get one too. */
    reviewers: z.boolean().default(DIGEST_DEFAULTS.reviewers),
    /** Weeks of export history in each digest. */
    historyWeeks: z.number().int().positive().default(DIGEST_DEFAULTS.historyWeeks),
    /** Renderings and dry-run mails; default `<state dir>/digest` (relative to kvetch.yml). */
    outDir: z.string().min(1).optional(),
    /** false (default): write .eml files to outDir instead of mailing (the daemon's --send is needed too). */
    send: z.boolean().default(DIGEST_DEFAULTS.send),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.enabled && d.recipients === undefined) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'required when the digest is enabled: "all" or a list of addresses' });
  });

export type DigestConfig = z.infer<typeof digestConfigSchema>;

/** The checks that need other sections: the digest's tree and its mail settings. */
export function digestConfigProblems(c: { digest?: DigestConfig | undefined; tree?: string | undefined; channels: Record<string, unknown> }): { path: string[]; message: string }[] {
  const d = c.digest;
  if (!d?.enabled) return [];
  const out: { path: string[]; message: string }[] = [];
  if (c.tree === undefined) out.push({ path: ['digest', 'enabled'], message: 'the digest needs `tree:` (a kernel tree whose MAINTAINERS says who looks after what)' });
  if (d.send && c.channels.email === undefined) out.push({ path: ['digest', 'send'], message: 'sending the digest needs `channels.email` (its `from` and `smtp` are used)' });
  return out;
}
