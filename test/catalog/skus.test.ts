/**
 * The catalog's SKU lists (`skus:` of catalog/resources/**): every SKU a condition names — an alert's or signal's
 * appliesTo, an SLA's or a recovery mechanism's when — is a tier or an ARM SKU name of the same file, so a typo in
 * the catalog cannot make a condition that never matches; and each name belongs to exactly one tier.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceCatalog, type ResourceTypeEntry } from '../../src/catalog/resources.js';
import { resolveSku } from '../../src/model/skus.js';

/** Every `skus` list of a file's conditions, with where it stands. */
function conditionSkus(e: ResourceTypeEntry): [where: string, skus: string[]][] {
  const all: [string, string[] | undefined][] = [
    ...e.baselineAlerts.map((a): [string, string[] | undefined] => [`baselineAlerts ${a.id}`, a.appliesTo?.skus]),
    ...e.recovery.signals.map((a): [string, string[] | undefined] => [`recovery.signals ${a.id}`, a.appliesTo?.skus]),
    ...e.sla.map((s, i): [string, string[] | undefined] => [`sla[${i}]`, s.when?.skus]),
    ...e.recovery.mechanisms.map((m): [string, string[] | undefined] => [`recovery.mechanisms '${m.name}'`, m.when?.skus]),
  ];
  return all.filter((x): x is [string, string[]] => x[1] !== undefined);
}

test('every type whose conditions name SKUs has a skus list', () => {
  const missing = [...resourceCatalog().values()].filter((e) => conditionSkus(e).length > 0 && !e.skus).map((e) => e.type);
  assert.equal(missing, []);
});

test('every SKU a condition names is a tier or a mapped name of the same file', () => {
  const wrong: string[] = [];
  for (const e of resourceCatalog().values()) {
    for (const [where, skus] of conditionSkus(e)) {
      for (const sku of skus) {
        const r = resolveSku(e, sku);
        if (r.status !== 'tier' && r.status !== 'name') wrong.push(`${e.type} ${where}: '${sku}' is no tier or SKU name of the file's skus`);
      }
    }
  }
  assert.equal(wrong, []);
});

test('tiers are distinct, patterns are anchored regular expressions, and each name resolves to its own tier', () => {
  const wrong: string[] = [];
  for (const e of resourceCatalog().values()) {
    const tiers = (e.skus ?? []).map((t) => t.tier.toLowerCase());
    if (new Set(tiers).size !== tiers.length) wrong.push(`${e.type}: a tier is listed twice`);
    for (const t of e.skus ?? []) {
      if (t.pattern !== undefined) {
        if (!/^\^.*\$$/.test(t.pattern)) wrong.push(`${e.type} ${t.tier}: pattern ${t.pattern} is not anchored`);
        try {
          new RegExp(t.pattern, 'i');
        } catch {
          wrong.push(`${e.type} ${t.tier}: pattern ${t.pattern} is not a regular expression`);
        }
      }
      for (const n of t.names ?? []) {
        const r = resolveSku(e, n);
        if (r.status !== 'tier' && r.status !== 'name') wrong.push(`${e.type}: '${n}' does not resolve`);
        else if (r.tier !== t.tier) wrong.push(`${e.type}: '${n}' is listed under ${t.tier} but resolves to ${r.tier}`);
        if (t.pattern !== undefined && !new RegExp(t.pattern, 'i').test(n)) wrong.push(`${e.type} ${t.tier}: '${n}' does not match the entry's own pattern ${t.pattern}`);
      }
      if (!t.source.startsWith('https://')) wrong.push(`${e.type} ${t.tier}: source`);
    }
  }
  assert.equal(wrong, []);
});

test('the list catches a typo: a condition SKU that is no tier or name resolves to unknown', () => {
  const plans = resourceCatalog().get('microsoft.web/serverfarms')!;
  assert.is(resolveSku(plans, 'PremiumV3').status, 'tier');
  assert.is(resolveSku(plans, 'PremiumV33').status, 'unknown');
});

test.run();
