/**
 * Output targets behind one interface: generate writes whichever target it is given (a tiny in-test target here,
 * as a second target would be), every target sees the model through the one walk, and the Bicep writer and
 * apply's desired state agree with it on which resources there are and in what order.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generate } from '../../src/index.js';
import { generateFromServices, outputTarget, outputTargets } from '../../src/generate/index.js';
import { bicepTarget } from '../../src/bicep/writer.js';
import { readableResources, resolveValue, walkDeployment, walkModules, type OutputTarget, type ValueResolver } from '../../src/output/index.js';
import { desiredState } from '../../src/apply/desired.js';
import { DeploymentSubscriptionRef, FileText, Merge, ParamRef, ResourceIdRef, type Deployment } from '../../src/resources/model.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

/** A toy target: one JSON file per resource, references spelled `${...}`. */
const toyValues: ValueResolver<unknown> = {
  scalar: (v) => v,
  array: (items) => items,
  object: (entries) => Object.fromEntries(entries),
  param: (ref) => `\${param.${ref.name}}`,
  resourceId: (ref) => `\${id.${ref.key}}`,
  deploymentSubscription: () => '${subscription}',
  fileText: (text, replacements) => ({ file: text.path, replace: replacements }),
  merge: (parts) => ({ merge: parts }),
  subscriptionResource: (ref) => `\${subscription}/${ref.type}/${ref.name}`,
  resourceProperty: (ref) => `\${${ref.key}.${ref.path.join('.')}}`,
  callbackUrl: (ref) => `\${callback.${ref.key}.${ref.trigger}}`,
};
const toyTarget: OutputTarget = {
  name: 'toy',
  description: 'One JSON file per resource.',
  write: (deployment) =>
    walkDeployment(deployment, () => toyValues)
      .map((w) => ({ path: `${w.resource.key}.json`, content: `${JSON.stringify({ type: w.resource.type, location: w.location, tags: w.tags, properties: w.properties })}\n` }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
};

const result = validateSpec(baseSpec());

test('generate writes the target it is given; Bicep is the default and is registered by name', () => {
  assert.ok(result.ok);
  const toy = generate(result, { target: toyTarget });
  assert.is(toy.target, 'toy');
  assert.equal(toy.files.map((f) => f.path), toy.deployment.resources.map((r) => `${r.key}.json`).sort());
  const bicep = generate(result);
  assert.is(bicep.target, 'bicep');
  assert.ok(bicep.files.some((f) => f.path === 'main.bicep'));
  assert.equal(generate(result, { target: 'bicep' }).files, bicep.files);
  assert.is(outputTargets.bicep, bicepTarget);
  assert.is(outputTarget(undefined), bicepTarget);
  assert.throws(() => outputTarget('terraform'), /unknown output target 'terraform': bicep/);
  assert.throws(() => generateFromServices(result.services, { target: 'constructor' }), /unknown output target/);
});

test('one walk: every kind of model value reaches the resolver, children first, and the deployment order is kept', () => {
  const deployment: Deployment = {
    params: [{ name: 'ws', type: 'string', description: 'A workspace.', secure: false, source: { kind: 'literal', value: '/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w' } }],
    modules: [{ path: 'svc/a', description: 'A.' }, { path: 'svc/b', description: 'B.' }],
    resources: [
      { key: 'svc/b/two', module: 'svc/b', symbol: 'two', type: 'Microsoft.Insights/actionGroups', apiVersion: '2024-10-01-preview', name: 'two', location: 'global', properties: { x: [1, true, null] }, dependsOn: [], description: 'Two.' },
      {
        key: 'svc/a/one',
        module: 'svc/a',
        symbol: 'one',
        type: 'Microsoft.Insights/scheduledQueryRules',
        apiVersion: '2025-01-01-preview',
        name: 'one',
        tags: new Merge([new ParamRef('ws'), { a: 'b' }]),
        properties: { scopes: [new ParamRef('ws')], group: new ResourceIdRef('svc/b/two'), sub: new DeploymentSubscriptionRef(), query: new FileText('svc/q.kql', 'T | where W', [['W', new ParamRef('ws')]]) },
        dependsOn: ['svc/b/two'],
        description: 'One.',
      },
    ],
  };
  const seen: string[] = [];
  const modules: string[] = [];
  walkDeployment(deployment, (m) => {
    modules.push(m.path);
    return { ...toyValues, param: (ref) => (seen.push(`param ${ref.name}`), toyValues.param(ref)), fileText: (t, r) => (seen.push(`text ${t.path}`), toyValues.fileText(t, r)) };
  });
  assert.equal(modules, ['svc/a', 'svc/b'], 'one resolver per module, in module order, before any value');
  assert.equal(seen, ['param ws', 'param ws', 'param ws', 'text svc/q.kql'], 'tags, then properties; a text after its replacements');
  assert.equal(readableResources(deployment).map((r) => r.key), ['svc/b/two', 'svc/a/one']);
  assert.equal(readableResources(deployment)[1]!.properties, {
    scopes: ["[parameters('ws')]"],
    group: "[resourceId('svc/b/two')]",
    sub: '[subscription().id]',
    query: "T | where [parameters('ws')]",
  });
  const desired = desiredState(deployment, { subscriptionId: 't', resourceGroup: 'rg' }, {});
  assert.equal(desired.map((d) => d.key), ['svc/b/two', 'svc/a/one'], 'apply walks the same resources in the same order');
  assert.equal(desired[1]!.body.properties, {
    scopes: ['/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w'],
    group: '/subscriptions/t/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/two',
    sub: '/subscriptions/t',
    query: 'T | where /subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w',
  });
  assert.throws(() => resolveValue(new (class Odd {})() as never, toyValues), /unexpected value in the resource model/);
});

test('a module at a time: the same resolved values, the resolver of each module made just before its resources', () => {
  const resource = (key: string, module: string, properties: Record<string, unknown>) =>
    ({ key, module, symbol: key.split('/').pop()!, type: 'Microsoft.Insights/actionGroups', apiVersion: '2024-10-01-preview', name: key, location: 'global', properties, dependsOn: [], description: '.' }) as Deployment['resources'][number];
  const deployment: Deployment = {
    params: [],
    modules: [{ path: 'svc/a', description: 'A.' }, { path: 'svc/b', description: 'B.' }, { path: 'svc/empty', description: 'None.' }],
    resources: [resource('svc/b/one', 'svc/b', { n: 1 }), resource('svc/a/two', 'svc/a', { ref: new ResourceIdRef('svc/b/one') }), resource('svc/b/three', 'svc/b', { n: [3] })],
  };
  const events: string[] = [];
  const resolverFor = (m: { path: string }) => (events.push(`resolver ${m.path}`), { ...toyValues, scalar: (v: string | number | boolean | null) => (events.push(`value ${String(v)}`), v) });
  const walked = [...walkModules(deployment, resolverFor)];
  assert.equal(walked.map((w) => [w.module.path, w.resources.map((r) => r.resource.key)]), [['svc/a', ['svc/a/two']], ['svc/b', ['svc/b/one', 'svc/b/three']], ['svc/empty', []]], 'modules in order, each with its resources in the deployment order');
  assert.equal(events, ['resolver svc/a', 'value global', 'resolver svc/b', 'value global', 'value 1', 'value global', 'value 3', 'resolver svc/empty']);
  const all = walkDeployment(deployment, () => toyValues);
  assert.equal(walked.flatMap((w) => w.resources).sort((x, y) => (x.resource.key < y.resource.key ? -1 : 1)), [...all].sort((x, y) => (x.resource.key < y.resource.key ? -1 : 1)), 'the same values as the whole walk');
  assert.throws(() => [...walkModules({ ...deployment, resources: [resource('x/y', 'x', {})] }, () => toyValues)], /x\/y belongs to module x, which the deployment does not declare/);
});

test('apply and the Bicep writer read the same resources of a generated deployment', () => {
  const g = generate(result);
  const keys = g.deployment.resources.map((r) => r.key);
  assert.equal(readableResources(g.deployment).map((r) => r.key), keys);
  assert.equal(desiredState(g.deployment, { subscriptionId: 't', resourceGroup: 'rg' }, { TICKETS_WEBHOOK_URL: 'https://x.invalid' }).map((d) => d.key), keys);
});

test.run();
