/**
 * Checks catalog/resources/ and catalog/metrics/ (schemas, and alerts against the metric definitions).
 * `npx tsx scripts/check-catalog.ts` — the tests run the same checks.
 */
import { catalogProblems } from '../src/catalog/check.js';
import { metricsCatalog, resourceCatalog } from '../src/catalog/resources.js';

const problems = catalogProblems();
for (const p of problems) console.error(p);
console.log(`${resourceCatalog().size} resource types, ${metricsCatalog().size} metric files, ${problems.length} problem(s)`);
process.exitCode = problems.length ? 1 : 0;
