import { tableSchemas } from '../../catalog/index.js';
import type { Rule } from './context.js';

/** Custom tables of `business.tables`: each name once, none a built-in table's, TimeGenerated a datetime. */
export const businessTables: Rule = {
  name: 'business-tables',
  codes: ['AZSLO034'],
  check(ctx) {
    const tables = ctx.spec.business?.tables ?? [];
    if (tables.length === 0) return;
    const known = new Set(tableSchemas().map((t) => t.name.toLowerCase()));
    const seen = new Set<string>();
    tables.forEach((t, i) => {
      const key = t.name.toLowerCase();
      if (known.has(key) || seen.has(key)) ctx.report(['business', 'tables', i, 'name']).tableClash(t.name);
      seen.add(key);
      if (t.columns.TimeGenerated !== undefined && t.columns.TimeGenerated !== 'datetime') {
        ctx.report(['business', 'tables', i, 'columns', 'TimeGenerated']).timeGeneratedNotDatetime(t.name, t.columns.TimeGenerated);
      }
    });
  },
};
