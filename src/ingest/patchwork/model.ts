/**
 * The parts of patchwork's REST API (v1.2, docs/api/schemas/v1.2/patchwork.yaml) that kvetch
 * reads, as zod schemas: responses are checked, unknown fields are kept, missing required
 * fields are an error naming the URL. Dates are patchwork's: ISO 8601, usually without a zone
 * (UTC), sometimes with microseconds.
 */
import { z } from 'zod';

const nullableString = z.string().nullable();

export const pwPerson = z.looseObject({ id: z.number(), name: nullableString.optional(), email: z.string() });

export const pwProjectEmbedded = z.looseObject({
  id: z.number(),
  url: z.string(),
  name: z.string(),
  link_name: z.string(),
  list_id: z.string().optional(),
  list_email: z.string().optional(),
});

export const pwUser = z.looseObject({ id: z.number(), username: z.string() });

/** A patch or cover letter as embedded in a series or an event. */
export const pwSubmissionEmbedded = z.looseObject({
  id: z.number(),
  url: z.string(),
  web_url: z.string().optional(),
  msgid: z.string(),
  date: z.string(),
  name: z.string(),
  mbox: z.string(),
});

export const pwSeriesEmbedded = z.looseObject({
  id: z.number(),
  url: z.string(),
  web_url: z.string().optional(),
  name: nullableString,
  date: z.string(),
  version: z.number(),
  mbox: z.string(),
});

export const pwSeries = z.looseObject({
  id: z.number(),
  url: z.string(),
  web_url: z.string().optional(),
  project: pwProjectEmbedded,
  name: nullableString,
  date: z.string(),
  submitter: pwPerson,
  version: z.number(),
  total: z.number(),
  received_total: z.number(),
  received_all: z.boolean(),
  mbox: z.string(),
  cover_letter: pwSubmissionEmbedded.nullable(),
  patches: z.array(pwSubmissionEmbedded),
});

export const pwPatch = z.looseObject({
  id: z.number(),
  url: z.string(),
  web_url: z.string().optional(),
  project: pwProjectEmbedded,
  msgid: z.string(),
  date: z.string(),
  name: z.string(),
  state: z.string(),
  archived: z.boolean().optional(),
  submitter: pwPerson,
  mbox: z.string(),
  series: z.array(pwSeriesEmbedded),
  check: z.string().optional(),
  checks: z.string().optional(),
});

export const pwEvent = z.looseObject({
  id: z.number(),
  category: z.string(),
  project: pwProjectEmbedded,
  date: z.string(),
  actor: pwUser.nullable().optional(),
  payload: z.looseObject({ series: pwSeriesEmbedded.optional() }),
});

export const pwCheck = z.looseObject({
  id: z.number(),
  url: z.string(),
  user: pwUser.nullable().optional(),
  date: z.string(),
  state: z.enum(['pending', 'success', 'warning', 'fail']),
  target_url: nullableString,
  context: z.string(),
  description: nullableString,
});

export type PwPerson = z.infer<typeof pwPerson>;
export type PwProjectEmbedded = z.infer<typeof pwProjectEmbedded>;
export type PwSubmissionEmbedded = z.infer<typeof pwSubmissionEmbedded>;
export type PwSeriesEmbedded = z.infer<typeof pwSeriesEmbedded>;
export type PwSeries = z.infer<typeof pwSeries>;
export type PwPatch = z.infer<typeof pwPatch>;
export type PwEvent = z.infer<typeof pwEvent>;
export type PwCheck = z.infer<typeof pwCheck>;
