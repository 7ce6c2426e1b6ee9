/** Shapes of plain data (parsed YAML, JSON bodies) that every stage tests for. */

export type OneOrMany<T> = T | T[];

/** A one-or-many value as a list. */
export const asList = <T>(v: OneOrMany<T> | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
