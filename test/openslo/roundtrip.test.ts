/**
 * export → import gives back the same services: for every bundled example, the model of each re-imported spec's
 * SLOs, notification targets and service metadata equals the original's; and every exported object follows the
 * OpenSLO v1 rules of the reference SDK.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadSources, parseSource } from '../../src/load/source.js';
import { validateDocuments } from '../../src/validate/index.js';
import { buildServiceModel, type ServiceModel } from '../../src/model/service.js';
import { checkOpenSloObject, exportOpenSlo, importOpenSlo } from '../../src/openslo/index.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { root } from '../helpers/bicep.js';

const examplesDir = path.join(root, 'examples');
const EXAMPLES = readdirSync(examplesDir).filter((n) => !n.startsWith('_') && statSync(path.join(examplesDir, n)).isDirectory()).sort();

/** What OpenSLO carries of a service: its metadata, workspace, targets and SLOs (resources, recovery… do not map). */
const sloPart = (m: ServiceModel) => ({ name: m.name, slug: m.slug, displayName: m.displayName, description: m.description, owner: m.owner, environment: m.environment, tags: m.tags, azure: m.azure, targets: m.targets, slos: m.slos });

for (const example of EXAMPLES) {
  test(`${example}: export → import gives the same SLOs, targets and service metadata`, async () => {
    const loaded = await loadSources([path.join(root, 'examples', example)]);
    const valid = validateDocuments(loaded.documents, loaded.diagnostics);
    assert.ok(valid.ok, valid.diagnostics.map(formatDiagnostic).join('\n'));
    const files = exportOpenSlo(valid.services.map((s) => s.spec));
    for (const f of files) for (const o of f.objects) assert.equal(checkOpenSloObject(o), [], `${f.path}: ${JSON.stringify((o.metadata as { name: string }).name)}`);
    const documents = files.flatMap((f) => parseSource(f.path, f.text).documents);
    const back = importOpenSlo(documents);
    assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
    assert.equal(back.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic), [], 'no warnings on azslo\'s own export');
    const before = new Map(valid.services.map((s) => [s.spec.metadata.name, sloPart(buildServiceModel(s.spec))]));
    assert.equal(back.services.map((s) => s.spec.metadata.name).sort(), [...before.keys()].sort());
    for (const s of back.services) assert.equal(sloPart(buildServiceModel(s.spec)), before.get(s.spec.metadata.name));
  });
}

test.run();
