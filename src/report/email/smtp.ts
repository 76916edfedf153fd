/**
 * Sending a rendered message over SMTP with nodemailer, the one module that knows it. Errors
 * become SmtpError: which server, which Message-ID, the server's reply, and whether it is
 * worth retrying soon (4xx, a dropped or refused connection) or a refusal (5xx).
 */
import nodemailer from 'nodemailer';

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
  send(envelope: { from: string; to: string[] }, raw: Buffer, messageId: string): Promise<SmtpAccepted>;
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
  const transport = nodemailer.createTransport({
    host: o.host,
    port: o.port,
    secure: o.secure ?? false,
    ...(o.starttls === true ? { requireTLS: true } : o.starttls === false ? { ignoreTLS: true } : {}),
    ...(o.auth ? { auth: { user: o.auth.user, pass: o.auth.pass } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    where,
    async send(envelope, raw, messageId) {
      try {
        const info = await transport.sendMail({ envelope, raw });
        return { response: String(info.response ?? ''), rejected: (info.rejected ?? []).map((r: unknown) => (typeof r === 'string' ? r : String((r as { address?: string }).address ?? r))) };
      } catch (e) {
        throw explainSmtpError(e, where, messageId);
      }
    },
    close() {
      transport.close();
    },
  };
}
