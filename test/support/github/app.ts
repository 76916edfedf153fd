/**
 * The GitHub App side of the fake: the app as `GET /app` shows it (`integration` schema) and
 * installation tokens (`POST /app/installations/{id}/access_tokens`, JWT-authenticated by the
 * caller of these functions): a `ghs_…` token valid for an hour with the app's permissions,
 * which authenticates as the app's bot user `<slug>[bot]` (type Bot).
 */
import type { AppInfo, Answer, Ctx } from './answer.js';
import { error } from './answer.js';
import { newToken } from './auth.js';
import { userJson, type Urls } from './json.js';
import type { GhStore } from './store.js';

export const APP_PERMISSIONS: Record<string, string> = { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write' };
export const APP_EVENTS = ['check_run', 'check_suite', 'pull_request'];

export function makeApp(store: GhStore, id: number, slug: string, createdAt: string): AppInfo {
  const owner = store.user('kvetch-maintainers', 'User');
  const bot = store.user(`${slug}[bot]`, 'Bot', 41000000 + id);
  return { id, slug, name: slug, owner, bot, permissions: { ...APP_PERMISSIONS }, events: [...APP_EVENTS], createdAt };
}

export function appJson(app: AppInfo, x: Urls): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
    node_id: Buffer.from(`0:Integration${app.id}`).toString('base64').replace(/=+$/, ''),
    owner: userJson(app.owner, x),
    name: app.name,
    description: 'kvetch test app',
    external_url: `${x.web}/apps/${app.slug}`,
    html_url: `${x.web}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
    installations_count: 1,
  };
}

export function appRoute(id: string, c: Ctx): Answer | null {
  if (id === 'apps/get-authenticated') return { status: 200, json: appJson(c.app, c.x) };
  if (id !== 'apps/create-installation-access-token') return null;
  const installation = Number(c.params.installation_id);
  if (!Number.isInteger(installation) || installation <= 0) return error(404, 'Not Found');
  const wanted = (c.body.permissions ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(wanted)) {
    const has = c.app.permissions[k];
    if (!has || (v === 'write' && has !== 'write')) return error(422, `The permissions requested are not granted to this installation.`);
  }
  const token = newToken('ghs');
  const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  c.store.tokens.set(token, { user: c.app.bot, appId: c.app.id, expiresAt });
  const permissions = Object.keys(wanted).length > 0 ? wanted : c.app.permissions;
  return { status: 201, json: { token, expires_at: expiresAt, permissions, repository_selection: 'all' } };
}
