/** User text in PromQL and in rule annotations: the Prometheus grammar reads back exactly what was written. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parser } from '@prometheus-io/lezer-promql';
import { annotationText, promqlString } from '../../src/promql/escape.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { hasLoneSurrogate } from '../../src/base/text.js';

/** Go's unquoting of a double-quoted literal (PromQL strings follow Go's), written from the Go spec, not from escape.ts. */
function goUnquote(literal: string): string {
  assert.ok(literal.startsWith('"') && literal.endsWith('"') && literal.length >= 2, literal);
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"' || ch === '\n') throw new Error(`unescaped ${JSON.stringify(ch)} in a Go string`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i]!;
    if (e in simple) out += simple[e];
    else if (e === 'x') (out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 3), 16))), (i += 2);
    else if (e === 'u') (out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16))), (i += 4);
    else if (e === 'U') (out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16))), (i += 8);
    else if (/[0-7]/.test(e)) (out += String.fromCodePoint(parseInt(body.slice(i, i + 3), 8))), (i += 2);
    else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}

/** The text of the one string literal of a label matcher, as the Prometheus grammar sees the query. */
function matcherValue(query: string): string {
  const literals: string[] = [];
  parser.parse(query).iterate({
    enter(n) {
      if (n.name === 'StringLiteral') literals.push(query.slice(n.from, n.to));
    },
  });
  assert.is(literals.length, 1, `one string literal in ${JSON.stringify(query)}`);
  return literals[0]!;
}

const nasty = [
  'plain',
  'ingress availability',
  'quote " and \' both',
  'back\\slash and \\" escaped quote',
  'new\nline\r\nand\ttab',
  '} or vector(1) # comment',
  '{{ $labels.x }} template',
  'unicode: é, 日本語, emoji 😀, RTL \u202e',
  'control \u0001\u001f\u007f\u0085 chars, separators \u2028\u2029',
  '',
];

test('promqlString: the Prometheus grammar parses a matcher with it and Go reads back exactly the input', () => {
  for (const s of nasty) {
    const query = `azslo:sli_error:ratio_rate5m{azslo_slo=${promqlString(s)}} >= 0.001`;
    assert.is(promqlSyntaxError(query), undefined, query);
    assert.is(goUnquote(matcherValue(query)), s, `round trip of ${JSON.stringify(s)}`);
  }
});

test('promqlString, for any text: one literal that parses and reads back as the text (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !hasLoneSurrogate(s)),
      (s) => {
        const query = `x{l=${promqlString(s)}} or y{m="a"}`;
        return promqlSyntaxError(query) === undefined && goUnquote(matcherValue(query.slice(0, query.indexOf(' or ')))) === s;
      },
    ),
    { numRuns: 500, seed: 13 },
  );
});

test('annotationText: no `{{` is left to open a Go template action, and the text shows as written once expanded', () => {
  for (const s of ['{{ $value }}', 'a {{{{ b', 'no braces', '}} alone', '{{"{{"}}']) {
    const t = annotationText(s);
    // Expand the only action annotationText writes, {{"{{"}}, as Go's text/template would; nothing else may open one.
    const actions = t.match(/\{\{.*?\}\}/g) ?? [];
    assert.ok(actions.every((a) => a === '{{"{{"}}'), `${JSON.stringify(t)} opens only the literal-braces action`);
    assert.is(t.replace(/\{\{"\{\{"\}\}/g, '{{'), s);
  }
});

test.run();
