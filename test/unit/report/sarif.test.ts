import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import {
  buildSarif,
  formatSarif,
  pathToUri,
  type SarifLog,
  type SarifResult,
} from '../../../src/report/format/sarif.js';
import type { Finding } from '../../../src/model/finding.js';
import type { RunResult } from '../../../src/model/series.js';
import { COMPLETE_KEY, META, sampleResult } from './sample-result.js';

const INFO_URI = 'https://example.org/kvetch';
const SARIF_META = { ...META, informationUri: INFO_URI };

const require = createRequire(import.meta.url);
/** Root of @microsoft/sarif-multitool-linux: the final SARIF 2.1.0 schema and Microsoft's validator. */
const MULTITOOL_DIR = dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
const MULTITOOL_BIN = join(MULTITOOL_DIR, 'Sarif.Multitool');

/** The final OASIS SARIF 2.1.0 schema (JSON Schema draft 2020-12), validated with ajv's 2020 build. */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
  type AjvCtor = new (opts: Record<string, unknown>) => { compile(s: unknown): ValidateFunction };
  const ajvMod = require('ajv/dist/2020') as AjvCtor & { default?: AjvCtor };
  const formatsMod = require('ajv-formats') as ((a: unknown) => void) & { default?: (a: unknown) => void };
  const Ajv2020 = ajvMod.default ?? ajvMod;
  const addFormats = formatsMod.default ?? formatsMod;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();

function assertValid(doc: unknown): void {
  const ok = validate(doc);
  const errors = validate.errors ?? [];
  assert.ok(ok, `SARIF schema errors:\n${errors.map((e) => `${e.instancePath} ${e.message ?? ''}`).join('\n')}`);
}

function results(log: SarifLog): SarifResult[] {
  return log.runs[0]?.results ?? [];
}

function byFingerprint(log: SarifLog, fp: string): SarifResult {
  const r = results(log).find((x) => x.partialFingerprints['kvetch/v1'] === fp);
  assert.ok(r, `no result with fingerprint ${fp}`);
  return r;
}

test('sarif: validator rejects an invalid log (sanity check of the schema setup)', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'bogus', message: { text: 'm' } }] }] }), false);
  assert.equal(validate({ runs: [] }), false);
});

