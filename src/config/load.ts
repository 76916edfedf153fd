/** Read and check kvetch.yml: errors name the file and the key ("Invalid config in f: sources.0.list: …"). */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../model/errors.js';
import { buildConfigSchema, sourceId, type Config, type Registries } from './schema.js';

export class ConfigError extends UserError {
  override name = 'ConfigError';
}

/** The config file, its relative paths (db, tree) taken from its own directory. */
export function loadConfig(file: string, r: Registries): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}; pass an existing file to --config`);
  }
  return parseConfig(text, file, r);
}

export function parseConfig(text: string, file: string, r: Registries): Config {
  const doc = parseDocument(text, { prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) throw new ConfigError(`Invalid config in ${file}: line ${(yamlError.linePos?.[0]?.line ?? 0) || '?'}: ${yamlError.message.split('\n')[0]}`);
  const parsed = buildConfigSchema(r).safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(top level)';
    const extra = issue && 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
    throw new ConfigError(`Invalid config in ${file}: ${path}: ${issue?.message ?? 'invalid'}${extra}`);
  }
  const ids = parsed.data.sources.map((s) => sourceId(s, r.sources));
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) throw new ConfigError(`Invalid config in ${file}: sources: two sources have the id ${dup}; give one an explicit id`);
  const c = parsed.data;
  const here = dirname(resolve(file));
  const local = (p: string | undefined): string | undefined => (p === undefined || isAbsolute(p) || /^[a-z][a-z0-9+.-]*:/i.test(p) ? p : resolve(here, p));
  const outDir = c.digest?.outDir;
  return {
    ...c,
    ...(c.db !== undefined ? { db: local(c.db) } : {}),
    ...(c.tree !== undefined ? { tree: local(c.tree) } : {}),
    ...(c.digest && outDir !== undefined ? { digest: { ...c.digest, outDir: local(outDir) } } : {}),
  };
}

/** The directory a config's relative paths are relative to. */
export function configDir(file: string): string {
  return dirname(resolve(file));
}
