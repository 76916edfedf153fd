/**
 * How kvetch names itself to servers: `kvetch/<version> (+<contact>)`. kernel.org asks bots to
 * say who runs them; an operator sets `KVETCH_CONTACT` to a mail address or URL of their own,
 * else the contact is the project's page. git (following lore's epochs) sends the same string.
 */
import { packageVersion } from '../../util/version.js';

export const PROJECT_URL = 'https://github.com/kvetch/kvetch';

/** packageVersion() reads package.json: once is enough. */
let version: string | undefined;

export function userAgent(env: NodeJS.ProcessEnv = process.env): string {
  const contact = env.KVETCH_CONTACT?.trim() || PROJECT_URL;
  return `kvetch/${(version ??= packageVersion())} (+${contact.replace(/[\r\n()]/g, ' ')})`;
}