test('sarif: sample result validates against the SARIF 2.1.0 schema', () => {
  const text = formatSarif(sampleResult(), SARIF_META);
  assert.ok(text.endsWith('}\n'));
  const doc = JSON.parse(text) as SarifLog;
  assertValid(doc);
  assert.equal(doc.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(doc.version, '2.1.0');
  assert.equal(doc.runs.length, 1);
  const driver = doc.runs[0]?.tool.driver;
  assert.equal(driver?.name, 'kvetch');
  assert.equal(driver?.version, '0.1.0');
  assert.equal(driver?.informationUri, INFO_URI);
});

test('sarif: one rule per distinct ruleId, ruleIndex points at it, helpUri per rule kind', () => {
  const log = buildSarif(sampleResult(), SARIF_META);
  const rules = log.runs[0]?.tool.driver.rules ?? [];
  assert.deepEqual(
    rules.map((r) => r.id),
    ['header-moves', 'input/unreadable-mbox', 'kconfig-select', 'symbol-exports'],
  );
  for (const r of results(log)) assert.equal(rules[r.ruleIndex]?.id, r.ruleId);
  const exportsRule = rules.find((r) => r.id === 'symbol-exports');
  assert.equal(exportsRule?.helpUri, `${INFO_URI}/blob/HEAD/docs/analyzers/symbol-exports.md`);
  assert.ok((exportsRule?.shortDescription.text ?? '') !== '');
  const inputRule = rules.find((r) => r.id === 'input/unreadable-mbox');
  assert.equal(inputRule?.helpUri, `${INFO_URI}/blob/HEAD/docs/input-findings.md`);
  assert.equal(results(log).filter((r) => r.ruleId === 'symbol-exports').length, 2);
});

test('sarif: level mapping error/warning/info → error/warning/note', () => {
  const log = buildSarif(sampleResult(), SARIF_META);
  assert.equal(byFingerprint(log, 'fp-exports-foo_helper').level, 'warning');
  assert.equal(byFingerprint(log, 'fp-exports-foo_other').level, 'note');
  assert.equal(byFingerprint(log, 'fp-kconfig-bar').level, 'error');
});

test('sarif: fatal finding is an error with fatal property, even if its severity is lower', () => {
  const r = sampleResult();
  const fatal: Finding = {
    ruleId: 'input/bad-encoding',
    messageId: 'enc',
    message: 'unknown charset',
    severity: 'warning',
    subject: { key: '', revision: 0 },
    fingerprint: 'fp-fatal-warning',
    fatal: true,
  };
  r.findings.push(fatal);
  const log = buildSarif(r, SARIF_META);
  assertValid(log);
  for (const fp of ['fp-input-archive', 'fp-fatal-warning']) {
    const res = byFingerprint(log, fp);
    assert.equal(res.level, 'error');
    assert.equal(res.properties['fatal'], true);
  }
  assert.equal('fatal' in byFingerprint(log, 'fp-kconfig-bar').properties, false);
});

test('sarif: locations, regions, and findings without location', () => {
  const log = buildSarif(sampleResult(), SARIF_META);
  const withLine = byFingerprint(log, 'fp-exports-foo_helper');
  assert.deepEqual(withLine.locations, [
    {
      physicalLocation: {
        artifactLocation: { uri: 'include/linux/foo.h' },
        region: { startLine: 12, endLine: 14 },
      },
    },
  ]);
  const noLine = byFingerprint(log, 'fp-kconfig-bar');
  assert.deepEqual(noLine.locations, [{ physicalLocation: { artifactLocation: { uri: 'mm/Kconfig' } } }]);
  assert.equal(noLine.properties['oldPath'], 'mm/Kconfig.old');
  const none = byFingerprint(log, 'fp-header-moves-1');
  assert.equal(none.locations, undefined);
  assertValid(log);
});

test('sarif: fingerprints and properties', () => {
  const log = buildSarif(sampleResult(), SARIF_META);
  for (const r of results(log)) {
    const fp = r.partialFingerprints['kvetch/v1'];
    assert.equal(typeof fp, 'string');
    assert.ok((fp ?? '') !== '');
  }
  const p = byFingerprint(log, 'fp-exports-foo_helper').properties;
  assert.equal(p['seriesKey'], COMPLETE_KEY);
  assert.equal(p['revision'], 2);
  assert.equal(p['patch'], 2);
  assert.equal(p['messageId'], '<p2@example.org>');
  assert.equal(p['ruleMessageId'], 'newExport');
  assert.deepEqual(p['data'], { count: 1, symbol: 'foo_helper' });
});

test('sarif: without informationUri the driver and rules omit URIs and stay valid', () => {
  const log = buildSarif(sampleResult(), META);
  assertValid(log);
  const driver = log.runs[0]?.tool.driver;
  assert.equal(driver?.informationUri, undefined);
  for (const r of driver?.rules ?? []) assert.equal(r.helpUri, undefined);
  const pinned = buildSarif(sampleResult(), { ...META, docsBaseUri: 'https://example.org/kvetch/tree/v0.1.0' });
  assertValid(pinned);
  assert.equal(
    pinned.runs[0]?.tool.driver.rules.find((r) => r.id === 'kconfig-select')?.helpUri,
    'https://example.org/kvetch/tree/v0.1.0/docs/analyzers/kconfig-select.md',
  );
});

test('sarif: empty run is valid', () => {
  const empty: RunResult = { series: [], findings: [], stats: { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [] } };
  const log = JSON.parse(formatSarif(empty, SARIF_META)) as SarifLog;
  assertValid(log);
  assert.deepEqual(log.runs[0]?.results, []);
  assert.deepEqual(log.runs[0]?.tool.driver.rules, []);
});

test('sarif: odd paths become valid relative URI references', () => {
  assert.equal(pathToUri('drivers/net/foo.c'), 'drivers/net/foo.c');
  assert.equal(pathToUri('Documentation/a b#c?.rst'), 'Documentation/a%20b%23c%3F.rst');
  assert.equal(pathToUri('tools/c++/x:y.c'), 'tools/c++/x%3Ay.c');
  const r = sampleResult();
  r.findings = [
    {
      ruleId: 'symbol-exports',
      messageId: 'm',
      message: 'm',
      severity: 'info',
      subject: { key: COMPLETE_KEY, revision: 2, patch: 1 },
      location: { path: 'Documentation/a b#c?.rst', line: 0 },
      fingerprint: 'fp-odd',
    },
  ];
  const log = buildSarif(r, SARIF_META);
  assertValid(log);
  // line 0 is not a valid SARIF startLine: no region.
  assert.deepEqual(byFingerprint(log, 'fp-odd').locations?.[0]?.physicalLocation.region, undefined);
});

test('sarif: deterministic output', () => {
  assert.equal(formatSarif(sampleResult(), SARIF_META), formatSarif(sampleResult(), SARIF_META));
});

/** The sample result plus a fatal finding whose own severity is only a warning (and no location). */
function sampleWithFatal(): RunResult {
  const r = sampleResult();
  r.findings.push({
    ruleId: 'input/bad-encoding',
    messageId: 'enc',
    message: 'unknown charset',
    severity: 'warning',
    subject: { key: '', revision: 0 },
    fingerprint: 'fp-fatal-warning',
    fatal: true,
  });
  return r;
}

interface ValidatorResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message: { text?: string; id?: string; arguments?: string[] };
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }>;
}

