/** A review trailer kvetch understood (mail/reply-trailers.ts): canonical key, value as written. */
export interface ParsedTrailer {
  /** Canonical spelling: `Reviewed-by`, `Fixes`, `Cc`… */
  key: string;
  value: string;
  /** Person trailers (`Reviewed-by`, `Acked-by`, `Cc`…): the name and the lower-cased address. */
  person?: { name: string; address: string };
}

/** A trailer given in a reply, as it applies to one patch. */
export interface CollectedTrailer extends ParsedTrailer {
  /** Message-ID of the mail that gave it. */
  messageId: string;
  /** Address of that mail's sender. */
  from: string;
  /** Given to the cover letter: it applies to every patch of the version. */
  viaCover?: true;
  /**
   * applied: it counts; reported: a person trailer naming someone other than the sender
   * (`reason` says so); carried: given to the same, unchanged patch of version `given`;
   * changed: given on version `given` to a patch that changed since.
   */
  status: 'applied' | 'reported' | 'carried' | 'changed';
  reason?: string;
  /** The version it was given on (carried and changed only). */
  given?: number;
}

/** Per series: how far review went. */
export interface SeriesReview {
  /** Patches (1..total) with an applied or carried Reviewed-by or Acked-by, or such a trailer of their own. */
  reviewed: number;
  total: number;
  /** Who gave those, `Name <address>`, each once, in order of appearance. */
  by: string[];
  /** Collected trailers reported, not applied (the sender is not the person named). */
  reported: number;
  /** Trailer lines in the replies ignored as HTML-mangled or malformed. */
  ignored: number;
}
