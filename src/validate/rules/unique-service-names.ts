import type { Code } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnosticsAt } from '../../diagnostics/builder.js';
import { formatPath, positionAt, type SourceDocument } from '../../load/source.js';
import { slug } from '../../model/names.js';
import type { ServiceSpec } from '../../model/spec.js';

/**
 * The one rule over all documents rather than one: a service name (once turned into a resource name) is declared
 * once across every input. It sees the documents that passed every other check, in input order; the first wins.
 */
export const uniqueServiceNames = {
  name: 'unique-service-names',
  codes: ['AZSLO010'] as readonly Code[],
  /** A checker that remembers the services seen so far: undefined when this one is new, else the diagnostic. */
  start() {
    const seen = new Map<string, SourceDocument>();
    return (source: SourceDocument, spec: ServiceSpec): Diagnostic | undefined => {
      const key = slug(spec.metadata.name);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, source);
        return undefined;
      }
      const path = ['metadata', 'name'];
      return diagnosticsAt({ file: source.file, position: positionAt(source, path), path: formatPath(path) }).duplicateService(spec.metadata.name, first.file, positionAt(first, path).line);
    };
  },
};
