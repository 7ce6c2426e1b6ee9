/**
 * Text is kept exactly or refused (AZSLO003): no value may carry a character that is invisible, ends a line where a
 * reader sees none, or has no UTF-8 form; one-line values carry no line break; none is longer than azslo's limits.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { refuseText, TEXT_LIMITS } from '../../src/validate/text.js';
import { parseSource } from '../../src/load/source.js';
import { validateDocuments } from '../../src/validate/index.js';
import { stringify } from 'yaml';
import { baseSpec } from '../helpers/specs.js';

test('invisible, line-ending and malformed characters are refused everywhere', () => {
  const bad: [string, RegExp][] = [
    ['\r', /U\+000D/],
    ['\u0000', /U\+0000/],
    ['\u001b[31m', /U\+001B/],
    ['\u007f', /U\+007F/],
    ['\u0085', /U\+0085/],
    ['\u009b', /U\+009B/],
    ['\u2028', /line separator/],
    ['\u2029', /paragraph separator/],
    ['\u202e', /bidirectional/],
    ['\u2066', /bidirectional/],
    ['\ufeff', /byte order mark/],
    ['\ud800', /lone surrogate/],
    ['\udfff', /lone surrogate/],
    ['\ud83dx', /lone surrogate/],
  ];
  for (const [text, why] of bad) {
    for (const multiLine of [false, true]) {
      const r = refuseText(`ok ${text} ok`, multiLine);
      assert.ok(r, JSON.stringify(text));
      assert.match(r!.why, why);
      assert.is(r!.offset, 3, JSON.stringify(text));
    }
  }
});

test('line breaks and tabs are refused in one-line values only; other Unicode is kept', () => {
  assert.match(refuseText('a\nb', false)!.why, /line break/);
  assert.match(refuseText('a\tb', false)!.why, /tab/);
  assert.is(refuseText('a\nb\tc', true), undefined);
  for (const fine of ['é 日本語 😀', 'no\u00a0break', 'zero\u200bwidth', "it's \"quoted\" ${x} \\ '''", 'مرحبا', '']) assert.is(refuseText(fine, false), undefined, JSON.stringify(fine));
});

test('values longer than azslo reads are refused at the first character past the limit', () => {
  assert.is(refuseText('x'.repeat(TEXT_LIMITS.line), false), undefined);
  assert.equal(refuseText('x'.repeat(TEXT_LIMITS.line + 1), false), { offset: TEXT_LIMITS.line, why: `more than ${TEXT_LIMITS.line} characters` });
  assert.is(refuseText('x'.repeat(TEXT_LIMITS.multiLine), true), undefined);
  assert.ok(refuseText('x'.repeat(TEXT_LIMITS.multiLine + 1), true));
});

const diagnose = (spec: object) => {
  const r = parseSource('spec.yaml', stringify(spec));
  return validateDocuments(r.documents, r.diagnostics).diagnostics.map((d) => [d.code, d.path, d.position.line]);
};

test('every field is checked, keys included, and a description or a raw query may span lines', () => {
  const spec = baseSpec() as { slos: Record<string, unknown>[]; notifications: Record<string, unknown> };
  assert.equal(diagnose({ ...spec, metadata: { name: 'shop\routput x string = 1', owner: 'o', environment: 'e' } }), [['AZSLO003', 'metadata.name', 4]]);
  assert.equal(diagnose({ ...spec, notifications: { ...spec.notifications, 'evil\u2028': { email: ['a@b.cd'] } } }).map((d) => d[0]), ['AZSLO003']);
  const raw = { raw: { good: 'AppRequests\n| where Success', total: 'AppRequests' } };
  assert.equal(diagnose({ ...spec, slos: [{ ...spec.slos[0], description: 'line one\nline two', sli: raw }] }), []);
  assert.equal(diagnose({ ...spec, slos: [{ ...spec.slos[0], sli: { requestAvailability: { roleName: 'api\nother' } } }] }).map((d) => d[1]), ['slos[0].sli.requestAvailability.roleName']);
});

test.run();
