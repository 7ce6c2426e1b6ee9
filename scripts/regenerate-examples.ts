/**
 * Regenerates examples/_gen/<name>/ from each examples/<name>/ folder with the library API, exactly as
 * `azslo generate examples/<name> --out examples/_gen/<name>` would. Run: npm run examples.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir, writeFile } from 'node:fs/promises';
import { formatDiagnostic, generate, loadSpecs, validate, writeOutputFolder } from '../src/index.js';
import { analyze } from '../src/analyze/api.js';
import { EXAMPLES_DAY } from './examples-day.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

export const exampleNames = (): string[] =>
  readdirSync(examples, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = false;
  for (const name of exampleNames()) {
    // Relative paths, so that the files name the same inputs on every machine.
    process.chdir(root);
    const result = validate(await loadSpecs([`examples/${name}`]));
    for (const d of result.diagnostics) console.error(formatDiagnostic(d));
    if (!result.ok) {
      failed = true;
      continue;
    }
    const generation = generate(result);
    const { files } = generation;
    await writeOutputFolder(`examples/_gen/${name}`, files);
    console.log(`examples/_gen/${name}: ${files.length} files`);
    // Examples that declare an architecture also get their analysis as golden JSON and Markdown.
    if (result.services.some((s) => s.spec.architecture)) {
      const dir = `examples/_analysis/${name}`;
      await mkdir(dir, { recursive: true });
      await writeFile(`${dir}/report.json`, analyze(result, 'json', generation, { today: EXAMPLES_DAY }).text);
      await writeFile(`${dir}/report.md`, analyze(result, 'markdown', generation, { today: EXAMPLES_DAY }).text);
      console.log(`${dir}: report.json, report.md`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}
