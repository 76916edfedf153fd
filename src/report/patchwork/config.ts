/**
 * The patchwork check channel in kvetch.yml (`channels.patchworkCheck`), and the channel
 * options built from it. The token never sits in the file: `tokenEnv` names the environment
 * variable that holds it.
 */
import { z } from 'zod';
import { GROUP_NAME_RE, validateGroups } from '../check-groups.js';
import type { PatchworkCheckOptions } from './channel.js';

export const patchworkCheckSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Instance root, e.g. https://patchwork.kernel.org. */
    base: z.url(),
    /** Project link name the patches are looked up in (recommended: a Message-ID can be in several). */
    project: z.string().min(1).optional(),
    /** Name of the environment variable holding the API token (never the token itself). */
    tokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('KVETCH_PATCHWORK_TOKEN'),
    /** Really POST checks; false (the default) writes what would be posted to outDir. */
    send: z.boolean().default(false),
    /** Dry-run output directory (default: <state dir>/patchwork-checks, chosen by the caller). */
    outDir: z.string().min(1).optional(),
    /** target_url of every check: `{key}` and `{revision}` are replaced (URL-encoded). */
    reportUrl: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL, with {key} and {revision} placeholders'),
    /** Context name → analyzer ids (`input/*` for input findings). */
    contexts: z
      .record(z.string().regex(GROUP_NAME_RE, "a patchwork context: letters, digits, '_' and '-'"), z.array(z.string().min(1)).min(1))
      .optional()
      .superRefine((v, ctx) => {
        if (!v) return;
        try {
          validateGroups(v);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
        }
      }),
  })
  .strict();

export type PatchworkCheckConfig = z.infer<typeof patchworkCheckSchema>;

/** `https://r.example/{key}/v{revision}` → a reportUrl function. */
export function reportUrlFromTemplate(template: string): (key: string, revision: number) => string {
  return (key, revision) => template.replaceAll('{key}', encodeURIComponent(key)).replaceAll('{revision}', String(revision));
}

/**
 * Channel options from the parsed config: the token from `env[tokenEnv]` (an error when `send`
 * is on and it is unset or empty, naming the variable).
 */
export function patchworkCheckOptions(c: PatchworkCheckConfig, o: { env: NodeJS.ProcessEnv; defaultOutDir: string }): PatchworkCheckOptions {
  const token = o.env[c.tokenEnv]?.trim() ?? '';
  if (c.send && !token) throw new Error(`channels.patchworkCheck: send is on but $${c.tokenEnv} is unset or empty (the patchwork API token)`);
  return {
    base: c.base,
    token,
    send: c.send,
    outDir: c.outDir ?? o.defaultOutDir,
    reportUrl: reportUrlFromTemplate(c.reportUrl),
    ...(c.contexts ? { contexts: c.contexts } : {}),
    ...(c.project ? { project: c.project } : {}),
  };
}
