/**
 * `.github/kvetch.yml`: a repository's rules for the GitHub app, read from its default branch
 * only (a pull request cannot change its own rules). One zod schema in kvetch.yml's style:
 * unknown keys are errors, and an error names the key ("analyzers.symbol-export: …").
 *
 *   analyzers: { symbol-exports: warning, header-move: off }   # on/off or a severity
 *   failLevel: error            # error | warning | info | none: the check fails at or above it
 *   ignorePaths: [Documentation/, '**\/*.rst']
 *   drafts: false               # review draft pull requests too
 *   maxComments: 50             # line comments per push at most, the most severe first (0: no limit)
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Finding, Severity } from '../model/finding.js';
import type { FailLevel } from '../model/pull-request.js';
import { globToRegExp, matchesAny } from '../util/glob.js';

export const REPO_CONFIG_PATH = '.github/kvetch.yml';

const severity = z.enum(['error', 'warning', 'info']);

export interface RepoConfig {
  analyzers: Record<string, boolean | 'off' | Severity>;
  failLevel: FailLevel;
  ignorePaths: string[];
  drafts: boolean;
  maxComments: number;
}

export function repoConfigSchema(analyzerIds: readonly string[]): z.ZodType<RepoConfig> {
  const known = new Set(analyzerIds);
  const setting = z.union([z.boolean(), z.literal('off'), severity]);
  return z
    .object({
      analyzers: z
        .record(z.string(), setting)
        .superRefine((rec, ctx) => {
          for (const k of Object.keys(rec)) {
            if (!known.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown analyzer (known: ${[...known].join(', ')})` });
          }
        })
        .default({}),
      failLevel: z.enum(['error', 'warning', 'info', 'none']).default('error'),
      ignorePaths: z.array(z.string().min(1)).default([]),
      drafts: z.boolean().default(false),
      maxComments: z.number().int().nonnegative().default(50),
    })
    .strict();
}

export type RepoConfigResult = { ok: true; config: RepoConfig } | { ok: false; error: string };

/** The file's text checked; `null` (no file) gives the defaults. Never throws. */
export function parseRepoConfig(text: string | null, analyzerIds: readonly string[]): RepoConfigResult {
  const schema = repoConfigSchema(analyzerIds);
  let value: unknown = {};
  if (text !== null) {
    const doc = parseDocument(text, { prettyErrors: false });
    const e = doc.errors[0];
    if (e) return { ok: false, error: `${REPO_CONFIG_PATH}: line ${text.slice(0, e.pos[0]).split('\n').length}: ${e.message.split('\n')[0]}` };
    value = doc.toJS() ?? {};
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(top level)';
  const extra = issue && 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
  return { ok: false, error: `${REPO_CONFIG_PATH}: ${path}: ${issue?.message ?? 'invalid'}${extra}` };
}

/** The findings under the repository's rules: analyzers turned off dropped, severities set, ignored paths left out. */
export function applyRepoConfig(findings: readonly Finding[], c: RepoConfig): Finding[] {
  const ignored = c.ignorePaths.map(globToRegExp);
  const out: Finding[] = [];
  for (const f of findings) {
    const s = c.analyzers[f.ruleId];
    if (s === false || s === 'off') continue;
    if (f.location && matchesAny(f.location.path, ignored)) continue;
    if (typeof s === 'string' && f.versions?.status !== 'fixed') out.push({ ...f, severity: s });
    else out.push(f);
  }
  return out;
}
