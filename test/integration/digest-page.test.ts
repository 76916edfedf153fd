/**
 * The digest page in a real browser: Debian's chromium, headless, driven by playwright-core.
 * The page is opened from disk as a maintainer would open an attachment; it must load nothing
 * else, log nothing, throw nothing, and show as many bars and points per chart as the digest
 * has non-zero numbers. Full-page screenshots go to test-output/digest-page/ for a human look.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderDigestHtml } from '../../src/report/digest/html.js';
import type { Digest } from '../../src/report/digest/model.js';
import { emptyDigest, nonZeroFindings, nonZeroHistory, nonZeroStates, sampleDigest } from '../support/digest-fixture.js';
import { writeDigestTree } from '../support/digest-tree.js';
import { runKvetch } from '../support/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const OUT = join(REPO, 'test-output', 'digest-page');
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

let browser: Browser;
let dir: string;

before(async () => {
  // A missing browser is a failure naming the package, never a skip (test/integration/README.md).
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install the Debian package chromium (scripts/install-test-deps.sh)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  dir = mkdtempSync(join(tmpdir(), 'kvetch-digest-page-'));
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  /** Console messages, page errors, dialogs and requests other than the page itself. */
  problems: string[];
  close: () => Promise<void>;
}

async function open(name: string, d: Digest, colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderDigestHtml(d, { generatedAt: '2023-11-20T06:00:00Z', indexHref: 'index.html' }));
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme, javaScriptEnabled: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (dlg) => {
    problems.push(`dialog: ${dlg.message()}`);
    void dlg.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

async function values(page: Page, selector: string, attribute: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await page.locator(selector).all()) out.push((await e.getAttribute(attribute)) ?? '');
  return out;
}

test('digest page: opens from disk in chromium with no console message, error or request', async () => {
  const o = await open('sample', sampleDigest());
  try {
    assert.equal(await o.page.title(), 'kvetch digest 2023-W46: Jane Maintainer');
    assert.equal(await o.page.locator('script').count(), 0);
    assert.deepEqual(o.problems, []);
  } finally {
    await o.close();
  }
});

test('digest page: bars and points per chart as the digest has non-zero numbers, each laid out', async () => {
  const d = sampleDigest();
  const o = await open('sample', d);
  const p = o.page;
  try {
    assert.equal(await p.locator('#chart-exports rect.bar').count(), nonZeroHistory(d));
    assert.equal(await p.locator('#chart-findings circle.point').count(), nonZeroFindings(d));
    assert.equal(await p.locator('#chart-states rect.bar').count(), nonZeroStates(d));
    // The numbers the marks carry are the digest's.
    const netValues = d.history.subsystems.flatMap((s) => s.net.filter((v) => v !== 0)).sort();
    assert.deepEqual((await values(p, '#chart-exports rect.bar', 'data-value')).map(Number).sort(), netValues);
    const findingValues = Object.values(d.totals.findings).flatMap((by) => Object.values(by).filter((v) => v > 0)).sort();
    assert.deepEqual((await values(p, '#chart-findings circle.point', 'data-value')).map(Number).sort(), findingValues);
    assert.deepEqual(await values(p, '#chart-states rect.bar', 'data-state'), ['new', 'revised', 'superseded']);
    // Laid out: every mark has a box of its own on the page.
    for (const m of await p.locator('rect.bar, circle.point').all()) {
      const box = await m.boundingBox();
      assert.ok(box !== null && box.width > 0 && box.height > 0, 'mark with no box');
    }
    assert.deepEqual(o.problems, []);
  } finally {
    await o.close();
  }
});

test('digest page: every svg has role img and a title and desc it is labelled by', async () => {
  const o = await open('sample', sampleDigest());
  try {
    const svgs = await o.page.locator('svg').all();
    assert.equal(svgs.length, 3);
    for (const svg of svgs) {
      assert.equal(await svg.getAttribute('role'), 'img');
      const [titleId, descId] = ((await svg.getAttribute('aria-labelledby')) ?? '').split(' ');
      assert.ok((await svg.locator(`:scope > title[id="${titleId}"]`).textContent())?.trim());
      assert.ok((await svg.locator(`:scope > desc[id="${descId}"]`).textContent())?.trim());
      const box = await svg.boundingBox();
      assert.ok(box !== null && box.width > 300 && box.height > 100, `svg ${titleId} is ${JSON.stringify(box)}`);
    }
  } finally {
    await o.close();
  }
});

test('digest page: full-page screenshots, light and dark, sample and empty digest', async () => {
  for (const [name, d, scheme] of [
    ['sample', sampleDigest(), 'light'],
    ['sample-dark', sampleDigest(), 'dark'],
    ['empty', emptyDigest(), 'light'],
  ] as const) {
    const o = await open(name, d, scheme);
    try {
      const png = await o.page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      assert.ok(png.length > 10_000, `${name}.png is ${png.length} bytes`);
      if (name === 'empty') {
        assert.equal(await o.page.locator('svg').count(), 0);
        assert.match((await o.page.locator('#attention').textContent()) ?? '', /Nothing needs your attention/);
      }
      assert.deepEqual(o.problems, []);
    } finally {
      await o.close();
    }
  }
});

test('digest page: hostile subjects and names stay text: no script runs, no image loads', async () => {
  const d = sampleDigest();
  d.series[0]!.subject = HOSTILE;
  d.subsystems[0]!.name = HOSTILE;
  d.history.subsystems[0]!.name = HOSTILE;
  d.recipient.name = HOSTILE;
  const o = await open('hostile', d);
  try {
    assert.equal(await o.page.locator('script, img').count(), 0);
    assert.equal(await o.page.locator('h1').textContent(), HOSTILE);
    assert.equal(await o.page.locator('#chart-exports rect.bar').first().getAttribute('data-subsystem'), HOSTILE);
    assert.deepEqual(o.problems, []);
  } finally {
    await o.close();
  }
});

test('digest pages that kvetch digest --output wrote for the bundled example: marks equal their JSON, the index links every page', async () => {
  const out = join(dir, 'example');
  const r = await runKvetch(['digest', '--all', '--since', '2023-09-01', '--until', '2023-10-01', '--weeks', '4', '--tree', writeDigestTree(dir), '--from', join(REPO, 'examples', 'kvm-vfio.mbox'), '--output', out]);
  assert.equal(r.status, 0, r.stderr);
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { digests: { stem: string }[] };
  assert.equal(index.digests.length, 3);
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    assert.equal(await page.locator('a[href$=".html"]').count(), 3);
    for (const { stem } of index.digests) {
      const d = JSON.parse(readFileSync(join(out, `${stem}.json`), 'utf8')) as Digest;
      // Through the index, as a reader would get there.
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      await page.locator(`a[href="${encodeURIComponent(stem)}.html"]`).click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('#chart-exports rect.bar').count(), nonZeroHistory(d), stem);
      assert.equal(await page.locator('#chart-findings circle.point').count(), nonZeroFindings(d), stem);
      assert.equal(await page.locator('#chart-states rect.bar').count(), nonZeroStates(d), stem);
      assert.ok(nonZeroFindings(d) > 0, `${stem} has findings to draw`);
      await page.screenshot({ path: join(OUT, `example-${stem}.png`), fullPage: true });
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
