/**
 * Identity of a reply: a Message-ID derived from (series key, revision, findings digest), so a
 * re-render gives the same id and a resend can be recognised, and the hidden marker every
 * kvetch artifact carries (`X-Kvetch-Fingerprint`).
 */
import { createHash } from 'node:crypto';

/** `<kvetch.v<rev>.<hash>@<domain of the bot's address>>`, the same for the same inputs. */
export function replyMessageId(key: string, revision: number, digest: string, botAddress: string): string {
  const h = createHash('sha256').update(`${key}\n${revision}\n${digest}`).digest('hex').slice(0, 24);
  const at = botAddress.lastIndexOf('@');
  const domain = at >= 0 && at < botAddress.length - 1 ? botAddress.slice(at + 1).toLowerCase() : 'kvetch.invalid';
  return `<kvetch.v${revision}.${h}@${domain}>`;
}

/** The X-Kvetch-Fingerprint value: `kvetch:v1 series=<key> rev=<n> fp=<digest>`. */
export function fingerprintMarker(key: string, revision: number, digest: string): string {
  return `kvetch:v1 series=${key} rev=${revision} fp=${digest}`;
}
