/**
 * What a semantic rule sees: one document that passed the schema, a `report(path)` that positions and collects what
 * the rule finds, and the indexes several rules need (the business model, notify lists, resources with their catalog
 * entries, declared resource names), each built once per document, when first asked for. No rule re-parses the spec
 * or re-derives an index.
 */
import type { Code } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnosticsAt, type DiagnosticBuilder } from '../../diagnostics/builder.js';
import { formatPath, positionAt, type PathSegment, type SourceDocument } from '../../load/source.js';
import { resourceCatalog, type ResourceTypeEntry } from '../../catalog/resources.js';
import { buildBusiness, type BusinessModel, type KpiAlertModel } from '../../model/business.js';
import { CALENDAR_PERIODS } from '../../model/windows.js';
import type { KpiAlertSpec, ResourceSpec, ServiceSpec, SignalSpec } from '../../model/spec.js';
import { parseResourceId, type ResourceIdParts } from '../../base/resource-ids.js';

/** One semantic rule: a small module of src/validate/rules/ with its codes and its section(s) in docs/diagnostics.md. */
export interface Rule {
  /** Kebab-case, as docs/diagnostics.md names it under "Reported by". */
  readonly name: string;
  /** Every code the rule reports. */
  readonly codes: readonly Code[];
  readonly check: (ctx: RuleContext) => void;
}

/** azslo's choice, not an Azure limit: the longest SLO window it accepts. */
export const MAX_WINDOW_DAYS = 90;

/** A `notify:` list, wherever it stands, and what the message calls its alert. */
export interface NotifyList {
  readonly list: readonly string[] | undefined;
  readonly path: readonly PathSegment[];
  readonly what: string;
}

/** A declared resource with what the other checks need of it. */
export interface DeclaredResource {
  readonly spec: ResourceSpec;
  readonly index: number;
  readonly path: readonly PathSegment[];
  /** The index of the first declaration of the same id (case-insensitively), when this one repeats it. */
  readonly duplicateOf?: number;
  /** Undefined when the id does not parse (the schema reported it). */
  readonly parts?: ResourceIdParts;
  /** The catalog entry of its type, when the catalog has one. */
  readonly entry?: ResourceTypeEntry;
}

/** A declared resource that is its type's first, parsed, and in the catalog: what the catalog-based rules check. */
export type CataloguedResource = DeclaredResource & { readonly parts: ResourceIdParts; readonly entry: ResourceTypeEntry };

/** An SLO's objective and window, read once. */
export interface SloFacts {
  readonly days: number;
  readonly objectiveOk: boolean;
  readonly windowOk: boolean;
}

/** An enabled alert of a business signal, with its place and its model (the n-th enabled alert of the signal). */
export interface SignalAlert {
  readonly signal: SignalSpec;
  readonly alert: KpiAlertSpec;
  readonly path: readonly PathSegment[];
  readonly model: () => KpiAlertModel;
}

/** Which rule made each diagnostic (for the tests that map rules to fixtures). */
export const reportedBy = new WeakMap<Diagnostic, string>();

