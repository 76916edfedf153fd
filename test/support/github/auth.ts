/**
 * GitHub App authentication for the fake, with node:crypto only: an app key pair (RSA 2048,
 * PKCS#1 PEM, as GitHub hands out and Probot reads), the app's JWT (RS256, `iss` = app id,
 * `iat` 60 s in the past, `exp` at most 10 minutes ahead: GitHub's rules) signed and checked, and
 * the `Authorization` header read as GitHub reads it (`Bearer <jwt>`, `token <t>`, `Bearer <t>`).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, verify } from 'node:crypto';

/** A fresh app private key, `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1). */
export function generateAppKey(): { privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}

export function publicKeyOf(privateKeyPem: string): KeyObject {
  return createPublicKey(createPrivateKey(privateKeyPem));
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** An app JWT as Octokit's auth-app makes it (for tests that call the fake by hand). */
export function signAppJwt(appId: number | string, privateKeyPem: string, nowSec = Math.floor(Date.now() / 1000)): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ iat: nowSec - 60, exp: nowSec + 540, iss: appId }));
  const sig = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), createPrivateKey(privateKeyPem));
  return `${head}.${body}.${b64url(sig)}`;
}

/** Null when the JWT is good for this app; else the reason GitHub would answer 401 with. */
export function checkAppJwt(jwt: string, appId: number, publicKey: KeyObject, nowSec = Math.floor(Date.now() / 1000)): string | null {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header.alg !== 'RS256') return `'alg' must be RS256 (got ${String(header.alg)})`;
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return 'A JSON web token could not be decoded';
  if (String(payload.iss) !== String(appId)) return `'Issuer' claim ('iss') must be an Integer (the app id ${appId}), got ${String(payload.iss)}`;
  const exp = Number(payload.exp);
  const iat = Number(payload.iat);
  if (!Number.isFinite(exp) || exp < nowSec) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (!Number.isFinite(iat) || iat > nowSec + 60) return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  if (exp - iat > 600 + 60) return "'Expiration time' claim ('exp') is too far in the future";
  return null;
}

export type Credential = { kind: 'jwt'; jwt: string } | { kind: 'token'; token: string } | { kind: 'none' };

/** A three-part `Bearer` value is a JWT; any other `Bearer`/`token` value is a token. */
export function readAuthorization(header: string | undefined): Credential {
  const m = /^(bearer|token)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return { kind: 'none' };
  const value = m[2] ?? '';
  if ((m[1] ?? '').toLowerCase() === 'bearer' && value.split('.').length === 3) return { kind: 'jwt', jwt: value };
  return { kind: 'token', token: value };
}

export function newToken(prefix: 'ghs' | 'ghp'): string {
  return `${prefix}_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
}
