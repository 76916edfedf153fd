/** A JSON response checked against a schema; errors name the URL and the first bad field. */
import type { z } from 'zod';
import type { HttpResponse } from './client.js';
import { SourceError } from './source-error.js';

export function parseJsonResponse<T>(res: HttpResponse, schema: z.ZodType<T>, apiName: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(res.body.toString('utf8'));
  } catch (e) {
    throw new SourceError(`${res.url}: response is not JSON (${(e as Error).message}); is this a ${apiName} API URL?`, res.url);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(top level)' : '?';
    throw new SourceError(`${res.url}: unexpected ${apiName} response: ${where}: ${issue?.message ?? 'invalid'}`, res.url);
  }
  return parsed.data;
}
