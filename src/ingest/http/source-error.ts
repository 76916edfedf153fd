/** A live source answered, but not with what its API documents (bad JSON, missing fields). */
import { UserError } from '../../model/errors.js';
export class SourceError extends UserError {
  constructor(
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
