/**
 * How kvetch names itself to servers: `kvetch/<version> (+<contact>)`. kernel.org asks bots to
 * say who runs them; an operator sets `KVETCH_CONTACT` to a mail address or URL of their own,
 * else the contact is the project's page. git (following lore's epochs) sends the same string.
 */
import { packageVersion } from '../../util/version.js';

export const PROJECT_URL = 'https://github.com/kvetch/kvetch';

let cached: string | undefined;

export function userAgent(env: NodeJS.ProcessEnv = process.env): string {
  if (env === process.env && cached !== undefined) return cached;
  const contact = env.KVETCH_CONTACT?.trim() || PROJECT_URL;
  const ua = `kvetch/${packageVersion()} (+${contact.replace(/[\r\n()]/g, ' ')})`;
  if (env === process.env) cached = ua;
  return ua;
}
