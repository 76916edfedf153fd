/**
 * An error the user can fix (a missing file, a bad reference, a server that refused, a bad
 * config): the CLI prints its message and exits 2. Anything else that escapes is a bug in
 * kvetch. Every step's own error classes extend it, so the CLI needs no list of them.
 */
export class UserError extends Error {
  override name = 'UserError';
}
