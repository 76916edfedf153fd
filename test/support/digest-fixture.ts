/**
 * A digest built by hand, as the builder would make it for one maintainer over one week: three
 * subsystems, four weeks of export history (zero and negative weeks among them), findings of
 * three analyzers, a series in every state (one superseded by its v3), one attention item.
 * `sampleDigest(overrides)` replaces top-level fields; `emptyDigest()` is a week with nothing.
 */
import { DIGEST_SCHEMA_VERSION, type Digest, type DigestSeries, type SubsystemDigest } from '../../src/report/digest/model.js';

const LORE = 'https://lore.kernel.org/all';

function series(s: Partial<DigestSeries> & Pick<DigestSeries, 'key' | 'revision' | 'subject' | 'state'>): DigestSeries {
  return {
    id: `${s.key}#v${s.revision}`,
    author: 'A. Contributor <a@example.org>',
    date: '2023-11-14T09:12:00.000Z',
    patches: 3,
    olderRevisions: [],
    links: {},
    files: [],
    findings: [],
    open: 0,
    fixed: 0,
    ...s,
  };
}

const PHY_DECLS = ['phy_fast_link_down', 'phy_fast_link_up', 'phy_set_fast_mode', 'phy_fast_mode_supported'];

const SERIES: DigestSeries[] = [
  series({
    key: 'k-modns',
    revision: 2,
    subject: '[PATCH v2 0/4] module: export helpers to the MODULE_NS namespace',
    author: 'Petra Schmidt <petra@example.org>',
    date: '2023-11-15T10:00:00.000Z',
    patches: 4,
    state: 'revised',
    olderRevisions: [1],
    links: { lore: `${LORE}/20231115100000.1-petra@example.org/`, patchwork: 'https://patchwork.kernel.org/project/linux-modules/list/?series=801234' },
    files: ['kernel/module/main.c', 'include/linux/module.h'],
    findings: [
      { ruleId: 'symbol-exports', messageId: 'no-user', severity: 'warning', message: 'new EXPORT_SYMBOL_GPL module_get_ns without in-tree user', path: 'kernel/module/main.c', line: 812, fingerprint: 'f1', status: 'open', since: 1 },
      { ruleId: 'kconfig-select', messageId: 'visible', severity: 'error', message: 'select of user-visible symbol MODULE_SIG', path: 'kernel/module/Kconfig', line: 40, fingerprint: 'f2', status: 'fixed', fixedIn: 2 },
    ],
    open: 1,
    fixed: 1,
    review: { reviewed: 2, of: 4, by: ['Luis R. <luis@example.org>'] },
  }),
  series({
    key: 'k-netphy',
    revision: 1,
    subject: '[PATCH net-next 0/3] net: phy: add fast link-down & drop the old quirk',
    author: 'Kenji Ito <kenji@example.org>',
    date: '2023-11-16T08:30:00.000Z',
    state: 'new',
    links: { lore: `${LORE}/20231116083000.0-kenji@example.org/`, github: 'https://github.com/example/linux/pull/42' },
    files: ['drivers/net/phy/phy.c', 'include/linux/phy.h', 'drivers/net/phy/Kconfig'],
    findings: [
      { ruleId: 'kconfig-select', messageId: 'visible', severity: 'error', message: 'select of user-visible symbol PHYLIB_LEDS', path: 'drivers/net/phy/Kconfig', line: 12, fingerprint: 'f3', status: 'open' },
      ...PHY_DECLS.map((name, i) => ({
        ruleId: 'public-header-growth',
        messageId: 'decl',
        severity: 'info' as const,
        message: `new declaration ${name} in include/linux/phy.h`,
        path: 'include/linux/phy.h',
        line: 1200 + i,
        fingerprint: `f4-${i}`,
        status: 'open' as const,
      })),
      { ruleId: 'public-header-growth', messageId: 'inline', severity: 'warning', message: 'new static inline phy_fast_poll with a body of 40 lines in a public header', path: 'include/linux/phy.h', line: 1210, fingerprint: 'f6', status: 'open' },
      { ruleId: 'public-header-growth', messageId: 'macro', severity: 'warning', message: 'new macro PHY_FAST_MASK in a public header without users', path: 'include/linux/phy.h', line: 1220, fingerprint: 'f7', status: 'open' },
    ],
    open: 7,
  }),
  series({
    key: 'k-kvmx86',
    revision: 2,
    subject: '[PATCH v2 0/2] KVM: x86: unexport kvm_lapic_* helpers',
    author: 'Sam Rivera <sam@example.org>',
    date: '2023-11-13T16:45:00.000Z',
    patches: 2,
    state: 'superseded',
    supersededBy: 3,
    olderRevisions: [1],
    links: { lore: `${LORE}/20231113164500.2-sam@example.org/` },
    files: ['arch/x86/kvm/lapic.c'],
    findings: [
      { ruleId: 'symbol-exports', messageId: 'removed', severity: 'info', message: 'EXPORT_SYMBOL_GPL kvm_lapic_hv_timer_in_use removed', path: 'arch/x86/kvm/lapic.c', line: 150, fingerprint: 'f5', status: 'open' },
    ],
    open: 1,
  }),
];