interface ValidatorLog {
  runs: Array<{
    tool: { driver: { rules?: Array<{ id: string; defaultConfiguration?: { level?: string } }> } };
    results?: ValidatorResult[];
    invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }>;
  }>;
}

test('sarif: Microsoft SARIF Multitool validates the output with no errors', () => {
  // Fail, never skip, when the validator is not installed.
  accessSync(MULTITOOL_BIN, constants.X_OK);
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-sarif-'));
  try {
    const ours = join(dir, 'kvetch.sarif');
    writeFileSync(ours, formatSarif(sampleWithFatal(), SARIF_META));
    // Control: a log the validator must flag, so "no errors" below is not vacuous.
    const broken = join(dir, 'broken.sarif');
    writeFileSync(broken, '{ "runs": [] }\n');
    const out = join(dir, 'validation.sarif');
    // 5.7.0 has no --force; `--log ForceOverwrite` is its spelling.
    const run = spawnSync(MULTITOOL_BIN, ['validate', ours, broken, '--output', out, '--log', 'ForceOverwrite', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: dir, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    const console_ = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.error, undefined, `Sarif.Multitool did not run: ${String(run.error)}\n${console_}`);
    assert.equal(run.status, 0, `Sarif.Multitool exited ${String(run.status)} (signal ${String(run.signal)}):\n${console_}`);

    const report = JSON.parse(readFileSync(out, 'utf8')) as ValidatorLog;
    const vrun = report.runs[0];
    assert.ok(vrun, 'validator output has no run');
    for (const inv of vrun.invocations ?? []) {
      assert.equal(inv.executionSuccessful, true, `validator execution failed: ${JSON.stringify(inv)}`);
    }
    const rules = vrun.tool.driver.rules ?? [];
    // SARIF §3.27.10: a result without `level` takes its rule's default level, else "warning".
    const level = (r: ValidatorResult): string =>
      r.level ?? (r.ruleIndex !== undefined ? rules[r.ruleIndex]?.defaultConfiguration?.level : undefined) ?? 'warning';
    const about = (file: string): ValidatorResult[] =>
      (vrun.results ?? []).filter((r) => (r.locations ?? []).some((l) => (l.physicalLocation?.artifactLocation?.uri ?? '').endsWith(`/${file}`)));
    const show = (rs: ValidatorResult[]): string =>
      rs.map((r) => `${level(r)} ${r.ruleId ?? '?'} ${r.message.text ?? r.message.id ?? ''} ${(r.message.arguments ?? []).join(' | ')}`).join('\n');

    assert.ok(about('broken.sarif').some((r) => level(r) === 'error'), `control log was not flagged:\n${show(vrun.results ?? [])}`);
    const errors = about('kvetch.sarif').filter((r) => level(r) === 'error');
    assert.deepEqual(errors, [], `Sarif.Multitool errors:\n${show(errors)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
