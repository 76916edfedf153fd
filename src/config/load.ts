/** Read and check kvetch.yml: errors name the file and the key ("Invalid config in f: sources.0.list: …"). */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { configSchema, sourceId, type Config } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}; pass an existing file to --config`);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): Config {
  const doc = parseDocument(text, { prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) throw new ConfigError(`Invalid config in ${file}: line ${(yamlError.linePos?.[0]?.line ?? 0) || '?'}: ${yamlError.message.split('\n')[0]}`);
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(top level)';
    const extra = issue && 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
    throw new ConfigError(`Invalid config in ${file}: ${path}: ${issue?.message ?? 'invalid'}${extra}`);
  }
  const ids = parsed.data.sources.map(sourceId);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) throw new ConfigError(`Invalid config in ${file}: sources: two sources have the id ${dup}; give one an explicit id`);
  return parsed.data;
}
