/**
 * The servers of the kill-and-restart campaign, on 127.0.0.1: the SMTP server (smtp-server.ts),
 * the patchwork fake (holding every generated patch, so checks find their patch) and the GitHub
 * fake; the maildir the daemon follows and its kvetch.yml, with the email, patchwork-check and
 * GitHub channels enabled and sending. What reached the servers is counted per publication:
 * a reply by its series version (X-Kvetch-Fingerprint), a check by patch Message-ID and context,
 * a GitHub write by method and path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAppKey } from './github/auth.js';
import { startGitHubFake, type GitHubFake } from './github/fake.js';
import { startFakePatchwork, type FakePatchwork } from './fake-patchwork.js';
import type { GeneratedMail } from './generated-series.js';
import { toMbox } from './mbox-write.js';
import { startSmtp, type TestSmtp } from './smtp-server.js';

export const PW_TOKEN = 'kill-campaign-token';
export const SOURCE_ID = 'maildir:drivers';

export interface CampaignServers {
  smtp: TestSmtp;
  pw: FakePatchwork;
  gh: GitHubFake;
  stop(): Promise<void>;
}

export async function startCampaignServers(mails: readonly GeneratedMail[]): Promise<CampaignServers> {
  const smtp = await startSmtp();
  const pw = await startFakePatchwork({ token: PW_TOKEN, projects: [{ linkName: 'drivers' }] });
  await pw.addSeries(toMbox(mails.map((m) => m.bytes)));
  const gh = await startGitHubFake({ appId: 4242, privateKeyPem: generateAppKey().privateKeyPem });
  return {
    smtp,
    pw,
    gh,
    async stop() {
      await Promise.all([smtp.stop(), pw.stop(), gh.stop()]);
    },
  };
}

/** Fill `<dir>/maildir/new` with the mails (file names sort in sending order). */
export function writeMaildir(dir: string, mails: readonly GeneratedMail[]): string {
  const md = join(dir, 'maildir');
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(md, sub), { recursive: true });
  for (const m of mails) writeFileSync(join(md, 'new', m.name), m.bytes);
  return md;
}

/** kvetch.yml for the campaign: `db` is a SQLite path or a PostgreSQL URL. */
export function writeCampaignConfig(dir: string, db: string, maildir: string, s: CampaignServers): string {
  const file = join(dir, 'kvetch.yml');
  writeFileSync(
    file,
    [
      `db: ${db}`,
      'pollInterval: 1',
      'gracePeriod: 1',
      // One worker: a killed process's claims and in-flight sends are taken up again after 3 s.
      'lease: 3',
      'sources:',
      '  - type: maildir',
      `    id: ${SOURCE_ID}`,
      `    path: ${maildir}`,
      '    maxPerRound: 400',
      'channels:',
      '  email:',
      '    enabled: true',
      '    send: true',
      '    from: "kvetch bot <kvetch@example.org>"',
      `    smtp: { host: 127.0.0.1, port: ${s.smtp.port}, starttls: false, timeoutSeconds: 10 }`,
      '    docsBase: https://kvetch.example.org',
      '    retry: { inFlightMinutes: 0.05, backoffMinutes: 0.02 }',
      '    policies:',
      `      - list: ${SOURCE_ID}`,
      '        enabled: true',
      '        maxPerHour: 100000',
      '  patchworkCheck:',
      '    enabled: true',
      '    send: true',
      `    base: ${s.pw.base}`,
      '    project: drivers',
      '    tokenEnv: KILL_PW_TOKEN',
      '    reportUrl: https://kvetch.example.org/report/{key}/{revision}',
      '  githubCheck: { enabled: true }',
      '  githubReview: { enabled: true }',
      '',
    ].join('\n'),
  );
  return file;
}

/** Publications as counted at the servers: key → how many times it arrived. */
export interface Counted {
  email: Map<string, number>;
  patchwork: Map<string, number>;
  github: Map<string, number>;
}

function tally(keys: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

export function countAtServers(s: CampaignServers): Counted {
  const email = s.smtp.received.map((r) => {
    const head = r.raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
    const fp = /^X-Kvetch-Fingerprint:\s*kvetch:v1 series=(\S+) rev=(\d+)/im.exec(head);
    return fp ? `${fp[1]}@${fp[2]}` : `unmarked:${/^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '?'}`;
  });
  const patchwork = s.pw.store.checks.map((c) => `${c.patch.msgid} ${c.context}`);
  const github = s.gh.writes().map((w) => `${w.method} ${w.path}`);
  return { email: tally(email), patchwork: tally(patchwork), github: tally(github) };
}

export interface Comparison {
  channel: keyof Counted;
  expected: number;
  counted: number;
  duplicated: string[];
  missing: string[];
  unexpected: string[];
}

/**
 * Each expected publication must have arrived exactly once, and nothing else. `optionalEmail`:
 * replies (`key@rev`) to versions a newer revision of their series superseded. Whether one is
 * sent depends on whether the newer revision was in the store when the older one was
 * published (the email channel answers only the newest), which kills move: such a reply may
 * be missing or extra, never twice.
 */
export function compareCounts(expected: Counted, got: Counted, optionalEmail: ReadonlySet<string> = new Set()): Comparison[] {
  return (['email', 'patchwork', 'github'] as const).map((channel) => {
    const want = expected[channel];
    const have = got[channel];
    const optional = channel === 'email' ? optionalEmail : new Set<string>();
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    return {
      channel,
      expected: sum(want),
      counted: sum(have),
      duplicated: [...have].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`),
      missing: [...want.keys()].filter((k) => !have.has(k) && !optional.has(k)),
      unexpected: [...have.keys()].filter((k) => !want.has(k) && !optional.has(k)),
    };
  });
}
