import { parseDuration, specDuration } from '../../base/durations.js';
import { fact } from '../../catalog/index.js';
import { drillDefaults } from '../../drplan/schedule.js';
import type { Rule } from './context.js';

/**
 * `recovery.drill`: its receivers are declared targets (AZSLO012); the drill fits in one Chaos Studio experiment and
 * waits for alerts for less than its whole timeout, periods and timeouts are not zero (AZSLO047); a window without
 * a period schedules nothing (AZSLO048).
 */
export const drillSettings: Rule = {
  name: 'drill-settings',
  codes: ['AZSLO012', 'AZSLO047', 'AZSLO048'],
  check(ctx) {
    const drill = ctx.spec.recovery?.drill;
    if (!drill) return;
    const at = ['recovery', 'drill'] as const;
    const { names, has } = ctx.targets;
    (drill.receivers ?? []).forEach((t, i) => {
      if (!has(t)) ctx.report([...at, 'receivers', i]).unknownNotificationTarget(t, ctx.spec.metadata.name, names);
    });
    // Malformed durations are the schema's (AZSLO015): only well-formed ones are compared here.
    for (const key of ['every', 'detectWithin', 'timeout'] as const) {
      if (drill[key] !== undefined && parseDuration(drill[key]) === 0) ctx.report([...at, key], 'value').drillZeroDuration(key);
    }
    const defaults = drillDefaults();
    const timeoutText = drill.timeout ?? specDuration(defaults.timeoutSeconds);
    const detectText = drill.detectWithin ?? specDuration(defaults.detectWithinSeconds);
    const timeout = parseDuration(timeoutText);
    const detectWithin = parseDuration(detectText);
    const maxHours = fact('chaos', 'maxExperimentHours');
    if (timeout !== undefined && timeout > maxHours * 3600) ctx.report([...at, 'timeout'], 'value').drillTimeoutTooLong(drill.timeout!, maxHours);
    if (timeout && detectWithin && detectWithin >= timeout) {
      ctx.report([...at, drill.detectWithin !== undefined ? 'detectWithin' : 'timeout'], 'value').drillDetectAfterTimeout(detectText, timeoutText);
    }
    if (drill.window && drill.every === undefined) ctx.report([...at, 'window'], 'key').drillWindowWithoutEvery();
  },
};
