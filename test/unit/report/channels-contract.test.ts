/**
 * The channel contract: every channel folder of src/report/ is in the registry, every
 * registered channel has its docs page, and in dry run none of them sends anything, even
 * configured to send: no SMTP connection, no request that writes (patchwork and GitHub are only
 * read; the GitHub channels answer a pull request of the GitHub fake).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ChannelDefinition } from '../../../src/model/channel.js';
import { CHANNELS } from '../../../src/report/index.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { startFakePatchwork } from '../../support/fake-patchwork.js';
import { generateAppKey } from '../../support/github/auth.js';
import { startGitHubFake } from '../../support/github/fake.js';
import { pullRequestTarget } from '../../support/github-target.js';
import { formatPatches } from '../../support/format-patches.js';
import { publishInputFromMbox } from '../../support/publish-input.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const EXAMPLE = join(root, 'examples', 'kvm-vfio.mbox');
const dir = mkdtempSync(join(tmpdir(), 'kvetch-channels-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const isDefinition = (v: unknown): v is ChannelDefinition => typeof v === 'object' && v !== null && 'configKey' in v && 'create' in v && 'id' in v;

test('every channel folder of src/report/ exports a definition that the registry lists, and nothing else is listed', async () => {
  const found: string[] = [];
  for (const f of readdirSync(join(root, 'src', 'report'), { withFileTypes: true })) {
    if (!f.isDirectory() || !existsSync(join(root, 'src', 'report', f.name, 'index.ts'))) continue;
    const mod = (await import(new URL(`../../../src/report/${f.name}/index.js`, import.meta.url).href)) as Record<string, unknown>;
    const defs = Object.values(mod).filter(isDefinition);
    assert.ok(defs.length >= 1, `src/report/${f.name}/index.ts exports its channel definitions`);
    found.push(...defs.map((d) => d.id));
  }
  assert.deepEqual([...found].sort(), CHANNELS.map((c) => c.id).sort());
  assert.equal(new Set(CHANNELS.map((c) => c.configKey)).size, CHANNELS.length, 'config keys are distinct');
});

for (const c of CHANNELS) {
  test(`${c.id}: documented in docs/channels/${c.id}.md, which names its config key`, () => {
    const doc = join(root, 'docs', 'channels', `${c.id}.md`);
    assert.ok(existsSync(doc), `docs/channels/${c.id}.md`);
    const text = readFileSync(doc, 'utf8');
    assert.match(text, new RegExp(`^# `, 'm'));
    assert.ok(text.includes(`channels.${c.configKey}`) || text.includes(`${c.configKey}:`), `docs/channels/${c.id}.md shows channels.${c.configKey}`);
  });
}

test('in dry run no channel sends anything, even with send: true', async () => {
  let smtpConnections = 0;
  const smtp = createServer((s) => {
    smtpConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.address() as { port: number }).port;
  const pw = await startFakePatchwork({ token: 't', series: [{ mbox: { path: EXAMPLE } }] });
  const { privateKeyPem } = generateAppKey();
  const gh = await startGitHubFake({ appId: 1, privateKeyPem });
  gh.addRepo({ owner: 'o', repo: 'r' });
  const commits = formatPatches(readFileSync(EXAMPLE, 'utf8'), (subject) => subject.includes('v2')).map((c) => ({ patch: c.patch }));
  const { headSha } = gh.addPullRequest({ owner: 'o', repo: 'r', number: 1, title: 'KVM: x86: let the VFIO device see IOMMU groups', body: '', commits });
  const store = await openSqliteStore(join(dir, 'state.db'));
  await store.migrate();
  const env = { KVETCH_PATCHWORK_TOKEN: 't', SMTP_PASSWORD: 'secret' };
  // A config per channel that would send if it could: a new channel must add its case here.
  const configs: Record<string, unknown> = {
    log: { enabled: true },
    email: {
      enabled: true, send: true, from: 'kvetch bot <kvetch@example.org>', docsBase: 'https://kvetch.example.org/src',
      smtp: { host: '127.0.0.1', port: smtpPort, auth: { user: 'kvetch', passwordEnv: 'SMTP_PASSWORD' } }, policies: [{ list: 'patchwork:kvm', enabled: true, minSeverity: 'info' }],
    },
    patchworkCheck: { enabled: true, send: true, base: pw.base, project: 'kvm', reportUrl: 'https://kvetch.example.org/r/{key}/{revision}' },
    githubCheck: { enabled: true },
    githubReview: { enabled: true },
  };
  try {
    const v2 = { ...(await publishInputFromMbox(EXAMPLE, 2)).input, pullRequest: await pullRequestTarget(gh, privateKeyPem, { owner: 'o', repo: 'r', number: 1, headSha }) };
    for (const def of CHANNELS) {
      const cfg = configs[def.configKey];
      assert.ok(cfg, `a dry-run case for channel ${def.id}`);
      const channel = def.create(def.config.parse(cfg), { stateDir: join(dir, def.id), env });
      const out = await channel.publish(v2, { store, dryRun: true, log: createLogger({ level: 'silent' }), now: new Date('2024-03-01T12:00:00Z') });
      channel.close?.();
      assert.deepEqual(out.errors, [], def.id);
      assert.ok(out.published > 0, `${def.id} publishes (writes what it would send) in dry run`);
      for (const f of out.written) assert.ok(existsSync(f), `${def.id} wrote ${f}`);
    }
    assert.equal(smtpConnections, 0, 'no SMTP connection');
    assert.deepEqual(pw.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`), [], 'patchwork: reads only');
    assert.deepEqual(gh.writes().map((r) => `${r.method} ${r.path}`), [], 'GitHub: reads only');
    assert.deepEqual(gh.violations, []);
  } finally {
    await gh.stop();
    await store.close();
    await pw.stop();
    await new Promise<void>((r) => smtp.close(() => r()));
  }
});
