import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decl } from '../../../../src/analyzers/lib/decl-of.js';
import { packedRows, packRow, packRows, rowKey, unpackRow } from '../../../../src/analyzers/lib/decl-pack.js';

const DECLS: Decl[] = [
  { kind: 'function', name: 'vfio_file_iommu_group', signature: 'struct iommu_group *vfio_file_iommu_group(struct file *file)', line: 101 },
  { kind: 'type', name: 'struct vfio_device_set', signature: 'struct vfio_device_set', line: 103 },
  { kind: 'macro', name: 'FOO', signature: '#define FOO(a,\tb)', line: 7 },
  { kind: 'variable', name: 'vfio_debug_level', signature: 'extern unsigned int vfio_debug_level', line: 0 },
];

test('declarations survive packing: rows in order, fields intact (tabs in a signature, spaces in a type name)', () => {
  const packed = packRows(DECLS.map(packRow));
  assert.equal(typeof packed, 'string');
  const rows = packedRows(packed);
  assert.equal(rows.length, DECLS.length);
  assert.deepEqual(rows.map(unpackRow), DECLS);
});

test('the row key is kind and name, what the header analyzers match on', () => {
  assert.deepEqual(DECLS.map(packRow).map(rowKey), ['function vfio_file_iommu_group', 'type struct vfio_device_set', 'macro FOO', 'variable vfio_debug_level']);
});

test('an empty list packs to no rows', () => {
  assert.deepEqual(packedRows(packRows([])), []);
});