export class RuleContext {
  readonly diagnostics: Diagnostic[] = [];
  /** The rule running now; set by runRules. */
  rule = '';
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly source: SourceDocument,
    readonly spec: ServiceSpec,
  ) {}

  /** The factories of builder.ts at a data path (the value, or with 'key' the key); what they make is collected. */
  report(path: readonly PathSegment[], which: 'key' | 'value' = 'value'): DiagnosticBuilder {
    const rule = this.rule;
    return diagnosticsAt(
      () => ({ file: this.source.file, position: positionAt(this.source, path, which), path: formatPath(path) }),
      (d) => {
        reportedBy.set(d, rule);
        this.diagnostics.push(d);
      },
    );
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** The business model (signals, custom tables) as generation builds it. */
  get business(): BusinessModel {
    return this.once('business', () => buildBusiness(this.spec));
  }

  /** Declared notification targets, looked up as own keys only (`constructor` is no target unless declared). */
  get targets(): { readonly names: readonly string[]; readonly has: (name: string) => boolean } {
    return this.once('targets', () => {
      const targets = this.spec.notifications ?? {};
      return { names: Object.keys(targets), has: (name: string) => Object.hasOwn(targets, name) };
    });
  }

  /** Every `notify:` list of an alert azslo creates: infrastructure, enabled SLO alerts, enabled business alerts. */
  get notifyLists(): readonly NotifyList[] {
    return this.once('notifyLists', () => {
      const s = this.spec;
      const out: NotifyList[] = [
        { list: s.infrastructure?.notify, path: ['infrastructure', 'notify'], what: 'the rule' },
        { list: s.infrastructure?.resourceHealth?.notify, path: ['infrastructure', 'resourceHealth', 'notify'], what: 'the rule' },
        { list: s.infrastructure?.serviceHealth?.notify, path: ['infrastructure', 'serviceHealth', 'notify'], what: 'the rule' },
      ];
      for (const a of this.signalAlerts) out.push({ list: a.alert.notify, path: [...a.path, 'notify'], what: 'the rule' });
      s.slos.forEach((slo, i) => {
        for (const kind of ['page', 'ticket'] as const) {
          const alert = slo.alerting?.[kind];
          if (!alert || alert.enabled === false) continue;
          out.push({ list: alert.notify, path: ['slos', i, 'alerting', kind, 'notify'], what: `the ${kind} alert` });
        }
        const budget = slo.alerting?.budget;
        if (budget && budget.enabled !== false) out.push({ list: budget.notify, path: ['slos', i, 'alerting', 'budget', 'notify'], what: 'the budget alerts' });
      });
      for (const kind of ['page', 'ticket'] as const) out.push({ list: s.alertingDefaults?.[kind]?.notify, path: ['alertingDefaults', kind, 'notify'], what: `the ${kind} alerts` });
      return out;
    });
  }

  get slos(): readonly SloFacts[] {
    return this.once('slos', () =>
      this.spec.slos.map((slo) => {
        // A calendar window's alerts use its nominal length (docs/burn-rate-alerts.md); the schema checked the period.
        const days = typeof slo.window === 'string' ? Number(slo.window.slice(0, -1)) : CALENDAR_PERIODS[slo.window.calendar].nominalDays;
        return {
          days,
          objectiveOk: Number.isFinite(slo.objective) && slo.objective > 0 && slo.objective < 100,
          windowOk: Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS,
        };
      }),
    );
  }

  /** The enabled alerts of every business signal. */
  get signalAlerts(): readonly SignalAlert[] {
    return this.once('signalAlerts', () => {
      const out: SignalAlert[] = [];
      (this.spec.business?.signals ?? []).forEach((signal, i) => {
        let n = 0;
        signal.alerts.forEach((alert, j) => {
          if (alert.enabled === false) return;
          const k = n++;
          out.push({ signal, alert, path: ['business', 'signals', i, 'alerts', j], model: () => this.business.signals[i]!.alerts[k]! });
        });
      });
      return out;
    });
  }

  /** Every declared resource, with its parsed id and catalog entry. */
  get resources(): readonly DeclaredResource[] {
    return this.once('resources', () => {
      const seen = new Map<string, number>();
      return (this.spec.resources ?? []).map((spec, index): DeclaredResource => {
        const path = ['resources', index];
        const key = spec.id.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) return { spec, index, path, duplicateOf: first };
        seen.set(key, index);
        const parts = parseResourceId(spec.id);
        const entry = parts && resourceCatalog().get(parts.type.toLowerCase());
        return { spec, index, path, ...(parts ? { parts } : {}), ...(entry ? { entry } : {}) };
      });
    });
  }

  /** The resources the catalog-based rules check: first declarations, parsed, of a type the catalog has. */
  get catalogued(): readonly CataloguedResource[] {
    return this.once('catalogued', () => this.resources.filter((r): r is CataloguedResource => r.duplicateOf === undefined && r.parts !== undefined && r.entry !== undefined));
  }

  /** `resourceDefaults` by type, with the catalog entry of each type the catalog has. */
  get resourceDefaults(): readonly { readonly type: string; readonly defaults: NonNullable<ServiceSpec['resourceDefaults']>[string]; readonly entry?: ResourceTypeEntry }[] {
    return this.once('resourceDefaults', () =>
      Object.entries(this.spec.resourceDefaults ?? {}).map(([type, defaults]) => {
        const entry = resourceCatalog().get(type.toLowerCase());
        return { type, defaults, ...(entry ? { entry } : {}) };
      }),
    );
  }

  /** How many declared resources have each name (the last segment of the id, lowercased), in declaration order. */
  get resourceNames(): ReadonlyMap<string, number> {
    return this.once('resourceNames', () => {
      const names = new Map<string, number>();
      for (const r of this.spec.resources ?? []) {
        const n = parseResourceId(r.id)?.name.toLowerCase();
        if (n) names.set(n, (names.get(n) ?? 0) + 1);
      }
      return names;
    });
  }
}

/** Runs the rules in order over one document; returns what they found. */
export function runRules(rules: readonly Rule[], source: SourceDocument, spec: ServiceSpec): RuleContext {
  const ctx = new RuleContext(source, spec);
  for (const rule of rules) {
    ctx.rule = rule.name;
    rule.check(ctx);
  }
  ctx.rule = '';
  return ctx;
}
