#!/usr/bin/env node
// Runs the uvu suites (TypeScript through tsx) and ends with one plain summary line, "N passed, N failed, N skipped",
// which CI reads. Exit code: uvu's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
const child = spawn(process.execPath, [uvu, '-r', 'tsx', 'test', '\\.test\\.ts$', ...process.argv.slice(2)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  // eslint-disable-next-line no-control-regex
  const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
  const n = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? 0);
  const total = n('Total');
  const passed = n('Passed');
  const skipped = n('Skipped');
  const failed = Math.max(0, total - passed - skipped) || (code === 0 ? 0 : Math.max(1, total - passed - skipped));
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = code ?? 1;
});
