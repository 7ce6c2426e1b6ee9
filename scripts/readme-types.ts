/** Rewrites README.md's table of covered resource types from the catalog. Run: npm run readme. */
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeWithCatalogTypes } from '../src/catalog/report.js';

const url = new URL('../README.md', import.meta.url);
const before = readFileSync(url, 'utf8');
const after = readmeWithCatalogTypes(before);
if (after !== before) writeFileSync(url, after);
console.log(after === before ? 'README.md: types table up to date' : 'README.md: types table rewritten');
