import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kqlString, kqlTimespan, kqlIdentifier } from '../../src/kql/escape.js';
import { readStringLiteral, checkKql } from '../../src/kql/service.js';

const nasty = [
  'plain',
  'quote " and \' both',
  'back\\slash and \\" escaped quote',
  'new\nline\r\nand\ttab',
  '${interpolation} and \'\'\' triple',
  'unicode: é, 日本語, emoji 😀, RTL ‮',
  'control \u0001\u001f\u007f chars',
  'KQL keywords: where | project let; union',
  '',
];

test('kqlString: Kusto reads back exactly the input', () => {
  for (const s of nasty) {
    const literal = kqlString(s);
    assert.is(readStringLiteral(literal), s, `round trip of ${JSON.stringify(s)}`);
    assert.equal(checkKql(`print x = ${literal}`).problems, [], `no diagnostics for ${literal}`);
  }
});

test('kqlTimespan uses the largest whole unit', () => {
  assert.is(kqlTimespan(300), '5m');
  assert.is(kqlTimespan(3600), '1h');
  assert.is(kqlTimespan(172800), '2d');
  assert.is(kqlTimespan(45), '45s');
});

test('kqlIdentifier brackets names that are not identifiers', () => {
  assert.is(kqlIdentifier('Good1h'), 'Good1h');
  assert.is(kqlIdentifier('my col'), '["my col"]');
});

test.run();
