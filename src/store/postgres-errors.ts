/**
 * PostgreSQL failures as sentences a user can act on: which server (host:port/database, never
 * the password) and what to check (`--db`, the server, the login, migrate).
 */

export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** host, port, database and user of a postgres:// URL; an unparseable URL is an error saying so. */
export function pgTarget(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid PostgreSQL URL in --db (expected postgres://user:password@host:port/database): ${redact(url)}`);
  }
  const host = decodeURIComponent(u.hostname || u.searchParams.get('host') || 'localhost');
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return { host, port: Number(u.port || 5432), database, user: decodeURIComponent(u.username) || '(default user)' };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/** An Error naming the server and what to do, for a failure of the pg driver or the server. */
export function explainPgError(e: unknown, t: PgTarget): Error {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const where = `${t.host}:${t.port}`;
  const code = err.code ?? '';
  if (CONNECT_CODES.has(code) || /timeout|terminated unexpectedly|Connection terminated/i.test(msg) || code.startsWith('08') || code.startsWith('57P')) {
    return new Error(`cannot connect to PostgreSQL at ${where} (${msg}): check that the server is running and accepts TCP connections there, and check --db`, { cause: e });
  }
  if (code === '28P01' || code === '28000') {
    return new Error(`PostgreSQL at ${where} refused the login of user ${t.user} (${msg}): check the user and password in --db`, { cause: e });
  }
  if (code === '3D000') {
    return new Error(`database "${t.database}" does not exist on PostgreSQL at ${where}: create it (createdb ${t.database}) or fix --db`, { cause: e });
  }
  if (code === '42P01') {
    return new Error(`PostgreSQL database "${t.database}" at ${where} has no kvetch schema yet (${msg}): call migrate() first`, { cause: e });
  }
  return new Error(`PostgreSQL ${where}/${t.database}: ${msg}`, { cause: e });
}
