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

/** The word at a diagnostic's position, to show where it points. */
const wordAt = (text: string, line: number, col: number) => /^[\w.]+|^./.exec(text.split('\n')[line - 1]!.slice(col - 1))?.[0];

test('KQL valid alone but not as a stored function body is refused at the statement that cannot stand there', () => {
  const cases: [string, string, RegExp][] = [
    ['|\n          set notruncation;\n          AppRequests', 'set', /a `set` statement/],
    ['|\n          declare query_parameters(x: int = 1);\n          AppRequests', 'declare', /declare query_parameters/],
    ['|\n          AppRequests;\n          AppRequests', 'AppRequests', /a second query/],
    ['|\n          let x = 1;', 'let', /a `let` with no query/],
    ['".show tables"', '.show', /control command/],
  ];
  for (const [good, word, why] of cases) {
    const text = spec(good);
    const errors = errorsOf(text) as [string, number, number, string][];
    assert.is(errors.length, 1, `${good}: ${JSON.stringify(errors)}`);
    const [code, line, col, message] = errors[0]!;
    assert.is(code, 'AZSLO018');
    assert.match(message, why);
    // The second query of 'A;\nB' is the one that cannot stand there.
    assert.is(wordAt(text, line, col), word, `${good} → ${line}:${col}`);
    if (word === 'AppRequests') assert.is(line, 14);
  }
});

test('text that would close the function and open another is refused, alone and in place', () => {
  const escapes = ['"AppRequests }; let y = view () { AppRequests"', '"AppRequests | where Name == 1 } | take 1; { AppRequests"', '"AppRequests ) //"'];
  for (const good of escapes) assert.ok(errorsOf(spec(good)).length > 0, good);
});

test('a trailing comment cannot swallow the end of the function: the wrapper puts it on its own line', () => {
  assert.equal(errorsOf(spec('|\n          AppRequests // the good ones }\n          | where Success')), []);
});

test('a KPI query is checked inside its function too', () => {
  const text = `apiVersion: azslo/v1
kind: Service
metadata: { name: svc, owner: o, environment: prod }
azure: { workspace: ${WORKSPACE}, appInsights: ${APP_INSIGHTS}, location: westeurope }
business:
  signals:
    - name: orders
      source:
        query: |
          set notruncation;
          AppEvents | project TimeGenerated, Value = 1.0
      alerts:
        - { kind: noData, for: 30m }
slos:
  - { name: s, objective: 99, window: 7d, sli: { requestAvailability: {} } }
`;
  const errors = errorsOf(text) as [string, number, number, string][];
  assert.equal(errors.map((e) => [e[0], e[1], e[2]]), [['AZSLO018', 10, 11]]);
  assert.match(errors[0]![3], /signal query: a `set` statement/);
});

test('user KQL is kept whole in the function: its blank lines too', () => {
  const text = spec('|\n          AppRequests\n\n          | where Success');
  assert.equal(errorsOf(text), []);
});

test('a raw SLI over any catalog table binds: Application Gateway, Front Door, containers, storage and activity logs', () => {
  const queries = [
    'AGWAccessLogs | where HttpStatus < 500 and TimeTaken <= 0.3',
    'AzureDiagnostics | where Category == "FrontDoorAccessLog" and toint(httpStatusCode_s) < 500',
    'ApiManagementGatewayLogs | where IsRequestSuccess',
    'AppServiceHTTPLogs | where ScStatus < 500',
    'ContainerLogV2 | where LogLevel != "ERROR"',
    'KubePodInventory | where PodStatus == "Running"',
    'StorageBlobLogs | where StatusCode startswith "2"',
    'AzureActivity | where ActivityStatusValue == "Success"',
    'AGWFirewallLogs | where Action != "Blocked"',
  ];
  for (const q of queries) assert.equal(errorsOf(spec(JSON.stringify(q), q.split(' ')[0])), [], q);
});

test('a raw SLI over AGWAccessLogs: a wrong column fails where it stands', () => {
  const text = spec('AGWAccessLogs | where HttpStatuz < 500', 'AGWAccessLogs');
  const [[code, line, col, message]] = errorsOf(text) as [[string, number, number, string]];
  assert.is(code, 'AZSLO018');
  assert.is(text.split('\n')[line - 1]!.slice(col - 1, col + 9), 'HttpStatuz');
  assert.match(message, /The name 'HttpStatuz' does not refer/);
});

test.run();
