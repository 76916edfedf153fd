/** A live source answered, but not with what its API documents (bad JSON, missing fields). */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
