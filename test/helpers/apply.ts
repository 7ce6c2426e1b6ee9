/** What the apply tests share: a credential the local ARM endpoint accepts, and a generation from spec text. */
import * as assert from 'uvu/assert';
import { parseSource } from '../../src/load/source.js';
import { validateDocuments } from '../../src/validate/index.js';
import { generate } from '../../src/index.js';
import type { Generation } from '../../src/generate/index.js';

export const testCredential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** The generation of one spec's text, which must be valid. */
export function generationOf(text: string): Generation {
  const loaded = parseSource('spec.yaml', text);
  const result = validateDocuments(loaded.documents, loaded.diagnostics);
  assert.ok(result.ok, JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error')));
  return generate(result);
}
