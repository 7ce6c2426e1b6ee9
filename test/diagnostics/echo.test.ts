/**
 * Diagnostics quote user values back without carrying them whole: capped with an ellipsis, secrets masked,
 * invisible characters shown, in every message whoever made it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { cap, echo, ECHO_LIMIT, maskSecrets, MESSAGE_LIMIT } from '../../src/diagnostics/echo.js';
import { diagnostic, formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { parseSource } from '../../src/load/source.js';
import { validateDocuments } from '../../src/validate/index.js';
import { baseSpec } from '../helpers/specs.js';

test('secrets in URLs, connection strings and headers are masked', () => {
  const cases: [string, string][] = [
    ['https://x.blob.core.windows.net/c?sv=2022-11-02&sig=abc%2Bdef%3D&se=2030', 'https://x.blob.core.windows.net/c?sv=2022-11-02&sig=***&se=2030'],
    ['https://fn.azurewebsites.net/api/f?code=Zm9vYmFy==', 'https://fn.azurewebsites.net/api/f?code=***'],
    ['Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=s3cr3t+/=', 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=***'],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=AAAA==;EndpointSuffix=core.windows.net', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=***;EndpointSuffix=core.windows.net'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer ***'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here', 'token *** here'],
    ['https://user:hunter2@hooks.example.com/x', 'https://user:***@hooks.example.com/x'],
    ['https://hooks.example.com/x?api-key=k&token=t', 'https://hooks.example.com/x?api-key=***&token=***'],
  ];
  for (const [text, masked] of cases) assert.is(maskSecrets(text), masked);
  assert.is(maskSecrets('monkey=banana keyboard'), 'monkey=banana keyboard');
});

test('a quoted value is capped in code points and shows invisible characters', () => {
  const long = '😀'.repeat(200);
  const shown = echo(long);
  assert.is(Array.from(shown).length, ECHO_LIMIT + 2);
  assert.ok(shown.endsWith("…'"));
  assert.is(echo('red\u001b[31m'), "'red\\u{1B}[31m'");
  assert.is(cap('abc', 3), 'abc');
  assert.is(cap('abcd', 3), 'ab…');
});

test('the factory caps and masks every message and hint, whoever wrote them', () => {
  const d = diagnostic('AZSLO003', `value ${'x'.repeat(2_000_000)} sig=topsecret`, { file: 'f\u001b.yaml' }, { hint: 'see https://h/?sig=s3cr3t' });
  assert.is(Array.from(d.message).length, MESSAGE_LIMIT);
  assert.is(d.hint, 'see https://h/?sig=***');
  assert.ok(formatDiagnostic(d).startsWith('f\\u{1B}.yaml:1:1'));
});

test('a 1 MB unknown key or value comes back as a short message', () => {
  const spec = baseSpec() as Record<string, unknown>;
  const huge = `${'k'.repeat(1000)}`;
  for (const [variant, code] of [[{ ...spec, [huge]: 1 }, 'AZSLO002'], [{ ...spec, metadata: { name: 'x', owner: 'o', environment: 'e', displayName: 'y'.repeat(1_000_000) } }, 'AZSLO003']] as const) {
    const r = parseSource('s.yaml', stringify(variant));
    const ds = validateDocuments(r.documents, r.diagnostics).diagnostics;
    assert.equal(ds.map((d) => d.code), [code]);
    for (const d of ds) assert.ok(d.message.length < 400, d.message.slice(0, 200));
  }
});

test('an inline webhook URL is not printed back with its token', () => {
  const spec = baseSpec({ notifications: { hook: { webhook: { url: 'https://example.com/hook?sig=SECRETSIG&code=SECRETCODE' } } } }) as Record<string, unknown>;
  const r = parseSource('s.yaml', stringify(spec));
  const text = validateDocuments(r.documents, r.diagnostics).diagnostics.map(formatDiagnostic).join('\n');
  assert.match(text, /AZSLO017/);
  assert.not.match(text, /SECRET/);
});

test.run();
