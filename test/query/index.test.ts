/** azslo query: every SLI, KPI and alert of every example comes out as KQL that binds on its own. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadSpecs, validate } from '../../src/index.js';
import { buildServiceModel, isPrometheusSlo } from '../../src/model/service.js';
import { queryFor } from '../../src/query/index.js';
import { checkKql } from '../../src/kql/service.js';
import { root } from '../helpers/bicep.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';

const examples = readdirSync(path.join(root, 'examples')).filter((n) => !n.startsWith('_') && statSync(path.join(root, 'examples', n)).isDirectory());

for (const name of examples) {
  test(`${name}: every query azslo prints binds with 0 errors`, async () => {
    const result = validate(await loadSpecs([path.join(root, 'examples', name)]));
    const services = result.services.map((s) => buildServiceModel(s.spec));
    let n = 0;
    for (const s of services) {
      const requests = [
        ...s.slos.flatMap((slo) => [{ name: slo.name }, ...slo.alerts.map((a) => ({ name: slo.name, alert: a.kind }))]),
        ...s.business.signals.flatMap((sig) => [{ name: sig.name }, ...sig.alerts.map((a) => ({ name: sig.name, alert: a.id }))]),
      ];
      for (const req of requests) {
        const q = queryFor(services, req);
        assert.ok(q.ok, JSON.stringify(req));
        if (!q.ok) continue;
        const slo = s.slos.find((x) => x.name === req.name);
        // A Prometheus SLI's query is PromQL for its Azure Monitor workspace: it parses with the Prometheus grammar.
        if (slo && isPrometheusSlo(slo)) assert.is(promqlSyntaxError(q.text.split('\n').filter((l) => !l.startsWith('#')).join('\n')), undefined, q.text);
        else assert.equal(checkKql(q.text, 'workspace', [], s.business.tables).problems.filter((p) => p.severity === 'error'), [], q.text);
        n++;
      }
    }
    assert.ok(n > 0);
  });
}

test('unknown names and alerts are explained', async () => {
  const result = validate(await loadSpecs([path.join(root, 'examples', 'web-api')]));
  const services = result.services.map((s) => buildServiceModel(s.spec));
  const missing = queryFor(services, { name: 'nope' });
  assert.not.ok(missing.ok);
  if (!missing.ok) assert.match(missing.message, /there are: api-availability, api-latency/);
  const noAlert = queryFor(services, { name: 'api-latency', alert: 'sms' });
  assert.not.ok(noAlert.ok);
  const scoped = queryFor(services, { name: 'checkout/api-latency' });
  assert.ok(scoped.ok);
});

test.run();
