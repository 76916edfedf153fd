/**
 * The `channels.email` section of kvetch.yml (zod, unknown keys are errors) and its mapping to
 * createEmailChannel's options. The SMTP password is never in the file: `passwordEnv` names the
 * environment variable holding it. Defaults: muted lists, dry-run, files in the state directory.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ANALYZERS } from '../../analyzers/index.js';
import type { EmailChannelOptions } from './channel.js';
import { POLICY_DEFAULTS } from './policy.js';
import { RETRY_DEFAULTS } from './never-spam.js';

const analyzerIds = (): string[] => ANALYZERS.map((a) => a.meta.id);
const analyzerId = z.string().refine((id) => analyzerIds().includes(id), { error: (i) => `unknown analyzer "${String(i.input)}" (known: ${analyzerIds().join(', ')})` });
const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'an address like name@example.org');

export const listPolicySchema = z
  .object({
    /** Source id (`lore:kvm`) or list address (`kvm@vger.kernel.org`). */
    list: z.string().min(1),
    enabled: z.boolean().default(POLICY_DEFAULTS.enabled),
    minSeverity: z.enum(['error', 'warning', 'info']).default(POLICY_DEFAULTS.minSeverity),
    analyzers: z.array(analyzerId).min(1).optional(),
    cc: z
      .object({ maintainers: z.boolean().default(false), extra: z.array(address).default([]) })
      .strict()
      .optional(),
    embargoMinutes: z.number().nonnegative().default(POLICY_DEFAULTS.embargoMinutes),
    maxPerHour: z.number().int().positive().default(POLICY_DEFAULTS.maxPerHour),
  })
  .strict();

export const emailChannelSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** `kvetch bot <kvetch@example.org>`: a From that says it is a bot. */
    from: z.string().regex(/[^\s@<>]+@[^\s@<>]+/, 'an address, e.g. "kvetch bot <kvetch@example.org>"'),
    /** false (default): write .eml files to outDir instead of sending. */
    send: z.boolean().default(false),
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(25),
        secure: z.boolean().default(false),
        starttls: z.boolean().optional(),
        auth: z.object({ user: z.string().min(1), passwordEnv: z.string().min(1) }).strict().optional(),
        timeoutSeconds: z.number().positive().default(30),
      })
      .strict(),
    /** Dry-run .eml files; default `<state dir>/email-outbox`. */
    outDir: z.string().min(1).optional(),
    /** The send log; default `<state dir>/email-send-log.jsonl`. */
    sendLog: z.string().min(1).optional(),
    /** URL under which kvetch's `docs/` is served: replies link `<docsBase>/docs/analyzers/<id>.md`. */
    docsBase: z.url(),
    /** How to reach the humans running the bot (named in every reply). */
    contact: z.string().min(1).optional(),
    retry: z
      .object({
        maxAttempts: z.number().int().positive().default(RETRY_DEFAULTS.maxAttempts),
        backoffMinutes: z.number().positive().default(RETRY_DEFAULTS.backoffMinutes),
        inFlightMinutes: z.number().positive().default(RETRY_DEFAULTS.inFlightMinutes),
      })
      .strict()
      .optional(),
    policies: z.array(listPolicySchema).default([]),
  })
  .strict();

export type EmailChannelConfig = z.infer<typeof emailChannelSchema>;

/**
 * createEmailChannel's options from the parsed section. `stateDir` holds the default outbox and
 * send log; the password is read from `env[smtp.auth.passwordEnv]` (an unset variable is an
 * error naming the key and the variable).
 */
export function emailChannelOptions(cfg: EmailChannelConfig, o: { stateDir: string; env?: NodeJS.ProcessEnv }): EmailChannelOptions {
  const env = o.env ?? process.env;
  let auth: { user: string; pass: string } | undefined;
  if (cfg.smtp.auth) {
    const pass = env[cfg.smtp.auth.passwordEnv];
    if (pass === undefined || pass === '') {
      throw new Error(`channels.email.smtp.auth.passwordEnv: the environment variable ${cfg.smtp.auth.passwordEnv} is not set (it must hold the SMTP password)`);
    }
    auth = { user: cfg.smtp.auth.user, pass };
  }
  return {
    from: cfg.from,
    send: cfg.send,
    smtp: {
      host: cfg.smtp.host,
      port: cfg.smtp.port,
      secure: cfg.smtp.secure,
      ...(cfg.smtp.starttls !== undefined ? { starttls: cfg.smtp.starttls } : {}),
      ...(auth ? { auth } : {}),
      timeoutMs: cfg.smtp.timeoutSeconds * 1000,
    },
    outDir: cfg.outDir ?? join(o.stateDir, 'email-outbox'),
    sendLogPath: cfg.sendLog ?? join(o.stateDir, 'email-send-log.jsonl'),
    docsBase: cfg.docsBase,
    ...(cfg.contact ? { contact: cfg.contact } : {}),
    ...(cfg.retry ? { retry: cfg.retry } : {}),
    policies: cfg.policies,
  };
}
