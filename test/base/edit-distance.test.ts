/** "Did you mean …?": the distance between two names, and which known name is close enough to suggest. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closestMatch, didYouMean, editDistance } from '../../src/base/edit-distance.js';

test('the distance counts insertions, deletions, substitutions and the swap of two neighbours as one edit each', () => {
  assert.is(editDistance('validate', 'validate'), 0);
  assert.is(editDistance('valdate', 'validate'), 1, 'a letter left out');
  assert.is(editDistance('validatee', 'validate'), 1, 'a letter too many');
  assert.is(editDistance('vulidate', 'validate'), 1, 'a wrong letter');
  assert.is(editDistance('--froce', '--force'), 1, 'two letters swapped');
  assert.is(editDistance('Plan', 'plan'), 0, 'case does not count');
  assert.is(editDistance('', 'plan'), 4);
  assert.is(editDistance('kitten', 'sitting'), 3);
});

test('the closest candidate is suggested only when it is close: a third of the name in edits, a prefix, or another case', () => {
  const commands = ['validate', 'generate', 'plan', 'apply', 'analyze', 'recover', 'drill', 'query', 'catalog'];
  assert.is(closestMatch('valdate', commands), 'validate');
  assert.is(closestMatch('genrate', commands), 'generate');
  assert.is(closestMatch('analyse', commands), 'analyze');
  assert.is(closestMatch('catlog', commands), 'catalog');
  assert.is(closestMatch('gen', commands), 'generate', 'a prefix of three letters or more');
  assert.is(closestMatch('PLAN', commands), 'plan');
  assert.is(closestMatch('deploy', commands), undefined, 'nothing close: no guess');
  assert.is(closestMatch('x', commands), undefined);
  assert.is(closestMatch('plan', commands), undefined, 'the name itself is not a suggestion');
  assert.is(closestMatch('regionOutage/westeurop', ['zoneOutage/westeurope-1', 'regionOutage/westeurope']), 'regionOutage/westeurope');
  assert.is(closestMatch('aply', ['apply', 'plan']), 'apply', 'ties go to the nearest, then the first given');
});

test('didYouMean words the suggestion for a message, or says nothing', () => {
  assert.is(didYouMean('--formt', ['--format', '--force']), "; did you mean '--format'?");
  assert.is(didYouMean('--nothing-like-it', ['--format', '--force']), '');
});

test.run();
