/** Trailers as the JSON report writes them (docs/json-output.md, schema 3): fixed key order, optional keys omitted. */
import type { CollectedTrailer, ParsedTrailer } from '../../model/trailer.js';

export interface JsonTrailer {
  key: string;
  value: string;
  name?: string;
  address?: string;
}

export interface JsonCollectedTrailer extends JsonTrailer {
  messageId: string;
  from: string;
  status: CollectedTrailer['status'];
  viaCover?: true;
  reason?: string;
  given?: number;
}

export function trailer(t: ParsedTrailer): JsonTrailer {
  return { key: t.key, value: t.value, ...(t.person ? { name: t.person.name, address: t.person.address } : {}) };
}

export function collected(t: CollectedTrailer): JsonCollectedTrailer {
  return {
    ...trailer(t),
    messageId: t.messageId,
    from: t.from,
    status: t.status,
    ...(t.viaCover ? { viaCover: true as const } : {}),
    ...(t.reason !== undefined ? { reason: t.reason } : {}),
    ...(t.given !== undefined ? { given: t.given } : {}),
  };
}
