/** A small hand-built RunResult shared by the formatter tests. */
import type { Finding } from '../../../src/model/finding.js';
import type { RunResult, Series } from '../../../src/model/series.js';

export const COMPLETE_KEY = 'k-complete-0001';
export const PARTIAL_KEY = 'k-partial-0002';

function completeSeries(): Series {
  return {
    key: COMPLETE_KEY,
    revision: 2,
    versionInferred: false,
    subject: 'net: fix foo',
    author: 'A U Thor <author@example.org>',
    sender: 'A U Thor <author@example.org>',
    date: '2024-05-01T10:00:00.000Z',
    total: 3,
    complete: true,
    cover: { messageId: '<cover@example.org>', subject: 'net: fix foo' },
    patches: [1, 2, 3].map((index) => ({
      index,
      messageId: `<p${index}@example.org>`,
      subject: `net: foo step ${index}`,
      author: 'A U Thor <author@example.org>',
      sender: 'A U Thor <author@example.org>',
      date: '2024-05-01T10:00:00.000Z',
      files:
        index === 2
          ? [
              { path: 'include/linux/foo.h', status: 'modified', additions: 4, deletions: 1, binary: false },
              {
                path: 'drivers/net/foo_new.c',
                oldPath: 'drivers/net/foo.c',
                status: 'renamed',
                additions: 2,
                deletions: 2,
                binary: false,
              },
            ]
          : [{ path: 'drivers/net/foo.c', status: 'modified', additions: 10, deletions: 3, binary: false }],
      replies: index === 2 ? 2 : 0,
    })),
    missing: [],
    replies: [
      { messageId: '<r1@example.org>', parent: '<p2@example.org>', subject: 'Re: net: foo step 2', author: 'R <r@example.org>' },
      { messageId: '<r2@example.org>', parent: '<p2@example.org>', subject: 'Re: net: foo step 2', author: 'S <s@example.org>' },
      { messageId: '<r3@example.org>', parent: '<cover@example.org>', subject: 'Re: net: fix foo', author: 'R <r@example.org>' },
    ],
    rfc: false,
    newest: true,
    supersededBy: null,
  };
}

function partialSeries(): Series {
  return {
    key: PARTIAL_KEY,
    revision: 1,
    versionInferred: true,
    subject: 'mm: rework bar',
    author: 'B Dev <b@example.org>',
    sender: 'B Dev <b@example.org>',
    date: null,
    total: 8,
    complete: false,
    cover: null,
    patches: [1, 2, 3, 4, 5, 6, 7].map((index) => ({
      index,
      messageId: `<b${index}@example.org>`,
      subject: `mm: bar part ${index}`,
      author: 'B Dev <b@example.org>',
      sender: 'B Dev <b@example.org>',
      date: null,
      files: [{ path: `mm/bar${index}.c`, status: 'added', additions: 1, deletions: 0, binary: false }],
      replies: 0,
    })),
    missing: [{ from: 8, to: 8 }],
    replies: [],
    rfc: true,
    newest: true,
    supersededBy: null,
  };
}

export function sampleFindings(): Finding[] {
  return [
    {
      ruleId: 'symbol-exports',
      messageId: 'newExport',
      message: 'new EXPORT_SYMBOL foo_helper without in-tree user',
      severity: 'warning',
      subject: { key: COMPLETE_KEY, revision: 2, patch: 2, messageId: '<p2@example.org>' },
      location: { path: 'include/linux/foo.h', line: 12, endLine: 14 },
      data: { symbol: 'foo_helper', count: 1 },
      fingerprint: 'fp-exports-foo_helper',
    },
    {
      ruleId: 'symbol-exports',
      messageId: 'gplOnly',
      message: 'EXPORT_SYMBOL of foo_other should be EXPORT_SYMBOL_GPL',
      severity: 'info',
      subject: { key: COMPLETE_KEY, revision: 2, patch: 3, messageId: '<p3@example.org>' },
      location: { path: 'drivers/net/foo.c', line: 40 },
      data: { zeta: 'z', alpha: 'a' },
      fingerprint: 'fp-exports-foo_other',
    },
    {
      ruleId: 'kconfig-select',
      messageId: 'selectVisible',
      message: 'select of user-visible symbol BAR',
      severity: 'error',
      subject: { key: PARTIAL_KEY, revision: 1, patch: 4 },
      location: { path: 'mm/Kconfig', oldPath: 'mm/Kconfig.old' },
      fingerprint: 'fp-kconfig-bar',
    },
    {
      ruleId: 'header-moves',
      messageId: 'noLocation',
      message: 'series moves a header without updating users',
      severity: 'warning',
      subject: { key: PARTIAL_KEY, revision: 1 },
      fingerprint: 'fp-header-moves-1',
    },
    {
      ruleId: 'input/unreadable-mbox',
      messageId: 'unreadable',
      message: 'could not parse archive.mbox: truncated message',
      severity: 'error',
      subject: { key: '', revision: 0 },
      location: { path: 'archive.mbox' },
      fingerprint: 'fp-input-archive',
      fatal: true,
    },
  ];
}

export function sampleResult(): RunResult {
  return {
    series: [completeSeries(), partialSeries()],
    findings: sampleFindings(),
    stats: { messages: 14, bytes: 52_000, patches: 10, comments: 3, sources: ['archive.mbox', 'lore-export.mbox'] },
  };
}

export const META = { tool: 'kvetch', version: '0.1.0' } as const;
