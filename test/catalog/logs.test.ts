/** The resource types' logs: each request log names a category of the type, a table of catalog/tables/ and its columns. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceCatalog, requestLog } from '../../src/catalog/resources.js';
import { sliCatalog, tableSchemas } from '../../src/catalog/index.js';
import { catalogShowText } from '../../src/catalog/report.js';

const withRequests = () => [...resourceCatalog().values()].filter((e) => e.logs?.requests);

test('the four gateway types have a request log', () => {
  assert.equal(withRequests().map((e) => e.type).sort(), ['Microsoft.ApiManagement/service', 'Microsoft.Cdn/profiles', 'Microsoft.Network/applicationGateways', 'Microsoft.Web/sites']);
});

test('every request log is a category of its type, in a catalog table that has its columns with usable types', () => {
  const tables = new Map(tableSchemas().map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.type]))]));
  for (const e of withRequests()) {
    const log = requestLog(e.type)!;
    assert.ok(e.logs!.categories.some((c) => c.name === log.category), `${e.type}: ${log.category} is one of its categories`);
    const columns = tables.get(log.table);
    assert.ok(columns, `${e.type}: table ${log.table} is in catalog/tables/`);
    const typeOf = (c: string) => columns!.get(c);
    assert.is(typeOf('_ResourceId'), 'string', `${log.table}._ResourceId`);
    for (const c of [log.host, log.path, ...(log.api ? [log.api] : [])]) assert.is(typeOf(c.column), 'string', `${log.table}.${c.column}`);
    if (log.filter) assert.is(typeOf(log.filter.column), 'string', `${log.table}.${log.filter.column}`);
    assert.ok(['int', 'long', 'string'].includes(typeOf(log.status.column)!), `${log.table}.${log.status.column} is ${typeOf(log.status.column)}`);
    assert.ok(['int', 'long', 'real', 'string'].includes(typeOf(log.duration.column)!), `${log.table}.${log.duration.column} is ${typeOf(log.duration.column)}`);
    // A table that holds every category needs the filter that keeps this one.
    assert.is(log.table === 'AzureDiagnostics', log.filter !== undefined, `${e.type}: filter`);
    assert.ok(sliCatalog().get('gatewayAvailability')!.tables.includes(log.table), `gatewayAvailability lists ${log.table}`);
  }
});

test('catalog show lists the log categories and the request log', () => {
  const text = catalogShowText(resourceCatalog().get('microsoft.network/applicationgateways')!);
  assert.match(text, /ApplicationGatewayAccessLog → AGWAccessLogs/);
  assert.match(text, /Request log of gatewayAvailability \/ gatewayLatency: ApplicationGatewayAccessLog/);
});

test.run();
