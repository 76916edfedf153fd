import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MaintainersIndex } from '../../../src/kernel/maintainers-index.js';
import { matchSections, parseMaintainers } from '../../../src/kernel/maintainers.js';

const TEXT = `
A
M:	A <a@x.org>
F:	drivers/net/
X:	drivers/net/wireless/
F:	include/linux/net*.h

B
M:	B <b@x.org>
F:	drivers/net/wireless/ath/ath[0-9]*/
F:	drivers/net/*.c
N:	ath

C
M:	C <c@x.org>
F:	drivers/*/core.c
F:	Documentation/net?/
F:	tools/

D
M:	D <d@x.org>
F:	drivers/net/ethernet/intel/e1000/e1000_main.c
F:	arch/x86/kvm/

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
F:	*
F:	*/
`;

const db = parseMaintainers(TEXT, { isDirectory: (p) => ['tools', 'drivers/net', 'arch/x86/kvm'].includes(p) });

const names = (ms: { section: { title: string }; depth: number }[]): string[] => ms.map((m) => `${m.section.title}:${m.depth}`);

test('the index answers as matchSections on chosen paths', () => {
  const index = new MaintainersIndex(db);
  for (const path of ['drivers/net/x.c', 'drivers/net/wireless/ath/ath9k/hw.c', 'drivers/net/wireless/y.c', 'include/linux/netdevice.h', 'drivers/usb/core.c', 'Documentation/net2/a.rst', 'tools/x/y', 'drivers/net/ethernet/intel/e1000/e1000_main.c', 'arch/x86/kvm/x86.c', 'Makefile', 'drivers/gpu/ath.c']) {
    assert.deepEqual(names(index.sectionsOf(path)), names(matchSections(db, path)), path);
  }
});

test('the index answers as matchSections on any path (property)', () => {
  const index = new MaintainersIndex(db);
  const part = fc.constantFrom('drivers', 'net', 'wireless', 'ath', 'ath9k', 'ath10', 'core.c', 'x.c', 'include', 'linux', 'netdev.h', 'tools', 'arch', 'x86', 'kvm', 'Documentation', 'net2', 'e1000', 'ethernet', 'intel', 'e1000_main.c');
  fc.assert(
    fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), (parts) => {
      const path = parts.join('/');
      assert.deepEqual(names(index.sectionsOf(path)), names(matchSections(db, path)));
    }),
    { numRuns: 3000 },
  );
});
