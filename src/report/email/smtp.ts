/**
 * Sending a rendered message over SMTP with nodemailer's SMTPConnection, the one module that
 * knows it: one connection per mail. The caller may run a hook after the server's 354 and the
 * last byte of the mail, before the final dot (the send log's record that the server may now
 * hold the mail). Errors become SmtpError: which server, which Message-ID, the server's reply,
 * and whether it is worth retrying soon (4xx, a dropped or refused connection) or a refusal (5xx).
 */
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). */
  secure?: boolean;
  /** true: require STARTTLS; false: never use it; unset: use it when offered. */
  starttls?: boolean;
  auth?: { user: string; pass: string };
  /** Milliseconds to wait for the connection, the greeting and each reply (default 30 s). */
  timeoutMs?: number;
}

export interface SmtpAccepted {
  /** The server's final reply (`250 …`). */
  response: string;
  /** Recipients the server refused while accepting the message for the others. */
  rejected: string[];
}

export interface Sender {
  /** Where it sends, for messages: `host:port`. */
  readonly where: string;
  /**
   * Send one mail. `beforeDataEnd` runs once the server has said 354 and the whole mail is
   * given, before the final dot; if it throws, the dot is not sent and the send fails.
   */
  send(envelope: { from: string; to: string[] }, raw: Buffer, messageId: string, beforeDataEnd?: () => void): Promise<SmtpAccepted>;
  close(): void;
}

export class SmtpError extends Error {
  constructor(
    message: string,
    /** The SMTP reply code, when the server gave one. */
    readonly responseCode: number | undefined,
    /** 5xx: the server refused the message. */
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmtpError';
  }
}

/** An SmtpError naming the server and the Message-ID. */
export function explainSmtpError(e: unknown, where: string, messageId: string): SmtpError {
  const err = e as { responseCode?: number; code?: string; response?: string; message?: string };
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const reply = (err.response ?? err.message ?? String(e)).trim();
  if (code !== undefined) {
    const permanent = code >= 500;
    return new SmtpError(`SMTP server ${where} ${permanent ? 'refused' : 'deferred'} ${messageId}: ${reply}`, code, permanent, { cause: e });
  }
  return new SmtpError(`SMTP server ${where}: connection failed while sending ${messageId} (${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)})`, undefined, false, { cause: e });
}

export function createSmtpSender(o: SmtpOptions): Sender {
  const timeout = o.timeoutMs ?? 30_000;
  const where = `${o.host}:${o.port}`;
  const open = new Set<SMTPConnection>();
  return {
    where,
    async send(envelope, raw, messageId, beforeDataEnd) {
      const body = beforeDataEnd ? bodyThen(raw, beforeDataEnd) : raw;
      try {
        return await session(o, timeout, open, envelope, body);
      } catch (e) {
        // Only the hook destroys the stream with an error (nodemailer destroys it without one).
        const hookError = body instanceof Readable ? body.errored : null;
        if (hookError) throw new SmtpError(`${messageId} was not sent to SMTP server ${where}: ${hookError.message}`, undefined, false, { cause: hookError });
        throw explainSmtpError(e, where, messageId);
      }
    },
    close() {
      for (const c of open) c.close();
      open.clear();
    },
  };
}

/**
 * The mail as a stream that calls `hook` after the last byte and before it ends: SMTPConnection
 * pipes it into the DATA only after the server's 354, and writes the final dot only once it
 * ends. A hook that throws destroys the stream, so the dot is never sent.
 */
function bodyThen(raw: Buffer, hook: () => void): Readable {
  let given = false;
  return new Readable({
    read() {
      if (!given) {
        given = true;
        this.push(raw);
        return;
      }
      try {
        hook();
      } catch (e) {
        this.destroy(e as Error);
        return;
      }
      this.push(null);
    },
  });
}

/** One connection: greeting, STARTTLS as configured, AUTH when configured, one mail, QUIT. */
function session(o: SmtpOptions, timeout: number, open: Set<SMTPConnection>, envelope: { from: string; to: string[] }, body: Buffer | Readable): Promise<SmtpAccepted> {
  return new Promise((resolve, reject) => {
    const c = new SMTPConnection({
      host: o.host,
      port: o.port,
      secure: o.secure ?? false,
      ...(o.starttls === true ? { requireTLS: true } : o.starttls === false ? { ignoreTLS: true } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    open.add(c);
    let done = false;
    const finish = (err: Error | null, ok?: SmtpAccepted) => {
      if (done) return;
      done = true;
      open.delete(c);
      if (err) {
        c.close();
        reject(err);
      } else {
        c.quit();
        resolve(ok!);
      }
    };
    c.on('error', (e: Error) => finish(e));
    c.on('end', () => finish(new Error('the server closed the connection')));
    const send = () =>
      c.send(envelope, body, (err, info) => {
        if (err) return finish(err);
        finish(null, { response: String(info.response ?? ''), rejected: (info.rejected ?? []).map((r: unknown) => String(r)) });
      });
    c.connect((err) => {
      if (err) return finish(err);
      if (!o.auth) return send();
      if (!c.allowsAuth) return finish(Object.assign(new Error('the server offers no AUTH, yet a user and password are configured'), { responseCode: 530 }));
      c.login({ user: o.auth.user, pass: o.auth.pass }, (e) => (e ? finish(e) : send()));
    });
  });
}
