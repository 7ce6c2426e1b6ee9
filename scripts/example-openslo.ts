/**
 * Regenerates the goldens of examples/openslo/ (`npm run examples:openslo`): the azslo spec imported from the
 * OpenSLO folder _openslo/, and the OpenSLO export of that spec in _export/. test/openslo/example.test.ts checks
 * both equal fresh output.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportOpenSloCommand, importOpenSloCommand } from '../src/commands/openslo.js';
import { formatDiagnostic } from '../src/diagnostics/diagnostic.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.join(root, 'examples', 'openslo');
// Relative paths: diagnostics and nothing else name the inputs, and none reaches a golden.
process.chdir(root);
const imported = await importOpenSloCommand([path.relative(root, path.join(folder, '_openslo'))], { out: path.relative(root, folder) });
if (!imported.ok) {
  console.error(imported.diagnostics.map(formatDiagnostic).join('\n'));
  process.exit(1);
}
const exported = await exportOpenSloCommand(imported.files.map((f) => path.relative(root, path.join(folder, f))), { out: path.relative(root, path.join(folder, '_export')) });
if (!exported.ok) {
  console.error(exported.diagnostics.map(formatDiagnostic).join('\n'));
  process.exit(1);
}
console.log(`examples/openslo: imported ${imported.files.join(', ')}; exported _export/${exported.files.join(', _export/')}`);
