import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessage } from '../../../src/analyzers/define.js';

test('renderMessage fills placeholders, leaves unknown ones visible, and inserts values literally', () => {
  const t = '{{symbol}} is exported with {{ macro }}{{nsText}}; {{symbol}} again, {{missing}} stays';
  assert.equal(renderMessage(t, { symbol: 'foo', macro: 'EXPORT_SYMBOL', nsText: '' }), 'foo is exported with EXPORT_SYMBOL; foo again, {{missing}} stays');
  assert.equal(renderMessage(t, { symbol: '$&', macro: "$'", nsText: 3 }), "$& is exported with $'3; $& again, {{missing}} stays");
  assert.equal(renderMessage(t, undefined), t);
  assert.equal(renderMessage('no placeholders', { a: 1 }), 'no placeholders');
  assert.equal(renderMessage('{{a}}{{b}}', { a: 1, b: 'x' }), '1x');
});
