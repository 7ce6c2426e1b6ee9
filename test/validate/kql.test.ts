/** User KQL is checked offline and its errors point inside the YAML scalar. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateText } from '../helpers/specs.js';
import { WORKSPACE, APP_INSIGHTS } from '../helpers/specs.js';

const spec = (good: string, total = 'AppRequests') => `apiVersion: azslo/v1
kind: Service
metadata: { name: svc, owner: o, environment: prod }
azure: { workspace: ${WORKSPACE}, appInsights: ${APP_INSIGHTS}, location: westeurope }
slos:
  - name: s
    objective: 99
    window: 7d
    sli:
      raw:
        total: ${total}
        good: ${good}
`;

const errorsOf = (text: string) => validateText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.position.line, d.position.col, d.message]);

test('literal block: the error is at its line and column inside the block', () => {
  const text = spec('|\n          AppRequests\n          | where Sucess == true');
  const [[code, line, col, message]] = errorsOf(text) as [[string, number, number, string]];
  assert.is(code, 'AZSLO018');
  assert.is(line, 14);
  assert.is(col, 19);
  assert.is(text.split('\n')[line - 1]!.slice(col - 1, col + 5), 'Sucess');
  assert.match(message, /good query: The name 'Sucess' does not refer/);
});

test('plain one-line scalar: exact column', () => {
  const text = spec('AppRequests | where Nope > 1');
  const [[, line, col]] = errorsOf(text) as [[string, number, number]];
  assert.is(text.split('\n')[line - 1]!.slice(col - 1, col + 3), 'Nope');
});

test('double-quoted scalar without escapes: exact column', () => {
  const text = spec('"AppRequests | where Nope > 1"');
  const [[, line, col]] = errorsOf(text) as [[string, number, number]];
  assert.is(text.split('\n')[line - 1]!.slice(col - 1, col + 3), 'Nope');
});

test('an unknown table is an error with a hint about catalog/tables/', () => {
  const r = validateText(spec('MyTable_CL | where true'));
  const d = r.diagnostics.find((x) => x.code === 'AZSLO018')!;
  assert.match(d.message, /MyTable_CL/);
  assert.match(d.hint, /catalog\/tables/);
});

test('a syntax error is reported, not thrown', () => {
  const r = validateText(spec('"AppRequests | where ("'));
  assert.ok(r.diagnostics.some((d) => d.code === 'AZSLO018'));
});

test('a query without TimeGenerated, or a scalar, is refused', () => {
  assert.match(String(errorsOf(spec('AppRequests | project Name'))[0]![3]), /must return a TimeGenerated column/);
  assert.match(String(errorsOf(spec('print 1'))[0]![3]), /TimeGenerated/);
});

test('valid KQL with lets and functions passes', () => {
  const text = spec('|\n          let names = dynamic(["a", "b"]);\n          AppRequests | where Name in (names) | extend x = strcat(Name, "}")');
  assert.equal(errorsOf(text), []);
});

test.run();