const SUBSYSTEMS: SubsystemDigest[] = [
  {
    name: 'MODULE SUPPORT',
    status: 'Maintained',
    series: ['k-modns#v2'],
    exports: {
      added: 3,
      removed: 1,
      net: 2,
      byMacro: { EXPORT_SYMBOL_GPL: { added: 2, removed: 1 }, EXPORT_SYMBOL_NS_GPL: { added: 1, removed: 0 } },
      byNamespace: { '': { added: 2, removed: 1 }, MODULE_NS: { added: 1, removed: 0 } },
      loosened: [{ symbol: 'module_put_ns', macro: 'EXPORT_SYMBOL', oldMacro: 'EXPORT_SYMBOL_GPL', namespace: '', path: 'kernel/module/main.c', series: 'k-modns#v2' }],
      restricted: [{ symbol: 'module_ns_lookup', macro: 'EXPORT_SYMBOL_GPL_FOR_MODULES', namespace: '', path: 'kernel/module/main.c', series: 'k-modns#v2', modules: 'kvm,kvm-intel' }],
      newExports: [
        { symbol: 'module_get_ns', macro: 'EXPORT_SYMBOL_GPL', namespace: '', path: 'kernel/module/main.c', series: 'k-modns#v2' },
        { symbol: 'module_ns_count', macro: 'EXPORT_SYMBOL_NS_GPL', namespace: 'MODULE_NS', path: 'kernel/module/main.c', series: 'k-modns#v2' },
      ],
      removedExports: [{ symbol: 'module_old_helper', macro: 'EXPORT_SYMBOL_GPL', namespace: '', path: 'kernel/module/main.c', series: 'k-modns#v2' }],
    },
    headerDeclarations: [{ name: 'module_get_ns', kind: 'function', path: 'include/linux/module.h', series: 'k-modns#v2', count: 1 }],
    headerMoves: [{ direction: 'in', name: 'struct module_ns', from: 'kernel/module/internal.h', to: 'include/linux/module.h', series: 'k-modns#v2' }],
    kconfig: [{ message: 'select of user-visible symbol MODULE_SIG', path: 'kernel/module/Kconfig', severity: 'error', status: 'fixed', fixedIn: 2, series: 'k-modns#v2' }],
    findings: { 'symbol-exports': { warning: 1 } },
  },
  {
    name: 'ETHERNET PHY LIBRARY',
    status: 'Maintained',
    series: ['k-netphy#v1'],
    exports: { added: 0, removed: 0, net: 0, byMacro: {}, byNamespace: {}, loosened: [], restricted: [], newExports: [], removedExports: [] },
    headerDeclarations: [
      ...PHY_DECLS.map((name) => ({ name, kind: 'function', path: 'include/linux/phy.h', series: 'k-netphy#v1', count: 1 })),
      { name: 'PHY_FAST_MASK', kind: 'macro', path: 'include/linux/phy.h', series: 'k-netphy#v1', count: 1 },
    ],
    headerMoves: [{ direction: 'out', name: 'phy_quirk_old', from: 'include/linux/phy.h', to: 'drivers/net/phy/phy-internal.h', series: 'k-netphy#v1' }],
    kconfig: [{ message: 'select of user-visible symbol PHYLIB_LEDS', path: 'drivers/net/phy/Kconfig', severity: 'error', status: 'open', series: 'k-netphy#v1' }],
    findings: { 'kconfig-select': { error: 1 }, 'public-header-growth': { info: 4, warning: 2 } },
  },
  {
    name: 'KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)',
    status: 'Supported',
    series: ['k-kvmx86#v2'],
    exports: {
      added: 0,
      removed: 1,
      net: -1,
      byMacro: { EXPORT_SYMBOL_GPL: { added: 0, removed: 1 } },
      byNamespace: { '': { added: 0, removed: 1 } },
      loosened: [],
      restricted: [],
      newExports: [],
      removedExports: [{ symbol: 'kvm_lapic_hv_timer_in_use', macro: 'EXPORT_SYMBOL_GPL', namespace: '', path: 'arch/x86/kvm/lapic.c', series: 'k-kvmx86#v2' }],
    },
    headerDeclarations: [],
    headerMoves: [],
    kconfig: [],
    findings: { 'symbol-exports': { info: 1 } },
  },
];

