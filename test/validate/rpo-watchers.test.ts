/**
 * A recovery mechanism another resource carries out has that resource's alert as its RPO signal: a VM backed up to a
 * Recovery Services vault is watched by the vault's backup job health alert once the vault is declared too.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { baseSpec, validateSpec } from '../helpers/specs.js';
import { buildServiceModel } from '../../src/model/service.js';
import { buildDeployment } from '../../src/resources/index.js';
import { analyzeService } from '../../src/analyze/index.js';
import type { ServiceSpec } from '../../src/model/spec.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const vm = { id: `${RG}/Microsoft.Compute/virtualMachines/vm-erp`, recovery: 'Azure Backup' };
const vault = { id: `${RG}/Microsoft.RecoveryServices/vaults/rsv-erp` };
const rpo30 = (resources: object[]) => baseSpec({ objectives: { rpo: '1d' }, resources });
const rpoWarnings = (spec: object) => validateSpec(spec).diagnostics.filter((d) => d.code === 'AZSLO030' && d.message.includes('vm-erp'));

test('without the vault, the VM backed up to it is warned about at its recovery, naming what to declare', () => {
  const [d, ...more] = rpoWarnings(rpo30([vm]));
  assert.is(more.length, 0);
  assert.is(d!.path, 'resources[0].recovery');
  assert.match(d!.message, /Azure Backup for VMs is watched by an alert of Microsoft\.RecoveryServices\/vaults, and no Microsoft\.RecoveryServices\/vaults is declared/);
  assert.match(d!.hint, /Declare the Microsoft\.RecoveryServices\/vaults/);
});

test('with the vault declared, its backup job health alert is the VM RPO signal: no warning, and analyze names the rule', () => {
  assert.equal(rpoWarnings(rpo30([vm, vault])), []);
  const service = buildServiceModel(rpo30([vm, vault]) as unknown as ServiceSpec);
  const report = analyzeService(service, buildDeployment([service]));
  const row = report.coverage.resources.find((r) => r.resource === 'vm-erp')!;
  assert.is(row.rpoProvenBy, 'ma-checkout-rsv-erp-backup-health');
  assert.is(row.rpoSignal, true);
  assert.not.ok(report.gaps.some((g) => g.subject === 'vm-erp' && /no alert proves its RPO/.test(g.message)));
});

test('the vault alert switched off takes the signal away again', () => {
  const off = { ...vault, alerts: { 'backup-health': { enabled: false } } };
  assert.is(rpoWarnings(rpo30([vm, off])).length, 1);
});

test.run();
