#!/usr/bin/python3
"""Dump every defined symbol's direct dependency as computed by kconfiglib (Debian's
python3-kconfiglib), as JSON {symbol: expression}, for kvetch's cross-check of its own parser.

Usage: kconfiglib-dump.py <tree> <arch>
       kconfiglib-dump.py <tree> <arch> --facts < queries.json
  With --facts, reads [{selector, symbol, dependency}] and prints, for each, what kconfiglib
  says: does selector select symbol, is dependency among the symbols of symbol's direct
  dependency, and selector's direct dependency.

kconfiglib 14.1 predates the bare `modules` keyword of Linux >= 6.11 (it knows only
`option modules`); files are rewritten on the fly for that one construct and nothing else.
"""
import io
import json
import os
import re
import sys

import kconfiglib

tree, arch = sys.argv[1], sys.argv[2]
os.chdir(tree)
os.environ.update(srctree='.', ARCH=arch, SRCARCH=arch, CC='gcc', LD='ld', HOSTCC='gcc',
                  HOSTCXX='g++', KERNELVERSION='0', RUSTC='rustc', BINDGEN='bindgen', CLANG_FLAGS='')

_open = kconfiglib.Kconfig._open


def open_rewritten(self, filename, mode):
    f = _open(self, filename, mode)
    text = f.read()
    f.close()
    return io.StringIO(re.sub(r'(?m)^(\s*)modules\s*$', r'\1option modules', text))


kconfiglib.Kconfig._open = open_rewritten
kc = kconfiglib.Kconfig('Kconfig', warn=False)
if len(sys.argv) > 3 and sys.argv[3] == '--facts':
    facts = []
    for q in json.load(sys.stdin):
        sel = kc.syms.get(q['selector'])
        sym = kc.syms.get(q['symbol'])
        facts.append({
            'selects': bool(sel and sel.nodes and any(t.name == q['symbol'] for t, _ in sel.selects)),
            'needs': bool(sym and sym.nodes and q['dependency'] in {i.name for i in kconfiglib.expr_items(sym.direct_dep)}),
            'selectorDirectDep': kconfiglib.expr_str(sel.direct_dep) if sel and sel.nodes else None,
        })
    json.dump(facts, sys.stdout)
else:
    out = {name: kconfiglib.expr_str(sym.direct_dep) for name, sym in kc.syms.items() if sym.nodes}
    json.dump(out, sys.stdout, sort_keys=True)