export function sampleDigest(overrides: Partial<Digest> = {}): Digest {
  return {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    recipient: { display: 'Jane Maintainer <jane@kernel.org>', name: 'Jane Maintainer', address: 'jane@kernel.org', role: 'maintainer' },
    period: { since: '2023-11-13T00:00:00.000Z', until: '2023-11-20T00:00:00.000Z', week: '2023-W46' },
    attention: [
      {
        series: 'k-netphy#v1',
        subject: SERIES[1]!.subject,
        ruleId: 'kconfig-select',
        message: 'select of user-visible symbol PHYLIB_LEDS',
        path: 'drivers/net/phy/Kconfig',
        line: 12,
        link: `${LORE}/20231116083000.0-kenji@example.org/`,
      },
    ],
    subsystems: structuredClone(SUBSYSTEMS),
    series: structuredClone(SERIES),
    totals: {
      series: 3,
      byState: { new: 1, revised: 1, superseded: 1 },
      exports: { added: 3, removed: 2, net: 1 },
      findings: { 'symbol-exports': { warning: 1, info: 1 }, 'kconfig-select': { error: 1 }, 'public-header-growth': { info: 4, warning: 2 } },
      open: 9,
      fixed: 1,
    },
    history: {
      weeks: ['2023-W43', '2023-W44', '2023-W45', '2023-W46'],
      subsystems: [
        { name: 'MODULE SUPPORT', net: [1, 0, 3, 2], added: [1, 0, 4, 3], removed: [0, 0, 1, 1] },
        { name: 'ETHERNET PHY LIBRARY', net: [2, -1, 0, 0], added: [2, 1, 0, 0], removed: [0, 2, 0, 0] },
        { name: 'KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)', net: [0, 0, -2, -1], added: [0, 0, 0, 0], removed: [0, 0, 2, 1] },
      ],
    },
    ...overrides,
  };
}

/** A week with nothing to tell: no series, no findings, no export changes. */
export function emptyDigest(overrides: Partial<Digest> = {}): Digest {
  return sampleDigest({
    attention: [],
    subsystems: [],
    series: [],
    totals: { series: 0, byState: { new: 0, revised: 0, superseded: 0 }, exports: { added: 0, removed: 0, net: 0 }, findings: {}, open: 0, fixed: 0 },
    history: { weeks: ['2023-W43', '2023-W44', '2023-W45', '2023-W46'], subsystems: [] },
    ...overrides,
  });
}

/** Cells of the history with a net change: the bars the export chart must draw. */
export function nonZeroHistory(d: Digest): number {
  return d.history.subsystems.reduce((n, s) => n + s.net.filter((v) => v !== 0).length, 0);
}

/** (analyzer, severity) pairs with open findings: the points of the findings chart. */
export function nonZeroFindings(d: Digest): number {
  return Object.values(d.totals.findings).reduce((n, bySeverity) => n + Object.values(bySeverity).filter((v) => v > 0).length, 0);
}

/** States with series: the bars of the state chart. */
export function nonZeroStates(d: Digest): number {
  return Object.values(d.totals.byState).filter((v) => v > 0).length;
}
