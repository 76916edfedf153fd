import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  buildSarif,
  formatSarif,
  pathToUri,
  type SarifLog,
  type SarifResult,
} from '../../../src/report/format/sarif.js';
import type { Finding } from '../../../src/engine/finding.js';
import type { RunResult } from '../../../src/mail/series-model.js';
import { COMPLETE_KEY, META, sampleResult } from './sample-result.js';

const INFO_URI = 'https://example.org/kvetch';
const SARIF_META = { ...META, informationUri: INFO_URI };

/**
 * Microsoft's SARIF 2.1.0 (rtm.5, JSON Schema draft-04) schema as shipped offline in
 * @microsoft/jest-sarif. Its `language` pattern has a stray `]` that is illegal under the
 * `u` flag, hence unicodeRegExp: false.
 */
function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  type AjvCtor = new (opts: Record<string, unknown>) => { compile(s: unknown): ValidateFunction };
  const ajvMod = require('ajv-draft-04') as AjvCtor & { default?: AjvCtor };
  const formatsMod = require('ajv-formats') as ((a: unknown) => void) & { default?: (a: unknown) => void };
  const Ajv = ajvMod.default ?? ajvMod;
  const addFormats = formatsMod.default ?? formatsMod;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();

function assertValid(doc: unknown): void {
  const ok = validate(doc);
  const errors = (validate.errors ?? []) as ErrorObject[];
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
