import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../../src/mail/message.js';

const raw = (headers: string): Buffer => Buffer.from(`${headers}\nMessage-ID: <m@x>\nSubject: [PATCH] x\n\nbody\n`);
const mail = (headers: string) => parseMessage({ source: 't', offset: 0, index: 0, bytes: raw(headers), size: 0, oversized: false, truncated: false });

test('To and Cc: every address in order, names kept, addresses lower-cased, groups opened', async () => {
  const m = await mail(
    'From: Ada <ada@example.org>\nTo: Paolo Bonzini <PBonzini@RedHat.com>, kvm@vger.kernel.org\nCc: maintainers: Sean <seanjc@google.com>, x@y.org;, linux-kernel@vger.kernel.org\nList-Id: <kvm.vger.kernel.org>\nX-Mailing-List: kvm@vger.kernel.org',
  );
  assert.deepEqual(m.to, [
    { name: 'Paolo Bonzini', address: 'pbonzini@redhat.com' },
    { name: '', address: 'kvm@vger.kernel.org' },
  ]);
  assert.deepEqual(m.cc.map((a) => a.address), ['seanjc@google.com', 'x@y.org', 'linux-kernel@vger.kernel.org']);
  assert.equal(m.headers['x-mailing-list'], 'kvm@vger.kernel.org');
});

test('no To or Cc header: empty lists', async () => {
  const m = await mail('From: Ada <ada@example.org>');
  assert.deepEqual(m.to, []);
  assert.deepEqual(m.cc, []);
});
