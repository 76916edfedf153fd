/**
 * The StateStore contract, opt-outs of the email channel (migration 002). Registered by
 * storeContract (store-contract.ts), so SQLite and PostgreSQL both pass it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withStore, withStores, type OpenMany, type OpenStore } from './store-fixtures.js';

export function optOutContract(open: OpenStore, openMany: OpenMany): void {
  test('addOptOut records an address for every analyzer or for one; isOptedOut tells them apart', () =>
    withStore(open, async (s) => {
      assert.equal(await s.isOptedOut('ada@example.org'), false);
      assert.equal(await s.addOptOut({ address: 'ada@example.org', ruleId: 'kconfig-select' }), true);
      assert.equal(await s.isOptedOut('ada@example.org', 'kconfig-select'), true);
      assert.equal(await s.isOptedOut('ada@example.org', 'symbol-exports'), false, 'another analyzer is still mailed');
      assert.equal(await s.isOptedOut('ada@example.org'), false, 'one analyzer is not all of them');
      assert.equal(await s.addOptOut({ address: 'bob@example.org' }), true);
      assert.equal(await s.isOptedOut('bob@example.org'), true);
      assert.equal(await s.isOptedOut('bob@example.org', 'header-move'), true, 'all analyzers cover each one');
      assert.equal(await s.isOptedOut('carol@example.org', 'header-move'), false);
    }));

  test('opt-outs compare addresses case-insensitively and store them lower-cased; a repeat is not new', () =>
    withStore(open, async (s) => {
      assert.equal(await s.addOptOut({ address: '  Ada@Example.ORG ' }), true);
      assert.equal(await s.addOptOut({ address: 'ada@example.org' }), false, 'the same opt-out again');
      assert.equal(await s.addOptOut({ address: 'ada@example.org', ruleId: '' }), false, 'an empty ruleId is every analyzer');
      assert.equal(await s.isOptedOut('ADA@example.org', 'kconfig-select'), true);
      assert.deepEqual((await s.listOptOuts()).map((o) => o.address), ['ada@example.org']);
    }));

  test('listOptOuts: by address, the all-analyzers entry first, with when it was recorded', () =>
    withStore(open, async (s) => {
      const before = Date.now();
      await s.addOptOut({ address: 'zed@example.org', ruleId: 'symbol-exports' });
      await s.addOptOut({ address: 'ada@example.org', ruleId: 'symbol-exports' });
      await s.addOptOut({ address: 'ada@example.org' });
      await s.addOptOut({ address: 'ada@example.org', ruleId: 'header-move' });
      const all = await s.listOptOuts();
      assert.deepEqual(
        all.map((o) => ({ ...o, createdAt: undefined })),
        [
          { address: 'ada@example.org', createdAt: undefined },
          { address: 'ada@example.org', ruleId: 'header-move', createdAt: undefined },
          { address: 'ada@example.org', ruleId: 'symbol-exports', createdAt: undefined },
          { address: 'zed@example.org', ruleId: 'symbol-exports', createdAt: undefined },
        ],
      );
      for (const o of all) assert.ok(o.createdAt.getTime() >= before - 1000 && o.createdAt.getTime() <= Date.now() + 1000, 'createdAt is about now');
    }));

  test('addOptOut refuses an empty address', () =>
    withStore(open, async (s) => {
      await assert.rejects(s.addOptOut({ address: '  ' }), /needs a recipient address/);
      assert.deepEqual(await s.listOptOuts(), []);
    }));

  test('an opt-out recorded through one instance holds for another on the same database', () =>
    withStores(openMany, 2, async ([a, b]) => {
      await a!.addOptOut({ address: 'ada@example.org', ruleId: 'kconfig-select' });
      assert.equal(await b!.isOptedOut('ada@example.org', 'kconfig-select'), true);
      assert.equal(await b!.addOptOut({ address: 'ada@example.org', ruleId: 'kconfig-select' }), false);
    }));
}
