/**
 * Secrets never reach the log. The app is started with one planted token in every secret it
 * could be handed: the webhook secret, the private key file (PRIVATE_KEY_PATH, the token as a
 * line before the PEM, which key readers skip) and the other credentials kvetch reads from the
 * environment; LOG_LEVEL=trace. It reviews a pull request (installation tokens issued by the
 * GitHub fake), refuses a forged delivery, and then, restarted with a key GitHub does not
 * know (bad credentials), logs the failed delivery. Every byte it wrote must be free of the
 * token, of every line of the key's body and of every installation token it was given.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startAppProcess, type AppProcess } from '../support/github-app-process.js';
import { handled, INSTALLATION, openPull } from '../support/github-app-scene.js';
import { generateAppKey } from '../support/github/auth.js';
import { startGitHubFake, type GitHubFake } from '../support/github/fake.js';
import { postWebhook, pullRequestEvent } from '../support/github/webhooks.js';
import { asFormatPatch, reverseDiff } from '../support/reverse-diff.js';
import { seed002Patch } from '../support/seed-002.js';

const TOKEN = `planted${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'kvetch-secrets-'));
let gh: GitHubFake | undefined;
const apps: AppProcess[] = [];
after(async () => {
  for (const a of apps) await a.stop();
  await gh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function start(keyPem: string, name: string): Promise<AppProcess> {
  const keyFile = join(dir, `${name}.pem`);
  writeFileSync(keyFile, `${TOKEN}\n${keyPem}`, { mode: 0o600 });
  return startAppProcess({
    appId: 4242, privateKeyPem: '', secret: TOKEN, gheHost: gh!.host, db: join(dir, 'state.db'),
    env: {
      PRIVATE_KEY_PATH: keyFile,
      LOG_LEVEL: 'trace',
      KVETCH_LEASE_SECONDS: '3',
      GITHUB_TOKEN: TOKEN,
      KVETCH_PATCHWORK_TOKEN: TOKEN,
      KVETCH_SMTP_PASSWORD: TOKEN,
      KVETCH_DB_PASSWORD: TOKEN,
    },
  });
}

/** The secrets to look for: the token, each base64 line of the key's body, each installation token GitHub issued. */
function secretsOf(keyPems: string[]): string[] {
  const keyLines = keyPems.flatMap((k) => k.split('\n').filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l)));
  const issued = gh!.requests.flatMap((r) => {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(String(r.headers.authorization ?? ''));
    return m?.[1] ? [m[1]] : [];
  });
  return [TOKEN, ...keyLines, ...issued];
}

test('a planted token in every secret appears nowhere in the log: a review, a forged delivery, bad credentials', async () => {
  const { privateKeyPem } = generateAppKey();
  gh = await startGitHubFake({ appId: 4242, privateKeyPem, slug: 'kvetch' });
  gh.addRepo({ owner: 'o', repo: 'linux', defaultBranch: 'main' });
  const patch = asFormatPatch({ subject: 'KVM: select KVM_VFIO on every arch', body: 'The four arch Kconfigs select KVM_VFIO.', diff: reverseDiff(seed002Patch().diff) });
  const pr = openPull(gh, { owner: 'o', repo: 'linux', number: 1, title: 'KVM: select KVM_VFIO on every arch', commits: [{ patch }] });
  const deliver = (app: AppProcess, delivery: string, signature?: 'forged', action = 'opened') =>
    postWebhook(app.webhookUrl, 'pull_request', pullRequestEvent(action, { owner: 'o', repo: 'linux', installationId: INSTALLATION, number: 1, headSha: pr.headSha, baseSha: pr.baseSha, title: pr.title, body: pr.body }), TOKEN, {
      delivery, ...(signature ? { signature } : {}),
    });

  const good = await start(privateKeyPem, 'good');
  apps.push(good);
  assert.equal((await deliver(good, 'ok-1')).status, 200);
  assert.equal((await handled({ app: good }, 'ok-1')).status, 'reviewed');
  const forged = await deliver(good, 'forged-1', 'forged');
  assert.ok(forged.status >= 400 && forged.status < 500);
  await good.stop();

  // Bad credentials: a key GitHub does not know. The delivery fails, and says so in the log.
  const other = generateAppKey().privateKeyPem;
  const bad = await start(other, 'bad');
  apps.push(bad);
  const n = gh.requests.length;
  // A new delivery (reopened: the same body as ok-1 would be a replay, answered and not queued)
  // is queued and answered; the worker's attempt fails and says so.
  assert.equal((await deliver(bad, 'bad-1', undefined, 'reopened')).status, 200);
  const failed = await handled({ app: bad }, 'bad-1');
  assert.equal(failed.level, 50, JSON.stringify(failed));
  assert.ok(gh.requests.slice(n).some((r) => r.status === 401), 'GitHub refused the credentials');
  await bad.stop();

  const secrets = secretsOf([privateKeyPem, other]);
  assert.ok(secrets.some((x) => x.startsWith('ghs_')), 'installation tokens were issued and are looked for');
  for (const [name, app] of [['review', good], ['bad credentials', bad]] as const) {
    const out = app.output();
    assert.ok(out.length > 1000, `${name}: the log has content (${out.length} bytes)`);
    for (const x of secrets) assert.ok(!out.includes(x), `${name}: a secret (${x.slice(0, 8)}…) is in the log`);
  }
});
